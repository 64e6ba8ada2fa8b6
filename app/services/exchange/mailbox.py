"""Sharing through a mailbox folder: a folder that travels on its own (a synced OneDrive,
SharePoint, Nextcloud or Syncthing folder, a network share, a USB stick) where each laptop
leaves packages for the others and picks up what is addressed to it.

One pass (`sync`) per mailbox:
1. receive: every package addressed to this laptop that is complete, not yet imported and
   signed by a trusted key is previewed, and imported when the caller says so; after an
   import this laptop writes its signed receipt for that sender;
2. send: for each recipient, when something in its scope changed since the last package
   (here, or arrived from a third laptop), one new package encrypted to that recipient and
   signed, written under a temporary name and renamed, then its envelope (size and SHA-256
   of the package, signed) — a reader only trusts a package whose envelope is there and
   whose bytes match it;
3. tidy: this laptop's own packages are removed once every recipient's receipt confirms them
   (or after `keep_days`, the newest one per recipient kept). Other senders' files, sync
   tools' conflict copies and anything unknown are never changed or deleted.

Files in the folder (fingerprints shortened to 16 hex digits):
    bv-<sender>-to-<recipient>-<YYYYMMDDTHHMMSSZ>-<random>.bvx       the package
    bv-<sender>-to-<recipient>-<YYYYMMDDTHHMMSSZ>-<random>.bvx.json  its envelope
    bv-receipt-<recipient>-from-<sender>.json                         a receipt
    .bv-tmp-<sender>-<random>.part                                    being written
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeImport, ExchangeKnownKey
from app.models.mailbox import Mailbox, MailboxRecipient
from app.services.changes import Changes
from app.services.database import Database
from app.services.errors import AppError
from app.services.exchange import exporter, importer, keys, package, tables
from app.services.exchange.errors import ExchangeError
from app.services.i18n import N_, _, ngettext
from app.services.progress import Progress

log = logging.getLogger(__name__)

ENVELOPE_FORMAT = "buurtverbinder-mailbox-envelope"
RECEIPT_FORMAT = "buurtverbinder-mailbox-receipt"
FORMAT_VERSION = 1
SHORT = 16  # hex digits of a fingerprint in file names
MAX_SMALL_FILE = 256 * 1024  # envelopes and receipts are a few hundred bytes
RECEIPT_KEEP = 200  # package ids a receipt confirms (the newest)
STALE_TEMP = timedelta(hours=6)  # our own temporary files older than this were interrupted
UNREACHABLE_WARNING = timedelta(days=7)

_HEX = r"[0-9a-f]{%d}" % SHORT
PACKAGE_RE = re.compile(
    rf"^bv-(?P<sender>{_HEX})-to-(?P<recipient>{_HEX})-(?P<stamp>\d{{8}}T\d{{6}}Z)"
    r"-(?P<token>[0-9a-f]{8})\.bvx$")
ENVELOPE_RE = re.compile(PACKAGE_RE.pattern[:-1] + r"\.json$")
RECEIPT_RE = re.compile(rf"^bv-receipt-(?P<recipient>{_HEX})-from-(?P<sender>{_HEX})\.json$")
TEMP_PREFIX = ".bv-tmp-"


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

# why a package stays in the folder for now (shown per file)
WAIT_INCOMPLETE = N_("not complete yet (still being copied or synced); it is read on a later "
                     "pass")
WAIT_UNKNOWN_SENDER = N_("from a key that is not known here ({fingerprint}): add the sender's "
                         "public key under Exchange › Keys… first")
WAIT_KEY_CHANGED = N_("signed with a different key than before by {sender}: check the "
                      "fingerprint {fingerprint} by phone, then import it by hand")
WAIT_MISMATCH = N_("does not match its envelope; it was not read")
WAIT_BAD_ENVELOPE = N_("its envelope is damaged or not signed by its sender; it was not read")
WAIT_NEEDS_TARGET = N_("holds good practices: import it by hand to choose the trajectory that "
                       "receives them")


def short(fp: str) -> str:
    return fp[:SHORT].lower()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


# --- settings -------------------------------------------------------------------------------

@dataclass
class RecipientSpec:
    fingerprint: str
    scope: str


def list_mailboxes(session: Session) -> list[Mailbox]:
    return list(session.scalars(select(Mailbox).order_by(Mailbox.name)))


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
            stmt = stmt.where(table.c.updated_at > since.astimezone(timezone.utc))
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


# --- signed small files ---------------------------------------------------------------------

def _canonical(obj: dict[str, Any]) -> bytes:
    body = {k: v for k, v in obj.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _signed(obj: dict[str, Any], signer) -> bytes:
    obj = dict(obj, signature=base64.b64encode(signer.sign(_canonical(obj))).decode())
    return json.dumps(obj, indent=1, sort_keys=True).encode()


def _read_small(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SMALL_FILE + 1)
        if len(raw) > MAX_SMALL_FILE:
            return None
        obj = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None  # still being written, or not ours
    return obj if isinstance(obj, dict) else None


def _verified(obj: dict[str, Any], sign_public: str) -> bool:
    try:
        signature = base64.b64decode(obj.get("signature", ""), validate=True)
    except (ValueError, TypeError):
        return False
    return keys.verify(sign_public, _canonical(obj), signature)


def _write_into(folder: Path, name: str, data: bytes, me: str) -> Path:
    """Write a file into the mailbox under a temporary name, fsync, rename: a reader (or a
    sync tool) never sees a half file under the real name."""
    tmp = folder / f"{TEMP_PREFIX}{short(me)}-{secrets.token_hex(6)}.part"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    package._fsync_dir(folder)
    return folder / name


def _copy_into(folder: Path, name: str, source: Path, me: str) -> None:
    tmp = folder / f"{TEMP_PREFIX}{short(me)}-{secrets.token_hex(6)}.part"
    try:
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, folder / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- what a pass reports --------------------------------------------------------------------

@dataclass
class Sent:
    recipient: str  # the recipient's name as known here
    scope: str
    changes: int  # records changed since the last package (all, the first time)
    records: int = 0  # records in the package (0 in a dry run)
    size: int = 0
    file: str = ""


@dataclass
class Waiting:
    """A complete, verified package addressed to us, not imported yet."""

    mailbox: str
    path: Path
    envelope: dict[str, Any]
    pkg: package.Package
    preview: importer.Preview
    sender: str  # the name this laptop knows the sender by

    @property
    def package_id(self) -> str:
        return self.pkg.package_id

    @property
    def changes(self) -> int:
        return self.preview.total("added") + self.preview.total("updated")

    @property
    def conflicts(self) -> int:
        return len(self.preview.conflicts)


@dataclass
class Left:
    """A file left in the folder this pass, and why."""

    file: str
    reason: str  # msgid
    params: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return _(self.reason).format(**self.params)


@dataclass
class Received:
    mailbox: str
    file: str
    sender: str
    changes: int
    conflicts: int


@dataclass
class MailboxReport:
    name: str
    folder: str
    reachable: bool = True
    error: AppError | None = None
    sent: list[Sent] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    already_imported: int = 0
    copies_ignored: int = 0
    pruned: int = 0

    @property
    def ok(self) -> bool:
        return self.reachable and self.error is None


@dataclass
class SyncReport:
    mailboxes: list[MailboxReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(m.ok for m in self.mailboxes)

    @property
    def waiting(self) -> list[Waiting]:
        return [w for m in self.mailboxes for w in m.waiting]

    @property
    def received(self) -> list[Received]:
        return [r for m in self.mailboxes for r in m.received]

    def changes(self) -> Changes:
        if not self.received:
            return Changes.of("exchange_mailbox")
        return Changes(frozenset({"exchange_mailbox", "exchange_import", "exchange_conflict",
                                  *[k for w in self.imported_kinds for k in w]}))

    imported_kinds: list[frozenset] = field(default_factory=list)


def waiting_summary(waiting: list[Waiting]) -> str:
    """One line for the packages waiting: "3 packages: 120 changes from An, 4 from the lead
    organisation; 1 conflict waits"."""
    if not waiting:
        return _("No new packages.")
    by_sender: dict[str, int] = {}
    for w in waiting:
        by_sender[w.sender] = by_sender.get(w.sender, 0) + w.changes
    parts = []
    for number, (sender, n) in enumerate(by_sender.items()):
        if number == 0:
            parts.append(ngettext("{n} change from {sender}", "{n} changes from {sender}",
                                  n).format(n=n, sender=sender))
        else:
            parts.append(_("{n} from {sender}").format(n=n, sender=sender))
    text = ngettext("{n} package: {details}", "{n} packages: {details}", len(waiting)).format(
        n=len(waiting), details=", ".join(parts))
    conflicts = sum(w.conflicts for w in waiting)
    if conflicts:
        text += "; " + ngettext("{n} conflict waits", "{n} conflicts wait", conflicts).format(
            n=conflicts)
    return text


# --- one pass -------------------------------------------------------------------------------

@dataclass
class _Me:
    fingerprint: str
    identity: Any  # pyrage identity
    signer: Any  # Ed25519 private key


def _me(db: Database) -> _Me:
    import pyrage

    with db.transaction() as session:
        exporter.ensure_identity(session, db.device_name)
        ident = keys.require_identity(session)
        fp = keys.own_public(ident, db.device_id).fingerprint
        return _Me(fp, pyrage.x25519.Identity.from_str(ident.age_identity),
                   keys.signing_key(ident))


def _reachable(folder: Path) -> AppError | None:
    if not folder.is_dir():
        return MailboxError(NO_FOLDER, folder=str(folder))
    if not os.access(folder, os.W_OK):
        return MailboxError(NOT_WRITABLE, folder=str(folder))
    return None


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
    def of(cls, box: Mailbox) -> "BoxSpec":
        return cls(box.name, Path(box.folder),
                   [(r.id, r.fingerprint, r.scope, _aware(r.last_sent_at))
                    for r in box.recipients], box.auto_import, box.keep_days, box.id)


def sync(db: Database, *, names: list[str] | None = None, specs: list[BoxSpec] | None = None,
         send: bool = True, receive: bool = True, import_mode: str = "ask",
         dry_run: bool = False, progress: Progress | None = None) -> SyncReport:
    """One pass over the mailboxes (all stored ones, those named, or the given specs).
    import_mode: "ask" leaves verified packages waiting in the report (import them with
    `import_waiting`), "all" imports them, "trusted" imports them where the mailbox says so.
    A dry run writes nothing anywhere."""
    progress = progress or Progress()
    if specs is None:
        with db.session() as session:
            if names:
                specs = [BoxSpec.of(find_mailbox(session, n)) for n in names]
            else:
                specs = [BoxSpec.of(b) for b in list_mailboxes(session)]
    me = _me(db)
    report = SyncReport(dry_run=dry_run)
    for number, spec in enumerate(specs):
        progress.step(number, len(specs))
        report.mailboxes.append(_one_mailbox(db, spec, me, send, receive, import_mode,
                                             dry_run, progress, report))
    progress.step(len(specs), len(specs))
    return report


def _one_mailbox(db: Database, spec: BoxSpec, me: _Me, send: bool, receive: bool,
                 import_mode: str, dry_run: bool, progress: Progress,
                 report: SyncReport) -> MailboxReport:
    folder = spec.folder
    result = MailboxReport(spec.name, str(folder))
    problem = _reachable(folder)
    if problem is not None:
        result.reachable, result.error = False, problem
        if not dry_run:
            _note(db, spec, result)
        return result
    try:
        listing = _scan(folder)
        if not dry_run:
            _remove_stale_temps(folder, me)
        if receive:  # first, so what arrives from a third laptop is passed on at once
            _receive(db, spec.name, folder, me, listing, result)
            if not dry_run and (import_mode == "all"
                                or (import_mode == "trusted" and spec.auto_import)):
                kinds = import_waiting(db, result.waiting, me=me, progress=progress,
                                       report=result)
                report.imported_kinds.append(kinds)
            if not dry_run:
                _write_receipts(db, folder, me, listing)
        if send:
            _send(db, spec, me, dry_run, result, progress)
        if not dry_run:
            result.pruned = _prune(db, folder, me, _scan(folder), spec.keep_days)
    except OSError as exc:  # the stick was pulled out half-way, the share went away...
        log.warning("mailbox %s: %s", spec.name, exc)
        result.error = MailboxError(NOT_WRITABLE, folder=str(folder))
    if not dry_run:
        _note(db, spec, result)
    return result


def _note(db: Database, spec: BoxSpec, result: MailboxReport) -> None:
    if spec.id is None:
        return
    with db.transaction() as session:
        box = session.get(Mailbox, spec.id)
        if box is None:  # removed meanwhile
            return
        now = utcnow()
        if result.ok:
            box.last_ok_at, box.last_error = now, ""
        else:
            box.last_error = result.error.msgid if result.error else ""
        if any(s.file for s in result.sent):
            box.last_sent_at = now
        if result.received:
            box.last_received_at = now


# --- sending --------------------------------------------------------------------------------

def _send(db: Database, spec: BoxSpec, me: _Me, dry_run: bool, result: MailboxReport,
          progress: Progress) -> None:
    plan = []
    with db.session() as session:
        for rid, fp, scope, last_sent in spec.recipients:
            key = session.get(ExchangeKnownKey, fp) or spec.given.get(fp)
            label = (key.name or key.organisation) if key else keys.pretty_fingerprint(fp)
            plan.append((rid, fp, scope, label, key.age_recipient if key else "",
                         pending_changes(session, scope, last_sent,
                                         key.device_id if key else ""), last_sent is None))
    for rid, fp, scope, label, age_recipient, changes, first in plan:
        if changes == 0 and not first:
            continue
        if not age_recipient:
            result.error = MailboxError(NO_RECIPIENT_KEY, name=label)
            continue
        sent = Sent(label, scope, changes)
        result.sent.append(sent)
        if dry_run:
            continue
        started = utcnow()
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        name = f"bv-{short(me.fingerprint)}-to-{short(fp)}-{stamp}-{secrets.token_hex(4)}.bvx"
        with tempfile.TemporaryDirectory(prefix="bv-mailbox-") as tmp:
            local = Path(tmp) / name
            exported = exporter.export_package(db, local, scope, recipients=[age_recipient],
                                               progress=_Quiet(progress))
            data_hash, size = _sha256(local)
            envelope = {"format": ENVELOPE_FORMAT, "version": FORMAT_VERSION,
                        "package_id": exported.package_id, "package_file": name,
                        "sender": me.fingerprint, "recipients": [fp], "scope": scope,
                        "created_at": started.isoformat(timespec="seconds"),
                        "size": size, "sha256": data_hash}
            _copy_into(spec.folder, name, local, me.fingerprint)
        _write_into(spec.folder, name + ".json", _signed(envelope, me.signer), me.fingerprint)
        sent.records, sent.size, sent.file = exported.total, size, name
        if rid is not None:
            with db.transaction() as session:
                r = session.get(MailboxRecipient, rid)
                if r is not None:
                    r.last_package_id, r.last_sent_at = exported.package_id, started


class _Quiet(Progress):
    """Lets a sub-job see cancellation without moving the outer progress bar."""

    def __init__(self, outer: Progress):
        super().__init__()
        self._outer = outer

    def step(self, done: int, total: int, text: str = "") -> None:
        self._outer.check()


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# --- receiving ------------------------------------------------------------------------------

@dataclass
class _Listing:
    envelopes: list[Path] = field(default_factory=list)
    receipts: list[Path] = field(default_factory=list)
    copies: list[Path] = field(default_factory=list)  # sync tools' copies, renamed files
    temps: list[Path] = field(default_factory=list)


def _scan(folder: Path) -> _Listing:
    listing = _Listing()
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(TEMP_PREFIX):
                listing.temps.append(Path(entry.path))
            elif not name.startswith("bv-") or not entry.is_file(follow_symlinks=False):
                continue  # not ours: never touched
            elif ENVELOPE_RE.match(name):
                listing.envelopes.append(Path(entry.path))
            elif RECEIPT_RE.match(name):
                listing.receipts.append(Path(entry.path))
            elif PACKAGE_RE.match(name):
                continue  # read through its envelope
            elif ".bvx" in name or name.startswith("bv-receipt-"):
                listing.copies.append(Path(entry.path))
    for items in (listing.envelopes, listing.receipts, listing.copies):
        items.sort()
    return listing


def _valid_envelope(obj: dict[str, Any] | None, file_name: str) -> bool:
    if not obj or obj.get("format") != ENVELOPE_FORMAT:
        return False
    try:
        return (obj["package_file"] == file_name and isinstance(obj["package_id"], str)
                and isinstance(obj["sender"], str) and isinstance(obj["recipients"], list)
                and all(isinstance(r, str) for r in obj["recipients"])
                and isinstance(obj["size"], int) and 0 < obj["size"] <= package.MAX_FILE
                and isinstance(obj["sha256"], str) and isinstance(obj["scope"], str))
    except KeyError:
        return False


def _known_key(db: Database, fp: str) -> ExchangeKnownKey | None:
    with db.session() as session:
        key = session.get(ExchangeKnownKey, fp)
        if key is not None:
            session.expunge(key)
        return key


def _imported_ids(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(ExchangeImport.package_id)))


def _receive(db: Database, mailbox: str, folder: Path, me: _Me, listing: _Listing,
             result: MailboxReport) -> None:
    imported = _imported_ids(db)
    seen: set[str] = set()
    for env_path in listing.envelopes:
        match = ENVELOPE_RE.match(env_path.name)
        if match["recipient"] != short(me.fingerprint):
            continue  # for someone else
        pkg_name = env_path.name[:-len(".json")]
        obj = _read_small(env_path)
        if obj is None:  # still arriving (a sync tool writes in place), or unreadable
            result.left.append(Left(pkg_name, WAIT_INCOMPLETE))
            continue
        if not _valid_envelope(obj, pkg_name) or me.fingerprint not in obj["recipients"] \
                or short(obj["sender"]) != match["sender"]:
            result.left.append(Left(pkg_name, WAIT_BAD_ENVELOPE))
            continue
        if obj["sender"] == me.fingerprint:
            continue
        seen.add(obj["package_id"])
        if obj["package_id"] in imported:
            result.already_imported += 1
            continue
        key = _known_key(db, obj["sender"])
        if key is None:
            result.left.append(Left(pkg_name, WAIT_UNKNOWN_SENDER,
                                    {"fingerprint": keys.pretty_fingerprint(obj["sender"])}))
            continue
        if not key.trusted or not _verified(obj, key.sign_public):
            result.left.append(Left(pkg_name, WAIT_BAD_ENVELOPE))
            continue
        data = _complete(folder / pkg_name, obj)
        if data is None:
            result.left.append(Left(pkg_name, WAIT_INCOMPLETE))
            continue
        waiting = _open(db, mailbox, folder / pkg_name, data, me, result, obj)
        if waiting is not None:
            result.waiting.append(waiting)
    _look_at_copies(db, mailbox, me, listing.copies, imported | seen, result)


def _complete(path: Path, envelope: dict[str, Any]) -> bytes | None:
    """The package's bytes when they are all there and match the envelope, else None."""
    try:
        if path.stat().st_size != envelope["size"]:
            return None
        with open(path, "rb") as fh:
            data = fh.read(envelope["size"] + 1)
    except OSError:
        return None
    if len(data) != envelope["size"] or hashlib.sha256(data).hexdigest() != envelope["sha256"]:
        return None
    return data


def _open(db: Database, mailbox: str, path: Path, data: bytes, me: _Me,
          result: MailboxReport, envelope: dict[str, Any] | None) -> Waiting | None:
    try:
        pkg = package.open_package(data, identities=[me.identity], file_name=path.name)
    except ExchangeError as exc:
        result.left.append(Left(path.name, exc.msgid, {k: str(v) for k, v in
                                                       exc.params.items()}))
        return None
    if envelope is not None and (pkg.package_id != envelope["package_id"]
                                 or pkg.sender.fingerprint != envelope["sender"]):
        result.left.append(Left(path.name, WAIT_MISMATCH))
        return None
    with db.session() as session:
        target = _practices_target(session, pkg)
        if pkg.scope == "practices" and target is None:
            result.left.append(Left(path.name, WAIT_NEEDS_TARGET))
            return None
        try:
            preview = importer.preview(session, pkg, db.device_id,
                                       importer.own_fingerprint(session, db.device_id), target)
        except ExchangeError as exc:
            result.left.append(Left(path.name, exc.msgid, {k: str(v) for k, v in
                                                           exc.params.items()}))
            return None
        known = session.get(ExchangeKnownKey, pkg.sender.fingerprint)
        sender = (known.name or known.organisation) if known else pkg.sender.name
    if preview.sender_status == "self":
        return None
    if preview.sender_status == "new":
        result.left.append(Left(path.name, WAIT_UNKNOWN_SENDER, {
            "fingerprint": keys.pretty_fingerprint(pkg.sender.fingerprint)}))
        return None
    if preview.sender_status == "changed":
        result.left.append(Left(path.name, WAIT_KEY_CHANGED, {
            "sender": pkg.sender.name or "?",
            "fingerprint": keys.pretty_fingerprint(pkg.sender.fingerprint)}))
        return None
    return Waiting(mailbox, path, envelope or {}, pkg, preview, sender)


def _practices_target(session: Session | None, pkg: package.Package,
                      db: Database | None = None) -> str | None:
    """Good practices go into the only trajectory, when there is exactly one."""
    if pkg.scope != "practices":
        return None
    from app.models.core import Trajectory

    if session is None:
        with db.session() as s:
            return _practices_target(s, pkg)
    ids = session.scalars(select(Trajectory.id).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def _look_at_copies(db: Database, mailbox: str, me: _Me, copies: list[Path], known: set[str],
                    result: MailboxReport) -> None:
    """A sync tool's conflict copy (`… (1).bvx`, `*.sync-conflict-*`, `-DESKTOP-ABC`) is
    opened to see whether it holds a package not seen yet; then it is read like any package.
    Copies are never changed or deleted: they may be another laptop's."""
    for path in copies:
        if not path.name.endswith(".bvx") and ".bvx." not in path.name \
                or path.name.endswith(".json"):
            result.copies_ignored += 1
            continue
        try:
            size = path.stat().st_size
            if size > package.MAX_FILE:
                result.copies_ignored += 1
                continue
            data = path.read_bytes()
        except OSError:
            continue
        try:
            pkg = package.open_package(data, identities=[me.identity], file_name=path.name)
        except ExchangeError:
            result.copies_ignored += 1  # not for us, or not complete: nothing to take
            continue
        if pkg.package_id in known or pkg.package_id in {w.package_id for w in result.waiting}:
            result.copies_ignored += 1
            continue
        waiting = _open(db, mailbox, path, data, me, result, None)
        if waiting is not None:
            known.add(pkg.package_id)
            result.waiting.append(waiting)


def import_waiting(db: Database, waiting: list[Waiting], *, me: _Me | None = None,
                   progress: Progress | None = None,
                   report: MailboxReport | None = None) -> frozenset:
    """Import packages that a pass left waiting (after the user's OK), oldest first; each is
    its own all-or-nothing import. Writes this laptop's receipts. Returns the changed kinds."""
    progress = progress or Progress()
    me = me or _me(db)
    kinds: set[str] = set()
    done: list[Waiting] = []
    ordered = sorted(waiting, key=lambda w: w.pkg.manifest.get("created_at", ""))
    for number, w in enumerate(ordered):
        progress.step(number, len(ordered))
        try:
            outcome = importer.import_package(
                db, w.pkg, progress=_Quiet(progress),
                target_trajectory=_practices_target(None, w.pkg, db))
        except ExchangeError as exc:
            if report is not None:
                report.left.append(Left(w.path.name, exc.msgid,
                                        {k: str(v) for k, v in exc.params.items()}))
            continue
        kinds |= set(outcome.changes.kinds)
        done.append(w)
        if report is not None:
            report.received.append(Received(w.mailbox, w.path.name, w.sender, w.changes,
                                            w.conflicts))
    if report is not None:
        report.waiting = [w for w in report.waiting if w not in done]
    for folder in {w.path.parent for w in done}:
        try:
            _write_receipts(db, folder, me, _scan(folder))
        except OSError as exc:
            log.warning("receipt not written in %s: %s", folder, exc)
    if done:
        with db.transaction() as session:
            for box in list_mailboxes(session):
                if Path(box.folder) in {w.path.parent for w in done}:
                    box.last_received_at = utcnow()
    progress.step(len(ordered), len(ordered))
    return frozenset(kinds)


# --- receipts and tidying -------------------------------------------------------------------

def _write_receipts(db: Database, folder: Path, me: _Me, listing: _Listing) -> None:
    """For each sender with packages addressed to us in this folder: a signed list of the
    package ids imported here (rewritten only when it changed)."""
    senders = set()
    for env_path in listing.envelopes:
        match = ENVELOPE_RE.match(env_path.name)
        if match["recipient"] == short(me.fingerprint):
            obj = _read_small(env_path)
            if obj and isinstance(obj.get("sender"), str) and short(obj["sender"]) == \
                    match["sender"] and obj["sender"] != me.fingerprint:
                senders.add(obj["sender"])
    for sender in sorted(senders):
        with db.session() as session:
            ids = session.scalars(
                select(ExchangeImport.package_id).where(ExchangeImport.fingerprint == sender)
                .order_by(ExchangeImport.imported_at.desc()).limit(RECEIPT_KEEP)).all()
        if not ids:
            continue
        name = f"bv-receipt-{short(me.fingerprint)}-from-{short(sender)}.json"
        current = _read_small(folder / name)
        if current and sorted(current.get("package_ids", [])) == sorted(ids):
            continue
        receipt = {"format": RECEIPT_FORMAT, "version": FORMAT_VERSION,
                   "recipient": me.fingerprint, "sender": sender, "package_ids": sorted(ids),
                   "updated_at": utcnow().isoformat(timespec="seconds")}
        _write_into(folder, name, _signed(receipt, me.signer), me.fingerprint)


def _confirmed(db: Database, me: _Me, listing: _Listing) -> dict[str, set[str]]:
    """recipient fingerprint -> package ids their signed receipts confirm (copies too)."""
    result: dict[str, set[str]] = {}
    for path in [*listing.receipts, *[c for c in listing.copies
                                       if c.name.startswith("bv-receipt-")]]:
        obj = _read_small(path)
        if not obj or obj.get("format") != RECEIPT_FORMAT or obj.get("sender") != me.fingerprint:
            continue
        recipient = obj.get("recipient")
        ids = obj.get("package_ids")
        if not isinstance(recipient, str) or not isinstance(ids, list):
            continue
        key = _known_key(db, recipient)
        if key is None or not _verified(obj, key.sign_public):
            continue  # anyone can drop a file here; only the recipient can sign its receipt
        result.setdefault(recipient, set()).update(i for i in ids if isinstance(i, str))
    return result


def _prune(db: Database, folder: Path, me: _Me, listing: _Listing, keep_days: int) -> int:
    """Remove this laptop's own packages that every recipient confirmed, and unconfirmed ones
    older than `keep_days` when a newer one for the same recipients is there."""
    confirmed = _confirmed(db, me, listing)
    own = []
    sign_public = base64.b64encode(keys.raw_public(me.signer)).decode()
    for env_path in listing.envelopes:
        match = ENVELOPE_RE.match(env_path.name)
        if match["sender"] != short(me.fingerprint):
            continue
        obj = _read_small(env_path)
        if not _valid_envelope(obj, env_path.name[:-5]) or obj["sender"] != me.fingerprint \
                or not _verified(obj, sign_public):
            continue  # not provably ours: leave it
        own.append((env_path, obj))
    newest: dict[tuple, str] = {}
    for env_path, obj in own:
        group = tuple(sorted(obj["recipients"]))
        newest[group] = max(newest.get(group, ""), obj["created_at"])
    limit = utcnow() - timedelta(days=keep_days)
    removed = 0
    for env_path, obj in own:
        group = tuple(sorted(obj["recipients"]))
        all_confirmed = all(obj["package_id"] in confirmed.get(r, set())
                            for r in obj["recipients"])
        try:
            made = datetime.fromisoformat(obj["created_at"])
        except (TypeError, ValueError):
            continue
        too_old = _aware(made) < limit and obj["created_at"] < newest[group]
        if all_confirmed or too_old:
            # the envelope first: a package without its envelope is never read
            env_path.unlink(missing_ok=True)
            (folder / obj["package_file"]).unlink(missing_ok=True)
            removed += 1
    return removed


def _remove_stale_temps(folder: Path, me: _Me) -> None:
    """Our own temporary files left by an interrupted pass (never another laptop's)."""
    mine = f"{TEMP_PREFIX}{short(me.fingerprint)}-"
    limit = utcnow().timestamp() - STALE_TEMP.total_seconds()
    for path in folder.glob(f"{mine}*.part"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


# --- status for the window ------------------------------------------------------------------

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
        not_shared = max((pending_changes(session, r.scope, _aware(r.last_sent_at),
                                          _device_of(session, r.fingerprint))
                          for r in box.recipients), default=0)
        reachable = Path(box.folder).is_dir()
        since = _aware(box.last_ok_at) or _aware(box.created_at)
        result.append(Status(box.name, box.folder, reachable, _aware(box.last_sent_at),
                             _aware(box.last_received_at), _aware(box.last_ok_at), not_shared,
                             since is not None and now - since > UNREACHABLE_WARNING))
    return result


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
            recipients = [(r.id, r.fingerprint, r.scope, _aware(r.last_sent_at))
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
