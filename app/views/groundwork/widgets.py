"""Custom-drawn groundwork widgets: the stakeholder map (step 1), the coverage matrix model
(step 3) and the figure chart (step 4)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.services import reference
from app.services.groundwork import network
from app.services.groundwork.coverage import CoverageMatrix
from app.services.i18n import _, format_decimal
from app.views.theme import colours, paper


class StakeholderMap(QWidget):
    """Partners on rings by involvement (lead in the middle), dots coloured by partner type,
    a thick outline for essential partners, and a legend naming every colour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nodes: list[network.MapNode] = []
        self.setObjectName("stakeholderMap")
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_nodes(self, nodes: list[network.MapNode]) -> None:
        self.nodes = nodes
        self.setAccessibleDescription(", ".join(
            f"{n.name}: {reference.label('involvement', network.RING_ORDER[n.ring])}"
            for n in nodes))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(_("Stakeholder map"))
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            # drawn like a sheet of paper, in every theme: the rings, names and legend are
            # dark on light, as in the printed report
            p.fillRect(self.rect(), paper("page"))
            legend_w = min(260, self.width() // 3)
            size = min(self.width() - legend_w - 16, self.height() - 16)
            if size < 60:
                return
            centre = QPointF(8 + size / 2, self.height() / 2)
            radius = size / 2 - 4
            self._rings(p, centre, radius)
            self._nodes(p, centre, radius)
            self._legend(p, QRectF(self.width() - legend_w, 8, legend_w - 8, self.height() - 16))
        finally:
            p.end()

    def _rings(self, p: QPainter, c: QPointF, r: float) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        for ring in (2, 1, 0):
            rr = r * network.ring_bound(ring)
            p.setPen(QPen(paper("line"), 1))
            p.setBrush(paper(f"ring_{ring}"))
            p.drawEllipse(c, rr, rr)
        p.setFont(small)
        p.setPen(paper("muted"))
        for ring in (2, 1, 0):
            rr = r * network.ring_bound(ring)
            label = reference.label("involvement", network.RING_ORDER[ring]).split(":")[0]
            p.drawText(QRectF(c.x() - 90, c.y() - rr + 2, 180, 16),
                       Qt.AlignmentFlag.AlignCenter, label)

    def _nodes(self, p: QPainter, c: QPointF, r: float) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        line = p.fontMetrics().height()
        seen_in_ring: dict[int, int] = {}
        for n in self.nodes:
            pos = QPointF(c.x() + n.x * r, c.y() + n.y * r)
            dot = 7 if n.essential else 5.5
            p.setPen(QPen(paper("ink"), 2.2 if n.essential else 0.8))
            p.setBrush(QColor(network.type_colour(n.partner_type)))
            p.drawEllipse(pos, dot, dot)
            p.setPen(paper("ink"))
            name = p.fontMetrics().elidedText(n.name, Qt.TextElideMode.ElideRight, 150)
            left = min(max(2.0, pos.x() - 80), self.width() - 162.0)
            # neighbours on a ring take turns below and above their dot, so that the names
            # of a crowded ring do not run into each other
            turn = seen_in_ring.get(n.ring, 0)
            seen_in_ring[n.ring] = turn + 1
            top = pos.y() + dot + 1 if turn % 2 == 0 else pos.y() - dot - 1 - line
            p.drawText(QRectF(left, top, 160, line),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)

    def _legend(self, p: QPainter, area: QRectF) -> None:
        p.setFont(self.font())
        fm = p.fontMetrics()
        line = fm.height() + 4
        y = area.top()
        p.setPen(paper("ink"))
        p.drawText(QPointF(area.left(), y + fm.ascent()), _("Partner types"))
        y += line + 2
        types = sorted({n.partner_type for n in self.nodes},
                       key=lambda t: reference.label("partner_type", t))
        for code in types:
            p.setPen(QPen(paper("ink"), 0.8))
            p.setBrush(QColor(network.type_colour(code)))
            p.drawRect(QRectF(area.left(), y + 2, 12, 12))
            text = fm.elidedText(reference.label("partner_type", code),
                                 Qt.TextElideMode.ElideRight, int(area.width() - 20))
            p.drawText(QPointF(area.left() + 18, y + fm.ascent()), text)
            y += line
        y += 4
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(paper("ink"), 2.2))
        p.drawEllipse(QPointF(area.left() + 6, y + 8), 6, 6)
        p.setPen(paper("ink"))
        p.drawText(QRectF(area.left() + 18, y, area.width() - 18, line * 2),
                   Qt.TextFlag.TextWordWrap, _("thick outline: essential partner"))
        if not self.nodes:
            p.drawText(QRectF(0, 0, self.width() - area.width(), self.height()),
                       Qt.AlignmentFlag.AlignCenter, _("No partners yet."))


class CoverageModel(QAbstractTableModel):
    """Risk groups (rows, unreached first) against the actions already running (columns)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix = CoverageMatrix([], [])

    def set_matrix(self, matrix: CoverageMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.activities) + 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.matrix.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                label = reference.label("risk_group", row.code)
                return f"⚠ {label} — {_('not reached')}" if row.unreached else label
            return "●" if self.matrix.cell(index.row(), col - 1) else ""
        if role == Qt.ItemDataRole.ToolTipRole and col > 0:
            act = self.matrix.activities[col - 1]
            reached = self.matrix.cell(index.row(), col - 1)
            return (_("{action} reaches {group}") if reached else
                    _("{action} does not reach {group}")).format(
                action=act.name, group=reference.label("risk_group", row.code))
        if role == Qt.ItemDataRole.BackgroundRole and row.unreached:
            background = colours("mark")[0]  # the theme's marking, readable in each look
            return QBrush(background, Qt.BrushStyle.Dense6Pattern) if col else \
                QBrush(background)
        if role == Qt.ItemDataRole.ForegroundRole and row.unreached:
            return QBrush(colours("mark")[1])
        if role == Qt.ItemDataRole.FontRole and row.unreached and col == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _("Risk group") if section == 0 else str(section)
        if role == Qt.ItemDataRole.ToolTipRole and 0 < section <= len(self.matrix.activities):
            act = self.matrix.activities[section - 1]
            return f"{act.name} ({act.organiser})" if act.organiser else act.name
        return None


class FigureChart(QWidget):
    """Each figure as a bar next to its reference value's bar (scaled per figure, because
    units differ), with the numbers written out so the bars are never the only cue."""

    ROW = 44

    def __init__(self, parent=None):
        super().__init__(parent)
        self.figures: list[tuple[str, float, float | None, str, str]] = []
        self.setObjectName("figureChart")
        self.setMinimumHeight(120)

    def set_figures(self, figures) -> None:
        """figures: (indicator, value, reference value or None, unit, reference label)."""
        self.figures = list(figures)
        self.setMinimumHeight(max(120, 30 + self.ROW * len(self.figures)))
        self.updateGeometry()
        self.update()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(_("Chart of the figures"))
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            # the theme's own page colour, so the names (in its text colour) stay readable
            p.fillRect(self.rect(), self.palette().base())
            p.setPen(self.palette().text().color())
            fm = p.fontMetrics()
            if not self.figures:
                p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                           _("No figures with a reference value to compare yet."))
                return
            label_w = min(280, self.width() // 3)
            bar_max = max(40, self.width() - label_w - 200)
            self._legend(p, label_w, fm)
            y = 28
            for indicator, value, ref, unit, ref_label in self.figures:
                top = max(abs(value), abs(ref or 0)) or 1
                text = fm.elidedText(indicator, Qt.TextElideMode.ElideRight, label_w - 8)
                p.setPen(self.palette().text().color())
                p.drawText(QRectF(4, y, label_w - 8, self.ROW - 8),
                           Qt.AlignmentFlag.AlignVCenter, text)
                self._bar(p, label_w, y + 4, bar_max * abs(value) / top, "bar_reached",
                          f"{format_decimal(value)} {unit}".strip())
                if ref is not None:
                    extra = f" ({ref_label})" if ref_label else ""
                    self._bar(p, label_w, y + 20, bar_max * abs(ref) / top, "bar_reference",
                              f"{format_decimal(ref)} {unit}".strip() + extra)
                y += self.ROW
        finally:
            p.end()

    def _legend(self, p: QPainter, x: int, fm) -> None:
        for kind, text in (("bar_reached", _("value")), ("bar_reference", _("reference"))):
            p.fillRect(QRectF(x, 8, 12, 10), colours(kind)[0])
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x + 16, 8 + fm.ascent() - 2), text)
            x += 24 + fm.horizontalAdvance(text)

    def _bar(self, p: QPainter, x: float, y: float, w: float, kind: str, text: str) -> None:
        p.fillRect(QRectF(x, y, max(w, 1), 12), colours(kind)[0])
        p.setPen(self.palette().text().color())
        p.drawText(QPointF(x + w + 6, y + 11), text)
