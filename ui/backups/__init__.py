"""Backups of the open chapter, and what the app does with a damaged database."""
