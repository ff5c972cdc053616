"""The Review section: what imports kept aside, and merging two people."""
