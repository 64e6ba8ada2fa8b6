"""Step 1: the partner network — who was last contacted when ("keep contacts warm") and the
stakeholder map's layout (rings by involvement), shared by the screen and the PDF."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Partner
from app.models.groundwork import ContactMoment
from app.services.groundwork.readiness import months_between

RING_ORDER = ("lead", "core", "informed")

# One colour per partner type (colour-blind friendly-ish palette, cycled); the map always has
# a legend with the type names, so colour is never the only cue (the ring gives involvement).
TYPE_COLOURS = {
    "elz": "#1b9e77", "caw": "#d95f02", "library": "#7570b3", "welfare_care_org": "#e7298a",
    "gp": "#66a61e", "neighbourhood_committee": "#e6ab02", "wzc": "#a6761d",
    "mutuality": "#1f78b4", "samenlevingsopbouw": "#b15928", "leisure_department": "#33a02c",
    "youth_actors": "#fb9a99", "education": "#cab2d6", "social_service": "#6a3d9a",
    "ldc": "#17a2b8", "local_government": "#b2df8a", "association": "#a6cee3",
    "other": "#999999",
}


def type_colour(code: str) -> str:
    return TYPE_COLOURS.get(code, "#999999")


@dataclass(frozen=True)
class LastContact:
    partner_id: str
    name: str
    last: date | None
    months: int | None  # whole months since the last contact; None: never


def last_contacts(session: Session, trajectory_id: str, today: date) -> list[LastContact]:
    partners = session.execute(select(Partner.id, Partner.name).where(
        Partner.trajectory_id == trajectory_id).order_by(Partner.name)).all()
    last: dict[str, date] = {}
    for held_on, ids in session.execute(select(ContactMoment.held_on, ContactMoment.partner_ids)
                                        .where(ContactMoment.trajectory_id == trajectory_id)):
        if held_on is None or held_on > today:
            continue
        for pid in ids:
            if pid not in last or held_on > last[pid]:
                last[pid] = held_on
    return [LastContact(pid, name, last.get(pid),
                        months_between(last[pid], today) if pid in last else None)
            for pid, name in partners]


def keep_warm(session: Session, trajectory_id: str, months: int, today: date) -> list[LastContact]:
    """Partners not contacted for at least `months` months (or never), longest first."""
    stale = [c for c in last_contacts(session, trajectory_id, today)
             if c.months is None or c.months >= months]
    return sorted(stale, key=lambda c: (c.last is not None, c.last or date.min, c.name.lower()))


@dataclass(frozen=True)
class MapNode:
    partner_id: str
    name: str
    partner_type: str
    ring: int  # 0 = lead (centre), 1 = core, 2 = informed
    x: float  # in units of the outer ring's radius, centre (0, 0), y down
    y: float
    essential: bool


def stakeholder_layout(session: Session, trajectory_id: str) -> list[MapNode]:
    """Partners placed on rings by involvement, spread evenly; positions in [-1, 1]."""
    rows = session.execute(select(Partner.id, Partner.name, Partner.partner_type,
                                  Partner.involvement, Partner.essential)
                           .where(Partner.trajectory_id == trajectory_id)
                           .order_by(Partner.partner_type, Partner.name)).all()
    by_ring: dict[int, list] = {0: [], 1: [], 2: []}
    for row in rows:
        ring = RING_ORDER.index(row.involvement) if row.involvement in RING_ORDER else 2
        by_ring[ring].append(row)
    nodes = []
    for ring, members in by_ring.items():
        radius = ring_radius(ring) if not (ring == 0 and len(members) == 1) else 0.0
        # keep the top of each ring free for its name: spread over the rest of the circle
        gap = 0.45
        for i, row in enumerate(members):
            angle = -math.pi / 2 + gap + (2 * math.pi - 2 * gap) * (i + 0.5) / len(members)
            nodes.append(MapNode(row.id, row.name, row.partner_type, ring,
                                 radius * math.cos(angle), radius * math.sin(angle),
                                 bool(row.essential)))
    return nodes


def ring_radius(ring: int) -> float:
    """Where nodes of a ring sit: lead near the centre, informed on the outside."""
    return (0.22, 0.58, 0.9)[ring]


def ring_bound(ring: int) -> float:
    """The drawn circle that closes a ring."""
    return (0.38, 0.75, 1.0)[ring]
