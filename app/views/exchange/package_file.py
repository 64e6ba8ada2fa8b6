"""Opening a package file handed to the app (double-click in the file manager)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from app.services.errors import AppError
from app.services.i18n import _
from app.views.util import show_error


def open_package(main_window, path: Path) -> None:
    """Show the import preview of `path`; the user decides whether to import."""
    from app.views.exchange.import_dialog import ImportDialog, open_package as load

    ctx = main_window.ctx
    try:
        pkg = load(main_window, ctx, Path(path))
    except AppError as exc:
        show_error(main_window, exc, _("Import a package"))
        return
    if pkg is None:
        return
    dialog = ImportDialog(ctx, pkg, main_window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    result = dialog.import_result
    dialog.deleteLater()
    if accepted and result is not None:
        QMessageBox.information(main_window, _("Import a package"),
                                _("The package was imported."))
