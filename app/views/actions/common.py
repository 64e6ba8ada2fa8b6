"""Small pieces shared by the step 6 and 7 pages and the main window's File menu."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from app.services.i18n import _
from app.views.context import AppContext


def ask_and_print_plan(ctx: AppContext, parent: QWidget | None) -> Path | None:
    from app.views.save_pdf import save_printable, trajectory_context

    if not ctx.trajectory_id:
        return None
    return save_printable(parent, ctx, "plan", trajectory_context(ctx),
                          trajectory_id=ctx.trajectory_id)


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
        """The plan report straight to `path`, with the flow's messages."""
        from app.views.save_pdf import print_to

        return print_to(self, self.ctx, "plan", path, trajectory_id=self.ctx.trajectory_id)


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
