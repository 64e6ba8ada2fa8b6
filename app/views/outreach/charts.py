"""The campaign dashboard: figures and bar charts drawn with QPainter. Every bar carries its
label and number in text, so nothing depends on colour alone."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.i18n import _, format_percent
from app.services.outreach.dashboard import Dashboard, Progress3
from app.services.reference import label
from app.views.theme import colours


def bar_colours(key: str):
    """(fill, text) of a bar from the active theme: reached, attempted, todo or bar."""
    return colours("bar" if key == "bar" else f"bar_{key}")


class BarChart(QWidget):
    """Horizontal bars: label on the left, bar, and the number at its end."""

    ROW = 22

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, int]]) -> None:
        self.rows = sorted(rows, key=lambda r: -r[1])
        self.setAccessibleDescription("; ".join(f"{k}: {v}" for k, v in self.rows))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.rows)) * self.ROW + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        if not self.rows:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft, _("Nothing yet"))
            return
        fm = self.fontMetrics()
        label_w = min(max(fm.horizontalAdvance(k) for k, _v in self.rows) + 10,
                      self.width() // 2)
        num_w = fm.horizontalAdvance("00000") + 6
        bar_w = max(10, self.width() - label_w - num_w)
        top = max(v for _k, v in self.rows) or 1
        for i, (name, value) in enumerate(self.rows):
            y = i * self.ROW + 3
            p.setPen(text)
            p.drawText(QRectF(0, y, label_w - 6, self.ROW - 4),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 6))
            w = bar_w * value / top
            p.fillRect(QRectF(label_w, y + 3, w, self.ROW - 10), bar_colours("bar")[0])
            p.drawText(QRectF(label_w + w + 4, y, num_w, self.ROW - 4),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))


class ProgressChart(QWidget):
    """Stacked bars reached / attempted / to do, one per row (overall, streets, visitors),
    with the numbers written in each part and a legend."""

    ROW = 24

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, Progress3]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, Progress3]]) -> None:
        self.rows = rows
        self.setAccessibleDescription("; ".join(
            _("{name}: {r} reached, {a} attempted, {t} to do").format(
                name=k, r=v.reached, a=v.attempted, t=v.todo) for k, v in rows))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, (len(self.rows) + 1) * self.ROW + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        fm = self.fontMetrics()
        parts = (("reached", _("reached")), ("attempted", _("attempted")),
                 ("todo", _("to do")))
        x = 0
        for key, name in parts:  # legend: colour square and the word
            p.fillRect(QRectF(x, 6, 12, 12), bar_colours(key)[0])
            p.setPen(text)
            p.drawText(QRectF(x + 16, 0, 200, self.ROW),
                       Qt.AlignmentFlag.AlignVCenter, name)
            x += 16 + fm.horizontalAdvance(name) + 18
        if not self.rows:
            return
        label_w = min(max(fm.horizontalAdvance(k) for k, _v in self.rows) + 10,
                      self.width() // 3)
        bar_w = max(10, self.width() - label_w - 4)
        top = max(v.total for _k, v in self.rows) or 1
        for i, (name, prog) in enumerate(self.rows, 1):
            y = i * self.ROW + 4
            p.setPen(text)
            p.drawText(QRectF(0, y, label_w - 6, self.ROW - 4),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 6))
            x = float(label_w)
            for key, value in (("reached", prog.reached), ("attempted", prog.attempted),
                               ("todo", prog.todo)):
                w = bar_w * value / top
                if w <= 0:
                    continue
                rect = QRectF(x, y + 1, w, self.ROW - 6)
                p.fillRect(rect, bar_colours(key)[0])
                if fm.horizontalAdvance(str(value)) + 4 < w:
                    p.setPen(bar_colours(key)[1])
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))
                x += w


class DashboardView(QScrollArea):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        inner = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("dashboardSummary")
        self.boxes = {k: QGroupBox() for k in ("progress", "streets", "visitors", "outcomes",
                                               "signals", "referrals")}
        self.charts = {"progress": ProgressChart(), "streets": ProgressChart(),
                       "visitors": ProgressChart(), "outcomes": BarChart(),
                       "signals": BarChart(), "referrals": BarChart()}
        grid = QGridLayout()
        for i, key in enumerate(self.boxes):
            lay = QVBoxLayout(self.boxes[key])
            lay.addWidget(self.charts[key])
            grid.addWidget(self.boxes[key], i // 2, i % 2)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.setWidget(inner)
        self.data = Dashboard()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        titles = {"progress": _("Progress"), "streets": _("Per street"),
                  "visitors": _("Per visitor"), "outcomes": _("Outcomes of visits"),
                  "signals": _("Signals noticed"), "referrals": _("Referrals per partner")}
        for key, box in self.boxes.items():
            box.setTitle(titles[key])
            self.charts[key].setAccessibleName(titles[key])
        self.show_data(self.data)

    def show_data(self, d: Dashboard) -> None:
        self.data = d
        share = format_percent(d.progress.reached / d.on_list) if d.on_list else "–"
        text = _("{people} people on the target list, {on_list} on the visit list; "
                 "{visits} visits logged; {share} reached. Wishes: {wishes} noted, "
                 "{done} fulfilled.").format(people=d.people, on_list=d.on_list,
                                             visits=d.visits, share=share, wishes=d.wishes,
                                             done=d.wishes_fulfilled)
        if d.erased:
            text += " " + _("The personal data of this campaign has been erased; these are "
                            "the anonymous counts that were kept.")
        self.summary.setText(text)
        self.charts["progress"].set_rows([(_("All"), d.progress)] if d.on_list else [])
        self.charts["streets"].set_rows(sorted(
            (k or _("(no street)"), v) for k, v in d.by_street.items()))
        self.charts["visitors"].set_rows(sorted(
            (k or _("(no visitor)"), v) for k, v in d.by_visitor.items()))
        self.charts["outcomes"].set_rows([(label("visit_outcome", k), v)
                                          for k, v in d.outcomes.items()])
        self.charts["signals"].set_rows([(label("visit_signal", k), v)
                                         for k, v in d.signals.items()])
        self.charts["referrals"].set_rows(list(d.referrals.items()))
