"""Record forms as a careless user meets them: empty dates stay empty, required lists start
at "— choose —", new records start from harmless defaults, OK says what is missing."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services import datetext
from app.services.i18n import set_language
from app.views.widgets.form import DateField, RecordDialog
from app.views.widgets.specs import Field
from tests.groundwork.ui import rows
from tests.helpers import with_dialog

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")


# --- typing dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1/12", date(2026, 12, 1)),           # the year is completed
    ("1/12/2027", date(2027, 12, 1)),
    ("01-12-26", date(2026, 12, 1)),
    ("1.12.1937", date(1937, 12, 1)),
    ("3 4 95", date(1995, 4, 3)),          # a two-digit year in the past century
    ("29/2/2028", date(2028, 2, 29)),
    ("2026-12-01", date(2026, 12, 1)),     # pasted as a machine writes it
    ("  ", None), ("", None),
])
def test_dates_are_read_day_first(text, expected):
    assert datetext.parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["31/2", "13/13/2026", "1/12/202", "1/1/0226", "abc",
                                  "1/12/2026/4", "12", "1//12", "2026-12-01x"])
def test_what_is_no_date_is_refused(text):
    with pytest.raises(ValueError):
        datetext.parse_date(text, today=TODAY)


@pytest.mark.parametrize("text, expected", [
    ("3/4/1925", date(1925, 4, 3)), ("30/11/2026", TODAY)])
def test_a_birth_date_is_in_the_past_with_its_year_in_full(text, expected):
    assert datetext.parse_date(text, today=TODAY, past=True) == expected


@pytest.mark.parametrize("text", ["3/4/25", "1/12/2026", "1/12", "3/4/2030"])
def test_a_birth_date_never_lies_ahead_or_guesses_the_century(text):
    """Excel's two-digit guess put the 1925 births of a population extract in 2025."""
    with pytest.raises(ValueError):
        datetext.parse_date(text, today=TODAY, past=True)


def test_a_short_date_takes_the_forms_year():
    assert datetext.parse_date("5/3", today=TODAY, year=2025) == date(2025, 3, 5)
    assert datetext.format_date(date(2026, 3, 5)) == "5/3/2026"


# --- the date field ------------------------------------------------------------------------------

def _dialog(qtbot, fields, values=None, anchor=None):
    dialog = RecordDialog("Test", fields, values, anchor=anchor)
    qtbot.addWidget(dialog)
    return dialog


def test_an_empty_date_is_empty_and_never_1900(qtbot):
    dialog = _dialog(qtbot, [Field("name", "Name"), Field("on", "Date", "date")])
    field = dialog.form.editors["on"]
    assert isinstance(field, DateField)
    assert field.edit.text() == "" and field.edit.placeholderText() == "d/m/yyyy"
    assert dialog.values()["on"] is None
    dialog.show()
    # ↑ in an empty date does not invent one
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert dialog.values()["on"] is None and "1900" not in field.edit.text()


def test_typing_a_short_date_completes_the_year_and_tab_leaves(qtbot):
    dialog = _dialog(qtbot, [Field("on", "Date", "date"), Field("name", "Name")])
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    field = dialog.form.editors["on"]
    assert QApplication.focusWidget() is field.edit  # first focus in the first field
    qtbot.keyClicks(field.edit, "1/12")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    year = date.today().year
    assert field.edit.text() == f"1/12/{year}"
    assert QApplication.focusWidget() is dialog.form.editors["name"]
    assert dialog.values()["on"] == date(year, 12, 1)


def test_a_cleared_date_is_saved_as_no_date(qtbot):
    dialog = _dialog(qtbot, [Field("on", "Date", "date")], {"on": date(2026, 3, 1)})
    field = dialog.form.editors["on"]
    assert field.edit.text() == "1/3/2026"
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    assert dialog.values()["on"] is None


def test_a_wrong_date_is_refused_with_its_field_named(qtbot):
    dialog = _dialog(qtbot, [Field("on", "Visit date", "date", required=True)])
    dialog.show()
    field = dialog.form.editors["on"]
    qtbot.keyClicks(field.edit, "31/2")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "Visit date" in dialog.problems.text() and "31/2" in dialog.problems.text()
    field.edit.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "Please fill in: Visit date" in dialog.problems.text()


def _calendar_page_on_open(qtbot, field):
    """Open the calendar with Alt+Down as a user would; return the month it shows."""
    seen = {}

    def look():
        menu = field.menu
        if not menu.isVisible():
            QTimer.singleShot(10, look)
            return
        seen["page"] = (field.calendar.yearShown(), field.calendar.monthShown())
        menu.close()

    QTimer.singleShot(0, look)
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "page" in seen)
    return seen["page"]


# the offscreen platform cannot raise a popup or grab the keyboard for it; a real one can
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_calendar_opens_on_today_or_the_forms_month(qtbot):
    dialog = _dialog(qtbot, [Field("on", "Date", "date")])
    dialog.show()
    today = date.today()
    assert _calendar_page_on_open(qtbot, dialog.form.editors["on"]) == (today.year, today.month)
    other = _dialog(qtbot, [Field("on", "Date", "date")], anchor=date(2025, 6, 15))
    other.show()
    assert _calendar_page_on_open(qtbot, other.form.editors["on"]) == (2025, 6)


def test_picking_in_the_calendar_fills_the_date(qtbot):
    dialog = _dialog(qtbot, [Field("on", "Date", "date")])
    field = dialog.form.editors["on"]
    from PySide6.QtCore import QDate

    field.calendar.clicked.emit(QDate(2026, 12, 24))
    assert dialog.values()["on"] == date(2026, 12, 24)


# --- choices and defaults, through the real lists -------------------------------------------

def test_a_new_partner_starts_kept_informed_and_must_get_a_type(qtbot, ctx, db):
    from app.models.core import Partner
    from app.views.groundwork.step1_page import Step1Page

    page = Step1Page(ctx)
    qtbot.addWidget(page)
    page.show()
    seen = {}

    def fill(dialog):
        form = dialog.form
        seen["type"] = form.editors["partner_type"].currentText()
        seen["involvement"] = form.editors["involvement"].currentData()
        assert QApplication.focusWidget() is form.editors["name"]
        qtbot.keyClicks(form.editors["name"], "CAW De Kempen")
        qtbot.keyClick(form.editors["name"], Qt.Key.Key_Return)
        seen["refused"] = dialog.isVisible()
        seen["problem"] = dialog.problems.text()
        kind = form.editors["partner_type"]
        kind.setCurrentIndex(kind.findData("caw"))
        qtbot.keyClick(form.editors["name"], Qt.Key.Key_Return)

    for _i in range(2):  # two partners, as in the issue: still no lead organisation
        with_dialog(page.partners.add_record, fill)
        assert seen["type"] == "— choose —" and seen["involvement"] == "informed"
        assert seen["refused"] and seen["problem"] == "Please fill in: Type"
    partners = rows(db, Partner)
    assert len(partners) == 2
    assert {p.involvement for p in partners} == {"informed"}
    assert {p.partner_type for p in partners} == {"caw"}


def test_the_placeholder_speaks_the_users_language(qtbot):
    set_language("nl")
    dialog = _dialog(qtbot, [Field("k", "Kind", "choice", ref_kind="partner_type",
                                   required=True)])
    assert dialog.form.editors["k"].itemText(0) == "— kies —"
    set_language("fr")
    dialog.form.retranslate_ui()
    assert dialog.form.editors["k"].itemText(0) == "— choisir —"


def test_a_new_visitor_is_active_as_the_model_says(qtbot, ctx, db):
    from app.models.outreach import OutreachVisitor
    from app.views.outreach import lists
    from app.views.widgets.record_list import RecordListPanel

    panel = RecordListPanel(ctx, lists.visitors_spec())
    qtbot.addWidget(panel)
    panel.show()
    seen = {}

    def fill(dialog):
        seen["active"] = dialog.form.editors["active"].isChecked()
        qtbot.keyClicks(dialog.form.editors["name"], "Jef")
        role = dialog.form.editors["role"]
        seen["role"] = role.currentData()
        role.setCurrentIndex(1)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    with_dialog(panel.add_record, fill)
    assert seen == {"active": True, "role": None}
    [visitor] = rows(db, OutreachVisitor)
    assert visitor.active is True


def test_a_visit_from_the_log_names_nobody_until_the_user_does(qtbot, demo_ctx):
    set_language("nl")
    from app.models.outreach import OutreachCampaign
    from app.views.outreach.outreach_panel import OutreachPage

    page = OutreachPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    with demo_ctx.session() as s:
        cid = s.query(OutreachCampaign).filter_by(kind="christmas").one().id
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    seen = {}

    def look(dialog):
        form = dialog.form
        seen["person"] = form.editors["person_id"].currentData()
        seen["outcome"] = form.editors["outcome"].currentData()
        seen["date"] = form.values()["visited_on"]
        seen["focus"] = QApplication.focusWidget()
        seen["person_editor"] = form.editors["person_id"]
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        seen["problems"] = dialog.problems.text()

    before = page.visits.model.rowCount()
    with_dialog(page.visits.add_record, look)
    assert seen["person"] is None and seen["outcome"] is None
    assert seen["date"] == date.today()
    assert seen["focus"] is seen["person_editor"]  # the first field still to fill
    assert "Persoon" in seen["problems"] and "Uitkomst" in seen["problems"]
    assert page.visits.model.rowCount() == before


def test_short_labels_stay_on_one_line(qtbot):
    set_language("nl")
    dialog = _dialog(qtbot, [Field("card", "Card left behind", "bool"),
                             Field("what", "What came up", "multiline"),
                             Field("long", "Roles and responsibilities agreed with every "
                                           "partner of the network", "bool")])
    labels = dialog.form.labels
    assert not labels["card"].wordWrap() and not labels["what"].wordWrap()
    assert labels["long"].wordWrap()  # only a really long label may wrap


def test_the_persona_editor_speaks_the_users_language(qtbot):
    """Its placeholders were English in Dutch and French (issue 14)."""
    from app.views.participation.persona_dialog import TEXT_HELP, PersonaDialog

    for lang in ("nl", "fr"):
        set_language(lang)
        dialog = PersonaDialog()
        qtbot.addWidget(dialog)
        for key, msgid in TEXT_HELP.items():
            shown = dialog.texts[key].placeholderText()
            assert shown and shown != msgid, (lang, key, shown)


def test_a_campaigns_dates_open_on_its_month(qtbot, ctx, db, trajectory):
    from app.services.outreach.campaigns import create_campaign
    from app.views.outreach import lists

    with db.transaction() as s:
        camp, _c = create_campaign(s, trajectory.id, "Kerst 2030", "christmas",
                                   start_date=date(2030, 12, 1), end_date=date(2031, 1, 15))
        cid = camp.id
    panel = lists.CampaignListPanel(ctx, lists.consents_spec(lambda: cid), lambda: cid)
    qtbot.addWidget(panel)
    dialog = panel._dialog("Test", None)
    qtbot.addWidget(dialog)
    field = dialog.form.editors["withdrawn_on"]  # empty (a new consent is given today)
    assert field.anchor == date(2030, 12, 1) and field.value() is None
    qtbot.keyClicks(field.edit, "3/12")
    assert field.value() == date(2030, 12, 3)  # the year of the campaign


def test_a_visit_for_a_chosen_person_names_that_person_only(qtbot, demo_ctx):
    from app.models.outreach import OutreachCampaign, OutreachPerson
    from app.views.outreach.outreach_panel import OutreachPage

    set_language("nl")
    page = OutreachPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    with demo_ctx.session() as s:
        cid = s.query(OutreachCampaign).filter_by(kind="christmas").one().id
        pid = s.query(OutreachPerson).filter_by(campaign_id=cid).order_by(
            OutreachPerson.name_key.desc()).first().id
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    seen = {}

    def look(dialog):
        seen["person"] = dialog.form.editors["person_id"].currentData()
        seen["outcome"] = dialog.form.editors["outcome"].currentData()
        seen["focus"] = QApplication.focusWidget() is dialog.form.editors["outcome"]

    with_dialog(lambda: page.log_visit_for(pid), look)
    assert seen == {"person": pid, "outcome": None, "focus": True}


def test_a_birth_date_with_a_short_year_is_refused_with_a_way_out(qtbot):
    dialog = _dialog(qtbot, [Field("born", "Birth date", "date", past=True)])
    dialog.show()
    field = dialog.form.editors["born"]
    qtbot.keyClicks(field.edit, "3/4/25")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "3/4/1925" in dialog.problems.text()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "3/4/1925")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible() and dialog.values()["born"] == date(1925, 4, 3)
