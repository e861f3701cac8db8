"""The Example Gazette's house style: rule packs and word lists for copyedit.

Nothing to import: copyedit reads the YAML packs, `accept.words` and
`reject.words` in this folder, found through the `copyedit.packs` entry point.
"""
