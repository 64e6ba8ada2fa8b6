"""The visit log of the outreach page: its list, its fast filter model and undoable deletes."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QCheckBox

from app.services.i18n import N_, _, current_language
from app.services.outreach import visit_log
from app.services.outreach import visits as visit_service
from app.services.reference import label
from app.views.outreach.lists import (
    CampaignListPanel,
    V,
    _person_options,
    _visitor_options,
    person_name_expr,
    visitor_name_expr,
)
from app.views.widgets.form import RecordDialog
from app.views.widgets.specs import Column, Field, ListSpec
from app.views.widgets.sql_model import BLOCK, SqlTableModel


def visit_fields(campaign: Callable[[], str]) -> list[Field]:
    return [
        Field("person_id", N_("Person"), "fk", options=_person_options(campaign),
              required=True),
        Field("visited_on", N_("Date"), "date", required=True, default=date.today),
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
        add_title=N_("Log a visit"),
        create=lambda s, _tid, v: visit_service.log_visit(s, campaign(), **v),
        update=lambda s, vid, v: visit_service.update_visit(s, vid, **v),
        delete=visit_service.delete_visit,
        # after an undo or redo the person's status follows their visits again
        after_undo=visit_service.refresh_person_of,
    )


class VisitLogModel(SqlTableModel):
    """The visit log over SQLite rowids (`app.services.outreach.visit_log`, Qt-free): it
    keeps the rowids of the current sort in a list, and a filter keystroke only asks which
    visits match and keeps those in the same order, so typing never re-sorts the log. A
    keystroke that adds to the search narrows the rows shown instead of starting from the
    whole log. Cells and the visit's UUID are read a block of rows at a time, as they come
    into view; `id_at` still answers with the UUID, which is what the services take.

    What was written at the visits (what came up, the wish) is searched only when the user
    asks for it (`search_notes`): that has to read every visit's text.

    An unfiltered load reads the first screen's rowids and the number of visits first, and
    the rest right after the view has painted them (`complete_soon`, from the panel), or at
    once when something needs a row further down: the page shows its log without waiting
    for 100 000 rowids."""

    def __init__(self, session_factory, model, columns, base_query, parent=None):
        super().__init__(session_factory, model, columns, base_query, parent)
        assert tuple(c.key for c in columns) == visit_log.COLUMNS
        self._campaign = getattr(parent, "campaign", lambda: "")
        self._ordered: list[int] | None = None  # all rowids in the current sort, unfiltered
        self._ids: list[int] = []
        self._total: int | None = None  # while only the first screen is read: all the rows
        self._rest: tuple[str, str, bool] = ("", "visited_on", True)  # how to read the rest
        self._uuids: dict[int, str] = {}
        self._shown: tuple[str, bool] = ("", False)  # the search _ids were made with
        self._results: dict[tuple[str, bool], list[int]] = {}  # recent searches, oldest first
        self._filter_only = False
        self.search_notes = False
        self._dates: dict[tuple[date, str], str] = {}  # formatted dates, by language
        self._rest_timer = QTimer(self, singleShot=True, interval=0)
        self._rest_timer.timeout.connect(self._complete)

    def rowids(self) -> list[int]:
        """The rows, in order, as rowids (the benchmark compares them with plain SQL)."""
        self._complete()
        return self._ids

    def all_ids(self) -> list:
        self._complete()
        return super().all_ids()

    def set_search_notes(self, on: bool) -> None:
        if on != self.search_notes:
            self.search_notes = on
            if self._filter:
                self._reload_filter()

    def set_filter_text(self, text: str) -> None:
        if text.strip() != self._filter:
            self._filter = text.strip()
            self._reload_filter()

    def _reload_filter(self) -> None:
        self._filter_only = True
        try:
            self.reload()
        finally:
            self._filter_only = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_col, self._sort_order = column, order
        if self._ordered is not None:  # never loaded yet: the first load sorts
            self.reload()

    def forget(self) -> None:
        """The rows are out of date; the next reload reads them all again."""
        self._ordered, self._total = None, None

    def reload(self) -> None:
        if self._filter_only:
            self._complete()  # a search picks from the whole log
        cid = self._campaign()
        self.beginResetModel()
        with self._sessions() as session:
            source = self._ids
            if self._ordered is None or not self._filter_only:
                source = self._read_order(session, cid)
            old, notes = self._shown
            if not (notes == self.search_notes and visit_log.narrows(old, self._filter)):
                source = self._ordered
            key = (self._filter, self.search_notes)
            if self._filter and cid and key in self._results:  # erased back to it
                self._ids = self._results[key]
            elif self._filter and cid:
                match = visit_log.match_visits(session, cid, self._filter,
                                               notes=self.search_notes)
                self._ids = match.apply(source)
                self._remember(key, self._ids)
            else:
                self._ids = self._ordered
            self._shown = (self._filter, self.search_notes)
        self._cache.clear()
        self._uuids.clear()
        self.endResetModel()

    def _read_order(self, session, cid: str) -> list[int]:
        """The log in the current sort; without a search only its first screen and the
        number of rows now, the rest after the paint (`_complete`)."""
        col = self._sort_col if self._sort_col is not None else 0
        self._rest = (cid, self._columns[col].key,
                      self._sort_order == Qt.SortOrder.DescendingOrder)
        self._total = None
        if self._filter:
            self._ordered = list(visit_log.find_visits(session, *self._rest))
        else:
            first, total = visit_log.first_visits(session, *self._rest, limit=BLOCK)
            self._ordered = first
            if total > len(first):
                self._total = total
        self._shown = ("", False)
        self._results.clear()
        return self._ordered

    def complete_soon(self) -> None:
        """Read the rest of the log on the next pass of the event loop (after a paint)."""
        if self._total is not None:
            self._rest_timer.start()

    def _complete(self) -> None:
        """Read the rest of the log after its first screen (see the class)."""
        if self._total is None or self._ordered is None:
            return
        with self._sessions() as session:
            full = list(visit_log.find_visits(session, *self._rest))
        first, total = self._ordered, self._total
        self._total = None
        same = len(full) == total and full[:len(first)] == first
        if not same:  # written to in between: not the rows the view was told of
            self.beginResetModel()
        self._ordered = self._ids = full
        if not same:
            self._cache.clear()
            self._uuids.clear()
            self.endResetModel()
        else:  # rows below the first screen painted empty meanwhile (the End key at once)
            self.dataChanged.emit(self.index(len(first), 0),
                                  self.index(total - 1, len(self._columns) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return self._total if self._total is not None else len(self._ids)

    def raw_value(self, row: int, col: int):
        if row >= len(self._ids):  # below the first screen, before the rest is read
            return None
        return super().raw_value(row, col)

    def _remember(self, key: tuple[str, bool], ids: list[int]) -> None:
        """Keep recent searches (at most two million rowids, 16 MB of list; the ints are
        the log's own), so a backspace gives back the rows of the shorter text at once."""
        self._results[key] = ids
        while len(self._results) > 1 and sum(map(len, self._results.values())) > 2_000_000:
            del self._results[next(iter(self._results))]

    def _fetch_block(self, row: int) -> None:
        start = max(0, row - BLOCK // 4)
        wanted = [i for i in self._ids[start:start + BLOCK] if i not in self._cache]
        with self._sessions() as session:
            rows = visit_log.visit_rows(session, wanted)
        for rid, (vid, cells) in rows.items():
            self._cache[rid] = cells
            self._uuids[rid] = vid

    def id_at(self, row: int) -> str | None:
        if self._total is not None and row >= len(self._ids):
            self._complete()
        if not 0 <= row < len(self._ids):
            return None
        rid = self._ids[row]
        if rid not in self._uuids:
            self._fetch_block(row)
        return self._uuids.get(rid)

    def row_of(self, record_id: str) -> int:
        self._complete()
        with self._sessions() as session:
            rid = visit_log.rowid_of(session, record_id)
        try:
            return self._ids.index(rid) if rid is not None else -1
        except ValueError:
            return -1

    def format_value(self, column: Column, value) -> str:  # type: ignore[override]
        """Dates repeat down the log (a few thousand days for a million visits): each is
        formatted by Babel once per language, not once per cell painted."""
        if column.display is not None or not isinstance(value, date):
            return super().format_value(column, value)
        key = (value, current_language())
        if key not in self._dates:
            self._dates[key] = super().format_value(column, value)
        return self._dates[key]

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.UserRole and index.isValid():
            return self.id_at(index.row())
        return super().data(index, role)


class VisitsPanel(CampaignListPanel):
    model_class = VisitLogModel

    def __init__(self, *args, **kwargs):
        self.search_notes = QCheckBox()
        self.search_notes.setObjectName("searchNotes")
        super().__init__(*args, **kwargs)
        self.search_notes.toggled.connect(self._search_notes_toggled)
        self.search_bar.addWidget(self.search_notes)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and obj is self.view.viewport():
            self.model.complete_soon()  # the first screen is on its way: the rest after it
        return super().eventFilter(obj, event)

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

    def edit_dialog(self, title: str, values: dict | None,
                    fields: list | None = None) -> RecordDialog | None:
        dialog = self._dialog(title, values, fields)
        from app.views.outreach import visit_form

        visit_form.follow(dialog, self.ctx)  # skip logic, visitor, person search (issue 17)
        outcome = dialog.form.editors["outcome"]
        card = dialog.form.editors["card_left"]
        # a card is left whenever nobody opens the door; the user can still untick it
        outcome.currentIndexChanged.connect(
            lambda _i: card.setChecked(True) if outcome.currentData() == "not_home" else None)
        return dialog if dialog.exec() == RecordDialog.DialogCode.Accepted else None

    def add_for(self, person_id: str | None = None):
        """The visit form, for this person when one is given."""
        return self.add_record({"person_id": person_id} if person_id else None)

    def new_label(self, values: dict) -> str:
        return self._visit_label(values)

    def _label_of(self, record_id: str) -> str | None:
        return self._visit_label_of(record_id) or None

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
