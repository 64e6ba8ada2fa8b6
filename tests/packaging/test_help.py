"""Help › User guide (F1): the guide exists in every language, its links and screenshots
resolve, and F1 opens the page of the current tab."""
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import i18n, paths
from app.views import help as help_view

LANGS = ("nl", "fr", "en")
LINK = re.compile(r"\]\(([^)]+)\)")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_exists_in_every_language(lang):
    for key, _title in help_view.PAGES:
        file = help_view.guide_dir(lang) / f"{key}.md"
        assert file.is_file(), file
        text = file.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{file}: starts with a title"
        assert len(text.split()) > 60, f"{file} is too short to help anyone"


@pytest.mark.parametrize("lang", LANGS)
def test_links_and_screenshots_resolve(lang):
    folder = help_view.guide_dir(lang)
    for file in folder.glob("*.md"):
        for target in LINK.findall(file.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (folder / target).is_file(), f"{file.name}: broken link {target}"


def test_the_index_lists_every_page():
    for lang in LANGS:
        index = (help_view.guide_dir(lang) / "index.md").read_text(encoding="utf-8")
        for key, _title in help_view.PAGES[1:]:
            assert f"({key}.md)" in index, f"{lang}/index.md does not link {key}"


def test_pages_are_really_translated():
    """The French and English pages are not copies of the Dutch ones."""
    for key, _title in help_view.PAGES:
        texts = {lang: (help_view.guide_dir(lang) / f"{key}.md").read_text(encoding="utf-8")
                 for lang in LANGS}
        assert texts["nl"] != texts["fr"] != texts["en"] != texts["nl"]


def test_a_missing_language_falls_back_to_dutch(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "resource_root", lambda: tmp_path)
    (tmp_path / "docs" / "handleiding" / "nl").mkdir(parents=True)
    (tmp_path / "docs" / "handleiding" / "nl" / "step3.md").write_text("# Stap 3\n")
    (tmp_path / "docs" / "handleiding" / "nl" / "index.md").write_text("# Inhoud\n")
    assert help_view.page_file("step3", "fr").parts[-2:] == ("nl", "step3.md")
    assert help_view.page_file("keyboard", "fr").name == "index.md"
    (tmp_path / "docs" / "handleiding" / "nl" / "index.md").unlink()
    (tmp_path / "docs" / "handleiding" / "nl" / "step3.md").unlink()
    assert help_view.page_file("step3", "fr") is None


def test_each_tab_has_its_own_page(app_window):
    window = app_window.window
    expected = ["overview"] + [f"step{n}" for n in range(8)]
    found = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        found.append(window.help.current_page())
    assert found[:9] == expected
    assert all(page in help_view.PAGE_KEYS for page in found)
    if window.tabs.count() > 9:  # the Home visits tab of the outreach feature
        assert "outreach" in found[9:]


def test_f1_opens_the_guide_at_the_current_tab(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(3)  # step 2
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help.guide
    assert guide is not None and guide.isVisible()
    qtbot.addWidget(guide)
    assert guide.page == "step2"
    assert guide.contents.currentItem().data(Qt.ItemDataRole.UserRole) == "step2"
    assert guide.browser.source().toLocalFile().endswith("nl/step2.md")
    assert "Stap 2" in guide.browser.toPlainText()
    assert guide.windowTitle() == "Handleiding Buurtverbinder"


def test_following_a_link_updates_the_contents_and_back_works(app_window, qtbot):
    window = app_window.window
    guide = window.help.open_page("index")
    qtbot.addWidget(guide)
    from PySide6.QtCore import QUrl

    guide.browser.setSource(QUrl.fromLocalFile(str(help_view.page_file("keyboard"))))
    assert guide.page == "keyboard"
    assert guide.contents.currentItem().data(Qt.ItemDataRole.UserRole) == "keyboard"
    assert guide.back_button.isEnabled()
    guide.back_button.click()
    assert guide.page == "index"


def test_contents_list_opens_a_page(app_window, qtbot):
    guide = app_window.window.help.open_page("index")
    qtbot.addWidget(guide)
    guide.contents.setCurrentRow(help_view.PAGE_KEYS.index("backups-privacy"))
    assert guide.browser.source().toLocalFile().endswith("backups-privacy.md")
    assert "Privacy" in guide.browser.toPlainText()


def test_screenshots_are_shown_and_fitted_to_the_width(app_window, qtbot):
    guide = app_window.window.help.open_page("overview")
    qtbot.addWidget(guide)
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    url = QUrl.fromLocalFile(str(help_view.guide_dir("nl") / "images" / "tab0.png"))
    image = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource, url)
    assert not image.isNull()
    assert image.width() <= guide.browser.image_width()


def test_language_switch_shows_the_page_in_the_new_language(app_window, qtbot):
    guide = app_window.window.help.open_page("step6")
    qtbot.addWidget(guide)
    app_window.set_language("fr")
    assert guide.windowTitle() == "Manuel de Buurtverbinder"
    assert guide.browser.source().toLocalFile().endswith("fr/step6.md")
    assert guide.back_button.text() == "&Précédent"
    assert app_window.window.help.action.text() == "&Manuel"
    app_window.set_language("nl")


def test_user_guide_is_first_in_the_help_menu_with_f1(app_window):
    window = app_window.window
    first = window.help_menu.actions()[0]
    assert first is window.help.action
    assert first.shortcut().toString() == "F1"
    assert first.text() == "&Handleiding"
    assert i18n.current_language() == "nl"


def test_guide_window_fits_a_small_screen(app_window, qtbot, monkeypatch):
    from PySide6.QtCore import QRect

    screen = app_window.window.screen()
    monkeypatch.setattr(type(screen), "availableGeometry", lambda self: QRect(0, 0, 960, 540))
    guide = help_view.GuideWindow(app_window.window)
    qtbot.addWidget(guide)
    # the whole window, frame and title bar included (app.views.widgets.sizing), fits
    from app.views.widgets.sizing import FRAME_H, FRAME_W

    assert guide.width() + FRAME_W <= 960 and guide.height() + FRAME_H <= 540


def test_help_menu_fills_the_demo_once(qtbot, db):
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import func, select

    from app.models.core import Trajectory
    from app.services.settings import Settings
    from app.views.window_controller import WindowController

    controller = WindowController(QApplication.instance(), db, Settings())
    qtbot.addWidget(controller.window)
    window = controller.window
    assert window.trajectory_combo.count() == 0
    action = window.help.demo_action
    assert action.text() == "&Demotraject invullen"
    assert action in window.help_menu.actions()
    action.trigger()
    assert window.trajectory_combo.count() == 1
    assert window.ctx.trajectory_id == window.trajectory_combo.currentData()
    shown = []
    qtbot_patch = pytest.MonkeyPatch()
    qtbot_patch.setattr(QMessageBox, "information",
                        lambda *args: shown.append(args[2]) or QMessageBox.StandardButton.Ok)
    try:
        assert window.help.fill_demo() is False  # the second time: a calm message
    finally:
        qtbot_patch.undo()
    from app.services.demo import DemoExistsError

    assert shown == [DemoExistsError().user_message()]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Trajectory)) == 1


def test_guide_controls_have_descriptions_for_screen_readers(app_window, qtbot):
    guide = app_window.window.help.open_page("index")
    qtbot.addWidget(guide)
    for widget in (guide.contents, guide.browser):
        assert widget.accessibleName() and widget.accessibleDescription()


@pytest.mark.parametrize("lang", LANGS)
def test_step_pages_carry_the_apps_step_titles(lang):
    from app.services import method

    i18n.set_language(lang)
    for step in method.all_steps():
        page = help_view.guide_dir(lang) / f"step{step.number}.md"
        first = page.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# {i18n._(step.title)}", f"{page}: run python -m tools.guide_screenshots"


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_menu_paths_and_buttons_in_the_guide_are_named_as_in_the_app(lang):
    """A bold menu path (File › Restore a backup…) or button (… with an ellipsis) in the guide
    must use the very words the app shows in that language (mid-sentence, in lower case)."""
    from babel.messages.pofile import read_po

    root = paths.resource_root()
    shown = set()
    for po in (root / "translations" / lang / "LC_MESSAGES").glob("*.po"):
        with open(po, "rb") as fh:
            for msg in read_po(fh):
                for text in (msg.string if isinstance(msg.string, tuple) else (msg.string,)):
                    shown.add(text.replace("&", "").rstrip("…:").strip().lower())
    wrong = []
    for page in sorted((root / "docs" / "handleiding" / lang).glob("*.md")):
        for bold in re.findall(r"\*\*([^*\n]+?)\*\*", page.read_text(encoding="utf-8")):
            if "›" in bold:
                parts = [p.strip() for p in bold.split("›")]
            elif bold.endswith("…"):
                parts = [bold]
            else:
                continue
            wrong += [(page.name, part) for part in parts
                      if part.rstrip("…:").strip().lower() not in shown]
    assert wrong == []
