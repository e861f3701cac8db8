"""`copyedit lsp`: copyedit in the editor, over the Language Server Protocol."""
