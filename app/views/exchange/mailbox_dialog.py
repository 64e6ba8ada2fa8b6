"""File › Sharing settings…: the mailbox folders, who reads each one and what they get."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AppError
from app.services.i18n import _, format_datetime
from app.views.util import show_error
from app.views.widgets.sizing import fit_to_screen

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SCOPES = ("lead", "full", "practices")


def scope_label(scope: str) -> str:
    return {"lead": _("for the lead organisation (no personal data)"),
            "full": _("everything (a colleague of the same team)"),
            "practices": _("good practices only")}[scope]


class RecipientsTable(QTableWidget):
    """Who reads the mailbox: a known key and a scope per row."""

    def __init__(self, keys_known: list[tuple[str, str]], parent=None):
        super().__init__(0, 2, parent)
        self.keys_known = keys_known  # (fingerprint, label)
        self.setObjectName("mailboxRecipients")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def retranslate_ui(self) -> None:
        self.setHorizontalHeaderLabels([_("Who reads it"), _("What they get")])
        for row in range(self.rowCount()):
            box = self.cellWidget(row, 1)
            for i, scope in enumerate(SCOPES):
                box.setItemText(i, scope_label(scope))

    def add(self, fingerprint: str = "", scope: str = "lead") -> None:
        from app.services.exchange import keys

        row = self.rowCount()
        self.insertRow(row)
        who = QComboBox()
        for fp, label in self.keys_known:
            who.addItem(label, fp)
            who.setItemData(who.count() - 1, keys.pretty_fingerprint(fp),
                            Qt.ItemDataRole.ToolTipRole)
        if fingerprint:
            who.setCurrentIndex(max(0, who.findData(fingerprint)))
        what = QComboBox()
        for s in SCOPES:
            what.addItem(scope_label(s), s)
        what.setCurrentIndex(SCOPES.index(scope))
        self.setCellWidget(row, 0, who)
        self.setCellWidget(row, 1, what)
        self.setCurrentCell(row, 0)

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())

    def specs(self):
        from app.services.exchange import mailbox

        result = []
        for row in range(self.rowCount()):
            fp = self.cellWidget(row, 0).currentData()
            if fp:
                result.append(mailbox.RecipientSpec(fp, self.cellWidget(row, 1).currentData()))
        return result


class SharingSettingsDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("sharingSettingsDialog")
        self.current_id: int | None = None
        with ctx.session() as s:
            from app.services.exchange import keys

            self.keys_known = [(k.fingerprint, _label(k)) for k in keys.known_keys(s)
                               if k.trusted and k.age_recipient]
        splitter = QSplitter()
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._editor())
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([200, 640])
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.reload()
        fit_to_screen(self, 860, 560)  # at most what the screen has free

    def _build_list(self) -> QWidget:
        """The mailbox folders, with add and remove below them."""
        self.list = QListWidget()
        self.list.setObjectName("mailboxList")
        self.list.currentItemChanged.connect(self._show_current)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.setObjectName("addMailbox")
        self.add_button.clicked.connect(self.add_mailbox)
        self.remove_button.clicked.connect(self.remove_mailbox)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left_layout.addLayout(row)
        return left

    def _folder_row(self) -> QHBoxLayout:
        self.name, self.folder = QLineEdit(), QLineEdit()
        self.name.setObjectName("mailboxName")
        self.folder.setObjectName("mailboxFolder")
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        return folder_row

    def _recipient_buttons(self) -> QHBoxLayout:
        self.add_recipient, self.remove_recipient = QPushButton(), QPushButton()
        self.add_recipient.setObjectName("addRecipient")
        self.add_recipient.clicked.connect(lambda: self.recipients.add())
        self.remove_recipient.clicked.connect(self.recipients.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_recipient)
        buttons.addWidget(self.remove_recipient)
        buttons.addStretch(1)
        return buttons

    def _editor(self) -> QScrollArea:
        """The chosen mailbox: name, folder, recipients, automatic import, how long kept."""
        folder_row = self._folder_row()
        self.recipients = RecipientsTable(self.keys_known)
        buttons = self._recipient_buttons()
        self.no_keys = QLabel()
        self.no_keys.setWordWrap(True)
        self.auto = QCheckBox()
        self.auto.setObjectName("mailboxAutoImport")
        self.keep = QSpinBox()
        self.keep.setRange(1, 3650)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("mailboxStatus")
        self.labels = [QLabel() for _i in range(4)]
        for label, buddy in zip(self.labels, (self.name, self.folder, self.recipients,
                                              self.keep), strict=True):
            label.setBuddy(buddy)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow(self.labels[0], self.name)
        self.form.addRow(self.labels[1], folder_row)
        self.form.addRow(self.labels[2], self.recipients)
        self.form.addRow(None, buttons)
        self.form.addRow(self.no_keys)
        self.form.addRow(self.auto)
        self.form.addRow(self.labels[3], self.keep)
        self.form.addRow(self.status)
        inner = QWidget()
        inner.setLayout(self.form)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    def _fit(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 860, 560
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Sharing settings"))
        self.intro.setText(_(
            "A mailbox is a folder that travels on its own: a synced OneDrive, SharePoint or "
            "Nextcloud folder, a network share, or a USB stick. Buurtverbinder leaves a package "
            "there for each reader when something changed, and picks up what is addressed to "
            "you. Packages are encrypted for their reader."))
        self.add_button.setText(_("&New mailbox"))
        self.remove_button.setText(_("Remo&ve"))
        self.browse.setText(_("&Browse…"))
        self.add_recipient.setText(_("&Add a reader"))
        self.remove_recipient.setText(_("Remove &reader"))
        self.auto.setText(_("Import packages from trusted senders without asking"))
        self.keep.setSuffix(" " + _("days"))
        for label, text in zip(self.labels, (_("&Name:"), _("&Folder:"), _("Readers:"),
                                             _("Keep own packages at &most:")), strict=True):
            label.setText(text)
        self.no_keys.setText(_("No keys yet: import a colleague's or the lead organisation's "
                               "public key under Exchange › Keys… first.")
                             if not self.keys_known else "")
        self.no_keys.setVisible(not self.keys_known)
        self.recipients.retranslate_ui()
        self._show_status()

    def reload(self, select_id: int | None = None) -> None:
        from app.services.exchange import mailbox

        self.list.blockSignals(True)
        self.list.clear()
        with self.ctx.session() as s:
            boxes = [(b.id, b.name) for b in mailbox.list_mailboxes(s)]
        for box_id, name in boxes:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, box_id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        target = select_id if select_id is not None else (boxes[0][0] if boxes else None)
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == target:
                self.list.setCurrentRow(row)
        if not boxes:
            self.add_mailbox()

    def _show_current(self, item, _previous=None) -> None:
        from app.services.exchange import mailbox_settings

        self.recipients.setRowCount(0)
        self.current_id = item.data(ID_ROLE) if item is not None else None
        if self.current_id is None:
            return
        with self.ctx.session() as s:
            box = mailbox_settings.get_mailbox(s, self.current_id)
            if box is None:  # removed meanwhile
                return
            self.name.setText(box.name)
            self.folder.setText(box.folder)
            self.auto.setChecked(box.auto_import)
            self.keep.setValue(box.keep_days)
            for r in box.recipients:
                self.recipients.add(r.fingerprint, r.scope)
        self._show_status()

    def _show_status(self) -> None:
        from app.services.exchange import mailbox

        text = ""
        if self.current_id is not None and self.ctx.has_database:
            with self.ctx.session() as s:
                found = [st for st in mailbox.status(s) if st.name == self.name.text()]
            if found:
                text = status_text(found[0])
        self.status.setText(text)

    def add_mailbox(self) -> None:
        self.list.clearSelection()
        self.current_id = None
        self.name.setText(_("Lead organisation"))
        self.folder.clear()
        self.auto.setChecked(False)
        self.keep.setValue(30)
        self.recipients.setRowCount(0)
        if self.keys_known:
            self.recipients.add()
        self.status.clear()
        self.name.setFocus()
        self.name.selectAll()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the mailbox folder"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> bool:
        from app.services.exchange import mailbox

        if not self.folder.text().strip():
            QMessageBox.warning(self, self.windowTitle(), _("Choose the mailbox folder."))
            self.folder.setFocus()
            return False
        try:
            with self.ctx.write() as s:
                box, changes = mailbox.save_mailbox(
                    s, self.name.text(), self.folder.text().strip(), self.recipients.specs(),
                    auto_import=self.auto.isChecked(), keep_days=self.keep.value(),
                    mailbox_id=self.current_id)
                saved = box.id
        except AppError as exc:
            show_error(self, exc, self.windowTitle())
            return False
        self.ctx.notify(changes)
        self.reload(saved)
        return True

    def remove_mailbox(self) -> None:
        from app.services.exchange import mailbox

        if self.current_id is None:
            return
        answer = QMessageBox.question(self, self.windowTitle(), _(
            "Stop using the mailbox “{name}”? The folder and the packages in it stay as they "
            "are.").format(name=self.name.text()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.run(mailbox.remove_mailbox, self.current_id)
        self.reload()


def _label(key) -> str:
    name = " – ".join(p for p in (key.name, key.organisation) if p) or _("(no name)")
    return _("{name} (lead organisation)").format(name=name) if key.role == "lead" else name


def status_text(st) -> str:
    """One mailbox's state in words: last sent, last received, what is not shared yet."""
    never = _("never")
    parts = [_("last sent: {when}").format(
                 when=format_datetime(st.last_sent_at) if st.last_sent_at else never),
             _("last received: {when}").format(
                 when=format_datetime(st.last_received_at) if st.last_received_at else never)]
    from app.services.i18n import ngettext

    if st.not_shared:
        parts.append(ngettext("{n} change not yet shared", "{n} changes not yet shared",
                              st.not_shared).format(n=st.not_shared))
    text = _("Mailbox “{name}”: {details}").format(name=st.name, details=" · ".join(parts))
    if not st.reachable:
        text += "\n" + _("⚠ The folder cannot be reached now ({folder}).").format(
            folder=st.folder)
    if st.stale:
        text += "\n" + _("⚠ Nothing was shared through this mailbox for over a week.")
    return text
