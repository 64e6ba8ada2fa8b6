"""A small bar chart of the steps' progress per municipality (painted, no extra library)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services.i18n import format_percent
from app.views.theme import colours


class ProgressChart(QWidget):
    """One row of bars (steps 0–7) per municipality, with the step titles as a legend."""

    ROW = 22

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.rows: list[tuple[str, list[float]]] = []
        self.steps: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, rows: list[tuple[str, list[float]]], steps: list[str]) -> None:
        self.rows, self.steps = rows, steps
        self.setAccessibleDescription("; ".join(
            f"{name}: " + ", ".join(f"{s} {format_percent(p)}"
                                    for s, p in zip(steps, values, strict=True))
            for name, values in rows))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        lines = sum(len(v) + 1 for _n, v in self.rows) or 1
        return QSize(640, lines * self.ROW + 20)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        label_width = max([metrics.horizontalAdvance(s) for s in self.steps] + [80]) + 16
        width = max(self.width() - label_width - 70, 40)
        y = 6
        for name, values in self.rows:
            painter.setPen(text)
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(4, y, self.width() - 8, self.ROW),
                             Qt.AlignmentFlag.AlignVCenter, name)
            font.setBold(False)
            painter.setFont(font)
            y += self.ROW
            for title, value in zip(self.steps, values, strict=True):
                painter.setPen(text)
                painter.drawText(QRectF(12, y, label_width - 16, self.ROW),
                                 Qt.AlignmentFlag.AlignVCenter, title)
                painter.fillRect(QRectF(label_width, y + 4, width * value, self.ROW - 8),
                                 colours("bar_reached")[0])
                painter.drawText(QRectF(label_width + width * value + 6, y, 64, self.ROW),
                                 Qt.AlignmentFlag.AlignVCenter, format_percent(value))
                y += self.ROW
        painter.end()
