"""The window's "Erase personal data…" reaches the exchange state, its older versions and the
raw bytes of the file, its write-ahead log and the backup copies, with the page still open."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.outreach.test_page import _choose_campaign, page  # noqa: F401  (fixture)


def test_window_erasure_leaves_no_name_in_any_file(qtbot, page, monkeypatch, tmp_path):  # noqa: F811
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.models.exchange import ExchangeRecordState
    from app.models.outreach import OutreachPerson
    from app.services import backup
    from app.services.exchange import exporter, keys
    from app.services.outreach import campaigns

    cid = _choose_campaign(page, "kgw")
    db = page.ctx.db
    with db.transaction() as s:
        keys.create_identity(s, "laptop", "OCMW")
        people = s.scalars(select(OutreachPerson).where(OutreachPerson.campaign_id == cid)).all()
        values = {v for p in people for v in (p.last_name, p.street, p.phone) if len(v) >= 5}
        first = people[0]
        # a value also held by another record (a visitor called Peeters) is not erased
        others = " ".join(str(v) for p in s.scalars(select(OutreachPerson).where(
            OutreachPerson.campaign_id != cid)) for v in vars(p).values())
        others += " ".join(_texts(s, skip=OutreachPerson))
        values = {v for v in values if v not in others}
    exporter.export_package(db, tmp_path / "a.bvx", "full", passphrase="lange zin 1234")
    with db.transaction() as s:  # an older version of the street goes into the ancestors
        s.get(OutreachPerson, first.id).street = "Zevenbunderslaan"
    values.add("Zevenbunderslaan")
    exporter.export_package(db, tmp_path / "b.bvx", "full", passphrase="lange zin 1234")
    copy = backup.make_backup(db.path, "manual")
    page.ctx.run(campaigns.update_campaign, cid, start_date=None, end_date=date(2024, 1, 31),
                 retention_months=6)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "verslag.pdf"), ""))

    page.erase_button.click()

    files = [db.path, copy, *db.path.parent.glob(db.path.name + "-*")]
    data = b"".join(f.read_bytes() for f in files if f.exists())
    left = {v for v in values for enc in ("utf-8", "utf-16-le") if v.encode(enc) in data}
    assert values and left == set()
    with db.session() as s:
        ids = {p.id for p in people}
        states = [st for st in s.scalars(select(ExchangeRecordState)) if st.record_id in ids]
        assert len(states) == len(ids)  # the rows stay (version vectors), only content went
        assert not any(v in st.content + st.ancestors for st in states for v in values)


def _texts(session, skip):
    from app.models.base import sync_models

    for model in sync_models():
        if model is skip:
            continue
        for row in session.scalars(select(model).execution_options(include_deleted=True)):
            yield " ".join(str(v) for v in vars(row).values())
