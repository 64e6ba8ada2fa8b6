"""The checklist view (the toolkit's table 2): what every action builds on and for whom, to see
the whole portfolio at once. Rows are the elements, levels, age groups, risk groups and
partners; columns are the actions; a cell holds a text mark."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from app.services import reference
from app.services.actions import service
from app.services.i18n import N_, _
from app.views.theme import colours

MARK = "✓"
SECTIONS = (
    ("element", N_("Effective elements")),
    ("action_level", N_("Action level")),
    ("age_group", N_("Age groups")),
    ("risk_group", N_("Risk groups")),
    ("partner", N_("Partners")),
)


@dataclass(frozen=True)
class _Row:
    kind: str  # "section" or a code kind
    code: str
    label: str  # partner name or section msgid


class ChecklistModel(QAbstractTableModel):
    """Column 0 is the row's label; columns 1.. are the actions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._actions: list[service.MatrixRow] = []

    def load(self, session, trajectory_id: str) -> None:
        self.beginResetModel()
        self._actions = service.checklist_matrix(session, trajectory_id) if trajectory_id \
            else []
        partners = service.partner_choices(session, trajectory_id) if trajectory_id else []
        rows: list[_Row] = []
        for kind, title in SECTIONS:
            rows.append(_Row("section", kind, title))
            if kind == "partner":
                rows += [_Row("partner", pid, name) for pid, name in partners]
            else:
                rows += [_Row(kind, code, "") for code in reference.codes(kind)]
        self._rows = rows
        self.endResetModel()

    # --- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self._actions)

    def _has(self, row: _Row, action: service.MatrixRow) -> bool:
        if row.kind == "element":
            return row.code in action.elements
        if row.kind == "action_level":
            return row.code == action.level
        if row.kind == "age_group":
            return row.code in action.age_groups
        if row.kind == "risk_group":
            return row.code in action.risk_groups
        if row.kind == "partner":
            return row.label in action.partners
        return False

    def count(self, row: int) -> int:
        r = self._rows[row]
        return sum(self._has(r, a) for a in self._actions)

    def label(self, row: int) -> str:
        r = self._rows[row]
        if r.kind == "section":
            return _(r.label)
        if r.kind == "partner":
            return r.label
        text = reference.label(r.kind, r.code)
        if r.kind == "element" and r.code in reference.proven_elements():
            text += " ★"
        if r.kind == "risk_group" and self._actions and not self.count(row):
            text += " — " + _("not reached")
        return text

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or \
                not (0 <= index.column() < self.columnCount()):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.label(index.row())
            if r.kind == "section":
                return None
            return MARK if self._has(r, self._actions[col - 1]) else ""
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return self.label(index.row())
        if role == Qt.ItemDataRole.ToolTipRole and col > 0 and r.kind != "section":
            action = self._actions[col - 1]
            yes = self._has(r, action)
            return (_("{action}: yes") if yes else _("{action}: no")).format(action=action.name)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and r.kind == "section":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and r.kind == "section":
            return QBrush(colours("section")[0])
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("What")
            if 0 < section <= len(self._actions):
                return self._actions[section - 1].name
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if 0 < section <= len(self._actions):
                a = self._actions[section - 1]
                return f"{a.name} ({reference.label('action_status', a.status)})"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
