"""The models' portable types behave the same on SQLite and on a real PostgreSQL."""
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.models.base import ci_like
from app.models.core import Trajectory

BOTH_ENGINES = True


def test_uuids_and_utc_datetimes_come_back_as_they_went_in(db):
    brussels = timezone(timedelta(hours=2))
    when = datetime(2026, 6, 1, 14, 30, 5, 123456, tzinfo=brussels)
    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem", created_at=when)
        s.add(traj)
    with db.session() as s:
        back = s.get(Trajectory, traj.id.upper())  # a UUID typed in capitals finds it too
        assert back is not None and back.id == traj.id.lower()
        assert back.created_at == when and back.created_at.tzinfo == UTC
        assert back.updated_at.tzinfo == UTC


def test_a_naive_datetime_is_refused_on_both(db):
    with pytest.raises(Exception, match="naive datetime"), db.transaction() as s:
        s.add(Trajectory(name="X", municipality="Y", created_at=datetime(2026, 1, 1)))
        s.flush()


@pytest.mark.parametrize(("pattern", "expected"), [
    ("%testDORP%", ["Testdorp", "testdorp-Oost"]),
    ("%50%%", ["50% korting"]),          # % is a wildcard: same on both
    ("%a\\b%", ["map a\\b"]),           # a backslash is a plain character on both
    ("%a_b%", ["map a\\b", "aXb"]),     # _ is one character
])
def test_ci_like_reads_a_pattern_the_same_on_both_engines(db, pattern, expected):
    with db.transaction() as s:
        for name in ("Testdorp", "testdorp-Oost", "50% korting", "map a\\b", "aXb"):
            s.add(Trajectory(name=name, municipality="Gem"))
    with db.session() as s:
        found = s.scalars(select(Trajectory.name).where(ci_like(Trajectory.name, pattern))
                          .order_by(Trajectory.name)).all()
    assert sorted(found) == sorted(expected)
