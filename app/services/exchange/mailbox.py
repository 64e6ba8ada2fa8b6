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
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeImport, ExchangeKnownKey
from app.models.mailbox import Mailbox, MailboxRecipient
from app.services.changes import Changes
from app.services.database import Database
from app.services.errors import AppError
from app.services.exchange import exporter, importer, keys, package
from app.services.exchange import mailbox_files as F
from app.services.exchange.errors import ExchangeError
from app.services.exchange.mailbox_files import short
from app.services.exchange.mailbox_settings import (  # noqa: F401 (the feature's one door)
    NO_FOLDER,
    NO_RECIPIENT_KEY,
    NOT_WRITABLE,
    BoxSpec,
    MailboxError,
    RecipientSpec,
    Status,
    aware,
    find_mailbox,
    folder_spec,
    list_mailboxes,
    pending_changes,
    remove_mailbox,
    save_mailbox,
    status,
    utcnow,
)
from app.services.i18n import N_, _, ngettext
from app.services.progress import Progress

log = logging.getLogger(__name__)

RECEIPT_KEEP = 200  # package ids a receipt confirms (the newest)


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


# --- settings -------------------------------------------------------------------------------


# --- signed small files ---------------------------------------------------------------------


# --- what a pass reports --------------------------------------------------------------------

@dataclass
class Sent:
    recipient: str  # the recipient's name as known here
    scope: str
    changes: int  # records changed since the last package (all not theirs, the first time)
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
    imported_kinds: list[frozenset] = field(default_factory=list)  # per import_waiting call

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
        listing = F.scan(folder)
        if not dry_run:
            F.remove_stale_temps(folder, me.fingerprint)
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
            result.pruned = _prune(db, folder, me, F.scan(folder), spec.keep_days)
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
                                         key.device_id if key else "")))
    for rid, fp, scope, label, age_recipient, changes in plan:
        if changes == 0:  # nothing new for them (what they sent us is not sent back)
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
            data_hash, size = F.sha256_of(local)
            envelope = {"format": F.ENVELOPE_FORMAT, "version": F.FORMAT_VERSION,
                        "package_id": exported.package_id, "package_file": name,
                        "sender": me.fingerprint, "recipients": [fp], "scope": scope,
                        "created_at": started.isoformat(timespec="seconds"),
                        "size": size, "sha256": data_hash}
            F.copy_into(spec.folder, name, local, me.fingerprint)
        F.write_into(spec.folder, name + ".json", F.signed(envelope, me.signer), me.fingerprint)
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


# --- receiving ------------------------------------------------------------------------------


def _known_key(db: Database, fp: str) -> ExchangeKnownKey | None:
    with db.session() as session:
        key = session.get(ExchangeKnownKey, fp)
        if key is not None:
            session.expunge(key)
        return key


def _imported_ids(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(ExchangeImport.package_id)))


def _receive(db: Database, mailbox: str, folder: Path, me: _Me, listing: F.Listing,
             result: MailboxReport) -> None:
    imported = _imported_ids(db)
    seen: set[str] = set()
    for env_path in listing.envelopes:
        match = F.envelope_parts(env_path)
        if match["recipient"] != short(me.fingerprint):
            continue  # for someone else
        pkg_name = env_path.name[:-len(".json")]
        obj = F.read_small(env_path)
        if obj is None:  # still arriving (a sync tool writes in place), or unreadable
            result.left.append(Left(pkg_name, WAIT_INCOMPLETE))
            continue
        if not F.valid_envelope(obj, pkg_name) or me.fingerprint not in obj["recipients"] \
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
        if not key.trusted or not F.verified(obj, key.sign_public):
            result.left.append(Left(pkg_name, WAIT_BAD_ENVELOPE))
            continue
        data = F.complete_bytes(folder / pkg_name, obj)
        if data is None:
            result.left.append(Left(pkg_name, WAIT_INCOMPLETE))
            continue
        waiting = _open(db, mailbox, folder / pkg_name, data, me, result, obj)
        if waiting is not None:
            result.waiting.append(waiting)
    _look_at_copies(db, mailbox, me, listing.copies, imported | seen, result)


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
    if preview.sender_status in ("new", "lookalike"):  # a lookalike: a new key, a known name
        result.left.append(Left(path.name, WAIT_UNKNOWN_SENDER, {
            "fingerprint": keys.pretty_fingerprint(pkg.sender.fingerprint)}))
        return None
    if preview.sender_status == "changed":
        result.left.append(Left(path.name, WAIT_KEY_CHANGED, {
            "sender": pkg.sender.name or "?",
            "fingerprint": keys.pretty_fingerprint(pkg.sender.fingerprint)}))
        return None
    return Waiting(mailbox, path, envelope or {}, pkg, preview, sender)


def _practices_target(session: Session, pkg: package.Package) -> str | None:
    """Good practices go into the only trajectory, when there is exactly one."""
    if pkg.scope != "practices":
        return None
    from app.models.core import Trajectory

    ids = session.scalars(select(Trajectory.id).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def _look_at_copies(db: Database, mailbox: str, me: _Me, copies: list[Path], known: set[str],
                    result: MailboxReport) -> None:
    """A sync tool's conflict copy (`… (1).bvx`, `*.sync-conflict-*`, `-DESKTOP-ABC`) is
    opened to see whether it holds a package not seen yet; then it is read like any package.
    Copies are never changed or deleted: they may be another laptop's."""
    for path in copies:
        if (not path.name.endswith(".bvx") and ".bvx." not in path.name) \
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
        with db.session() as session:
            target = _practices_target(session, w.pkg)
        try:
            outcome = importer.import_package(db, w.pkg, progress=_Quiet(progress),
                                              target_trajectory=target)
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
            _write_receipts(db, folder, me, F.scan(folder))
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

def _write_receipts(db: Database, folder: Path, me: _Me, listing: F.Listing) -> None:
    """For each sender with packages addressed to us in this folder: a signed list of the
    package ids imported here (rewritten only when it changed)."""
    senders = set()
    for env_path in listing.envelopes:
        match = F.envelope_parts(env_path)
        if match["recipient"] == short(me.fingerprint):
            obj = F.read_small(env_path)
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
        current = F.read_small(folder / name)
        if current and sorted(current.get("package_ids", [])) == sorted(ids):
            continue
        receipt = {"format": F.RECEIPT_FORMAT, "version": F.FORMAT_VERSION,
                   "recipient": me.fingerprint, "sender": sender, "package_ids": sorted(ids),
                   "updated_at": utcnow().isoformat(timespec="seconds")}
        F.write_into(folder, name, F.signed(receipt, me.signer), me.fingerprint)


def _confirmed(db: Database, me: _Me, listing: F.Listing) -> dict[str, set[str]]:
    """recipient fingerprint -> package ids their signed receipts confirm (copies too)."""
    result: dict[str, set[str]] = {}
    for path in [*listing.receipts, *[c for c in listing.copies
                                       if c.name.startswith("bv-receipt-")]]:
        obj = F.read_small(path)
        if not obj or obj.get("format") != F.RECEIPT_FORMAT or obj.get("sender") != me.fingerprint:
            continue
        recipient = obj.get("recipient")
        ids = obj.get("package_ids")
        if not isinstance(recipient, str) or not isinstance(ids, list):
            continue
        key = _known_key(db, recipient)
        if key is None or not F.verified(obj, key.sign_public):
            continue  # anyone can drop a file here; only the recipient can sign its receipt
        result.setdefault(recipient, set()).update(i for i in ids if isinstance(i, str))
    return result


def _prune(db: Database, folder: Path, me: _Me, listing: F.Listing, keep_days: int) -> int:
    """Remove this laptop's own packages that every recipient confirmed, and unconfirmed ones
    older than `keep_days` when a newer one for the same recipients is there."""
    confirmed = _confirmed(db, me, listing)
    own = []
    sign_public = base64.b64encode(keys.raw_public(me.signer)).decode()
    for env_path in listing.envelopes:
        match = F.envelope_parts(env_path)
        if match["sender"] != short(me.fingerprint):
            continue
        obj = F.read_small(env_path)
        if not F.valid_envelope(obj, env_path.name[:-5]) or obj["sender"] != me.fingerprint \
                or not F.verified(obj, sign_public):
            continue  # not provably ours: leave it
        own.append((env_path, obj))
    newest: dict[tuple, str] = {}
    for _path, obj in own:
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
        too_old = aware(made) < limit and obj["created_at"] < newest[group]
        if all_confirmed or too_old:
            # the envelope first: a package without its envelope is never read
            env_path.unlink(missing_ok=True)
            (folder / obj["package_file"]).unlink(missing_ok=True)
            removed += 1
    return removed


# --- status for the window ------------------------------------------------------------------


