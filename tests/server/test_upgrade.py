"""Bringing an older shared database up to date: all migrations in one transaction, so a
step that fails half-way leaves the old schema (and its data) exactly as it was; a schema
newer than the app is refused with a translated message and nothing changed."""
from __future__ import annotations

import logging

import pytest
from alembic import command
from sqlalchemy import inspect, text

from app.services import i18n
from app.services.database import _alembic_config, schema_heads
from app.services.server import (
    ServerNewerVersionError,
    ServerUpgradeError,
    init_server,
    make_server_engine,
    open_server,
)

OLDER = {"outreach_0005": "outreach_0002", "exchange_0002": "exchange_0001"}


def _older_schema(url: str) -> None:
    """The schema as an older Buurtverbinder left it: two branches a few steps behind."""
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            for head in sorted(schema_heads()):
                command.upgrade(_alembic_config(conn), OLDER.get(head, head))
            conn.execute(text("INSERT INTO local_meta (key, value) VALUES ('marker', 'kept')"))
    finally:
        engine.dispose()


def _schema(url: str) -> dict:
    """Everything an upgrade could change: revisions, tables, columns, indexes, rows."""
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            tables = sorted(found.get_table_names())
            return {
                "revisions": set(conn.execute(text("SELECT version_num FROM alembic_version"))
                                 .scalars()),
                "columns": {t: [c["name"] for c in found.get_columns(t)] for t in tables},
                "indexes": {t: sorted(i["name"] for i in found.get_indexes(t)) for t in tables},
                "rows": conn.execute(text("SELECT key, value FROM local_meta")).all(),
            }
    finally:
        engine.dispose()


def test_an_older_database_is_brought_up_to_date_with_its_data(pg_empty_url):
    _older_schema(pg_empty_url)
    before = _schema(pg_empty_url)
    assert "line_hash" not in before["columns"]["exchange_record_state"]
    assert init_server(pg_empty_url).created
    after = _schema(pg_empty_url)
    assert after["revisions"] == schema_heads()
    assert "line_hash" in after["columns"]["exchange_record_state"]
    assert "ix_outreach_visit_log" in after["indexes"]["outreach_visit"]
    assert after["rows"] == before["rows"] == [("marker", "kept")]
    open_server(pg_empty_url).close()


def test_a_step_that_fails_half_way_leaves_the_old_schema_intact(pg_empty_url, caplog):
    """outreach_0004 fails on its second index, after the step before it (outreach_0003:
    new columns) ran and after it dropped one index and made another: all of it is undone."""
    _older_schema(pg_empty_url)
    engine = make_server_engine(pg_empty_url)
    with engine.begin() as conn:  # what makes that step fail: a name already taken
        conn.execute(text("CREATE INDEX ix_outreach_visit_log_who ON outreach_visit (id)"))
    engine.dispose()
    before = _schema(pg_empty_url)
    caplog.set_level(logging.INFO, logger="alembic")
    with pytest.raises(ServerUpgradeError) as caught:
        init_server(pg_empty_url)
    ran = caplog.text
    assert ran.index("outreach_0002 -> outreach_0003") < ran.index("outreach_0003 -> outreach_0004")
    assert _schema(pg_empty_url) == before  # revisions, columns, indexes, rows: as they were
    assert "ix_outreach_visit_live_date" in before["indexes"]["outreach_visit"]
    i18n.set_language("nl")
    assert "niets" in caught.value.user_message().lower()
    assert "ix_outreach" in caplog.text  # the cause is logged for whoever supports it


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_newer_schema_is_refused_in_the_users_language(pg_url, lang):
    engine = make_server_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('zz_next_0001')"))
    engine.dispose()
    before = _schema(pg_url)
    i18n.set_language(lang)
    for attempt in (init_server, open_server):
        with pytest.raises(ServerNewerVersionError) as caught:
            attempt(pg_url)
        shown = caught.value.user_message()
        assert shown and (lang == "en") == (shown == ServerNewerVersionError.msgid)
    assert _schema(pg_url) == before
