"""Dialogs of the outreach page: campaign settings, selection by rule, a visitor for a
street, erasure."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)
from sqlalchemy import select

from app.models.core import Action
from app.services.i18n import N_, _, ngettext
from app.services.outreach import people
from app.views.context import AppContext
from app.views.widgets.sizing import fit_to_screen
from app.views.widgets.specs import Field


def _actions(session, tid):
    return [(a.id, a.name) for a in session.scalars(
        select(Action).where(Action.trajectory_id == tid).order_by(Action.name))]


CAMPAIGN_FIELDS = [
    Field("name", N_("Name"), required=True),
    Field("kind", N_("Kind"), "choice", ref_kind="outreach_kind", required=True),
    Field("action_id", N_("Action (step 7)"), "fk", options=_actions,
          help=N_("Leave empty to create an action with the campaign's name")),
    Field("village", N_("Village or district")),
    Field("start_date", N_("Start date"), "date"),
    Field("end_date", N_("End date"), "date", help=N_("The retention period counts from here")),
    Field("retention_months", N_("Keep personal data (months after the end)"), "int",
          minimum=0, maximum=120),
    Field("retry_days", N_("Try again after (days)"), "int", minimum=1, maximum=90),
    Field("max_attempts", N_("Maximum attempts"), "int", minimum=1, maximum=10),
    Field("centre_contact", N_("Contact details on the cards"), "multiline",
          help=N_("How to reach the service centre or the organisers")),
    Field("greeting", N_("Greeting on the cards"), "multiline"),
    Field("notes", N_("Notes"), "multiline"),
]


def follow_kind_defaults(form) -> None:
    """In a new campaign's form: choosing the kind fills in that kind's retry days, retention
    and greeting, but never over what the user typed."""
    from app.services.outreach.campaigns import kind_defaults

    combo = form.editors["kind"]
    shown: dict = {}

    def apply(_index: int = 0) -> None:
        kind = combo.currentData()
        if not kind:
            return
        current = form.values()
        new = {k: v for k, v in kind_defaults(kind).items()
               if k not in shown or current.get(k) == shown[k]}
        form.set_values(new)
        shown.update(new)

    combo.currentIndexChanged.connect(apply)
    apply()


class AssignStreetDialog(QDialog):
    """One dialog for one task: which street, and which visitor goes there."""

    def __init__(self, streets: list[str], visitors: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setObjectName("assignStreetDialog")
        self.street_box = QComboBox()
        self.street_box.setObjectName("street")
        self.street_box.addItems(streets)
        self.visitor_box = QComboBox()
        self.visitor_box.setObjectName("visitor")
        for vid, name in visitors:
            self.visitor_box.addItem(name, vid)
        self.street_label, self.visitor_label = QLabel(), QLabel()
        self.street_label.setBuddy(self.street_box)
        self.visitor_label.setBuddy(self.visitor_box)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.street_label, self.street_box)
        form.addRow(self.visitor_label, self.visitor_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.street_box.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Assign a visitor"))
        self.intro.setText(_("Everyone on the list who lives in this street gets this "
                             "visitor. You can undo it with Ctrl+Z."))
        self.street_label.setText(_("&Street:"))
        self.visitor_label.setText(_("&Visitor:"))

    def street(self) -> str:
        return self.street_box.currentText()

    def visitor_id(self) -> str:
        return self.visitor_box.currentData()


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class RuleDialog(QDialog):
    """Build the visit list from the target list by rule, with a live count."""

    def __init__(self, ctx: AppContext, campaign_id: str, kind: str, village: str,
                 parent=None):
        super().__init__(parent)
        self.ctx, self.campaign_id = ctx, campaign_id
        from app.services.outreach.refs import KIND_DEFAULTS

        rule = KIND_DEFAULTS.get(kind, KIND_DEFAULTS["general"])["rule"]
        self.ref_date = QDateEdit(_qdate(date.today()))
        self.ref_date.setCalendarPopup(True)
        self.min_age = QSpinBox()
        self.min_age.setRange(0, 120)
        self.min_age.setValue(rule.get("min_age", 0))
        self.alone_age = QSpinBox()
        self.alone_age.setRange(0, 120)
        self.alone_age.setValue(rule.get("alone_min_age") or 0)
        self.only_alone = QCheckBox()
        self.widowed = QCheckBox()
        self.widowed.setChecked(rule.get("require_widowed", False))
        self.widowed_months = QSpinBox()
        self.widowed_months.setRange(0, 600)
        self.village = QComboBox()
        self.village.addItem("", "")
        with ctx.session() as s:
            for v in people.villages(s, campaign_id):
                self.village.addItem(v, v)
        idx = self.village.findData(village)
        self.village.setCurrentIndex(max(idx, 0))
        self.replace = QCheckBox()
        self.count = QLabel()
        self.count.setObjectName("ruleCount")
        self.form = QFormLayout()
        self.labels = [QLabel() for _i in range(5)]
        editors = [self.ref_date, self.min_age, self.alone_age, self.widowed_months,
                   self.village]
        for lab, ed in zip(self.labels, editors, strict=True):
            lab.setBuddy(ed)
            self.form.addRow(lab, ed)
        self.checks = [self.only_alone, self.widowed, self.replace]
        for box in self.checks:
            self.form.addRow(box)  # the text sits on the check box itself
        for ed in editors + self.checks:
            for sig in ("valueChanged", "toggled", "dateChanged", "currentIndexChanged"):
                if hasattr(ed, sig):
                    getattr(ed, sig).connect(self.update_count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.retranslate_ui()
        fit_to_screen(self, 640, 400)  # at most what the screen has free

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Build the visit list by rule"))
        texts = [_("Count ages on"), _("Everyone aged at least"),
                 _("Or living alone and aged at least (0 = not used)"),
                 _("Widowed for at least (months)"), _("Village (empty = all)")]
        for lab, text in zip(self.labels, texts, strict=True):
            lab.setText(text + ":")
        for box, text in zip(self.checks, (_("Only people living alone"),
                                           _("Only widowed people"),
                                           _("Take everyone else off the visit list")),
                             strict=True):
            box.setText(text)
        self.update_count()

    def rule(self) -> people.Rule:
        d = self.ref_date.date()
        return people.Rule(reference_date=date(d.year(), d.month(), d.day()),
                           min_age=self.min_age.value(),
                           alone_min_age=self.alone_age.value() or None,
                           living_alone=self.only_alone.isChecked() or None,
                           require_widowed=self.widowed.isChecked(),
                           widowed_months=self.widowed_months.value(),
                           village=self.village.currentData() or "")

    def update_count(self, *_args) -> None:
        with self.ctx.session() as s:
            n, _c = people.select_by_rule(s, self.campaign_id, self.rule(), dry_run=True)
        self.count.setText(ngettext("{n} person on the target list matches this rule.",
                                    "{n} people on the target list match this rule.",
                                    n).format(n=n))
