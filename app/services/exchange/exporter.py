"""Making a package: choose rows by scope and trajectory, hide personal fields, sign, encrypt,
write atomically. `export_package()` is a long job (takes a Progress)."""
from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.models.core import Trajectory
from app.services.database import Database, schema_heads
from app.services.errors import classify_os_error
from app.services.exchange import codec, keys, package, state, tables
from app.services.exchange import errors as E
from app.services.exchange.errors import fail
from app.services.exchange.merge import Version
from app.services.progress import Progress

MIN_PASSPHRASE = 8
CHUNK_ROWS = 1000  # rows read, and states written, at a time


@dataclass
class ExportResult:
    path: Path
    package_id: str
    scope: str
    counts: dict[str, int]
    encryption: str  # "", "key" or "passphrase"
    recipients: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def check_passphrase(passphrase: str | None) -> None:
    if passphrase is None:
        return
    if not passphrase.strip():
        raise fail(E.EMPTY_PASSPHRASE)
    if len(passphrase) < MIN_PASSPHRASE:
        raise fail(E.SHORT_PASSPHRASE)


def ensure_identity(session: Session, device_name: str) -> None:
    """Make this installation's keys on its first export (named after the computer and the
    organisation of its first trajectory); they can be renamed in the keys dialog."""
    if keys.get_identity(session) is not None:
        return
    organisation = session.scalar(select(Trajectory.organisation).where(
        Trajectory.organisation != "").order_by(Trajectory.created_at)) or ""
    keys.create_identity(session, device_name, organisation)


def trajectory_ids(session: Session, names: list[str] | None) -> list[str] | None:
    if not names:
        return None
    result = []
    for name in names:
        tid = session.scalar(select(Trajectory.id).where(Trajectory.name == name))
        if tid is None:
            raise fail(E.NO_TRAJECTORY, name=name)
        result.append(tid)
    return result


def _fast_dumps() -> Callable[[Any], str]:
    """`state.dumps`, the same text, without its set-up on every call (json's `encode` makes a
    new C encoder each time); `state.dumps` itself where json has no C encoder."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return state.dumps
    base = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    chunks = make(None, base.default, json.encoder.encode_basestring, None, ":", ",", True,
                  False, True)
    return lambda value: "".join(chunks(value, 0))


dumps = _fast_dumps()
_TEXT = json.encoder.encode_basestring  # a text's JSON form, as `dumps` writes it
_META = ("id", "created_at", "updated_at", "device_id", "revision", "base_revision")


@dataclass
class _Kind:
    """One table in this export: how its plain rows (every column, in `codec.columns` order)
    become lines."""

    plan: tables.KindPlan
    content: tuple[tuple[str, int, Callable[[Any], Any] | None], ...]  # field, position, read
    meta: tuple[tuple[int, Callable[[Any], Any] | None], ...]  # the `_META` columns likewise
    device: str
    secret: bytes

    @property
    def first(self) -> str:
        """The vector of a record never exchanged, as JSON."""
        return dumps({self.device: 1})

    @property
    def masked(self) -> str:
        """The hidden fields of a record never exchanged, as JSON."""
        return dumps(sorted(set(self.plan.masked)))

    @property
    def whole(self) -> bool:
        """Nothing hidden and every content field carried: the values are the content."""
        return not self.plan.masked and len(self.plan.fields) == len(self.content)


def _kind_of(plan: tables.KindPlan, dialect: Any, device: str, secret: bytes) -> _Kind:
    cols = codec.columns(plan.model)
    position = {key: i for i, key in enumerate(cols)}
    read = {key: codec.from_read(column, dialect) for key, column in cols.items()}
    return _Kind(plan, tuple((key, position[key], read[key])
                             for key in codec.content_fields(plan.model)),
                 tuple((position[key], read[key]) for key in _META), device, secret)


class _Sent:
    """The versions an export sends, written to the exchange state a chunk at a time: a
    record's first version as a ready row (one `executemany` of plain tuples), a later one
    through `state.StateWriter` (the version before becomes an ancestor)."""

    def __init__(self, session: Session):
        self.session, self.later = session, state.StateWriter(session, CHUNK_ROWS)
        self.first: list[tuple[str, ...]] = []

    def add_first(self, kind: str, record_id: str, vector: str, content: str) -> None:
        # as `state.state_values` makes them for a record without a state
        self.first.append((kind, record_id, vector, content, "[]", "[]", "", ""))

    def flush(self) -> None:
        if self.first:
            connection = self.session.connection()
            connection.exec_driver_sql(state._insert_sql(state.mark(connection)), self.first)
            self.first = []
        self.later.flush()


def _meta_json(created: Any, updated: Any, device_id: Any, revision: Any,
               base_revision: Any) -> str:
    """`dumps` of the line's meta object, written out for the usual types."""
    if (type(created) is str and type(updated) is str and type(device_id) is str
            and type(revision) is int and type(base_revision) is int):
        return (f'{{"base_revision":{base_revision},"created_at":{_TEXT(created)},'
                f'"device_id":{_TEXT(device_id)},"revision":{revision},'
                f'"updated_at":{_TEXT(updated)}}}')
    return dumps({"created_at": created, "updated_at": updated, "device_id": device_id,
                  "revision": revision, "base_revision": base_revision})


def _hide(secret: bytes, plan: tables.KindPlan, content: dict[str, Any]) -> dict[str, Any]:
    values = {f: content[f] for f in plan.fields if f in content}
    for f in plan.masked:
        if f in plan.coarse:
            values[f] = tables.coarse_value(plan.coarse[f], f, content)
        else:
            values[f] = tables.mask_value(secret, plan.model, f, values.get(f),
                                          pseudonyms=plan.scope != "lead")
    return values


def _kind_lines(session: Session, kind: _Kind, chunks: Iterator[Sequence[Any]], sent: _Sent
                ) -> Iterator[bytes]:
    """The package lines of one table, chunk by chunk; records the versions sent."""
    at = kind.meta[0][0]  # the id's position: the rows are sorted by it
    first, masked, whole = kind.first, kind.masked, kind.whole
    saves = kind.plan.scope != "practices"
    for rows in chunks:
        known = state.states_between(session, kind.plan.kind, rows[0][at], rows[-1][at])
        for row in rows:
            rec_id, *meta = [row[i] if read is None else read(row[i]) for i, read in kind.meta]
            content = {key: row[i] if read is None else read(row[i])
                       for key, i, read in kind.content}
            st = known.get(rec_id) if known else None
            if st is None:  # never exchanged: its first version, with no bases
                vector, bases, hidden, content_json = first, "[]", masked, dumps(content)
                if saves:
                    sent.add_first(kind.plan.kind, rec_id, vector, content_json)
            else:
                vector, bases, hidden, content_json = _known(kind, rec_id, st, content, sent)
            values = content_json if whole else dumps(_hide(kind.secret, kind.plan, content))
            yield (f'{{"bases":{bases},"id":{_TEXT(rec_id)},"masked":{hidden},'
                   f'"meta":{_meta_json(*meta)},"values":{values},"vector":{vector}}}'
                   ).encode()
        sent.flush()


def _known(kind: _Kind, rec_id: str, st: Any, content: dict[str, Any], sent: _Sent
           ) -> tuple[str, str, str, str]:
    """A record exchanged before: (vector, bases, masked fields, content) as JSON; a version
    changed here since is recorded as sent."""
    plan = kind.plan
    content_json = dumps(content)
    if content_json == st.content and "NaN" not in content_json:
        # the very text last exchanged, so the same values (NaN aside, which never equals
        # itself): unchanged, without reading the stored content back
        local = state.LocalVersion(json.loads(st.vector), False, st)
        # the last version has this very vector: never a base
        earlier = local.ancestors if st.ancestors != "[]" else []
    else:
        local = state.local_version(st, content, kind.device)
        earlier = local.known
    # possible common ancestors for the receiver: the version last received here and
    # the version last sent from here
    bases = [Version(b.vector, _hide(kind.secret, plan, b.content))
             for b in earlier if b.vector != local.vector][:package.MAX_BASES]
    # the content and the vector encoded once, for the line and the state
    encoded = dumps(local.vector), content_json
    if local.dirty and plan.scope != "practices":
        # this version is now sent: remember it, so later edits raise the counter again
        sent.later.save(plan.kind, rec_id, st, local.vector, content, encoded=encoded)
    hidden_before = local.masked if st.masked != "[]" else []
    masked = sorted(set(plan.masked) | (set(hidden_before) & set(plan.fields)))
    based = dumps([{"vector": b.vector, "values": b.content} for b in bases]) if bases else "[]"
    return encoded[0], based, dumps(masked), encoded[1]


def collect(session: Session, scope: str, names: list[str] | None, device: str,
            device_name: str, progress: Progress, attachments: bool = False
            ) -> tuple[dict, package.PackageWriter]:
    """Manifest (without checksums) and the zip with the members written; records the sent
    versions. Rows are read and written a chunk at a time, never all at once."""
    ident = keys.require_identity(session)
    secret = base64.b64decode(ident.pseudonym_secret)
    # an erased record's older versions never travel as bases, whatever arrived since
    from app.services import erasure

    erasure.purge_erased(session)
    ids = trajectory_ids(session, names)
    plans = tables.scope_plan(scope, attachments)
    writer, sent = package.PackageWriter(), _Sent(session)
    dialect = session.get_bind().dialect
    kinds, counts = {}, {}
    for number, (plan, chunks) in enumerate(tables.stream_rows(
            session, plans, ids, CHUNK_ROWS, codec.reads_stored(dialect))):
        progress.step(number, len(plans) + 1)
        kind = _kind_of(plan, dialect, device, secret)
        lines = _kind_lines(session, kind, chunks, sent)
        counts[plan.kind] = writer.member(f"records/{plan.kind}.jsonl", lines)
        kinds[plan.kind] = {"fields": plan.fields, "masked": plan.masked}
    sent.flush()
    public = keys.own_public(ident, device)
    chosen = [] if ids is None else [
        {"id": t.id, "name": t.name, "municipality": t.municipality}
        for t in session.scalars(select(Trajectory).where(Trajectory.id.in_(ids)))]
    manifest = {
        "format": package.FORMAT, "format_version": package.FORMAT_VERSION,
        "app_version": __version__, "schema_heads": sorted(schema_heads()),
        "package_id": str(uuid.uuid4()),
        "created_at": codec.utcnow_iso(),
        "sender": {"device_id": device, "device_name": device_name, "name": ident.name,
                   "organisation": ident.organisation, "sign_public": public.sign_public,
                   "age_recipient": public.age_recipient, "fingerprint": public.fingerprint},
        "scope": scope, "attachments": attachments, "trajectories": chosen,
        "counts": counts, "kinds": kinds,
    }
    return manifest, writer


def export_package(db: Database, out: Path, scope: str, *, trajectories: list[str] | None = None,
                   recipients: list[str] | None = None, passphrase: str | None = None,
                   attachments: bool = False, progress: Progress | None = None
                   ) -> ExportResult:
    """Write a package file. Full and lead packages are always encrypted: to the given
    recipients' keys or a passphrase; a lead package without either goes to the key marked
    as the lead organisation's, and is refused when there is none."""
    progress = progress or Progress()
    if scope not in tables.SCOPES:
        raise ValueError(scope)
    check_passphrase(passphrase)
    recipients = list(recipients or [])
    if scope == "full" and not recipients and not passphrase:
        raise fail(E.NO_RECIPIENT)
    with db.transaction() as session:
        ensure_identity(session, db.device_name)
        if scope == "lead" and not recipients and not passphrase:
            lead = keys.lead_key(session)
            if lead is None or not lead.age_recipient:
                raise fail(E.NO_LEAD_KEY)
            recipients = [lead.age_recipient]
        manifest, writer = collect(session, scope, trajectories, db.device_id,
                                   db.device_name, progress, attachments)
        signer = keys.signing_key(keys.require_identity(session))
        plain = writer.finish(manifest, signer.sign)
    # committed first: a version once written to a file is never numbered twice
    progress.step(len(manifest["kinds"]), len(manifest["kinds"]) + 1)
    try:
        package.write_encrypted(Path(out), plain, recipients, passphrase, progress)
    except OSError as exc:
        known = classify_os_error(exc)
        if known is not None:
            raise known from exc
        raise fail(E.CANNOT_WRITE, name=str(out), detail=exc.strerror or str(exc)) from exc
    encryption = "passphrase" if passphrase else ("key" if recipients else "")
    return ExportResult(Path(out), manifest["package_id"], scope, manifest["counts"],
                        encryption, recipients)


def manifest_json(manifest: dict) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2)
