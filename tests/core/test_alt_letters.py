"""Alt-letters (the `&` in a text) are unique within one menu, one dialog and one tab of the
window, in nl, fr and en: with a collision, Alt+letter only moves the focus between the two
and neither is pressed.

In the window, a menu title's letter is used by nothing on the page, and two different texts
on one page never share a letter. The same text twice (the "Add" of two lists on one page) is
allowed: Alt+letter then moves between them, which is what a user expects from one word."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

from app.services import i18n

LANGUAGES = ("nl", "fr", "en")


def mnemonic(text: str) -> str | None:
    """The Alt-letter of a text ('&&' is a plain ampersand), lower case, or None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def test_mnemonic_reading():
    assert mnemonic("&Bestand") == "b"
    assert mnemonic("Tom && Els") is None
    assert mnemonic("Versie van Tom && Els &nemen") == "n"
    assert mnemonic("Opnieuw &doen") == "d"


def widget_letters(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every visible button, buddy label, group box and tab in `root`."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        texts = []
        if isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLabel) and w.buddy() is not None:
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
        for text in texts:
            letter = mnemonic(text or "")
            if letter:
                found.append((letter, text))
    return found


def menu_letters(menu: QMenu) -> list[tuple[str, str]]:
    return [(mnemonic(a.text()), a.text()) for a in menu.actions()
            if a.isVisible() and not a.isSeparator() and mnemonic(a.text())]


def clashes(found: list[tuple[str, str]], same_text_ok: bool = False) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, text in found:
        by_letter.setdefault(letter, []).append(text)
    limit = (lambda v: len(set(v)) > 1) if same_text_ok else (lambda v: len(v) > 1)
    return {k: v for k, v in by_letter.items() if limit(v)}


def page_clashes(titles: list[tuple[str, str]], page: list[tuple[str, str]]) -> dict:
    found = clashes(page, same_text_ok=True)
    taken = {letter for letter, _t in titles}
    for letter, text in page:
        if letter in taken:
            found.setdefault(letter, [t for l_, t in titles if l_ == letter]).append(text)
    return found


def all_menus(menu: QMenu):
    yield menu
    for action in menu.actions():
        if action.menu() is not None:
            yield from all_menus(action.menu())


def test_menus_and_window_tabs_have_unique_alt_letters(app_window, qtbot):
    window = app_window.window
    problems = []
    for lang in LANGUAGES:
        window.language_actions[lang].trigger()
        bar = window.menuBar()
        top = [(mnemonic(a.text()), a.text()) for a in bar.actions() if mnemonic(a.text())]
        if clashes(top):
            problems.append((lang, "menu bar", clashes(top)))
        for menu_action in bar.actions():
            for menu in all_menus(menu_action.menu()):
                if clashes(menu_letters(menu)):
                    problems.append((lang, menu.title(), clashes(menu_letters(menu))))
        # menus of buttons and context menus (built once their page is shown)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            window.current_page()
        for menu in window.findChildren(QMenu):
            if clashes(menu_letters(menu)):
                problems.append((lang, menu.title() or menu.objectName(),
                                 clashes(menu_letters(menu))))
        # each tab of the window: its page, the header and the menu bar share Alt
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            page = window.current_page()
            QApplication.processEvents()
            inner = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(window)]
            for sub in inner[:1] or [None]:
                for sub_index in range(sub.count() if sub else 1):
                    if sub is not None:
                        sub.setCurrentIndex(sub_index)
                        QApplication.processEvents()
                    found = page_clashes(top, widget_letters(window.centralWidget()))
                    if found:
                        problems.append((lang, window.tabs.tabText(index), sub_index, found))
    window.language_actions["nl"].trigger()
    assert not problems, "\n".join(map(str, problems))


def _dialogs(ctx):
    """Every dialog of the app that can be opened on the demo data."""
    from sqlalchemy import select

    from app.models.core import Action
    from app.models.outreach import OutreachCampaign
    from app.services.outreach import people
    from app.views.actions.editor import ActionEditor
    from app.views.actions.measure_dialog import MeasurementDialog
    from app.views.exchange.conflicts_dialog import ConflictsDialog
    from app.views.exchange.consolidated_dialog import ConsolidatedDialog
    from app.views.exchange.export_dialog import ExportDialog
    from app.views.exchange.keys_dialog import KeysDialog
    from app.views.help import GuideWindow
    from app.views.main_window import trajectory_fields
    from app.views.outreach.dialogs import AssignStreetDialog, BulkDialog, RuleDialog
    from app.views.outreach.lists import _visitor_options
    from app.views.participation.persona_dialog import (
        ExamplesDialog,
        PersonaDialog,
        PrintCardsDialog,
    )
    from app.views.widgets.form import RecordDialog

    with ctx.session() as s:
        action_id = s.scalars(select(Action.id)).first()
        camp = s.scalars(select(OutreachCampaign)).first()
        cid, kind, village = camp.id, camp.kind, camp.village
        streets = people.streets(s, cid)
        visitors = _visitor_options(s, ctx.trajectory_id)
    return [
        lambda: ActionEditor(ctx), lambda: ActionEditor(ctx, action_id),
        lambda: MeasurementDialog(ctx, action_id), lambda: ConflictsDialog(ctx),
        lambda: ConsolidatedDialog(ctx), lambda: ExportDialog(ctx), lambda: KeysDialog(ctx),
        lambda: GuideWindow(), lambda: RecordDialog("x", trajectory_fields()),
        lambda: RuleDialog(ctx, cid, kind, village), lambda: AssignStreetDialog(streets, visitors),
        lambda: PersonaDialog(), lambda: ExamplesDialog(),
        lambda: PrintCardsDialog([("a", "A"), ("b", "B")], None),
        lambda: _round_entry(ctx, cid), lambda: BulkDialog(ctx, cid, []),
    ]


def _round_entry(ctx, campaign_id):
    """The round entry with a round open (its rows, date and visitor shown)."""
    from datetime import date

    from app.services.outreach import choices, rounds
    from app.views.outreach.round_entry import RoundEntryDialog

    dialog = RoundEntryDialog(ctx, campaign_id)
    with ctx.session() as s:
        visitor = choices.visitor_choices(s, ctx.trajectory_id)[0][0]
    dialog.open_key(rounds.visitor_round(campaign_id, visitor, date.today()))
    return dialog


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_dialog_has_unique_alt_letters(app_window, qtbot, lang):
    ctx = app_window.ctx
    i18n.set_language(lang)
    problems = []
    for make in _dialogs(ctx):
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        tabs = [t for t in dialog.findChildren(QTabWidget) if t.isVisibleTo(dialog)]
        for index in range(tabs[0].count() if tabs else 1):
            if tabs:
                tabs[0].setCurrentIndex(index)
                QApplication.processEvents()
            found = clashes(widget_letters(dialog))
            if found:
                problems.append((type(dialog).__name__, index, found))
        dialog.close()
    i18n.set_language("nl")
    assert not problems, "\n".join(map(str, problems))
