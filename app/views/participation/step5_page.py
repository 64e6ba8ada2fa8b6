"""Step 5 page: personas, sessions around tables, and the ideas that come out of them."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from app.services.changes import Changes
from app.services.i18n import _
from app.views.participation.ideas_tab import IdeasTab
from app.views.participation.personas_tab import PersonasTab
from app.views.participation.sessions_tab import SessionsTab
from app.views.participation.util import select_first
from app.views.step_page import StepPage


class Step5Page(StepPage):
    step_number = 5

    def build_content(self) -> QWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("step5Tabs")
        self.personas = PersonasTab(self.ctx)
        self.sessions = SessionsTab(self.ctx)
        self.ideas = IdeasTab(self.ctx)
        self.tabs.addTab(self.personas, "")
        self.tabs.addTab(self.sessions, "")
        self.tabs.addTab(self.ideas, "")
        return self.tabs

    def _retranslate_tabs(self) -> None:
        self.tabs.setTabText(0, _("1. Personas"))
        self.tabs.setTabText(1, _("2. Sessions and tables"))
        self.tabs.setTabText(2, _("3. Ideas and sign-ups"))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self._retranslate_tabs()
        for tab in (self.personas, self.sessions, self.ideas):
            tab.retranslate_ui()

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if changes.everything:
            for tab in (self.personas, self.sessions, self.ideas):
                select_first(tab.list)
            self.personas.show_current()
            self.sessions.show_session()
            self.ideas.show_idea()
