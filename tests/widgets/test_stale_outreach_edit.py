"""The outreach lists that edit only some fields (a consent's withdrawal and notes, a
referral's status) refuse a save based on an old revision too (issue 21), like every list."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.outreach import OutreachConsent


@pytest.fixture
def consents(qtbot, ctx, db, trajectory):
    """A consents list showing one recorded consent, selected; (panel, its id)."""
    from app.services.outreach import people, visits
    from app.services.outreach.campaigns import create_campaign
    from app.views.outreach import lists

    with db.transaction() as s:
        camp, _c = create_campaign(s, trajectory.id, "Weduwen 70+", "kgw")
        person, _c = people.add_person(s, camp.id, first_name="Maria", last_name="Peeters")
        consent, _c = visits.record_consent(s, person.id, given_on=date(2026, 11, 2))
        cid, consent_id = camp.id, consent.id
    panel = lists.CampaignListPanel(ctx, lists.consents_spec(lambda: cid), lambda: cid)
    qtbot.addWidget(panel)
    panel.show()
    panel.reload()
    panel.select_id(consent_id)
    return panel, consent_id


def test_a_consent_edited_meanwhile_elsewhere_is_not_overwritten(consents, ctx, db, monkeypatch):
    from app.services.i18n import set_language
    from app.services.outreach import visits
    from app.views.widgets.form import RecordDialog

    panel, consent_id = consents
    set_language("nl")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text: told.append(text)))

    def someone_else_saves_then_ok(dialog):
        with db.transaction() as s:  # a colleague's window, while this form is open
            visits.update_consent(s, consent_id, notes="Belt liever 's middags")
        dialog.values = lambda: {"withdrawn_on": date(2026, 11, 30), "notes": "Wil stoppen"}
        return RecordDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", someone_else_saves_then_ok)
    panel.edit_current()
    assert len(told) == 1 and "intussen gewijzigd" in told[0]
    with db.session() as s:
        stored = s.get(OutreachConsent, consent_id)
        assert (stored.notes, stored.withdrawn_on) == ("Belt liever 's middags", None)
    assert not ctx.undo_stack.canUndo()


def test_a_consent_edit_without_a_rival_is_saved(consents, db, monkeypatch):
    from app.views.widgets.form import RecordDialog

    panel, consent_id = consents

    def ok(dialog):
        dialog.values = lambda: {"withdrawn_on": date(2026, 11, 30), "notes": "Wil stoppen"}
        return RecordDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", ok)
    panel.edit_current()
    with db.session() as s:
        stored = s.get(OutreachConsent, consent_id)
        assert (stored.notes, stored.withdrawn_on) == ("Wil stoppen", date(2026, 11, 30))
