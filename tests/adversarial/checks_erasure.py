"""Adversarial checks for issue 12 (erasure, lead scope, formula injection), computed for real.

`counts(workdir)` builds the data in `workdir`, attacks it and returns what it found; every
count must be 0:

- "erased strings found": 18 personal values (names, streets, birth dates, visit notes, a
  wish, e-mail addresses...) spread over the rows, the exchange state and its older versions,
  a conflict, the log, backups and a killed backup's `.part` copy; erased with
  `python -m app erase`; then the raw bytes (UTF-8, UTF-16 LE/BE) of every file under the
  profile folder and a later full package are searched for each value.
- "lead-scope free-text columns in clear" / "lead-scope personal columns in clear": the demo
  data with a unique marker in every text column of every row (whatever the declarations
  say), birth dates, living alone, widowed and "deceased" set; a lead package is exported,
  decrypted and searched. Free text = a `Text` column or one declared free text; personal =
  declared personal or named like a name, address, phone, e-mail, contact or birth field.
- "lead packages unencrypted": a lead export without a key or passphrase must be refused.
- "formula cells": every XLSX and CSV writer fed hostile strings (`=HYPERLINK(...)`, `+`,
  `-`, `@`, tab, CR); cells that are formulas or start like one without protection.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

from tests.adversarial import erasure_scenario as sc

PERSONAL_HINTS = ("first_name", "last_name", "street", "house_number", "phone", "email",
                  "contact", "birth", "director", "address", "name_key", "respondent",
                  "facilitator")
MACHINE_TEXT = {("outreach_campaign", "erasure_summary")}  # JSON counts written by the app
HOSTILE = ['=HYPERLINK("http://x","click")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1",
           "\r=1+1", "=cmd|' /C calc'!A0"]


def counts(workdir: Path) -> dict[str, int]:
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    free, personal, _safe_seen = lead_columns_in_clear(workdir / "lead")
    return {
        "erased strings found": erased_strings_found(workdir / "erase"),
        "lead-scope free-text columns in clear": len(free),
        "lead-scope personal columns in clear": len(personal),
        "lead packages unencrypted": unencrypted_lead_packages(workdir / "plain"),
        "formula cells": formula_cells(workdir / "sheets"),
    }


# --- erasure ---------------------------------------------------------------------------

def erased_strings_found(work: Path) -> int:
    """(file, value) pairs still found after the erasure, plus values in a later package."""
    from app.services.database import open_database
    from app.services.exchange import exporter

    work.mkdir(parents=True, exist_ok=True)
    with sc.home(work / "home"):
        outside = work / "usb"
        outside.mkdir(exist_ok=True)
        db = sc.build(outside)
        path = db.path
        db.close()
        with contextlib.redirect_stdout(io.StringIO()):  # keep the caller's output clean
            codes = sc.erase_all(path)
        if codes != [0, 0]:
            return len(sc.SECRETS)  # the erasure itself failed: nothing was erased
        found = sum(len(v) for v in sc.scan(work / "home").values())
        db = open_database(path)
        try:
            exporter.export_package(db, outside / "after.bvx", "full",
                                    passphrase=sc.PASSPHRASE)
            found += len(sc.found_in(sc.package_plain(db, outside / "after.bvx")))
        finally:
            db.close()
    return found


# --- lead scope ------------------------------------------------------------------------

def _is_free_text(model, name: str) -> bool:
    from sqlalchemy import Text
    from sqlalchemy.orm import class_mapper

    col = class_mapper(model).columns[name]
    typed_free = isinstance(col.type, Text) and (model.__tablename__, name) not in MACHINE_TEXT
    return typed_free or name in getattr(model, "FREE_TEXT_FIELDS", ())


def _is_personal(model, name: str) -> bool:
    return name in getattr(model, "PERSONAL_FIELDS", ()) or any(h in name for h in
                                                                 PERSONAL_HINTS)


def lead_columns_in_clear(work: Path) -> tuple[set, set, set]:
    """(free-text columns, personal columns, safe columns) whose marker reached a lead
    package. The third shows the search works (safe columns do travel)."""
    from sqlalchemy import select

    import app.models  # noqa: F401
    from app.models.base import sync_models, text_columns
    from app.models.outreach import OutreachPerson, OutreachVisit
    from app.services.database import open_database
    from app.services.demo import create_demo
    from app.services.exchange import exporter, keys

    work.mkdir(parents=True, exist_ok=True)
    with sc.home(work / "home"):
        db = open_database(work / "lead-source.sqlite3")
        try:
            with db.transaction() as s:
                create_demo(s)
                keys.create_identity(s, "laptop", "OCMW")
            markers: dict[str, tuple[type, str]] = {}
            with db.transaction() as s:
                for model in sync_models():
                    for row in s.scalars(select(model).execution_options(include_deleted=True)):
                        for name in text_columns(model):
                            marker = f"MQ{len(markers):05d}ZX"
                            markers[marker] = (model, name)
                            setattr(row, name, marker)
                        if model is OutreachPerson:
                            row.birth_date, row.birth_year = date(1919, 9, 19), 1919
                            row.widowed_since = date(2011, 11, 11)
                            row.living_alone = row.widowed = True
            with db.transaction() as s:
                for row in s.scalars(select(OutreachPerson)):
                    row.status = "deceased"
                for row in s.scalars(select(OutreachVisit)):
                    row.outcome = "deceased"
            out = work / "lead.bvx"
            exporter.export_package(db, out, "lead", passphrase=sc.PASSPHRASE)
            raw = sc.package_plain(db, out)
        finally:
            db.close()
    text = raw.decode("utf-8")
    free, personal, safe = set(), set(), set()
    for marker, (model, name) in markers.items():
        if marker not in text:
            continue
        key = (model.__tablename__, name)
        if _is_free_text(model, name):
            free.add(key)
        if _is_personal(model, name):
            personal.add(key)
        if not _is_free_text(model, name) and not _is_personal(model, name):
            safe.add(key)
    personal |= _personal_values_in_clear(raw)
    return free, personal, safe


def _personal_values_in_clear(raw: bytes) -> set:
    """Non-text quasi-identifiers of outreach people and visits in a lead package."""
    found = set()
    for line in raw.split(b"\n"):
        if not line.startswith(b'{"'):
            continue
        record = json.loads(line)
        values = record.get("values", {})
        for base in record.get("bases", []):
            values = {**base.get("values", {}), **values}
        if "living_alone" in values:  # an outreach person
            for name in ("living_alone", "widowed"):
                if values.get(name):
                    found.add(("outreach_person", name))
            for name in ("birth_date", "widowed_since"):
                if values.get(name):
                    found.add(("outreach_person", name))
            if values.get("birth_year") == 1919:
                found.add(("outreach_person", "birth_year"))
            if values.get("status") == "deceased":
                found.add(("outreach_person", "status"))
        if values.get("outcome") == "deceased":
            found.add(("outreach_visit", "outcome"))
    return found


def unencrypted_lead_packages(work: Path) -> int:
    """Lead packages written without encryption when no lead key or passphrase is given."""
    from app.services.database import open_database
    from app.services.errors import AppError
    from app.services.exchange import exporter, keys, package

    work.mkdir(parents=True, exist_ok=True)
    with sc.home(work / "home"):
        db = open_database(work / "plain.sqlite3")
        try:
            with db.transaction() as s:
                keys.create_identity(s, "laptop", "OCMW")
            out = work / "lead.bvx"
            try:
                exporter.export_package(db, out, "lead")
            except AppError:
                pass
        finally:
            db.close()
    return sum(1 for p in work.glob("*.bvx") if package.encryption_of(p.read_bytes()) == "")


# --- formula injection -----------------------------------------------------------------

def _bad_text(value) -> bool:
    from app.services.spreadsheet import looks_like_formula

    return isinstance(value, str) and looks_like_formula(value)


def xlsx_formula_cells(path: Path) -> int:
    from openpyxl import load_workbook

    bad = 0
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name)
                bad += xml.count(b"<f>") + xml.count(b"<f ")
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    bad += 1
                elif _bad_text(cell.value) and not cell.quotePrefix:
                    bad += 1
    return bad


def csv_formula_cells(path: Path) -> int:
    """Cells that start like a formula; a plain number such as -1 is a number, not one."""
    import re

    number = re.compile(r"^-?\d+([.,]\d+)?$")
    text = path.read_bytes().decode("utf-8-sig")
    return sum(1 for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
               for cell in row if _bad_text(cell) and not number.match(cell))


def formula_cells(work: Path) -> int:
    """Formula cells in every XLSX and CSV the app writes, fed hostile strings."""
    from collections import Counter

    from app.services import spreadsheet
    from app.services.exchange import consolidated

    work.mkdir(parents=True, exist_ok=True)
    rows = [consolidated.MunicipalityFigures(
        municipality=h, trajectories=[h, h], progress=[0.5] * 8, actions=2,
        by_status=Counter({"running": 2}), by_element=Counter({"meeting": 1}),
        by_risk_group=Counter({"older_75": 1}), outreach={"outreach_person": 3})
        for h in HOSTILE]
    data = consolidated.Consolidated(rows, 1, None)
    bad = xlsx_formula_cells(consolidated.write_xlsx(data, work / "overview.xlsx"))
    bad += csv_formula_cells(spreadsheet.write_csv(work / "rows.csv",
                                                   [["Naam", "Getal"], *[[h, -1] for h in
                                                                         HOSTILE]]))
    return bad
