"""Sessions, tables, participants from step 2, the stored plan, ideas, sign-ups and
"make it an action"."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models.core import Action
from app.models.groundwork import InterestedPerson
from app.models.participation import Idea, SessionSeat, SessionTable
from app.services import method
from app.services.participation import ideas, planner, sessions
from app.services.participation.codes import MAX_PER_TABLE


def seats(db, session_id, **where):
    with db.session() as s:
        stmt = select(SessionSeat).where(SessionSeat.session_id == session_id)
        for k, v in where.items():
            stmt = stmt.where(getattr(SessionSeat, k) == v)
        return s.scalars(stmt).all()


def test_plan_is_stored_per_round(db, filled):
    sid = filled["session"]
    assert len(seats(db, sid, round=1)) == 30 and len(seats(db, sid, round=2)) == 30
    with db.session() as s:
        seating = sessions.seating(s, sid)
        table_persona = {t.id: t.persona_id for t in sessions.tables(s, sid)}
        assert sessions.session_warnings(s, sid) == [
            "Elke tafel heeft een gespreksleider nodig, bij voorkeur een professional."]
    for round_ in (1, 2):
        assert all(len(p) <= MAX_PER_TABLE for p in seating[round_].values())
    where = {r: {p.id: t for t, ps in seating[r].items() for p in ps} for r in (1, 2)}
    for pid in where[1]:
        assert table_persona[where[1][pid]] != table_persona[where[2][pid]]


def test_replanning_replaces_the_old_plan(db, filled):
    sid = filled["session"]
    with db.transaction() as s:
        sessions.plan_session(s, sid)
    assert len(seats(db, sid)) == 60
    with db.session() as s:
        dead = s.scalars(select(SessionSeat).where(SessionSeat.session_id == sid)
                         .execution_options(include_deleted=True)).all()
    assert len(dead) == 120  # the old seats are tombstones, not deleted rows


def test_plan_adds_tables_when_needed(db, tid):
    with db.transaction() as s:
        obj, _c = sessions.create_session(s, tid, title="Groot", tables=1)
        for i in range(17):
            sessions.add_participant(s, obj.id, name=f"P{i}")
        result, changes = sessions.plan_session(s, obj.id)
        assert len(sessions.tables(s, obj.id)) == 3
    assert changes.touches("session_table", "session_seat")
    assert {w.kind for w in result.warnings} == {"no_persona"}


def test_crowded_table_after_a_manual_move_is_warned(db, filled):
    sid = filled["session"]
    with db.transaction() as s:
        first, second = sessions.tables(s, sid)[:2]
        for person in sessions.seating(s, sid)[1][second.id]:
            sessions.move_participant(s, sid, person.id, 1, first.id)
        problems = sessions.session_warnings(s, sid)
    assert any("Tafel 1, ronde 1" in p and "16 deelnemers" in p for p in problems)


def test_table_count_removes_tables_and_their_seats(db, filled):
    sid = filled["session"]
    with db.transaction() as s:
        sessions.set_table_count(s, sid, 2)
        assert [t.number for t in sessions.tables(s, sid)] == [1, 2]
    assert len(seats(db, sid)) < 60
    with pytest.raises(sessions.TableCountInvalidError), db.transaction() as s:
        sessions.set_table_count(s, sid, 0)


def test_session_input_is_checked(db, tid):
    with pytest.raises(sessions.SessionTitleMissingError), db.transaction() as s:
        sessions.create_session(s, tid, title=" ")
    with pytest.raises(sessions.UnknownPhaseError), db.transaction() as s:
        sessions.create_session(s, tid, title="x", phase="party")
    with db.transaction() as s:
        obj, _c = sessions.create_session(s, tid, title="x")
        with pytest.raises(sessions.ParticipantNameMissingError):
            sessions.add_participant(s, obj.id, name="")
        with pytest.raises(planner.NoParticipantsError):
            sessions.plan_session(s, obj.id)


def test_people_from_step_2_are_copied_once(db, tid):
    with db.transaction() as s:
        a = InterestedPerson(trajectory_id=tid, name="Fatma Yılmaz", contact="fatma@x.be",
                             role="lived_experience", consent=True)
        b = InterestedPerson(trajectory_id=tid, name="Jan Peeters", role="mayor",
                             contact="jan@x.be", consent=False)
        s.add_all([a, b])
        s.flush()
        obj, _c = sessions.create_session(s, tid, title="x")
        sessions.add_from_interested(s, obj.id, tid, [a.id, b.id])
        sessions.add_from_interested(s, obj.id, tid, [a.id])
        people = sessions.participants(s, obj.id)
    assert [(p.name, p.contact, p.role, p.source_id) for p in people] == [
        ("Fatma Yılmaz", "fatma@x.be", "lived_experience", a.id),
        ("Jan Peeters", "", "resident", b.id)]


def test_removing_a_participant_frees_their_seats(db, filled):
    sid = filled["session"]
    with db.transaction() as s:
        person = sessions.participants(s, sid)[0]
        sessions.remove_participant(s, person.id)
    assert len(seats(db, sid)) == 58


def test_idea_for_a_persona_becomes_an_action(db, tid, filled):
    persona_id = filled["personas"][1]  # Zoë: young people
    with db.transaction() as s:
        idea, _c = ideas.create_idea(
            s, tid, title="Avondpendel", persona_id=persona_id, session_id=filled["session"],
            problem="Na zeven uur geen bus", challenge="Jongeren geraken veilig thuis",
            plan="Proef in de zomer")
        assert idea.risk_group_codes == ["youth"]
        action, changes = ideas.make_action(s, idea.id)
    assert changes.touches("action", "idea")
    with db.session() as s:
        stored = s.get(Action, action.id)
        assert (stored.origin, stored.status, stored.name) == ("idea", "idea", "Avondpendel")
        assert stored.risk_group_codes == ["youth"]
        assert "Jongeren geraken veilig thuis" in stored.description
        assert "Zoë" in stored.description
        linked = s.get(Idea, idea.id)
        assert linked.action_id == action.id and linked.status == "action"
    with pytest.raises(ideas.AlreadyAnActionError) as info, db.transaction() as s:
        ideas.make_action(s, idea.id)
    assert "Avondpendel" in info.value.user_message()
    with db.session() as s:
        assert len(s.scalars(select(Action)).all()) == 1


def test_signups_need_consent_for_contact_details(db, tid):
    with db.transaction() as s:
        idea, _c = ideas.create_idea(s, tid, title="Taalwandeling")
        with pytest.raises(ideas.SignupConsentMissingError):
            ideas.add_signup(s, idea.id, name="An", contact="0470 11 22 33")
        with pytest.raises(ideas.SignupNameMissingError):
            ideas.add_signup(s, idea.id, name=" ")
        ideas.add_signup(s, idea.id, name="An", contact="0470 11 22 33", consent=True)
        ideas.add_signup(s, idea.id, name="Bert", help_offer="Wandelt mee")
        assert ideas.signup_counts(s, tid) == {idea.id: 2}
        first = ideas.signups(s, idea.id)[0]
        assert first.consent_date == date.today()
    with pytest.raises(ideas.IdeaTitleMissingError), db.transaction() as s:
        ideas.create_idea(s, tid, title="")


def test_step_progress_counts_the_work(db, tid, filled):
    with db.transaction() as s:
        for title in ("A", "B", "C"):
            idea, _c = ideas.create_idea(s, tid, title=title)
        ideas.make_action(s, idea.id)
    with db.session() as s:
        status = method.step_status(s, tid)[5]
    assert status.counts["persona"] == 4 and status.counts["idea_action"] == 1
    assert status.counts["session_participant"] == 30
    assert status.progress == pytest.approx(4 / 8)
    assert status.next_item == "Personas chosen and adapted to the area"


def test_table_model_fk_stays_inside_the_feature():
    fks = {fk.column.table.name for fk in SessionTable.__table__.foreign_keys}
    assert fks == {"participatory_session", "persona"}


def test_idea_noted_at_a_table_gets_its_session_and_persona(db, tid, filled):
    with db.transaction() as s:
        table = sessions.tables(s, filled["session"])[2]  # Jozef: farmers, living alone
        idea, _c = ideas.create_idea(s, tid, title="Boerenontbijt", table_id=table.id)
        assert (idea.session_id, idea.persona_id) == (filled["session"], table.persona_id)
        assert idea.risk_group_codes == ["farmers", "living_alone"]
        assert ideas.groups(s, tid) == []
        ideas.update_idea(s, idea.id, group_label="Ontmoeting")
        assert ideas.groups(s, tid) == ["Ontmoeting"]


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
