"""The outreach page ("Huisbezoeken"): campaigns, target list, visit log, worklist, consent and
referrals, visitors and the dashboard. The lead places `OutreachPage` as a tab of the main
window."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services import printables
from app.services.changes import Changes
from app.services.i18n import _, format_date
from app.services.outreach import campaigns, dashboard
from app.services.reference import label
from app.views.context import AppContext
from app.views.outreach import lists, visit_log
from app.views.outreach.charts import DashboardView
from app.views.outreach.page_campaigns import CampaignDialogs
from app.views.outreach.page_erase import PrintAndErase
from app.views.outreach.page_people import TargetListActions
from app.views.outreach.worklist import WorklistView
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


class OutreachPage(CampaignDialogs, TargetListActions, PrintAndErase, QWidget):
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
        for name, spec in (("consents", lists.consents_spec),
                           ("referrals", lists.referrals_spec)):
            self._parts[name] = lists.CampaignListPanel(self.ctx, spec(cid), cid)
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
