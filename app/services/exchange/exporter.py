"""Making a package: choose rows by scope and trajectory, hide personal fields, sign, encrypt,
write atomically. `export_package()` is a long job (takes a Progress)."""
from __future__ import annotations

import base64
import json
import uuid
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


def _line(rec_id: str, vector, values, bases: list[Version], masked: list[str],
          meta: dict[str, Any]) -> bytes:
    obj = {"id": rec_id, "vector": vector, "values": values, "masked": masked, "meta": meta,
           "bases": [{"vector": b.vector, "values": b.content} for b in bases]}
    return state.dumps(obj).encode("utf-8")


def _hide(secret: bytes, plan: tables.KindPlan, content: dict[str, Any]) -> dict[str, Any]:
    values = {f: content[f] for f in plan.fields if f in content}
    for f in plan.masked:
        if f in plan.coarse:
            values[f] = tables.coarse_value(plan.coarse[f], f, content)
        else:
            values[f] = tables.mask_value(secret, plan.model, f, values.get(f),
                                          pseudonyms=plan.scope != "lead")
    return values


def _kind_lines(session: Session, plan: tables.KindPlan, rows: list, scope: str,
                device: str, secret: bytes) -> list[bytes]:
    cols = codec.columns(plan.model)
    fields = codec.content_fields(plan.model)
    states = state.load_states(session, plan.kind, [r.id for r in rows])
    lines = []
    for row in rows:
        content = codec.record_content(row, fields, cols)
        local = state.local_version(states.get(row.id), content, device)
        # possible common ancestors for the receiver: the version last received here and
        # the version last sent from here
        bases = [Version(b.vector, _hide(secret, plan, b.content))
                 for b in local.known if b.vector != local.vector][:package.MAX_BASES]
        if local.dirty and scope != "practices":
            # this version is now sent: remember it, so later edits raise the counter again
            state.save_state(session, plan.kind, row.id, local.state, local.vector, content)
        meta = {"created_at": codec.to_json(cols["created_at"], row.created_at),
                "updated_at": codec.to_json(cols["updated_at"], row.updated_at),
                "device_id": row.device_id, "revision": row.revision,
                "base_revision": row.base_revision}
        masked = sorted(set(plan.masked) | (set(local.masked) & set(plan.fields)))
        lines.append(_line(row.id, local.vector, _hide(secret, plan, content), bases, masked,
                           meta))
    return lines


def collect(session: Session, scope: str, names: list[str] | None, device: str,
            device_name: str, progress: Progress, attachments: bool = False
            ) -> tuple[dict, dict[str, bytes]]:
    """Manifest (without checksums) and members; records the sent versions."""
    ident = keys.require_identity(session)
    secret = base64.b64decode(ident.pseudonym_secret)
    # an erased record's older versions never travel as bases, whatever arrived since
    from app.services import erasure

    erasure.purge_erased(session)
    ids = trajectory_ids(session, names)
    plans = tables.scope_plan(scope, attachments)
    rows = tables.select_rows(session, plans, ids)
    members, kinds, counts = {}, {}, {}
    for number, plan in enumerate(plans):
        progress.step(number, len(plans) + 1)
        found = rows.get(plan.kind, [])
        lines = _kind_lines(session, plan, found, scope, device, secret)
        members[f"records/{plan.kind}.jsonl"] = b"\n".join(lines) + (b"\n" if lines else b"")
        kinds[plan.kind] = {"fields": plan.fields, "masked": plan.masked}
        counts[plan.kind] = len(lines)
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
    return manifest, members


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
        manifest, members = collect(session, scope, trajectories, db.device_id,
                                    db.device_name, progress, attachments)
        signer = keys.signing_key(keys.require_identity(session))
    # committed first: a version once written to a file is never numbered twice
    data = package.build_zip(manifest, members, signer.sign)
    data = package.encrypt(data, recipients, passphrase)
    progress.step(len(members), len(members) + 1)
    try:
        package.write_atomically(Path(out), data, progress)
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
