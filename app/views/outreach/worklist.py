"""Today's worklist: who to visit, overdue follow-ups and wishes still to fulfil."""
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
from sqlalchemy import select

from app.models.outreach import OutreachVisitor
from app.services.errors import AppError
from app.services.i18n import _, format_date
from app.services.outreach import visits
from app.services.reference import label
from app.views.context import AppContext

ROLE = Qt.ItemDataRole.UserRole


class _RoomyRows(QStyledItemDelegate):
    """Rows as high as in the record lists, so the worklist is as easy to read and click."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 10))


class WorklistView(QWidget):
    log_visit_requested = Signal(str)  # person id

    def __init__(self, ctx: AppContext, campaign, parent=None):
        super().__init__(parent)
        self.ctx, self.campaign = ctx, campaign
        self.visitor = QComboBox()
        self.visitor.setObjectName("worklistVisitor")
        self.visitor_label = QLabel()
        self.visitor_label.setBuddy(self.visitor)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))
        self.tree.itemActivated.connect(lambda *_a: self.act())
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.log_button, self.done_button, self.wish_button = (QPushButton() for _i in range(3))
        self.log_button.clicked.connect(self.act)
        self.done_button.clicked.connect(self.act)
        self.wish_button.clicked.connect(self.act)
        top = QHBoxLayout()
        top.addWidget(self.visitor_label)
        top.addWidget(self.visitor, 1)
        top.addStretch(2)
        buttons = QHBoxLayout()
        for b in (self.log_button, self.done_button, self.wish_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.visitor.currentIndexChanged.connect(lambda _i: self.refresh())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.visitor_label.setText(_("Visitor:"))
        self.tree.setHeaderLabels([_("Who"), _("Address"), _("Date"), _("What")])
        self.tree.setAccessibleName(_("Worklist"))
        self.log_button.setText(_("Log a &visit"))
        self.done_button.setText(_("Follow-up &done"))
        self.wish_button.setText(_("&Wish fulfilled"))
        # the page refreshes the worklist when it is shown (issue 16: not while it is built)

    def _fill_visitors(self) -> None:
        current = self.visitor.currentData()
        self.visitor.blockSignals(True)
        self.visitor.clear()
        self.visitor.addItem(_("Everyone"), None)
        with self.ctx.session() as s:
            for v in s.scalars(select(OutreachVisitor).where(
                    OutreachVisitor.trajectory_id == self.ctx.trajectory_id)
                    .order_by(OutreachVisitor.name)):
                self.visitor.addItem(v.name, v.id)
        self.visitor.setCurrentIndex(max(self.visitor.findData(current), 0))
        self.visitor.blockSignals(False)

    def refresh(self) -> None:
        self._fill_visitors()
        self.tree.clear()
        cid = self.campaign()
        if not cid:
            return
        today = date.today()
        with self.ctx.session() as s:
            work = visits.worklist(s, cid, today, self.visitor.currentData())
        titles = {"visit": _("To visit today ({n})"), "follow_up": _("Follow-ups due ({n})"),
                  "wish": _("Wishes to fulfil ({n})")}
        for kind in ("visit", "follow_up", "wish"):
            items = work[kind]
            group = QTreeWidgetItem([titles[kind].format(n=len(items))])
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for w in items:
                detail = label("outreach_status", w.detail) if kind == "visit" else w.detail
                child = QTreeWidgetItem([w.name, w.address, format_date(w.due, "short"),
                                         detail.replace("\n", " ")])
                child.setData(0, ROLE, (kind, w.record_id, w.person_id))
                group.addChild(child)
            group.setExpanded(True)
        for col in range(4):
            self.tree.resizeColumnToContents(col)
            self.tree.setColumnWidth(col, self.tree.columnWidth(col) + 16)  # room to breathe
        self._update_buttons()

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
            from app.models.outreach import OutreachVisit

            if sender is self.done_button and kind == "follow_up":
                self.ctx.edit_with(OutreachVisit, record_id, visits.mark_follow_up_done,
                                   record_id)
            elif sender is self.wish_button and kind == "wish":
                self.ctx.edit_with(OutreachVisit, record_id, visits.mark_wish_fulfilled,
                                   record_id, date.today())
            else:
                self.log_visit_requested.emit(person_id)
        except AppError as exc:
            from app.views.outreach.lists import show_error

            show_error(self, _("Worklist"), exc)
