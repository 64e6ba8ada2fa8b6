"""The organisation's logo for a campaign's cards, chosen in the campaign settings."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.errors import AppError
from app.services.i18n import _
from app.services.outreach import logo
from app.views.widgets.dialog_parts import hidden_banner


class LogoPicker(QWidget):
    """Shows the chosen logo; Choose… and Remove change it only when the dialog is saved
    (`apply`), so Cancel leaves the cards as they were."""

    def __init__(self, campaign_id: str | None = None, parent=None):
        super().__init__(parent)
        self.data: bytes = logo.logo(campaign_id) if campaign_id else b""
        self.changed = False
        self.preview = QLabel()
        self.preview.setFixedSize(120, 48)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("logoPreview")
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove)
        self.problem = hidden_banner("error", "logoProblem")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addWidget(self.choose_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.problem, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.choose_button.setText(_("Choose a logo…"))
        self.choose_button.setToolTip(_("A PNG or JPEG picture, printed on the back of the "
                                        "cards with the organisation's name"))
        self.remove_button.setText(_("Remove logo"))
        self.setAccessibleName(_("Logo on the cards"))
        self._show()

    def _show(self) -> None:
        pix = QPixmap()
        if self.data and pix.loadFromData(self.data):
            self.preview.setPixmap(pix.scaled(self.preview.size(),
                                              Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("No logo"))
        self.remove_button.setEnabled(bool(self.data))

    def choose(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Choose a logo"), "",
                                               _("Pictures") + " (*.png *.jpg *.jpeg)")
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> bool:
        try:
            self.data = logo.read_file(path)
        except AppError as exc:
            self.problem.setText(exc.user_message())
            self.problem.show()
            return False
        self.problem.hide()
        self.changed = True
        self._show()
        return True

    def remove(self) -> None:
        self.data, self.changed = b"", True
        self.problem.hide()
        self._show()

    def apply(self, campaign_id: str) -> None:
        """Store the choice for the campaign (after its settings were saved)."""
        if not self.changed:
            return
        if self.data:
            logo.set_logo(campaign_id, self.data)
        else:
            logo.remove_logo(campaign_id)
