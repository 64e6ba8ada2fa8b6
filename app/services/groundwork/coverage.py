"""Step 3: which risk groups the actions already running in the area reach, and which none
reaches (shown first: that is where to widen)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Partner
from app.models.groundwork import ExistingActivity
from app.services import reference


@dataclass(frozen=True)
class MatrixActivity:
    id: str
    name: str
    organiser: str


@dataclass(frozen=True)
class MatrixRow:
    code: str
    reached_by: frozenset[str]  # activity ids

    @property
    def unreached(self) -> bool:
        return not self.reached_by


@dataclass(frozen=True)
class CoverageMatrix:
    activities: list[MatrixActivity]
    rows: list[MatrixRow]  # unreached risk groups first, then by how few activities reach them

    @property
    def unreached(self) -> list[str]:
        return [r.code for r in self.rows if r.unreached]

    def cell(self, row: int, col: int) -> bool:
        return self.activities[col].id in self.rows[row].reached_by


def coverage_matrix(session: Session, trajectory_id: str) -> CoverageMatrix:
    stmt = (select(ExistingActivity.id, ExistingActivity.name, ExistingActivity.risk_group_codes,
                   Partner.name)
            .outerjoin(Partner, (Partner.id == ExistingActivity.organiser_id)
                       & Partner.deleted_at.is_(None))
            .where(ExistingActivity.trajectory_id == trajectory_id)
            .order_by(ExistingActivity.name, ExistingActivity.id))
    activities: list[MatrixActivity] = []
    reach: dict[str, set[str]] = {}
    for aid, name, codes, organiser in session.execute(stmt):
        activities.append(MatrixActivity(aid, name, organiser or ""))
        for code in codes:
            reach.setdefault(code, set()).add(aid)
    order = {code: i for i, code in enumerate(reference.codes("risk_group"))}
    rows = [MatrixRow(code, frozenset(reach.get(code, ()))) for code in order]
    rows.sort(key=lambda r: (len(r.reached_by) > 0, len(r.reached_by), order[r.code]))
    return CoverageMatrix(activities, rows)
