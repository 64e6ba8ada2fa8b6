"""Step 1: support — lead organisation and network director, the partner register, the
contact log with 'keep contacts warm', and the stakeholder map."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.core import Partner, Trajectory
from app.services import reference, trajectories
from app.services.changes import Changes
from app.services.groundwork import lists as gw_lists
from app.services.groundwork import network
from app.services.i18n import N_, _, format_date
from app.views.groundwork.specs import contact_spec
from app.views.groundwork.widgets import StakeholderMap
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec

DEFAULT_WARM_MONTHS = 6


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
            Column("roles_agreed", N_("Roles agreed"), width=19, searchable=False),
            Column("essential", N_("Essential"), width=9, searchable=False),
        ],
        fields=[
            Field("name", N_("Organisation"), required=True),
            Field("partner_type", N_("Type"), kind="choice", ref_kind="partner_type",
                  required=True),
            Field("involvement", N_("Involvement"), kind="choice", ref_kind="involvement",
                  required=True, default="informed"),
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
        self._partner_names: dict[str, str] = {}
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        self.lead_label, self.lead_value = QLabel(), QLabel()
        self.lead_value.setObjectName("leadOrganisation")
        self.director_label, self.director = QLabel(), QLineEdit()
        self.director.setObjectName("networkDirector")
        self.director_label.setBuddy(self.director)
        self.director.editingFinished.connect(self._save_director)
        top.addRow(self.lead_label, self.lead_value)
        top.addRow(self.director_label, self.director)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("step1Tabs")
        self.partners = RecordListPanel(self.ctx, partner_spec())
        self.tabs.addTab(self.partners, "")
        self.tabs.addTab(self._build_contacts(), "")
        self.map = StakeholderMap()
        self.tabs.addTab(self.map, "")
        layout.addWidget(self.tabs, 1)
        self._load_network()
        return box

    def _build_contacts(self) -> QWidget:
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        self.contacts = RecordListPanel(self.ctx, contact_spec(lambda: self._partner_names))
        self.contacts.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        warm = QWidget()
        wl = QVBoxLayout(warm)
        wl.setContentsMargins(0, 0, 0, 0)
        self.warm_title = QLabel()
        font = self.warm_title.font()
        font.setBold(True)
        self.warm_title.setFont(font)
        row = QHBoxLayout()
        self.warm_months_label = QLabel()
        self.warm_months = QSpinBox()
        self.warm_months.setObjectName("warmMonths")
        self.warm_months.setRange(1, 36)
        self.warm_months.setValue(DEFAULT_WARM_MONTHS)
        self.warm_months_label.setBuddy(self.warm_months)
        self.warm_months.valueChanged.connect(lambda _v: self._load_warm())
        row.addWidget(self.warm_months_label)
        row.addWidget(self.warm_months)
        row.addStretch(1)
        self.warm_list = QListWidget()
        self.warm_list.setObjectName("keepWarm")
        self.warm_list.setWordWrap(True)
        self.warm_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.warm_list.setUniformItemSizes(False)
        wl.addWidget(self.warm_title)
        wl.addLayout(row)
        wl.addWidget(self.warm_list, 1)
        splitter.addWidget(self.contacts)
        splitter.addWidget(warm)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.partners.retranslate_ui()
        self.contacts.retranslate_ui()
        self.map.retranslate_ui()
        self.tabs.setTabText(0, _("Partners"))
        self.tabs.setTabText(1, _("Contact log"))
        self.tabs.setTabText(2, _("Stakeholder map"))
        self.lead_label.setText(_("Lead organisation:"))
        self.lead_value.setToolTip(_("The partner whose involvement is “Lead organisation”."))
        self.director_label.setText(_("&Network director:"))
        self.director.setPlaceholderText(_("The person who connects partners and keeps the "
                                           "process going"))
        self.director.setAccessibleName(_("Network director"))
        self.warm_title.setText(_("Keep contacts warm"))
        self.warm_months_label.setText(_("Not contacted for at least (months):"))
        self.warm_list.setAccessibleName(_("Partners not contacted recently"))
        self._load_network()

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if changes.touches("partner", "contact_moment", "trajectory"):
            self._load_network()
            self.contacts.model.invalidate_rows()

    # --- data ---------------------------------------------------------------------------------
    def _load_network(self) -> None:
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            known = gw_lists.network(session, tid)
            nodes = network.stakeholder_layout(session, tid) if tid else []
        self._partner_names = known.partner_names
        self.lead_value.setText(", ".join(known.leads) if known.leads else
                                _("none yet: mark one partner as “Lead organisation”"))
        if not self.director.hasFocus():
            self.director.setText(known.director or "")
        self.director.setEnabled(known.director is not None)
        self.map.set_nodes(nodes)
        self._load_warm()

    def _load_warm(self) -> None:
        tid = self.ctx.trajectory_id
        self.warm_list.clear()
        if not tid:
            return
        with self.ctx.session() as session:
            stale = network.keep_warm(session, tid, self.warm_months.value(), date.today())
        for c in stale:
            when = format_date(c.last, "medium") if c.last else _("never")
            self.warm_list.addItem(_("{partner} — last contact: {when}").format(
                partner=c.name, when=when))
        if not stale:
            self.warm_list.addItem(_("Every partner was contacted recently."))

    def _save_director(self) -> None:
        tid = self.ctx.trajectory_id
        if not tid:
            return
        self.ctx.edit_with(Trajectory, tid, trajectories.update_trajectory, tid,
                           {"network_director": self.director.text()})
