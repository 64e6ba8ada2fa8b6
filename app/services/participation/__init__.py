"""Step 5: personas, participatory sessions, ideas and printable cards."""
from app.services.participation import codes  # noqa: F401  (registers the code lists)
