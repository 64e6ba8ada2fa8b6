"""Exchange keys: your own (create, show, export) and the senders you know (import, trust)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.services.atomic import atomic_write_text
from app.services.errors import AppError
from app.services.exchange import keys
from app.services.i18n import _
from app.views.util import show_error
from app.views.widgets.sizing import fit_to_screen

FP_ROLE = Qt.ItemDataRole.UserRole + 1


class KeysDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeKeysDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_own())
        layout.addWidget(self._build_known(), 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        ctx.language_changed.connect(self._language_changed)
        self.retranslate_ui()
        fit_to_screen(self, 760, 520)  # at most what the screen has free

    def _build_own(self) -> QGroupBox:
        """Your keys: name, organisation, fingerprint; make them, save the public one."""
        self.own_box = QGroupBox()
        form = QFormLayout(self.own_box)
        self.name_label, self.org_label = QLabel(), QLabel()
        self.fp_caption, self.fp = QLabel(), QLabel()
        self.fp.setObjectName("ownFingerprint")
        self.fp.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLineEdit()
        self.name.setObjectName("keyName")
        self.organisation = QLineEdit()
        self.organisation.setObjectName("keyOrganisation")
        form.addRow(self.name_label, self.name)
        form.addRow(self.org_label, self.organisation)
        form.addRow(self.fp_caption, self.fp)
        row = QHBoxLayout()
        self.create_button = QPushButton()
        self.create_button.setObjectName("createKeys")
        self.create_button.clicked.connect(self.create)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_public)
        row.addWidget(self.create_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        form.addRow(row)
        return self.own_box

    def _build_known(self) -> QGroupBox:
        """The keys of others: a table and what can be done with the chosen one."""
        self.known_box = QGroupBox()
        known = QVBoxLayout(self.known_box)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("knownKeys")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        known.addWidget(self.table, 1)
        known.addLayout(self._build_known_buttons())
        return self.known_box

    def _build_known_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.lead_check = QCheckBox()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_key)
        self.distrust_button = QPushButton()
        self.distrust_button.clicked.connect(self.toggle_trust)
        self.forget_button = QPushButton()
        self.forget_button.clicked.connect(self.forget)
        self.role_button = QPushButton()
        self.role_button.setObjectName("toggleLead")
        self.role_button.clicked.connect(self.toggle_role)
        for w in (self.import_button, self.lead_check):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.role_button)
        row.addWidget(self.distrust_button)
        row.addWidget(self.forget_button)
        return row

    def _language_changed(self, _language: str) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Exchange keys"))
        self.own_box.setTitle(_("Your keys"))
        self.name_label.setText(_("Your name:"))
        self.org_label.setText(_("Organisation:"))
        self.fp_caption.setText(_("Fingerprint:"))
        self.export_button.setText(_("Save public key as file…"))
        self.known_box.setTitle(_("Colleagues and lead organisation"))
        self.import_button.setText(_("Import a public key…"))
        self.lead_check.setText(_("this is the lead organisation"))
        self.distrust_button.setText(_("Trust / do not trust"))
        self.role_button.setText(_("Lead organisation / colleague"))
        self.forget_button.setText(_("Forget"))
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as s:
            ident = keys.get_identity(s)
            own = keys.own_public(ident, self.ctx.db.device_id) if ident else None
            rows = [(k.fingerprint, k.name, k.organisation, k.role, k.trusted, k.last_seen)
                    for k in keys.known_keys(s)]
        if own is not None:
            self.name.setText(own.name)
            self.organisation.setText(own.organisation)
            self.fp.setText(keys.pretty_fingerprint(own.fingerprint))
            self.create_button.setText(_("Save name"))
        else:
            self.fp.setText(_("No keys yet: create them first."))
            self.create_button.setText(_("Create my keys"))
        self.export_button.setEnabled(own is not None)
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_("Name"), _("Organisation"), _("Role"),
                                              _("Fingerprint"), _("Trusted")])
        for fp, name, org, role, trusted, _seen in rows:
            cells = [name, org, _("lead organisation") if role == "lead" else _("colleague"),
                     keys.pretty_fingerprint(fp), _("yes") if trusted else _("no")]
            items = [QStandardItem(c) for c in cells]
            items[0].setData(fp, FP_ROLE)
            self.model.appendRow(items)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

    def create(self) -> None:
        self.ctx.run(lambda s: keys.create_identity(s, self.name.text().strip(),
                                                    self.organisation.text().strip())[1])
        self.reload()

    def export_public(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Save public key"),
                                                   "buurtverbinder-key.json",
                                                   _("Key files (*.json)"))
            if not path:
                return
        with self.ctx.session() as s:
            text = keys.public_key_json(keys.own_public(keys.require_identity(s),
                                                        self.ctx.db.device_id))
        try:
            atomic_write_text(Path(path), text + "\n")
        except AppError as exc:  # a full or read-only stick: said calmly, nothing written
            show_error(self, exc, _("Save public key"))

    def import_key(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, _("Import a public key"), "",
                                                   _("Key files (*.json);;All files (*)"))
            if not path:
                return
        try:
            info = keys.read_public_key_file(Path(path))
            if not info.sign_public:
                raise keys.fail(keys.E.BAD_KEY_FILE, name=Path(path).name)
        except AppError as exc:
            show_error(self, exc, _("Exchange keys"))
            return
        role = "lead" if self.lead_check.isChecked() else "colleague"
        self.ctx.run(lambda s: keys.trust_key(s, info, role)[1])
        self.reload()

    def _selected(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.item(index.row(), 0).data(FP_ROLE) if index.isValid() else None

    def toggle_role(self) -> None:
        fp = self._selected()
        if fp is not None:
            self.ctx.run(keys.toggle_role, fp)
            self.reload()

    def toggle_trust(self) -> None:
        fp = self._selected()
        if fp is not None:
            self.ctx.run(keys.toggle_trust, fp)
            self.reload()

    def forget(self) -> None:
        fp = self._selected()
        if fp is not None:
            self.ctx.run(keys.forget_key, fp)
            self.reload()
