"""Lead scope by declaration, never by default: every text column of every shared model says
whether it is personal, free text or safe; a model or column that says nothing is refused."""
from __future__ import annotations

import pytest
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import app.models  # noqa: F401  (every table registered)
from app.models.base import (
    GUID,
    Base,
    SyncMixin,
    UndeclaredFieldsError,
    check_declarations,
    declaration_problems,
    sync_models,
    text_columns,
)
from app.services.exchange import tables


def test_every_text_column_of_every_shared_model_is_declared():
    shared = [m.class_ for m in Base.registry.mappers
              if not getattr(m.class_, "LOCAL_ONLY", False) and m.class_.__tablename__ !=
              "local_meta"]
    assert set(shared) == set(sync_models())  # nothing shared escapes the walk
    problems = [p for model in shared for p in declaration_problems(model)]
    assert problems == []
    assert sum(len(text_columns(m)) for m in shared) > 100  # the walk really sees them


def test_no_declaration_is_inherited_from_the_mixin():
    for name in ("EXCHANGE_SCOPES", "PERSONAL_FIELDS", "FREE_TEXT_FIELDS", "SAFE_FIELDS"):
        assert not hasattr(SyncMixin, name)


class _Other(DeclarativeBase):
    pass


class _Owner(SyncMixin, _Other):
    __tablename__ = "owner"
    EXCHANGE_SCOPES = ("full",)
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ()
    SAFE_FIELDS = ()


class _HalfSaid(SyncMixin, _Other):
    __tablename__ = "half_said"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("name",)
    FREE_TEXT_FIELDS = ()
    SAFE_FIELDS = ("code", "name")
    owner: Mapped[str] = mapped_column(GUID, ForeignKey("owner.id"))
    name: Mapped[str] = mapped_column(String(100), default="")
    code: Mapped[str] = mapped_column(String(8), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")


def test_a_model_that_says_nothing_is_refused_when_it_is_defined():
    class _Scratch(DeclarativeBase):
        pass

    with pytest.raises(UndeclaredFieldsError, match="_Silent must declare EXCHANGE_SCOPES, "
                       "PERSONAL_FIELDS, FREE_TEXT_FIELDS, SAFE_FIELDS"):
        class _Silent(SyncMixin, _Scratch):  # a new table whose author forgot them
            __tablename__ = "silent"
            title: Mapped[str] = mapped_column(String(100), default="")

    with pytest.raises(UndeclaredFieldsError, match="must declare SAFE_FIELDS"):
        class _AlmostSaid(SyncMixin, _Scratch):
            __tablename__ = "almost"
            EXCHANGE_SCOPES = ("full",)
            PERSONAL_FIELDS = FREE_TEXT_FIELDS = ()
            title: Mapped[str] = mapped_column(String(100), default="")


def test_a_silent_column_is_reported():
    found = declaration_problems(_HalfSaid)
    assert any("remarks" in p for p in found)  # a new free-text column that says nothing
    assert any("name is declared safe and not safe" in p for p in found)
    assert not any("owner" in p for p in found)  # ids are not text a person types


def test_configuring_the_mappers_refuses_a_shared_model_with_a_silent_column():
    """In a fresh process (the app's own registry stays clean): a shared model of the app
    with one undeclared text column stops every query, with the column named."""
    import subprocess
    import sys

    code = (
        "import app.models\n"
        "from sqlalchemy import String\n"
        "from sqlalchemy.orm import Mapped, configure_mappers, mapped_column\n"
        "from app.models.base import Base, SyncMixin\n"
        "class Note(SyncMixin, Base):\n"
        "    __tablename__ = 'note_probe'\n"
        "    EXCHANGE_SCOPES = ('full', 'lead')\n"
        "    PERSONAL_FIELDS = FREE_TEXT_FIELDS = SAFE_FIELDS = ()\n"
        "    remark: Mapped[str] = mapped_column(String(200), default='')\n"
        "configure_mappers()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode != 0
    assert "UndeclaredFieldsError" in out.stderr and "Note.remark" in out.stderr
    check_declarations(sync_models())  # the real models pass the same check


def test_the_exporter_refuses_a_model_that_says_nothing(monkeypatch):
    monkeypatch.setattr(tables, "ordered_models", lambda: [*sync_models(), _HalfSaid])
    with pytest.raises(tables.UndeclaredFieldsError, match="remarks"):
        tables.scope_plan("lead")


def test_lead_scope_hides_all_free_text_and_personal_fields():
    for plan in tables.scope_plan("lead"):
        model = plan.model
        hidden = set(model.PERSONAL_FIELDS) | set(model.FREE_TEXT_FIELDS)
        assert hidden & set(plan.fields) <= set(plan.masked)
        for field in text_columns(model):
            if field in plan.fields and field not in plan.masked:
                assert field in model.SAFE_FIELDS


@pytest.mark.parametrize("content, expected", [
    ({"birth_year": 1931}, 1930), ({"birth_year": None, "birth_date": "1938-04-12"}, 1935),
    ({"birth_year": None, "birth_date": None}, None), ({"birth_year": 1945}, 1945),
])
def test_birth_years_become_age_bands(content, expected):
    assert tables.coarse_value("age_band", "birth_year", content) == expected


def test_dates_about_a_person_keep_only_the_month():
    assert tables.coarse_value("month", "visited_on", {"visited_on": "2026-11-23"}) == \
        "2026-11-01"
    assert tables.coarse_value("month", "withdrawn_on", {"withdrawn_on": None}) is None


def test_deceased_is_not_told_per_person():
    assert tables.coarse_value("no_life_events", "status", {"status": "deceased"}) == "other"
    assert tables.coarse_value("no_life_events", "status", {"status": "reached"}) == "reached"
