"""Importing a package: open it, show who sent it and what would change, then import."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
)

from app.services.errors import AppError
from app.services.exchange import dialog_queries, importer, keys
from app.services.exchange import errors as E
from app.services.exchange.errors import ExchangeError
from app.services.exchange.labels import SCOPE_LABELS, kind_label
from app.services.exchange.package import NeedPassphraseError
from app.services.i18n import _, format_datetime
from app.services.progress import Cancelled
from app.views.util import show_error
from app.views.widgets.dialog_parts import ok_cancel
from app.views.widgets.sizing import fit_to_screen

COLUMNS = ("added", "updated", "unchanged", "conflict", "erased")


def open_package(parent, ctx, path: Path, ask=None):
    """Load a package, asking for the passphrase when it needs one (again after a wrong one).
    None when the user gives up."""
    def ask_user(wrong: bool):
        prompt = _("This package is protected with a passphrase:")
        if wrong:
            prompt = _(E.WRONG_PASSPHRASE) + "\n\n" + prompt
        return QInputDialog.getText(parent, _("Passphrase"), prompt,
                                    QLineEdit.EchoMode.Password)

    ask = ask or ask_user
    passphrase, wrong = None, False
    while True:
        try:
            return importer.load_for(ctx.db, path, passphrase=passphrase)
        except NeedPassphraseError:
            pass
        except ExchangeError as exc:
            if passphrase is None or exc.msgid != E.WRONG_PASSPHRASE:
                raise
            wrong = True
        text, ok = ask(wrong)
        if not ok:
            return None
        passphrase = text


class ImportDialog(QDialog):
    """The preview of one package; Import applies it in one transaction."""

    def __init__(self, ctx, pkg, parent=None):
        super().__init__(parent)
        self.ctx, self.pkg = ctx, pkg
        self.setObjectName("exchangeImportDialog")
        self.import_result = None
        layout = QVBoxLayout(self)
        self.sender_label = QLabel()
        self.sender_label.setObjectName("senderLabel")
        self.sender_label.setWordWrap(True)
        self.sender_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.sender_label)
        layout.addLayout(self._build_target())
        layout.addWidget(self._build_table(), 1)
        self.summary = QLabel()
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = ok_cancel(self, self.do_import)
        layout.addWidget(self.buttons)
        self.preview = None
        ctx.language_changed.connect(self._language_changed)
        self.retranslate_ui()
        fit_to_screen(self, 720, 560)  # at most what the screen has free
        self.table.setFocus()

    def _build_target(self) -> QHBoxLayout:
        """Where shared practices go: a trajectory of this file (shown for them only)."""
        self.target_row = QHBoxLayout()
        self.target_label = QLabel()
        self.target = QComboBox()
        self.target.setObjectName("targetTrajectory")
        with self.ctx.session() as s:
            for tid, name in dialog_queries.trajectory_choices(s):
                self.target.addItem(name, tid)
        if self.ctx.trajectory_id:
            self.target.setCurrentIndex(max(self.target.findData(self.ctx.trajectory_id), 0))
        self.target.currentIndexChanged.connect(lambda _i: self.refresh())
        self.target_row.addWidget(self.target_label)
        self.target_row.addWidget(self.target, 1)
        self.target_label.setVisible(self.pkg.scope == "practices")
        self.target.setVisible(self.pkg.scope == "practices")
        return self.target_row

    def _build_table(self) -> QTableView:
        """What the package would change, per kind of record."""
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        return self.table

    def _language_changed(self, _language: str) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Import a package"))
        self.target_label.setText(_("Add the practices to:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.refresh()

    def refresh(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            self.preview = importer.preview_for(self.ctx.db, self.pkg,
                                                self.target.currentData())
        except AppError as exc:
            self.preview = None
            self.summary.setText(exc.user_message())
            ok.setEnabled(False)
            return
        p = self.preview
        self.sender_label.setText(sender_text(p))
        self._fill_counts(p)
        ok.setEnabled(p.already_imported is None)
        self.summary.setText(preview_summary(p))

    def _fill_counts(self, p) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_("Kind of record"), _("New"), _("Updated"),
                                              _("Unchanged"), _("Changed on both sides"),
                                              _("Ignored (erased)")])
        for kind, counts in sorted(p.counts.items(), key=lambda kv: kind_label(kv[0])):
            row = [QStandardItem(kind_label(kind))]
            for action in COLUMNS:
                item = QStandardItem(str(counts.get(action, 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row.append(item)
            self.model.appendRow(row)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def do_import(self) -> None:
        from app.views.tasks import run_with_progress

        if self.preview is None:
            return
        trust_new = False
        if self.preview.sender_status in ("changed", "lookalike"):
            question = _("The sender's key has changed. Did you check the fingerprint "
                         "{fingerprint} with the sender?")
            if self.preview.sender_status == "lookalike":
                question = _("This new key uses the name of someone you already know under "
                             "another key. Did you check the fingerprint {fingerprint} with "
                             "the sender?")
            answer = QMessageBox.question(self, _("Import a package"), question.format(
                fingerprint=keys.pretty_fingerprint(self.preview.fingerprint)))
            if answer != QMessageBox.StandardButton.Yes:
                return
            trust_new = True
        target = self.target.currentData() if self.pkg.scope == "practices" else None
        try:
            self.import_result = run_with_progress(self, _("Importing…"), lambda progress:
                                            importer.import_package(
                                                self.ctx.db, self.pkg, progress=progress,
                                                trust_new_key=trust_new,
                                                target_trajectory=target))
        except Cancelled:
            return
        except AppError as exc:
            show_error(self, exc, _("Import a package"))
            return
        self.ctx.notify(self.import_result.changes)
        self.accept()


def preview_summary(p) -> str:
    """What importing the previewed package would do, and what to watch out for."""
    if p.already_imported is not None:
        return _("This package was already imported on {date}. Importing it again changes "
                 "nothing.").format(date=format_datetime(p.already_imported))
    text = _("{added} new, {updated} updated, {unchanged} unchanged. Nothing has been "
             "changed yet.").format(added=p.total("added"), updated=p.total("updated"),
                                    unchanged=p.total("unchanged"))
    if p.conflicts:
        text += " " + _("Changed on both sides, to choose in the conflict inbox: "
                        "{summary}.").format(summary=_conflict_summary(p))
    if p.total("erased"):
        text += " " + importer.erased_note(p.total("erased"))
    if p.total("impossible"):
        text += " " + importer.impossible_note(p.total("impossible"))
    if p.sender_status == "lookalike":
        text += " " + _("Warning: someone you already know uses this name with another "
                        "key. Compare the fingerprint by phone before you import.")
    if p.sender_status == "changed":
        text += " " + _("Warning: this sender used a different key before. Compare the "
                        "fingerprint by phone before you import.")
    return text


def sender_text(p) -> str:
    status = {"self": _("this installation"), "trusted": _("known and trusted"),
              "new": _("new sender: compare the fingerprint by phone"),
              "changed": _("WARNING: this sender's key has changed"),
              "lookalike": _("WARNING: a new key using the name of someone you already know "
                             "under another key")}[p.sender_status]
    who = ", ".join(x for x in (p.sender_name, p.sender_organisation) if x) or "?"
    return _("From: {who} (key {fingerprint}, {status})").format(
        who=who, fingerprint=keys.pretty_fingerprint(p.fingerprint), status=status) + "\n" + \
        _("Contents: {scope}").format(scope=_(SCOPE_LABELS[p.scope]))


def choose_and_import(parent, ctx) -> bool:
    """File › Import a package: choose the file, then the one import flow."""
    path, _f = QFileDialog.getOpenFileName(parent, _("Choose a package"), "",
                                           _("Buurtverbinder packages (*.bvx);;All files (*)"))
    return bool(path) and import_file(parent, ctx, Path(path))


def import_file(parent, ctx, path: Path) -> bool:
    """The one import flow, for File › Import and for a package opened from the file manager:
    load it (asking the passphrase), show the preview, import, then say what happened,
    including what waits in the conflict inbox. True when the package was imported."""
    try:
        pkg = open_package(parent, ctx, Path(path))
    except AppError as exc:
        show_error(parent, exc, _("Import a package"))
        return False
    if pkg is None:
        return False
    dialog = ImportDialog(ctx, pkg, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    result = dialog.import_result
    dialog.deleteLater()
    if not accepted or result is None:
        return False
    QMessageBox.information(parent, _("Import a package"), imported_message(result))
    return True


def imported_message(result) -> str:
    """"The package was imported." and what the user still has to look at."""
    message = _("The package was imported.")
    if result.preview.conflicts:
        message += " " + _("Waiting in the conflict inbox: {summary}.").format(
            summary=_conflict_summary(result.preview))
    if result.preview.total("erased"):
        message += " " + importer.erased_note(result.preview.total("erased"))
    return message


def _conflict_summary(preview) -> str:
    """"2 fields of 1 partner": the conflict inbox's own unit."""
    from app.services.exchange.inbox import summary

    return summary((d.kind, d.record_id, name) for d in preview.conflicts
                   for name in d.conflicts)
