"""Command groups beyond check, diff and fix: one module per group."""
