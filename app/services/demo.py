"""A realistic, fictional demo trajectory, so a new user sees every step filled in.

The core part makes the municipality, its focus areas and partners; each feature adds its own
data in `app/services/<feature>/demo.py` (a module with `ORDER: int` and
`fill(session, ctx)`), run in ORDER after the core.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import app.services as services_pkg
from app.models.core import FocusArea, Partner, Trajectory
from app.services import method
from app.services.errors import AppError
from app.services.i18n import N_

DEMO_NAME = "Heidebeek – samen minder alleen"


@dataclass
class DemoContext:
    """What the core demo made, for the features' demo modules to build on."""

    trajectory: Trajectory
    today: date
    focus_areas: dict[str, FocusArea] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


class DemoExistsError(AppError):
    msgid = N_("This file already holds the demo trajectory.")


def _feature_modules():
    modules = []
    for info in pkgutil.iter_modules(services_pkg.__path__):
        if info.ispkg:
            try:
                mod = importlib.import_module(f"app.services.{info.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"app.services.{info.name}.demo":
                    raise
                continue
            modules.append(mod)
    return sorted(modules, key=lambda m: m.ORDER)


FOCUS_AREAS = [
    ("heide", "Sint-Maria-Heide", "village",
     "Kleinste deelgemeente: de bakker en de bankautomaat zijn weg, veel alleenwonende "
     "ouderen en weinig bussen.", ["figures", "professionals"]),
    ("loonbeek", "Loonbeek-Dorp", "village",
     "Jonge gezinnen en nieuwkomers in de nieuwe verkaveling kennen de dorpskern nauwelijks.",
     ["residents", "policy"]),
    ("kapelhoek", "Kapelhoek", "neighbourhood",
     "Verspreide hoeves; landbouwers en mantelzorgers zeggen dat ze er alleen voor staan.",
     ["residents", "analysis"]),
]

PARTNERS = [
    ("ldc", "LDC De Linde", "ldc", "lead", "An Verbiest", True),
    ("ocmw", "OCMW Heidebeek – sociale dienst", "social_service", "core", "Koen Daems", True),
    ("caw", "CAW De Kempen", "caw", "core", "Sara El Idrissi", True),
    ("elz", "Eerstelijnszone Kempenland", "elz", "core", "Dries Peeters", False),
    ("library", "Bibliotheek Heidebeek", "library", "informed", "Lotte Wuyts", False),
    ("mutuality", "Mutualiteit – dienst maatschappelijk werk", "mutuality", "core",
     "Ingrid Claes", False),
    ("committee", "Buurtcomité Kapelhoek", "neighbourhood_committee", "informed",
     "Jef Van den Broeck", False),
    ("gp", "Huisartsenkring Heidebeek", "gp", "informed", "dr. Nele Aerts", False),
    ("farmers", "Landelijke Gilde Sint-Maria-Heide", "association", "core", "Paul Smets", False),
]


def create_demo(session: Session, today: date | None = None) -> Trajectory:
    if session.scalar(select(Trajectory).where(Trajectory.name == DEMO_NAME)):
        raise DemoExistsError()
    today = today or date.today()
    traj = Trajectory(
        name=DEMO_NAME,
        municipality="Heidebeek",
        organisation="Lokaal bestuur Heidebeek",
        network_director="An Verbiest",
        description="Een fictieve landelijke gemeente met drie deelgemeenten die samen met "
                    "haar partners werkt aan minder eenzaamheid.",
        start_date=date(today.year - 1, 9, 1),
        planned_end_date=date(today.year + 1, 6, 30),
    )
    session.add(traj)
    session.flush()
    ctx = DemoContext(trajectory=traj, today=today)
    for key, name, kind, reason, sources in FOCUS_AREAS:
        fa = FocusArea(trajectory_id=traj.id, name=name, kind=kind, reason=reason,
                       signal_sources=sources)
        session.add(fa)
        ctx.focus_areas[key] = fa
    for key, name, ptype, involvement, contact, essential in PARTNERS:
        p = Partner(trajectory_id=traj.id, name=name, partner_type=ptype,
                    involvement=involvement, contact_person=contact, essential=essential,
                    roles_agreed=involvement != "informed",
                    email=f"{contact.split()[-1].lower()}@voorbeeld.be")
        session.add(p)
        ctx.partners[key] = p
    session.flush()
    method.set_tick(session, traj.id, 0, "areas_chosen", True)
    method.set_tick(session, traj.id, 0, "preconditions_checked", True)
    method.set_tick(session, traj.id, 1, "lead_named", True)
    method.set_tick(session, traj.id, 1, "partners_listed", True)
    for module in _feature_modules():
        module.fill(session, ctx)
        session.flush()
    return traj
