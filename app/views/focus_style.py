"""The focus style: Fusion with a thick focus frame in a strong colour, in every theme, so
keyboard users always see where they are. Applied by `app.views.theme` after the first paint.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory


class FocusStyle(QProxyStyle):
    """Fusion with a focus frame that is thick and in a strong colour in every theme."""

    def __init__(self, focus_colour: str, width: int):
        super().__init__(QStyleFactory.create("Fusion"))
        self.focus_colour = QColor(focus_colour)
        self.width = width

    def drawPrimitive(self, element, option, painter, widget=None):
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._focus_frame(option.rect, painter)
            return
        super().drawPrimitive(element, option, painter, widget)
        if (element in (QStyle.PrimitiveElement.PE_PanelButtonCommand,
                        QStyle.PrimitiveElement.PE_FrameLineEdit)
                and option.state & QStyle.StateFlag.State_HasFocus):
            self._focus_frame(option.rect, painter)

    def _focus_frame(self, rect: QRect, painter: QPainter) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(self.focus_colour, self.width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = self.width / 2
        painter.drawRect(QRectF(rect).adjusted(half, half, -half, -half))
        painter.restore()
