"""Expected errors of step 5 that are not tied to one service module."""
from __future__ import annotations

from app.services.errors import AppError
from app.services.i18n import N_


class NoDataFileError(AppError):
    msgid = N_("There is no data file at {path}.")


class NoSuchTrajectoryError(AppError):
    msgid = N_("There is no trajectory called “{name}” in this file.")
