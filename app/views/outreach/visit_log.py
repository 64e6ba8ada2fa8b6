"""The visit log of the outreach page: its list, its fast filter model and undoable deletes."""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from sqlalchemy import Select, literal, or_, select, union

from app.models.base import ci_like
from app.models.outreach import OutreachVisitor
from app.services.errors import AppError
from app.services.i18n import N_, _
from app.services.outreach import visits as visit_service
from app.services.reference import label
from app.views.outreach.lists import (
    P,
    V,
    CampaignListPanel,
    _person_options,
    _visitor_options,
    person_name_expr,
    show_error,
    visitor_name_expr,
)
from app.views.widgets.form import RecordDialog
from app.views.widgets.specs import Column, Field, ListSpec
from app.views.widgets.sql_model import SqlTableModel


def visit_fields(campaign: Callable[[], str]) -> list[Field]:
    return [
        Field("person_id", N_("Person"), "fk", options=_person_options(campaign),
              required=True),
        Field("visited_on", N_("Date"), "date", required=True),
        Field("visited_time", N_("Time (hh:mm)")),
        Field("visitor_id", N_("Visitor"), "fk", options=_visitor_options),
        Field("outcome", N_("Outcome"), "choice", ref_kind="visit_outcome", required=True),
        Field("card_left", N_("Card left behind"), "bool"),
        Field("notes", N_("What came up"), "multiline", personal=True),
        Field("signals", N_("Signals noticed"), "codes", ref_kind="visit_signal"),
        Field("wish", N_("Wish"), personal=True,
              help=N_("A small wish that came up (Kleine Grote Wensen)")),
        Field("wish_fulfilled_on", N_("Wish fulfilled on"), "date"),
        Field("follow_up", N_("Follow-up"), "multiline", personal=True),
        Field("follow_up_due", N_("Follow-up due"), "date"),
        Field("follow_up_done", N_("Follow-up done"), "bool"),
    ]


def visits_spec(campaign: Callable[[], str]) -> ListSpec:
    return ListSpec(
        model=V, title=N_("Visit log"), item_name=N_("visit"),
        columns=[
            Column("visited_on", N_("Date"), width=17, searchable=False),
            Column("person", N_("Person"), expr=person_name_expr(V.person_id), width=31),
            Column("outcome", N_("Outcome"), display=lambda v: label("visit_outcome", v or ""),
                   width=22),
            Column("visitor", N_("Visitor"), expr=visitor_name_expr(V.visitor_id), width=19),
            Column("signals", N_("Signals"), display=lambda v: ", ".join(
                label("visit_signal", c) for c in (v or [])), width=25),
            Column("wish", N_("Wish"), width=22),
            Column("follow_up_due", N_("Follow-up due"), width=17, searchable=False),
            Column("notes", N_("What came up"), width=36),
        ],
        fields=visit_fields(campaign),
        scope=lambda stmt, _tid: stmt.where(V.campaign_id == (campaign() or None)),
        default_sort="visited_on",
    )


class VisitLogModel(SqlTableModel):
    """The visit log keeps the ids of the current sort order; a filter keystroke only asks
    SQL which visits match (through the person and visitor indexes, on names and streets)
    and keeps those ids in the same order, so typing never re-sorts 100,000 visits. What was
    written at the visits (what came up, the wish) is searched only when the user asks for it
    (`search_notes`): that has to read every visit's text, which on a large campaign takes a
    moment per keystroke."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ordered: list[str] | None = None  # all ids in the current sort, unfiltered
        self._filter_only = False
        self.search_notes = False

    def set_search_notes(self, on: bool) -> None:
        if on != self.search_notes:
            self.search_notes = on
            if self._filter:
                self._filter_only = True
                try:
                    self.reload()
                finally:
                    self._filter_only = False

    def set_filter_text(self, text: str) -> None:
        self._filter_only = True
        try:
            super().set_filter_text(text)
        finally:
            self._filter_only = False

    def _ordered_query(self) -> Select:
        stmt = self._base_query().with_only_columns(V.id)
        for clause in self._extra_where:
            stmt = stmt.where(clause)
        if self._sort_col is not None:
            e = self.expr(self._sort_col)
            desc = self._sort_order == Qt.SortOrder.DescendingOrder
            stmt = stmt.order_by(e.desc() if desc else e.asc(), V.id)
        return stmt

    def _matching_query(self):
        like = f"%{self._filter}%"
        person = select(P.id).where(or_(
            ci_like(P.street, like),
            ci_like(P.last_name + literal(" ") + P.first_name, like),
            ci_like(P.first_name + literal(" ") + P.last_name, like)))
        visitor = select(OutreachVisitor.id).where(ci_like(OutreachVisitor.name, like))
        # a UNION lets SQLite use the person and visitor indexes; an OR would scan
        parts = [select(V.id).where(V.person_id.in_(person)),
                 select(V.id).where(V.visitor_id.in_(visitor))]
        if self.search_notes:
            parts.append(self._base_query().with_only_columns(V.id).where(
                or_(ci_like(V.notes, like), ci_like(V.wish, like))))
        return union(*parts)

    def reload(self) -> None:
        self.beginResetModel()
        with self._sessions() as session:
            if self._ordered is None or not self._filter_only:
                self._ordered = list(session.scalars(self._ordered_query()))
            if self._filter:
                matching = set(session.scalars(self._matching_query()))
                self._ids = [i for i in self._ordered if i in matching]
            else:
                self._ids = list(self._ordered)
        self._cache.clear()
        self.endResetModel()


def _refresh_person(session, visit_id: str):
    """After an undo or redo of a visit: its person's status follows the visits again."""
    from app.services import records

    visit = records.get_any(session, V, visit_id)
    person = session.get(P, visit.person_id) if visit is not None else None
    if person is not None:
        visit_service.refresh_status(session, person)
    return visit_service.VISIT_CHANGES


class VisitsPanel(CampaignListPanel):
    model_class = VisitLogModel

    def __init__(self, *args, **kwargs):
        self.search_notes = QCheckBox()
        self.search_notes.setObjectName("searchNotes")
        super().__init__(*args, **kwargs)
        self.search_notes.toggled.connect(self._search_notes_toggled)
        self.search_bar.addWidget(self.search_notes)

    def _search_notes_toggled(self, on: bool) -> None:
        # reading every visit's text takes longer: wait for a pause in the typing
        self._debounce.setInterval(400 if on else 120)
        self.model.set_search_notes(on)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.search_notes.setText(_("Also in what came up"))
        self.search_notes.setToolTip(_("Also search what was written at the visits and the "
                                       "wishes. On a large campaign this takes a moment."))
        self.search.setPlaceholderText(_("Search by name, street or visitor…"))
        self.add_button.setText(_("Log a &visit"))
        self.add_button.setToolTip(_("Log a visit (Insert or Ctrl+N)"))

    def edit_dialog(self, title: str, values: dict | None) -> RecordDialog | None:
        dialog = self._dialog(title, values)
        outcome = dialog.form.editors["outcome"]
        card = dialog.form.editors["card_left"]
        # a card is left whenever nobody opens the door; the user can still untick it
        outcome.currentIndexChanged.connect(
            lambda _i: card.setChecked(True) if outcome.currentData() == "not_home" else None)
        return dialog if dialog.exec() == RecordDialog.DialogCode.Accepted else None

    def add_with_service(self, person_id: str | None = None):
        values = {"visited_on": date.today(), "person_id": person_id}
        dialog = self.edit_dialog(_("Log a visit"), values)
        if dialog is None:
            return None
        try:
            new_id = self.ctx.add_with(V, visit_service.log_visit, self.campaign(),
                                       label=self._visit_label(dialog.values()),
                                       after_undo=_refresh_person, **dialog.values())
        except AppError as exc:
            show_error(self, _("Visit log"), exc)
            return None
        self.select_id(new_id)
        self.record_saved.emit(new_id)
        return new_id

    def edit_current(self) -> None:
        vid = self.current_id()
        if not vid:
            return
        with self.ctx.session() as session:
            obj = session.get(V, vid)
            values = {f.key: getattr(obj, f.key) for f in self.spec.fields}
        dialog = self.edit_dialog(_("Edit {item}").format(item=_("visit")), values)
        if dialog is None:
            return
        try:
            self.ctx.edit_with(V, vid, visit_service.update_visit, vid,
                               label=self._visit_label_of(vid), after_undo=_refresh_person,
                               **dialog.values())
        except AppError as exc:
            show_error(self, _("Visit log"), exc)

    def delete_current(self) -> None:
        vid = self.current_id()
        if vid:
            self.ctx.delete_record(V, vid, self._visit_label_of(vid), visit_service.delete_visit,
                                   vid, after_undo=_refresh_person)

    def _visit_label_of(self, vid: str) -> str:
        """A visit is named by whom and when, e.g. "Peeters Maria, 3 nov 2026"."""
        row = self.model.row_of(vid)
        if row < 0:
            return ""
        cells = [self.model.data(self.model.index(row, c)) for c in (1, 0)]
        return ", ".join(str(c) for c in cells if c)

    def _visit_label(self, values: dict) -> str:
        from app.services.i18n import format_date

        return format_date(values.get("visited_on"))


# --- visitors, consents, referrals ------------------------------------------------------------
