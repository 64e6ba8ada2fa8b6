"""Importing a package into a shared database from the window (issue 21): no file backup
(a server is backed up with pg_dump), the import itself as on a laptop."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models.core import Action, Trajectory
from app.services.settings import Settings
from tests.exchange.conftest import laptops  # noqa: F401  (the fixture)


@pytest.mark.parametrize("db_engine", ["postgresql"])
def test_the_window_imports_into_a_shared_database_without_a_file_backup(laptops, qtbot):  # noqa: F811
    from app.views.context import AppContext
    from app.views.exchange.import_dialog import ImportDialog, open_package

    anna, lead = laptops("anna"), laptops("lead")
    with anna.db.transaction() as s:
        traj = Trajectory(name="Dorp", municipality="Gemeente")
        s.add(traj)
        s.flush()
        s.add(Action(trajectory_id=traj.id, name="Soepbabbel", element_codes=["meeting"]))
    ctx = AppContext(lead.db, Settings())
    assert ctx.db_is_shared
    dialog = ImportDialog(ctx, open_package(None, ctx, anna.export("full", to=lead)))
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.import_result is not None and dialog.import_result.backup is None
    with lead.db.session() as s:
        assert s.scalars(select(Action.name)).all() == ["Soepbabbel"]
    assert not list(Path.cwd().glob("postgresql*"))  # no folder named after the address
