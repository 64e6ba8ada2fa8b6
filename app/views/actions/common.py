"""Small pieces shared by the step 6 and 7 pages and the main window's File menu."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from app.services.i18n import _
from app.views.context import AppContext


def write_plan(ctx: AppContext, path: Path, progress=None) -> Path:
    from app.services.actions.report import write_plan_report

    with ctx.session() as session:
        return write_plan_report(session, ctx.trajectory_id, path, progress)


def print_plan_to(ctx: AppContext, parent: QWidget | None, path: Path) -> Path | None:
    """Build the plan report off the GUI thread; calm message on an expected problem."""
    from app.views.save_pdf import render

    return render(parent, ctx, "plan", path, lambda out, progress: write_plan(ctx, out, progress))


def ask_and_print_plan(ctx: AppContext, parent: QWidget | None) -> Path | None:
    from app.views.save_pdf import save_pdf, trajectory_context

    if not ctx.trajectory_id:
        return None
    return save_pdf(parent, ctx, "plan", lambda out, progress: write_plan(ctx, out, progress),
                    trajectory_context(ctx))


def _texts() -> tuple[str, str]:
    return (_("Print the plan &report…"),
            _("A PDF for the municipal board and the partners, with a one-page sheet per "
              "action"))


class PlanReportButton(QPushButton):
    """'Print the plan report…' on the step 6 and 7 pages."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("printPlan")
        self.clicked.connect(lambda: ask_and_print_plan(self.ctx, self))
        ctx.trajectory_changed.connect(lambda tid: self.setEnabled(bool(tid)))
        self.setEnabled(bool(ctx.trajectory_id))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        text, tip = _texts()
        self.setText(text)
        self.setToolTip(tip)

    def print_to(self, path: Path) -> Path | None:
        return print_plan_to(self.ctx, self, path)


class PlanReportAction(QAction):
    """File › Print the plan report…; follows the language and the current trajectory."""

    def __init__(self, ctx: AppContext, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("printPlan")
        self.triggered.connect(lambda _c=False: ask_and_print_plan(self.ctx, parent))
        ctx.trajectory_changed.connect(lambda tid: self.setEnabled(bool(tid)))
        ctx.language_changed.connect(lambda _lang: self.retranslate_ui())
        self.setEnabled(bool(ctx.trajectory_id))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        text, tip = _texts()
        self.setText(text)
        self.setStatusTip(tip)
