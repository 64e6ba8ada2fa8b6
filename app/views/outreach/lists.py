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
from app.services import records
from app.services.errors import AppError
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
from app.views.util import show_error
from app.views.widgets.form import RecordDialog
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

    def add_record(self):
        if not self.campaign():
            return None
        return self.add_with_service()

    def add_with_service(self):  # overridden
        return super().add_record()

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

    def edit_dialog(self, title: str, values: dict | None) -> RecordDialog | None:
        dialog = self._dialog(title, values)
        return dialog if dialog.exec() == RecordDialog.DialogCode.Accepted else None

    def edit_some(self, keys: tuple[str, ...], service) -> None:
        """Edit only these fields, through `service(session, id, **values)`, which refuses any
        other (who and to whom stay as recorded: a referral never leaves its consent)."""
        rid = self.current_id()
        if not rid:
            return
        fields = [f for f in self.spec.fields if f.key in keys]
        with self.ctx.session() as session:
            obj = session.get(self.spec.model, rid)
            values = {f.key: getattr(obj, f.key) for f in fields}
            revision = records.revision_of(session, self.spec.model, rid)
            dialog = RecordDialog(_("Edit {item}").format(item=_(self.spec.item_name)), fields,
                                  values, session, self.ctx.trajectory_id, parent=self)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        try:
            self.ctx.edit_with(self.spec.model, rid, service, rid, label=self._label_of(rid),
                               based_on=revision, **dialog.values())
        except AppError as exc:
            show_error(self, exc, _(self.spec.title))
            if isinstance(exc, records.StaleEditError):
                self.reload()


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
              required=True),
        Field("on_visit_list", N_("On the visit list"), "bool"),
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

    def add_with_service(self):
        dialog = self.edit_dialog(_("New {item}").format(item=_("person")),
                                  {"language": "nl", "on_visit_list": True})
        if dialog is None:
            return None
        values = _people_values(dialog.values())
        campaign = self.campaign()
        try:
            with self.ctx.session() as session:  # ask before writing: no lock while asking
                dups = people_service.find_duplicates(session, campaign, values)
            if dups and not self._confirm_keep(dups):
                if self._merge_choice != "merge":
                    return None
                new_id = dups[0].person_id
                self.ctx.edit_with(P, new_id, people_service.update_person, new_id, **{
                    k: v for k, v in values.items() if v not in (None, "", False)})
            else:
                new_id = self.ctx.add_with(
                    P, lambda s: people_service.add_person(s, campaign, **values),
                    label=_person_label(values))
        except AppError as exc:
            show_error(self, exc, _("Target list"))
            return None
        self.select_id(new_id)
        return new_id

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

    def edit_current(self) -> None:
        pid = self.current_id()
        if not pid:
            return
        with self.ctx.session() as session:
            obj = session.get(P, pid)
            values = {f.key: getattr(obj, f.key) for f in self.spec.fields}
            revision = obj.revision  # what the form shows: someone else's later save wins
        dialog = self.edit_dialog(_("Edit {item}").format(item=_("person")), values)
        if dialog is None:
            return
        new = _people_values(dialog.values())
        if values.get("living_alone") is None and new.get("living_alone") is False:
            new["living_alone"] = None  # an untouched box does not answer "living alone?"
        try:
            self.ctx.edit_with(P, pid, people_service.update_person, pid, **new,
                               label=self._label_of(pid), based_on=revision)
        except AppError as exc:
            show_error(self, exc, _("Target list"))
            self.reload()


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
                      required=True),
                Field("partner_id", N_("To whom (partner)"), "fk", options=_partner_options,
                      help=N_("Leave empty when the person agreed to any partner")),
                Field("given_on", N_("Given on"), "date", required=True),
                Field("withdrawn_on", N_("Withdrawn on"), "date"),
                Field("notes", N_("Notes"), "multiline", personal=True)],
        scope=lambda stmt, _tid: stmt.where(
            consent.person_id.in_(choices.people_of(campaign()))),
        default_sort="given_on",
    )


class ConsentsPanel(CampaignListPanel):
    def edit_current(self) -> None:
        self.edit_some(visit_service.CONSENT_EDITABLE, visit_service.update_consent)

    def add_with_service(self):
        dialog = self.edit_dialog(_("Record consent"), {"given_on": date.today(),
                                                        "purpose": "referral"})
        if dialog is None:
            return None
        v = dialog.values()

        def record(session):
            consent, changes = visit_service.record_consent(
                session, v["person_id"], given_on=v["given_on"] or date.today(),
                purpose=v["purpose"], partner_id=v["partner_id"], notes=v["notes"])
            if v.get("withdrawn_on"):
                visit_service.withdraw_consent(session, consent.id, v["withdrawn_on"])
            return consent, changes

        try:
            new_id = self.ctx.add_with(OutreachConsent, record, label="")
        except AppError as exc:
            show_error(self, exc, _("Consents"))
            return None
        self.select_id(new_id)
        return new_id


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
                Field("referred_on", N_("Date"), "date", required=True),
                Field("status", N_("Status"), "choice", ref_kind="referral_status",
                      required=True, default="sent"),
                Field("reason", N_("Why"), "multiline", personal=True),
                Field("notes", N_("Notes"), "multiline", personal=True)],
        scope=lambda stmt, _tid: stmt.where(
            referral.person_id.in_(choices.people_of(campaign()))),
        default_sort="referred_on",
    )


class ReferralsPanel(CampaignListPanel):
    def edit_current(self) -> None:
        self.edit_some(visit_service.REFERRAL_EDITABLE, visit_service.update_referral)

    def add_with_service(self):
        dialog = self.edit_dialog(_("Refer to a partner"), {"referred_on": date.today(),
                                                            "status": "sent"})
        if dialog is None:
            return None
        v = dialog.values()

        try:
            new_id = self.ctx.add_with(
                OutreachReferral, visit_service.record_referral, v["person_id"],
                v["partner_id"], referred_on=v["referred_on"] or date.today(),
                reason=v["reason"], notes=v["notes"], status=v["status"] or "sent", label="")
        except AppError as exc:
            show_error(self, exc, _("Referrals"))
            return None
        self.select_id(new_id)
        return new_id
