"""The action editor: everything step 6 asks about one action, with the checks that teach
beside the form, updated while you type, and the good practices that fit."""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import records, reference
from app.services.actions import checks, practices, service
from app.services.actions import lists as queries
from app.services.errors import AppError
from app.services.i18n import _
from app.views.context import AppContext
from app.views.util import show_error
from app.views.widgets.dialog_parts import hidden_banner, ok_cancel
from app.views.widgets.form import CodeListWidget
from app.views.widgets.sizing import fit_to_screen

PROVEN_MARK = "★"


def findings_html(findings: list[checks.Finding]) -> str:
    """The checks as rich text: a mark and a word for each, never colour alone."""
    if not findings:
        return "<p>✔ " + escape(_("Nothing to flag: this action is well grounded.")) + "</p>"
    parts = []
    for f in findings:
        mark = "⚠" if f.severity == "warning" else "💡"
        word = _("Attention") if f.severity == "warning" else _("Tip")
        head = _("{label}: {text}").format(label=word, text=_(f.title))
        parts.append(f"<p><b>{mark} {escape(head)}</b><br/>"
                     f"{escape(_(f.explanation).format(**f.params))}</p>")
    return "".join(parts)


class ElementList(CodeListWidget):
    """The 20 effective elements, the proven ones marked, each one's meaning on selection."""

    def __init__(self, parent=None):
        proven = set(reference.proven_elements())
        options = [(code, label + (f"  {PROVEN_MARK}" if code in proven else ""))
                   for code, label in reference.choices("element")]
        super().__init__(options, parent)
        for i in range(self.count()):
            item = self.item(i)
            item.setToolTip(reference.description("element", item.data(Qt.ItemDataRole.UserRole)))


class PartnerRoles(QWidget):
    """Each partner of the trajectory: taking part or not, and its role in this action."""

    def __init__(self, partners: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.rows: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        grid = QGridLayout(self)
        self.header_partner, self.header_role = QLabel(), QLabel()
        grid.addWidget(self.header_partner, 0, 0)
        grid.addWidget(self.header_role, 0, 1)
        for r, (pid, name) in enumerate(partners, start=1):
            box, role = QCheckBox(name), QLineEdit()
            role.setEnabled(False)
            box.toggled.connect(role.setEnabled)
            grid.addWidget(box, r, 0)
            grid.addWidget(role, r, 1)
            self.rows[pid] = (box, role)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(partners) + 1, 1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setVisible(not partners)
        grid.addWidget(self.empty, len(partners) + 2, 0, 1, 2)

    def retranslate_ui(self) -> None:
        self.header_partner.setText("<b>" + escape(_("Partner")) + "</b>")
        self.header_role.setText("<b>" + escape(_("Role in this action")) + "</b>")
        self.empty.setText(_("The trajectory has no partners yet. Add them in step 1."))
        for box, role in self.rows.values():
            role.setPlaceholderText(_("What does this partner do?"))
            role.setAccessibleName(_("Role of {partner}").format(partner=box.text()))

    def set_value(self, chosen: list[tuple[str, str]]) -> None:
        wanted = dict(chosen)
        for pid, (box, role) in self.rows.items():
            box.setChecked(pid in wanted)
            role.setText(wanted.get(pid, ""))

    def value(self) -> list[tuple[str, str]]:
        return [(pid, role.text().strip()) for pid, (box, role) in self.rows.items()
                if box.isChecked()]


class ActionEditor(QDialog):
    """Add or edit an action: the form, and the checks while typing. OK checks the values
    with the service (a problem is shown and the editor stays open); the action list saves
    them through its spec's hooks (`service.add_action_form` / `update_action_form`)."""

    def __init__(self, ctx: AppContext, action_id: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.action_id = ctx, action_id
        self.setObjectName("actionEditor")
        with ctx.session() as session:
            partner_opts = service.partner_choices(session, ctx.trajectory_id)
            found = queries.action_form(session, action_id)
        if found is None:  # new, or deleted meanwhile: start from an empty form
            self.action_id = None
        values, chosen, self._has_signal = found or ({}, [], False)
        self._build(partner_opts)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.update_checks)
        self.set_values(values or {"status": "idea"}, chosen)
        self._connect_changes()
        self.retranslate_ui()
        self.update_checks()
        fit_to_screen(self, 1000, 680)  # at most what the screen has free
        self.name.setFocus()  # the first field to fill

    # --- building ---------------------------------------------------------------------------
    def _build(self, partner_opts) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_basics(), "")
        self.tabs.addTab(self._build_elements(), "")
        self.tabs.addTab(self._build_groups(), "")
        self.partners = PartnerRoles(partner_opts)
        self.tabs.addTab(self._scroll(self.partners), "")
        self.tabs.addTab(self._scroll(self._build_impact()), "")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.problems = hidden_banner()
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _build_basics(self) -> QWidget:
        """Name, description, status, level and the participation ladder."""
        self.name = QLineEdit()
        self.name.setObjectName("field_name")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.status = self._combo("action_status", required=True)
        self.level = self._combo("action_level")
        self.participation = self._combo("participation")
        basics = QWidget()
        self.basics_form = QFormLayout(basics)
        self.basics_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.basic_labels = [QLabel() for _i in range(5)]
        for label, editor in zip(self.basic_labels, (self.name, self.description, self.status,
                                                     self.level, self.participation), strict=True):
            label.setBuddy(editor)
            label.setWordWrap(True)
            self.basics_form.addRow(label, editor)
        return basics

    def _build_elements(self) -> QWidget:
        """The elements of the method, with what the chosen one means."""
        self.elements = ElementList()
        self.elements.setObjectName("field_element_codes")
        self.element_help = QLabel()
        self.element_help.setObjectName("elementMeaning")
        self.element_help.setWordWrap(True)
        self.element_help.setMinimumHeight(70)
        self.element_help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.elements.currentItemChanged.connect(self._show_meaning)
        self.elements_note = QLabel()
        self.elements_note.setWordWrap(True)
        elements = QWidget()
        el = QVBoxLayout(elements)
        el.addWidget(self.elements_note)
        el.addWidget(self.elements, 1)
        el.addWidget(self.element_help)
        return elements

    def _build_groups(self) -> QWidget:
        """Age groups and risk groups side by side."""
        self.age_groups = CodeListWidget(reference.choices("age_group"))
        self.age_groups.setObjectName("field_age_group_codes")
        self.risk_groups = CodeListWidget(reference.choices("risk_group"))
        self.risk_groups.setObjectName("field_risk_group_codes")
        self.age_label, self.risk_label = QLabel(), QLabel()
        groups = QWidget()
        gl = QGridLayout(groups)
        gl.addWidget(self.age_label, 0, 0)
        gl.addWidget(self.risk_label, 0, 1)
        gl.addWidget(self.age_groups, 1, 0)
        gl.addWidget(self.risk_groups, 1, 1)
        gl.setColumnStretch(1, 2)
        gl.setColumnStretch(0, 1)
        return groups

    def _build_impact(self) -> QWidget:
        """One short answer per impact question."""
        impact = QWidget()
        self.impact_form = QFormLayout(impact)
        self.impact_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.impact: dict[str, QPlainTextEdit] = {}
        self.impact_labels: dict[str, QLabel] = {}
        for q in reference.IMPACT_QUESTIONS:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(52)
            edit.setObjectName(f"field_impact_{q.code}")
            label = QLabel()
            label.setBuddy(edit)
            self.impact[q.code], self.impact_labels[q.code] = edit, label
            self.impact_form.addRow(label, edit)
        return impact

    def _build_side(self) -> QWidget:
        """Beside the tabs: the checks as the user types, and practices that fit."""
        self.checks_box = QGroupBox()
        self.checks_text = QLabel()
        self.checks_text.setObjectName("checksText")
        self.checks_text.setWordWrap(True)
        self.checks_text.setTextFormat(Qt.TextFormat.RichText)
        self.checks_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.checks_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        cl = QVBoxLayout(self.checks_box)
        cl.addWidget(self._scroll(self.checks_text), 1)
        self.practice_box = QGroupBox()
        self.practice_text = QLabel()
        self.practice_text.setObjectName("practiceSuggestions")
        self.practice_text.setWordWrap(True)
        self.practice_text.setTextFormat(Qt.TextFormat.RichText)
        pl = QVBoxLayout(self.practice_box)
        pl.addWidget(self.practice_text)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.checks_box, 3)
        sl.addWidget(self.practice_box, 1)
        return side

    @staticmethod
    def _scroll(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(widget)
        return scroll

    def _combo(self, kind: str, required: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"field_{kind}")
        self._combo_kinds = getattr(self, "_combo_kinds", {})
        self._combo_kinds[combo] = (kind, required)
        return combo

    def _fill_combos(self) -> None:
        for combo, (kind, required) in self._combo_kinds.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if not required:
                combo.addItem("—", "")
            for code, label in reference.choices(kind):
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _connect_changes(self) -> None:
        for w in (self.name,):
            w.textChanged.connect(self._timer.start)
        for w in (self.description, *self.impact.values()):
            w.textChanged.connect(self._timer.start)
        for w in (self.level, self.status, self.participation):
            w.currentIndexChanged.connect(self._timer.start)
        for w in (self.elements, self.age_groups, self.risk_groups):
            w.itemChanged.connect(self._timer.start)
        for box, _role in self.partners.rows.values():
            box.toggled.connect(self._timer.start)

    # --- texts ------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Edit action") if self.action_id else _("New action"))
        self._fill_combos()
        for label, text in zip(self.basic_labels, (_("Name") + " *", _("Description"),
                                                   _("Status"), _("Action level"),
                                                   _("Degree of participation")), strict=True):
            label.setText(text + ":")
        self.name.setAccessibleName(_("Name"))
        self.description.setAccessibleName(_("Description"))
        self.description.setPlaceholderText(_("What is the action, where and how often?"))
        for i, text in enumerate((_("Basics"), _("Effective elements"), _("Target groups"),
                                  _("Partners"), _("Impact analysis"))):
            self.tabs.setTabText(i, text)
        self.elements_note.setText(_("Tick the elements the action combines. {mark} = proven "
                                     "in several reviews. Click an element to read what it "
                                     "means.").format(mark=PROVEN_MARK))
        self.elements.setAccessibleName(_("Effective elements"))
        self.age_label.setText(_("Age groups"))
        self.risk_label.setText(_("Risk groups"))
        self.age_groups.setAccessibleName(_("Age groups"))
        self.risk_groups.setAccessibleName(_("Risk groups"))
        self.partners.retranslate_ui()
        for q in reference.IMPACT_QUESTIONS:
            self.impact_labels[q.code].setText(_(q.label))
            self.impact[q.code].setAccessibleName(_(q.label))
        self.checks_box.setTitle(_("Checks that teach"))
        self.practice_box.setTitle(_("Good practices that fit"))
        self._show_meaning(self.elements.currentItem())
        self.update_checks()

    def _show_meaning(self, item: QListWidgetItem | None, _prev=None) -> None:
        if item is None:
            self.element_help.setText(_("Click an element to read what it means."))
            return
        code = item.data(Qt.ItemDataRole.UserRole)
        proven = code in reference.proven_elements()
        text = f"<b>{escape(reference.label('element', code))}</b>"
        if proven:
            text += " — " + escape(_("proven in several reviews"))
        self.element_help.setText(text + "<br/>" + escape(reference.description("element",
                                                                               code)))

    # --- values -----------------------------------------------------------------------------
    def set_values(self, values: dict[str, Any], partners: list[tuple[str, str]]) -> None:
        self._fill_combos()
        self.name.setText(values.get("name", ""))
        self.description.setPlainText(values.get("description", ""))
        for combo, key in ((self.status, "status"), (self.level, "level"),
                           (self.participation, "participation")):
            combo.setCurrentIndex(max(combo.findData(values.get(key, "")), 0))
        self.elements.set_value(values.get("element_codes", []))
        self.age_groups.set_value(values.get("age_group_codes", []))
        self.risk_groups.set_value(values.get("risk_group_codes", []))
        for q in reference.IMPACT_QUESTIONS:
            self.impact[q.code].setPlainText(values.get(f"impact_{q.code}", ""))
        self.partners.set_value(partners)

    def values(self) -> dict[str, Any]:
        out = {"name": self.name.text().strip(),
               "description": self.description.toPlainText().strip(),
               "status": self.status.currentData() or "idea",
               "level": self.level.currentData() or "",
               "participation": self.participation.currentData() or "",
               "element_codes": self.elements.value(),
               "age_group_codes": self.age_groups.value(),
               "risk_group_codes": self.risk_groups.value()}
        for q in reference.IMPACT_QUESTIONS:
            out[f"impact_{q.code}"] = self.impact[q.code].toPlainText().strip()
        out["partners"] = self.partners.value()
        return out

    def findings(self) -> list[checks.Finding]:
        facts = service.facts_from_values(self.values(), len(self.partners.value()),
                                          self._has_signal)
        return checks.check_action(facts)

    def update_checks(self) -> None:
        self.checks_text.setText(findings_html(self.findings()))
        v = self.values()
        draft = service.Action(name=v["name"], risk_group_codes=v["risk_group_codes"],
                               age_group_codes=v["age_group_codes"],
                               element_codes=v["element_codes"])
        fits = practices.suggestions_for_action(draft)
        if fits:
            self.practice_text.setText("".join(
                f"<p><b>{escape(p.name)}</b> ({escape(p.municipality)})<br/>"
                f"{escape(_(p.target))}</p>" for p in fits))
        else:
            self.practice_text.setText(escape(_("Choose target groups or elements to see "
                                                "practices that fit.")))

    # --- checking before it is saved ----------------------------------------------------------
    def accept(self) -> None:
        try:
            with self.ctx.session() as session:
                service.check_action_form(session, self.ctx.trajectory_id, self.values())
        except AppError as exc:
            self.problems.setText(exc.user_message())
            self.problems.show()
            return
        super().accept()


def edit_action(parent: QWidget | None, ctx: AppContext, action_id: str) -> bool:
    """The editor for one action outside the action list (step 7), saved undoably through
    the same hook as the list's; False when cancelled or refused (the user is told why)."""
    with ctx.session() as session:  # what the form is based on: a later save elsewhere wins
        revision = records.revision_of(session, service.Action, action_id)
    editor = ActionEditor(ctx, action_id, parent)
    try:
        if editor.exec() != ActionEditor.DialogCode.Accepted:
            return False
        ctx.edit_with(service.Action, action_id, service.update_action_form, action_id,
                      editor.values(), based_on=revision)
    except AppError as exc:
        show_error(parent, exc)
        return False
    finally:
        editor.deleteLater()
    return True


class ChecksPanel(QGroupBox):
    """The checks of the selected action, beside the list."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = QLabel()
        self.text.setObjectName("listChecks")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self._findings: list[checks.Finding] | None = None
        self._practices: list[practices.Practice] = []

    def retranslate_ui(self) -> None:
        self.setTitle(_("Checks that teach"))
        self._render()

    def show_action(self, findings: list[checks.Finding] | None,
                    fits: list[practices.Practice]) -> None:
        self._findings, self._practices = findings, fits
        self._render()

    def _render(self) -> None:
        if self._findings is None:
            self.text.setText(escape(_("Select an action to see what the checks say.")))
            return
        html = findings_html(self._findings)
        if self._practices:
            html += "<p><b>" + escape(_("Good practices that fit")) + ":</b> " + ", ".join(
                escape(p.name) for p in self._practices) + "</p>"
        self.text.setText(html)


def hbox(*widgets) -> QHBoxLayout:
    box = QHBoxLayout()
    for w in widgets:
        box.addWidget(w)
    return box
