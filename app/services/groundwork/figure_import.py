"""Step 4: importing figures from the CSV or XLSX files people have in Flanders (Excel's
semicolon CSV in Windows-1252 or UTF-8 with BOM, decimal commas, Dutch headers).

Three stages, all Qt-free: `read_table` (app.services.tabular) → `preview` (the mapped rows,
each with its problems) → `import_figures` (one transaction; a row that matches a figure
already there — same indicator, focus area and year — updates it instead of adding a copy,
so importing the same file twice changes nothing).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import FocusArea
from app.models.groundwork import AreaFigure
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _, ngettext
from app.services.progress import Progress
from app.services.tabular import (
    Table,
    guess_mapping,
    normalise_header,
    parse_decimal_be,
    parse_int,
    read_table,
)


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str  # msgid
    required: bool = False


FIELDS: tuple[ImportField, ...] = (
    ImportField("indicator", N_("Indicator"), True),
    ImportField("value", N_("Value"), True),
    ImportField("unit", N_("Unit")),
    ImportField("year", N_("Year")),
    ImportField("source", N_("Source")),
    ImportField("area", N_("Focus area")),
    ImportField("reference_value", N_("Reference value")),
    ImportField("reference_label", N_("Compared with")),
)

SYNONYMS: dict[str, list[str]] = {
    "indicator": ["Indicator", "Indicatoren", "Kenmerk", "Omschrijving", "Variabele", "Thema",
                  "Indicateur", "Description"],
    "value": ["Waarde", "Value", "Aantal", "Percentage", "Cijfer", "Valeur", "Nombre"],
    "unit": ["Eenheid", "Unit", "Maateenheid", "Unité"],
    "year": ["Jaar", "Year", "Jaartal", "Periode", "Année"],
    "source": ["Bron", "Source", "Databron", "Herkomst"],
    "area": ["Deelgemeente", "Buurt", "Wijk", "Dorp", "Gebied", "Focusgebied",
             "Statistische sector", "Sector", "Quartier", "Village", "Area"],
    "reference_value": ["Referentie", "Referentiewaarde", "Vergelijking", "Vlaanderen",
                        "Gemeente", "Référence", "Reference"],
    "reference_label": ["Referentie naam", "Referentienaam", "Vergeleken met", "Ten opzichte van",
                        "Compared with"],
}


class FigureImportError(AppError):
    msgid = N_("The figures could not be imported.")


class MissingColumnError(FigureImportError):
    msgid = N_("Choose a column for “{field}”: it is needed for every figure.")


class RowsWithProblemsError(FigureImportError):
    msgid = N_("Rows with a problem: {n}. Fix the file, or choose to skip those rows.")


@dataclass
class PreviewRow:
    line: int  # line in the file (header = 1)
    values: dict = field(default_factory=dict)  # parsed field values
    area_id: str | None = None
    errors: list[str] = field(default_factory=list)  # translated

    @property
    def ok(self) -> bool:
        return not self.errors


def load(path: Path | str) -> Table:
    """Read the file; raises a TableReadError (an AppError) with a clear message."""
    return read_table(path)


def suggest_mapping(table: Table) -> dict[str, int]:
    return guess_mapping(table.headers, SYNONYMS)


def _areas(session: Session, trajectory_id: str) -> dict[str, str]:
    rows = session.execute(select(FocusArea.id, FocusArea.name).where(
        FocusArea.trajectory_id == trajectory_id))
    return {normalise_header(name): fid for fid, name in rows}


def _cell(row: list[str], mapping: dict[str, int], key: str) -> str:
    index = mapping.get(key)
    if index is None or index < 0 or index >= len(row):
        return ""
    return row[index].strip()


def _number(text: str, label: str, errors: list[str]) -> float | None:
    try:
        value = parse_decimal_be(text)
    except ValueError:
        errors.append(_("“{text}” is not a number ({field}).").format(text=text, field=label))
        return None
    return None if value is None else float(value)


def preview(session: Session, trajectory_id: str, table: Table, mapping: dict[str, int],
            default_area_id: str | None = None) -> list[PreviewRow]:
    """Every data row mapped to figure fields, with its problems. Writes nothing."""
    for f in FIELDS:
        if f.required and mapping.get(f.key) is None:
            raise MissingColumnError(field=_(f.label))
    areas = _areas(session, trajectory_id)
    out = []
    for n, row in enumerate(table.rows, start=2):
        out.append(_preview_row(n, row, mapping, areas, default_area_id))
    return out


def _preview_row(line: int, row: list[str], mapping: dict[str, int], areas: dict[str, str],
                 default_area_id: str | None) -> PreviewRow:
    errors: list[str] = []
    values: dict = {}
    indicator = _cell(row, mapping, "indicator")
    if not indicator:
        errors.append(_("The indicator is empty."))
    elif len(indicator) > 200:
        errors.append(_("The indicator is longer than 200 characters."))
    values["indicator"] = indicator
    raw_value = _cell(row, mapping, "value")
    values["value"] = _number(raw_value, _("Value"), errors)
    if values["value"] is None and raw_value == "":
        errors.append(_("The value is empty."))
    values["reference_value"] = _number(_cell(row, mapping, "reference_value"),
                                        _("Reference value"), errors)
    year_text = _cell(row, mapping, "year")
    try:
        year = parse_int(year_text)
        if year is not None and not 1900 <= year <= 2100:
            raise ValueError(year_text)
        values["year"] = year
    except ValueError:
        errors.append(_("“{text}” is not a year.").format(text=year_text))
        values["year"] = None
    values["unit"] = _cell(row, mapping, "unit")[:40]
    values["source"] = _cell(row, mapping, "source")[:200]
    values["reference_label"] = _cell(row, mapping, "reference_label")[:100]
    area_text = _cell(row, mapping, "area")
    values["area"] = area_text
    area_id = default_area_id
    if area_text:
        area_id = areas.get(normalise_header(area_text))
        if area_id is None:
            errors.append(_("“{name}” is not one of your focus areas.").format(name=area_text))
    return PreviewRow(line, values, area_id, errors)


def summary(rows: list[PreviewRow]) -> str:
    good = sum(1 for r in rows if r.ok)
    bad = len(rows) - good
    text = ngettext("{n} figure can be imported.", "{n} figures can be imported.",
                    good).format(n=good)
    if bad:
        text += " " + ngettext("{n} row has a problem and will be skipped.",
                               "{n} rows have a problem and will be skipped.", bad).format(n=bad)
    return text


def import_figures(session: Session, trajectory_id: str, rows: list[PreviewRow], *,
                   skip_invalid: bool = False, progress: Progress | None = None
                   ) -> tuple[int, Changes]:
    """Save the good rows of a preview. With problems and not `skip_invalid`, nothing is
    saved. Returns (number of figures added or updated, Changes)."""
    bad = [r for r in rows if not r.ok]
    if bad and not skip_invalid:
        raise RowsWithProblemsError(n=len(bad))
    good = [r for r in rows if r.ok]
    existing = {
        (normalise_header(f.indicator), f.focus_area_id, f.year or None): f
        for f in session.scalars(select(AreaFigure).where(
            AreaFigure.trajectory_id == trajectory_id))
    }
    count = 0
    for row in good:
        v = row.values
        key = (normalise_header(v["indicator"]), row.area_id, v["year"])
        fields = dict(indicator=v["indicator"], value=v["value"], unit=v["unit"], year=v["year"],
                      source=v["source"], reference_value=v["reference_value"],
                      reference_label=v["reference_label"], focus_area_id=row.area_id)
        fig = existing.get(key)
        if fig is None:
            fig = AreaFigure(trajectory_id=trajectory_id, **fields)
            session.add(fig)
            existing[key] = fig
        else:
            for name, value in fields.items():
                if getattr(fig, name) != value:
                    setattr(fig, name, value)
        count += 1
        if progress is not None:
            progress.step(count, len(good))
    session.flush()
    return count, (Changes.from_import("area_figure") if count else Changes())
