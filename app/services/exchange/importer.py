"""Reading a package into the database: preview first, then one all-or-nothing transaction
after a backup. Merge rules: see app.services.exchange.merge and docs/exchange-format.md."""
from __future__ import annotations

import gc
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.exchange import ExchangeConflict, ExchangeImport
from app.services.changes import Changes
from app.services.database import Database
from app.services.errors import classify_os_error
from app.services.exchange import codec, keys, package, pg_bulk, state, tables
from app.services.exchange import errors as E
from app.services.exchange.errors import fail
from app.services.exchange.merge import (
    FieldMerge,
    Version,
    apply_erasure,
    bump,
    common_base,
    compare,
    leq,
    merge_fields,
    vmax,
)
from app.services.i18n import N_, ngettext
from app.services.progress import Progress

log = logging.getLogger(__name__)
# "erased": a change to an erased record, or a record under an erased one, that was dropped;
# "impossible": a copy claiming a version of this laptop's own it never made (left out)
ACTIONS = ("added", "updated", "unchanged", "conflict", "erased", "impossible")


@dataclass
class Decision:
    kind: str
    record_id: str
    action: str  # added | updated | unchanged | conflict | erased | impossible
    incoming: Any  # package.Incoming (None when skipped)
    content: dict[str, Any] | None = None  # new content (JSON form) when written
    vector: dict[str, int] | None = None
    ancestors: list[Version] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    fast_forward: bool = False
    relation: str = ""  # same | older | newer | concurrent ("" for a new record)
    local: Any = None
    local_state: Any = None
    dropped: bool = False  # not written at all (erased here, or belongs to an erased record)
    erases: bool = False  # this import erases the record (it was not erased here before)
    skipped: bool = False  # the very line accepted before, for an untouched row: not read
    line_hash: str = ""


@dataclass
class Preview:
    package_id: str
    scope: str
    created_at: str
    sender_name: str
    sender_organisation: str
    sender_device: str
    fingerprint: str
    sender_status: str  # self | trusted | new | changed | lookalike (keys.SenderCheck)
    encrypted: str
    already_imported: datetime | None
    counts: dict[str, dict[str, int]]  # kind -> action -> n
    conflicts: list[Decision]  # the decisions with conflicts (the others are only counted)

    def total(self, action: str) -> int:
        return sum(c.get(action, 0) for c in self.counts.values())


P_MISSING_PARENT = N_("an entry refers to another entry that is neither here nor in the "
                      "package")


_BLANKS: tuple[Any, ...] = (None, "", [], False, 0)


def _blank_erased(model: type[Any], d: Decision) -> None:
    """An erased record holds no personal data, whatever a package says: a copy that claims
    to be erased but still carries a name (hand-made, or a faulty sender) is stored blank."""
    cols = codec.columns(model)
    content = d.content
    assert content is not None, "an erased record that is written has its content"
    for name in model.PERSONAL_FIELDS:
        if name in content and content[name] not in _BLANKS:
            content[name] = codec.to_json(cols[name], _blank(cols[name]))
            if d.action == "unchanged":
                d.action = "updated"


def impossible_note(n: int) -> str:
    """The line an import report shows when copies with forged version numbers were left out."""
    return ngettext("{n} entry claimed a version this computer never made and was left out.",
                    "{n} entries claimed a version this computer never made and were left out.",
                    n).format(n=n)


def erased_note(n: int) -> str:
    """The line every import report shows when changes to erased records were dropped."""
    return ngettext("{n} change to an erased entry was ignored: what is erased stays erased.",
                    "{n} changes to erased entries were ignored: what is erased stays erased.",
                    n).format(n=n)


@dataclass
class ImportResult:
    preview: Preview
    changes: Changes
    backup: Path | None
    already_imported: datetime | None = None


def load(path: Path, *, identity_files: list[Path] | None = None, passphrase: str | None = None,
         session: Session | None = None) -> package.Package:
    """Read, decrypt and check a package file (with this installation's key if it has one).
    With a session, lines accepted here before are not checked again, and the records of a
    package already in the ledger (it changes nothing) are not read at all."""
    identities = [keys.read_identity_file(p) for p in identity_files or []]
    known: package.Known | None = None
    imported: Callable[[str], bool] | None = None
    if session is not None:
        ident = keys.get_identity(session)
        if ident is not None:
            import pyrage

            identities.append(pyrage.x25519.Identity.from_str(ident.age_identity))
        known = state.known_lines(session)
        imported = partial(_in_ledger, session)
    data = package.read_file(Path(path))
    with _old_objects_spared():
        return package.open_package(data, identities=identities, passphrase=passphrase,
                                    file_name=Path(path).name, known=known,
                                    already_imported=imported)


_SPARED = {"holders": 0}
_SPARED_LOCK = threading.Lock()


@contextmanager
def _old_objects_spared() -> Iterator[None]:
    """The objects alive before a package is checked or imported (modules, mappings, the
    records kept parsed) are left out of the garbage collector's full passes while it runs
    (`gc.freeze`): every record makes new objects, and each full pass walked all the old
    ones again (a sixth of an import's time at 30 000 records). Collection itself goes on;
    the old objects go back to it when the last import or check ends."""
    with _SPARED_LOCK:
        gc.freeze()
        _SPARED["holders"] += 1
    try:
        yield
    finally:
        with _SPARED_LOCK:
            _SPARED["holders"] -= 1
            if _SPARED["holders"] == 0:
                gc.unfreeze()


def _in_ledger(session: Session, package_id: str) -> bool:
    return session.get(ExchangeImport, package_id) is not None


def load_for(db: Database, path: Path, **kwargs) -> package.Package:
    with db.session() as session:
        return load(path, session=session, **kwargs)


# --- deciding ---------------------------------------------------------------------------------

def _unique_match(session: Session, model: type[Any], values: dict[str, Any]):
    """A local record with the same natural key (unique constraint), if any."""
    from sqlalchemy import UniqueConstraint

    cols = codec.columns(model)
    for constraint in model.__table__.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        names = [c.key for c in constraint.columns]
        if not all(n in values for n in names):
            continue
        stmt = select(model).execution_options(include_deleted=True)
        for n in names:
            stmt = stmt.where(getattr(model, n) == codec.from_json(cols[n], values[n]))
        found = session.scalars(stmt).first()
        if found is not None:
            return found
    return None


def _decide(session: Session, model: type[Any], inc: package.Incoming, local, st, fields: list[str],
            device: str, line: int = 0) -> Decision:
    kind = model.__tablename__
    cols = codec.columns(model)
    all_fields = codec.content_fields(model)
    if local is None:
        for name in codec.required_fields(model):
            if name not in inc.values:
                raise E.RecordError(line, kind, name, codec.P_EMPTY)
        return Decision(kind, inc.id, "added", inc, dict(inc.values), inc.vector,
                        [Version(v, {**inc.values, **values}) for v, values in inc.bases],
                        list(inc.masked))
    ours = codec.record_content(local, all_fields, cols)
    mine = state.local_version(st, ours, device)
    # masked values (pseudonyms) never overwrite a real value; only an erasure does. Fields
    # this copy holds only as a stand-in (pseudonym, or never received) take a real value.
    carried = [f for f in fields if f not in inc.masked and f in inc.values]
    stand_ins = set(mine.masked)
    lacking = [f for f in carried if f in stand_ins]
    relation = compare(mine.vector, inc.vector) if local.id == inc.id else "concurrent"
    decision = Decision(kind, local.id, "unchanged", inc, local=local, local_state=st,
                        relation=relation)
    if relation in ("same", "older"):
        merged = FieldMerge(dict(ours))
    elif relation == "newer":
        merged = FieldMerge({**ours, **{f: inc.values[f] for f in carried}})
        decision.fast_forward = True
    else:
        theirs_bases = [Version(v, {**ours, **values}) for v, values in inc.bases]
        base = common_base(mine.vector, inc.vector, [*mine.known, *theirs_bases])
        merged = merge_fields(ours, inc.values, base.content if base else None, carried)
    for name in lacking:
        merged.content[name] = inc.values[name]
        merged.conflicts.pop(name, None)
    apply_erasure(merged, ours, {**ours, **inc.values}, model.PERSONAL_FIELDS)
    theirs = {**ours, **{f: inc.values[f] for f in carried}}
    if relation in ("same", "older"):
        vector = mine.vector
    elif relation == "newer":
        vector = dict(inc.vector)
    elif merged.conflicts:
        vector = mine.vector if merged.content == ours else bump(mine.vector, device)
    else:
        vector = vmax(mine.vector, inc.vector)
        if merged.content not in (ours, theirs):
            vector = bump(vector, device)
    decision.content, decision.vector = merged.content, vector
    decision.conflicts = merged.conflicts
    decision.ancestors = [Version(inc.vector, {**ours, **{f: inc.values[f] for f in carried}}),
                          *[Version(v, {**ours, **values}) for v, values in inc.bases]]
    decision.masked = sorted(stand_ins - set(carried)) if mine.state else []
    if merged.conflicts:
        decision.action = "conflict"
    elif merged.content != ours:
        decision.action = "updated"
    return decision


def _poisoned(kind: str, inc: package.Incoming, local, st, device: str) -> Decision | None:
    """A copy whose vector claims a version of this laptop's own far beyond any it made
    (see package.MAX_OWN_CLAIM) is left out, so it cannot stop this laptop's packages."""
    claimed = inc.vector.get(device, 0)
    if claimed <= package.MAX_OWN_CLAIM:
        return None
    made = json.loads(st.vector).get(device, 0) + 1 if st is not None else 0
    if claimed <= made:
        return None
    log.warning("left out %s %s: its version claims %d of this laptop's own", kind, inc.id,
                claimed)
    return Decision(kind, local.id if local is not None else inc.id, "impossible", inc,
                    local=local, dropped=True)


def _erasure_drop(model: type[Any], inc: package.Incoming, local, st, gone: dict[str, set[str]],
                  fields: list[str], device: str) -> Decision | None:
    """An erasure is a tombstone that wins: a change to a record erased here, or a record
    that belongs to an erased one (a visit or consent of an erased person, a person of an
    erased campaign), is dropped. It is counted as "erased" when it would have changed
    something; an erased copy of such a record changes nothing and is left out quietly."""
    kind = model.__tablename__
    record_id = local.id if local is not None else inc.id
    erased_here = local is not None and getattr(local, "erased_at", None) is not None
    if inc.values.get("erased_at") and local is not None and not erased_here:
        return None  # the package brings this record's own erasure: it is applied
    parent_gone = False
    for key, parent in tables.owner_keys(model):
        value = inc.values[key] if key in inc.values else getattr(local, key, None)
        if value is not None and value in gone.get(parent, ()):
            parent_gone = True
            break
    if not erased_here and not parent_gone and record_id not in gone.get(kind, ()):
        return None
    if local is not None:
        cols = codec.columns(model)
        ours = codec.record_content(local, [f for f in fields if f in inc.values], cols)
        changes = any(ours.get(f) != inc.values[f] for f in ours if f not in inc.masked)
        if changes and st is not None:  # an older copy is no change (when we still know)
            content = codec.record_content(local, codec.content_fields(model), cols)
            mine = state.local_version(st, content, device)
            changes = compare(mine.vector, inc.vector) not in ("same", "older")
    else:
        changes = not inc.values.get("erased_at")
    return Decision(kind, record_id, "erased" if changes else "unchanged", inc, local=local,
                    dropped=True)


CHUNK = 500  # records decided (and written) at a time


def decide(session: Session, pkg: package.Package, device: str) -> Iterator[Decision]:
    """The decision for every record, parents first, a chunk at a time (never all at once).
    A line accepted here before whose row nobody touched since is skipped unread: its
    decision would be "unchanged" (see `state.unchanged_lines`)."""
    gone = tables.erased_ids(session)
    waiting = _pending_ids(session)
    touched: set[str] = set()  # added by this import: not a natural-key match (as before)
    for model in tables.ordered_models():
        kind = model.__tablename__
        if kind not in pkg.manifest["kinds"]:
            continue
        fields = pkg.manifest["kinds"][kind]["fields"]
        erased_here = gone.setdefault(kind, set())
        skip = {} if pkg.scope == "practices" else state.unchanged_lines(
            session, kind, _owner_columns(model),
            erased_here | {r for k, r in waiting if k == kind}, gone)
        # a table empty before this import holds only rows added by it: no record of the
        # package can meet a local row or state there (the short path of a first import)
        fresh = state.no_rows(session, kind)
        position = 0
        for chunk in _batched(pkg.iter_records(kind, skip), CHUNK):
            yield from _decide_chunk(session, model, chunk, skip, gone, fields, device,
                                     position, touched, fresh)
            position += len(chunk)


def _owner_columns(model: Any) -> list[tuple[str, str]]:
    cols = codec.columns(model)
    return [(cols[key].name, parent) for key, parent in tables.owner_keys(model)]


def _batched(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _decide_chunk(session: Session, model: Any, chunk: list, skip: dict, gone: dict,
                  fields: list[str], device: str, position: int, touched: set[str],
                  fresh: bool = False) -> Iterator[Decision]:
    """The decisions of one chunk. `fresh`: the table was empty before this import, so no
    row of it can be local to a record of the package (each id comes once: duplicates are
    refused when the package is opened) and no natural-key match can be one it had."""
    kind = model.__tablename__
    locals_: dict[str, Any] = {}
    states: dict[str, Any] = {}
    if not fresh:
        ids = [inc.id for _n, _h, inc in chunk if inc is not None]
        # the rows already here, as ORM objects (a plain look-up first: mostly none are);
        # a state is read only for a record that is here (`_decide_one` needs no other)
        present = state.present_ids(session, kind, ids)
        if present:
            stmt = select(model).where(model.id.in_(present)).execution_options(
                include_deleted=True)
            locals_ = {r.id: r for r in session.scalars(stmt)}
            states = state.load_states(session, kind, present)
    for offset, (_number, digest, inc) in enumerate(chunk, start=position + 1):
        if inc is None:  # the same line as before, the row untouched: nothing to do
            yield Decision(kind, skip[digest], "unchanged", None, relation="same",
                           skipped=True)
            continue
        decision = _decide_one(session, model, inc, locals_, states, gone, fields, device,
                               offset, None if fresh else touched)
        decision.line_hash = digest
        if decision.action == "added":
            touched.add(decision.record_id)
        yield decision


def _decide_one(session: Session, model: Any, inc: package.Incoming, locals_: dict,
                states: dict, gone: dict, fields: list[str], device: str, line: int,
                touched: set[str] | None) -> Decision:
    """`touched` None: the table was empty before this import (no natural-key match)."""
    kind = model.__tablename__
    erased_here = gone[kind]
    local = locals_.get(inc.id)
    if local is None and touched is not None:
        local = _unique_match(session, model, inc.values)
        if local is not None and local.id in touched:
            local = None  # a record of this very package: it was not here before
    st = states.get(local.id) if local is not None and local.id in states else None
    if local is not None and local.id != inc.id:
        st = state.load_states(session, kind, [local.id]).get(local.id)
    dropped = _poisoned(kind, inc, local, st, device) or _erasure_drop(
        model, inc, local, st, gone, fields, device)
    if dropped is not None:
        erased_here.add(dropped.record_id)  # what belongs to it goes too
        return dropped
    decision = _decide(session, model, inc, local, st, fields, device, line)
    if decision.content and decision.content.get("erased_at"):
        erased_here.add(decision.record_id)
        _blank_erased(model, decision)
        decision.erases = decision.action != "unchanged" and (
            local is None or getattr(local, "erased_at", None) is None)
    return decision


def _practices_decisions(session: Session, pkg: package.Package, target: str) -> list[Decision]:
    """Practices become new records of the receiving trajectory (ids derived, so a second
    import of the same practice adds nothing)."""
    decisions = []
    for model in tables.ordered_models():
        kind = model.__tablename__
        for inc in pkg.records.get(kind, []):
            new_id = str(uuid.uuid5(uuid.UUID(inc.id), target))
            values = dict(inc.values)
            for key, parent, _nullable in tables._foreign_keys(model):
                if key not in values or values[key] is None:
                    continue
                values[key] = target if parent == "trajectory" else str(
                    uuid.uuid5(uuid.UUID(values[key]), target))
            for f in model.PERSONAL_FIELDS:
                values.pop(f, None)
            values["deleted_at"] = values.get("deleted_at")
            exists = session.get(model, new_id, execution_options={"include_deleted": True})
            action = "unchanged" if exists is not None or values["deleted_at"] else "added"
            decisions.append(Decision(kind, new_id, action, inc, values))
    return decisions


def preview(session: Session, pkg: package.Package, device: str, own_fingerprint: str = "",
            target_trajectory: str | None = None, sink: Callable[[Decision], None] | None = None,
            progress: Progress | None = None) -> Preview:
    """What an import would do, without changing anything (`sink`, when given, receives
    every decision as it is made: the import writes them)."""
    sender = keys.check_sender(session, pkg.sender, own_fingerprint)
    ledger = session.get(ExchangeImport, pkg.package_id)
    decisions: Iterable[Decision]
    if ledger is not None:
        decisions = []
    elif pkg.scope == "practices":
        if not target_trajectory:
            raise fail(E.NO_TARGET)
        decisions = _practices_decisions(session, pkg, target_trajectory)
    else:
        decisions = decide(session, pkg, device)
    counts: dict[str, dict[str, int]] = {}
    conflicts, total = [], sum(pkg.count(k) for k in pkg.kinds)
    for number, d in enumerate(decisions):
        if progress is not None and number % CHUNK == 0:
            progress.step(number, total)
        per = counts.setdefault(d.kind, dict.fromkeys(ACTIONS, 0))
        per[d.action] += 1
        if d.conflicts:
            conflicts.append(d)
        if sink is not None:
            sink(d)
    m = pkg.manifest
    return Preview(pkg.package_id, pkg.scope, m["created_at"], sender.name,
                   sender.organisation, pkg.sender.device_id, pkg.sender.fingerprint,
                   sender.status, pkg.encrypted, ledger.imported_at if ledger else None,
                   counts, conflicts)


def preview_for(db: Database, pkg: package.Package, target_trajectory: str | None = None
                ) -> Preview:
    with db.session() as session:
        return preview(session, pkg, db.device_id, own_fingerprint(session, db.device_id),
                       target_trajectory)


def own_fingerprint(session: Session, device: str) -> str:
    ident = keys.get_identity(session)
    return keys.own_public(ident, device).fingerprint if ident is not None else ""


# --- writing ----------------------------------------------------------------------------------

def _python(model: type[Any], content: dict[str, Any]) -> dict[str, Any]:
    return codec.python_of(model, content)


def _write(session: Session, model: type[Any], d: Decision, device: str, now,
           practices: bool) -> None:
    """A decision through the ORM: an update, a merge, or a practice added here."""
    meta = d.incoming.meta
    cols = codec.columns(model)
    content = d.content
    assert content is not None, "_decide fills the content of a record it writes"
    if d.action == "added" and d.local is None:  # a practice: a new record of this trajectory
        obj = model(id=d.record_id, **_python(model, content))
        for key, value in _sync_values(meta, cols, now).items():
            setattr(obj, key, value)
        session.add(obj)
        return
    obj = d.local
    if d.action in ("updated", "conflict"):
        for key, value in _python(model, content).items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
        if d.fast_forward and meta:
            obj.updated_at = codec.from_json(cols["updated_at"], meta["updated_at"]) if \
                meta.get("updated_at") else now
            obj.device_id = meta.get("device_id", obj.device_id)
            obj.base_revision = obj.revision
            obj.revision = max(obj.revision, meta.get("revision", 0)) + 1
        else:
            obj.base_revision, obj.revision = obj.revision, obj.revision + 1
            obj.updated_at, obj.device_id = now, device
    if d.action == "unchanged" and d.vector == json.loads(
            d.local_state.vector if d.local_state is not None else "null"):
        return
    state.save_state(session, d.kind, d.record_id, d.local_state, d.vector, content,
                     d.ancestors if not d.conflicts else None, d.masked)


def _sync_values(meta: dict[str, Any], cols: dict[str, Any], now) -> dict[str, Any]:
    """The version fields of a record added from a package, as its sender had them."""
    return {
        "created_at": codec.from_json(cols["created_at"], meta["created_at"])
        if meta.get("created_at") else now,
        "updated_at": codec.from_json(cols["updated_at"], meta["updated_at"])
        if meta.get("updated_at") else now,
        "device_id": meta.get("device_id", ""), "revision": meta.get("revision", 1),
        "base_revision": meta.get("base_revision", 0)}


class _Writer:
    """Writes the decisions as they are made. Records that are simply added go in bulk (one
    INSERT per chunk for the rows and one for their states); everything else goes through
    the ORM as before. For a record whose state now holds the incoming line's version, the
    line's and the row's fingerprints are kept, so the same line later is skipped unread."""

    def __init__(self, session: Session, pkg: package.Package, device: str, sender: str,
                 stream: pg_bulk.CopyStream | None = None):
        self.session, self.pkg, self.device, self.sender = session, pkg, device, sender
        self.stream = stream  # PostgreSQL: the added rows go to its writer thread
        self.practices = pkg.scope == "practices"
        self.models = tables.models_by_kind()
        self.now, self.waiting = utcnow(), _pending_ids(session)
        self.kind = ""
        self.dialect = session.get_bind().dialect
        self.rows: list[tuple[tuple[Any, ...], dict[str, Any], Decision]] = []
        self.fingerprints: dict[str, str] = {}
        self.kinds: set[str] = set()
        self.erases = False
        self.backup: Callable[[], Path] | None = None
        self.made: Path | None = None

    def __call__(self, d: Decision) -> None:
        if d.kind != self.kind:  # parents are written before their children
            self.finish()
            self.kind = d.kind
        if d.skipped:
            return
        if self.backup is not None:
            # the pre-import copy, taken only when something may change. This transaction
            # holds the write lock and has written nothing yet, so the copy (read through its
            # own connection) is the data as it was: a package whose every record is known
            # and untouched changes nothing and needs none
            self.made, self.backup = self.backup(), None
        if d.dropped or (d.action == "unchanged" and self.practices):
            if d.dropped and (d.kind, d.record_id) in self.waiting:
                _close_erased_conflicts(self.session, d.kind, d.record_id)
            return
        model = self.models[d.kind]
        if self._simply_added(d):
            self.rows.append((*_new_row(model, d, self.now, self.dialect), d))
            if len(self.rows) >= CHUNK:
                self._insert()
        else:
            _write(self.session, model, d, self.device, self.now, self.practices)
            if _keeps_line(d) and not self.practices:
                self.fingerprints[d.record_id] = d.line_hash
        _record_conflicts(self.session, d, self.pkg, self.waiting, self.sender)
        if d.action != "unchanged":
            self.kinds.add(d.kind)
        self.erases = self.erases or d.erases

    def _simply_added(self, d: Decision) -> bool:
        """A new record with nothing local to merge with: it goes in bulk."""
        return d.action == "added" and d.local is None and not self.practices

    def _insert(self) -> None:
        """The added rows, then their states with the fingerprints of line and row."""
        if not self.rows:
            return
        model = self.models[self.kind]
        stored_rows = [stored for stored, _c, _d in self.rows]
        names = [col.name for col in codec.columns(model).values()]
        if self.stream is not None:  # COPY by the writer thread, in the same transaction
            self.stream.put(pg_bulk.Chunk(model.__tablename__, names, stored_rows,
                                          list(state.NEW_COLUMNS), self._states(None)))
            self.rows = []
            return
        if self.dialect.name == "postgresql":  # COPY, in the same transaction
            pg_bulk.copy_rows(self.session, model.__tablename__, names, stored_rows)
        else:
            self.session.connection().exec_driver_sql(_insert_sql(model, self.dialect),
                                                      stored_rows)
        digests = state.row_hashes(self.session, self.kind,
                                   [d.record_id for _s, _c, d in self.rows])
        state.insert_new_states(self.session, self._states(digests))
        self.rows = []

    def _states(self, digests: dict[str, str] | None) -> list[tuple[str | None, ...]]:
        """The first states of the added rows; without `digests`, a row fingerprint to be
        taken is None (the writer thread asks the server for it)."""
        states = []
        for _stored, content, d in self.rows:
            assert d.vector is not None and d.content is not None  # an added record's
            masked = _absent(self.kind, tuple(d.content)).union(d.masked)
            hashes = (d.line_hash, digests[d.record_id] if digests is not None else None) \
                if _keeps_line(d) else ("", "")
            states.append(state.new_state_row(d.kind, d.record_id, d.vector, content,
                                              d.ancestors, masked, hashes))
        return states

    def finish(self) -> None:
        """End of a kind: everything written, then the fingerprints of the ORM's records."""
        self._insert()
        self.session.flush()
        if self.fingerprints:
            state.store_hashes(self.session, self.kind, self.fingerprints)
            self.fingerprints = {}


@lru_cache(maxsize=256)  # key sets come from packages: bounded
def _absent(kind: str, present: tuple[str, ...]) -> frozenset[str]:
    """The content fields a record added without them holds only as defaults (masked)."""
    fields = codec.content_fields(tables.models_by_kind()[kind])
    return frozenset(f for f in fields if f not in present)


_INSERTS: dict[tuple[Any, str], str] = {}


def _insert_sql(model: Any, dialect) -> str:
    """One INSERT of every column, for the driver's executemany, with the driver's own
    placeholder (SQLite's qmark, psycopg's format)."""
    found = _INSERTS.get((model, dialect.paramstyle))
    if found is None:
        cols = codec.columns(model)
        names = ", ".join(f'"{col.name}"' for col in cols.values())
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        found = _INSERTS[(model, dialect.paramstyle)] = (
            f'INSERT INTO "{model.__tablename__}" ({names}) '
            f'VALUES ({", ".join([mark] * len(cols))})')
    return found


def _keeps_line(d: Decision) -> bool:
    """Whether the record's state now holds exactly the incoming line's version."""
    return bool(d.line_hash) and not d.conflicts and d.vector == d.incoming.vector and \
        d.action in ("added", "updated", "unchanged")


_MISSING = object()


def _new_row(model: Any, d: Decision, now, dialect) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Every column of a record added from a package as the driver stores it (defaults filled
    in, as a flush would), and its content in JSON form (for its state). Checked JSON values
    go straight to their stored form (`codec.row_plan`); the rest through the bind
    processors, as SQLAlchemy would. The version fields come from the line's meta (a content
    value cannot override them; only an "id" among the values overrides the record's)."""
    meta, given = d.incoming.meta, d.content or {}
    version = {"device_id": meta.get("device_id", ""), "revision": meta.get("revision", 1),
               "base_revision": meta.get("base_revision", 0)}
    for key in ("created_at", "updated_at"):
        if meta.get(key):
            version[key] = meta[key]
    if "id" not in given:
        version["id"] = d.record_id
    stored, content = [], {}
    for key, convert, empty, default, process, is_content in _row_steps(model, dialect, now):
        value = version[key] if key in version else given.get(key, _MISSING)
        if value is _MISSING:
            kept, value = default or _default_pair(model, key, process, now)
            stored.append(kept)
        elif value is None:
            stored.append(empty[0] if empty is not None else codec.stored_value(
                codec.columns(model)[key], convert, None))  # refused, as the long way
        else:
            stored.append(value if convert is None else convert(value))
        if is_content:
            content[key] = value
    return tuple(stored), content


@lru_cache(maxsize=64)
def _row_steps(model: Any, dialect, now) -> tuple[tuple[Any, ...], ...]:
    """Per column, worked out once per import: (field, checked JSON value -> stored value,
    what an empty value is stored as (None: refused), (stored, JSON form) of its value when
    a package has none (None: a callable default, made per record), the bind processor of a
    Python value, whether it is content)."""
    fields, defaults = _field_set(model), _defaults(model, dialect, now)
    return tuple((key, convert, empty, defaults.get(key), process, key in fields)
                 for key, convert, process, empty in codec.row_plan(model, dialect))


@codec.per_model
def _field_set(model: Any) -> frozenset[str]:
    return frozenset(codec.content_fields(model))


@lru_cache(maxsize=64)
def _defaults(model: Any, dialect, now) -> dict[str, tuple[Any, Any]]:
    """column -> (stored, JSON form) of its value when a package has none, for the columns
    whose default is fixed during one import (see `_default`)."""
    return {key: _default_pair(model, key, process, now)
            for key, _convert, process, _empty in codec.row_plan(model, dialect)
            if not _callable_default(key, codec.columns(model)[key])}


def _callable_default(key: str, column) -> bool:
    return key not in ("created_at", "updated_at") and column.default is not None and \
        column.default.is_callable


def _default_pair(model: Any, key: str, process, now) -> tuple[Any, Any]:
    column = codec.columns(model)[key]
    value = _default(key, column, now)
    return (value if process is None else process(value)), codec.to_json(column, value)


def _default(key: str, column, now) -> Any:
    """A column's value when the package has none: the time of import for the two dates of
    the record, else the column's default."""
    if key in ("created_at", "updated_at"):
        return now
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _pending_ids(session: Session) -> set[tuple[str, str]]:
    stmt = select(ExchangeConflict.kind, ExchangeConflict.record_id).where(
        ExchangeConflict.resolved_at.is_(None))
    return {(kind, record_id) for kind, record_id in session.execute(stmt).all()}


def _close_erased_conflicts(session: Session, kind: str, record_id: str) -> None:
    """An erased record has nothing left to choose: its waiting conflicts are closed and
    their values forgotten, so no choice can write an erased value back."""
    now = utcnow()
    for c in session.scalars(select(ExchangeConflict).where(
            ExchangeConflict.kind == kind, ExchangeConflict.record_id == record_id,
            ExchangeConflict.resolved_at.is_(None))):
        c.resolved_at, c.resolution = now, "erased"
        c.local_value = c.incoming_value = "null"


def _record_conflicts(session: Session, d: Decision, pkg: package.Package,
                      waiting: set[tuple[str, str]], sender_name: str) -> None:
    if not d.conflicts and (d.kind, d.record_id) not in waiting:
        return
    if d.content is not None and d.content.get("erased_at"):
        _close_erased_conflicts(session, d.kind, d.record_id)
        return
    pending = {c.field: c for c in session.scalars(select(ExchangeConflict).where(
        ExchangeConflict.kind == d.kind, ExchangeConflict.record_id == d.record_id,
        ExchangeConflict.resolved_at.is_(None)))}
    now = utcnow()
    for c in pending.values():
        # a newer or merged version settled it; an old copy arriving again settles nothing
        if (d.relation in ("newer", "concurrent") and c.field not in d.conflicts
                and leq(json.loads(c.incoming_vector), d.incoming.vector)):
            c.resolved_at, c.resolution = now, "superseded"
    for name, (ours, theirs) in d.conflicts.items():
        old = pending.get(name)
        if old is not None and json.loads(old.incoming_value) == theirs:
            continue
        if old is not None:
            old.resolved_at, old.resolution = now, "superseded"
        session.add(ExchangeConflict(
            kind=d.kind, record_id=d.record_id, field=name, local_value=state.dumps(ours),
            incoming_value=state.dumps(theirs), incoming_vector=state.dumps(d.incoming.vector),
            package_id=pkg.package_id, sender_name=sender_name[:200]))


def import_package(db: Database, pkg: package.Package, *, progress: Progress | None = None,
                   trust_new_key: bool = False, target_trajectory: str | None = None,
                   backup: bool = True) -> ImportResult:
    """Apply a package in one transaction, after a backup of a data file (a shared database
    is backed up with pg_dump, docs/lead-server.md); all or nothing."""
    try:
        return _import_package(db, pkg, progress, trust_new_key, target_trajectory, backup)
    except (OperationalError, sqlite3.Error, OSError) as exc:  # locked database, full disk...
        known = classify_os_error(exc)
        if known is None:
            raise
        raise known from exc


def _import_package(db: Database, pkg: package.Package, progress: Progress | None,
                    trust_new_key: bool, target_trajectory: str | None,
                    backup: bool) -> ImportResult:
    from app.services.backup import make_backup

    progress = progress or Progress()
    # the checks that come before the backup; the decisions are made once, in the transaction
    with db.session() as session:
        fingerprint = own_fingerprint(session, db.device_id)
        sender = keys.check_sender(session, pkg.sender, fingerprint)
        if session.get(ExchangeImport, pkg.package_id) is not None:  # no decisions to make
            first = preview(session, pkg, db.device_id, fingerprint, target_trajectory)
            return ImportResult(first, Changes(), None, first.already_imported)
    if pkg.scope == "practices" and not target_trajectory:
        raise fail(E.NO_TARGET)
    if sender.status == "changed" and not trust_new_key:
        raise fail(E.KEY_CHANGED, sender=pkg.sender.name or pkg.sender.organisation or "?",
                   fingerprint=keys.pretty_fingerprint(pkg.sender.fingerprint))
    if sender.status == "lookalike" and not trust_new_key:
        raise fail(E.KEY_LOOKALIKE, sender=pkg.sender.name,
                   fingerprint=keys.pretty_fingerprint(pkg.sender.fingerprint))
    try:
        with _old_objects_spared(), db.transaction() as session, _page_cache(session), \
                pg_bulk.copy_stream(session) as stream:
            pg_bulk.lock_sender(session, pkg.sender.device_id)  # one sender at a time
            if session.get(ExchangeImport, pkg.package_id) is not None:  # imported meanwhile
                first = preview(session, pkg, db.device_id, fingerprint, target_trajectory)
                return ImportResult(first, Changes(), None, first.already_imported)
            session.info["sync_import"] = pkg.scope != "practices"
            fingerprint = own_fingerprint(session, db.device_id)
            checked = keys.check_sender(session, pkg.sender, fingerprint)
            writer = _Writer(session, pkg, db.device_id, checked.name or checked.organisation,
                             stream)
            # made before the first change, of the data as it was committed; a shared database
            # (PostgreSQL) is backed up with pg_dump, and an import there is one transaction
            if backup and db.engine.dialect.name == "sqlite":
                writer.backup = lambda: make_backup(db.path, "pre-import")
            result = preview(session, pkg, db.device_id, fingerprint, target_trajectory,
                             sink=writer, progress=progress)
            writer.finish()
            kinds = writer.kinds
            if writer.erases:
                kinds |= _cascade_erasure(session, writer.now)
            total = sum(pkg.count(k) for k in pkg.kinds)
            progress.step(total, total)
            if result.sender_status in ("new", "changed", "lookalike"):
                keys.trust_key(session, pkg.sender)
            _ledger(session, pkg, result)
    except IntegrityError as exc:
        log.warning("import refused: %s", exc.orig)
        raise E.RecordError("-", "-", "", P_MISSING_PARENT) from None

    changes = Changes(frozenset(kinds | {"exchange_conflict", "exchange_import"}))
    return ImportResult(result, changes, writer.made)


#: SQLite's page cache while an import writes (KiB; the app's connections keep SQLite's 2 MB).
#: Rows and states go into indexes of random ids: once these outgrow the cache, every insert
#: reads pages back in. Bounded, so memory stays flat whatever the package's size.
IMPORT_CACHE_KIB = 32 * 1024


@contextmanager
def _page_cache(session: Session) -> Iterator[None]:
    """A larger page cache on SQLite for the import's transaction, given back after it
    (the connection returns to the pool). Durability is untouched: `synchronous` and the
    journal stay as the app sets them. PostgreSQL's own settings are left alone."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        try:
            connection.exec_driver_sql(f"PRAGMA cache_size = {before}")
        except (OperationalError, sqlite3.Error) as exc:  # a broken connection: not reused
            log.warning("page cache not reset after an import: %s", exc)


def _blank(column) -> Any:
    kind = codec._kind(column.type)
    if kind == "codelist":
        return []
    if column.nullable:
        return None
    return {"str": "", "int": 0, "float": 0.0, "bool": False}.get(kind)


def _cascade_erasure(session: Session, now) -> set[str]:
    """A campaign or person erased by this package takes along what belongs to it here, also
    records the sender never had (a person added on this laptop): personal fields blanked,
    erased and deleted, as an erasure made here would."""
    touched = set()
    gone = tables.erased_ids(session)  # erased records and all that belongs to them
    for model in tables.ordered_models():
        ids = gone.get(model.__tablename__, set())
        if not ids:
            continue
        cols = codec.columns(model)
        has_erased = "erased_at" in cols
        ordered = sorted(ids)
        found: list[Any] = []
        for start in range(0, len(ordered), 400):
            stmt = select(model).where(model.id.in_(ordered[start:start + 400])
                                       ).execution_options(include_deleted=True)
            if has_erased:
                stmt = stmt.where(model.erased_at.is_(None))
            found.extend(session.scalars(stmt))
        for obj in found:
            for name in model.PERSONAL_FIELDS:
                if name in cols and getattr(obj, name) != _blank(cols[name]):
                    setattr(obj, name, _blank(cols[name]))
            if has_erased:
                obj.erased_at = now
            obj.deleted_at = obj.deleted_at or now
            obj.updated_at, obj.revision = now, obj.revision + 1
            touched.add(model.__tablename__)
        session.flush()
    return touched


def _ledger(session: Session, pkg: package.Package, result: Preview) -> None:
    m = pkg.manifest
    session.add(ExchangeImport(
        package_id=pkg.package_id, scope=pkg.scope,
        created_at=codec.from_json(codec.columns(ExchangeImport)["created_at"], m["created_at"])
        if "+" in m["created_at"] or m["created_at"].endswith("Z") else None,
        sender_device=pkg.sender.device_id[:36], sender_name=result.sender_name[:200],
        sender_organisation=result.sender_organisation[:200],
        fingerprint=pkg.sender.fingerprint,
        file_name=pkg.file_name, summary=state.dumps(result.counts)))
