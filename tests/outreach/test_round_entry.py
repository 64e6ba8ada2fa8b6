"""Round entry (issue 17), driven by keyboard as a user types in a printed walking list of the
demo's Christmas-card campaign: every visit checked in the database, the key presses counted
(typed note text not counted), the whole round undone in one step."""
from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisit, OutreachVisitor
from app.services.outreach import people, printing

VISITOR = "Frans Mertens"
TALKS = {3: "1", 7: "2", 11: "1", 15: "2", 19: "1", 22: "1", 25: "2"}  # row → key
CARDS = {2, 6, 10, 14, 18, 24}  # "5 card left"; the other rows "3 not home"


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
    w.resize(1000, 700)
    w.show()
    with demo_db.session() as s:
        cid = s.query(OutreachCampaign).filter_by(kind="christmas").one().id
    w.campaign_box.setCurrentIndex(w.campaign_box.findData(cid))
    return w


def _grow_round(db, campaign_id):
    """The demo round of Frans Mertens, grown to 25 addresses in two streets."""
    with db.session() as s:
        vid = s.query(OutreachVisitor).filter_by(name=VISITOR).one().id
    with db.transaction() as s:
        for i in range(23):
            people.add_person(s, campaign_id, first_name=f"Bewoner{i}", last_name="Testpersoon",
                              street="Sprookjesdreef" if i < 15 else "Droomstraat",
                              house_number=str(20 + i), birth_year=1940 + i,
                              on_visit_list=True, visitor_id=vid)
    return vid


def _printed_round(db, campaign_id, tmp_path):
    """The code and the (number, name) rows of Frans Mertens's pages of the printed list (the
    running header names the visitor and the code on each page)."""
    out = tmp_path / "walk.pdf"
    with db.session() as s:
        printing.walking_list(s, campaign_id, out)
    codes, rows = set(), []
    for page in PdfReader(out).pages:
        text = page.extract_text()
        header = re.search(rf"^{VISITOR} · ([0-9A-Z]{{4}}-\d{{4}})$", text, re.M)
        if header:
            codes.add(header[1])
            # number, address, name, age, visit
            rows += re.findall(r"^(\d+)\n[^\n]*\d[^\n]*\n([^\n]+)\n\d+\n\d+$", text, re.M)
    (code,) = codes
    return code, [(int(n), name) for n, name in rows]


class Keyboard:
    """Key presses sent where the focus is, and counted; typed text is not counted."""

    def __init__(self, qtbot):
        self.qtbot, self.presses = qtbot, 0

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.presses += 1
        self.qtbot.keyClick(QApplication.focusWidget(), key, modifier)

    def char(self, text: str) -> None:
        self.presses += 1
        self.qtbot.keyClicks(QApplication.focusWidget(), text)

    def type(self, text: str) -> None:  # note text: not counted
        self.qtbot.keyClicks(QApplication.focusWidget(), text)


def _status(db, ids):
    with db.session() as s:
        return {pid: s.get(OutreachPerson, pid).status for pid in ids}


def test_a_whole_round_from_the_printed_list_by_keyboard(qtbot, page, tmp_path):
    db, ctx, cid = page.ctx.db, page.ctx, page.current_campaign()
    vid = _grow_round(db, cid)
    code, paper = _printed_round(db, cid, tmp_path)
    assert len(paper) == 25
    keys, seen = Keyboard(qtbot), {}

    def work():
        dialog = QApplication.activeModalWidget()
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
            for ch in code:  # typed as printed: every character is a key press
                keys.char(ch)
            keys.press(Qt.Key.Key_Return)
            seen["rows"] = [(r.row.number, r.row.name) for r in dialog.rows.rows]
            seen["visitor"] = dialog.header.visitor.currentData()
            for number in range(1, 26):
                assert QApplication.focusWidget() is dialog.rows.rows[number - 1]
                if number in TALKS:
                    keys.char(TALKS[number])
                    keys.type(f"Babbel bij adres {number}")
                    keys.press(Qt.Key.Key_Return)
                else:
                    keys.char("5" if number in CARDS else "3")
            keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        except BaseException as exc:  # noqa: BLE001 (never leave a modal dialog open)
            seen["error"] = exc
            dialog.done(0)

    undo_steps = ctx.undo_stack.count()
    QTimer.singleShot(0, work)
    keys.presses += 1  # the click on "Enter a round…"
    page.round_button.click()
    assert "error" not in seen, seen.get("error")
    assert seen["rows"] == paper  # the same addresses, the same numbers, the same order
    assert seen["visitor"] == vid
    assert keys.presses <= 60, keys.presses
    assert ctx.undo_stack.count() == undo_steps + 1

    with db.session() as s:
        ids = {}
        for number, name in paper:
            first, last = name.split(" ", 1)
            person = s.query(OutreachPerson).filter_by(campaign_id=cid, first_name=first,
                                                       last_name=last).one()
            ids[number] = person.id
            (visit,) = s.query(OutreachVisit).filter_by(person_id=person.id,
                                                        visited_on=date.today()).all()
            talk = number in TALKS
            outcome = {"1": "door", "2": "inside"}[TALKS[number]] if talk else "not_home"
            assert (visit.outcome, visit.visitor_id) == (outcome, vid)
            assert visit.card_left == (number in CARDS)
            assert visit.notes == (f"Babbel bij adres {number}" if talk else "")
            assert person.status == ("reached" if talk else "retry")
    # one undo takes the whole round back, statuses included; redo brings it again
    ctx.undo_stack.undo()
    with db.session() as s:
        assert s.query(OutreachVisit).filter(OutreachVisit.person_id.in_(ids.values()),
                                             OutreachVisit.visited_on == date.today()).count() == 0
    assert set(_status(db, [ids[n] for n in (1, 3, 25)]).values()) <= {"todo", "retry"}
    assert _status(db, [ids[3]])[ids[3]] != "reached"
    ctx.undo_stack.redo()
    assert _status(db, [ids[3], ids[1]]) == {ids[3]: "reached", ids[1]: "retry"}


def _dialog(page):
    from app.views.outreach.round_entry import RoundEntryDialog

    dialog = RoundEntryDialog(page.ctx, page.current_campaign(), page)
    dialog.show()
    return dialog


def _visits(db):
    with db.session() as s:
        return s.query(OutreachVisit).count()


def test_careless_input_is_refused_calmly_and_nothing_is_lost(qtbot, page, monkeypatch):
    db = page.ctx.db
    dialog = _dialog(page)
    before = _visits(db)
    dialog.open_code("ZZZZ-0101")
    assert dialog.message.text() and not dialog.rows.rows
    assert not dialog.save_button.isVisible()
    dialog.picker.visitor.setCurrentIndex(dialog.picker.visitor.findText(VISITOR))
    dialog.picker.visitor.activated.emit(dialog.picker.visitor.currentIndex())
    rows = dialog.rows.rows
    assert [r.row.name for r in rows] == ["Anna Cools", "Simonne Hermans"]
    dialog.save()  # nothing ticked yet
    assert _visits(db) == before and dialog.isVisible()
    qtbot.keyClick(rows[0], Qt.Key.Key_2)
    assert rows[0].details.isVisibleTo(dialog)
    qtbot.keyClicks(rows[0].details.notes, "Wil naar het LDC")
    qtbot.keyClick(rows[1], Qt.Key.Key_3)
    assert not rows[1].details.isVisibleTo(dialog)  # no details for nobody at home
    dialog.header.date.edit.setText("31/2/2026")  # not a date
    dialog.save()
    assert _visits(db) == before and dialog.isVisible()
    assert "d/m/jjjj" in dialog.message.text() or "d/m/yyyy" in dialog.message.text()
    # leaving with ticks asks first; "Cancel" keeps everything as it was
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert dialog.isVisible() and rows[0].details.notes.text() == "Wil naar het LDC"
    dialog.header.date.set_value(date.today())
    dialog.save()
    assert not dialog.isVisible() and _visits(db) == before + 2


def test_a_talk_changed_to_not_home_keeps_no_details(qtbot, page):
    db = page.ctx.db
    dialog = _dialog(page)
    dialog.picker.visitor.setCurrentIndex(dialog.picker.visitor.findText(VISITOR))
    dialog.picker.visitor.activated.emit(dialog.picker.visitor.currentIndex())
    row = dialog.rows.rows[0]
    qtbot.keyClick(row, Qt.Key.Key_1)
    qtbot.keyClicks(row.details.notes, "Zorgen over geld")
    row.details.signals.actions_by_code["money"].setChecked(True)
    row.details.wish.setText("Een uitstap")
    qtbot.keyClick(row, Qt.Key.Key_3)  # not home after all
    dialog.save()
    with db.session() as s:
        pid = s.query(OutreachPerson).filter_by(last_name="Cools").one().id
        visit = s.query(OutreachVisit).filter_by(person_id=pid,
                                                 visited_on=date.today()).one()
        assert (visit.outcome, visit.notes, visit.wish, visit.signals) == (
            "not_home", "", "", [])


def test_logged_addresses_stay_numbered_and_are_skipped(qtbot, page):
    dialog = _dialog(page)
    dialog.picker.visitor.setCurrentIndex(dialog.picker.visitor.findText(VISITOR))
    dialog.picker.visitor.activated.emit(dialog.picker.visitor.currentIndex())
    qtbot.keyClick(dialog.rows.rows[0], Qt.Key.Key_4)
    dialog.save()
    again = _dialog(page)
    again.open_code(dialog.grid.code)
    first, second = again.rows.rows
    assert (first.row.number, first.row.logged, first.isEnabled()) == (1, "declined", False)
    assert second.isEnabled()
    assert "Geweigerd" in first.head.text() or "Declined" in first.head.text()
