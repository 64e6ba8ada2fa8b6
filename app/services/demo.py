"""A realistic, fictional demo trajectory, so a new user sees every step filled in.

The core part makes the municipality, its focus areas and partners; each feature adds its own
data in `app/services/<feature>/demo.py` (a module with `ORDER: int` and
`fill(session, ctx)`), run in ORDER after the core.

The demo speaks the user's language: its texts are English msgids (`N_`) in the feature's
catalog, stored translated when the demo is made. Names of people, places and streets stay as
they are; names of Flemish organisations carry a gloss in French and English.
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
from app.services.i18n import LANGUAGES, N_, _, load_translations

DEMO_NAME = N_("Heidebeek – less lonely together")


def demo_names() -> set[str]:
    """The demo trajectory's name in every language (a file holds the demo at most once)."""
    return {load_translations(lang).dgettext("core", DEMO_NAME) for lang in LANGUAGES}


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
     N_("The smallest district: the baker and the cash machine have gone, many older people "
        "live alone and buses are few."), ["figures", "professionals"]),
    ("loonbeek", "Loonbeek-Dorp", "village",
     N_("Young families and newcomers in the new housing estate hardly know the village "
        "centre."), ["residents", "policy"]),
    ("kapelhoek", "Kapelhoek", "neighbourhood",
     N_("Scattered farms; farmers and informal carers say they are left to cope on their "
        "own."), ["residents", "analysis"]),
]

# key, name (a Flemish organisation: glossed in French and English), type, involvement,
# contact person, essential
PARTNERS = [
    ("ldc", N_("LDC De Linde (local service centre)"), "ldc", "lead", "An Verbiest", True),
    ("ocmw", N_("OCMW Heidebeek – social service"), "social_service", "core", "Koen Daems",
     True),
    ("caw", N_("CAW De Kempen (general welfare centre)"), "caw", "core", "Sara El Idrissi",
     True),
    ("elz", N_("Eerstelijnszone Kempenland (primary care zone)"), "elz", "core",
     "Dries Peeters", False),
    ("library", N_("Heidebeek library"), "library", "informed", "Lotte Wuyts", False),
    ("mutuality", N_("Health insurance fund (mutualiteit) – social work service"), "mutuality",
     "core", "Ingrid Claes", False),
    ("committee", N_("Kapelhoek neighbourhood committee"), "neighbourhood_committee",
     "informed", "Jef Van den Broeck", False),
    ("gp", N_("Huisartsenkring Heidebeek (GP circle)"), "gp", "informed", "dr. Nele Aerts",
     False),
    ("farmers", N_("Landelijke Gilde Sint-Maria-Heide (rural association)"), "association",
     "core", "Paul Smets", False),
]


def create_demo(session: Session, today: date | None = None) -> Trajectory:
    if session.scalar(select(Trajectory).where(Trajectory.name.in_(demo_names()))):
        raise DemoExistsError()
    today = today or date.today()
    traj = Trajectory(
        name=_(DEMO_NAME),
        municipality="Heidebeek",
        organisation=_("Heidebeek local government"),
        network_director="An Verbiest",
        description=_("A fictional rural municipality with three districts, working with its "
                      "partners towards less loneliness."),
        start_date=date(today.year - 1, 9, 1),
        planned_end_date=date(today.year + 1, 6, 30),
    )
    session.add(traj)
    session.flush()
    ctx = DemoContext(trajectory=traj, today=today)
    for key, name, kind, reason, sources in FOCUS_AREAS:
        fa = FocusArea(trajectory_id=traj.id, name=name, kind=kind, reason=_(reason),
                       signal_sources=sources)
        session.add(fa)
        ctx.focus_areas[key] = fa
    for key, name, ptype, involvement, contact, essential in PARTNERS:
        p = Partner(trajectory_id=traj.id, name=_(name), partner_type=ptype,
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
