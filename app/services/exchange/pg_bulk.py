"""What an import does differently on the lead organisation's PostgreSQL database (issue 21).

- `lock_sender`: two coordinators importing at the same moment are serialised per sender (the
  device that made the package), with a transaction-level advisory lock taken first in the
  import's transaction: two packages of one laptop are applied one after the other, each on
  what the other committed; packages of different laptops do not wait for each other.
  SQLite needs none of this: its import transaction (BEGIN IMMEDIATE) already holds the one
  write lock of the file.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# The two-key form of the advisory lock lives apart from the one-key form that `server init`
# uses (app.services.server.INIT_LOCK); the first key says "an import's sender".
SENDER_LOCK = 0x6276


def lock_sender(session: Session, device_id: str) -> None:
    """Wait until no other transaction imports a package of this sender; held until this
    transaction ends (commit or rollback). A hash collision only makes two senders wait."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:device))"),
                    {"space": SENDER_LOCK, "device": device_id or ""})
