"""The Home visits page builds each tab's widgets the first time it is shown (issue 16), and
everything that acts on a tab not yet built still works: it is built on demand."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.models.outreach import OutreachCampaign
from app.views.widgets.lazy_tabs import LazyPage
from app.views.widgets.record_list import RecordListPanel


@pytest.fixture
def page(qtbot, demo_db):
    from app.models.core import Trajectory
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(demo_db, Settings(language="nl"))
    with demo_db.session() as s:
        ctx.set_trajectory(s.query(Trajectory).one().id)
        kgw = s.query(OutreachCampaign).filter_by(kind="kgw").one().id
    w = OutreachPage(ctx)
    qtbot.addWidget(w)
    w.campaign_box.setCurrentIndex(w.campaign_box.findData(kgw))
    w.resize(1200, 800)
    return w


def built_tabs(page) -> list[int]:
    return [i for i in range(page.tabs.count()) if page.tabs.widget(i).content is not None]


def test_only_the_tab_in_view_is_built(page):
    assert all(isinstance(page.tabs.widget(i), LazyPage) for i in range(page.tabs.count()))
    assert built_tabs(page) == []  # nothing shown yet, nothing built
    page.tabs.setCurrentIndex(2)
    page.show()
    assert built_tabs(page) == [2]
    assert len(page.findChildren(RecordListPanel)) == 1  # the visit log alone
    assert page.visits.model.rowCount() > 0 and page.visits.isVisible()


def test_a_tab_reached_with_the_keyboard_is_built_and_read_at_once(qtbot, page):
    page.show()
    assert built_tabs(page) == [0]  # the worklist
    page.tabs.tabBar().setFocus()
    qtbot.keyClick(page.tabs.tabBar(), Qt.Key.Key_Right)
    assert page.tabs.currentIndex() == 1 and built_tabs(page) == [0, 1]
    # shown and read in the same step, not on a later pass of the event loop
    assert page.people.isVisible() and page.people.model.rowCount() > 0
    for _i in range(4):
        qtbot.keyClick(page.tabs.tabBar(), Qt.Key.Key_Right)
    assert page.tabs.currentIndex() == 5 and built_tabs(page) == [0, 1, 2, 3, 4, 5]
    assert page.dashboard.isVisible() and page.dashboard.data.visits > 0


def test_a_button_of_a_tab_never_shown_has_its_text_and_state(page):
    from app.services import i18n

    page.show()
    i18n.set_language("fr")
    page.retranslate_ui()  # a language switch before the target list was ever opened
    assert 1 not in built_tabs(page)
    assert page.import_button.text() == "Imp&orter…"
    assert page.merge_button.isEnabled()
    assert built_tabs(page) == [0, 1]  # asking for the button built its tab
    page.campaign_box.setCurrentIndex(-1)
    page.refresh()  # no campaign chosen: the target list's buttons go grey with the rest
    assert not page.import_button.isEnabled()


def test_a_visit_logged_from_the_worklist_builds_the_log_and_stays_on_the_worklist(
        qtbot, page, monkeypatch):
    """Issue 17: after a visit the user is back on the worklist, for the next address; the
    visit log's form works although its tab was never opened."""
    from app.views.outreach import visit_log

    asked = []
    monkeypatch.setattr(visit_log.VisitsPanel, "add_for",
                        lambda panel, person_id=None: asked.append((panel, person_id)))
    page.show()
    assert page.tabs.currentIndex() == 0 and 2 not in built_tabs(page)
    page.worklist.log_visit_requested.emit("some-person")
    assert 2 in built_tabs(page)  # built for the form, before this test reads page.visits
    assert page.tabs.currentIndex() == 0 and asked == [(page.visits, "some-person")]
    page.tabs.setCurrentIndex(2)  # opened later, the log shows the visits
    assert page.visits.isVisible()
    qtbot.waitUntil(lambda: page.visits.model.rowCount() > 0)


def test_the_tab_widget_finds_a_tab_by_anything_inside_it(page):
    page.show()
    assert page.tabs.indexOf(page.referrals) == 3 == page.tabs.indexOf(page.consents)
    page.tabs.setCurrentWidget(page.referrals.view)
    assert page.tabs.currentIndex() == 3 and page.tabs.current_content().isVisible()
    from PySide6.QtWidgets import QLabel

    stranger = QLabel()
    assert page.tabs.indexOf(stranger) == -1
    page.tabs.setCurrentWidget(stranger)  # not ours: nothing moves
    assert page.tabs.currentIndex() == 3


def test_the_log_shows_its_dates_in_the_language_of_the_moment(page):
    from datetime import date

    from app.services import i18n

    page.tabs.setCurrentIndex(2)
    page.show()
    model = page.visits.model
    day = model.raw_value(0, 0)
    assert isinstance(day, date)
    shown = {}
    for lang in ("nl", "fr", "nl"):  # formatted once per language, never stale
        i18n.set_language(lang)
        shown[lang] = model.data(model.index(0, 0))
        assert shown[lang] == i18n.format_date(day, "short")
    assert shown["nl"] != shown["fr"]


def test_a_tab_built_after_a_language_switch_speaks_the_new_language(page):
    from app.services import i18n
    from app.services.i18n import _

    page.show()
    i18n.set_language("fr")
    page.retranslate_ui()
    assert 2 not in built_tabs(page)  # the visit log was never opened
    page.tabs.setCurrentIndex(2)
    search, model = page.visits.search, page.visits.model
    assert search.placeholderText() == _("Search by name, street or visitor…")
    assert model.headerData(1, Qt.Orientation.Horizontal) == _("Person") == "Personne"
    assert page.tabs.tabText(2) == _("Visit log")
    i18n.set_language("nl")
    page.retranslate_ui()  # and back, now that it is built
    assert search.placeholderText() == _("Search by name, street or visitor…") != ""
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Persoon"


def _tab_walk(qtbot, window, start, panel) -> list[tuple[str, str]]:
    """Tab from `start` until focus leaves `panel`: what it passes inside the panel."""
    start.setFocus()
    seen = []
    for _i in range(15):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        widget = window.focusWidget()
        if not panel.isAncestorOf(widget):
            break
        seen.append((type(widget).__name__, widget.objectName() or widget.text()
                     if hasattr(widget, "text") else type(widget).__name__))
    return seen


def _active(qtbot, window) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def test_tab_goes_through_a_tab_built_late_as_through_one_built_at_once(qtbot, page):
    from PySide6.QtWidgets import QTabWidget

    from app.views.outreach import visit_log

    _active(qtbot, page)
    page.tabs.setCurrentIndex(2)  # built now
    late = _tab_walk(qtbot, page, page.tabs.tabBar(), page.visits)
    eager = QTabWidget()  # the same panel in a plain tab widget, built before it is shown
    qtbot.addWidget(eager)
    panel = visit_log.VisitsPanel(page.ctx, visit_log.visits_spec(page.current_campaign),
                                  page.current_campaign)
    eager.addTab(panel, "log")
    _active(qtbot, eager)
    assert late == _tab_walk(qtbot, eager, eager.tabBar(), panel)
    assert late[0] == ("QTableView", "QTableView") and len(late) >= 3  # the table first,
    assert late.count(late[0]) == 1  # ... and it hands Tab on to the buttons
