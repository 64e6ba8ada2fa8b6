"""Help › User guide (F1) and Help › Fill in the demo trajectory, on the main window.

Kept apart from the guide window (`app.views.help`) so that building the menus at start-up
does not load the guide's widgets; the guide is loaded when it is first opened.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.services.i18n import _

if TYPE_CHECKING:
    from app.views.help import GuideWindow


class HelpController(QObject):
    """Adds Help › User guide (F1) to a main window and opens the page of the current tab."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.guide: GuideWindow | None = None
        self._finished = False
        self.action = QAction(window)
        self.action.setObjectName("userGuide")
        self.action.setShortcuts(QKeySequence.StandardKey.HelpContents)  # see MainWindow._action
        self.action.triggered.connect(self.open_for_current_tab)
        # the guide walks through the demo: let everyone fill it without the command line
        self.demo_action = QAction(window)
        self.demo_action.setObjectName("fillDemo")
        self.demo_action.triggered.connect(self.fill_demo)
        menu = window.help_menu
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action)
        menu.insertAction(first, self.demo_action)
        if first is not None:
            menu.insertSeparator(first)
        self.retranslate_ui()

    def finish(self) -> None:
        """F1 in every window of the app, not only the main one. Called after the first
        paint: naming the shortcut context builds PySide6's whole `Qt` namespace."""
        if not self._finished:
            from PySide6.QtCore import Qt

            self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            self._finished = True

    def fill_demo(self) -> bool:
        """Add the demo trajectory to this file and show it; True when it was added."""
        from app.services.changes import Changes
        from app.services.demo import create_demo
        from app.services.errors import AppError
        from app.services.progress import Cancelled
        from app.views.tasks import run_with_progress

        ctx = self.window.ctx
        if not getattr(ctx, "has_database", True):
            return False

        def fill(progress) -> str:  # off the GUI thread: the demo is a few thousand rows
            with ctx.write() as session:
                new_id = create_demo(session).id
                progress.check()  # cancelled meanwhile: roll back, nothing half-filled
            return new_id

        try:
            trajectory_id = run_with_progress(self.window, _("Filling in the demo…"), fill)
        except Cancelled:
            self.window.reload_trajectories()  # in case it was cancelled just too late
            return False
        except AppError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self.window, _("Demo trajectory"), exc.user_message())
            return False
        ctx.set_trajectory(trajectory_id)
        self.window.reload_trajectories()
        ctx.notify(Changes.all())
        self.window.tabs.setCurrentIndex(0)
        return True

    def current_page(self) -> str:
        from app.views.help import page_for_tab

        tabs = self.window.tabs
        return page_for_tab(tabs.currentIndex(), tabs.currentWidget())

    def open_for_current_tab(self) -> GuideWindow:
        return self.open_page(self.current_page())

    def open_page(self, page: str) -> GuideWindow:
        if self.guide is None:
            from app.views.help import GuideWindow

            self.guide = GuideWindow(self.window)
        self.guide.show_page(page)
        self.guide.show()
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.platformName() != "offscreen":  # it cannot raise windows
            self.guide.raise_()
            self.guide.activateWindow()
        return self.guide

    def retranslate_ui(self) -> None:
        self.action.setText(_("&User guide"))
        self.demo_action.setText(_("Fill in the &demo trajectory"))
        self.demo_action.setToolTip(_("Adds the fictional municipality Heidebeek with every "
                                      "step filled in, to look around and practise"))
        self.action.setToolTip(_("Open the user guide at the page for this tab (F1)"))
        if self.guide is not None:
            self.guide.retranslate_ui()
