"""Small pieces shared by the step 6 and 7 pages."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from app.services.errors import AppError
from app.services.i18n import _
from app.views.context import AppContext


def write_plan(ctx: AppContext, path: Path, progress=None) -> Path:
    from app.services.actions.report import write_plan_report

    with ctx.session() as session:
        return write_plan_report(session, ctx.trajectory_id, path, progress)


class PlanReportButton(QPushButton):
    """'Print the plan report…': asks where to save, builds the PDF off the GUI thread."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("printPlan")
        self.clicked.connect(self.ask_and_print)
        ctx.trajectory_changed.connect(lambda tid: self.setEnabled(bool(tid)))
        self.setEnabled(bool(ctx.trajectory_id))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(_("Print the plan &report…"))
        self.setToolTip(_("A PDF for the municipal board and the partners, with a one-page "
                          "sheet per action"))

    def ask_and_print(self) -> None:
        if not self.ctx.trajectory_id:
            return
        default = Path.home() / "buurtverbinder-plan.pdf"
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the plan report"),
                                                    str(default), "PDF (*.pdf)")
        if name:
            self.print_to(Path(name))

    def print_to(self, path: Path) -> Path | None:
        from app.services.progress import Cancelled
        from app.views.tasks import run_with_progress
        from app.views.util import open_file

        try:
            out = run_with_progress(self, _("Making the plan report…"),
                                    lambda progress: write_plan(self.ctx, path, progress))
        except Cancelled:
            return None
        except AppError as exc:
            QMessageBox.warning(self, _("Plan report"), exc.user_message())
            return None
        if out:
            open_file(Path(out))
        return out
