"""Step 1: support — the partner register."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.models.core import Partner
from app.services import reference
from app.services.i18n import N_
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec


def partner_spec() -> ListSpec:
    return ListSpec(
        model=Partner,
        title=N_("Partners"),
        item_name=N_("partner"),
        columns=[
            Column("name", N_("Organisation"), width=28),
            Column("partner_type", N_("Type"), width=22,
                   display=lambda v: reference.label("partner_type", v)),
            Column("involvement", N_("Involvement"), width=20,
                   display=lambda v: reference.label("involvement", v)),
            Column("contact_person", N_("Contact person"), width=20),
            Column("essential", N_("Essential"), width=9),
        ],
        fields=[
            Field("name", N_("Organisation"), required=True),
            Field("partner_type", N_("Type"), kind="choice", ref_kind="partner_type",
                  required=True),
            Field("involvement", N_("Involvement"), kind="choice", ref_kind="involvement",
                  required=True),
            Field("contact_person", N_("Contact person")),
            Field("email", N_("E-mail")),
            Field("phone", N_("Phone")),
            Field("contributes", N_("What they contribute"), kind="multiline"),
            Field("expects", N_("What they expect"), kind="multiline"),
            Field("roles_agreed", N_("Roles and responsibilities agreed"), kind="bool",
                  help=N_("Unspoken expectations are where cooperation most often fails.")),
            Field("essential", N_("Essential partner"), kind="bool"),
            Field("notes", N_("Notes"), kind="multiline"),
        ],
        default_sort="name",
    )


class Step1Page(StepPage):
    step_number = 1

    def build_content(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.partners = RecordListPanel(self.ctx, partner_spec())
        layout.addWidget(self.partners, 1)
        return box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.partners.retranslate_ui()
