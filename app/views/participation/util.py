"""Small helpers for step 5's views."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.services.i18n import _


def ask_pdf_path(parent: QWidget, default_name: str) -> Path | None:
    path, _f = QFileDialog.getSaveFileName(parent, _("Save PDF"),
                                           str(Path.home() / default_name), "PDF (*.pdf)")
    if not path:
        return None
    return Path(path if path.lower().endswith(".pdf") else path + ".pdf")


def select_first(panel) -> None:
    """Select the first row of a record list when nothing is selected yet."""
    if panel.current_id() is None and panel.model.rowCount() > 0:
        panel.select_id(panel.model.id_at(0))
