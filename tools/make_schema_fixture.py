"""Developer tool: keep a small database of the CURRENT schema as a test fixture, so later
versions prove they can open it (tests/core/test_migrations.py).

    python -m tools.make_schema_fixture NAME     -> tests/fixtures/schema/NAME.sqlite3

Run it whenever a release changes the schema, before the next schema change. It fills the
demo data, so every table has rows.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from app.services import database
from app.services.demo import create_demo

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    name = argv[0]
    out = ROOT / "tests" / "fixtures" / "schema" / f"{name}.sqlite3"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.sqlite3"
        db = database.open_database(path)
        with db.transaction() as s:
            create_demo(s)
        db.close()
        database.vacuum_into(path, out)
    print(out, out.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
