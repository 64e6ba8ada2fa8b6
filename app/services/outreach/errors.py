"""Expected problems in outreach, with calm, translated messages."""
from __future__ import annotations

from app.services.errors import AppError
from app.services.i18n import N_


class OutreachError(AppError):
    msgid = N_("This outreach change could not be made.")


class CampaignNotFoundError(OutreachError):
    msgid = N_("There is no campaign called “{name}”.")


class CampaignErasedError(OutreachError):
    msgid = N_("The personal data of this campaign has been erased; nothing can be added to "
               "it any more.")


class PersonNameRequiredError(OutreachError):
    msgid = N_("Give at least a last name or a household name.")


class InvalidBirthYearError(OutreachError):
    msgid = N_("The birth year {year} is not plausible.")


class ConsentRequiredError(OutreachError):
    msgid = N_("A referral can only be recorded when the person has agreed to it. Record "
               "their consent for a referral first (to this partner or to any partner).")


class ConsentWithdrawnError(OutreachError):
    msgid = N_("This consent was withdrawn and can no longer be used.")


class InvalidOutcomeError(OutreachError):
    msgid = N_("Choose what came of the visit.")


class VisitDateInFutureError(OutreachError):
    msgid = N_("A visit cannot be logged for a date in the future.")


class WishDateWithoutWishError(OutreachError):
    msgid = N_("Write down the wish before marking it as fulfilled.")


class RetentionNotReachedError(OutreachError):
    msgid = N_("The retention period of this campaign runs until {date}. Its personal data "
               "can be erased after that date.")


class NoEndDateError(OutreachError):
    msgid = N_("Give the campaign an end date first; the retention period counts from it.")


class SamePersonError(OutreachError):
    msgid = N_("A person cannot be merged with themselves.")


class InvalidSettingsError(OutreachError):
    msgid = N_("Check the campaign settings: {problem}")


class PersonRequiredError(OutreachError):
    msgid = N_("Choose the person who was visited.")


class PartnerRequiredError(OutreachError):
    msgid = N_("Choose the partner the person is referred to.")
