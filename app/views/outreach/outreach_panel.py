"""The outreach page ("Huisbezoeken"): campaigns, target list, visit log, worklist, consent and
referrals, visitors and the dashboard. The lead places `OutreachPage` as a tab of the main
window."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.outreach import OutreachCampaign, OutreachPerson
from app.services import printables
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _, format_date, ngettext
from app.services.outreach import campaigns, dashboard, people, retention
from app.services.reference import label
from app.views.context import AppContext
from app.views.outreach import lists, visit_log
from app.views.outreach.charts import DashboardView
from app.views.outreach.dialogs import (
    CAMPAIGN_FIELDS,
    AssignStreetDialog,
    RuleDialog,
    follow_kind_defaults,
)
from app.views.outreach.worklist import WorklistView
from app.views.widgets.form import RecordDialog
from app.views.widgets.lazy_tabs import LazyTabWidget
from app.views.widgets.record_list import RecordListPanel

KINDS = ("outreach_campaign", "outreach_person", "outreach_visit", "outreach_visitor",
         "outreach_consent", "outreach_referral", "partner", "action")


class _Part:
    """A widget of one of the page's tabs: reading it builds that tab if it is not yet."""

    def __init__(self, tab: str):
        self.tab = tab
        self.name = ""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, page, owner=None):
        return self if page is None else page._part(self.name, self.tab)


class OutreachPage(QWidget):
    # the tabs' widgets, by the tab that holds them (see "the tabs" below)
    worklist = _Part("worklist")
    people = _Part("people")
    import_button = _Part("people")
    rule_button = _Part("people")
    assign_button = _Part("people")
    merge_button = _Part("people")
    bulk_button = _Part("people")  # issue 17: many people in one dialog
    visits = _Part("visits")
    consents = _Part("consents")
    referrals = _Part("consents")
    visitors = _Part("visitors")
    dashboard = _Part("dashboard")

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("outreachPage")
        self._campaign_id = ""
        self._build_campaign_bar()
        self._build_actions_row()
        self._build_tabs()
        self._build_empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.tabs)
        self._build_layout()
        self._stale: set[str] = set()  # keys of the tabs that count over the whole campaign
        self.tabs.currentChanged.connect(self._refresh_visible_tab)
        self.campaign_box.currentIndexChanged.connect(self._on_campaign_chosen)
        ctx.changed.connect(self._on_changed)
        ctx.trajectory_changed.connect(lambda _t: self.reload_campaigns())
        # scale (issue 16): texts first, then the campaigns once; each tab loads when shown
        self._texts_set = False
        self.retranslate_ui()
        self._texts_set = True
        self.reload_campaigns()

    def _build_campaign_bar(self) -> None:
        self.campaign_box = QComboBox()
        self.campaign_box.setObjectName("campaign")
        self.campaign_box.setMinimumContentsLength(24)
        self.campaign_box.setSizeAdjustPolicy(  # long names must not widen the page
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.campaign_label = QLabel()
        self.campaign_label.setBuddy(self.campaign_box)
        self.campaign_info = QLabel()
        self.campaign_info.setWordWrap(True)
        self.new_button, self.edit_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_campaign)
        self.edit_button.clicked.connect(self.edit_campaign)
        self.bar = QHBoxLayout()
        self.bar.addWidget(self.campaign_label)
        self.bar.addWidget(self.campaign_box, 2)
        self.bar.addWidget(self.new_button)
        self.bar.addWidget(self.edit_button)

    def _build_actions_row(self) -> None:
        """Enter a round, Print (the registry's outreach printables), Erase."""
        self.print_button = QToolButton()
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_menu = QMenu(self)
        self.print_button.setMenu(self.print_menu)
        self.print_actions = {key: self.print_menu.addAction("") for key in
                              printables.of_feature("outreach")}
        for key, action in self.print_actions.items():
            action.triggered.connect(lambda _c=False, k=key: self.print_(k))
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase)
        self.round_button = QPushButton()  # issue 17: a printed walking list typed in
        self.round_button.setObjectName("enterRound")
        self.round_button.clicked.connect(self.enter_round)
        self.actions_row = QWidget()  # a row of its own: the page stays narrow at 200%
        actions = QHBoxLayout(self.actions_row)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.round_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.erase_button)
        actions.addStretch(1)

    def _build_empty_state(self) -> None:
        """No campaign yet: one way forward instead of a page of disabled buttons."""
        self.empty_state = QWidget()
        self.empty_state.setObjectName("noCampaign")
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_new_button = QPushButton()
        self.empty_new_button.setObjectName("emptyNewCampaign")
        self.empty_new_button.clicked.connect(self.new_campaign)
        empty = QVBoxLayout(self.empty_state)
        empty.addWidget(self.empty_text)
        empty_buttons = QHBoxLayout()
        empty_buttons.addWidget(self.empty_new_button)
        empty_buttons.addStretch(1)
        empty.addLayout(empty_buttons)
        empty.addStretch(1)

    def _build_layout(self) -> None:
        from app.views.exchange.sharing import MailboxStatusLabel
        from app.views.outreach.not_shared_line import NotSharedLine

        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.actions_row)
        layout.addWidget(self.campaign_info)
        layout.addWidget(MailboxStatusLabel(self.ctx))  # visits not yet shared, per mailbox
        self.not_shared = NotSharedLine(self.ctx)  # what has not reached the lead organisation
        layout.addWidget(self.not_shared)
        layout.addWidget(self.stack, 1)

    # --- the tabs, each built when first shown (issue 16) ---------------------------------------
    # Building and painting the lists, their buttons and shortcuts, the worklist and the
    # dashboard took most of the page's opening time; a tab the user does not open costs
    # nothing now. Reading one of the attributes below (a shortcut, a menu action, the
    # worklist's "Log a visit") builds its tab first.
    def _build_tabs(self) -> None:
        self._parts: dict[str, QWidget] = {}
        self._people_enabled = False
        self.tabs = LazyTabWidget()
        self.tabs.setObjectName("outreachTabs")
        self._tab_pages = {key: self.tabs.add_lazy_tab(build) for key, build in (
            ("worklist", self._build_worklist), ("people", self._build_people),
            ("visits", self._build_visits), ("consents", self._build_consents),
            ("visitors", self._build_visitors), ("dashboard", self._build_dashboard))}

    def _part(self, name: str, tab: str) -> QWidget:
        if name not in self._parts:
            self._tab_pages[tab].ensure_built()
        return self._parts[name]

    def _built(self, *names: str) -> list:
        """The parts among `names` whose tab is built (the others have nothing to update)."""
        return [self._parts[n] for n in names if n in self._parts]

    def _build_worklist(self) -> QWidget:
        worklist = self._parts["worklist"] = WorklistView(self.ctx, self.current_campaign)
        worklist.log_visit_requested.connect(self.log_visit_for)
        return worklist

    def _build_people(self) -> QWidget:
        cid = self.current_campaign
        people = self._parts["people"] = lists.PeoplePanel(self.ctx, lists.people_spec(cid), cid)
        people.view.setColumnHidden(len(people.spec.columns) - 1, True)
        for name, slot in (("import_button", self.import_file),
                           ("rule_button", self.select_by_rule),
                           ("bulk_button", self.bulk_actions),
                           ("assign_button", self.assign_street),
                           ("merge_button", self.merge_duplicate)):
            button = self._parts[name] = QPushButton()
            if name == "bulk_button":
                button.setObjectName("bulkActions")
            button.clicked.connect(slot)
            people.add_button_widget(button)
        self._retranslate_people_buttons()
        self._enable_people_buttons()
        return people

    def _enable_people_buttons(self) -> None:
        for button in self._built("import_button", "rule_button", "assign_button",
                                  "merge_button", "bulk_button"):
            button.setEnabled(self._people_enabled)

    def _retranslate_people_buttons(self) -> None:
        self.import_button.setText(_("&Import…"))
        self.import_button.setToolTip(_("Import a list of people from a CSV or Excel file"))
        self.rule_button.setText(_("Select by &rule…"))
        self.assign_button.setText(_("Assign a visitor to a street…"))
        self.bulk_button.setText(_("For the ch&osen people…"))
        self.bulk_button.setToolTip(_("Choose people with Shift or Ctrl (or whole streets), "
                                      "then assign a visitor, put them on or off the visit "
                                      "list, or print cards for them"))
        self.merge_button.setText(_("&Merge duplicate…"))
        self.merge_button.setToolTip(_("Look for a likely duplicate of the selected person and "
                                       "merge the two into one"))

    def _build_visits(self) -> QWidget:
        cid = self.current_campaign
        visits = self._parts["visits"] = visit_log.VisitsPanel(
            self.ctx, visit_log.visits_spec(cid), cid)
        visits.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        return visits

    def _build_consents(self) -> QWidget:
        cid = self.current_campaign
        split = QSplitter()
        for name, panel, spec in (("consents", lists.ConsentsPanel, lists.consents_spec),
                                  ("referrals", lists.ReferralsPanel, lists.referrals_spec)):
            self._parts[name] = panel(self.ctx, spec(cid), cid)
            split.addWidget(self._parts[name])
        return split

    def _build_visitors(self) -> QWidget:
        visitors = self._parts["visitors"] = RecordListPanel(self.ctx, lists.visitors_spec())
        return visitors

    def _build_dashboard(self) -> QWidget:
        dashboard = self._parts["dashboard"] = DashboardView()
        return dashboard

    # --- campaign ---------------------------------------------------------------------------------
    def current_campaign(self) -> str:
        return self._campaign_id

    def reload_campaigns(self) -> None:
        with self.ctx.session() as s:
            rows = campaigns.campaign_choices(s, self.ctx.trajectory_id)
        keep = self._campaign_id
        self.campaign_box.blockSignals(True)
        self.campaign_box.clear()
        for cid, name in rows:
            self.campaign_box.addItem(name, cid)
        idx = self.campaign_box.findData(keep)
        self.campaign_box.setCurrentIndex(idx if idx >= 0 else (0 if rows else -1))
        self.campaign_box.blockSignals(False)
        self._on_campaign_chosen()

    def _on_campaign_chosen(self, *_a) -> None:
        self._campaign_id = self.campaign_box.currentData() or ""
        for panel in self._built("people", "visits", "consents", "referrals"):
            panel.reload()
        self.refresh()

    def refresh(self) -> None:
        cid = self._campaign_id
        has = bool(cid)
        info, erased = self._campaign_text(cid)
        self.campaign_info.setText(info)
        self.stack.setCurrentWidget(self.tabs if has else self.empty_state)
        for w in (self.campaign_info, self.actions_row, self.campaign_label, self.campaign_box,
                  self.edit_button, self.new_button):
            w.setVisible(has)
        self.empty_new_button.setEnabled(bool(self.ctx.trajectory_id))
        self.empty_text.setText(info if self.ctx.trajectory_id else _(
            "Choose or make a trajectory first; campaigns belong to a trajectory."))
        for w in (self.edit_button, self.print_button, self.erase_button, self.round_button):
            w.setEnabled(has and not erased)
        self._people_enabled = has and not erased
        self._enable_people_buttons()
        self.print_button.setEnabled(has)
        for key, action in self.print_actions.items():
            action.setEnabled(has and (key == "erase_report" or not erased))
        self._stale = {"worklist", "dashboard"}
        self._refresh_visible_tab()

    def _campaign_text(self, cid: str) -> tuple[str, bool]:
        """What the campaign is and how long its personal data is kept; whether it is
        erased."""
        if not cid:
            return _("Start by making a campaign: a round of home visits or doorstep "
                     "contacts."), False
        from app.services.reference import description

        with self.ctx.session() as s:
            camp = campaigns.campaign_summary(s, cid)
        due = campaigns.erase_after(camp)
        if camp.erased_at is not None:
            return _("The personal data of this campaign was erased on {date}.").format(
                date=format_date(camp.erased_at, "long")), True
        if due is not None and due <= date.today():
            return _("The retention period of this campaign is over: erase its personal "
                     "data now (Erase personal data…)."), False
        info = label("outreach_kind", camp.kind) + ". " + description("outreach_kind", camp.kind)
        if due is not None:
            info += " " + _("Personal data is kept until {date}.").format(
                date=format_date(due, "long"))
        return info, False

    def _refresh_visible_tab(self, *_a) -> None:
        """The worklist and dashboard count over the whole campaign; they are refreshed when
        shown, not on every change made elsewhere."""
        current = next((k for k, tab in self._tab_pages.items()
                        if tab is self.tabs.currentWidget()), "")
        if current not in self._stale or not self.isVisible():
            return
        self._stale.discard(current)
        if current == "worklist":
            self.worklist.refresh()
        elif current == "dashboard":
            if self._campaign_id:
                with self.ctx.session() as s:
                    self.dashboard.show_data(dashboard.compute(s, self._campaign_id))
            else:
                self.dashboard.show_data(dashboard.Dashboard())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refresh_visible_tab()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("outreach_campaign", "action"):
            self.reload_campaigns()
        elif changes.touches(*KINDS):
            self.refresh()

    def retranslate_ui(self) -> None:
        self.campaign_label.setText(_("&Campaign:"))
        self.campaign_box.setAccessibleName(_("Campaign"))
        self.new_button.setText(_("&New campaign…"))
        self.empty_new_button.setText(_("&New campaign…"))
        self.edit_button.setText(_("Campaign &settings…"))
        self.print_button.setText(_("&Print"))
        self.round_button.setText(_("Enter a ro&und…"))
        self.round_button.setToolTip(_("Type in a printed walking list: open it with its round "
                                       "code and tick each address with one key"))
        self.not_shared.retranslate_ui()
        self.erase_button.setText(_("Erase personal data…"))
        for key, action in self.print_actions.items():
            action.setText(printables.menu_text(key))
        self._retranslate_tabs()
        if self._texts_set:  # a language switch: the campaign's text and the tab in view
            self.refresh()

    def _retranslate_tabs(self) -> None:
        tabs = [_("Worklist"), _("Target list"), _("Visit log"), _("Consent and referrals"),
                _("Visitors"), _("Dashboard")]
        for i, text in enumerate(tabs):
            self.tabs.setTabText(i, text)
        for w in self._built("people", "visits", "consents", "referrals", "visitors",
                             "worklist", "dashboard"):
            w.retranslate_ui()
        if "people" in self._parts:
            self._retranslate_people_buttons()

    def _error(self, title: str, exc: AppError) -> None:
        QMessageBox.warning(self, title, exc.user_message())

    def _campaign_dialog(self, title: str, values: dict,
                         campaign_id: str | None = None) -> dict | None:
        from app.views.outreach.logo_picker import LogoPicker

        with self.ctx.session() as s:
            dialog = RecordDialog(title, CAMPAIGN_FIELDS, values, s, self.ctx.trajectory_id,
                                  parent=self)
        self.logo_picker = LogoPicker(campaign_id, dialog)  # applied once the campaign is saved
        dialog.form.layout().addRow(_("Logo on the cards"), self.logo_picker)
        return dialog.values() if dialog.exec() == RecordDialog.DialogCode.Accepted else None

    def new_campaign(self) -> None:
        """One dialog: the kind is chosen in the form, and choosing it fills in that kind's
        defaults (retry days, retention, greeting) where the user has not typed over them."""
        if not self.ctx.trajectory_id:
            return
        with self.ctx.session() as s:
            dialog = RecordDialog(_("New campaign"), CAMPAIGN_FIELDS,
                                  {"start_date": date.today()}, s, self.ctx.trajectory_id,
                                  parent=self)
        follow_kind_defaults(dialog.form)
        from app.views.outreach.logo_picker import LogoPicker

        self.logo_picker = LogoPicker(None, dialog)  # applied once the campaign is saved
        dialog.form.layout().addRow(_("Logo on the cards"), self.logo_picker)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        result = dialog.values()
        name, kind = result.pop("name"), result.pop("kind") or "general"
        mirror = campaigns.mirror_action if result.get("action_id") is None else None
        try:
            self._campaign_id = self.ctx.add_with(
                OutreachCampaign, lambda s: campaigns.create_campaign(
                    s, self.ctx.trajectory_id, name, kind, **result), after_undo=mirror)
            self.logo_picker.apply(self._campaign_id)
        except AppError as exc:
            self._error(_("New campaign"), exc)

    def edit_campaign(self) -> None:
        cid = self._campaign_id
        if not cid:
            return
        with self.ctx.session() as s:
            camp = campaigns.get_campaign(s, cid, writable=False)
            values = {f.key: getattr(camp, f.key) for f in CAMPAIGN_FIELDS}
        result = self._campaign_dialog(_("Campaign settings"), values, cid)
        if result is None:
            return
        try:
            self.ctx.edit_with(OutreachCampaign, cid, campaigns.update_campaign, cid, **result)
            self.logo_picker.apply(cid)
        except AppError as exc:
            self._error(_("Campaign settings"), exc)

    # --- target list actions ------------------------------------------------------------------
    def import_file(self) -> None:
        from app.views.outreach.import_flow import import_people

        import_people(self)

    def select_by_rule(self) -> None:
        cid = self._campaign_id
        with self.ctx.session() as s:
            camp = campaigns.get_campaign(s, cid, writable=False)
            kind, village = camp.kind, camp.village
        dialog = RuleDialog(self.ctx, cid, kind, village, self)
        if dialog.exec() != RuleDialog.DialogCode.Accepted:
            return
        rule, replace = dialog.rule(), dialog.replace.isChecked()
        try:  # one undo step for the whole list
            self.ctx.edit_many(OutreachPerson, lambda s: people.select_by_rule(
                s, cid, rule, replace=replace)[1])
        except AppError as exc:
            self._error(_("Select by rule"), exc)

    def assign_street(self) -> None:
        cid = self._campaign_id
        with self.ctx.session() as s:
            streets = people.streets(s, cid)
            visitors = lists._visitor_options(s, self.ctx.trajectory_id)
        if not streets or not visitors:
            QMessageBox.information(self, _("Assign a visitor"), _(
                "Add people with an address and at least one visitor first."))
            return
        dialog = AssignStreetDialog(streets, visitors, self)
        if dialog.exec() != AssignStreetDialog.DialogCode.Accepted:
            return
        street, vid = dialog.street(), dialog.visitor_id()
        try:
            self.ctx.edit_many(OutreachPerson, people.assign_visitor, cid, vid, street=street)
        except AppError as exc:
            self._error(_("Assign a visitor"), exc)

    def bulk_actions(self) -> None:
        """Many people, one dialog, one undo step."""
        from app.views.outreach.dialogs import BulkDialog

        cid = self._campaign_id
        dialog = BulkDialog(self.ctx, cid, self.people.selected_ids(), self)
        accepted = dialog.exec() == BulkDialog.DialogCode.Accepted
        (action, value), ids = dialog.choice(), dialog.ids
        dialog.deleteLater()
        if not accepted or not ids:
            return
        try:
            if action == "assign":
                self.ctx.edit_many(OutreachPerson, people.assign_visitor, cid, value,
                                   person_ids=ids)
            elif action in ("on", "off"):
                self.ctx.edit_many(OutreachPerson, people.set_on_visit_list, cid, ids,
                                   action == "on")
            else:
                self.print_cards_for(value, ids)
        except AppError as exc:
            self._error(_("For the chosen people"), exc)

    def print_cards_for(self, kind: str, person_ids: list[str]) -> None:
        self.print_(kind, person_ids=person_ids)

    def merge_duplicate(self) -> None:
        pid = self.people.current_id()
        if not pid:
            QMessageBox.information(self, _("Merge duplicate"), _("Select a person first."))
            return
        cid = self._campaign_id
        with self.ctx.session() as s:
            person = s.get(OutreachPerson, pid)
            values = {k: getattr(person, k) for k in people.FIELDS}
            found = people.find_duplicates(s, cid, values, exclude=pid)
        if not found:
            QMessageBox.information(self, _("Merge duplicate"),
                                    _("No likely duplicate of this person was found."))
            return
        texts = [f"{c.label} ({', '.join(c.reasons)})" for c in found]
        choice, ok = QInputDialog.getItem(
            self, _("Merge duplicate"), _("Merge this record into the selected person? Its "
                                          "visits, consents and referrals move along."),
            texts, 0, False)
        if not ok:
            return
        other = found[texts.index(choice)].person_id
        try:
            self.ctx.run(people.merge_people, pid, other)
        except AppError as exc:
            self._error(_("Merge duplicate"), exc)

    def enter_round(self) -> None:
        from app.views.outreach.round_entry import RoundEntryDialog

        if self._campaign_id:
            dialog = RoundEntryDialog(self.ctx, self._campaign_id, self)
            dialog.exec()
            dialog.deleteLater()

    def log_visit_for(self, person_id: str) -> None:
        """From the worklist: the visit form, and back on the worklist (issue 17)."""
        self.visits.add_with_service(person_id)

    # --- printing and erasure ---------------------------------------------------------------------
    def print_(self, key: str, **options) -> None:
        """A printable of the registry about this campaign (`options`: e.g. person_ids)."""
        cid = self._campaign_id
        if not cid:
            return
        from app.views.save_pdf import save_printable

        with self.ctx.session() as s:
            name = campaigns.get_campaign(s, cid, writable=False).name
        save_printable(self, self.ctx, key, name, campaign_id=cid, **options)

    def erase(self) -> None:
        cid = self._campaign_id
        if not cid:
            return
        with self.ctx.session() as s:
            pv = retention.preview(s, cid, date.today())
        if not pv.allowed:
            when = format_date(pv.erase_after, "long") if pv.erase_after else "—"
            QMessageBox.information(self, _("Erase personal data"), _(
                "The retention period of this campaign runs until {date}. Its personal data "
                "can be erased after that date.").format(date=when) if pv.erase_after else _(
                "Give the campaign an end date first; the retention period counts from it."))
            return
        text = _("This erases for good the names, addresses, phone numbers, birth dates and "
                 "free text of {people} people, {visits} visits with notes, {consents} "
                 "consents and {referrals} referrals. Only anonymous counts stay. This cannot "
                 "be undone.").format(people=pv.people, visits=pv.visits_with_text,
                                      consents=pv.consents, referrals=pv.referrals)
        answer = QMessageBox.warning(self, _("Erase personal data"), text,
                                     QMessageBox.StandardButton.Yes |
                                     QMessageBox.StandardButton.Cancel,
                                     QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        found: set[str] = set()
        try:
            self.ctx.run(lambda s: retention.erase_campaign(s, cid, date.today(),
                                                            found=found)[1])
        except AppError as exc:
            self._error(_("Erase personal data"), exc)
            return
        self.ctx.undo_stack.clear()
        self._erase_in_backups(cid, found)
        self.print_("erase_report")

    def _erase_in_backups(self, cid: str, found: set[str]) -> None:
        """The file's free pages and log, the logs and the old backup copies still hold what
        was just erased: clean them too (on the worker thread: VACUUM takes a while)."""
        from app.services import erasure
        from app.services.progress import Cancelled
        from app.views.tasks import run_with_progress

        engine, path = self.ctx.db.engine, self.ctx.db.path

        def job(progress):
            erasure.after_commit(engine, found)
            return retention.erase_in_backups(path, cid, date.today(), progress)

        try:
            cleaned, deleted = run_with_progress(self, _("Erasing from the backups…"), job)
        except Cancelled:  # an uncleaned copy would keep the data: finish the job anyway
            cleaned, deleted = job(None)
        total = cleaned + deleted
        if total:
            QMessageBox.information(self, _("Erase personal data"), ngettext(
                "The data was also erased from {n} backup copy.",
                "The data was also erased from {n} backup copies.", total).format(n=total))
