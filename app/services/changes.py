"""What a service call changed, so views can refresh from one signal."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Kinds of records touched (table names, e.g. "partner"), and whether everything changed.

    `imported`: the change came from outside (a package, a file of names or figures); the
    window clears its undo history then, because an undo must not overwrite what arrived.
    `new_id`: the id of the one record a create service made (see `made`), so the caller
    can select it and undo it without being handed the ORM object."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    everything: bool = False
    imported: bool = False
    new_id: str = ""

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def made(cls, kind: str, record_id: str, *more_kinds: str) -> Changes:
        """A new record of `kind` (and changes to `more_kinds` that came with it)."""
        return cls(frozenset((kind, *more_kinds)), new_id=record_id)

    @classmethod
    def from_import(cls, *kinds: str) -> Changes:
        return cls(frozenset(kinds), imported=True)

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def touches(self, *kinds: str) -> bool:
        return self.everything or bool(self.kinds.intersection(kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.everything or other.everything,
                       self.imported or other.imported, self.new_id or other.new_id)
