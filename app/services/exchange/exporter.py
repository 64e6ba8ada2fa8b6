"""Making a package: choose rows by scope and trajectory, hide personal fields, sign, encrypt,
write atomically. `export_package()` is a long job (takes a Progress)."""
from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator, Sequence
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


def _line(rec_id: str, vector: str, values: str, bases: list[Version], masked: list[str],
          meta: dict[str, Any]) -> bytes:
    """The record's line, `state.dumps` of its object, with the vector and values given
    already encoded (the same text goes into the state): the keys in sorted order."""
    dumps = state.dumps
    based = dumps([{"vector": b.vector, "values": b.content} for b in bases]) if bases else "[]"
    return (f'{{"bases":{based},"id":{dumps(rec_id)},'
            f'"masked":{dumps(masked) if masked else "[]"},"meta":{dumps(meta)},'
            f'"values":{values},"vector":{vector}}}').encode()


def _hide(secret: bytes, plan: tables.KindPlan, content: dict[str, Any]) -> dict[str, Any]:
    values = {f: content[f] for f in plan.fields if f in content}
    for f in plan.masked:
        if f in plan.coarse:
            values[f] = tables.coarse_value(plan.coarse[f], f, content)
        else:
            values[f] = tables.mask_value(secret, plan.model, f, values.get(f),
                                          pseudonyms=plan.scope != "lead")
    return values


def _kind_lines(session: Session, plan: tables.KindPlan, chunks: Iterator[Sequence[Any]],
                scope: str, device: str, secret: bytes, states: state.StateWriter
                ) -> Iterator[bytes]:
    """The package lines of one table, chunk by chunk; records the versions sent."""
    cols = codec.columns(plan.model)
    for rows in chunks:
        known = state.states_between(session, plan.kind, rows[0].id, rows[-1].id)
        for row in rows:
            yield _record_line(plan, row, known.get(row.id), cols, scope, device, secret,
                               states)
        states.flush()


def _record_line(plan: tables.KindPlan, row: Any, st: Any, cols: dict[str, Any],
                 scope: str, device: str, secret: bytes, states: state.StateWriter) -> bytes:
    content = codec.content_of(plan.model, row)
    local = state.local_version(st, content, device)
    # possible common ancestors for the receiver: the version last received here and
    # the version last sent from here
    bases = [Version(b.vector, _hide(secret, plan, b.content))
             for b in local.known if b.vector != local.vector][:package.MAX_BASES]
    # the content and the vector encoded once, for the line and the state
    encoded = state.dumps(local.vector), state.dumps(content)
    if local.dirty and scope != "practices":
        # this version is now sent: remember it, so later edits raise the counter again
        states.save(plan.kind, row.id, st, local.vector, content, encoded=encoded)
    meta = {"created_at": codec.to_json(cols["created_at"], row.created_at),
            "updated_at": codec.to_json(cols["updated_at"], row.updated_at),
            "device_id": row.device_id, "revision": row.revision,
            "base_revision": row.base_revision}
    masked = sorted(set(plan.masked) | (set(local.masked) & set(plan.fields)))
    values = _hide(secret, plan, content)
    # nothing hidden and every field carried: the values are the content
    same = not plan.masked and len(values) == len(content)
    return _line(row.id, encoded[0], encoded[1] if same else state.dumps(values), bases,
                 masked, meta)


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
    writer, states = package.PackageWriter(), state.StateWriter(session, CHUNK_ROWS)
    kinds, counts = {}, {}
    for number, (plan, chunks) in enumerate(tables.stream_rows(session, plans, ids,
                                                               CHUNK_ROWS)):
        progress.step(number, len(plans) + 1)
        lines = _kind_lines(session, plan, chunks, scope, device, secret, states)
        counts[plan.kind] = writer.member(f"records/{plan.kind}.jsonl", lines)
        kinds[plan.kind] = {"fields": plan.fields, "masked": plan.masked}
    states.flush()
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
