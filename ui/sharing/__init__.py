"""Sharing with other chapters: the share dialog, importing a share file, deletions offered."""
