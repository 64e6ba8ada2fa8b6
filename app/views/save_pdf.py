"""One save-PDF flow for every printable: a warning when something is missing, the folder
remembered, a default name in the user's language, the rendering off the GUI thread, then a
calm "Saved in … — Open" in the status bar."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from app.services import printables
from app.services.errors import AppError
from app.services.i18n import _
from app.views.context import AppContext
from app.views.util import show_error

log = logging.getLogger(__name__)

# job(path, progress) writes the PDF; it runs on a worker thread and opens its own session
Job = Callable[[Path, Any], Any]


def trajectory_context(ctx: AppContext) -> str:
    """What a trajectory's printables are about, for the file name: its municipality or
    name."""
    from app.services.trajectories import print_context

    if not ctx.trajectory_id:
        return ""
    with ctx.session() as session:
        return print_context(session, ctx.trajectory_id)


def start_folder(ctx: AppContext) -> Path:
    folder = Path(ctx.settings.print_folder) if ctx.settings.print_folder else None
    if folder is None or not folder.is_dir():
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
    return folder


def ask_path(parent: QWidget | None, ctx: AppContext, key: str, context: str = "") -> Path | None:
    """The save dialog, opened in the last folder used, with a name in the user's language."""
    name = printables.default_file_name(key, context)
    chosen, _f = QFileDialog.getSaveFileName(parent, _("Save as PDF"),
                                             str(start_folder(ctx) / name),
                                             _("PDF files (*.pdf)"))
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
    remember_folder(ctx, path.parent)
    return path


def remember_folder(ctx: AppContext, folder: Path) -> None:
    ctx.settings.print_folder = str(folder)
    try:
        ctx.settings.save()
    except OSError:  # the folder is remembered for this session anyway
        log.warning("settings not saved", exc_info=True)


def confirm_missing(parent: QWidget | None, key: str, problems: list[str]) -> bool:
    """Say what the print lacks and how to fill it in; True = print anyway."""
    if not problems:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(printables.title(key))
    box.setText(_("Something is missing on this print."))
    box.setInformativeText("\n\n".join(problems))
    go = box.addButton(_("Print anyway"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def render(parent: QWidget | None, ctx: AppContext, key: str, path: Path, job: Job) -> Path | None:
    """Write the PDF off the GUI thread, then announce it ("Saved in … — Open")."""
    from app.services.progress import Cancelled
    from app.views.tasks import run_with_progress

    try:
        run_with_progress(parent, _("Making the PDF…"), lambda progress: job(path, progress))
    except Cancelled:
        return None
    except AppError as exc:
        show_error(parent, exc, printables.title(key))
        return None
    except OSError as exc:
        QMessageBox.warning(parent, printables.title(key),
                            _("The PDF could not be written: {reason}").format(
                                reason=exc.strerror or exc))
        return None
    ctx.file_saved.emit(str(path))
    return path


def save_pdf(parent: QWidget | None, ctx: AppContext, key: str, job: Job, context: str = "",
             problems: list[str] | None = None) -> Path | None:
    """The whole flow for one printable."""
    if not confirm_missing(parent, key, problems or []):
        return None
    path = ask_path(parent, ctx, key, context)
    if path is None:
        return None
    return render(parent, ctx, key, path, job)


def registry_job(ctx: AppContext, key: str, about: dict[str, Any]) -> Job:
    """The PDF job of a registered printable: its writer, in a session of its own."""
    def job(path: Path, progress) -> Path:
        with ctx.session() as session:
            return printables.write(session, key, Path(path), progress, **about)
    return job


def save_printable(parent: QWidget | None, ctx: AppContext, key: str, context: str = "",
                   **about) -> Path | None:
    """The flow for a printable of the registry (`app.services.printables`): what it
    misses, where to save it, then its writer. `about` names what it is about
    (trajectory_id, session_id, campaign_id...) and its options."""
    with ctx.session() as session:
        problems = printables.missing(session, key, **about)
    return save_pdf(parent, ctx, key, registry_job(ctx, key, about), context, problems)


def print_to(parent: QWidget | None, ctx: AppContext, key: str, path: Path,
             **about) -> Path | None:
    """A registered printable written straight to `path` (no questions), off the GUI
    thread, with the same messages as the full flow."""
    return render(parent, ctx, key, Path(path), registry_job(ctx, key, about))


class SavedNotice(QWidget):
    """In the window's status bar: "Saved in <folder>" and an Open button, for a while."""

    SHOWN_MS = 30000

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("savedNotice")
        self.path: Path | None = None
        self.text = QLabel()
        self.open_button = QPushButton()
        self.open_button.setObjectName("openSaved")
        self.open_button.clicked.connect(self.open)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.open_button)
        self._timer = QTimer(self, singleShot=True, interval=self.SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        ctx.file_saved.connect(self.show_saved)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.open_button.setText(_("Open"))
        self.open_button.setToolTip(_("Open the PDF"))
        if self.path is not None:
            self.text.setText(_("Saved in {folder}").format(folder=self.path.parent))
            self.text.setToolTip(str(self.path))

    def show_saved(self, path: str) -> None:
        self.path = Path(path)
        self.retranslate_ui()
        self.show()
        self._timer.start()

    def open(self) -> None:
        from app.views.util import open_file

        if self.path is not None:
            open_file(self.path)
