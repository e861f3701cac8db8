"""copyedit: a copy editor for articles kept in git."""

from importlib.metadata import PackageNotFoundError, version as _version

# One version, pyproject.toml's: the installed package's metadata says it.
try:
    __version__ = _version("copyedit")
except PackageNotFoundError:  # a source tree used without installing it
    __version__ = "0+unknown"
