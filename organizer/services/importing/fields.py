"""What a spreadsheet column can map to: a kind's fields (declared in kinds/) and the keys every kind knows."""

from __future__ import annotations

from organizer.services.import_rows import Field

CUSTOM = "custom"  # keep the column in custom_fields under its header (the default)
IGNORE = "ignore"  # the user chose to leave the column out
TAG = "tag"  # a yes/no column: a "yes" puts a tag named after the header on the record

__all__ = ["CUSTOM", "IGNORE", "TAG", "Field"]
