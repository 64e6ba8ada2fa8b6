"""File › Open a shared database… (issue 21): the lead organisation's PostgreSQL database.

The dialog asks for the server, port, database, user and (optionally) a password; the
connection is tried on a worker thread with a busy bar and Cancel, so the window never
freezes on a slow or unreachable server. The password is kept only in the system keyring
(when there is one and the user asks), never in the settings: the recent list holds the
addresses alone, and libpq takes a password from ~/.pgpass itself.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import server
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _
from app.views.util import show_error

if TYPE_CHECKING:
    from app.services.database import Database
    from app.services.settings import Settings
    from app.views.context import AppContext


class AddressFields(QWidget):
    """Server, port, database, user and password, as a form."""

    def __init__(self, parts: server.AddressParts, parent: QWidget | None = None):
        super().__init__(parent)
        self.host = QLineEdit(parts.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(parts.port)
        self.database = QLineEdit(parts.database)
        self.user = QLineEdit(parts.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.labels = [QLabel() for _i in range(5)]
        for label, field in zip(self.labels, (self.host, self.port, self.database, self.user,
                                              self.password), strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)

    def retranslate_ui(self) -> None:
        for label, text in zip(self.labels, (_("&Server:"), _("&Port:"), _("&Database:"),
                                             _("&User:"), _("Pass&word:")), strict=True):
            label.setText(text)
        self.host.setPlaceholderText(_("e.g. server.example.be"))
        self.password.setPlaceholderText(_("empty: from your .pgpass file"))

    def parts(self) -> server.AddressParts:
        return server.AddressParts(self.host.text().strip(), self.port.value(),
                                   self.database.text().strip(), self.user.text().strip())


class SharedDatabaseDialog(QDialog):
    """Ask for a shared database and connect to it off the GUI thread. Accepted: `database`
    is open and `address` (without password) is what to remember."""

    _connected = Signal(object, object)  # Database or None, AppError/exception or None

    def __init__(self, parent: QWidget | None, address: str = "", keyring: bool = False):
        super().__init__(parent)
        self.setObjectName("sharedDatabaseDialog")
        self.database: Database | None = None
        self.address = ""
        self._cancelled = False
        self.fields = AddressFields(server.address_parts(address) if address
                                    else server.AddressParts(), self)
        self.remember = QCheckBox()
        self.remember.setVisible(keyring)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a busy bar: connecting takes as long as it takes
        self.busy.setTextVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.connect_now)
        self.buttons.rejected.connect(self.cancel)
        self._connected.connect(self._finished)
        self._lay_out()
        self._show_busy(False)
        self.retranslate_ui()

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        for widget in (self.intro, self.fields, self.remember, self.busy, self.status,
                       self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(440)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Open a shared database"))
        self.intro.setText(_("The lead organisation's database on a PostgreSQL server. Ask "
                             "its administrator for these details."))
        self.fields.retranslate_ui()
        self.remember.setText(_("&Remember the password in the system keyring"))
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setText(_("&Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.fields.setEnabled(not busy)
        self.remember.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(not busy)
        self.status.setText(_("Connecting to the server…") if busy else "")

    def connect_now(self) -> None:
        """Try the connection on a worker thread; the dialog closes when it is open."""
        password = self.fields.password.text()
        try:
            full = server.address_of(self.fields.parts(), password)
            self.address = server.stored_url(full)
        except AppError as exc:
            show_error(self, exc, _("Open a shared database"))
            return
        self._show_busy(True)
        worker = threading.Thread(target=self._connect, args=(full,), daemon=True,
                                  name="open-shared-database")
        worker.start()

    def _connect(self, full: str) -> None:
        try:
            self._connected.emit(server.open_server(full), None)
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the GUI thread
            self._connected.emit(None, exc)

    def _finished(self, db: Database | None, error: BaseException | None) -> None:
        if self._cancelled:  # the user gave up waiting: close what arrived late
            if db is not None:
                db.close()
            return
        self._show_busy(False)
        if db is None:
            if not isinstance(error, AppError):
                raise error if error is not None else RuntimeError("no database")
            show_error(self, error, _("Open a shared database"))
            return
        if not self.remember.isHidden() and self.remember.isChecked():
            server.remember_password(self.address, self.fields.password.text())
        self.fields.password.clear()
        self.database = db
        self.accept()

    def cancel(self) -> None:
        self._cancelled = not self.busy.isHidden()  # a connection is on its way
        self.reject()


class SharedDatabaseMenu(QMenu):
    """File › Recent shared databases: the remembered addresses (never a password)."""

    chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recentSharedDatabases")
        self.settings = settings
        self.aboutToShow.connect(self.fill)
        self.retranslate_ui()

    def fill(self) -> None:
        self.clear()
        for address in self.settings.recent_databases:
            action = self.addAction(server.shown_url(address))
            action.triggered.connect(lambda _c=False, a=address: self.chosen.emit(a))
        if not self.settings.recent_databases:
            self.addAction(_("(none yet)")).setEnabled(False)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Recent shared databases"))


class SharedRefresher(QObject):
    """Lists refresh when another user changes them: on a shared database (never on a
    file, which one window alone writes), while the window is active, every few seconds one
    cheap query (rows and newest change of each table a visible list shows); a table that
    changed is announced like any change, so its lists reload keeping selection and scroll."""

    INTERVAL_MS = 4000

    def __init__(self, ctx: AppContext, window: QWidget):
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.marks: dict[str, tuple[int, str]] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.poll)
        ctx.database_ready.connect(self.restart)

    def restart(self) -> None:
        self.marks = {}
        db = self.ctx.db
        if db is not None and db.engine.dialect.name != "sqlite":
            self.timer.start()
        else:
            self.timer.stop()

    def shown_tables(self) -> set[str]:
        from app.views.widgets.record_list import RecordListPanel

        return {panel.spec.model.__tablename__ for panel in
                self.window.findChildren(RecordListPanel) if panel.isVisible()}

    def poll(self) -> Changes:
        """Compare with the last look; announce (and return) what changed meanwhile."""
        if self.ctx.db is None or not self.window.isActiveWindow():
            return Changes()
        with self.ctx.session() as session:
            marks = server.change_marks(session, self.shown_tables())
        changed = [t for t, mark in marks.items() if self.marks.get(t, mark) != mark]
        self.marks.update(marks)
        changes = Changes.of(*changed)
        if changed:
            self.ctx.notify(changes)
        return changes
