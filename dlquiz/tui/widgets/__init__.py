"""Reusable widgets of the dlquiz app, grouped by feature."""
