"""Record lists of the outreach page: target list, visit log, visitors, consents and
referrals. They reuse RecordListPanel (ids loaded first, rows fetched in blocks, SQL sort and
filter) scoped to the chosen campaign; adding and editing go through the outreach services so
statuses, retries and the consent rule always hold."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton

from app.models.outreach import (
    OutreachConsent,
    OutreachPerson,
    OutreachReferral,
    OutreachVisit,
    OutreachVisitor,
)
from app.services.i18n import N_, _
from app.services.outreach import (
    checks,
    choices,
    refs,  # noqa: F401  (registers the code lists)
)
from app.services.outreach import people as people_service
from app.services.outreach import visits as visit_service
from app.services.reference import label
from app.views.context import AppContext
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec
from app.views.widgets.sql_model import SqlTableModel

P, V = OutreachPerson, OutreachVisit


# the queries live in the service (issue 20); these names stay for the visit log's spec
person_name_expr = choices.person_name_expr
visitor_name_expr = choices.visitor_name_expr


def _person_options(campaign: Callable[[], str]):
    def options(session, _tid):
        return choices.person_choices(session, campaign())
    return options


def _visitor_options(session, tid):
    return choices.visitor_choices(session, tid)


def _partner_options(session, tid):
    return choices.partner_choices(session, tid)


class CampaignListModel(SqlTableModel):
    """Sorting a list that was never loaded only chooses the order of its first load."""

    _loaded = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_col, self._sort_order = column, order
        if self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        super().reload()

    def forget(self) -> None:
        self._loaded = False


class CampaignListPanel(RecordListPanel):
    """A RecordListPanel bound to the page's current campaign. It is read when it is shown
    (issue 16): a hidden list only notes that it is out of date, so opening the page, or
    choosing another campaign, reads only the tab in view."""

    model_class = CampaignListModel

    def __init__(self, ctx: AppContext, spec: ListSpec, campaign: Callable[[], str],
                 parent=None):
        self.campaign = campaign
        self._stale = True
        super().__init__(ctx, spec, parent)

    def reload(self) -> None:
        if not self.isVisible():
            self._stale = True
            self.model.forget()
            return
        self._stale = False
        super().reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def add_record(self, initial: dict | None = None):
        if not self.campaign():
            return None
        return super().add_record(initial)

    def date_anchor(self):
        """Outside its period, a campaign's dates open on the campaign's first month."""
        from app.services.outreach import campaigns

        cid = self.campaign()
        if not cid:
            return None
        with self.ctx.session() as session:
            camp = campaigns.get_campaign(session, cid, writable=False)
            start, end = camp.start_date, camp.end_date
        today = date.today()
        if start is None or (start <= today and (end is None or today <= end)):
            return None
        return start



# --- target list ----------------------------------------------------------------------------

def _warnings_text(value) -> str:
    texts = checks.texts(value)
    return "⚠ " + "; ".join(texts) if texts else ""


def people_spec(campaign: Callable[[], str]) -> ListSpec:
    return ListSpec(
        model=P, title=N_("Target list"), item_name=N_("person"),
        columns=_people_columns(), fields=_people_fields(),
        scope=lambda stmt, _tid: stmt.where(P.campaign_id == (campaign() or None),
                                            P.erased_at.is_(None)),
        default_sort="address_sort",
        create=lambda s, _tid, v: people_service.add_person(s, campaign(), **_people_values(v)),
        update=lambda s, pid, v: people_service.update_person(s, pid, **_people_values(v)),
    )


def _people_columns() -> list[Column]:
    return [
        Column("last_name", N_("Last name"), width=25),
        Column("first_name", N_("First name"), width=19),
        Column("street", N_("Street"), width=25),
        Column("house", N_("No."), expr=P.house_number, width=11),
        Column("box", N_("Box"), width=8),
        Column("place", N_("Place"), width=19),
        Column("birth_year", N_("Born"), width=11, searchable=False),
        Column("living_alone", N_("Alone"), width=10, searchable=False),
        Column("on_visit_list", N_("Visit list"), width=14, searchable=False),
        Column("status", N_("Status"), display=lambda v: label("outreach_status", v or ""),
               width=17),
        Column("visitor", N_("Visitor"), expr=visitor_name_expr(P.visitor_id), width=19),
        Column("warnings", N_("Needs checking"), display=_warnings_text, width=24,
               searchable=False),
        Column("address_sort", N_("Walking order"), searchable=False, width=1,
               display=lambda v: ""),
    ]


def _people_fields() -> list[Field]:
    return [
        Field("last_name", N_("Last name"), required=True),
        Field("first_name", N_("First name")),
        Field("street", N_("Street")),
        Field("house_number", N_("House number"), help=N_("For example 12A or 7 bus 2")),
        Field("box", N_("Box")),
        Field("postcode", N_("Postcode")),
        Field("place", N_("Place")),
        Field("birth_date", N_("Birth date"), "date", past=True),
        Field("birth_year", N_("Birth year"), "int", help=N_("When only the year is known"),
              maximum=2100),
        Field("living_alone", N_("Living alone"), "bool"),
        Field("widowed", N_("Widowed"), "bool"),
        Field("widowed_since", N_("Widowed since"), "date", past=True),
        Field("phone", N_("Phone")),
        Field("language", N_("Language"), "choice", ref_kind="person_language",
              required=True, default="nl"),
        Field("on_visit_list", N_("On the visit list"), "bool", default=True),
        Field("visitor_id", N_("Visitor"), "fk", options=_visitor_options),
        Field("notes", N_("Notes"), "multiline", personal=True),
    ]


class PeoplePanel(CampaignListPanel):
    """The target list, with a "needs checking" filter for what an import could not take
    over as it was, and a button to clear those warnings once the person is checked."""

    def __init__(self, ctx: AppContext, spec: ListSpec, campaign: Callable[[], str],
                 parent=None):
        self.only_to_check = False
        scope = spec.scope
        spec.scope = lambda stmt, tid: self._narrow(scope(stmt, tid))
        super().__init__(ctx, spec, campaign, parent)
        self.check_filter = QCheckBox()
        self.check_filter.setObjectName("needsChecking")
        self.check_filter.toggled.connect(self._filter_to_check)
        self.search_bar.addWidget(self.check_filter)
        self.checked_button = QPushButton()
        self.checked_button.setObjectName("checkedButton")
        self.checked_button.clicked.connect(self.dismiss_warnings)
        self.add_button_widget(self.checked_button)
        # the warnings column: shown, right after the names, only while the filter is on
        self._warnings_col = [c.key for c in spec.columns].index("warnings")
        header = self.view.horizontalHeader()
        header.moveSection(header.visualIndex(self._warnings_col), 2)
        self.view.setColumnWidth(self._warnings_col, self.fontMetrics().averageCharWidth() * 48)
        self.view.setColumnHidden(self._warnings_col, True)
        self.retranslate_ui()

    def _narrow(self, stmt):
        return stmt.where(P.warnings != "") if self.only_to_check else stmt

    def _filter_to_check(self, on: bool) -> None:
        self.only_to_check = on
        self.view.setColumnHidden(self._warnings_col, not on)
        self.reload()

    def dismiss_warnings(self) -> None:
        pid = self.current_id()
        if pid:
            self.ctx.run(checks.dismiss, pid)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        if hasattr(self, "check_filter"):
            self.check_filter.setText(_("Needs checking"))
            self.check_filter.setToolTip(_("Only people the import could not take over "
                                           "completely"))
            self.checked_button.setText(_("Chec&ked"))
            self.checked_button.setToolTip(_("The warnings of this person have been looked "
                                             "at: remove them"))

    def new_label(self, values: dict) -> str:
        return _person_label(values)

    def save_new(self, values: dict) -> str | None:
        """A likely duplicate is asked about first (before writing: no lock while asking);
        "add to the existing person" fills that person's empty fields instead."""
        values = _people_values(values)
        with self.ctx.session() as session:
            dups = people_service.find_duplicates(session, self.campaign(), values)
        if not dups or self._confirm_keep(dups):
            return super().save_new(values)
        if self._merge_choice != "merge":
            return None
        new_id = dups[0].person_id
        if self.save_edit(new_id, {k: v for k, v in values.items()
                                   if v not in (None, "", False)}):
            self.select_id(new_id)
            return new_id
        return None

    def _confirm_keep(self, dups) -> bool:
        """Ask what to do with a likely duplicate: True = keep both."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Possible duplicate"))
        d = dups[0]
        box.setText(_("This person looks like {name} ({reasons}), who is already on the "
                      "list.").format(name=d.label, reasons=", ".join(d.reasons)))
        merge = box.addButton(_("Add to the existing person"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("Keep both"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(merge)
        box.exec()
        clicked = box.clickedButton()
        self._merge_choice = "merge" if clicked is merge else "cancel"
        return clicked is keep

    def edited_values(self, before: dict, after: dict) -> dict:
        if before.get("living_alone") is None and after.get("living_alone") is False:
            # an untouched box does not answer "living alone?"
            return {**after, "living_alone": None}
        return after


def _person_label(values: dict) -> str:
    return " ".join(x for x in (values.get("last_name"), values.get("first_name")) if x)


def _people_values(values: dict) -> dict:
    out = dict(values)
    if not out.get("birth_year"):
        out["birth_year"] = None
    return out


# --- visit log ----------------------------------------------------------------------------------


def visitors_spec() -> ListSpec:
    return ListSpec(
        model=OutreachVisitor, title=N_("Visitors"), item_name=N_("visitor"),
        columns=[Column("name", N_("Name"), width=31),
                 Column("role", N_("Role"), display=lambda v: label("visitor_role", v or ""),
                        width=19),
                 Column("phone", N_("Phone"), width=22), Column("email", N_("E-mail"), width=31),
                 Column("active", N_("Active"), searchable=False, width=11)],
        fields=[Field("name", N_("Name"), required=True),
                Field("role", N_("Role"), "choice", ref_kind="visitor_role", required=True),
                Field("phone", N_("Phone"), help=N_("Printed on the cards left behind")),
                Field("email", N_("E-mail")),
                Field("active", N_("Active"), "bool"),
                Field("notes", N_("Notes"), "multiline")],
        default_sort="name",
    )


def consents_spec(campaign: Callable[[], str]) -> ListSpec:
    consent = OutreachConsent
    return ListSpec(
        model=consent, title=N_("Consents"), item_name=N_("consent"),
        columns=[Column("person", N_("Person"), expr=person_name_expr(consent.person_id),
                        width=31),
                 Column("purpose", N_("For"), display=lambda v: label("consent_purpose",
                                                                       v or ""), width=25),
                 Column("partner", N_("To whom"),
                        expr=choices.partner_name_expr(consent.partner_id), width=25),
                 Column("given_on", N_("Given on"), searchable=False, width=17),
                 Column("withdrawn_on", N_("Withdrawn on"), searchable=False, width=17)],
        fields=[Field("person_id", N_("Person"), "fk", options=_person_options(campaign),
                      required=True),
                Field("purpose", N_("For"), "choice", ref_kind="consent_purpose",
                      required=True, default="referral"),
                Field("partner_id", N_("To whom (partner)"), "fk", options=_partner_options,
                      help=N_("Leave empty when the person agreed to any partner")),
                Field("given_on", N_("Given on"), "date", required=True, default=date.today),
                Field("withdrawn_on", N_("Withdrawn on"), "date"),
                Field("notes", N_("Notes"), "multiline", personal=True)],
        scope=lambda stmt, _tid: stmt.where(
            consent.person_id.in_(choices.people_of(campaign()))),
        default_sort="given_on",
        add_title=N_("Record consent"),
        create=lambda s, _tid, v: visit_service.consent_from_form(s, v),
        # who gave it, for what and to whom stay as recorded
        edit_only=visit_service.CONSENT_EDITABLE,
        update=lambda s, rid, v: visit_service.update_consent(s, rid, **v),
    )


def referrals_spec(campaign: Callable[[], str]) -> ListSpec:
    referral = OutreachReferral
    return ListSpec(
        model=referral, title=N_("Referrals"), item_name=N_("referral"),
        columns=[Column("person", N_("Person"), expr=person_name_expr(referral.person_id),
                        width=31),
                 Column("partner", N_("Partner"),
                        expr=choices.partner_name_expr(referral.partner_id), width=28),
                 Column("referred_on", N_("Date"), searchable=False, width=17),
                 Column("status", N_("Status"), display=lambda v: label("referral_status",
                                                                         v or ""), width=19),
                 Column("reason", N_("Why"), width=36)],
        fields=[Field("person_id", N_("Person"), "fk", options=_person_options(campaign),
                      required=True),
                Field("partner_id", N_("Partner"), "fk", options=_partner_options,
                      required=True),
                Field("referred_on", N_("Date"), "date", required=True, default=date.today),
                Field("status", N_("Status"), "choice", ref_kind="referral_status",
                      required=True, default="sent"),
                Field("reason", N_("Why"), "multiline", personal=True),
                Field("notes", N_("Notes"), "multiline", personal=True)],
        scope=lambda stmt, _tid: stmt.where(
            referral.person_id.in_(choices.people_of(campaign()))),
        default_sort="referred_on",
        add_title=N_("Refer to a partner"),
        create=lambda s, _tid, v: visit_service.referral_from_form(s, v),
        # a referral never leaves the consent it was made under
        edit_only=visit_service.REFERRAL_EDITABLE,
        update=lambda s, rid, v: visit_service.update_referral(s, rid, **v),
    )
