"""The "Uitwisselen" / "Exchange" menu: export, import, conflict inbox, keys and the lead
organisation's consolidated overview. The lead wires it with `install_menu(window, ctx)`."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.services.i18n import _


class ExchangeMenu(QObject):
    def __init__(self, window, ctx):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.menu = QMenu(window)
        self.menu.setObjectName("exchangeMenu")
        window.menuBar().addMenu(self.menu)
        self.act_export = self._add("exchangeExport", self.export)
        self.act_import = self._add("exchangeImport", self.import_)
        self.menu.addSeparator()
        self.act_conflicts = self._add("exchangeConflicts", self.conflicts)
        self.act_keys = self._add("exchangeKeys", self.keys)
        self.menu.addSeparator()
        self.act_overview = self._add("exchangeOverview", self.overview)
        from app.views.exchange.sharing import install_sharing

        # Exchange › Share now and File › Sharing settings… (mailbox folders)
        self.sharing = install_sharing(window, ctx, self.menu)
        ctx.language_changed.connect(self._language_changed)
        ctx.changed.connect(self._on_changed)
        self.retranslate_ui()

    def _add(self, name: str, slot) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _c=False: slot())
        self.menu.addAction(action)
        return action

    def _on_changed(self, changes) -> None:
        if changes.touches("exchange_conflict"):
            self.retranslate_ui()

    def _language_changed(self, _language: str) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.menu.setTitle(_("E&xchange"))
        self.act_export.setText(_("&Export a package…"))
        self.act_import.setText(_("&Import a package…"))
        waiting = ""
        if self.ctx.has_database:  # the menu is built before the database is opened
            from app.services.exchange import conflicts, inbox

            with self.ctx.session() as s:
                if conflicts.count_pending(s):
                    # the same unit as the inbox itself: "2 fields of 1 partner"
                    waiting = inbox.pending_summary(conflicts.pending(s))
        self.act_conflicts.setText(_("&Conflict inbox: {summary}…").format(summary=waiting)
                                   if waiting else _("&Conflict inbox…"))
        self.act_keys.setText(_("&Keys…"))
        self.act_overview.setText(_("Consolidated &overview (lead organisation)…"))
        self.sharing.retranslate_ui()

    @staticmethod
    def _run(dialog) -> None:
        dialog.exec()
        dialog.deleteLater()

    def export(self) -> None:
        from app.views.exchange.export_dialog import ExportDialog

        self._run(ExportDialog(self.ctx, self.window))

    def import_(self) -> None:
        from app.views.exchange.import_dialog import choose_and_import

        choose_and_import(self.window, self.ctx)

    def conflicts(self) -> None:
        from app.views.exchange.conflicts_dialog import ConflictsDialog

        self._run(ConflictsDialog(self.ctx, self.window))

    def keys(self) -> None:
        from app.views.exchange.keys_dialog import KeysDialog

        self._run(KeysDialog(self.ctx, self.window))

    def overview(self) -> None:
        from app.views.exchange.consolidated_dialog import ConsolidatedDialog

        self._run(ConsolidatedDialog(self.ctx, self.window))


def install_menu(main_window, ctx) -> ExchangeMenu:
    """Add the Exchange menu to the main window's menu bar (kept translated)."""
    menu = ExchangeMenu(main_window, ctx)
    main_window.exchange_menu = menu
    return menu
