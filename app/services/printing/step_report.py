"""'Print this step': an A4 summary of one step of a trajectory.

The core part prints the step's purpose, checklist, record counts and notes. Features add the
step's own records through `app/services/<feature>/report_sections.py`, a module with
`SECTIONS: dict[int, Callable[[Session, str, Styles], list[Flowable]]]`.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

import app.services as services_pkg
from app.models.core import Trajectory
from app.services import method
from app.services.i18n import _, format_percent
from app.services.printing.common import Styles, build_a4, data_table, para, spacer, styles

Section = Callable[[Session, str, Styles], list]


def section_builders(step_number: int) -> list[Section]:
    builders = []
    for info in sorted(pkgutil.iter_modules(services_pkg.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"app.services.{info.name}.report_sections"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if step_number in module.SECTIONS:
            builders.append(module.SECTIONS[step_number])
    return builders


def step_story(session: Session, trajectory_id: str, step_number: int, st: Styles) -> list:
    sd = method.step(step_number)
    status = method.step_status(session, trajectory_id)[step_number]
    story = [para(_(sd.title), st.title), para(_(sd.guidance.purpose), st.body), spacer(2)]
    story.append(para(_("Progress: {percent}").format(percent=format_percent(status.progress)),
                      st.h2))
    rows = [["☑" if item.code in status.ticked else "☐", _(item.label)] for item in sd.checklist]
    rows += [["☑" if status.counts.get(g.kind, 0) >= g.minimum else "☐", _(g.label)]
             for g in sd.goals]
    if rows:
        story.append(data_table(["", _("Checklist")], rows, st, [10 * 2.83, None]))
    for builder in section_builders(step_number):
        story.extend(builder(session, trajectory_id, st))
    note = method.get_note(session, trajectory_id, step_number)
    if note:
        story += [para(_("Notes"), st.h1), para(note, st.body)]
    return story


def print_step(session: Session, trajectory_id: str, step_number: int, out: Path) -> Path:
    traj = session.get(Trajectory, trajectory_id)
    st = styles()
    story = step_story(session, trajectory_id, step_number, st)
    return build_a4(out, story, title=traj.name if traj else "", subtitle=_(
        method.step(step_number).tab_title))
