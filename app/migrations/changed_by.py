"""The `changed_by` column of the shared tables (issue 21), for the migrations that add it.

On a file the app stamps it (the device's name). On PostgreSQL the server stamps the user of
the connection (`session_user`: the login, which `SET ROLE` does not change) and no client can
choose another name:

- the column's default is `session_user`, so rows that a COPY or a bulk INSERT writes without
  the column (the exchange import) get it at no cost of their own;
- a trigger before every INSERT and UPDATE puts `session_user` back wherever a row would
  carry another name (a forged name, or the name of whoever changed it before). Its WHEN
  clause keeps the trigger function out of the common cases: an INSERT that took the
  default, and an UPDATE that changes nothing (the revision check's `SET revision =
  revision`) or that the same user makes again.

Only the tables' owner (the administrator who runs `server init`) can switch the trigger off.
Frozen with the migrations that use it: change it only by a new migration.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

COLUMN = "changed_by"
FUNCTION = "bv_stamp_changed_by"
LENGTH = 100

_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.{COLUMN} := session_user;
    RETURN NEW;
END
$$
"""


def add_changed_by(tables: list[str]) -> None:
    """The column on each of `tables`: '' (not known) for the rows already there."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(_FUNCTION_SQL)
    for table in tables:
        # a plain ADD COLUMN with a constant: no table rebuild on SQLite, no rewrite on PG
        op.add_column(table, sa.Column(COLUMN, sa.String(length=LENGTH), nullable=False,
                                       server_default=""))
        if postgresql:
            _stamp_on_server(table)


def _stamp_on_server(table: str) -> None:
    op.execute(f'ALTER TABLE "{table}" ALTER COLUMN {COLUMN} SET DEFAULT session_user')
    other = f"NEW.{COLUMN} IS DISTINCT FROM session_user::text"
    op.execute(f'CREATE TRIGGER {table}_changed_by_insert BEFORE INSERT ON "{table}" '
               f"FOR EACH ROW WHEN ({other}) EXECUTE FUNCTION {FUNCTION}()")
    op.execute(f'CREATE TRIGGER {table}_changed_by_update BEFORE UPDATE ON "{table}" '
               f"FOR EACH ROW WHEN ({other} AND OLD.* IS DISTINCT FROM NEW.*) "
               f"EXECUTE FUNCTION {FUNCTION}()")


def drop_changed_by(tables: list[str]) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in tables:
        if postgresql:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_changed_by_insert ON "{table}"')
            op.execute(f'DROP TRIGGER IF EXISTS {table}_changed_by_update ON "{table}"')
        with op.batch_alter_table(table) as batch:
            batch.drop_column(COLUMN)
    if postgresql:  # the last branch to go takes the function with it
        op.execute(f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                           WHERE p.proname = '{FUNCTION}') THEN
                DROP FUNCTION IF EXISTS {FUNCTION}();
            END IF;
        END $$""")
