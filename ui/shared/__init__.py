"""Widgets, models and the background-job helper every section shares."""
