"""The good-practice library: inspiration cards, filtered by an unreached risk group or by
what fits the selected action, and copied into the trajectory as a new action."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services import reference
from app.services.actions import practices, service
from app.services.i18n import _
from app.views.context import AppContext


def card_html(p: practices.Practice) -> str:
    proven = set(reference.proven_elements())
    elements = "".join(
        f"<li>{escape(reference.label('element', c))}{' ★' if c in proven else ''}</li>"
        for c in p.element_codes)
    groups = ", ".join(escape(reference.label("risk_group", c)) for c in p.risk_group_codes)
    ages = ", ".join(escape(reference.label("age_group", c)) for c in p.age_group_codes)
    rows = [
        f"<h2>{escape(p.name)}</h2>",
        f"<p><b>{escape(_('Municipality'))}:</b> {escape(p.municipality)}</p>",
        f"<p><b>{escape(_('Target group'))}:</b> {escape(_(p.target))}</p>",
        f"<p><b>{escape(_('Set-up'))}:</b> {escape(_(p.setup))}</p>",
        f"<p><b>{escape(_('Effective elements'))}:</b></p><ul>{elements}</ul>",
        f"<p><b>{escape(_('Action level'))}:</b> "
        f"{escape(reference.label('action_level', p.level))}</p>",
    ]
    if groups:
        rows.append(f"<p><b>{escape(_('Risk groups'))}:</b> {groups}</p>")
    if ages:
        rows.append(f"<p><b>{escape(_('Age groups'))}:</b> {ages}</p>")
    return "".join(rows)


class PracticeLibrary(QWidget):
    copied = Signal(str)  # id of the new action

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("practiceLibrary")
        self.list = QListWidget()
        self.list.setObjectName("practiceList")
        self.list.currentItemChanged.connect(self._show)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self._build_card())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filter())
        layout.addWidget(splitter, 1)
        self._unreached: list[str] = []
        self.retranslate_ui()

    def _build_filter(self) -> QHBoxLayout:
        """Which practices to show: for a risk group, or all."""
        self.filter_label = QLabel()
        self.filter = QComboBox()
        self.filter.setObjectName("practiceFilter")
        # long risk-group names must not widen the page (200% scaling, small screens)
        self.filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.setMinimumContentsLength(24)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._fill_list)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter, 1)
        return top

    def _build_card(self) -> QWidget:
        """The chosen practice's card, and copying it into the trajectory."""
        self.card = QLabel()
        self.card.setObjectName("practiceCard")
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.card)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyPractice")
        self.copy_button.clicked.connect(self.copy_current)
        self.status = QLabel()
        self.status.setWordWrap(True)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(scroll, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.copy_button)
        rl.addLayout(bar)
        return right

    def retranslate_ui(self) -> None:
        self.filter_label.setText(_("&Show practices for:"))
        self.copy_button.setText(_("&Copy into this trajectory as an action"))
        self.copy_button.setToolTip(_("Adds the practice as a new idea in step 6, which you "
                                      "then adapt to your own village."))
        self.list.setAccessibleName(_("Good practices"))
        self.reload()

    def reload(self) -> None:
        if self.ctx.trajectory_id:
            with self.ctx.session() as session:
                self._unreached = service.unreached_risk_groups(session, self.ctx.trajectory_id)
        else:
            self._unreached = []
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(_("All practices"), "")
        for code, label in reference.choices("risk_group"):
            mark = "  ⚠ " + _("not reached yet") if code in self._unreached else ""
            self.filter.addItem(label + mark, code)
        self.filter.setCurrentIndex(max(self.filter.findData(current), 0))
        self.filter.blockSignals(False)
        self._fill_list()

    def show_for_risk_group(self, code: str) -> None:
        self.filter.setCurrentIndex(max(self.filter.findData(code), 0))

    def _fill_list(self) -> None:
        code = self.filter.currentData()
        chosen = practices.suggestions_for_risk_group(code) if code else list(
            practices.PRACTICES)
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) \
            if self.list.currentItem() else None
        self.list.clear()
        for p in chosen:
            item = QListWidgetItem(f"{p.name} — {p.municipality}")
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.list.addItem(item)
        codes = [p.code for p in chosen]
        self.list.setCurrentRow(codes.index(current) if current in codes else 0)
        if code and not any(code in p.risk_group_codes for p in chosen):
            self.status.setText(_("No practice aims at this group directly; these are meant "
                                  "for everyone."))
        else:
            self.status.setText("")
        self.copy_button.setEnabled(bool(self.ctx.trajectory_id) and self.list.count() > 0)

    def _show(self, item, _prev=None) -> None:
        if item is None:
            self.card.setText("")
            return
        self.card.setText(card_html(practices.get(item.data(Qt.ItemDataRole.UserRole))))

    def current_code(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def copy_current(self) -> str | None:
        code = self.current_code()
        if not code or not self.ctx.trajectory_id:
            return None
        from app.models.core import Action

        new_id = self.ctx.add_with(Action, practices.copy_to_trajectory,
                                   self.ctx.trajectory_id, code)
        self.status.setText(_("“{name}” was added to your actions as an idea.").format(
            name=practices.get(code).name))
        self.copied.emit(new_id)
        return new_id
