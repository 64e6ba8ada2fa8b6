"""Steps 6 and 7: grounded actions, checks, good practices, logs, measuring loneliness."""
