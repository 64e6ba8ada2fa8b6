"""Step 4: importing figures from the files people have in Flanders: Excel's semicolon CSV
in Windows-1252 or UTF-8, Unicode text, XLSX, XLS and ODS, decimal commas, Dutch headers.

Both shapes of a statistics table are read: the long one (one figure a row: place, indicator,
year, value, unit — `Gemeente;Indicator;Jaar;Waarde;Eenheid`) and the wide one (one row an
indicator, one column a year). A number cell keeps its value; a percent cell 0.193 is 19.3 %;
text is read the Belgian way. The municipality column is the figure's place; a place (or area)
that is one of the trajectory's focus areas links the figure to it.

Three stages, all Qt-free: `read_table` (app.services.tabular) → `preview` (the mapped rows,
each with its problems) → `import_figures` (one transaction; a row that matches a figure
already there — same indicator, focus area and year — updates it instead of adding a copy,
so importing the same file twice changes nothing).
"""
from __future__ import annotations

import re
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
    cell_text,
    guess_mapping,
    is_percent,
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
    ImportField("place", N_("Place")),
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
    "place": ["Gemeente", "Gemeentenaam", "Naam gemeente", "Plaats", "Commune", "Localité",
              "Municipality", "Place", "Stad", "Ville", "Regio", "Région", "Region"],
    "area": ["Deelgemeente", "Buurt", "Wijk", "Dorp", "Gebied", "Focusgebied",
             "Statistische sector", "Sector", "Quartier", "Village", "Area"],
    "reference_value": ["Referentie", "Referentiewaarde", "Vergelijking", "Vlaanderen",
                        "Référence", "Reference"],
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
    bad_fields: set[str] = field(default_factory=set)  # keys of the fields with a problem
    raw: dict[str, str] = field(default_factory=dict)  # each mapped field as the file wrote it

    @property
    def ok(self) -> bool:
        return not self.errors


class NothingToImportError(FigureImportError):
    msgid = N_("Nothing in this file can be imported as a figure.")


_YEAR_HEADER = re.compile(r"^(19|20)\d{2}$")


def known_headers() -> list[str]:
    return [w for words in SYNONYMS.values() for w in words] + [_(f.label) for f in FIELDS]


def load(path: Path | str) -> Table:
    """Read the file; raises a TableReadError (an AppError) with a clear message. A wide
    table (one column a year) comes back long: one row a figure, with `Jaar` and `Waarde`."""
    return unpivot_years(read_table(path, known_headers=known_headers()))


def unpivot_years(table: Table) -> Table:
    """Indicator;Eenheid;2022;2023 → Indicator;Eenheid;Jaar;Waarde, one row a year. A table
    that already has a value column is left as it is."""
    year_cols = [i for i, h in enumerate(table.headers) if _YEAR_HEADER.match(h.strip())]
    if not year_cols or "value" in guess_mapping(table.headers, {"value": SYNONYMS["value"]}):
        return table
    keep = [i for i in range(len(table.headers)) if i not in year_cols]
    headers = [table.headers[i] for i in keep] + [_("Year"), _("Value")]
    rows, lines = [], []
    for row, line in zip(table.rows, table.lines, strict=True):
        for i in year_cols:
            value = row[i] if i < len(row) else ""
            if isinstance(value, str) and not value.strip():
                continue
            rows.append([row[k] if k < len(row) else "" for k in keep] +
                        [float(table.headers[i].strip()), value])
            lines.append(line)
    return Table(headers, rows, table.encoding, table.delimiter, table.source, lines,
                 table.header_line)


def suggest_mapping(table: Table) -> dict[str, int]:
    return guess_mapping(table.headers, {**SYNONYMS, "year": [_("Year"), *SYNONYMS["year"]],
                                         "value": [_("Value"), *SYNONYMS["value"]]})


def _areas(session: Session, trajectory_id: str) -> dict[str, str]:
    rows = session.execute(select(FocusArea.id, FocusArea.name).where(
        FocusArea.trajectory_id == trajectory_id))
    return {normalise_header(name): fid for fid, name in rows}


def _cell(row: list, mapping: dict[str, int], key: str):
    index = mapping.get(key)
    if index is None or index < 0 or index >= len(row):
        return ""
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _text(row: list, mapping: dict[str, int], key: str) -> str:
    return cell_text(_cell(row, mapping, key))


def _number(value, label: str, errors: list[str]) -> float | None:
    try:
        number = parse_decimal_be(value)
    except ValueError:
        errors.append(_("“{text}” is not a number ({field}).").format(text=cell_text(value),
                                                                     field=label))
        return None
    return None if number is None else float(number)


def preview(session: Session, trajectory_id: str, table: Table, mapping: dict[str, int],
            default_area_id: str | None = None) -> list[PreviewRow]:
    """Every data row mapped to figure fields, with its problems. Writes nothing."""
    for f in FIELDS:
        if f.required and mapping.get(f.key) is None:
            raise MissingColumnError(field=_(f.label))
    areas = _areas(session, trajectory_id)
    return [_preview_row(line, row, mapping, areas, default_area_id)
            for row, line in zip(table.rows, table.lines, strict=True)]


def _preview_row(line: int, row: list, mapping: dict[str, int], areas: dict[str, str],
                 default_area_id: str | None) -> PreviewRow:
    errors: list[str] = []
    values: dict = {}
    bad: set[str] = set()
    indicator = _text(row, mapping, "indicator")
    if not indicator:
        errors.append(_("The indicator is empty."))
    elif len(indicator) > 200:
        errors.append(_("The indicator is longer than 200 characters."))
    if errors:
        bad.add("indicator")
    values["indicator"] = indicator
    raw_value = _cell(row, mapping, "value")
    before = len(errors)
    values["value"] = _number(raw_value, _("Value"), errors)
    if values["value"] is None and cell_text(raw_value) == "":
        errors.append(_("The value is empty."))
    if len(errors) > before:
        bad.add("value")
    before = len(errors)
    values["reference_value"] = _number(_cell(row, mapping, "reference_value"),
                                        _("Reference value"), errors)
    if len(errors) > before:
        bad.add("reference_value")
    year_cell = _cell(row, mapping, "year")
    try:
        year = parse_int(year_cell)
        if year is not None and not 1900 <= year <= 2100:
            raise ValueError(year_cell)
        values["year"] = year
    except ValueError:
        errors.append(_("“{text}” is not a year.").format(text=cell_text(year_cell)))
        bad.add("year")
        values["year"] = None
    unit = _text(row, mapping, "unit")[:40]
    if not unit and is_percent(raw_value):
        unit = "%"
    values["unit"] = unit
    values["source"] = _text(row, mapping, "source")[:200]
    values["reference_label"] = _text(row, mapping, "reference_label")[:100]
    values["place"] = _text(row, mapping, "place")[:120]
    area_text = _text(row, mapping, "area")
    values["area"] = area_text
    area_id = default_area_id
    if area_text:
        area_id = areas.get(normalise_header(area_text))
        if area_id is None:
            errors.append(_("“{name}” is not one of your focus areas.").format(name=area_text))
            bad.add("area")
    elif values["place"]:
        area_id = areas.get(normalise_header(values["place"]), default_area_id)
    raw = {key: _text(row, mapping, key) for key in mapping}
    return PreviewRow(line, values, area_id, errors, bad, raw)


def reasons(rows: list[PreviewRow], limit: int = 20) -> list[str]:
    """The problems, one line each with the file's line number."""
    out = [_("Line {line}: {problem}").format(line=r.line, problem=p)
           for r in rows for p in r.errors]
    if len(out) > limit:
        rest = len(out) - limit
        out = [*out[:limit], ngettext("… and {n} more problem.", "… and {n} more problems.",
                                      rest).format(n=rest)]
    return out


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
        (normalise_header(f.indicator), f.focus_area_id, f.year or None,
         normalise_header(f.place)): f
        for f in session.scalars(select(AreaFigure).where(
            AreaFigure.trajectory_id == trajectory_id))
    }
    count = 0
    for row in good:
        v = row.values
        key = (normalise_header(v["indicator"]), row.area_id, v["year"],
               normalise_header(v["place"]))
        fields = dict(indicator=v["indicator"], value=v["value"], unit=v["unit"], year=v["year"],
                      place=v["place"],
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


def figure_rows(session: Session, trajectory_id: str) -> list[dict]:
    """The trajectory's figures as plain values (`groundwork figures --json`). The place is
    the one the file named, else the focus area's name."""
    areas = dict(session.execute(select(FocusArea.id, FocusArea.name).where(
        FocusArea.trajectory_id == trajectory_id)).all())
    figures = session.scalars(select(AreaFigure).where(
        AreaFigure.trajectory_id == trajectory_id).order_by(
        AreaFigure.indicator, AreaFigure.year, AreaFigure.place, AreaFigure.id))
    return [{"id": f.id, "label": f.indicator, "value": f.value, "unit": f.unit,
             "year": f.year, "place": f.place or areas.get(f.focus_area_id or "", ""),
             "focus_area": areas.get(f.focus_area_id or ""), "source": f.source,
             "reference_value": f.reference_value, "reference_label": f.reference_label}
            for f in figures]
