"""Dialogs of the outreach page: campaign settings, selection by rule, a visitor for a
street, erasure."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import printables
from app.services.i18n import N_, _, ngettext
from app.services.outreach import choices, people
from app.views.context import AppContext
from app.views.widgets.dialog_parts import ok_cancel
from app.views.widgets.sizing import fit_to_screen
from app.views.widgets.specs import Field


def _actions(session, tid):
    return choices.action_choices(session, tid)


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
        self.buttons = ok_cancel(self)
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


class RuleEditors(QWidget):
    """The rule's fields, filled with the campaign kind's defaults."""

    changed = Signal()

    def __init__(self, rule: dict, villages: list[str], village: str, parent=None):
        super().__init__(parent)
        self.ref_date = QDateEdit(_qdate(date.today()))
        self.ref_date.setCalendarPopup(True)
        self.min_age, self.alone_age, self.widowed_months = (QSpinBox() for _i in range(3))
        for box, top, value in ((self.min_age, 120, rule.get("min_age", 0)),
                                (self.alone_age, 120, rule.get("alone_min_age") or 0),
                                (self.widowed_months, 600, 0)):
            box.setRange(0, top)
            box.setValue(value)
        self.only_alone, self.widowed, self.replace = QCheckBox(), QCheckBox(), QCheckBox()
        self.widowed.setChecked(rule.get("require_widowed", False))
        self.village = QComboBox()
        self.village.addItem("", "")
        for v in villages:
            self.village.addItem(v, v)
        self.village.setCurrentIndex(max(self.village.findData(village), 0))
        self.labels = [QLabel() for _i in range(5)]
        self.checks = [self.only_alone, self.widowed, self.replace]
        self._lay_out([self.ref_date, self.min_age, self.alone_age, self.widowed_months,
                       self.village])

    def _lay_out(self, editors: list[QWidget]) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for lab, ed in zip(self.labels, editors, strict=True):
            lab.setBuddy(ed)
            form.addRow(lab, ed)
        for box in self.checks:
            form.addRow(box)  # the text sits on the check box itself
        for ed in editors + self.checks:
            for sig in ("valueChanged", "toggled", "dateChanged", "currentIndexChanged"):
                if hasattr(ed, sig):
                    getattr(ed, sig).connect(lambda *_a: self.changed.emit())

    def retranslate_ui(self) -> None:
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

    def rule(self) -> people.Rule:
        d = self.ref_date.date()
        return people.Rule(reference_date=date(d.year(), d.month(), d.day()),
                           min_age=self.min_age.value(),
                           alone_min_age=self.alone_age.value() or None,
                           living_alone=self.only_alone.isChecked() or None,
                           require_widowed=self.widowed.isChecked(),
                           widowed_months=self.widowed_months.value(),
                           village=self.village.currentData() or "")


class RuleDialog(QDialog):
    """Build the visit list from the target list by rule, with a live count."""

    def __init__(self, ctx: AppContext, campaign_id: str, kind: str, village: str,
                 parent=None):
        super().__init__(parent)
        self.ctx, self.campaign_id = ctx, campaign_id
        from app.services.outreach.refs import KIND_DEFAULTS

        rule = KIND_DEFAULTS.get(kind, KIND_DEFAULTS["general"])["rule"]
        with ctx.session() as s:
            villages = people.villages(s, campaign_id)
        self.editors = RuleEditors(rule, villages, village)
        self.editors.changed.connect(self.update_count)
        self.replace = self.editors.replace  # the page asks whether to replace the list
        self.count = QLabel()
        self.count.setObjectName("ruleCount")
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editors)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.retranslate_ui()
        fit_to_screen(self, 640, 400)  # at most what the screen has free

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Build the visit list by rule"))
        self.editors.retranslate_ui()
        self.update_count()

    def rule(self) -> people.Rule:
        return self.editors.rule()

    def update_count(self, *_args) -> None:
        with self.ctx.session() as s:
            n, _c = people.select_by_rule(s, self.campaign_id, self.rule(), dry_run=True)
        self.count.setText(ngettext("{n} person on the target list matches this rule.",
                                    "{n} people on the target list match this rule.",
                                    n).format(n=n))


BULK_ACTIONS = ("assign", "on", "off", "cards")


class BulkWho(QWidget):
    """Who: the people selected on the target list, and whole streets added to them."""

    add_street = Signal(str)

    def __init__(self, streets: list[str], parent=None):
        super().__init__(parent)
        self.count = QLabel()
        self.count.setObjectName("bulkCount")
        self.street = QComboBox()
        self.street.setObjectName("bulkStreet")
        self.street.addItems(streets)
        self.street_label = QLabel()
        self.street_label.setBuddy(self.street)
        self.add_button = QPushButton()
        self.add_button.setObjectName("bulkAddStreet")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_street.emit(self.street.currentText()))
        line = QHBoxLayout()
        line.addWidget(self.street_label)
        line.addWidget(self.street, 1)
        line.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count)
        layout.addLayout(line)

    def retranslate_ui(self, n: int) -> None:
        self.count.setText(ngettext("{n} person chosen.", "{n} people chosen.", n).format(n=n))
        self.street_label.setText(_("Add everyone in s&treet:"))
        self.add_button.setText(_("A&dd"))


class BulkWhat(QWidget):
    """What to do for them: one choice, with its visitor or its kind of card."""

    def __init__(self, visitors: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons = {key: QRadioButton() for key in BULK_ACTIONS}
        self.visitor, self.cards = QComboBox(), QComboBox()
        self.visitor.setObjectName("bulkVisitor")
        self.cards.setObjectName("bulkCards")
        self.visitor.addItem("—", None)  # no visitor: take the assignment away
        for vid, name in visitors:
            self.visitor.addItem(name, vid)
        self.visitor.setCurrentIndex(min(1, self.visitor.count() - 1))  # never "—" by chance
        for kind in printables.of_feature("outreach", for_chosen=True):
            self.cards.addItem("", kind)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        extra = {"assign": self.visitor, "cards": self.cards}
        for key, button in self.buttons.items():
            button.setObjectName(f"bulk_{key}")
            self.group.addButton(button)
            form.addRow(button, extra.get(key))
        self.buttons["assign"].setChecked(True)

    def retranslate_ui(self) -> None:
        texts = {"assign": _("Assign the &visitor"), "on": _("&Put on the visit list"),
                 "off": _("Ta&ke off the visit list"), "cards": _("Print &cards")}
        for key, button in self.buttons.items():
            button.setText(texts[key])
        for i in range(self.cards.count()):  # as in the Print menu, without its "…"
            self.cards.setItemText(i, printables.menu_text(self.cards.itemData(i))
                                   .removesuffix("…"))

    def choice(self) -> tuple[str, object]:
        action = next(k for k, b in self.buttons.items() if b.isChecked())
        value = {"assign": self.visitor.currentData(), "cards": self.cards.currentData()}
        return action, value.get(action)


class BulkDialog(QDialog):
    """One dialog for many people (issue 17): those selected on the target list (Shift/Ctrl),
    plus whole streets; assign a visitor, put on or take off the visit list, or print cards
    for them. The page makes it one undo step."""

    def __init__(self, ctx: AppContext, campaign_id: str, selected: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("bulkDialog")
        self.ctx, self.campaign_id, self.ids = ctx, campaign_id, list(selected)
        with ctx.session() as s:
            visitors = choices.visitor_choices(s, ctx.trajectory_id)
            streets = people.streets(s, campaign_id)
        self.who, self.what = BulkWho(streets), BulkWhat(visitors)
        self.who.add_street.connect(self.add_street)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.what)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        fit_to_screen(self, 560, 360)
        self.what.buttons["assign"].setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("For the chosen people"))
        self.who.retranslate_ui(len(self.ids))
        self.what.retranslate_ui()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.ids))

    def add_street(self, street: str) -> None:
        with self.ctx.session() as s:
            found = people.ids_in_street(s, self.campaign_id, street)
        self.ids += [pid for pid in found if pid not in self.ids]
        self.retranslate_ui()

    def choice(self) -> tuple[str, object]:
        return self.what.choice()
