"""Step 5: personas, participatory sessions, ideas and printable cards."""
