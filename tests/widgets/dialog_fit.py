"""Open every dialog of the app on the screen Qt was started with and report, as JSON, where
its OK (Save, Close) button ends up. Run in a child process by test_dialog_fit.py, once per
screen (the offscreen platform's screen size and QT_SCALE_FACTOR are fixed per process):

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.widgets.dialog_fit OUT

With `--shots DIR` it also saves a PNG of each dialog.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

TITLE_BAR = 30


def _ok_button(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    boxes = dialog.findChildren(QDialogButtonBox)
    for box in boxes:
        for role in (QDialogButtonBox.ButtonRole.AcceptRole,
                     QDialogButtonBox.ButtonRole.ApplyRole,
                     QDialogButtonBox.ButtonRole.RejectRole):
            for button in box.buttons():
                if box.buttonRole(button) == role and button.isVisible():
                    return button
    from PySide6.QtWidgets import QPushButton

    return dialog.findChild(QPushButton, "guideClose")  # the guide's own button row


def _measure(name, dialog, shots: Path | None) -> dict:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication

    dialog.show()
    for _i in range(3):
        QApplication.processEvents()
    free = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    button = _ok_button(dialog)
    out = {"name": name, "screen": [free.width(), free.height()],
           "dialog": [frame.x(), frame.y(), frame.width(), frame.height()],
           # a real window manager adds a title bar above the frame Qt reports offscreen
           "dialog_fits": free.contains(frame.adjusted(0, 0, 0, TITLE_BAR)),
           "ok": None, "ok_on_screen": False}
    if button is not None:
        top_left = button.mapToGlobal(QPoint(0, 0))
        rect = QRect(top_left, button.size())
        shown = button.visibleRegion().boundingRect().size() == button.size()
        out["ok"] = button.text()
        out["ok_on_screen"] = bool(free.contains(rect) and shown)
    from PySide6.QtWidgets import QAbstractItemView

    out["traps_tab"] = [v.objectName() or type(v).__name__
                        for v in dialog.findChildren(QAbstractItemView) if v.tabKeyNavigation()]
    focus = QApplication.focusWidget()
    out["focus"] = type(focus).__name__ if focus is not None and focus.window() is dialog \
        else None
    if shots is not None:
        dialog.grab().save(str(shots / f"{name}.png"))
    dialog.reject()
    dialog.deleteLater()
    QApplication.processEvents()
    return out


def _dialogs(window, ctx):
    """(name, factory) for every dialog the app opens."""
    from app.views.widgets.form import RecordDialog
    from app.views.widgets.lazy_tabs import LazyPage
    from app.views.widgets.record_list import RecordListPanel

    items = []
    for tab in window.lazy_tabs:
        page = tab.ensure_built()
        for inner in page.findChildren(LazyPage):  # a page's own tabs, built when shown
            inner.ensure_built()
        for panel in page.findChildren(RecordListPanel):
            name = panel.spec.model.__tablename__
            if name in ("action", "measurement"):
                continue  # their own dialogs below
            # the form the list opens (a list with an editor of its own gives that one)
            items.append((f"record_{name}", lambda p=panel: p.form_dialog("Test", None)))
    from app.views.main_window import trajectory_fields

    items.append(("trajectory", lambda: RecordDialog("Test", trajectory_fields(),
                                                     parent=window)))
    from app.views.outreach.dialogs import CAMPAIGN_FIELDS

    outreach = window.lazy_tabs[-1].page

    def campaign():
        with ctx.session() as s:
            return RecordDialog("Test", CAMPAIGN_FIELDS, None, s, ctx.trajectory_id,
                                parent=outreach)

    items.append(("campaign", campaign))
    from app.models.core import Action
    from app.models.outreach import OutreachCampaign
    from app.views.actions.editor import ActionEditor
    from app.views.actions.measure_dialog import MeasurementDialog
    from app.views.exchange.conflicts_dialog import ConflictsDialog
    from app.views.exchange.consolidated_dialog import ConsolidatedDialog
    from app.views.exchange.export_dialog import ExportDialog
    from app.views.exchange.keys_dialog import KeysDialog
    from app.views.exchange.mailbox_dialog import SharingSettingsDialog
    from app.views.help import GuideWindow
    from app.views.outreach.dialogs import RuleDialog
    from app.views.participation.persona_dialog import (
        ExamplesDialog,
        PersonaDialog,
        PrintCardsDialog,
    )
    from app.views.participation.sessions_tab import PickPeopleDialog

    with ctx.session() as s:
        action_id = s.query(Action).first().id
        camp = s.query(OutreachCampaign).first()
        cid, kind, village = camp.id, camp.kind, camp.village
    items += [
        ("action", lambda: ActionEditor(ctx, action_id, window)),
        ("new_action", lambda: ActionEditor(ctx, None, window)),
        ("measurement", lambda: MeasurementDialog(ctx, action_id, window)),
        ("persona", lambda: PersonaDialog(None, None, window)),
        ("persona_examples", lambda: ExamplesDialog(window)),
        ("persona_cards", lambda: PrintCardsDialog([("a", "Ayşe")], None, window)),
        ("pick_people", lambda: PickPeopleDialog([], window)),
        ("rule", lambda: RuleDialog(ctx, cid, kind, village, window)),
        ("export", lambda: ExportDialog(ctx, window)),
        ("conflicts", lambda: ConflictsDialog(ctx, window)),
        ("keys", lambda: KeysDialog(ctx, window)),
        ("sharing", lambda: SharingSettingsDialog(ctx, window)),
        ("consolidated", lambda: ConsolidatedDialog(ctx, window)),
        ("guide", lambda: GuideWindow(window)),
        ("exchange_import", lambda: _import_preview(ctx, window)),
        ("round_entry", lambda: _round_entry(ctx, cid, window)),
        ("bulk", lambda: _bulk(ctx, cid, window)),
    ]
    return items


def _bulk(ctx, campaign_id, window):
    from app.views.outreach.dialogs import BulkDialog

    return BulkDialog(ctx, campaign_id, [], window)


def _round_entry(ctx, campaign_id, window):
    """The round entry with the round of the campaign's first visitor open."""
    from datetime import date

    from app.services.outreach import choices, rounds
    from app.views.outreach.round_entry import RoundEntryDialog

    dialog = RoundEntryDialog(ctx, campaign_id, window)
    with ctx.session() as s:
        visitor = choices.visitor_choices(s, ctx.trajectory_id)[0][0]
    dialog.open_key(rounds.visitor_round(campaign_id, visitor, date.today()))
    return dialog


def _import_preview(ctx, window):
    """The preview of a package from a colleague's laptop (made here, with its own keys)."""
    from app.services.database import open_database
    from app.services.exchange import exporter, keys
    from app.views.exchange.import_dialog import ImportDialog, open_package

    folder = Path(tempfile.mkdtemp(prefix="bv-fit-other-"))
    other = open_database(folder / "other.sqlite3")
    with other.transaction() as s:
        keys.create_identity(s, "Anna", "OCMW Heidebeek")
    with ctx.db.transaction() as s:
        if keys.get_identity(s) is None:
            keys.create_identity(s, "Bert", "LDC De Linde")
    with ctx.db.session() as s:
        mine = keys.own_public(keys.get_identity(s), ctx.db.device_id)
    with other.session() as s:
        theirs = keys.own_public(keys.get_identity(s), other.device_id)
    with ctx.db.transaction() as s:
        keys.trust_key(s, theirs, "colleague")
    with other.transaction() as s:
        keys.trust_key(s, mine, "colleague")
        from app.services.demo import create_demo

        create_demo(s)
    out = folder / "anna.bvx"
    exporter.export_package(other, out, "full", recipients=[mine.age_recipient])
    other.close()
    return ImportDialog(ctx, open_package(window, ctx, out), window)


def main(argv: list[str]) -> int:
    import os

    out_file = Path(argv[0])
    shots = Path(argv[argv.index("--shots") + 1]) if "--shots" in argv else None
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "nl"
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="bv-fit-"))
    os.environ["BUURTVERBINDER_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from app.services import i18n
    from app.services.database import open_database
    from app.services.demo import create_demo
    from app.services.settings import Settings
    from app.views.window_controller import WindowController

    i18n.set_language(lang)
    db = open_database(home / "fit.sqlite3")
    with db.transaction() as s:
        create_demo(s)
    controller = WindowController(app, db, Settings(language=lang))
    controller.show()
    window = controller.window
    app.processEvents()
    free = window.screen().availableGeometry()
    results = [{"name": "main_window", "screen": [free.width(), free.height()],
                "dialog_fits": free.contains(window.frameGeometry()),
                "ok": "", "ok_on_screen": True, "focus": None,
                "minimum": [window.minimumSizeHint().width(),
                            window.minimumSizeHint().height()]}]
    for name, factory in _dialogs(window, controller.ctx):
        try:
            results.append(_measure(name, factory(), shots))
        except Exception as exc:  # noqa: BLE001 (reported, so the test names the dialog)
            results.append({"name": name, "error": repr(exc)})
    out_file.write_text(json.dumps(results, indent=1), encoding="utf-8")
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
