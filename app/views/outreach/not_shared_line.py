""""42 visits not yet shared — Export for the lead organisation…": one line for the Home
visits tab and the Overview (issue 17). The counting is the Qt-free
`app.services.exchange.not_shared`; the link opens the export with the lead scope chosen."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
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
    counts a moment after the changes stop, never during the first paint."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("notShared")
        self.setWordWrap(True)
        self.linkActivated.connect(lambda _link: self.open_export())
        self.counts = (0, 0)
        self.hide()
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.reload)
        ctx.database_ready.connect(self._timer.start)
        ctx.trajectory_changed.connect(lambda _t: self._timer.start())
        ctx.changed.connect(lambda _c: self._timer.start())
        if ctx.has_database:
            self._timer.start()

    def reload(self) -> None:
        if not self.ctx.has_database or not self.ctx.trajectory_id:
            self.counts = (0, 0)
        else:
            from app.services.exchange.not_shared import not_shared

            with self.ctx.session() as s:
                found = not_shared(s, self.ctx.trajectory_id)
            self.counts = (found.visits, found.changes)
        self.retranslate_ui()

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
