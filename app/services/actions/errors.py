"""Expected problems of steps 6 and 7, with calm translated messages."""
from __future__ import annotations

from app.services.errors import AppError
from app.services.i18n import N_


class ActionsError(AppError):
    msgid = N_("This action could not be saved.")


class ActionNameMissingError(ActionsError):
    msgid = N_("Give the action a name.")


class UnknownCodeError(ActionsError):
    msgid = N_("“{code}” is not a known choice for {what}.")


class ActionNotFoundError(ActionsError):
    msgid = N_("This action no longer exists. It may have been deleted in the meantime.")


class PartnerNotInTrajectoryError(ActionsError):
    msgid = N_("This partner does not belong to the trajectory of the action.")


class PeopleReachedError(ActionsError):
    msgid = N_("The number of people reached cannot be negative.")


class LogEmptyError(ActionsError):
    msgid = N_("Write at least what was done, tried or adjusted.")


class SignalEmptyError(ActionsError):
    msgid = N_("Describe the signal: what should policy look at?")


class ConsentMissingError(ActionsError):
    msgid = N_("A questionnaire may only be stored when the person has given consent. "
               "Nothing was saved.")


class RespondentCodeError(ActionsError):
    msgid = N_("Use a short code for the person (letters, digits, dashes; at most 32), never "
               "a name. Nothing was saved.")


class InvalidAnswersError(ActionsError):
    msgid = N_("The answers do not fit the questionnaire: expected {expected} answers, got "
               "{got}.")


class UnknownAnswerError(ActionsError):
    msgid = N_("“{answer}” is not a possible answer in this questionnaire.")


class UnknownInstrumentError(ActionsError):
    msgid = N_("Unknown questionnaire “{instrument}”.")


class FutureDateError(ActionsError):
    msgid = N_("The date lies in the future.")


class NoTrajectoryError(ActionsError):
    msgid = N_("There is no trajectory named “{name}” in this file.")


