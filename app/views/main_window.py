"""The main window: a trajectory chooser, the Overview and one tab per step, and the menus."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSize, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.services import i18n, method
from app.services.changes import Changes
from app.services.i18n import N_, _
from app.views.context import AppContext
from app.views.overview import OverviewPage


# Each tab's page is built the first time the tab is shown; its module is imported then, so
# the first paint does not wait for the step pages (and their database layer).
def _start_page(ctx: AppContext) -> QWidget:
    from app.views.groundwork.start_page import StartPage

    return StartPage(ctx)


def _step1_page(ctx: AppContext) -> QWidget:
    from app.views.groundwork.step1_page import Step1Page

    return Step1Page(ctx)


def _step2_page(ctx: AppContext) -> QWidget:
    from app.views.groundwork.step2_page import Step2Page

    return Step2Page(ctx)


def _step3_page(ctx: AppContext) -> QWidget:
    from app.views.groundwork.step3_page import Step3Page

    return Step3Page(ctx)


def _step4_page(ctx: AppContext) -> QWidget:
    from app.views.groundwork.step4_page import Step4Page

    return Step4Page(ctx)


def _step5_page(ctx: AppContext) -> QWidget:
    from app.views.participation.step5_page import Step5Page

    return Step5Page(ctx)


def _step6_page(ctx: AppContext) -> QWidget:
    from app.views.actions.step6_page import Step6Page

    return Step6Page(ctx)


def _step7_page(ctx: AppContext) -> QWidget:
    from app.views.actions.step7_page import Step7Page

    return Step7Page(ctx)


def _outreach_page(ctx: AppContext) -> QWidget:
    from app.views.outreach.outreach_panel import OutreachPage

    return OutreachPage(ctx)


# The page factory of each step tab, in order.
STEP_PAGES: list[Callable[[AppContext], QWidget]] = [
    _start_page, _step1_page, _step2_page, _step3_page, _step4_page, _step5_page, _step6_page,
    _step7_page,
]
# Tabs after the steps: (page factory, title msgid, tooltip msgid).
EXTRA_PAGES: list[tuple[Callable[[AppContext], QWidget], str, str]] = [
    (_outreach_page, N_("Home visits"),
     N_("Outreach campaigns: target lists, home visits, referrals and the dashboard")),
]

TRAJECTORY_FIELDS = None  # built lazily (imports the form widgets)


def trajectory_fields():
    from app.views.widgets.specs import Field

    return [
        Field("name", N_("Name of the trajectory"), required=True),
        Field("municipality", N_("Municipality")),
        Field("organisation", N_("Your organisation")),
        Field("network_director", N_("Network director"),
              help=N_("The person who connects partners and keeps the process going.")),
        Field("start_date", N_("Start date"), kind="date"),
        Field("planned_end_date", N_("Planned end date"), kind="date",
              help=N_("Plan at least 18 months to reach lasting change.")),
        Field("description", N_("Description"), kind="multiline"),
    ]


class LazyTab(QWidget):
    """A placeholder that builds its page when first shown, once the database is open.

    Shown before that (the window paints before the database layer is loaded), it says so and
    builds the page as soon as the database is ready."""

    built = Signal(QWidget)

    def __init__(self, factory: Callable[[], QWidget], ctx: AppContext, parent=None):
        super().__init__(parent)
        self._factory = factory
        self._ctx = ctx
        self.page: QWidget | None = None
        self._waiting: QLabel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget | None:
        """The page; None while the database is still being opened."""
        if self.page is None:
            if not self._ctx.has_database:
                self._wait_for_database()
                return None
            if self._waiting is not None:
                self._waiting.deleteLater()
                self._waiting = None
            self.page = self._factory()
            self._layout.addWidget(self.page)
            self.setFocusProxy(self.page)
            self.built.emit(self.page)
        return self.page

    def _wait_for_database(self) -> None:
        if self._waiting is None:
            self._waiting = QLabel(_("Opening your data…"))
            self._waiting.setObjectName("openingData")
            self._layout.addWidget(self._waiting)
            self._ctx.database_ready.connect(self._database_ready)

    def _database_ready(self) -> None:
        self._ctx.database_ready.disconnect(self._database_ready)
        if self.isVisible():
            self.ensure_built()

    def showEvent(self, event) -> None:
        self.ensure_built()
        super().showEvent(event)


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    restore_requested = Signal()
    shared_requested = Signal(str)  # File › Open a shared database… ("") or a recent address

    def __init__(self, ctx: AppContext, parent=None, quick_start: bool = False):
        """`quick_start`: the caller calls `finish_building()` after the first paint."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self._build_header()
        self._build_tabs()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self.header)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.overview.start_requested.connect(self.new_trajectory)
        self.overview.demo_requested.connect(lambda: self.help.fill_demo())
        ctx.changed.connect(self._on_changed)
        ctx.database_ready.connect(self.reload_trajectories)
        self.retranslate_ui()
        self.reload_trajectories()
        self._restore_geometry()
        if not quick_start:
            self.finish_building()

    def _build_tabs(self) -> None:
        """The Overview and a lazy tab per step and extra page."""
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stepTabs")
        self.tabs.setDocumentMode(True)
        # every tab stays in view (no scroll buttons that push the Overview or Home visits
        # out of sight): on a narrow window the steps that are not open show their number only
        self.tabs.setUsesScrollButtons(False)
        self.tabs.currentChanged.connect(lambda _i: self._fit_tab_titles())
        self._compact_tabs = False
        self.overview = OverviewPage(self.ctx)
        self.overview.open_step.connect(lambda n: self.tabs.setCurrentIndex(n + 1))
        self.tabs.addTab(self.overview, "")
        self.lazy_tabs: list[LazyTab] = []
        for factory in STEP_PAGES + [f for f, _t, _h in EXTRA_PAGES]:
            tab = LazyTab(lambda f=factory: f(self.ctx), self.ctx)
            self.lazy_tabs.append(tab)
            self.tabs.addTab(tab, "")

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.window_geometry
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:  # first start: as large as we like, but within the screen
            from app.views.widgets.sizing import available, fitting_size

            self.resize(fitting_size(self, QSize(1180, 760)))
            self.move(available(self).topLeft())

    def finish_building(self) -> None:
        """What the first paint need not wait for (see docs/performance.md)."""
        self.help.finish()
        from PySide6.QtCore import Qt  # after the first paint (docs/performance.md)

        # a last resort when even the short titles do not fit: shorten, never hide
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)

    # --- building -------------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.trajectory_label = QLabel()
        self.trajectory_combo = QComboBox()
        self.trajectory_combo.setObjectName("trajectoryChooser")
        self.trajectory_combo.setMinimumContentsLength(28)
        self.trajectory_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trajectory_label.setBuddy(self.trajectory_combo)
        self.trajectory_combo.currentIndexChanged.connect(self._trajectory_chosen)
        self.new_trajectory_button = QPushButton()
        self.new_trajectory_button.clicked.connect(self.new_trajectory)
        self.edit_trajectory_button = QPushButton()
        self.edit_trajectory_button.clicked.connect(self.edit_trajectory)
        self.header = QHBoxLayout()
        self.header.addWidget(self.trajectory_label)
        self.header.addWidget(self.trajectory_combo, 1)
        self.header.addWidget(self.edit_trajectory_button)
        self.header.addWidget(self.new_trajectory_button)

    def _action(self, menu, slot, shortcut=None, name="") -> QAction:
        action = QAction(self)
        if shortcut is not None:
            # setShortcuts: a standard key gets all its platform's bindings, and PySide6
            # resolves this call without building its whole `Qt` namespace (about 40 ms) before
            # the first paint, which setShortcut does
            action.setShortcuts(shortcut if isinstance(shortcut, QKeySequence.StandardKey)
                                else [shortcut])
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._build_file_menu()
        self._build_edit_menu()
        self._build_go_menu()
        # exchange feature: Exchange menu (export, import, conflicts, keys, overview)
        from app.views.exchange.menu import install_menu

        self.exchange = install_menu(self, self.ctx)
        self._build_language_menu()
        self._build_help_menu()

    def _build_file_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.act_new = self._action(self.file_menu, self.new_trajectory, None, "newTrajectory")
        self.act_edit = self._action(self.file_menu, self.edit_trajectory, None, "editTrajectory")
        self.file_menu.addSeparator()
        self._build_shared_menu()
        self.file_menu.addSeparator()
        self.act_print = self._action(self.file_menu, self.print_current,
                                      QKeySequence.StandardKey.Print, "printStep")
        # actions feature: File › Print the plan report… (retranslates itself)
        from app.views.actions.common import PlanReportAction

        self.act_plan = PlanReportAction(self.ctx, self)
        self.file_menu.addAction(self.act_plan)
        self.file_menu.addSeparator()
        self.act_backup = self._action(self.file_menu, self.backup_now, None, "backupNow")
        self.act_restore = self._action(self.file_menu, self.restore_requested.emit, None,
                                        "restoreBackup")
        self.file_menu.addSeparator()
        self.act_quit = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit,
                                     "quit")

    def _build_shared_menu(self) -> None:
        """File › Open a shared database… and the recent ones (issue 21)."""
        from app.views.shared_db import SharedDatabaseMenu

        self.act_shared = self._action(self.file_menu, lambda: self.shared_requested.emit(""),
                                       None, "openSharedDatabase")
        self.recent_shared = SharedDatabaseMenu(self.ctx.settings, self)
        self.recent_shared.chosen.connect(self.shared_requested.emit)
        self.file_menu.addMenu(self.recent_shared)

    def _build_edit_menu(self) -> None:
        self.edit_menu = self.menuBar().addMenu("")
        stack = self.ctx.undo_stack
        self.act_undo = self._action(self.edit_menu, stack.undo, QKeySequence.StandardKey.Undo,
                                     "undo")
        # Ctrl+Shift+Z and Ctrl+Y on every platform, whatever its own redo key
        self.act_redo = self._action(self.edit_menu, stack.redo, None, "redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack.indexChanged.connect(lambda _i: self._update_undo_actions())
        stack.cleanChanged.connect(lambda _c: self._update_undo_actions())
        # the status bar is made on its first message (it costs height on a small screen)
        self.ctx.status_message.connect(self._status_message)
        self.saved_notice = None
        self.ctx.file_saved.connect(self._file_saved)

    def _build_go_menu(self) -> None:
        self.go_menu = self.menuBar().addMenu("")
        self.act_next = self._action(self.go_menu, lambda: self._move_tab(1),
                                     QKeySequence("Ctrl+PgDown"), "nextStep")
        self.act_prev = self._action(self.go_menu, lambda: self._move_tab(-1),
                                     QKeySequence("Ctrl+PgUp"), "previousStep")
        self.go_actions = []
        for i in range(self.tabs.count()):
            act = self._action(self.go_menu, lambda _c=False, n=i: self.tabs.setCurrentIndex(n),
                               QKeySequence(f"Alt+{i}"), f"goTab{i}")
            self.go_actions.append(act)

    def _build_language_menu(self) -> None:
        self.language_menu = self.menuBar().addMenu("")
        self.language_menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, name in i18n.LANGUAGES.items():
            act = QAction(name, self, checkable=True)
            act.setObjectName(f"lang_{code}")
            act.setChecked(code == i18n.current_language())
            act.triggered.connect(lambda _c=False, c=code: self.language_requested.emit(c))
            group.addAction(act)
            self.language_menu.addAction(act)
            self.language_actions[code] = act

    def _build_help_menu(self) -> None:
        bar = self.menuBar()
        self.help_menu = bar.addMenu("")
        self.act_about = self._action(self.help_menu, self.about, None, "about")
        # accessibility and help (packaging feature): Theme menu, Help › User guide (F1)
        from app.views.help_menu import HelpController
        from app.views.theme import ThemeMenu

        self.theme_menu = ThemeMenu(self.ctx.settings, self)
        bar.insertMenu(self.help_menu.menuAction(), self.theme_menu)
        self.help = HelpController(self)

    def title(self) -> str:
        """Buurtverbinder; on a shared database also who works where (user@host/database)."""
        from app.services.server import title_of

        where = title_of(self.ctx.db) if self.ctx.db is not None else ""
        return f"{APP_NAME} — {where}" if where else APP_NAME

    def _show_where(self) -> None:
        """The title names a shared database; its backups are pg_dump's, not the app's."""
        self.setWindowTitle(self.title())
        on_file = self.ctx.db is None or self.ctx.db.engine.dialect.name == "sqlite"
        for action in (self.act_backup, self.act_restore):
            action.setEnabled(on_file)
            action.setToolTip("" if on_file else _("A shared database is backed up by its "
                                                   "administrator (pg_dump)."))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.title())
        self._retranslate_header()
        self._retranslate_tabs()
        self._retranslate_menus()
        self.theme_menu.retranslate_ui()
        if self.saved_notice is not None:
            self.saved_notice.retranslate_ui()
        self.help.retranslate_ui()
        self.overview.retranslate_ui()
        for tab in self.lazy_tabs:
            if tab.page is not None:
                tab.page.retranslate_ui()

    def _retranslate_header(self) -> None:
        self.trajectory_label.setText(_("Tra&jectory:"))
        self.trajectory_combo.setAccessibleName(_("Trajectory"))
        self.new_trajectory_button.setText(_("New trajectory…"))
        self.edit_trajectory_button.setText(_("Edit…"))
        self.edit_trajectory_button.setToolTip(_("Edit the name, dates and description"))

    def _retranslate_tabs(self) -> None:
        self.tabs.setTabText(0, _("Overview"))
        for i, sd in enumerate(method.all_steps(), start=1):
            self.tabs.setTabText(i, _(sd.tab_title))
            self.tabs.setTabToolTip(i, _(sd.title))
        for i, (_f, title, tip) in enumerate(EXTRA_PAGES, start=len(STEP_PAGES) + 1):
            self.tabs.setTabText(i, _(title))
            self.tabs.setTabToolTip(i, _(tip))
        self._fit_tab_titles()

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.act_new.setText(_("&New trajectory…"))
        self.act_edit.setText(_("&Edit trajectory…"))
        self.act_shared.setText(_("Open a shared &database…"))
        self.recent_shared.retranslate_ui()
        self.act_print.setText(_("&Print this step…"))
        self.act_backup.setText(_("Make a &backup now"))
        self.act_restore.setText(_("Re&store a backup…"))
        self.act_quit.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.ctx.retranslate_undo()
        self._update_undo_actions()
        self.go_menu.setTitle(_("&Go"))
        self.act_next.setText(_("&Next step"))
        self.act_prev.setText(_("&Previous step"))
        for i, act in enumerate(self.go_actions):
            act.setText(self.full_tab_title(i))
        self.language_menu.setTitle(_("&Language"))
        for code, act in self.language_actions.items():
            act.setChecked(code == i18n.current_language())
        self.help_menu.setTitle(_("&Help"))
        self.act_about.setText(_("&About Buurtverbinder"))

    # --- tabs on a narrow window -----------------------------------------------------------------
    def full_tab_title(self, index: int) -> str:
        if index == 0:
            return _("Overview")
        steps = method.all_steps()
        if index <= len(steps):
            return _(steps[index - 1].tab_title)
        return _(EXTRA_PAGES[index - len(steps) - 1][1])

    def _compact_title(self, index: int) -> str:
        """A step's number ("3") for a step tab that is not open; other tabs keep theirs."""
        steps = method.all_steps()
        if 1 < index <= len(steps):  # steps 1–7 (index 1 is "Before you start")
            return str(steps[index - 1].number)
        return self.full_tab_title(index)

    def _fit_tab_titles(self) -> None:
        """Full titles when they fit; else numbers for the closed steps, so that every tab,
        the open one with its full title, stays in view at 960×540."""
        bar = self.tabs.tabBar()
        count = self.tabs.count()
        current = self.tabs.currentIndex()
        metrics = bar.fontMetrics()
        pad = metrics.averageCharWidth() * 3 + 16  # the tab's own margins and frame

        def width(texts):
            return sum(metrics.horizontalAdvance(t.replace("&", "")) + pad for t in texts)

        full = [self.full_tab_title(i) for i in range(count)]
        room = self.tabs.width() - 8
        compact = width(full) > room
        for i in range(count):
            text = full[i] if not compact or i == current else self._compact_title(i)
            if bar.tabText(i) != text:
                self.tabs.setTabText(i, text)
            if compact and text != full[i]:
                self.tabs.setTabToolTip(i, self._tab_tip(i))
        self._compact_tabs = compact

    def _tab_tip(self, index: int) -> str:
        steps = method.all_steps()
        if 1 <= index <= len(steps):
            return _(steps[index - 1].title)
        return self.full_tab_title(index)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_tab_titles()

    def _status_message(self, text: str) -> None:
        self.statusBar().show()
        self.statusBar().showMessage(text, 10000)

    def _file_saved(self, path: str) -> None:
        """ "Saved in … — Open" in the status bar, made the first time a file is saved."""
        if self.saved_notice is None:
            from app.views.save_pdf import SavedNotice

            self.saved_notice = SavedNotice(self.ctx)
            self.statusBar().addPermanentWidget(self.saved_notice)
            self.statusBar().show()
            self.saved_notice.show_saved(path)

    def _update_undo_actions(self) -> None:
        """Edit › Undo / Redo name the action they would undo or redo, in user words."""
        import shiboken6

        from app.views.undo import redo_label, undo_label

        stack = self.ctx.undo_stack
        if not shiboken6.isValid(stack):  # the context is being torn down
            return
        index = stack.index()
        undo = stack.command(index - 1) if index > 0 else None
        redo = stack.command(index) if index < stack.count() else None
        self.act_undo.setEnabled(undo is not None)
        self.act_redo.setEnabled(redo is not None)
        self.act_undo.setText(undo_label(undo.verb, undo.kind, undo.name)
                              if hasattr(undo, "verb") else _("&Undo"))
        self.act_redo.setText(redo_label(redo.verb, redo.kind, redo.name)
                              if hasattr(redo, "verb") else _("&Redo"))

    # --- trajectories ---------------------------------------------------------------------------
    def reload_trajectories(self) -> None:
        """Fill the chooser. Until the database is open (just after the first paint) the
        window shows the first look at the file (`AppContext.glance`), and the actions that
        need the database wait."""
        has_db = self.ctx.has_database
        for widget in (self.trajectory_combo, self.new_trajectory_button, self.act_new,
                       self.act_backup, self.act_restore, self.act_print, self.act_plan,
                       self.help.demo_action, *self.exchange.menu.actions()):
            widget.setEnabled(has_db)
        if has_db:
            self._show_where()
            from app.services.summary import trajectories

            with self.ctx.session() as session:
                rows = trajectories(session)
            wanted = self.ctx.trajectory_id or self.ctx.settings.last_trajectory_id
        elif self.ctx.glance is not None:
            rows, wanted = self.ctx.glance.trajectories, self.ctx.glance.trajectory_id
        else:
            rows, wanted = [], ""
        self.trajectory_combo.blockSignals(True)
        self.trajectory_combo.clear()
        for tid, name in rows:
            self.trajectory_combo.addItem(name, tid)
        idx = self.trajectory_combo.findData(wanted)
        if idx < 0 and rows:
            idx = 0
        self.trajectory_combo.setCurrentIndex(idx)
        self.trajectory_combo.blockSignals(False)
        self.edit_trajectory_button.setEnabled(has_db and bool(rows))
        self.act_edit.setEnabled(has_db and bool(rows))
        self.ctx.set_trajectory(self.trajectory_combo.currentData() or "")

    def _trajectory_chosen(self, _index: int) -> None:
        self.flush_pages()
        self.ctx.set_trajectory(self.trajectory_combo.currentData() or "")

    def new_trajectory(self) -> None:
        from app.services import trajectories
        from app.views.widgets.form import RecordDialog

        dialog = RecordDialog(_("New trajectory"), trajectory_fields(), parent=self)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        with self.ctx.write() as session:
            changes = trajectories.create_trajectory(session, dialog.values())
        self.ctx.set_trajectory(changes.new_id)
        self.reload_trajectories()
        self.ctx.notify(changes)

    def edit_trajectory(self) -> None:
        from app.models.core import Trajectory
        from app.services import records, trajectories
        from app.services.errors import AppError
        from app.views.util import show_error
        from app.views.widgets.form import RecordDialog

        tid = self.ctx.trajectory_id
        if not tid:
            return
        with self.ctx.session() as session:
            values = trajectories.trajectory_values(session, tid)
            revision = records.revision_of(session, Trajectory, tid)
        if values is None:
            return
        dialog = RecordDialog(_("Edit trajectory"), trajectory_fields(), values, parent=self)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        try:  # someone else's save meanwhile (a shared database) is refused, not overwritten
            self.ctx.edit_with(Trajectory, tid, trajectories.update_trajectory, tid,
                               dialog.values(), based_on=revision)
        except AppError as exc:
            show_error(self, exc, _("Edit trajectory"))
        self.reload_trajectories()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("trajectory"):
            self.reload_trajectories()

    # --- other actions ----------------------------------------------------------------------------
    def _move_tab(self, delta: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def current_page(self) -> QWidget:
        widget = self.tabs.currentWidget()
        return widget.ensure_built() if isinstance(widget, LazyTab) else widget

    def print_current(self) -> None:
        page = self.current_page()
        if hasattr(page, "print_step"):
            page.print_step()

    def backup_now(self) -> None:
        from app.services import backup

        self.flush_pages()
        backup.make_backup(self.ctx.db.path, "manual")
        self.overview.reload()
        self.statusBar().showMessage(_("Backup made."), 5000)

    def about_text(self) -> str:
        from app.services import credits

        return "\n\n".join((
            _("Buurtverbinder {version}\n\nFor a local, participatory approach against "
              "loneliness. Your data stays on this computer:\n{path}").format(
                version=__version__, path=self.ctx.db.path if self.ctx.db else ""),
            credits.credit(), credits.proven_note()))

    def about(self) -> None:
        QMessageBox.about(self, _("About Buurtverbinder"), self.about_text())

    def flush_pages(self) -> None:
        for tab in self.lazy_tabs:
            if tab.page is not None and hasattr(tab.page, "flush"):
                tab.page.flush()

    def closeEvent(self, event) -> None:
        self.flush_pages()
        self.ctx.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode()
        try:
            self.ctx.settings.save()
        except OSError:
            pass
        super().closeEvent(event)
