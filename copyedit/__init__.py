"""copyedit: a copy editor for articles kept in git."""

__version__ = "0.1.0"
