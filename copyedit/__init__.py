"""copyedit: a copy editor for articles kept in git."""

from importlib.metadata import PackageNotFoundError, version as _version

# One version, pyproject.toml's: the installed package's metadata says it.
try:
    __version__ = _version("copyedit")
except PackageNotFoundError:  # a source tree used without installing it
    __version__ = "0+unknown"

#: The public API (see `copyedit.api`), imported on first use so that the
#: command line starts no slower for it.
__all__ = ["load", "Editor", "Finding", "Fixed", "ConfigError", "__version__"]


def __getattr__(name: str):
    if name in ("load", "Editor", "Finding", "Fixed"):
        from copyedit import api

        return getattr(api, name)
    if name == "ConfigError":
        from copyedit.config import ConfigError

        return ConfigError
    raise AttributeError(f"module 'copyedit' has no attribute {name!r}")
