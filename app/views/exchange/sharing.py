"""Sharing through mailbox folders in the window: File › Sharing settings…, Exchange › Share
now, a pass in the background at start-up and every few minutes while a mailbox is reachable,
one more (sending only) when the window closes, and the mailboxes' status on the Overview and
the Home visits tab.

Background passes import only where a mailbox allows it (trusted senders); what else arrived
waits for "Share now", which shows one summary and imports after the user's OK.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from app.services.changes import Changes
from app.services.i18n import _, ngettext

log = logging.getLogger(__name__)

PASS_INTERVAL_MS = 5 * 60 * 1000
FIRST_PASS_DELAY_MS = 4000


class _Done(QObject):
    finished = Signal(object, object)  # report, exception


class _Pass(QRunnable):
    def __init__(self, db, signals: _Done):
        super().__init__()
        self.db, self.signals = db, signals

    def run(self) -> None:
        from app.services.exchange import mailbox

        try:
            report = mailbox.sync(self.db, import_mode="trusted")
        except Exception as exc:  # noqa: BLE001 (handed to the GUI thread, logged there)
            self.signals.finished.emit(None, exc)
        else:
            self.signals.finished.emit(report, None)


class SharingController(QObject):
    """Owns the sharing actions and the timer of one window."""

    def __init__(self, window, ctx, menu):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.busy = False
        self.waiting = 0
        self.act_settings = QAction(window)
        self.act_settings.setObjectName("sharingSettings")
        self.act_settings.triggered.connect(lambda _c=False: self.settings())
        self.act_share = QAction(window)
        self.act_share.setObjectName("shareNow")
        self.act_share.triggered.connect(lambda _c=False: self.share_now())
        menu.insertAction(menu.actions()[0] if menu.actions() else None, self.act_share)
        file_menu = getattr(window, "file_menu", None)
        if file_menu is not None:  # File › Sharing settings…, above the backups
            anchor = getattr(window, "act_backup", None)
            file_menu.insertAction(anchor, self.act_settings)
        else:
            menu.addAction(self.act_settings)
        self._signals = _Done(self)
        self._signals.finished.connect(self._background_done)
        # passes run on a pool of their own, so closing can wait for one still running
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.timer = QTimer(self, interval=PASS_INTERVAL_MS)
        self.timer.timeout.connect(self.background_pass)
        self.first_pass = QTimer(self, singleShot=True, interval=FIRST_PASS_DELAY_MS)
        self.first_pass.timeout.connect(self.background_pass)
        ctx.database_ready.connect(self._start)
        window.installEventFilter(self)
        if ctx.has_database:
            self._start()

    def retranslate_ui(self) -> None:
        self.act_settings.setText(_("S&haring settings…"))
        self.act_share.setText(_("&Share now") if not self.waiting else ngettext(
            "&Share now ({n} package waiting)", "&Share now ({n} packages waiting)",
            self.waiting).format(n=self.waiting))

    def _start(self) -> None:
        self.first_pass.start()
        self.timer.start()

    def _has_mailboxes(self) -> bool:
        if not self.ctx.has_database:
            return False
        from app.services.exchange import mailbox_settings

        with self.ctx.session() as s:
            return bool(mailbox_settings.list_mailboxes(s))

    # --- passes --------------------------------------------------------------------------------
    def background_pass(self) -> None:
        if self.busy or not self._has_mailboxes():
            return
        self.busy = True
        self.pool.start(_Pass(self.ctx.db, self._signals))

    def _background_done(self, report, error) -> None:
        self.busy = False
        if error is not None:
            log.warning("background sharing pass failed: %s", error)
            return
        self._after(report, quiet=True)

    def _after(self, report, quiet: bool) -> None:
        from app.services.exchange import mailbox

        if report.received:
            self.ctx.notify(report.changes())
        else:
            self.ctx.notify(Changes.of("exchange_mailbox"))
        self.waiting = len(report.waiting)
        self.retranslate_ui()
        bar = self.window.statusBar()
        if report.waiting and quiet:
            bar.showMessage(_("{summary} — choose Exchange › Share now to look at them.")
                            .format(summary=mailbox.waiting_summary(report.waiting)), 15000)
        elif not quiet or report.received:
            sent = sum(1 for box in report.mailboxes for s in box.sent if s.file)
            bar.showMessage(_("Shared: {sent} sent, {received} received.").format(
                sent=sent, received=len(report.received)), 8000)

    def share_now(self) -> None:
        """Send, look, then ask once before importing what arrived."""
        from app.services.exchange import mailbox
        from app.services.progress import Cancelled
        from app.views.tasks import run_with_progress

        if not self._has_mailboxes():
            self.settings()
            return
        if self.busy:
            self.window.statusBar().showMessage(_("Sharing is already busy; try again in a "
                                                  "moment."), 5000)
            return
        self.busy = True
        try:
            report = run_with_progress(self.window, _("Sharing…"),
                                       lambda p: mailbox.sync(self.ctx.db, import_mode="ask",
                                                              progress=p))
            problems = [box.error.user_message() for box in report.mailboxes if box.error]
            if report.waiting:
                self._offer_import(report)
            left = [f"{x.file}: {x.text()}" for box in report.mailboxes for x in box.left]
            if problems or left:
                QMessageBox.information(self.window, _("Share now"),
                                        "\n".join([*problems, *left]))
        except Cancelled:
            return
        finally:
            self.busy = False
        self._after(report, quiet=False)

    def _offer_import(self, report) -> None:
        """Ask once before importing the packages that arrived; import them if the user
        agrees (what is left over stays in the report's mailboxes)."""
        from app.services.exchange import mailbox
        from app.views.tasks import run_with_progress

        text = mailbox.waiting_summary(report.waiting) + "\n\n" + _(
            "Import them now? A backup is made first.")
        answer = QMessageBox.question(self.window, _("Share now"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def job(progress):
            return [mailbox.import_waiting(self.ctx.db, box.waiting, report=box,
                                           progress=progress)
                    for box in report.mailboxes if box.waiting]

        report.imported_kinds.extend(run_with_progress(self.window, _("Importing…"), job))

    def settings(self) -> None:
        from app.views.exchange.mailbox_dialog import SharingSettingsDialog

        dialog = SharingSettingsDialog(self.ctx, self.window)
        dialog.exec()
        dialog.deleteLater()

    def send_before_closing(self) -> None:
        """When the window closes: one last pass that only sends (nothing to ask then)."""
        if not self._has_mailboxes():  # first: closing before the data is open stays quick
            return
        from app.services.exchange import mailbox
        from app.services.progress import Cancelled
        from app.views.tasks import run_with_progress

        if hasattr(self.window, "flush_pages"):
            self.window.flush_pages()  # notes typed a moment ago go along
        try:
            run_with_progress(self.window, _("Sharing your last changes…"),
                              lambda p: mailbox.sync(self.ctx.db, receive=False, progress=p))
        except Cancelled:
            pass
        except Exception:  # closing must never fail because a share did
            log.exception("sharing at closing failed")

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()
            self.first_pass.stop()
            self.pool.waitForDone()  # a background pass still running ends first
            self.send_before_closing()
        return False


class MailboxStatusLabel(QLabel):
    """Per mailbox: last sent, last received, changes not yet shared, and a warning when it
    has not worked for a week. Hidden while no mailbox is set up."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mailboxStatus")
        self.setWordWrap(True)
        self.hide()
        self._timer = QTimer(self, singleShot=True, interval=1500)
        self._timer.timeout.connect(self.reload)
        ctx.database_ready.connect(self._timer.start)
        ctx.changed.connect(lambda _c: self._timer.start())
        ctx.language_changed.connect(lambda _l: self.reload())
        if ctx.has_database:
            self._timer.start()

    def reload(self) -> None:
        if not self.ctx.has_database:
            return
        from app.services.exchange import mailbox
        from app.views.exchange.mailbox_dialog import status_text

        with self.ctx.session() as s:
            states = mailbox.status(s)
        self.setText("\n".join(status_text(st) for st in states))
        self.setVisible(bool(states))


def install_sharing(window, ctx, menu) -> SharingController:
    controller = SharingController(window, ctx, menu)
    controller.retranslate_ui()
    return controller
