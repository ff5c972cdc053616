"""The PySide6 desktop app over the organizer services."""
