"""Views of the actions feature."""
