"""Views of the exchange feature."""
