"""Reading and writing spreadsheet files; knows nothing of the database."""
