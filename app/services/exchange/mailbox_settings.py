"""Mailbox settings (which folders, who reads them, with what scope) and their status:
what changed here since the last package for each reader, and when a mailbox last worked."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import overload

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeImport, ExchangeKnownKey
from app.models.mailbox import Mailbox, MailboxRecipient
from app.services.changes import Changes
from app.services.database import Database
from app.services.errors import AppError
from app.services.exchange import keys, tables
from app.services.i18n import N_

UNREACHABLE_WARNING = timedelta(days=7)


class MailboxError(AppError):
    msgid = N_("The mailbox could not be used.")


NO_SUCH_MAILBOX = N_("There is no mailbox called “{name}”. Set one up under File › Sharing "
                     "settings…")


NO_FOLDER = N_("The mailbox folder {folder} cannot be reached (a USB stick that is not "
               "plugged in, or a shared folder that is not synced to this laptop).")


NOT_WRITABLE = N_("The mailbox folder {folder} cannot be written to. Check that it is not "
                  "read-only and that the disk is not full.")


NO_RECIPIENT_KEY = N_("There is no encryption key for {name}. Import their public key again "
                      "under Exchange › Keys…")


UNKNOWN_RECIPIENT = N_("The mailbox names a key that is not known here ({fingerprint}).")


BAD_SCOPE = N_("Unknown package scope “{scope}”: use lead, full or practices.")


DUPLICATE_NAME = N_("There is already a mailbox called “{name}”.")


EMPTY_NAME = N_("Give the mailbox a name.")


def utcnow() -> datetime:
    return datetime.now(UTC)


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
def aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


@dataclass
class RecipientSpec:
    fingerprint: str
    scope: str


def list_mailboxes(session: Session) -> list[Mailbox]:
    return list(session.scalars(select(Mailbox).order_by(Mailbox.name)))


def get_mailbox(session: Session, mailbox_id: int) -> Mailbox | None:
    return session.get(Mailbox, mailbox_id)


def find_mailbox(session: Session, name: str) -> Mailbox:
    found = session.scalar(select(Mailbox).where(Mailbox.name == name))
    if found is None:
        raise MailboxError(NO_SUCH_MAILBOX, name=name)
    return found


def save_mailbox(session: Session, name: str, folder: str | Path,
                 recipients: list[RecipientSpec], *, auto_import: bool = False,
                 keep_days: int = 30, mailbox_id: int | None = None) -> tuple[Mailbox, Changes]:
    """Create or change a mailbox; recipients must be known keys."""
    name = name.strip()
    if not name:
        raise MailboxError(EMPTY_NAME)
    other = session.scalar(select(Mailbox).where(Mailbox.name == name))
    if other is not None and other.id != mailbox_id:
        raise MailboxError(DUPLICATE_NAME, name=name)
    for spec in recipients:
        if spec.scope not in tables.SCOPES:
            raise MailboxError(BAD_SCOPE, scope=spec.scope)
        if session.get(ExchangeKnownKey, spec.fingerprint) is None:
            raise MailboxError(UNKNOWN_RECIPIENT,
                               fingerprint=keys.pretty_fingerprint(spec.fingerprint))
    box = session.get(Mailbox, mailbox_id) if mailbox_id is not None else None
    if box is None:
        box = Mailbox(name=name, folder=str(folder))
        session.add(box)
    box.name, box.folder = name, str(folder)
    box.auto_import, box.keep_days = auto_import, max(1, min(int(keep_days), 3650))
    old = {(r.fingerprint, r.scope): r for r in box.recipients}
    box.recipients = [old.get((s.fingerprint, s.scope))
                      or MailboxRecipient(fingerprint=s.fingerprint, scope=s.scope)
                      for s in recipients]
    session.flush()
    return box, Changes.of("exchange_mailbox")


def remove_mailbox(session: Session, mailbox_id: int) -> Changes:
    box = session.get(Mailbox, mailbox_id)
    if box is not None:
        session.delete(box)
        session.flush()
    return Changes.of("exchange_mailbox")


def pending_changes(session: Session, scope: str, since: datetime | None,
                    recipient_device: str = "") -> int:
    """Shared records in a scope changed (or deleted) after `since` (all when None), except
    those whose last change came from the recipient's own laptop: it has them already, so
    they are not echoed back (changes from third laptops are passed on)."""
    total = 0
    for plan in tables.scope_plan(scope):
        table = plan.model.__table__
        stmt = select(func.count()).select_from(table)
        if since is not None:
            stmt = stmt.where(table.c.updated_at > since.astimezone(UTC))
        if recipient_device:
            stmt = stmt.where(table.c.device_id != recipient_device)
        total += session.execute(stmt.execution_options(include_deleted=True)).scalar_one()
    return total + _relayed(session, scope, since, recipient_device)


def _relayed(session: Session, scope: str, since: datetime | None,
             recipient_device: str) -> int:
    """Records that packages from third laptops added or changed here after `since`: they keep
    their author's time, so only the import ledger tells they are new to pass on."""
    if since is None:
        return 0  # the first package carries everything anyway
    kinds = {plan.kind for plan in tables.scope_plan(scope)}
    stmt = select(ExchangeImport.summary).where(ExchangeImport.imported_at > since)
    if recipient_device:
        stmt = stmt.where(ExchangeImport.sender_device != recipient_device)
    total = 0
    for summary in session.scalars(stmt):
        try:
            counts = json.loads(summary)
        except ValueError:
            continue
        for kind, actions in counts.items():
            if kind in kinds and isinstance(actions, dict):
                total += sum(int(actions.get(a, 0)) for a in ("added", "updated", "conflict"))
    return total


@dataclass
class Status:
    name: str
    folder: str
    reachable: bool
    last_sent_at: datetime | None
    last_received_at: datetime | None
    last_ok_at: datetime | None
    not_shared: int  # changes made here that no package in this mailbox carries yet
    stale: bool  # not reachable (or not working) for a week


def _device_of(session: Session, fp: str) -> str:
    key = session.get(ExchangeKnownKey, fp)
    return key.device_id if key else ""


def status(session: Session) -> list[Status]:
    now = utcnow()
    result = []
    for box in list_mailboxes(session):
        not_shared = max((pending_changes(session, r.scope, aware(r.last_sent_at),
                                          _device_of(session, r.fingerprint))
                          for r in box.recipients), default=0)
        reachable = Path(box.folder).is_dir()
        since = aware(box.last_ok_at) or aware(box.created_at)
        result.append(Status(box.name, box.folder, reachable, aware(box.last_sent_at),
                             aware(box.last_received_at), aware(box.last_ok_at), not_shared,
                             since is not None and now - since > UNREACHABLE_WARNING))
    return result


@dataclass
class BoxSpec:
    """A mailbox for one pass: a stored one (`id` set) or one given on the command line."""

    name: str
    folder: Path
    recipients: list[tuple[int | None, str, str, datetime | None]]  # id, fp, scope, last sent
    auto_import: bool = False
    keep_days: int = 30
    id: int | None = None
    given: dict[str, keys.PublicKeyInfo] = field(default_factory=dict)  # keys not stored yet

    @classmethod
    def of(cls, box: Mailbox) -> BoxSpec:
        return cls(box.name, Path(box.folder),
                   [(r.id, r.fingerprint, r.scope, aware(r.last_sent_at))
                    for r in box.recipients], box.auto_import, box.keep_days, box.id)


def folder_spec(db: Database, folder: Path, info: keys.PublicKeyInfo, scope: str, *,
                save: bool) -> BoxSpec:
    """A mailbox given on the command line (`--folder DIR --to KEYFILE --scope S`): the stored
    mailbox of that folder (the recipient added to it), or a new one named after the folder.
    With save=False (a dry run) nothing is stored."""
    if scope not in tables.SCOPES:
        raise MailboxError(BAD_SCOPE, scope=scope)
    folder = Path(folder).expanduser().resolve()
    with db.transaction() as session:
        role = "lead" if scope == "lead" else "colleague"
        known = session.get(ExchangeKnownKey, info.fingerprint)
        if known is None and save:
            keys.trust_key(session, info, role)
        box = next((b for b in list_mailboxes(session) if Path(b.folder) == folder), None)
        if not save:
            recipients: list[tuple[int | None, str, str, datetime | None]] = [
                (r.id, r.fingerprint, r.scope, aware(r.last_sent_at))
                for r in (box.recipients if box else [])
                if (r.fingerprint, r.scope) == (info.fingerprint, scope)]
            return BoxSpec(box.name if box else folder.name, folder,
                           recipients or [(None, info.fingerprint, scope, None)],
                           id=box.id if box else None, given={info.fingerprint: info})
        specs = [RecipientSpec(r.fingerprint, r.scope) for r in (box.recipients if box else [])]
        if (info.fingerprint, scope) not in {(r.fingerprint, r.scope) for r in specs}:
            specs.append(RecipientSpec(info.fingerprint, scope))
        name = box.name if box else _free_name(session, folder.name or "mailbox")
        box, _changes = save_mailbox(session, name, folder, specs,
                                     auto_import=box.auto_import if box else False,
                                     keep_days=box.keep_days if box else 30,
                                     mailbox_id=box.id if box else None)
        return BoxSpec.of(box)


def _free_name(session: Session, base: str) -> str:
    taken = {b.name for b in list_mailboxes(session)}
    name, number = base, 2
    while name in taken:
        name, number = f"{base} ({number})", number + 1
    return name
