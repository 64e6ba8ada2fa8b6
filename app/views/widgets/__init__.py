"""Reusable widgets: record lists, editor dialogs, guidance panels."""
