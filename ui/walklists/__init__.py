"""The Walk lists section."""
