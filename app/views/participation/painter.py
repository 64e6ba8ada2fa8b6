"""Draw persona cards and avatars with QPainter, from the same operations the PDF uses
(app.services.participation.cards), with the same bundled Noto Sans font."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from app.services import paths
from app.services.participation import pictures
from app.services.printing.common import FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC

_family: str | None = None


def font_family() -> str:
    """Load the bundled Noto Sans once; fall back to the system's sans-serif."""
    global _family
    if _family is None:
        folder = paths.resources_dir() / "fonts"
        families: list[str] = []
        for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"):
            fid = QFontDatabase.addApplicationFont(str(folder / name))
            if fid >= 0:
                families += QFontDatabase.applicationFontFamilies(fid)
        _family = families[0] if families else "Sans Serif"
    return _family


def _font(name: str, size_pt: float, device_dpi: float) -> QFont:
    font = QFont(font_family())
    # the painter works in points; make one point of text one point of the card
    font.setPointSizeF(max(size_pt * 72.0 / device_dpi, 0.5))
    font.setBold(name in (FONT_BOLD, FONT_BOLD_ITALIC))
    font.setItalic(name in (FONT_ITALIC, FONT_BOLD_ITALIC))
    font.setKerning(False)
    return font


def draw_avatar(p: QPainter, key: str, x: float, y: float, size: float) -> None:
    k = size / 100.0
    p.save()
    clip = QPainterPath()
    clip.addRoundedRect(QRectF(x, y, size, size), 14 * k, 14 * k)
    p.setClipPath(clip)
    p.translate(x, y)
    p.scale(k, k)
    for shape in pictures.shapes(key):
        fill, stroke = shape.get("fill"), shape.get("stroke")
        p.setBrush(QBrush(QColor(fill)) if fill else Qt.BrushStyle.NoBrush)
        if stroke:
            pen = QPen(QColor(stroke), shape["w"])
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
        else:
            p.setPen(Qt.PenStyle.NoPen)
        if shape["t"] == "ellipse":
            p.drawEllipse(QPointF(shape["cx"], shape["cy"]), shape["rx"], shape["ry"])
        elif shape["t"] == "rect":
            p.drawRoundedRect(QRectF(shape["x"], shape["y"], shape["wd"], shape["h"]),
                              shape["rad"], shape["rad"])
        else:
            path = QPainterPath()
            (x0, y0), *rest = shape["pts"]
            path.moveTo(x0, y0)
            for xx, yy in rest:
                path.lineTo(xx, yy)
            if shape["closed"]:
                path.closeSubpath()
            p.drawPath(path)
    p.restore()


def draw_photo(p: QPainter, data: bytes, x: float, y: float, size: float) -> None:
    image = QImage.fromData(data)
    p.save()
    clip = QPainterPath()
    clip.addRoundedRect(QRectF(x, y, size, size), size * 0.14, size * 0.14)
    p.setClipPath(clip)
    if image.isNull():
        p.fillRect(QRectF(x, y, size, size), QColor("#dddddd"))
    else:
        scale = size / min(image.width(), image.height())
        w, h = image.width() * scale, image.height() * scale
        p.drawImage(QRectF(x - (w - size) / 2, y - (h - size) / 2, w, h), image)
    p.restore()


def draw_ops(p: QPainter, ops) -> None:
    """Draw card operations (points, top-left origin) on a painter already scaled to points."""
    dpi = p.device().logicalDpiY() or 96
    for op in ops:
        kind = op[0]
        if kind == "rect":
            _k, x, y, w, h, r, fill, stroke, lw = op
            p.setBrush(QBrush(QColor(fill)) if fill else Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(stroke), lw) if stroke else Qt.PenStyle.NoPen)
            p.drawRoundedRect(QRectF(x, y, w, h), r, r)
        elif kind == "line":
            _k, x1, y1, x2, y2, color, lw = op
            p.setPen(QPen(QColor(color), lw))
            p.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        elif kind == "text":
            _k, x, y, text, font, size, color, align = op
            qfont = _font(font, size, dpi)
            p.setFont(qfont)
            p.setPen(QColor(color))
            width = QFontMetricsF(qfont, p.device()).horizontalAdvance(text)
            if align == "right":
                x -= width
            elif align == "center":
                x -= width / 2
            p.drawText(QPointF(x, y), text)
        elif kind == "avatar":
            _k, key, x, y, size = op
            draw_avatar(p, key, x, y, size)
        elif kind == "photo":
            _k, data, x, y, size = op
            draw_photo(p, data, x, y, size)


def avatar_icon(key: str, size: int = 48) -> QIcon:
    pix = QPixmap(QSize(size, size))
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_avatar(p, key, 0, 0, size)
    p.end()
    return QIcon(pix)

