"""Command groups beyond check, diff and fix: one module per group.

Each imports what commands share from `copyedit.commands.common`, never
`copyedit.cli`, which registers them.
"""
