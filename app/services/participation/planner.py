"""The table planner: who sits where before and after the break.

Rules, in order of importance:
1. never more than `MAX_PER_TABLE` participants at a table (the facilitator comes on top);
2. after the break every participant moves to another table with another persona;
3. people who sat together before the break are spread over different tables after it;
4. each table gets a mix of roles (residents, volunteers, carers, professionals...).

The planner is pure: it takes ids and returns a `Plan`; `sessions.plan_session()` stores it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

from app.services.errors import AppError
from app.services.i18n import N_, _
from app.services.participation.codes import MAX_PER_TABLE, PARTICIPANT_ROLES

ROLE_ORDER = {ref.code: i for i, ref in enumerate(PARTICIPANT_ROLES)}


class NotEnoughTablesError(AppError):
    msgid = N_("{n} participants need at least {tables} tables of at most {max} people.")


class NoParticipantsError(AppError):
    msgid = N_("Add participants before planning the tables.")


@dataclass(frozen=True)
class Participant:
    id: str
    role: str = "resident"


@dataclass(frozen=True)
class Table:
    id: str
    persona_id: str | None = None


@dataclass(frozen=True)
class PlanWarning:
    kind: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    MESSAGES: ClassVar[dict[str, str]] = {
        "one_table": N_("With only one table, people stay at the same table after the break."),
        "same_persona": N_("Some participants meet the same persona twice, because several "
                           "tables use the same persona."),
        "no_persona": N_("Not every table has a persona yet."),
    }

    def user_message(self) -> str:
        return _(self.MESSAGES[self.kind]).format(**self.params)


@dataclass
class Plan:
    rounds: list[dict[str, str]]  # per round: participant id -> table id
    warnings: list[PlanWarning]

    def table_members(self, round_index: int) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for pid, tid in self.rounds[round_index].items():
            out.setdefault(tid, []).append(pid)
        return out


def tables_needed(n_participants: int, max_per_table: int = MAX_PER_TABLE) -> int:
    return max(1, math.ceil(n_participants / max_per_table))


def plan(participants: list[Participant], tables: list[Table], rounds: int = 2,
         max_per_table: int = MAX_PER_TABLE) -> Plan:
    if not participants:
        raise NoParticipantsError()
    need = tables_needed(len(participants), max_per_table)
    if len(tables) < need:
        raise NotEnoughTablesError(n=len(participants), tables=need, max=max_per_table)
    warnings: list[PlanWarning] = []
    if any(t.persona_id is None for t in tables):
        warnings.append(PlanWarning("no_persona"))
    first = _first_round(participants, tables)
    result = [first]
    if rounds >= 2:
        if len(tables) < 2:
            warnings.append(PlanWarning("one_table"))
            result.append(dict(first))
        else:
            second, repeated = _second_round(participants, tables, first)
            result.append(second)
            if repeated:
                warnings.append(PlanWarning("same_persona"))
    return Plan(result, warnings)


def _first_round(participants: list[Participant], tables: list[Table]) -> dict[str, str]:
    """Deal people round the tables by role, so every table gets a mix."""
    ordered = sorted(enumerate(participants),
                     key=lambda ip: (ROLE_ORDER.get(ip[1].role, len(ROLE_ORDER)), ip[0]))
    return {p.id: tables[i % len(tables)].id for i, (_idx, p) in enumerate(ordered)}


def _second_round(participants, tables, first):
    k = len(tables)
    index = {t.id: i for i, t in enumerate(tables)}
    persona = {t.id: t.persona_id for t in tables}
    capacity = {t.id: 0 for t in tables}
    for tid in first.values():
        capacity[tid] += 1  # same table sizes after the break
    members: dict[str, list[str]] = {t.id: [] for t in tables}
    for p in participants:
        members[first[p.id]].append(p.id)
    # interleave: first person of every table, then the second of every table, ...
    order = []
    for pos in range(max(len(m) for m in members.values())):
        for t in tables:
            if pos < len(members[t.id]):
                order.append((members[t.id][pos], t.id, pos))
    seated: dict[str, list[str]] = {t.id: [] for t in tables}
    second: dict[str, str] = {}
    repeated = False

    def allowed(pid: str, tid: str, strict: bool) -> bool:
        own = first[pid]
        if tid == own:
            return False
        return not strict or persona[tid] is None or persona[tid] != persona[own]

    for pid, own, pos in order:
        mates = set(members[own])
        start = (index[own] + 1 + pos) % k
        candidates = [tables[(start + j) % k].id for j in range(k)]
        choice = None
        for strict in (True, False):
            free = [t for t in candidates if allowed(pid, t, strict)
                    and len(seated[t]) < capacity[t]]
            if free:
                choice = min(free, key=lambda t: (len(mates.intersection(seated[t])),
                                                  len(seated[t]) / max(capacity[t], 1)))
                break
            choice = _swap_in(pid, candidates, seated, capacity, second, allowed, strict)
            if choice:
                break
        if choice is None:  # only possible with degenerate sizes: fall back to any other table
            choice = next(t for t in candidates if t != own)
        if persona[choice] is not None and persona[choice] == persona[own]:
            repeated = True
        seated[choice].append(pid)
        second[pid] = choice
    _improve(second, first, seated, lambda pid, tid: allowed(pid, tid, not repeated))
    return second, repeated


def _improve(second, first, seated, allowed, passes: int = 4) -> None:
    """Swap people between tables while that lowers the number of repeated pairs."""
    def cost(pid: str, tid: str, without: str | None = None) -> int:
        return sum(1 for other in seated[tid]
                   if other not in (pid, without) and first[other] == first[pid])

    for _pass in range(passes):
        improved = False
        for a in list(second):
            ta = second[a]
            if cost(a, ta) == 0:
                continue
            for tb in seated:
                if tb == ta or not allowed(a, tb):
                    continue
                for b in list(seated[tb]):
                    if not allowed(b, ta):
                        continue
                    before = cost(a, ta) + cost(b, tb)
                    after = cost(a, tb, without=b) + cost(b, ta, without=a)
                    if after < before:
                        seated[ta].remove(a)
                        seated[tb].remove(b)
                        seated[ta].append(b)
                        seated[tb].append(a)
                        second[a], second[b] = tb, ta
                        improved = True
                        break
                if second[a] != ta:
                    break
        if not improved:
            return


def _swap_in(pid, candidates, seated, capacity, second, allowed, strict):
    """No allowed table has room: move someone from an allowed table to the table with room."""
    open_tables = [t for t in candidates if len(seated[t]) < capacity[t]]
    for target in candidates:
        if not allowed(pid, target, strict):
            continue
        for other in list(seated[target]):
            for free in open_tables:
                if allowed(other, free, strict):
                    seated[target].remove(other)
                    seated[free].append(other)
                    second[other] = free
                    return target
    return None


def repeated_pairs(plan_: Plan) -> int:
    """How many pairs of people share a table in both rounds (lower is better)."""
    if len(plan_.rounds) < 2:
        return 0
    count = 0
    for members in plan_.table_members(0).values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if plan_.rounds[1][a] == plan_.rounds[1][b]:
                    count += 1
    return count
