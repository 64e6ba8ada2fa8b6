"""pytest-qt tests of sharing through a mailbox folder in the window: the settings dialog, Share
now with its one summary, the status on the Overview and Home visits, and the last send when
the window closes."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.models.core import Partner, Trajectory
from app.models.exchange import ExchangeImport
from app.services.exchange import keys, mailbox


def _know_each_other(window_db, lead):
    """The window's laptop and a lead organisation's laptop trust each other."""
    with window_db.transaction() as s:
        if keys.get_identity(s) is None:
            keys.create_identity(s, "An", "OCMW Heidebeek")
        keys.trust_key(s, lead.public, "lead")
        mine = keys.own_public(keys.get_identity(s), window_db.device_id)
    with lead.db.transaction() as s:
        keys.trust_key(s, mine, "colleague")
    return mine


def test_sharing_settings_dialog_saves_a_mailbox(app_window, laptops, tmp_path, qtbot):
    from app.views.exchange.mailbox_dialog import SharingSettingsDialog

    lead = laptops("lies", "Welzijnsvereniging")
    _know_each_other(app_window.ctx.db, lead)
    folder = tmp_path / "SharePoint"
    folder.mkdir()
    assert app_window.window.findChild(type(app_window.window.exchange.sharing.act_settings),
                                       "sharingSettings") is not None
    dialog = SharingSettingsDialog(app_window.ctx, app_window.window)
    qtbot.addWidget(dialog)
    dialog.show()
    # a fresh dialog starts a new mailbox with one reader row, ready to fill in
    assert dialog.recipients.rowCount() == 1
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Welzijnsvereniging")
    qtbot.keyClicks(dialog.folder, str(folder))
    dialog.recipients.cellWidget(0, 1).setCurrentIndex(0)  # lead scope
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    with app_window.ctx.session() as s:
        boxes = mailbox.list_mailboxes(s)
        assert [(b.name, b.folder) for b in boxes] == [("Welzijnsvereniging", str(folder))]
        assert [(r.fingerprint, r.scope) for r in boxes[0].recipients] == [
            (lead.public.fingerprint, "lead")]
    assert "nog niet gedeeld" in dialog.status.text()


def test_share_now_sends_then_asks_once_before_importing(app_window, laptops, tmp_path,
                                                         monkeypatch):
    lead = laptops("lies", "Welzijnsvereniging")
    mine = _know_each_other(app_window.ctx.db, lead)
    folder = tmp_path / "share"
    folder.mkdir()
    with app_window.ctx.db.transaction() as s:
        mailbox.save_mailbox(s, "Trekker", folder,
                             [mailbox.RecipientSpec(lead.public.fingerprint, "lead")])
    with lead.db.transaction() as s:
        traj = Trajectory(name="Regio Kempen", municipality="Kempen")
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="Welzijnsvereniging Kempen"))
        mailbox.save_mailbox(s, "Heidebeek", folder,
                             [mailbox.RecipientSpec(mine.fingerprint, "full")])
    mailbox.sync(lead.db)  # the lead organisation leaves a package for this laptop
    sharing = app_window.window.exchange.sharing
    seen = []

    def question(_parent, _title, text, *args, **kwargs):
        seen.append(text)  # the one question, after the pass and before any import
        with app_window.ctx.session() as s:
            assert s.scalar(select(func.count()).select_from(ExchangeImport)) == 0
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    sharing.share_now()
    assert len(seen) == 1
    assert "1 pakket" in seen[0] and "lies" in seen[0]
    with app_window.ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(ExchangeImport)) == 1
        assert "Regio Kempen" in set(s.scalars(select(Trajectory.name)))
    assert any(p.name.startswith(f"bv-{mailbox.short(mine.fingerprint)}-") for p in
               folder.iterdir())  # this laptop's package for the lead organisation
    assert any(p.name.startswith("bv-receipt-") for p in folder.iterdir())


def test_status_on_overview_and_home_visits(app_window, laptops, tmp_path, qtbot):
    from app.views.exchange.sharing import MailboxStatusLabel

    lead = laptops("lies", "Welzijnsvereniging")
    _know_each_other(app_window.ctx.db, lead)
    folder = tmp_path / "stick"
    folder.mkdir()
    app_window.ctx.run(lambda s: mailbox.save_mailbox(
        s, "USB-stick", folder, [mailbox.RecipientSpec(lead.public.fingerprint, "lead")])[1])
    labels = app_window.window.findChildren(MailboxStatusLabel)
    assert labels
    for label in labels:
        label.reload()
    overview = app_window.window.findChild(MailboxStatusLabel)
    assert overview.isVisibleTo(app_window.window) or overview.text()
    assert "USB-stick" in overview.text() and "nog niet gedeeld" in overview.text()
    folder.rmdir()  # the stick is pulled out
    overview.reload()
    assert "niet bereikbaar" in overview.text()


def test_closing_the_window_sends_the_last_changes(app_window, laptops, tmp_path):
    lead = laptops("lies", "Welzijnsvereniging")
    mine = _know_each_other(app_window.ctx.db, lead)
    folder = tmp_path / "share"
    folder.mkdir()
    with app_window.ctx.db.transaction() as s:
        mailbox.save_mailbox(s, "Trekker", folder,
                             [mailbox.RecipientSpec(lead.public.fingerprint, "lead")])
    app_window.window.close()
    QApplication.processEvents()
    sent = [p for p in folder.iterdir() if p.name.endswith(".bvx")]
    assert len(sent) == 1 and sent[0].name.startswith(f"bv-{mailbox.short(mine.fingerprint)}")
    with lead.db.transaction() as s:
        mailbox.save_mailbox(s, "Heidebeek", folder,
                             [mailbox.RecipientSpec(mine.fingerprint, "full")])
    report = mailbox.sync(lead.db, import_mode="all", send=False)
    assert [r.sender for r in report.received] == ["An"]


def test_the_consolidated_overview_refreshes_after_a_pass(app_window, laptops, tmp_path,
                                                         qtbot):
    from app.views.exchange.consolidated_dialog import ConsolidatedDialog

    field = laptops("veerle", "OCMW Zandhoven")
    mine = _know_each_other(app_window.ctx.db, field)
    folder = tmp_path / "inbox"
    folder.mkdir()
    with app_window.ctx.db.transaction() as s:
        mailbox.save_mailbox(s, "Gemeenten", folder, [], auto_import=True)
    with field.db.transaction() as s:
        s.add(Trajectory(name="Zandhoven samen", municipality="Zandhoven"))
        mailbox.save_mailbox(s, "Trekker", folder,
                             [mailbox.RecipientSpec(mine.fingerprint, "lead")])
    dialog = ConsolidatedDialog(app_window.ctx, app_window.window)
    qtbot.addWidget(dialog)
    before = dialog.intro.text()
    mailbox.sync(field.db)
    report = mailbox.sync(app_window.ctx.db, import_mode="trusted")  # a background pass
    assert [r.sender for r in report.received] == ["veerle"]
    app_window.window.exchange.sharing._after(report, quiet=True)
    assert dialog.intro.text() != before
    assert any("Zandhoven" in (dialog.data.rows[i].municipality or "")
               for i in range(len(dialog.data.rows)))
