""""42 visits not yet shared — Export for the lead organisation…": one line for the Home
visits tab and the Overview (issue 17). The counting is the Qt-free
`app.services.exchange.not_shared`; the link opens the export with the lead scope chosen."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel

from app.services.i18n import _, ngettext


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


class NotSharedLine(QLabel):
    """Hidden while everything has reached the lead organisation (or nothing is open). It
    counts a moment after the changes stop, only while its page is in view, and never during
    the first paint; its counter compares again only the records changed since."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("notShared")
        self.setWordWrap(True)
        self.linkActivated.connect(lambda _link: self.open_export())
        self.counts = (0, 0)
        self.counter = None  # made with the first count: it imports the exchange feature
        self._stale = True
        self.hide()
        # timers of its own (children), and its own methods as slots: nothing calls into it
        # once its window is gone
        self._timer = QTimer(self, singleShot=True, interval=1500)
        self._timer.timeout.connect(self.reload)
        self._now = QTimer(self, singleShot=True, interval=0)
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
        if not self.ctx.has_database or not self.ctx.trajectory_id:
            self.counts = (0, 0)
        else:
            from app.services.exchange.not_shared import NotSharedCounter

            self.counter = self.counter or NotSharedCounter()
            with self.ctx.session() as s:
                found = self.counter.count(s, self.ctx.trajectory_id)
            self.counts = (found.visits, found.changes)
        self.retranslate_ui()

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
