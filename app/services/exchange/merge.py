"""Version vectors and the field-level three-way merge (pure functions, no database).

Every shared record carries, in the exchange bookkeeping, a version vector {device: counter}:
a device that changes a record and sends it raises its own counter. Comparing vectors tells
whether an incoming copy is older (ignored), newer (applied) or made beside ours (concurrent).
Concurrent copies are merged field by field against their common base version: a field only
one side changed takes that side's value; a field both changed to different values becomes a
conflict and keeps the local value until a person chooses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Vector = dict[str, int]


def leq(a: Vector, b: Vector) -> bool:
    return all(count <= b.get(device, 0) for device, count in a.items())


def vmax(a: Vector, b: Vector) -> Vector:
    return {d: max(a.get(d, 0), b.get(d, 0)) for d in sorted(set(a) | set(b))}


def bump(vector: Vector, device: str) -> Vector:
    result = dict(vector)
    result[device] = result.get(device, 0) + 1
    return result


def compare(local: Vector, incoming: Vector) -> str:
    """"same", "older" (incoming is behind), "newer" (incoming is ahead) or "concurrent"."""
    behind, ahead = leq(incoming, local), leq(local, incoming)
    if behind and ahead:
        return "same"
    if behind:
        return "older"
    if ahead:
        return "newer"
    return "concurrent"


@dataclass
class Version:
    vector: Vector
    content: dict[str, Any]


def common_bases(local: Vector, incoming: Vector,
                 candidates: list[Version | None]) -> list[Version]:
    """The newest versions both sides descend from: every shared ancestor that is not older
    than another shared ancestor (one, usually; several after a criss-cross)."""
    usable = [c for c in candidates if c is not None and leq(c.vector, local)
              and leq(c.vector, incoming)]
    newest: list[Version] = []
    for c in usable:
        if any(c.vector != o.vector and leq(c.vector, o.vector) for o in usable):
            continue
        if all(c.vector != n.vector for n in newest):
            newest.append(c)
    return newest


def common_base(local: Vector, incoming: Vector,
                candidates: list[Version | None]) -> Version | None:
    """The newest version both sides descend from (None when there is none).

    With several equally good ones (a criss-cross: two laptops each merged or settled the
    other's version in their own way) none is picked: they are merged into one base that
    holds only the fields on which they agree. A field on which they differ has no base, so
    different values on the two sides become a conflict for a person, never a silent choice
    (the way git's recursive merge treats several merge bases)."""
    bases = common_bases(local, incoming, candidates)
    if len(bases) <= 1:
        return bases[0] if bases else None
    first, *others = bases
    content = {name: value for name, value in first.content.items()
               if all(name in o.content and o.content[name] == value for o in others)}
    vector: Vector = {}
    for b in bases:
        vector = vmax(vector, b.vector)
    return Version(vector, content)


_MISSING = object()


@dataclass
class FieldMerge:
    content: dict[str, Any]
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (ours, theirs)


def merge_fields(local: dict[str, Any], incoming: dict[str, Any], base: dict[str, Any] | None,
                 fields: list[str]) -> FieldMerge:
    """Three-way merge of `fields`; without a base every difference is a conflict."""
    result = dict(local)
    conflicts = {}
    for name in fields:
        if name not in incoming:
            continue
        ours, theirs = local.get(name), incoming[name]
        if ours == theirs:
            continue
        old = base.get(name, _MISSING) if base is not None else _MISSING
        if old is not _MISSING and ours == old:
            result[name] = theirs
        elif old is not _MISSING and theirs == old:
            continue
        else:
            conflicts[name] = (ours, theirs)
    _edit_against_delete(local, incoming, base, fields, result, conflicts)
    return FieldMerge(result, conflicts)


def _edit_against_delete(local: dict[str, Any], incoming: dict[str, Any],
                         base: dict[str, Any] | None, fields: list[str],
                         result: dict[str, Any], conflicts: dict) -> None:
    """One side deleted the record while the other changed it: a person decides whether it
    stays deleted (the other side's changes are kept either way)."""
    if base is None or "deleted_at" not in fields or "deleted_at" in conflicts:
        return
    ours, theirs = local.get("deleted_at"), incoming.get("deleted_at")
    if bool(ours) == bool(theirs) or base.get("deleted_at", _MISSING) is not None:
        return
    editor = incoming if ours else local  # the side that kept the record
    edited = any(name != "deleted_at" and name in editor and name in base
                 and editor[name] != base[name] for name in fields)
    if edited:
        conflicts["deleted_at"] = (ours, theirs)
        result["deleted_at"] = ours


def apply_erasure(merged: FieldMerge, local: dict[str, Any], incoming: dict[str, Any],
                  personal: tuple[str, ...]) -> None:
    """An erased record stays erased: the erased side's personal fields and tombstone win,
    whichever copy arrives first (no older copy brings the person back)."""
    if "erased_at" not in local:
        return
    ours, theirs = local.get("erased_at"), incoming.get("erased_at")
    if not ours and not theirs:
        return
    if ours and (not theirs or ours <= theirs):
        winner = local
    else:
        winner = incoming
    for name in ("erased_at", "deleted_at", *personal):
        if name in winner:
            merged.content[name] = winner[name]
            merged.conflicts.pop(name, None)
    # nothing about an erased record waits for a person: the erased side's value stays, so a
    # conflict can never offer to write a blanked field back
    for name in list(merged.conflicts):
        if name in winner:
            merged.content[name] = winner[name]
        del merged.conflicts[name]
