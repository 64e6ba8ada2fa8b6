"""pytest-qt tests of the import preview, the conflict inbox, keys and the overview."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models.core import Action, Trajectory
from app.models.exchange import ExchangeConflict
from app.services.settings import Settings


@pytest.fixture
def pair(laptops):
    anna, bert = laptops("anna"), laptops("bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="Dorp", municipality="Gemeente")
        s.add(traj)
        s.flush()
        s.add(Action(trajectory_id=traj.id, name="Soepbabbel", element_codes=["meeting"]))
    bert.import_(anna.export("full", to=bert))
    return anna, bert


def _ctx(lt, qtbot):
    from app.views.context import AppContext

    return AppContext(lt.db, Settings())


def _conflict(anna, bert):
    with anna.db.transaction() as s:
        s.scalars(select(Action)).one().name = "Soep op dinsdag"
    with bert.db.transaction() as s:
        s.scalars(select(Action)).one().name = "Soep & babbel"
    return anna.export("full", to=bert)


def test_preview_shows_what_would_change_without_changing(pair, qtbot):
    from app.views.exchange.import_dialog import ImportDialog, open_package

    anna, bert = pair
    path = _conflict(anna, bert)
    ctx = _ctx(bert, qtbot)
    pkg = open_package(None, ctx, path)
    dialog = ImportDialog(ctx, pkg)
    qtbot.addWidget(dialog)
    model = dialog.model
    rows = {model.item(r, 0).text(): [model.item(r, c).text() for c in range(1, 5)]
            for r in range(model.rowCount())}
    assert rows["Acties"] == ["0", "0", "0", "1"]  # one conflict, in Dutch
    assert "conflict" in dialog.summary.text().lower()
    assert "anna" in dialog.sender_label.text()
    with bert.db.session() as s:
        assert s.scalars(select(Action)).one().name == "Soep & babbel"  # nothing changed yet
    changes = []
    ctx.changed.connect(changes.append)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.import_result is not None and changes
    with bert.db.session() as s:
        assert s.scalar(select(ExchangeConflict).where(
            ExchangeConflict.resolved_at.is_(None))).field == "name"


def test_preview_of_a_package_already_imported(pair, qtbot):
    from app.views.exchange.import_dialog import ImportDialog, open_package

    anna, bert = pair
    path = anna.export("full", to=bert)
    bert.import_(path)
    ctx = _ctx(bert, qtbot)
    dialog = ImportDialog(ctx, open_package(None, ctx, path))
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "al geïmporteerd" in dialog.summary.text()


def test_resolving_a_conflict_in_the_inbox(pair, qtbot):
    from app.views.exchange.conflicts_dialog import ConflictsDialog

    anna, bert = pair
    bert.import_(_conflict(anna, bert))
    ctx = _ctx(bert, qtbot)
    dialog = ConflictsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.records_model.rowCount() == 1
    values = {dialog.fields_model.item(0, 1).text(), dialog.fields_model.item(0, 2).text()}
    assert values == {"Soep & babbel", "Soep op dinsdag"}
    theirs = dialog.fields_model.item(0, 2).text()
    with qtbot.waitSignal(ctx.changed):
        dialog.take_button.click()
    assert dialog.records_model.rowCount() == 0
    assert not dialog.take_button.isEnabled()
    with bert.db.session() as s:
        assert s.scalars(select(Action)).one().name == theirs
    # the choice travels: anna takes it over without a new conflict
    result = anna.import_(bert.export("full", to=anna))
    assert result.preview.total("conflict") == 0
    with anna.db.session() as s:
        assert s.scalars(select(Action)).one().name == theirs


def test_menu_keys_and_overview(pair, qtbot, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from app.services import i18n
    from app.views.exchange.consolidated_dialog import ConsolidatedDialog
    from app.views.exchange.keys_dialog import KeysDialog
    from app.views.exchange.menu import install_menu

    _anna, bert = pair
    ctx = _ctx(bert, qtbot)
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = install_menu(window, ctx)
    assert menu.menu.title() == "&Uitwisselen"
    i18n.set_language("fr")
    ctx.language_changed.emit("fr")
    assert menu.menu.title() != "&Uitwisselen"
    keys_dialog = KeysDialog(ctx)
    qtbot.addWidget(keys_dialog)
    keys_dialog.export_public(str(tmp_path / "bert.json"))
    assert (tmp_path / "bert.json").exists()
    assert keys_dialog.model.rowCount() == 1  # anna, trusted on first use
    keys_dialog.table.selectRow(0)
    keys_dialog.role_button.click()
    from app.services.exchange import keys as keys_service
    with bert.db.session() as s:
        assert keys_service.lead_key(s).name == "anna"
    overview = ConsolidatedDialog(ctx)
    qtbot.addWidget(overview)
    assert overview.tabs.count() >= 5 and overview.tabs.tabText(0) == "Graphique"
    assert overview.save_pdf(str(tmp_path / "o.pdf")).stat().st_size > 1000
    assert overview.save_xlsx(str(tmp_path / "o.xlsx")).stat().st_size > 1000


def test_the_keys_dialog_flips_role_and_trust_through_the_service(pair, qtbot):
    """Lead organisation / colleague and trust / no trust: each click one change, saved by
    the keys service; a key forgotten meanwhile (another window) is left alone, calmly."""
    from app.models.exchange import ExchangeKnownKey
    from app.services.exchange import keys as keys_service
    from app.views.exchange.keys_dialog import KeysDialog

    _anna, bert = pair
    ctx = _ctx(bert, qtbot)
    dialog = KeysDialog(ctx)
    qtbot.addWidget(dialog)
    announced = []
    ctx.changed.connect(lambda changes: announced.append(changes.touches("exchange_known_key")))

    def known():
        with bert.db.session() as s:
            key = s.scalars(select(ExchangeKnownKey)).one()
            lead = keys_service.lead_key(s)
            return key.role, key.trusted, lead.name if lead else None

    dialog.table.selectRow(0)
    dialog.role_button.click()
    assert known() == ("lead", True, "anna")
    dialog.table.selectRow(0)
    dialog.distrust_button.click()
    assert known() == ("lead", False, None)  # an untrusted lead is no lead
    dialog.table.selectRow(0)
    dialog.distrust_button.click()
    dialog.table.selectRow(0)
    dialog.role_button.click()
    assert known() == ("colleague", True, None)
    assert announced == [True, True, True, True]
    dialog.table.selectRow(0)
    with bert.db.transaction() as s:  # forgotten in another window, still shown here
        fp = s.scalars(select(ExchangeKnownKey)).one().fingerprint
        keys_service.forget_key(s, fp)
    dialog.role_button.click()
    dialog.distrust_button.click()
    assert dialog.model.rowCount() == 0
    with bert.db.transaction() as s:
        for toggle in (keys_service.toggle_role, keys_service.toggle_trust):
            assert not toggle(s, fp).touches("exchange_known_key")
        assert s.get(ExchangeKnownKey, fp) is None


def test_opening_a_passphrase_package_asks_again_after_a_wrong_passphrase(pair, qtbot):
    from app.views.exchange.import_dialog import open_package

    anna, bert = pair
    path = anna.export("full", passphrase="juiste wachtzin")
    ctx = _ctx(bert, qtbot)
    answers = [("verkeerd!!", True), ("juiste wachtzin", True)]
    asked = []

    def ask(wrong):
        asked.append(wrong)
        return answers.pop(0)

    pkg = open_package(None, ctx, path, ask=ask)
    assert pkg is not None and pkg.encrypted == "passphrase"
    assert asked == [False, True]
    assert open_package(None, ctx, path, ask=lambda wrong: ("", False)) is None
