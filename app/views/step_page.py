"""The base of every step tab: the step's own content on the left, and on the right a guidance
panel, the checklist that feeds the Overview's progress, a notes field and 'Print this step'.

Feature pages subclass `StepPage` and override `build_content()`, `retranslate_ui()` and
`refresh()`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services import method
from app.services.changes import Changes
from app.services.i18n import _
from app.views.context import AppContext


class WrappingCheckBox(QWidget):
    """A check box whose text wraps (QCheckBox text does not), for long checklist items."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.box = QCheckBox()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setBuddy(self.box)
        self.label.mousePressEvent = lambda _e: self.box.isEnabled() and self.box.click()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.setFocusProxy(self.box)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.box.setAccessibleName(text)


class GuidancePanel(QGroupBox):
    """What the step is for, the questions it asks and a practical tip."""

    def __init__(self, step: method.StepDef, parent=None):
        super().__init__(parent)
        self.step = step
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setObjectName("guidanceText")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def retranslate_ui(self) -> None:
        from html import escape

        g = self.step.guidance
        questions = "".join(f"<li>{escape(_(q))}</li>" for q in g.questions)
        asks = escape(_("Questions to ask"))
        tip_label = escape(_("Tip:"))
        advice = ""
        if g.advice:
            points = "".join(f"<li>{escape(_(a))}</li>" for a in g.advice)
            heading = escape(_("Good to know"))
            advice = f"<p><b>{heading}</b></p><ul>{points}</ul>"
        self.setTitle(_("About this step"))
        self.text.setText(
            f"<p>{escape(_(g.purpose))}</p>"
            f"<p><b>{asks}</b></p><ul>{questions}</ul>"
            f"<p><b>{tip_label}</b> {escape(_(g.tip))}</p>" + advice
        )
        self.setAccessibleName(_("About this step"))


class StepPage(QWidget):
    """One tab of the method."""

    step_number: int = 0
    print_requested = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.step = method.step(self.step_number)
        self.setObjectName(f"step{self.step_number}")
        self._loading = False
        content = self.build_content()
        side = self.side_panel = self._build_side()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        if content is not None:
            splitter.addWidget(content)
        splitter.addWidget(side)
        if content is not None:
            splitter.setStretchFactor(0, 3)
            splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_heading_row())
        layout.addWidget(splitter, 1)
        self._apply_side_setting()
        ctx.changed.connect(self._on_changed)
        ctx.trajectory_changed.connect(lambda _tid: self.refresh(Changes.all()))
        self.retranslate_ui()  # the subclass's override: its own texts too
        self._load_side()

    def _build_heading_row(self) -> QHBoxLayout:
        """The step's title, and the button that folds the side panel away (a small screen,
        a big list); it stays folded."""
        self.heading = QLabel()
        self.heading.setObjectName("stepHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.side_toggle = QToolButton()
        self.side_toggle.setObjectName("toggleHelpPanel")
        self.side_toggle.setCheckable(True)
        self.side_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.side_toggle.toggled.connect(self._side_toggled)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.side_toggle, 0, Qt.AlignmentFlag.AlignTop)
        return top

    # --- to override -------------------------------------------------------------------------
    def build_content(self) -> QWidget | None:
        """The step's own widgets (lists, matrices...). None: only the side panel."""
        return None

    def retranslate_ui(self) -> None:
        self.heading.setText(_(self.step.title))
        self.guidance.retranslate_ui()
        self.checklist_box.setTitle(_("Checklist"))
        for item, row in zip(self.step.checklist, self.check_rows, strict=True):
            row.set_text(_(item.label))
        self.notes_box.setTitle(_("Notes"))
        self.notes.setPlaceholderText(_("Your notes on this step. They are kept as you type."))
        self.notes.setAccessibleName(_("Notes"))
        self.print_button.setText(_("&Print this step…"))
        self.print_button.setToolTip(_("Make an A4 PDF summary of this step (Ctrl+P)"))
        self._side_toggle_text()

    def refresh(self, changes: Changes) -> None:
        """Reload what the page shows when `changes` touch it."""
        if changes.touches("checklist_tick", "step_note"):
            self._load_side()

    # --- side panel ---------------------------------------------------------------------------
    def side_shown(self) -> bool:
        return getattr(self.ctx.settings, "help_panel", "shown") != "hidden"

    def _apply_side_setting(self) -> None:
        shown = self.side_shown()
        self.side_panel.setVisible(shown)
        self.side_toggle.blockSignals(True)
        self.side_toggle.setChecked(shown)
        self.side_toggle.blockSignals(False)
        self._side_toggle_text()

    def _side_toggle_text(self) -> None:
        if not hasattr(self, "side_toggle"):
            return  # retranslate_ui runs once before the heading row is built
        shown = self.side_toggle.isChecked()
        self.side_toggle.setText(_("Hide help ▸") if shown else _("◂ Show help"))
        self.side_toggle.setToolTip(
            _("Hide the help, checklist and notes: more room for the step itself") if shown
            else _("Show the help, checklist and notes of this step"))
        self.side_toggle.setAccessibleName(_("Help, checklist and notes"))

    def _side_toggled(self, shown: bool) -> None:
        self.side_panel.setVisible(shown)
        self._side_toggle_text()
        self.ctx.settings.help_panel = "shown" if shown else "hidden"
        try:
            self.ctx.settings.save()
        except OSError:  # the choice still holds for this session
            pass

    def showEvent(self, event) -> None:
        self._apply_side_setting()  # the same choice on every step tab
        super().showEvent(event)

    def _build_side(self) -> QWidget:
        self.guidance = GuidancePanel(self.step)
        self.checklist_box = QGroupBox()
        cl = QVBoxLayout(self.checklist_box)
        self.checks: list[QCheckBox] = []
        self.check_rows: list[WrappingCheckBox] = []
        for item in self.step.checklist:
            row = WrappingCheckBox()
            row.box.setObjectName(f"check_{item.code}")
            row.box.toggled.connect(lambda on, code=item.code: self._tick(code, on))
            cl.addWidget(row)
            self.checks.append(row.box)
            self.check_rows.append(row)
        self.notes_box = QGroupBox()
        nl = QVBoxLayout(self.notes_box)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("stepNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        nl.addWidget(self.notes)
        self._note_timer = QTimer(self, singleShot=True, interval=700)
        self._note_timer.timeout.connect(self._save_note)
        self.notes.textChanged.connect(self._note_edited)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printStep")
        self.print_button.clicked.connect(self.print_step)

        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(self.guidance)
        lay.addWidget(self.checklist_box)
        lay.addWidget(self.notes_box, 1)
        lay.addWidget(self.print_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(300)
        return scroll

    def _load_side(self) -> None:
        self._loading = True
        try:
            tid = self.ctx.trajectory_id
            with self.ctx.session() as session:
                ticked = method.ticked_items(session, tid).get(self.step_number, set()) if tid \
                    else set()
                note = method.get_note(session, tid, self.step_number) if tid else ""
            for item, box in zip(self.step.checklist, self.checks, strict=True):
                box.setChecked(item.code in ticked)
                box.setEnabled(bool(tid))
            if not self.notes.hasFocus() and self.notes.toPlainText() != note:
                self.notes.setPlainText(note)
            self.notes.setEnabled(bool(tid))
            self.print_button.setEnabled(bool(tid))
        finally:
            self._loading = False

    def _tick(self, code: str, on: bool) -> None:
        if self._loading or not self.ctx.trajectory_id:
            return
        from app.models.core import ChecklistTick

        # undoable: Ctrl+Z unticks what was ticked by mistake
        self.ctx.change_with(ChecklistTick, method.set_tick, self.ctx.trajectory_id,
                             self.step_number, code, on)

    def _note_edited(self) -> None:
        if not self._loading:
            self._note_timer.start()

    def _save_note(self) -> None:
        if self.ctx.trajectory_id:
            self.ctx.run(method.set_note, self.ctx.trajectory_id, self.step_number,
                         self.notes.toPlainText())

    def flush(self) -> None:
        """Save pending typing now (before closing or switching trajectory)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()

    def _on_changed(self, changes: Changes) -> None:
        self.refresh(changes)

    # --- printing --------------------------------------------------------------------------------
    def print_step(self) -> None:
        if not self.ctx.trajectory_id:
            return
        from app.views.save_pdf import save_printable, trajectory_context

        self.flush()
        context = f"{_(self.step.tab_title)} {trajectory_context(self.ctx)}"
        save_printable(self, self.ctx, "step", context, trajectory_id=self.ctx.trajectory_id,
                       step_number=self.step_number)
