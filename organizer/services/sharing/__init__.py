"""Sharing between chapters: the share workbook, suppression lists and exports for national tools."""
