"""On-screen persona card: the printed layout drawn with QPainter, front or back."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services.i18n import _
from app.services.participation import cards
from app.views.participation.painter import draw_ops
from app.views.theme import paper

A6 = cards.A6_SIZE


class CardPreview(QWidget):
    """Shows one face of a card at the size the widget allows, keeping the A6 proportions."""

    def __init__(self, back_side: bool = False, parent=None):
        super().__init__(parent)
        self.back_side = back_side
        self.card: cards.CardData | None = None
        self._ops = None
        self.setMinimumSize(QSize(210, 297))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(_("Back of the card") if self.back_side else
                               _("Front of the card"))
        self.set_card(self.card)

    def set_card(self, card: cards.CardData | None) -> None:
        self.card = card
        if card is None:
            self._ops = None
        else:
            maker = cards.back if self.back_side else cards.front
            self._ops = maker(card, *A6)
        self.setToolTip(card.name if card else "")
        self.update()

    def ops(self):
        return self._ops

    def sizeHint(self) -> QSize:
        return QSize(280, 396)

    def card_rect(self) -> QRectF:
        w, h = A6
        scale = min((self.width() - 8) / w, (self.height() - 8) / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2,
                      w * scale, h * scale)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = self.card_rect()
        p.fillRect(rect.translated(2, 2), paper("shadow"))
        p.fillRect(rect, paper("page"))
        p.setPen(QPen(paper("edge"), 1))
        p.drawRect(rect)
        if self._ops is None:
            p.setPen(paper("muted"))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       _("Choose a persona to see its card."))
            p.end()
            return
        p.setClipRect(rect)  # the colour band bleeds past the trim on paper only
        p.translate(rect.topLeft())
        p.scale(rect.width() / A6[0], rect.width() / A6[0])
        draw_ops(p, self._ops)
        p.end()
