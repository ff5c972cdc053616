"""The Imports section: the import wizard and the list of past imports."""
