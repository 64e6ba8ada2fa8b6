"""The plan report: a PDF for the municipal board and the partners, followed by a one-page
sheet per action. Qt-free.

Parts that other steps own (preconditions, what already runs, needs) are read through their
services, imported lazily, so the report works whether or not those steps hold data.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.actions import PolicySignal
from app.models.core import Action, FocusArea, Partner, Trajectory
from app.services import reference
from app.services.actions import charts, measuring, service
from app.services.actions.errors import NoTrajectoryError
from app.services.i18n import _, format_date, ngettext
from app.services.printing.common import (
    Styles,
    build_a4,
    data_table,
    para,
    spacer,
    styles,
)
from app.services.progress import Progress

W = charts.WIDTH


def _d(value: date | None) -> str:
    return format_date(value, "medium") if value else "—"


def _labels(kind: str, codes) -> str:
    return ", ".join(reference.label(kind, c) for c in codes) or "—"


def credits_note() -> str:
    from app.services import credits

    return credits.proven_note()


def _elements(codes) -> str:
    proven = set(reference.proven_elements())
    return ", ".join(reference.label("element", c) + (" ★" if c in proven else "")
                     for c in codes) or "—"


# --- parts ------------------------------------------------------------------------------------

def intro(session: Session, traj: Trajectory, st: Styles) -> list:
    actions = service.actions_of(session, traj.id)
    partners = session.scalar(select(func.count()).select_from(Partner)
                              .where(Partner.trajectory_id == traj.id)) or 0
    reached = service.people_reached_over_time(session, traj.id)
    story = [para(_("Plan against loneliness"), st.title),
             para(traj.name, st.h1)]
    facts = [[_("Municipality"), traj.municipality or "—"],
             [_("Organisation"), traj.organisation or "—"],
             [_("Network director"), traj.network_director or "—"],
             [_("Period"), f"{_d(traj.start_date)} – {_d(traj.planned_end_date)}"]]
    story.append(data_table([_("Trajectory"), ""], facts, st, [45 * mm, None]))
    if traj.description:
        story += [spacer(2), para(traj.description, st.body)]
    by_status = dict.fromkeys(reference.codes("action_status"), 0)
    for a in actions:
        by_status[a.status] = by_status.get(a.status, 0) + 1
    summary = [
        ngettext("{n} action in this plan", "{n} actions in this plan", len(actions)).format(
            n=len(actions)),
        " · ".join(_("{status}: {n}").format(status=reference.label("action_status", c), n=n)
                   for c, n in by_status.items()),
        ngettext("{n} partner in the network", "{n} partners in the network", partners).format(
            n=partners),
        ngettext("{n} person reached so far", "{n} people reached so far",
                 reached[-1][1] if reached else 0).format(n=reached[-1][1] if reached else 0),
    ]
    story += [para(_("In short"), st.h2)] + [para("• " + s, st.body) for s in summary]
    story.append(para(_("This report follows the steps of the method: where we work and why, "
                        "the conditions and partners, what already runs and what is needed, "
                        "and then our actions, how they are grounded and what they bring. "
                        "Each action also has a one-page sheet at the end."), st.small))
    return story + colophon(st)


def colophon(st: Styles) -> list:
    """Credit to the method's makers and the sources behind the ★, on the first page."""
    from app.services import credits

    return [spacer(2), para(_("About the method"), st.h2),
            para(credits.credit(), st.small), para(credits.proven_note(), st.small)]


def focus_areas(session: Session, tid: str, st: Styles) -> list:
    areas = session.scalars(select(FocusArea).where(FocusArea.trajectory_id == tid)
                            .order_by(FocusArea.name)).all()
    story = [CondPageBreak(50 * mm), para(_("Where we work and why"), st.h1)]
    rows = [[a.name, reference.label("focus_area_kind", a.kind), a.reason] for a in areas]
    story.append(data_table([_("Focus area"), _("Kind"), _("Why")], rows, st,
                            [40 * mm, 28 * mm, None]) if rows
                 else para(_("No focus areas recorded."), st.body))
    return story


def preconditions(session: Session, tid: str, st: Styles) -> list:
    try:
        from app.services.groundwork import readiness
    except ModuleNotFoundError:
        return []
    rows = [[reference.label("precondition", p.code),
             reference.label("precondition_status", p.status), p.note]
            for p in readiness.preconditions(session, tid)]
    return [CondPageBreak(50 * mm), para(_("Preconditions"), st.h1),
            data_table([_("Precondition"), _("Status"), _("Note")], rows, st,
                       [62 * mm, 24 * mm, None]),
            spacer(1), para(readiness.readiness(session, tid).sentence(), st.body)]


def partners(session: Session, tid: str, st: Styles) -> list:
    rows_p = session.scalars(select(Partner).where(Partner.trajectory_id == tid)
                             .order_by(Partner.involvement, Partner.name)).all()
    in_actions: dict[str, list[str]] = {}
    for action in service.actions_of(session, tid):
        for partner, _role in service.action_partners(session, action.id):
            in_actions.setdefault(partner.id, []).append(action.name)
    rows = [[p.name, reference.label("partner_type", p.partner_type),
             reference.label("involvement", p.involvement),
             ", ".join(in_actions.get(p.id, [])) or "—"] for p in rows_p]
    story = [CondPageBreak(60 * mm), para(_("Partners"), st.h1)]
    story.append(data_table([_("Organisation"), _("Type"), _("Involvement"), _("In actions")],
                            rows, st, [48 * mm, 38 * mm, 34 * mm, None]) if rows
                 else para(_("No partners recorded."), st.body))
    return story


def existing_and_needs(session: Session, tid: str, st: Styles) -> list:
    story: list = []
    try:
        from app.services.groundwork import needs as gw_needs
        from app.services.groundwork import report_sections as gw
    except ModuleNotFoundError:
        return story
    story += [CondPageBreak(60 * mm), *gw.step3_section(session, tid, st)]
    summaries = gw_needs.need_summaries(session, tid)
    story += [CondPageBreak(50 * mm), para(_("The needs we found"), st.h1)]
    rows = [[str(n.priority), n.title,
             "; ".join(n.figures + n.stories) or _("Not yet backed by figures or stories")]
            for n in summaries]
    story.append(data_table(["#", _("Need"), _("Backed by")], rows, st,
                            [8 * mm, 62 * mm, None]) if rows
                 else para(_("No needs recorded."), st.body))
    return story


def actions_overview(session: Session, tid: str, st: Styles) -> list:
    actions = service.actions_of(session, tid)
    story = [CondPageBreak(90 * mm), para(_("Our actions"), st.h1)]
    if not actions:
        return [*story, para(_("No actions yet."), st.body)]
    rows = [[a.name, reference.label("action_status", a.status),
             reference.label("action_level", a.level) if a.level else "—",
             _labels("age_group", a.age_group_codes), _labels("risk_group", a.risk_group_codes)]
            for a in actions]
    story.append(data_table([_("Action"), _("Status"), _("Level"), _("Age groups"),
                             _("Risk groups")], rows, st,
                            [38 * mm, 22 * mm, 32 * mm, 32 * mm, None]))
    cov = service.coverage(session, tid)
    story.append(KeepTogether([
        para(_("Coverage of risk groups by our actions"), st.h2),
        para(_("How many actions (ideas included) aim at each risk group. Groups without any "
               "action are marked in words."), st.small),
        charts.hbars([(reference.label("risk_group", c), n) for c, n in cov.items()],
                     empty_text=_("not reached"))]))
    proven = set(reference.proven_elements())
    rows_e = [(a.name, len(set(a.element_codes) & proven),
               len(set(a.element_codes) - proven)) for a in actions]
    story.append(KeepTogether([
        para(_("Effective elements per action"), st.h2),
        para(_("Actions that combine several effective elements have the most impact. "
               "★ marks the elements proven in several reviews."), st.small),
        para(credits_note(), st.small),
        charts.stacked_elements(rows_e)]))
    return story


def action_detail(session: Session, action: Action, st: Styles) -> list:
    story = [para(action.name, st.h2)]
    partners = service.action_partners(session, action.id)
    rows = [[_("Status"), reference.label("action_status", action.status)],
            [_("Effective elements"), _elements(action.element_codes)],
            [_("Level"), reference.label("action_level", action.level) if action.level
             else "—"],
            [_("Age groups"), _labels("age_group", action.age_group_codes)],
            [_("Risk groups"), _labels("risk_group", action.risk_group_codes)],
            [_("Participation"), reference.label("participation", action.participation)
             if action.participation else "—"],
            [_("Partners and roles"), "; ".join(f"{p.name}: {role}" if role else p.name
                                                for p, role in partners) or "—"]]
    story.append(data_table([_("What"), _("Answer")], rows, st, [45 * mm, None]))
    if action.description:
        story.append(para(action.description, st.body))
    impact = [[_(q.label), getattr(action, f"impact_{q.code}") or "—"]
              for q in reference.IMPACT_QUESTIONS]
    story += [spacer(1), data_table([_("Impact analysis"), ""], impact, st, [60 * mm, None])]
    findings = service.check(session, action)
    if findings:
        story.append(para(_("Still to look at"), st.cell_bold))
        story += [para("• " + _(f.title) + ": " + _(f.explanation).format(**f.params), st.small)
                  for f in findings]
    return [KeepTogether(story[:2]), *story[2:], spacer(3)]


def signals(session: Session, tid: str, st: Styles) -> list:
    rows_s = session.scalars(select(PolicySignal).where(PolicySignal.trajectory_id == tid)
                             .order_by(PolicySignal.sent_on)).all()
    story = [CondPageBreak(50 * mm), para(_("Signals to policy"), st.h1),
             para(_("Some causes of loneliness are structural, such as transport, traffic "
                    "safety, benches or green space. We pass them on to those who can change "
                    "them."), st.small)]
    rows = [[s.what, s.to_whom or "—", _d(s.sent_on),
             (s.answer or _("No answer yet")) + (f" ({_d(s.answered_on)})" if s.answered_on
                                                 else "")] for s in rows_s]
    story.append(data_table([_("Signal"), _("To whom"), _("Sent on"), _("Answer")], rows, st,
                            [62 * mm, 38 * mm, 22 * mm, None]) if rows
                 else para(_("No signals recorded."), st.body))
    return story


def results(session: Session, tid: str, st: Styles) -> list:
    story = [CondPageBreak(90 * mm), para(_("Progress and results"), st.h1)]
    points = service.people_reached_over_time(session, tid)
    if points:
        story += [para(_("People reached over time (all actions together)"), st.h2),
                  charts.reached_over_time(points)]
    rows = []
    for action in service.actions_of(session, tid, ("running", "evaluated", "stopped")):
        logs = service_logs(session, action.id)
        last = logs[-1] if logs else None
        rows.append([action.name, reference.label("action_status", action.status),
                     str(service.people_reached(session, action.id)),
                     (last.adjusted or last.done) if last else "—"])
    if rows:
        story.append(data_table([_("Action"), _("Status"), _("Reached"),
                                 _("Latest step or adjustment")], rows, st,
                                [46 * mm, 24 * mm, 18 * mm, None]))
    measured = [(a, measuring.group_results(session, a.id))
                for a in service.actions_of(session, tid)]
    measured = [(a, r) for a, r in measured if r]
    if measured:
        head = [para(_("Loneliness measured before and after"), st.h2),
                para(_(measuring.NOT_A_DIAGNOSIS), st.small)]
        for action, changes in measured:
            block = [para(action.name, st.cell_bold)]
            for change in changes:
                block += [para(line, st.body) for line in measuring.describe_change(change)]
            story.append(KeepTogether(head + block))
            head = []
    return story


def service_logs(session: Session, action_id: str):
    from app.models.actions import ActionLog

    return list(session.scalars(select(ActionLog).where(ActionLog.action_id == action_id)
                                .order_by(ActionLog.log_date)))


def action_sheet(session: Session, action: Action, st: Styles) -> list:
    """One page per action, like the toolkit's example: elements, set-up, target group and
    who carries it."""
    partners = service.action_partners(session, action.id)
    lead = action.impact_who_executes or (partners[0][0].name if partners else "—")
    target = "; ".join(filter(None, [_labels("risk_group", action.risk_group_codes)
                                     if action.risk_group_codes else "",
                                     _labels("age_group", action.age_group_codes)
                                     if action.age_group_codes else ""])) or "—"
    question = {q.code: _(q.label) for q in reference.IMPACT_QUESTIONS}
    rows = [[_("Effective elements"), _elements(action.element_codes)],
            [_("Set-up"), action.impact_what or action.description or "—"],
            [_("Target group"), target],
            [_("Carried out by"), lead],
            [_("Partners and roles"), "\n".join(f"{p.name}: {role}" if role else p.name
                                               for p, role in partners) or "—"],
            [_("Level"), reference.label("action_level", action.level) if action.level
             else "—"],
            [_("Participation"), reference.label("participation", action.participation)
             if action.participation else "—"],
            [_("Status"), reference.label("action_status", action.status)],
            [question["who_involved"], action.impact_who_involved or "—"],
            [question["results"], action.impact_results or "—"],
            [_("Expected change"), action.impact_change or "—"],
            [question["explanation"], action.impact_explanation or "—"],
            [_("How we will know"), action.impact_evidence or "—"],
            [_("People reached so far"), str(service.people_reached(session, action.id))]]
    story = [PageBreak(), para(_("Action sheet"), st.small), para(action.name, st.title),
             data_table([_("What"), _("Answer")], rows, st, [45 * mm, None])]
    if action.description and action.impact_what:
        story += [spacer(2), para(action.description, st.body)]
    findings = service.check(session, action)
    if findings:  # the checks of step 6, so the sheet is the one place for an action's detail
        story.append(para(_("Still to look at"), st.h2))
        story += [para("• " + _(f.title) + ": " + _(f.explanation).format(**f.params),
                       st.small) for f in findings]
    logs = service_logs(session, action.id)[-5:]
    if logs:
        story += [para(_("What we did and learned"), st.h2),
                  data_table([_("Date"), _("Phase"), _("What happened"), _("Reached")],
                             [[_d(log.log_date), reference.label("log_phase", log.phase),
                               log_text(log), str(log.people_reached)] for log in logs],
                             st, [24 * mm, 20 * mm, None, 16 * mm])]
    return story


def log_text(log) -> str:
    parts = [log.done]
    if log.tried:
        parts.append(_("Tried: {text}").format(text=log.tried))
    if log.adjusted:
        parts.append(_("Adjusted: {text}").format(text=log.adjusted))
    if log.why:
        parts.append(_("Why: {text}").format(text=log.why))
    return "\n".join(p for p in parts if p)


# --- the whole report ---------------------------------------------------------------------------

def build_story(session: Session, trajectory_id: str, st: Styles,
                progress: Progress | None = None) -> list:
    traj = session.get(Trajectory, trajectory_id)
    if traj is None:
        raise NoTrajectoryError(name=trajectory_id)
    progress = progress or Progress()
    parts: list[Callable[[], list]] = [lambda: intro(session, traj, st),
             lambda: focus_areas(session, traj.id, st),
             lambda: preconditions(session, traj.id, st),
             lambda: partners(session, traj.id, st),
             lambda: existing_and_needs(session, traj.id, st),
             lambda: actions_overview(session, traj.id, st)]
    actions = service.actions_of(session, traj.id)
    # one place per fact: the body summarises the actions (overview, charts, results); each
    # action's details stand once, on its own sheet at the end
    parts += [lambda: signals(session, traj.id, st), lambda: results(session, traj.id, st)]
    parts += [partial(action_sheet, session, a, st) for a in actions]
    story: list = []
    for i, part in enumerate(parts):
        progress.step(i, len(parts), "")
        story += part()
    progress.step(len(parts), len(parts), "")
    return story


def write_plan_report(session: Session, trajectory_id: str, out: Path,
                      progress: Progress | None = None) -> Path:
    st = styles()
    story = build_story(session, trajectory_id, st, progress)
    traj = session.get(Trajectory, trajectory_id)
    if traj is None:  # build_story has said so already; this is for the type checker
        raise NoTrajectoryError(name=trajectory_id)
    return build_a4(Path(out), story, title=_("Plan against loneliness: {name}").format(
        name=traj.name), subtitle=traj.municipality)
