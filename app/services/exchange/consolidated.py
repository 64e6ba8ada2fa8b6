"""The lead organisation's consolidated view: per municipality the steps' progress, actions by
effective element, risk group and status, and outreach figures; printable and as XLSX."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models.core import Action, Trajectory
from app.models.exchange import ExchangeImport
from app.services import method, reference
from app.services.exchange import codec, tables
from app.services.i18n import N_, _, format_date, format_percent, ngettext
from app.services.stepdefs import EveryTrajectoryReader, Reader, reader

OUTREACH_LABELS = {
    "outreach_campaign": N_("Outreach campaigns"),
    "outreach_person": N_("People on outreach lists"),
    "outreach_visit": N_("Visits"),
    "outreach_visitor": N_("Visitors"),
    "outreach_consent": N_("Consents"),
    "outreach_referral": N_("Referrals"),
}


@dataclass
class MunicipalityFigures:
    municipality: str
    trajectories: list[str] = field(default_factory=list)
    progress: list[float] = field(default_factory=list)  # per step 0..7, averaged
    actions: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_element: Counter = field(default_factory=Counter)
    by_risk_group: Counter = field(default_factory=Counter)
    outreach: dict[str, int] = field(default_factory=dict)

    @property
    def overall(self) -> float:
        return sum(self.progress) / len(self.progress) if self.progress else 0.0


@dataclass
class Consolidated:
    rows: list[MunicipalityFigures]
    packages: int
    last_import: datetime | None = None


def _trajectory_path(model: type[Any]) -> list[Any]:
    """The columns from a table to the trajectory, through each row's first required owner
    (a visit: its campaign_id, then the campaign's trajectory_id)."""
    by_table = tables.models_by_kind()
    path: list[Any] = []
    while True:
        cols = codec.columns(model)
        if "trajectory_id" in cols:
            return [*path, cols["trajectory_id"]]
        key, parent = tables.owner_keys(model)[0]
        path.append(cols[key])
        model = by_table[parent]


def _counted(model: type[Any]):
    """The rows that count: live ones, and erased people's (tombstoned, still counted)."""
    table = model.__table__
    if "erased_at" in table.c:
        return or_(table.c.deleted_at.is_(None), table.c.erased_at.is_not(None))
    return table.c.deleted_at.is_(None)


def per_trajectory(session: Session, model: type[Any]) -> dict[str, int]:
    """trajectory id -> rows of `model` that count, in SQL: grouped by the row's owner in its
    own table (one pass, no row leaves the database), then summed up the owners' chain."""
    path = _trajectory_path(model)
    counts = (select(path[0].label("owner"), func.count().label("n"))
              .where(_counted(model)).group_by(path[0]).subquery())
    owner: Any = counts.c.owner
    joined: Any = counts
    for col in path[1:]:  # up the owners' chain: each owner row names its own owner
        joined = joined.join(col.table, col.table.c.id == owner)
        owner = col
    stmt = select(owner, func.sum(counts.c.n)).select_from(joined).group_by(owner)
    return {str(t): int(n) for t, n in session.execute(
        stmt.execution_options(include_deleted=True))}


def _outreach_counts(session: Session) -> dict[str, dict[str, int]]:
    """table -> trajectory id -> rows, for every outreach table."""
    return {m.__tablename__: per_trajectory(session, m) for m in tables.ordered_models()
            if m.__module__ == "app.models.outreach"}


def _actions(session: Session) -> dict[str, list[Any]]:
    """trajectory id -> its live actions' status and codes (only the columns shown)."""
    found: dict[str, list[Any]] = {}
    stmt = select(Action.trajectory_id, Action.status, Action.element_codes,
                  Action.risk_group_codes).where(Action.deleted_at.is_(None))
    for row in session.execute(stmt.execution_options(include_deleted=True)):
        found.setdefault(str(row.trajectory_id), []).append(row)
    return found


def _figures(counts: Reader, municipality: str, trajs: list[Trajectory],
             actions: dict[str, list[Any]], outreach: dict[str, dict[str, int]]
             ) -> MunicipalityFigures:
    fig = MunicipalityFigures(municipality, [t.name for t in trajs])
    per_step: list[list[float]] = []
    for traj in trajs:
        for status in method.step_status(counts, traj.id):
            while len(per_step) <= status.step:
                per_step.append([])
            per_step[status.step].append(status.progress)
        for action in actions.get(str(traj.id), []):
            fig.actions += 1
            fig.by_status[action.status] += 1
            fig.by_element.update(action.element_codes)
            fig.by_risk_group.update(action.risk_group_codes)
    fig.progress = [sum(v) / len(v) for v in per_step if v]
    fig.outreach = {table: sum(counts.get(str(t.id), 0) for t in trajs)
                    for table, counts in outreach.items()}
    return fig


def collect(session: Session) -> Consolidated:
    """The overview's figures: a few grouped queries for the whole database (counted by
    PostgreSQL or SQLite, never row by row in Python), then one row per municipality."""
    groups: dict[str, list[Trajectory]] = {}
    for traj in session.scalars(select(Trajectory).order_by(Trajectory.municipality,
                                                            Trajectory.name)):
        groups.setdefault(traj.municipality.strip() or traj.name, []).append(traj)
    actions, outreach = _actions(session), _outreach_counts(session)
    counts = EveryTrajectoryReader(reader(session))  # the steps' counts: one query each
    rows = [_figures(counts, municipality, trajs, actions, outreach)
            for municipality, trajs in groups.items()]
    packages, last = session.execute(select(func.count(), func.max(
        ExchangeImport.imported_at))).one()
    return Consolidated(rows, packages, last)


def _label(kind: str, code: str) -> str:
    try:
        return reference.label(kind, code)
    except KeyError:
        return code


def summary(data: Consolidated) -> str:
    return " ".join((
        ngettext("{n} municipality.", "{n} municipalities.", len(data.rows)).format(
            n=len(data.rows)),
        ngettext("{n} package imported; last import: {date}.",
                 "{n} packages imported; last import: {date}.", data.packages).format(
            n=data.packages, date=format_date(data.last_import) or "—")))


def step_titles() -> list[str]:
    return [_(s.tab_title) for s in method.all_steps()]


def table_rows(data: Consolidated) -> dict[str, tuple[list[str], list[list]]]:
    """The same figures as plain tables (header, rows) for printing and XLSX."""
    steps = step_titles()
    progress = ([_("Municipality"), _("Trajectories"), *steps, _("Overall")],
                [[r.municipality, ", ".join(r.trajectories), *r.progress, r.overall]
                 for r in data.rows])
    result = {N_("Progress per step"): progress}
    for title, kind, attr in ((N_("Actions by effective element"), "element", "by_element"),
                              (N_("Actions by risk group"), "risk_group", "by_risk_group"),
                              (N_("Actions by status"), "action_status", "by_status")):
        codes = sorted({c for r in data.rows for c in getattr(r, attr)})
        result[title] = ([_("Municipality"), *[_label(kind, c) for c in codes]],
                         [[r.municipality, *[getattr(r, attr).get(c, 0) for c in codes]]
                          for r in data.rows])
    kinds = sorted({k for r in data.rows for k in r.outreach})
    if kinds:
        result[N_("Outreach figures")] = (
            [_("Municipality"), *[_(OUTREACH_LABELS.get(k, k)) for k in kinds]],
            [[r.municipality, *[r.outreach.get(k, 0) for k in kinds]] for r in data.rows])
    return result


def write_xlsx(data: Consolidated, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.services.atomic import atomic_write
    from app.services.spreadsheet import append_row

    wb = Workbook()
    wb.remove(wb.active)
    for title, (header, rows) in table_rows(data).items():
        ws = wb.create_sheet(_(title)[:31])
        append_row(ws, header)  # names come from other laptops: never a formula
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(ws, row)
        if title == N_("Progress per step"):
            for row in ws.iter_rows(min_row=2, min_col=3):
                for cell in row:
                    cell.number_format = "0%"
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 50)
        ws.freeze_panes = "B2"
    return atomic_write(Path(path), wb.save)


def _progress_chart(fig: MunicipalityFigures, titles: list[str]):
    """One bar per step with its percentage written beside it, so the chart reads without
    colour and without guessing against an axis."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from app.services.printing.common import ACCENT, FONT, FONT_BOLD, GREY, RULE

    row_h, label_w, bar_w = 12, 36 * mm, 74 * mm
    d = Drawing(label_w + bar_w + 14 * mm, row_h * len(fig.progress) + 4)
    y = d.height - row_h
    for title, value in zip(titles, fig.progress, strict=True):
        d.add(String(0, y + 3, title, fontName=FONT, fontSize=7.5))
        d.add(Rect(label_w, y + 1.5, bar_w, 8, fillColor=colors.HexColor("#eef2f1"),
                   strokeColor=RULE, strokeWidth=0.3))
        if value > 0:
            d.add(Rect(label_w, y + 1.5, bar_w * min(value, 1.0), 8, fillColor=ACCENT,
                       strokeWidth=0))
        d.add(String(label_w + bar_w + 3, y + 3, format_percent(value), fontName=FONT_BOLD,
                     fontSize=7.5, fillColor=colors.black if value else GREY))
        y -= row_h
    d.add(Line(label_w, 0, label_w, d.height, strokeColor=GREY, strokeWidth=0.4))
    return d


def write_pdf(data: Consolidated, path: Path) -> Path:
    from reportlab.platypus import KeepTogether

    from app.services.printing.common import build_a4, data_table, para, spacer, styles

    st = styles(9)
    titles = step_titles()
    story = [para(_("Consolidated overview"), st.title)]
    story.append(para(summary(data), st.body))
    story.append(para(_("Figures come from the packages the municipalities sent; they hold no "
                        "personal data."), st.small))
    blocks = []
    for fig in data.rows:
        block = [para(fig.municipality, st.h1),
                 para(_("Trajectories: {names}. Actions: {n}.").format(
                     names=", ".join(fig.trajectories), n=fig.actions), st.body)]
        if fig.progress:
            block.append(_progress_chart(fig, titles))
        blocks.append(block)
    if blocks:  # two municipalities side by side; a row (heading and chart) never splits
        from reportlab.platypus import Table, TableStyle

        from app.services.printing.common import text_width_of

        half = text_width_of(landscape_mode=True) / 2
        grid = Table([blocks[i:i + 2] + [""] * (2 - len(blocks[i:i + 2]))
                      for i in range(0, len(blocks), 2)], colWidths=[half, half],
                     hAlign="LEFT")
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        story.append(grid)
    for title, (header, rows) in table_rows(data).items():
        if not rows:
            continue
        heading = para(_(title), st.h1)
        if title == N_("Progress per step"):
            rows = [[*r[:2], *[format_percent(v) for v in r[2:]]] for r in rows]
            header = [header[0], header[1], *[str(i) for i in range(len(header) - 3)],
                      header[-1]]
        story.append(KeepTogether([heading, data_table(header, rows, st)]))
        story.append(spacer())
    return build_a4(Path(path), story, title=_("Consolidated overview"),
                    subtitle=_("Buurtverbinder"), landscape_mode=True)
