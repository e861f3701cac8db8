"""Command groups beyond check, diff and fix: one module per group."""

from __future__ import annotations


def lazy_command(module_globals: dict, attr: str, build):
    """A module `__getattr__` that builds the command on first use.

    Commands that reuse the CLI's shared options import `copyedit.cli`, which
    in turn registers them: building on first access breaks that cycle
    whichever module is imported first.
    """

    def __getattr__(name: str):
        if name != attr:
            raise AttributeError(f"module {module_globals['__name__']!r} has no attribute {name!r}")
        import copyedit.cli  # noqa: F401  (may register this module, re-entering here)

        if attr not in module_globals:
            module_globals[attr] = build()
        return module_globals[attr]

    return __getattr__
