"""Views of the participation feature."""
