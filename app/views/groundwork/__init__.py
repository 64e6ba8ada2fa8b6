"""Views of the groundwork feature."""
