"""Ideas from the tables and the carousel, their sign-ups, and "make it an action"."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _
from app.services.participation import ideas
from app.views.context import AppContext
from app.views.participation.lists import idea_spec, signup_spec
from app.views.participation.util import select_first
from app.views.util import show_error
from app.views.widgets.record_list import RecordListPanel


class IdeaListPanel(RecordListPanel):
    """The group box suggests the groups used so far (for grouping in the carousel)."""

    def form_dialog(self, title, values):
        from PySide6.QtWidgets import QCompleter

        dialog = super().form_dialog(title, values)
        with self.ctx.session() as session:
            used = ideas.groups(session, self.ctx.trajectory_id)
        completer = QCompleter(used, dialog)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        dialog.form.editors["group_label"].setCompleter(completer)
        return dialog


class IdeasTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = IdeaListPanel(ctx, idea_spec())
        self.signups = RecordListPanel(ctx, signup_spec(self.current_idea))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_top())
        splitter.addWidget(self._build_bottom())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.current_changed.connect(lambda _id: self.show_idea())
        ctx.changed.connect(self._on_changed)
        self.retranslate_ui()
        select_first(self.list)
        self.show_idea()

    def _build_top(self) -> QWidget:
        """The ideas, with a hint and the ideas report above them."""
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.print_report)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.hint, 1)
        head.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignTop)
        tl.addLayout(head)
        tl.addWidget(self.list, 1)
        return top

    def _build_bottom(self) -> QWidget:
        """The chosen idea's reframe, "make it an action" and its sign-ups."""
        self.action_button = QPushButton()
        self.action_button.setObjectName("makeAction")
        self.action_button.clicked.connect(self.make_action)
        self.reframe = QLabel()
        self.reframe.setObjectName("ideaReframe")
        self.reframe.setWordWrap(True)
        self.reframe.setTextFormat(Qt.TextFormat.RichText)
        self.reframe.setMinimumHeight(self.fontMetrics().height() * 3)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.reframe, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        bl.addLayout(row)
        bl.addWidget(self.signups, 1)
        return bottom

    def current_idea(self) -> str:
        return self.list.current_id() or ""

    def retranslate_ui(self) -> None:
        self.list.retranslate_ui()
        self.signups.retranslate_ui()
        self.action_button.setText(_("&Make it an action"))
        self.action_button.setToolTip(_("Create an action for step 6 from this idea, with its "
                                        "risk groups and persona"))
        self.report_button.setText(_("Print ideas report…"))
        self.hint.setText(_("Note each idea with its table and persona, turn the problem into "
                            "a challenge, and group similar ideas for the idea carousel."))
        self.show_idea()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("idea", "idea_signup", "action"):
            self.show_idea()

    def show_idea(self) -> None:
        iid = self.current_idea()
        self.signups.reload()
        idea = None
        if iid:
            with self.ctx.session() as s:
                idea = ideas.idea_of(s, iid)
        self.action_button.setEnabled(bool(idea) and not (idea and idea.action_id))
        if idea is None:
            self.reframe.setText(_("Choose an idea to see its challenge and who signed up."))
            return
        parts = [f"<b>{escape(idea.title)}</b>"]
        if idea.problem or idea.challenge:
            parts.append(f"{escape(idea.problem or '…')} &nbsp;→&nbsp; "
                         f"<b>{escape(idea.challenge or '…')}</b>")
        if idea.action_id:
            parts.append(escape(_("This idea is an action now (step 6).")))
        self.reframe.setText("<br>".join(parts))

    def make_action(self) -> str | None:
        iid = self.current_idea()
        if not iid:
            return None
        from app.models.core import Action

        with self.ctx.session() as s:
            idea = ideas.idea_of(s, iid)
            if idea is None:
                return None
            before = idea.status

        def follow(session, action_id: str) -> Changes:
            return ideas.follow_action(session, iid, before, action_id)

        try:
            return self.ctx.add_with(Action, ideas.make_action, iid, after_undo=follow)
        except AppError as exc:
            show_error(self, exc)
            return None

    def print_report(self) -> None:
        from app.views.save_pdf import save_printable, trajectory_context

        save_printable(self, self.ctx, "ideas", trajectory_context(self.ctx),
                       trajectory_id=self.ctx.trajectory_id)
