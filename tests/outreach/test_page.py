"""The outreach page driven as a user would, keyboard first."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.models.outreach import OutreachCampaign, OutreachConsent, OutreachPerson, OutreachVisit


@pytest.fixture
def page(qtbot, demo_db):
    from app.models.core import Trajectory
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(demo_db, Settings(language="nl"))
    with demo_db.session() as s:
        ctx.set_trajectory(s.query(Trajectory).one().id)
    w = OutreachPage(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def _show(page, panel):
    """Bring the tab holding this list into view: lists are read when shown (issue 16)."""
    tab = panel
    while page.tabs.indexOf(tab) < 0:
        tab = tab.parentWidget()
    page.tabs.setCurrentWidget(tab)


def _choose_campaign(page, kind):
    with page.ctx.session() as s:
        cid = s.query(OutreachCampaign).filter_by(kind=kind).one().id
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    return cid


def test_log_a_visit_with_the_keyboard_alone(qtbot, page):
    cid = _choose_campaign(page, "christmas")
    page.tabs.setCurrentWidget(page.visits)
    page.visits.view.setFocus()
    before = page.visits.model.rowCount()
    done = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        try:
            _fill(dialog)
        except BaseException as exc:  # noqa: BLE001 (never leave a modal dialog open)
            done["error"] = exc
            dialog.reject()

    def _fill(dialog):
        assert isinstance(dialog, QDialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        person = dialog.form.editors["person_id"]
        person.setFocus()
        qtbot.keyClicks(person, "Smolders")  # type-ahead in the combo
        done["person"] = person.currentText()
        outcome = dialog.form.editors["outcome"]
        widget = dialog.focusWidget()
        # Tab through date, time and visitor to the outcome, as a user would
        for _i in range(12):
            if widget is outcome:
                break
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
            widget = dialog.focusWidget()
        done["reached_outcome"] = widget is outcome
        qtbot.keyClicks(outcome, "Niet")
        done["outcome"] = outcome.currentData()
        qtbot.keyClick(outcome, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(page.visits.view, Qt.Key.Key_Insert)
    assert "error" not in done, done.get("error")
    assert done["reached_outcome"]
    assert "Smolders" in done["person"]
    assert done["outcome"] == "not_home"
    assert page.visits.model.rowCount() == before + 1
    with page.ctx.session() as s:
        p = s.query(OutreachPerson).filter_by(campaign_id=cid, last_name="Smolders").one()
        v = s.query(OutreachVisit).filter_by(person_id=p.id).one()
        assert (v.outcome, v.visited_on, v.card_left) == ("not_home", date.today(), True)
        assert p.status in ("retry", "not_reached")


def test_dashboard_moves_after_a_visit(qtbot, page):
    _choose_campaign(page, "christmas")
    page.tabs.setCurrentWidget(page.dashboard)
    before = page.dashboard.data.visits
    assert before > 0
    with page.ctx.session() as s:
        pid = s.query(OutreachPerson).filter_by(last_name="Cools").one().id
    from app.services.outreach import visits

    cid = page.current_campaign()
    page.ctx.run(lambda s: visits.log_visit(s, cid, person_id=pid, outcome="door")[1])
    assert page.dashboard.data.visits == before + 1
    assert page.dashboard.charts["outcomes"].rows
    # the worklist is refreshed when it is shown again: Anna Cools was visited
    page.tabs.setCurrentWidget(page.worklist)
    names = [page.worklist.tree.topLevelItem(0).child(i).text(0)
             for i in range(page.worklist.tree.topLevelItem(0).childCount())]
    assert "Simonne Hermans" in names and "Anna Cools" not in names


def test_page_texts_are_translated(qtbot, page):
    from app.services import i18n

    assert page.tabs.tabText(1) == "Doellijst"
    i18n.set_language("fr")
    page.retranslate_ui()
    assert page.tabs.tabText(2) == "Journal des visites"


def test_models_pass_the_model_tester(qtmodeltester, page):
    _choose_campaign(page, "kgw")
    for panel in (page.people, page.visits, page.consents, page.referrals, page.visitors):
        _show(page, panel)
        assert panel.model.rowCount() > 0
        qtmodeltester.check(panel.model)


def test_referral_without_consent_is_refused_in_the_page(qtbot, page, monkeypatch):
    from app.services.outreach import visits
    from app.services.outreach.errors import ConsentRequiredError
    from app.views.widgets import record_list

    _choose_campaign(page, "christmas")
    shown = []
    monkeypatch.setattr(record_list, "show_error", lambda _p, exc, _t=None: shown.append(exc))
    with page.ctx.session() as s:
        from app.models.core import Partner

        pid = s.query(OutreachPerson).filter_by(last_name="Smolders").one().id
        partner = s.query(Partner).first().id

    class Dialog:
        def values(self):
            return {"person_id": pid, "partner_id": partner, "referred_on": date.today(),
                    "reason": "", "notes": "", "status": "sent"}

    monkeypatch.setattr(page.referrals, "edit_dialog", lambda *_a: Dialog())
    _show(page, page.referrals)
    before = page.referrals.model.rowCount()
    page.referrals.add_record()
    assert len(shown) == 1 and isinstance(shown[0], ConsentRequiredError)
    assert page.referrals.model.rowCount() == before
    page.ctx.run(lambda s: visits.record_consent(s, pid, given_on=date.today())[1])
    page.referrals.add_record()
    assert page.referrals.model.rowCount() == before + 1


def test_import_through_the_mapping_dialog(qtbot, page, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.views.widgets import import_dialog

    cid = _choose_campaign(page, "christmas")
    csv = tmp_path / "gemeente.csv"
    csv.write_bytes("Naam;Voornaam;Adres;Geboortedatum\r\n"
                    "Wuyts;Lotte;Nieuwstraat 3 bus 1;02/03/1944\r\n"
                    "Smolders;Jeanne;Droomstraat 11;12/12/1958\r\n"
                    "Aerts;;Nieuwstraat 9;31/02/1950\r\n".encode("cp1252"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv), ""))
    seen = {}

    def fake_exec(dialog):
        seen["summary"] = dialog.summary.text()
        seen["rows"] = dialog.model.rowCount()
        seen["two_digit"] = dialog.option_combos["two_digit"].currentData()
        return import_dialog.ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", fake_exec)
    reports = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: reports.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("a second modal"))
    _show(page, page.people)
    before = page.people.model.rowCount()
    page.import_button.click()
    assert seen["rows"] == 3 and seen["two_digit"] == "auto"
    # Aerts' impossible date keeps her (with a warning); Smolders is a likely duplicate
    assert page.people.model.rowCount() == before + 2
    [report] = reports  # one summary, not a question and a report
    assert "2 mensen toegevoegd" in report and "rij 3" in report and "Smolders" in report
    assert "rij 4" in report and "31/02/1950" in report and "Nieuwstraat 9" in report
    with page.ctx.session() as s:
        p = s.query(OutreachPerson).filter_by(campaign_id=cid, last_name="Wuyts").one()
        assert (p.street, p.house_number, p.box) == ("Nieuwstraat", "3", "1")
        aerts = s.query(OutreachPerson).filter_by(campaign_id=cid, last_name="Aerts").one()
        assert aerts.birth_date is None and aerts.birth_year == 1950 and aerts.warnings
    # the "needs checking" filter shows Aerts; "Checked" clears the warning
    col = page.people._warnings_col
    assert page.people.view.isColumnHidden(col)
    page.people.check_filter.setChecked(True)
    assert page.people.model.rowCount() == 1
    assert not page.people.view.isColumnHidden(col)
    shown = page.people.model.data(page.people.model.index(0, col))
    assert shown.startswith("⚠") and "31/02/1950" in shown
    page.people.select_id(aerts.id)
    page.people.checked_button.click()
    assert page.people.model.rowCount() == 0
    page.people.check_filter.setChecked(False)
    assert page.people.model.rowCount() == before + 2


def test_merge_a_duplicate_from_the_target_list(qtbot, page, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from tests.outreach.conftest import add

    cid = _choose_campaign(page, "christmas")
    twin = add(page.ctx.db, cid, first_name="Jeanne", last_name="Smolders",
               phone="014 99 99 99")
    page.ctx.notify(__import__("app.services.changes", fromlist=["Changes"]).Changes.of(
        "outreach_person"))
    with page.ctx.session() as s:
        original = s.query(OutreachPerson).filter(OutreachPerson.last_name == "Smolders",
                                                  OutreachPerson.id != twin.id).one().id
    _show(page, page.people)
    page.people.select_id(original)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    before = page.people.model.rowCount()
    page.merge_button.click()
    assert page.people.model.rowCount() == before - 1
    with page.ctx.session() as s:
        kept = s.get(OutreachPerson, original)
        assert kept.phone == "014 99 99 99" and s.get(OutreachPerson, twin.id) is None


def test_erase_a_campaign_after_its_retention_period(qtbot, page, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.services.outreach import campaigns

    cid = _choose_campaign(page, "kgw")
    shown = {}
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text: shown.setdefault("info", text))
    page.erase_button.click()  # the retention period is still running
    assert "bewaartermijn" in shown["info"]
    page.ctx.run(campaigns.update_campaign, cid, start_date=None, end_date=date(2024, 1, 31),
                 retention_months=6)
    assert "voorbij" in page.campaign_info.text()
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: (
        shown.setdefault("warning", text), QMessageBox.StandardButton.Yes)[1])
    report = tmp_path / "wisverslag.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    from app.services import backup

    copy = backup.make_backup(page.ctx.db.path, "manual")  # an older copy, still with names
    with page.ctx.session() as s:
        surname = s.query(OutreachPerson).filter_by(campaign_id=cid).first().last_name
    assert surname.encode() in copy.read_bytes()
    page.erase_button.click()
    assert "6 mensen" in shown["warning"]
    assert surname.encode() not in copy.read_bytes()  # erased from the backup copy too
    assert report.exists()
    _show(page, page.people)
    assert page.people.model.rowCount() == 0
    assert not page.import_button.isEnabled()
    page.tabs.setCurrentWidget(page.dashboard)
    assert page.dashboard.data.erased and page.dashboard.data.people == 6
    with page.ctx.session() as s:
        assert s.query(OutreachPerson).filter_by(campaign_id=cid).count() == 0


def test_visit_log_searches_what_came_up_only_when_asked(qtbot, page):
    cid = _choose_campaign(page, "kgw")
    with page.ctx.session() as s:
        visit = s.query(OutreachVisit).filter(OutreachVisit.campaign_id == cid,
                                              OutreachVisit.notes.like("%winkel%")).first()
        assert visit is not None  # the demo wrote this at a visit
    page.tabs.setCurrentWidget(page.visits)
    panel = page.visits
    assert panel.search_notes.text() == "Ook in wat ter sprake kwam"
    panel.search.setText("WINKEL")  # case does not matter
    qtbot.waitUntil(lambda: panel.model._filter == "WINKEL", timeout=3000)
    assert panel.model.rowCount() == 0  # names, streets and visitors only
    panel.search_notes.setChecked(True)
    ids = [panel.model.id_at(r) for r in range(panel.model.rowCount())]
    assert visit.id in ids
    with page.ctx.session() as s:
        shown = s.query(OutreachVisit).filter(OutreachVisit.id.in_(ids)).all()
    assert all("winkel" in (v.notes + v.wish).lower() for v in shown)
    panel.search_notes.setChecked(False)
    assert panel.model.rowCount() == 0


def test_deleting_several_visits_at_once_puts_their_people_back_on_the_list(qtbot, page):
    """Deleting a selection went around the visits' own delete service: the people kept the
    status of visits that were gone. Now every delete path of a list takes the spec's
    service, and undo puts the status back with the visits."""
    from PySide6.QtCore import QItemSelectionModel

    from app.services.outreach import people, visits

    cid = _choose_campaign(page, "christmas")
    with page.ctx.db.transaction() as s:
        ids = [people.add_person(s, cid, last_name=name, street="Kerkstraat")[0].id
               for name in ("Aaaverbeke", "Aaabeeckman")]
        visit_ids = [visits.log_visit(s, cid, person_id=pid, visited_on=date.today(),
                                      outcome="door")[0].id for pid in ids]
    page.ctx.notify(visits.VISIT_CHANGES)
    _show(page, page.visits)
    panel = page.visits
    qtbot.waitUntil(lambda: all(panel.model.row_of(v) >= 0 for v in visit_ids))

    def statuses():
        with page.ctx.session() as s:
            return [s.get(OutreachPerson, pid).status for pid in ids]

    assert statuses() == ["reached", "reached"]
    selection = panel.view.selectionModel()
    selection.clearSelection()
    for vid in visit_ids:
        selection.select(panel.model.index(panel.model.row_of(vid), 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    panel.delete_current()
    assert statuses() == ["todo", "todo"]
    page.ctx.undo_stack.undo()  # one step brings both visits back, and the status with them
    assert statuses() == ["reached", "reached"]


def test_a_consent_is_edited_only_where_it_may_change(qtbot, page, monkeypatch):
    """The edit form of a consent shows only what may change (withdrawn, notes): who gave it,
    for what and to whom stay as recorded; the service refuses anything else."""
    from app.services.outreach import people, visits
    from app.services.outreach.errors import RecordedFieldLockedError
    from app.views.widgets.form import RecordDialog

    cid = _choose_campaign(page, "christmas")
    with page.ctx.db.transaction() as s:
        pid = people.add_person(s, cid, last_name="Aaaverbeke")[0].id
        consent_id = visits.record_consent(s, pid, given_on=date(2026, 11, 2))[0].id
    page.ctx.notify(visits.Changes.of("outreach_consent"))
    _show(page, page.consents)
    qtbot.waitUntil(lambda: page.consents.model.row_of(consent_id) >= 0)
    page.consents.select_id(consent_id)
    shown = {}

    def look(dialog):
        shown["fields"] = sorted(dialog.form.editors)
        return RecordDialog.DialogCode.Rejected

    monkeypatch.setattr(RecordDialog, "exec", look)
    page.consents.edit_current()
    assert shown["fields"] == ["notes", "withdrawn_on"]
    with pytest.raises(RecordedFieldLockedError):
        page.ctx.edit_with(OutreachConsent, consent_id, page.consents.spec.save_edit,
                           consent_id, {"purpose": "photo", "notes": ""})


def test_a_consent_cannot_be_recorded_as_withdrawn_before_it_was_given(db, trajectory):
    from app.services.outreach import people, visits
    from app.services.outreach.campaigns import create_campaign
    from app.services.outreach.errors import WithdrawnBeforeGivenError

    with db.transaction() as s:
        camp, _c = create_campaign(s, trajectory.id, "Weduwen 70+", "kgw")
        pid = people.add_person(s, camp.id, last_name="Peeters")[0].id
        with pytest.raises(WithdrawnBeforeGivenError):
            visits.consent_from_form(s, {"person_id": pid, "given_on": date(2026, 11, 2),
                                         "withdrawn_on": date(2026, 11, 1)})
        consent, _c = visits.consent_from_form(s, {"person_id": pid, "given_on": None,
                                                   "withdrawn_on": None, "notes": " ok "})
        assert (consent.given_on, consent.purpose, consent.notes) == (date.today(), "referral",
                                                                      "ok")
