"""The one error type of the exchange: every refused package or key raises an ExchangeError
with a calm, translated message. Nothing has been changed when it is raised."""
from __future__ import annotations

from app.services.errors import AppError
from app.services.i18n import N_, _


class ExchangeError(AppError):
    msgid = N_("This file could not be used as an exchange package. Nothing has been changed.")


NOT_A_PACKAGE = N_("This file is not a Buurtverbinder exchange package. Nothing has been "
                   "changed.")
TRUNCATED = N_("The package is incomplete or damaged (perhaps copied only partly, or the "
               "stick was pulled out too early). Ask for it again. Nothing has been changed.")
TOO_LARGE = N_("The package is larger than a package can be ({limit} MB). Nothing has been "
               "changed.")
NEWER_VERSION = N_("This package was made by a newer version of Buurtverbinder. Install the "
                   "newest version first, then import it again. Nothing has been changed.")
OLDER_FORMAT = N_("This package uses an exchange format this version does not know (version "
                  "{version}). Nothing has been changed.")
UNSIGNED = N_("The package carries no valid signature, so its sender cannot be checked. It "
              "was not imported.")
TAMPERED = N_("The package was changed after it was made (the signature or a checksum does "
              "not match). It was not imported.")
KEY_CHANGED = N_("This package claims to come from {sender}, but it is signed with a different "
                 "key than before (fingerprint {fingerprint}). Check the fingerprint by phone; "
                 "if it is right, trust the new key first. Nothing has been changed.")
KEY_LOOKALIKE = N_("This package is signed with a new key that calls itself {sender}, but you "
                   "already know someone by that name with another key. It may not be who it "
                   "says. Check the fingerprint {fingerprint} by phone; only then import it and "
                   "confirm the new key. Nothing has been changed.")
UNTRUSTED = N_("The sender's key ({fingerprint}) was marked as not trusted. Nothing has been "
               "changed.")
NEED_PASSPHRASE = N_("This package is protected with a passphrase. Enter the passphrase to "
                     "open it.")
WRONG_PASSPHRASE = N_("The passphrase is not right, or the package is damaged. Nothing has been "
                      "changed.")
TOO_COSTLY_PASSPHRASE = N_("This package's passphrase lock is set much stronger (2^{factor}) than "
                           "this computer can open in reasonable time, so it was not tried. Ask "
                           "the sender to make it again with this app. Nothing has been changed.")
NEED_KEY = N_("This package was encrypted for another person's key, not for yours. Ask the "
              "sender to make it for your public key. Nothing has been changed.")
UNSAFE_NAME = N_("The package holds a file with an unsafe name ({name}). It was refused. "
                 "Nothing has been changed.")
DUPLICATE_MEMBER = N_("The package holds the same part twice ({name}). It was refused. Nothing "
                      "has been changed.")
ZIP_BOMB = N_("The package would unpack to far more data than it holds (a 'zip bomb'). It was "
              "refused. Nothing has been changed.")
MALFORMED_RECORD = N_("Record {line} of '{kind}' in the package is not valid: {detail}. Nothing "
                      "has been changed.")
MALFORMED_MANIFEST = N_("The package's table of contents is not valid: {detail}. Nothing has "
                        "been changed.")
SYNC_CONFLICT_COPY = N_("'{name}' is a copy made by a file synchronisation program when two "
                        "computers changed the same file. It is not a package of its own: "
                        "import the original file instead.")
NO_RECIPIENT = N_("A full package holds personal data, so it must be encrypted: choose a "
                  "recipient's public key or a passphrase.")
NO_LEAD_KEY = N_("A package for the lead organisation is always encrypted, and no key of the "
                 "lead organisation is known here. Add their key (mark it as the lead "
                 "organisation's) or choose a passphrase.")
BAD_KEY_FILE = N_("'{name}' is not a public key file of Buurtverbinder or an age public key. "
                  "Nothing has been changed.")
BAD_IDENTITY_FILE = N_("'{name}' does not hold a secret age key. Nothing has been changed.")
NO_IDENTITY = N_("This installation has no exchange keys yet. Create them first (menu "
                 "Exchange, Keys).")
NO_TRAJECTORY = N_("There is no trajectory named '{name}'.")
NO_TARGET = N_("Choose the trajectory that should receive the practices.")
EMPTY_PASSPHRASE = N_("The passphrase is empty. Choose a passphrase of at least 8 characters.")
SHORT_PASSPHRASE = N_("The passphrase is too short. Choose at least 8 characters.")
CANNOT_READ = N_("The file '{name}' cannot be read: {detail}")
CANNOT_WRITE = N_("The package could not be written to '{name}': {detail}. Check that the stick "
                 "or drive is still there and has room, then try again.")
CONFLICT_GONE = N_("This conflict was settled in the meantime. Nothing has been changed.")
RECORD_ERASED = N_("The personal data here was erased, so there is nothing left to choose. "
                   "Nothing has been changed.")
RECORD_GONE = N_("The record of this conflict no longer exists. Nothing has been changed.")


def fail(msgid: str, **params) -> ExchangeError:
    """An ExchangeError with one of the messages above (raise the result)."""
    return ExchangeError(msgid, **params)


class RecordError(ExchangeError):
    """A record of the package that does not fit this installation's tables: the message
    names the kind of record and the field in the user's words, translated when shown."""

    msgid = MALFORMED_RECORD

    def __init__(self, line, kind: str, field: str, problem: str, **problem_params):
        english = problem.format(**problem_params) if problem_params else problem
        super().__init__(MALFORMED_RECORD, line=line, kind=kind,
                         detail=f"{field}: {english}" if field else english)
        self.kind, self.field, self.problem = kind, field, problem
        self.problem_params = problem_params

    def user_message(self) -> str:
        from app.services.exchange.labels import field_label, kind_label

        problem = _(self.problem)
        if self.problem_params:
            problem = problem.format(**self.problem_params)
        detail = problem if not self.field else _(
            "the field \u201c{field}\u201d: {problem}").format(field=field_label(self.field),
                                                               problem=problem)
        return _(self.msgid).format(line=self.params["line"], kind=kind_label(self.kind),
                                    detail=detail)
