"""Use cases over the storage layer: one transaction per user action, rows out as DTOs."""
