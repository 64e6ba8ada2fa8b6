"""Steps 6 and 7: saving actions with their partners, the action log and policy signals, and
the views on the whole portfolio (checks, checklist, coverage, people reached). Qt-free.

Every write validates first and raises an `ActionsError` before touching anything, so nothing
is half-written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.actions import ActionLog, ActionPartner, PolicySignal
from app.models.core import Action, Partner
from app.services import reference
from app.services.actions import checks
from app.services.actions.errors import (
    ActionNameMissingError,
    ActionNotFoundError,
    FutureDateError,
    LogEmptyError,
    PartnerNotInTrajectoryError,
    PeopleReachedError,
    SignalEmptyError,
    UnknownCodeError,
)
from app.services.changes import Changes
from app.services.i18n import N_, _

LOG_PHASES = (
    reference.Ref("plan", N_("Plan")),
    reference.Ref("do", N_("Do")),
    reference.Ref("check", N_("Check")),
    reference.Ref("adjust", N_("Adjust")),
)
reference.register_list("log_phase", LOG_PHASES)

ACTIVE_STATUSES = ("planned", "running", "evaluated")
ACTION_FIELDS = (
    "name", "description", "status", "level", "participation", "element_codes",
    "risk_group_codes", "age_group_codes", "impact_what", "impact_who_executes",
    "impact_who_involved", "impact_results", "impact_change", "impact_evidence",
    "impact_explanation",
)
IMPACT_FIELDS = tuple(f"impact_{q.code}" for q in reference.IMPACT_QUESTIONS)
_CODE_FIELDS = {"element_codes": "element", "risk_group_codes": "risk_group",
                "age_group_codes": "age_group"}
_CHOICE_FIELDS = {"status": "action_status", "level": "action_level",
                  "participation": "participation"}
_WHAT = {"element": N_("effective elements"), "risk_group": N_("risk groups"),
         "age_group": N_("age groups"), "action_status": N_("status"),
         "action_level": N_("action level"), "participation": N_("participation"),
         "log_phase": N_("phase")}


# --- actions ----------------------------------------------------------------------------------

def _clean_action(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in ACTION_FIELDS}
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"]:
            raise ActionNameMissingError()
        out["name"] = out["name"][:200]
    for key, kind in _CODE_FIELDS.items():
        if key in out:
            codes = list(out[key] or [])
            for code in codes:
                if code not in reference.codes(kind):
                    raise UnknownCodeError(code=code, what=_(_WHAT[kind]))
            out[key] = codes
    for key, kind in _CHOICE_FIELDS.items():
        if key in out:
            value = out[key] or ""
            if key == "status" and not value:
                value = "idea"
            if value and value not in reference.codes(kind):
                raise UnknownCodeError(code=value, what=_(_WHAT[kind]))
            out[key] = value
    for key in ("description", *IMPACT_FIELDS):
        if key in out:
            out[key] = (out[key] or "").strip()
    return out


def create_action(session: Session, trajectory_id: str, values: dict[str, Any],
                  partners: list[tuple[str, str]] | None = None,
                  origin: str = "new") -> tuple[Action, Changes]:
    clean = _clean_action({"name": "", **values})
    if partners:
        _check_partners(session, trajectory_id, partners)
    action = Action(trajectory_id=trajectory_id, origin=origin, **clean)
    session.add(action)
    session.flush()
    changes = Changes.of("action")
    if partners is not None:
        changes |= set_action_partners(session, action.id, partners)
    return action, changes


def update_action(session: Session, action_id: str, values: dict[str, Any],
                  partners: list[tuple[str, str]] | None = None) -> Changes:
    action = session.get(Action, action_id)
    if action is None or action.deleted_at is not None:  # deleted in another window
        raise ActionNotFoundError()
    clean = _clean_action(values)
    if partners is not None:
        _check_partners(session, action.trajectory_id, partners)
    changed = False
    for key, value in clean.items():
        if getattr(action, key) != value:
            setattr(action, key, value)
            changed = True
    session.flush()
    changes = Changes.of("action") if changed else Changes()
    if partners is not None:
        changes |= set_action_partners(session, action_id, partners)
    return changes


def action_values(action: Action) -> dict[str, Any]:
    return {key: getattr(action, key) for key in ACTION_FIELDS}


# --- partners of an action --------------------------------------------------------------------

# --- the action list's hooks: the action editor's values, partners included -----------------
def check_action_form(session: Session, trajectory_id: str, values: dict[str, Any]) -> None:
    """Raise what saving the editor's `values` would refuse, without writing anything (the
    editor stays open with the problem shown)."""
    _clean_action({"name": "", **values})
    _check_partners(session, trajectory_id, values.get("partners") or [])


def add_action_form(session: Session, trajectory_id: str,
                    values: dict[str, Any]) -> tuple[Action, Changes]:
    """The action list's `create` hook; `values["partners"]`: [(partner_id, role)]."""
    return create_action(session, trajectory_id, values, values.get("partners"))


def update_action_form(session: Session, action_id: str, values: dict[str, Any]) -> Changes:
    """The action list's `update` hook; `values["partners"]`: [(partner_id, role)]."""
    return update_action(session, action_id, values, values.get("partners"))


def _check_partners(session: Session, trajectory_id: str, partners) -> None:
    for partner_id, _role in partners:
        partner = session.get(Partner, partner_id)
        if partner is None or partner.trajectory_id != trajectory_id:
            raise PartnerNotInTrajectoryError()


def set_action_partners(session: Session, action_id: str,
                        partners: list[tuple[str, str]]) -> Changes:
    """Make the action's partners exactly `partners` [(partner_id, role)]; tombstones what
    was removed and brings back what returns, so exchange sees every change."""
    action = session.get(Action, action_id)
    if action is None:
        raise ActionNotFoundError()
    _check_partners(session, action.trajectory_id, partners)
    wanted = {pid: (role or "").strip() for pid, role in partners}
    rows = session.scalars(select(ActionPartner).where(ActionPartner.action_id == action_id)
                           .execution_options(include_deleted=True)).all()
    changed = False
    seen: set[str] = set()
    for row in rows:
        if row.partner_id in wanted and row.partner_id not in seen:
            seen.add(row.partner_id)
            if row.deleted_at is not None:
                row.deleted_at = None
                changed = True
            if row.role != wanted[row.partner_id]:
                row.role = wanted[row.partner_id]
                changed = True
        elif row.deleted_at is None:
            from app.models.base import utcnow

            row.deleted_at = utcnow()
            changed = True
    for pid, role in wanted.items():
        if pid not in seen:
            session.add(ActionPartner(action_id=action_id, partner_id=pid, role=role))
            changed = True
    session.flush()
    return Changes.of("action_partner") if changed else Changes()


def action_partners(session: Session, action_id: str) -> list[tuple[Partner, str]]:
    rows = session.execute(
        select(Partner, ActionPartner.role)
        .join(ActionPartner, ActionPartner.partner_id == Partner.id)
        .where(ActionPartner.action_id == action_id, ActionPartner.deleted_at.is_(None))
        .order_by(Partner.name)
    ).all()
    return [(p, role) for p, role in rows]


def partner_choices(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    rows = session.execute(select(Partner.id, Partner.name)
                           .where(Partner.trajectory_id == trajectory_id)
                           .order_by(Partner.name)).all()
    return [(pid, name) for pid, name in rows]


# --- checks -------------------------------------------------------------------------------------

def facts_from_values(values: dict[str, Any], partner_count: int,
                      has_signal: bool) -> checks.ActionFacts:
    return checks.ActionFacts(
        name=values.get("name") or "",
        description=values.get("description") or "",
        level=values.get("level") or "",
        element_codes=tuple(values.get("element_codes") or ()),
        age_group_codes=tuple(values.get("age_group_codes") or ()),
        risk_group_codes=tuple(values.get("risk_group_codes") or ()),
        impact_texts=tuple(values.get(k) or "" for k in IMPACT_FIELDS),
        impact_evidence=values.get("impact_evidence") or "",
        partner_count=partner_count,
        has_policy_signal=has_signal,
    )


def has_policy_signal(session: Session, action_id: str | None) -> bool:
    if not action_id:
        return False
    return bool(session.scalar(select(func.count()).select_from(PolicySignal).where(
        PolicySignal.action_id == action_id, PolicySignal.deleted_at.is_(None))))


def check(session: Session, action: Action) -> list[checks.Finding]:
    facts = facts_from_values(action_values(action), len(action_partners(session, action.id)),
                              has_policy_signal(session, action.id))
    return checks.check_action(facts)


# --- the action log (step 7) -----------------------------------------------------------------

LOG_FIELDS = ("log_date", "phase", "done", "tried", "adjusted", "why", "people_reached")


def _clean_log(values: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in LOG_FIELDS}
    for key in ("done", "tried", "adjusted", "why"):
        out[key] = (out.get(key) or "").strip()
    if not (out["done"] or out["tried"] or out["adjusted"]):
        raise LogEmptyError()
    out["log_date"] = out.get("log_date") or (today or date.today())
    if out["log_date"] > (today or date.today()):
        raise FutureDateError()
    out["phase"] = out.get("phase") or "do"
    if out["phase"] not in reference.codes("log_phase"):
        raise UnknownCodeError(code=out["phase"], what=_(_WHAT["log_phase"]))
    reached = int(out.get("people_reached") or 0)
    if reached < 0:
        raise PeopleReachedError()
    out["people_reached"] = reached
    return out


def add_log(session: Session, action_id: str, values: dict[str, Any],
            today: date | None = None) -> tuple[ActionLog, Changes]:
    if session.get(Action, action_id) is None:
        raise ActionNotFoundError()
    entry = ActionLog(action_id=action_id, **_clean_log(values, today))
    session.add(entry)
    session.flush()
    return entry, Changes.of("action_log")


def update_log(session: Session, log_id: str, values: dict[str, Any],
               today: date | None = None) -> Changes:
    entry = session.get(ActionLog, log_id)
    if entry is None:
        raise ActionNotFoundError()
    for key, value in _clean_log(values, today).items():
        setattr(entry, key, value)
    session.flush()
    return Changes.of("action_log")


def people_reached_over_time(session: Session, trajectory_id: str) -> list[tuple[date, int]]:
    """Cumulative people reached by all actions, one point per log date."""
    rows = session.execute(
        select(ActionLog.log_date, func.sum(ActionLog.people_reached))
        .join(Action, Action.id == ActionLog.action_id)
        .where(Action.trajectory_id == trajectory_id, Action.deleted_at.is_(None),
               ActionLog.deleted_at.is_(None))
        .group_by(ActionLog.log_date).order_by(ActionLog.log_date)
    ).all()
    total, out = 0, []
    for day, reached in rows:
        total += int(reached or 0)
        out.append((day, total))
    return out


def people_reached(session: Session, action_id: str) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(ActionLog.people_reached), 0))
                              .where(ActionLog.action_id == action_id,
                                     ActionLog.deleted_at.is_(None))) or 0)


# --- policy signals ---------------------------------------------------------------------------

SIGNAL_FIELDS = ("what", "to_whom", "sent_on", "answer", "answered_on", "action_id")


def _clean_signal(session: Session, trajectory_id: str, values: dict[str, Any]) -> dict:
    out = {k: v for k, v in values.items() if k in SIGNAL_FIELDS}
    for key in ("what", "to_whom", "answer"):
        out[key] = (out.get(key) or "").strip()
    if not out["what"]:
        raise SignalEmptyError()
    out["to_whom"] = out["to_whom"][:200]
    action_id = out.get("action_id") or None
    if action_id:
        action = session.get(Action, action_id)
        if action is None or action.trajectory_id != trajectory_id:
            raise ActionNotFoundError()
    out["action_id"] = action_id
    return out


def add_signal(session: Session, trajectory_id: str,
               values: dict[str, Any]) -> tuple[PolicySignal, Changes]:
    signal = PolicySignal(trajectory_id=trajectory_id,
                          **_clean_signal(session, trajectory_id, values))
    session.add(signal)
    session.flush()
    return signal, Changes.of("policy_signal")


def update_signal(session: Session, signal_id: str, values: dict[str, Any]) -> Changes:
    signal = session.get(PolicySignal, signal_id)
    if signal is None:
        raise ActionNotFoundError()
    for key, value in _clean_signal(session, signal.trajectory_id, values).items():
        setattr(signal, key, value)
    session.flush()
    return Changes.of("policy_signal")


def action_choices(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    rows = session.execute(select(Action.id, Action.name)
                           .where(Action.trajectory_id == trajectory_id)
                           .order_by(Action.name)).all()
    return [(aid, name) for aid, name in rows]


# --- the portfolio --------------------------------------------------------------------------

def actions_of(session: Session, trajectory_id: str,
               statuses: tuple[str, ...] | None = None) -> list[Action]:
    stmt = select(Action).where(Action.trajectory_id == trajectory_id)
    if statuses:
        stmt = stmt.where(Action.status.in_(statuses))
    order = {code: i for i, code in enumerate(reference.codes("action_status"))}
    return sorted(session.scalars(stmt), key=lambda a: (order.get(a.status, 9), a.name.lower()))


def coverage(session: Session, trajectory_id: str,
             statuses: tuple[str, ...] = ("idea", *ACTIVE_STATUSES)) -> dict[str, int]:
    """Risk group code -> number of actions (with those statuses) aimed at it."""
    counts = dict.fromkeys(reference.codes("risk_group"), 0)
    for action in actions_of(session, trajectory_id, statuses):
        for code in action.risk_group_codes:
            if code in counts:
                counts[code] += 1
    return counts


def unreached_risk_groups(session: Session, trajectory_id: str) -> list[str]:
    return [code for code, n in coverage(session, trajectory_id).items() if n == 0]


@dataclass(frozen=True)
class MatrixRow:
    action_id: str
    name: str
    status: str
    level: str
    elements: frozenset[str]
    age_groups: frozenset[str]
    risk_groups: frozenset[str]
    partners: tuple[str, ...]


def checklist_matrix(session: Session, trajectory_id: str) -> list[MatrixRow]:
    """The toolkit's table 2: every action with its elements, level, groups and partners."""
    rows = []
    for action in actions_of(session, trajectory_id):
        partners = tuple(p.name for p, _role in action_partners(session, action.id))
        rows.append(MatrixRow(action.id, action.name, action.status, action.level,
                              frozenset(action.element_codes),
                              frozenset(action.age_group_codes),
                              frozenset(action.risk_group_codes), partners))
    return rows
