"""The conflict inbox as a person reads it (read-only): conflicts grouped per record, counted
in one unit everywhere ("2 fields of 1 partner"), and the record's fields side by side.

The merge rules live in `conflicts`, `merge` and `importer`; this module only describes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.services import kinds, reference
from app.services.exchange.conflicts import ConflictItem
from app.services.exchange.labels import field_label, value_text
from app.services.i18n import _, ngettext

# fields a person does not need to see beside the conflict
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "device_id", "revision", "base_revision",
                 "trajectory_id", "erased_at"}


@dataclass
class RecordConflicts:
    """The waiting conflicts of one record, and who sent the other version."""

    kind: str
    record_id: str
    label: str
    sender: str
    items: list[ConflictItem] = field(default_factory=list)

    @property
    def title(self) -> str:
        noun = kinds.noun(self.kind)
        return _("{kind} “{name}”").format(kind=noun, name=self.label) if self.label else noun


def group(items: Iterable[ConflictItem]) -> list[RecordConflicts]:
    """Waiting conflicts per record, in the order they arrived."""
    out: dict[tuple[str, str], RecordConflicts] = {}
    for item in items:
        key = (item.kind, item.record_id)
        if key not in out:
            out[key] = RecordConflicts(item.kind, item.record_id, item.record_label,
                                       item.sender)
        out[key].items.append(item)
    return list(out.values())


def summary(triples: Iterable[tuple[str, str, str]]) -> str:
    """(kind, record id, field) triples as one phrase: "2 fields of 1 partner", "3 fields of
    1 partner and 2 visits". The same unit in the menu, the inbox, the import and the CLI."""
    fields = 0
    records: dict[str, set[str]] = {}
    for kind, record_id, _field in triples:
        fields += 1
        records.setdefault(kind, set()).add(record_id)
    if not fields:
        return ""
    parts = [kinds.count(kind, len(ids)) for kind, ids in records.items()]
    joined = parts[0] if len(parts) == 1 else _("{first} and {last}").format(
        first=", ".join(parts[:-1]), last=parts[-1])
    return _("{fields} of {things}").format(
        fields=ngettext("{n} field", "{n} fields", fields).format(n=fields), things=joined)


def pending_summary(items: Iterable[ConflictItem]) -> str:
    return summary((c.kind, c.record_id, c.field) for c in items)


def _short(sender: str, length: int = 40) -> str:
    """A sender's name as a button or column shows it: one line, not endless (it comes from
    a package, so it may be anything)."""
    sender = " ".join(sender.split())
    return sender if len(sender) <= length else sender[:length - 1] + "…"


def other_side(sender: str) -> str:
    """The button that takes the other laptop's value: "Take Els's" (or, without a name,
    "Take the other version")."""
    sender = _short(sender)
    if sender:
        return _("&Take {name}'s").format(name=sender.replace("&", "&&"))
    return _("&Take the other version")


def their_column(sender: str) -> str:
    sender = _short(sender)
    return _("{name}'s version").format(name=sender) if sender else _("Other version")


def shown_value(kind: str, field_name: str, value: Any) -> str:
    """A field's value as text, with reference codes shown as their labels."""
    if field_name in reference.LISTS and isinstance(value, str) and value:
        try:
            return reference.label(field_name, value)
        except KeyError:
            pass
    return value_text(value)


Row = tuple[str, str, str, "int | None"]


def side_by_side(session: Session, record: RecordConflicts) -> list[Row]:
    """Rows (field label, mine, theirs, conflict id or None) for one record: the waiting
    fields first, then the record's other fields (the same on both sides) for context."""
    from app.services import records
    from app.services.exchange import codec, tables

    rows: list[tuple[str, str, str, int | None]] = [
        (field_label(c.field), shown_value(record.kind, c.field, c.ours),
         shown_value(record.kind, c.field, c.theirs), c.id) for c in record.items]
    model = tables.models_by_kind().get(record.kind)
    obj = records.get_any(session, model, record.record_id) if model is not None else None
    if model is None or obj is None:
        return rows
    waiting = {c.field for c in record.items}
    cols = codec.columns(model)
    for name in codec.content_fields(model):
        if name in waiting or name in HIDDEN_FIELDS or name.endswith("_id"):
            continue
        value = codec.to_json(cols[name], getattr(obj, name))
        if value in (None, "", [], False):
            continue
        text = shown_value(record.kind, name, value)
        rows.append((field_label(name), text, text, None))
    return rows
