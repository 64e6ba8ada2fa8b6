"""Step 2: expertise — intervision and training sessions, and the people who want to stay
involved (with their consent), to invite in step 5."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.services.errors import AppError
from app.services.groundwork import people
from app.services.i18n import _
from app.views.erasure import erase_everywhere
from app.views.groundwork.specs import interested_spec, training_spec
from app.views.step_page import StepPage
from app.views.util import show_error
from app.views.widgets.record_list import RecordListPanel


class Step2Page(StepPage):
    step_number = 2

    def build_content(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.sessions = RecordListPanel(self.ctx, training_spec())
        self.people = RecordListPanel(self.ctx, interested_spec())
        self.erase_button = QPushButton()
        self.erase_button.setObjectName("erasePerson")
        self.erase_button.clicked.connect(self.erase_current)
        self.people.add_button_widget(self.erase_button)
        self.people.current_changed.connect(
            lambda pid: self.erase_button.setEnabled(pid is not None))
        self.erase_button.setEnabled(False)
        splitter.addWidget(self.sessions)
        splitter.addWidget(self.people)
        layout.addWidget(splitter, 1)
        return box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.sessions.retranslate_ui()
        self.people.retranslate_ui()
        self.erase_button.setText(_("E&rase for good…"))
        self.erase_button.setToolTip(_("Remove this person's details for good, for example "
                                       "when they withdraw their consent. This cannot be "
                                       "undone."))

    def erase_current(self) -> bool:
        pid = self.people.current_id()
        if not pid:
            return False
        answer = QMessageBox.question(
            self, _("Erase for good"),
            _("Erase this person's name, contact details and notes for good? This cannot be "
              "undone."))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        found: set[str] = set()
        try:
            self.ctx.run_erasure(lambda s: people.erase_person(s, self.ctx.trajectory_id, pid,
                                                       found=found))
        except AppError as exc:
            show_error(self, exc, _("Erase for good"))
            return False
        erase_everywhere(self, self.ctx, found, lambda copy: people.erase_in_copy(copy, pid))
        return True
