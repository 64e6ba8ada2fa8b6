"""Developer tool: write a new Alembic revision from the difference between models and schema.

    python -m tools.migrations new FEATURE_REVISION --down core_0001 [--branch FEATURE] [-m MSG]

It migrates a temporary database to the current heads, compares it with the models and writes
the difference (only tables/columns of that difference) as a new file in app/migrations/versions.
Read and tidy the file before committing it.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext

import app.models  # noqa: F401
from app.models.base import Base
from app.models.session import make_engine
from app.services import database

TEMPLATE = '''"""{message}

Revision ID: {rev}
Revises: {down}
"""
import sqlalchemy as sa
from alembic import op

import app.models.base

revision = {rev!r}
down_revision = {down!r}
branch_labels = {branch!r}
depends_on = {depends!r}


{code}
'''


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["new"])
    ap.add_argument("revision")
    ap.add_argument("--down", default=None)
    ap.add_argument("--branch", default=None)
    ap.add_argument("--depends-on", nargs="*", default=None)
    ap.add_argument("-m", "--message", default="schema change")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen.sqlite3"
        if database.migration_graph():
            database.upgrade_file(path)
        engine = make_engine(path)
        with engine.connect() as conn:
            mc = MigrationContext.configure(conn, opts={"render_as_batch": True})
            script = produce_migrations(mc, Base.metadata)
            up = render_python_code(script.upgrade_ops, render_as_batch=True)
            down = render_python_code(script.downgrade_ops, render_as_batch=True)
        engine.dispose()
    code = "def upgrade() -> None:\n" + up + "\n\ndef downgrade() -> None:\n" + down
    out = Path(database.MIGRATIONS_DIR) / "versions" / f"{args.revision}.py"
    out.write_text(
        TEMPLATE.format(
            message=args.message, rev=args.revision, down=args.down,
            branch=(args.branch,) if args.branch else None,
            depends=tuple(args.depends_on) if args.depends_on else None, code=code,
        ),
        encoding="utf-8",
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
