"""Step 2's "Erase for good…" reaches the exchange state, the file, its log and the backups."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.models.groundwork import InterestedPerson
from tests.groundwork.ui import show

NAME, CONTACT, NOTES = "Hildegard Vermeulenbroeck", "hilde.vmb@proximus.be", "belt op maandag"


def test_erasing_a_person_leaves_nothing_in_any_file(qtbot, ctx, db, trajectory, monkeypatch,
                                                      tmp_path):
    from app.services import backup
    from app.services.exchange import exporter, keys
    from app.views.groundwork.step2_page import Step2Page

    with db.transaction() as s:
        keys.create_identity(s, "laptop", "OCMW")
        person = InterestedPerson(trajectory_id=trajectory.id, name=NAME, contact=CONTACT,
                                  notes=NOTES)
        s.add(person)
    exporter.export_package(db, tmp_path / "a.bvx", "full", passphrase="lange zin 1234")
    copy = backup.make_backup(db.path, "manual")
    page = Step2Page(ctx)
    show(qtbot, page)
    page.people.select_id(person.id)
    monkeypatch.setattr("app.views.groundwork.step2_page.QMessageBox.question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr("app.views.erasure.QMessageBox.information",
                        lambda *a: shown.append(a[2]))

    assert page.erase_current()

    files = [db.path, copy, *db.path.parent.glob(db.path.name + "-*")]
    data = b"".join(f.read_bytes() for f in files if f.exists())
    for value in (NAME, CONTACT, NOTES):
        for enc in ("utf-8", "utf-16-le"):
            assert value.encode(enc) not in data
    assert shown and "1" in shown[0]  # told that the backup copy was cleaned too
    assert ctx.undo_stack.count() == 0  # no undo can write the details back
