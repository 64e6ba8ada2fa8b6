"""The worklist: who to visit now, who to try again from a later date, follow-ups due and
wishes still to fulfil; by visitor and by street."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.outreach import OutreachVisit
from app.services.errors import AppError
from app.services.i18n import _, format_date
from app.services.outreach import choices, people, visits
from app.services.reference import label
from app.views.context import AppContext

ROLE = Qt.ItemDataRole.UserRole


class _RoomyRows(QStyledItemDelegate):
    """Rows as high as in the record lists, so the worklist is as easy to read and click."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 10))


GROUPS = ("visit", "retry", "follow_up", "wish")


class WorklistFilters(QWidget):
    """Whose work and where: a visitor and a street (both "everyone/everywhere" at first)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.visitor, self.street = QComboBox(), QComboBox()
        self.visitor.setObjectName("worklistVisitor")
        self.street.setObjectName("worklistStreet")
        self.visitor_label, self.street_label = QLabel(), QLabel()
        self.visitor_label.setBuddy(self.visitor)
        self.street_label.setBuddy(self.street)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for lab, box in ((self.visitor_label, self.visitor), (self.street_label, self.street)):
            layout.addWidget(lab)
            layout.addWidget(box, 1)
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout.addStretch(1)

    def retranslate_ui(self) -> None:
        self.visitor_label.setText(_("Visitor:"))
        self.street_label.setText(_("St&reet:"))

    def fill(self, visitors: list[tuple[str, str]], streets: list[str]) -> None:
        for box, items, everyone in (
                (self.visitor, visitors, _("Everyone")),
                (self.street, [(s, s) for s in streets], _("Every street"))):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everyone, None)
            for value, text in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)


class WorklistView(QWidget):
    """The work of a campaign in four groups; logging a visit keeps the user here, on the
    next person of the list (issue 17)."""

    log_visit_requested = Signal(str)  # person id

    def __init__(self, ctx: AppContext, campaign, parent=None):
        super().__init__(parent)
        self.ctx, self.campaign = ctx, campaign
        self.filters = WorklistFilters()
        self.filters.changed.connect(self.refresh)
        self.visitor = self.filters.visitor  # kept: tests and the page choose a visitor here
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))
        self.tree.itemActivated.connect(lambda *_a: self.act())
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.log_button, self.done_button, self.wish_button = (QPushButton() for _i in range(3))
        buttons = QHBoxLayout()
        for b in (self.log_button, self.done_button, self.wish_button):
            b.clicked.connect(self.act)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.filters.retranslate_ui()
        self.tree.setHeaderLabels([_("Who"), _("Address"), _("Date"), _("What")])
        self.tree.setAccessibleName(_("Worklist"))
        self.log_button.setText(_("Log a &visit"))
        self.done_button.setText(_("Follow-up &done"))
        self.wish_button.setText(_("&Wish fulfilled"))
        # the page refreshes the worklist when it is shown (issue 16: not while it is built)

    def _fill_filters(self, cid: str) -> None:
        with self.ctx.session() as s:
            visitors = choices.visitor_choices(s, self.ctx.trajectory_id, active_only=False)
            streets = people.streets(s, cid) if cid else []
        self.filters.blockSignals(True)
        self.filters.fill(visitors, streets)
        self.filters.blockSignals(False)

    def refresh(self) -> None:
        cid = self.campaign()
        where = self._position()
        self._fill_filters(cid)
        self.tree.clear()
        if not cid:
            return
        with self.ctx.session() as s:
            work = visits.worklist(s, cid, date.today(), self.filters.visitor.currentData(),
                                   street=self.filters.street.currentData())
        for kind in GROUPS:
            self._add_group(kind, work[kind])
        for col in range(4):
            self.tree.resizeColumnToContents(col)
            self.tree.setColumnWidth(col, self.tree.columnWidth(col) + 16)  # room to breathe
        self._restore(where)
        self._update_buttons()

    def _add_group(self, kind: str, items: list) -> None:
        titles = {"visit": _("To visit now ({n})"),
                  "retry": _("To try again from a later date ({n})"),
                  "follow_up": _("Follow-ups due ({n})"), "wish": _("Wishes to fulfil ({n})")}
        group = QTreeWidgetItem([titles[kind].format(n=len(items))])
        group.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(group)
        for w in items:
            if kind == "retry":
                detail = _("Try again from {date}").format(date=format_date(w.due, "long"))
            elif kind == "visit":
                detail = label("outreach_status", w.detail)
            else:
                detail = w.detail
            child = QTreeWidgetItem([w.name, w.address, format_date(w.due, "short"),
                                     detail.replace("\n", " ")])
            child.setData(0, ROLE, (kind, w.record_id, w.person_id))
            group.addChild(child)
        group.setExpanded(True)

    def _position(self) -> tuple[int, int] | None:
        """Where the selection is (group, row), to come back to the same place: after a
        visit is logged, that is the next person."""
        item = self.tree.currentItem()
        if item is None or item.parent() is None:
            return None
        parent = item.parent()
        return self.tree.indexOfTopLevelItem(parent), parent.indexOfChild(item)

    def _restore(self, where: tuple[int, int] | None) -> None:
        if where is None:
            return
        group = self.tree.topLevelItem(where[0])
        if group is not None and group.childCount():
            self.tree.setCurrentItem(group.child(min(where[1], group.childCount() - 1)))

    def _current(self):
        item = self.tree.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        data = self._current()
        kind = data[0] if data else ""
        self.log_button.setEnabled(bool(data))
        self.done_button.setEnabled(kind == "follow_up")
        self.wish_button.setEnabled(kind == "wish")

    def act(self) -> None:
        data = self._current()
        if not data:
            return
        kind, record_id, person_id = data
        sender = self.sender()
        try:
            if sender is self.done_button and kind == "follow_up":
                self.ctx.edit_with(OutreachVisit, record_id, visits.mark_follow_up_done,
                                   record_id)
            elif sender is self.wish_button and kind == "wish":
                self.ctx.edit_with(OutreachVisit, record_id, visits.mark_wish_fulfilled,
                                   record_id, date.today())
            else:
                self.log_visit_requested.emit(person_id)
        except AppError as exc:
            from app.views.util import show_error

            show_error(self, exc, _("Worklist"))
