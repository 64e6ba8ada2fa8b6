"""Before you start: focus areas (and, from the groundwork feature, the preconditions)."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.models.core import FocusArea
from app.services import reference
from app.services.i18n import N_
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec


def focus_area_spec() -> ListSpec:
    return ListSpec(
        model=FocusArea,
        title=N_("Focus areas"),
        item_name=N_("focus area"),
        columns=[
            Column("name", N_("Name"), width=24),
            Column("kind", N_("Kind"), display=lambda v: reference.label("focus_area_kind", v),
                   width=14),
            Column("signal_sources", N_("Signal from"), width=22, searchable=False,
                   display=lambda v: ", ".join(reference.label("signal_source", c)
                                               for c in (v or []))),
            Column("reason", N_("Why this area"), width=40),
        ],
        fields=[
            Field("name", N_("Name"), required=True),
            Field("kind", N_("Kind"), kind="choice", ref_kind="focus_area_kind", required=True),
            Field("reason", N_("Why this area"), kind="multiline",
                  help=N_("What makes this area a good place to start?")),
            Field("signal_sources", N_("Where the signal came from"), kind="codes",
                  ref_kind="signal_source"),
            Field("notes", N_("Notes"), kind="multiline"),
        ],
        default_sort="name",
    )


class StartPage(StepPage):
    step_number = 0

    def build_content(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.focus_areas = RecordListPanel(self.ctx, focus_area_spec())
        layout.addWidget(self.focus_areas, 1)
        return box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.focus_areas.retranslate_ui()
