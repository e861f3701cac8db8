"""The shipped rule packs (YAML), installed as the `copyedit.rules` package."""
