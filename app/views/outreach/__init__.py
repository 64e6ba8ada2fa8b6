"""Views of the outreach feature."""
