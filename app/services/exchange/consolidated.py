"""The lead organisation's consolidated view: per municipality the steps' progress, actions by
effective element, risk group and status, and outreach figures; printable and as XLSX."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Action, Trajectory
from app.models.exchange import ExchangeImport
from app.services import method, reference
from app.services.exchange import tables
from app.services.i18n import N_, _, format_date, format_percent, ngettext

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


def _outreach_counts(session: Session, trajectory_ids: list[str]) -> dict[str, int]:
    models = [m for m in tables.ordered_models() if m.__module__ == "app.models.outreach"]
    if not models:
        return {}
    plans = [tables.KindPlan(m, []) for m in tables.ordered_models()]
    rows = tables.select_rows(session, plans, trajectory_ids)
    counts = {}
    for model in models:
        found = rows.get(model.__tablename__, [])
        # erased people are tombstoned but still count in the figures
        counts[model.__tablename__] = sum(
            1 for r in found if r.deleted_at is None or getattr(r, "erased_at", None))
    return counts


def collect(session: Session) -> Consolidated:
    groups: dict[str, list[Trajectory]] = {}
    for traj in session.scalars(select(Trajectory).order_by(Trajectory.municipality,
                                                            Trajectory.name)):
        groups.setdefault(traj.municipality.strip() or traj.name, []).append(traj)
    rows = []
    for municipality, trajs in groups.items():
        fig = MunicipalityFigures(municipality, [t.name for t in trajs])
        per_step: list[list[float]] = []
        for traj in trajs:
            for status in method.step_status(session, traj.id):
                while len(per_step) <= status.step:
                    per_step.append([])
                per_step[status.step].append(status.progress)
        fig.progress = [sum(v) / len(v) for v in per_step if v]
        ids = [t.id for t in trajs]
        for action in session.scalars(select(Action).where(Action.trajectory_id.in_(ids))):
            fig.actions += 1
            fig.by_status[action.status] += 1
            fig.by_element.update(action.element_codes)
            fig.by_risk_group.update(action.risk_group_codes)
        fig.outreach = _outreach_counts(session, ids)
        rows.append(fig)
    imports = session.scalars(select(ExchangeImport).order_by(
        ExchangeImport.imported_at.desc())).all()
    return Consolidated(rows, len(imports), imports[0].imported_at if imports else None)


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
