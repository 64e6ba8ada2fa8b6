"""Exporting a package: scope, trajectories, and how it is protected."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AppError
from app.services.exchange import dialog_queries, exporter, keys
from app.services.exchange.labels import SCOPE_LABELS
from app.services.i18n import _, ngettext
from app.services.progress import Cancelled
from app.views.util import show_error
from app.views.widgets.sizing import fit_to_screen, scrolling

ROLE = Qt.ItemDataRole.UserRole + 1  # the key's role ("lead" or "colleague") in the combo


class ProtectionMissingError(ValueError):
    """The chosen protection is incomplete (message already translated)."""


class ExportDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeExportDialog")
        with ctx.session() as s:
            choices = dialog_queries.trajectory_choices(s)
            self.known = [(k.fingerprint, k.name, k.organisation, k.age_recipient, k.role)
                          for k in keys.known_keys(s) if k.trusted and k.age_recipient]
        content = QWidget()  # scrolls when the screen is small; the buttons stay in view
        layout = QVBoxLayout(content)
        layout.addWidget(self._build_scope())
        self.traj_label = QLabel()
        layout.addWidget(self.traj_label)
        layout.addWidget(self._build_trajectories(choices))
        layout.addWidget(self._build_protection())
        self.attachments = QCheckBox()
        self.attachments.setObjectName("withAttachments")
        layout.addWidget(self.attachments)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        area = scrolling(content)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.addWidget(area, 1)
        outer.addWidget(self.buttons)
        self.result_path: Path | None = None
        self._shown_scope = ""
        self.retranslate_ui()
        self._update()
        fit_to_screen(self, 620, 560)  # at most what the screen has free
        self.scope_group.checkedButton().setFocus()  # the first choice to make

    def _build_scope(self) -> QGroupBox:
        """What goes into the package: one choice per scope, the lead package first."""
        self.scope_box = QGroupBox()
        scope_layout = QVBoxLayout(self.scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for scope in SCOPE_LABELS:
            button = QRadioButton()
            button.setObjectName(f"scope_{scope}")
            self.scope_group.addButton(button)
            self.scope_buttons[scope] = button
            scope_layout.addWidget(button)
        self.scope_buttons["lead"].setChecked(True)
        self.scope_group.buttonToggled.connect(lambda *_a: self._update())
        return self.scope_box

    def _build_trajectories(self, choices: list[tuple[str, str]]) -> QListWidget:
        self.trajectories = QListWidget()
        self.trajectories.setObjectName("exportTrajectories")
        for tid, name in choices:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, tid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.trajectories.addItem(item)
        self.trajectories.setMaximumHeight(120)
        return self.trajectories

    def _build_protection(self) -> QGroupBox:
        """Encrypt for a known key (or a key file), or with a passphrase typed twice."""
        self.protect_box = QGroupBox()
        protect = QVBoxLayout(self.protect_box)
        self.to_key = QRadioButton()
        self.to_key.setObjectName("protectKey")
        protect.addWidget(self.to_key)
        protect.addLayout(self._build_recipient_row())
        self.with_pass = QRadioButton()
        self.with_pass.setObjectName("protectPassphrase")
        protect.addWidget(self.with_pass)
        self.passphrase, self.passphrase2 = QLineEdit(), QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase2.setObjectName("passphraseAgain")
        for field in (self.passphrase, self.passphrase2):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            protect.addWidget(field)
        self.protect_hint = QLabel()
        self.protect_hint.setWordWrap(True)
        protect.addWidget(self.protect_hint)
        self.with_pass.setChecked(True)  # the scope's key, if any, is chosen in _update
        self.to_key.toggled.connect(lambda *_a: self._update())
        return self.protect_box

    def _build_recipient_row(self) -> QHBoxLayout:
        self.recipient = QComboBox()
        self.recipient.setObjectName("recipientCombo")
        for fp, name, org, recipient, role in self.known:
            label = f"{name or '?'} — {org or '?'} ({keys.pretty_fingerprint(fp)})"
            self.recipient.addItem(label, recipient)
            self.recipient.setItemData(self.recipient.count() - 1, role, ROLE)
        self.key_file_button = QPushButton()
        self.key_file_button.clicked.connect(self._choose_key_file)
        row = QHBoxLayout()
        row.addWidget(self.recipient, 1)
        row.addWidget(self.key_file_button)
        return row

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Export a package"))
        self.scope_box.setTitle(_("What goes into the package?"))
        for scope, button in self.scope_buttons.items():
            button.setText(_(SCOPE_LABELS[scope]))
        self.traj_label.setText(_("Trajectories:"))
        self.protect_box.setTitle(_("Protection"))
        self.to_key.setText(_("Encrypt for a person's or organisation's key"))
        self.key_file_button.setText(_("Key file…"))
        self.with_pass.setText(_("Encrypt with a passphrase"))
        self.passphrase.setPlaceholderText(_("Passphrase (at least 8 characters)"))
        self.passphrase2.setPlaceholderText(_("The same passphrase again"))
        self.attachments.setText(_("Include attachments such as photos (a larger file)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Export…"))
        self._update()

    def scope(self) -> str:
        return next(s for s, b in self.scope_buttons.items() if b.isChecked())

    def _update(self) -> None:
        scope = self.scope()
        if scope != self._shown_scope:
            self._shown_scope = scope
            self._preselect_key(scope)
        by_key = self.to_key.isChecked()
        self.recipient.setEnabled(by_key)
        self.key_file_button.setEnabled(by_key)
        self.passphrase.setEnabled(not by_key)
        self.passphrase2.setEnabled(not by_key)
        self.protect_box.setEnabled(scope != "practices")
        hints = {"full": _("This package holds personal data, so it is always encrypted."),
                 "lead": _("Figures, codes and the names of actions and organisations; no "
                           "names of people, no contact details and no notes. Always "
                           "encrypted: for the lead organisation's key or with a "
                           "passphrase."),
                 "practices": _("Only actions, personas and other practices, without "
                                "personal details; not encrypted.")}
        self.protect_hint.setText(hints[scope])

    def _preselect_key(self, scope: str) -> None:
        """For the lead organisation only a key marked as theirs is chosen for you, never a
        colleague's; without one, a passphrase."""
        if scope == "lead":
            index = next((i for i in range(self.recipient.count())
                          if self.recipient.itemData(i, ROLE) == "lead"), -1)
        else:
            index = 0 if self.recipient.count() else -1
        self.recipient.setCurrentIndex(index)
        (self.to_key if index >= 0 else self.with_pass).setChecked(True)

    def _choose_key_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Choose a public key file"))
        if not path:
            return
        try:
            info = keys.read_public_key_file(Path(path))
        except AppError as exc:
            show_error(self, exc, _("Export a package"))
            return
        if not info.age_recipient:
            return
        self.recipient.addItem(info.name or Path(path).name, info.age_recipient)
        self.recipient.setCurrentIndex(self.recipient.count() - 1)

    def chosen_trajectories(self) -> list[str] | None:
        names = [self.trajectories.item(i).text() for i in range(self.trajectories.count())
                 if self.trajectories.item(i).checkState() == Qt.CheckState.Checked]
        return None if len(names) == self.trajectories.count() else names

    def protection(self) -> tuple[list[str], str | None]:
        scope = self.scope()
        if scope == "practices":
            return [], None
        if self.to_key.isChecked():
            recipient = self.recipient.currentData()
            if not recipient:
                raise ProtectionMissingError(_("Choose the key to encrypt for, or encrypt with a "
                                          "passphrase."))
            return [recipient], None
        if not self.passphrase.text().strip():
            # never an unencrypted package because the boxes were left empty
            raise ProtectionMissingError(_("Type a passphrase of at least 8 characters, twice."))
        if self.passphrase.text() != self.passphrase2.text():
            raise ProtectionMissingError(_("The two passphrases are not the same."))
        return [], self.passphrase.text()

    def _checked_choices(self) -> tuple[list[str], str | None] | None:
        """The protection chosen, once it and the trajectories are complete; else None
        (the user was told what is missing)."""
        try:
            recipients, passphrase = self.protection()
            if passphrase is not None:
                exporter.check_passphrase(passphrase)
        except ProtectionMissingError as exc:
            QMessageBox.warning(self, _("Export a package"), str(exc))
            return None
        except AppError as exc:
            show_error(self, exc, _("Export a package"))
            return None
        if self.chosen_trajectories() == []:
            QMessageBox.warning(self, _("Export a package"), _("Choose at least one trajectory."))
            return None
        return recipients, passphrase

    def export(self, path: str | None = None) -> None:
        choices = self._checked_choices()
        if choices is None:
            return
        recipients, passphrase = choices
        if path is None:
            stamp = date.today().strftime("%Y%m%d")
            path, _f = QFileDialog.getSaveFileName(
                self, _("Save the package"), f"buurtverbinder-{self.scope()}-{stamp}.bvx",
                _("Buurtverbinder packages (*.bvx)"))
            if not path:
                return
        from app.views.tasks import run_with_progress

        try:
            result = run_with_progress(self, _("Exporting…"), lambda progress:
                                       exporter.export_package(
                                           self.ctx.db, Path(path), self.scope(),
                                           trajectories=self.chosen_trajectories(),
                                           recipients=recipients, passphrase=passphrase,
                                           attachments=self.attachments.isChecked(),
                                           progress=progress))
        except Cancelled:
            return
        except AppError as exc:
            show_error(self, exc, _("Export a package"))
            return
        self.result_path = result.path
        QMessageBox.information(self, _("Export a package"), ngettext(
            "The package with {n} record was saved as {path}.",
            "The package with {n} records was saved as {path}.", result.total).format(
            n=result.total, path=result.path))
        self.accept()
