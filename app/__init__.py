"""Buurtverbinder: a local, participatory approach against loneliness."""

__version__ = "0.1.0"
APP_NAME = "Buurtverbinder"
