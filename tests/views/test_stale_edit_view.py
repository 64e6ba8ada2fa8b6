"""Two windows on one database (issue 21): the second one's edit, based on what its form
read before the first one saved, is refused with the translated message, writes nothing, and
its list reloads to show the other person's change."""
import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.core import Partner, Trajectory
from app.services.settings import Settings

BOTH_ENGINES = True


@pytest.fixture
def two_lists(db, qtbot):
    from app.views.context import AppContext
    from app.views.groundwork.step1_page import partner_spec
    from app.views.widgets.record_list import RecordListPanel

    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem")
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="OCMW Testgem", phone="011 11 11 11"))
    panels = []
    for _ in range(2):
        ctx = AppContext(db, Settings())
        ctx.set_trajectory(traj.id)
        panel = RecordListPanel(ctx, partner_spec())
        qtbot.addWidget(panel)
        panels.append(panel)
    return panels


def edited(panel, monkeypatch, **changes):
    """Open the edit form of the first row as a user would, change fields, press OK."""
    panel.select_id(panel.model.id_at(0))

    def accept(dialog):
        values = dialog.values()
        dialog.values = lambda: {**values, **changes}
        return dialog

    monkeypatch.setattr(panel, "edit_dialog",
                        lambda title, values: accept(panel.form_dialog(title, values)))
    panel.edit_current()


def test_the_stale_edit_of_the_second_window_is_refused_and_its_list_reloads(
        two_lists, db, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text: told.append(text)))
    first, second = two_lists
    pid = first.model.id_at(0)
    forms = {}
    real = second.form_dialog

    def second_form(title, values):  # the first window saves while the second's form is open
        forms["second"] = values
        edited(first, monkeypatch, contact_person="Mieke")
        return real(title, values)

    monkeypatch.setattr(second, "form_dialog", second_form)
    edited(second, monkeypatch, contact_person="Piet", email="piet@example.be")
    assert forms["second"]["contact_person"] == ""
    assert told == ["Iemand anders heeft “OCMW Testgem” (partner) intussen gewijzigd. Laad "
                    "opnieuw en doe je wijziging opnieuw."]
    with db.session() as s:
        partner = s.get(Partner, pid)
        assert (partner.contact_person, partner.email, partner.revision) == ("Mieke", "", 2)
    row = second.model.row_of(pid)
    shown = [second.model.index(row, c).data() for c in range(second.model.columnCount())]
    assert "Mieke" in shown and "Piet" not in shown
    assert second.current_id() == pid  # the reload kept the selection
    assert not second.ctx.undo_stack.canUndo()  # nothing to undo: nothing was written


def test_the_trajectory_editor_refuses_a_stale_edit_too(app_window, db, monkeypatch):
    """Not only the lists: the trajectory's own editor (File › Edit trajectory…)."""
    from app.views.widgets.form import RecordDialog

    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text: told.append(text)))
    tid = app_window.ctx.trajectory_id

    def exec_after_someone_else(dialog):
        with db.transaction() as s:  # another coordinator saves while the form is open
            s.get(Trajectory, tid).municipality = "Andere gemeente"
        dialog.values = lambda: {**dialog.values_before, "municipality": "Mijn gemeente"}
        return RecordDialog.DialogCode.Accepted

    real_init = RecordDialog.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.values_before = RecordDialog.values(self)

    monkeypatch.setattr(RecordDialog, "__init__", init)
    monkeypatch.setattr(RecordDialog, "exec", exec_after_someone_else)
    app_window.window.edit_trajectory()
    assert told and "intussen gewijzigd" in told[0]
    with db.session() as s:
        assert s.get(Trajectory, tid).municipality == "Andere gemeente"
