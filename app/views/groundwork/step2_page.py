"""Step 2: expertise — intervision and training sessions, and the people who want to stay
involved (with their consent), to invite in step 5."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from app.views.groundwork.specs import interested_spec, training_spec
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel


class Step2Page(StepPage):
    step_number = 2

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.retranslate_ui()

    def build_content(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.sessions = RecordListPanel(self.ctx, training_spec())
        self.people = RecordListPanel(self.ctx, interested_spec())
        splitter.addWidget(self.sessions)
        splitter.addWidget(self.people)
        layout.addWidget(splitter, 1)
        return box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.sessions.retranslate_ui()
        self.people.retranslate_ui()
