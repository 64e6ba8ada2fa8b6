""""42 visits not yet shared — Export for the lead organisation…": one line for the Home
visits tab and the Overview (issue 17). The counting is the Qt-free
`app.services.exchange.not_shared`; the link opens the export with the lead scope chosen."""
from __future__ import annotations

import logging
import threading
from html import escape
from weakref import WeakKeyDictionary, ref

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel

from app.services.i18n import _, ngettext

log = logging.getLogger(__name__)
AFTER_PAINT_MS = 300


def not_shared_text(visits: int, changes: int) -> str:
    """The line's words (plain text), or "" when everything has been shared."""
    parts = []
    if visits:
        parts.append(ngettext("{n} visit", "{n} visits", visits).format(n=visits))
    if changes:
        parts.append(ngettext("{n} other change", "{n} other changes", changes)
                     .format(n=changes))
    if not parts:
        return ""
    what = parts[0] if len(parts) == 1 else _("{first} and {second}").format(
        first=parts[0], second=parts[1])
    return _("{what} not yet shared with the lead organisation").format(what=what)


class _Done(QObject):
    """Hands a count back to the window's thread; one for the process, never deleted, so a
    count whose line has gone meanwhile still comes back."""

    finished = Signal(object, str, object, object)  # line (weak), trajectory, counts, error

    def __init__(self):
        super().__init__()
        self.finished.connect(self.hand_back)  # queued: this object lives on the window's

    def hand_back(self, line_ref, trajectory_id: str, counts, error) -> None:
        line = line_ref()
        if line is not None:
            try:
                line._counted(trajectory_id, counts, error)
            except RuntimeError:  # its window was closed meanwhile
                pass


_DONE: list[_Done] = []


def _done() -> _Done:
    if not _DONE:  # made on the window's thread, by the first count
        _DONE.append(_Done())
    return _DONE[0]


class _Shared:
    """The counter and read-only sessions of one window's database, shared by its lines (the
    Overview's and the Home visits page's): what one line compared, the other need not."""

    def __init__(self, db):
        from app.services.exchange.not_shared import NotSharedCounter
        from app.services.outreach.background_read import Reader

        self.db = db
        self.reader = Reader(db)
        self.counter = NotSharedCounter()
        self.lock = threading.Lock()  # the counter remembers: one count at a time


_SHARED: WeakKeyDictionary = WeakKeyDictionary()  # AppContext -> _Shared


def _shared(ctx) -> _Shared:
    shared = _SHARED.get(ctx)
    if shared is None or shared.db is not ctx.db:  # another database was opened
        if shared is not None:
            shared.reader.close()
        shared = _SHARED[ctx] = _Shared(ctx.db)
    return shared


class _Count(QRunnable):
    """One count on the thread pool, with sessions that only read (they never hold the
    write lock, so the window can save a visit meanwhile)."""

    def __init__(self, shared: _Shared, trajectory_id: str, line_ref):
        super().__init__()
        self.shared, self.trajectory_id, self.line_ref = shared, trajectory_id, line_ref

    def run(self) -> None:
        try:
            with self.shared.lock, self.shared.reader.session() as s:
                found = self.shared.counter.count(s, self.trajectory_id)
            result, error = (found.visits, found.changes), None
        except Exception as exc:  # noqa: BLE001 (handed back to the window's thread)
            result, error = None, exc
        _done().finished.emit(self.line_ref, self.trajectory_id, result, error)


class NotSharedLine(QLabel):
    """Hidden while everything has reached the lead organisation (or nothing is open). It
    counts a moment after the changes stop, only while its page is in view, and on a worker
    thread: the first count reads every record of the trajectory (seconds at 100 000
    visits), which the window must not wait for. Its counter compares again only the records
    changed since, one count at a time."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("notShared")
        self.setWordWrap(True)
        self.linkActivated.connect(lambda _link: self.open_export())
        self.counts = (0, 0)
        self._busy = self._again = False
        self._stale = True
        self.hide()
        # timers of its own (children), and its own methods as slots: nothing calls into it
        # once its window is gone
        self._timer = QTimer(self, singleShot=True, interval=1500)
        self._timer.timeout.connect(self.reload)
        # when the page is shown: after its first paint, which the count (a worker thread,
        # but the same interpreter) would otherwise slow down
        self._now = QTimer(self, singleShot=True, interval=AFTER_PAINT_MS)
        self._now.timeout.connect(self.reload)
        ctx.database_ready.connect(self.soon)
        ctx.trajectory_changed.connect(self.soon)
        ctx.changed.connect(self.soon)
        ctx.language_changed.connect(self.on_language)
        if ctx.has_database:
            self._timer.start()

    def soon(self, *_args) -> None:
        self._timer.start()

    def on_language(self, *_args) -> None:
        self.retranslate_ui()

    def _page_in_view(self) -> bool:
        page = self.parentWidget()
        return page is None or page.isVisible()

    def reload(self) -> None:
        if not self._page_in_view():
            self._stale = True  # counted when the page is shown again
            return
        self._stale = False
        if self._busy:  # one count at a time; this one starts when the running one ends
            self._again = True
            return
        if not self.ctx.has_database or not self.ctx.trajectory_id:
            self.counts = (0, 0)
            self.retranslate_ui()
            return
        self._busy = True
        _done()  # made here, on the window's thread, before the worker hands back to it
        QThreadPool.globalInstance().start(
            _Count(_shared(self.ctx), self.ctx.trajectory_id, ref(self)))

    def _counted(self, trajectory_id: str, counts, error) -> None:
        self._busy = False
        if error is not None:  # the line is a hint: a failed count leaves the last one
            log.warning("counting what is not yet shared failed: %s", error)
        elif trajectory_id == self.ctx.trajectory_id:
            self.counts = counts
            self.retranslate_ui()
        else:  # another trajectory was chosen meanwhile: count that one
            self._again = True
        if self._again:
            self._again = False
            self.reload()

    @property
    def counting(self) -> bool:
        return self._busy

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ParentChange and self.parentWidget() is not None:
            self.parentWidget().installEventFilter(self)  # to count when the page is shown
        return super().event(event)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.parentWidget() and event.type() == QEvent.Type.Show and self._stale:
            self._now.start()
        return False

    def retranslate_ui(self) -> None:
        text = not_shared_text(*self.counts)
        self.setVisible(bool(text))
        link = _("Export for the lead organisation…")
        self.setText(f'{escape(text)} — <a href="export">{escape(link)}</a>' if text else "")
        self.setAccessibleName(text)

    def open_export(self) -> None:
        from app.views.exchange.export_dialog import ExportDialog

        dialog = ExportDialog(self.ctx, self.window())
        dialog.scope_buttons["lead"].setChecked(True)
        dialog.exec()
        dialog.deleteLater()
