"""What a print shop's preflight and a print designer check on every A4 document: only the
bundled fonts, embedded and used; no print scaling; a real creation date; the user's file
permissions; tables within the text block; no word broken without a hyphen."""
from __future__ import annotations

import os
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Table
from reportlab.platypus.frames import Frame

from app.services import i18n
from app.services.printing import common
from tests import pdfcheck

NARROW_WORDS = ["Duurzaamheid", "tweewekelijks", "Leeftijdsgroepen", "Geëvalueerd",
                "Sint-Maria-Heide", "Ouderenadviesraad", "Buurtcomité"]


def _furniture(*extra: str) -> set[str]:
    """The words of the page header and footer."""
    return pdfcheck.words_of(*extra, common._("Printed on {date}").format(
        date=i18n.format_date(date.today(), "long")), common._("Page {page} of {total}"))


def _narrow_story(st):
    rows = [[w, w, f"{w} en {w.lower()}"] for w in NARROW_WORDS]
    return [common.para("Titel", st.h1),
            common.data_table(["Kolom", "Smal", "Breed"], rows, st, [16 * mm, 14 * mm, None])]


@pytest.fixture
def wide_tables(monkeypatch):
    """Every table and drawing placed in a frame, with its width and the frame's."""
    seen: list[tuple[str, float, float]] = []
    original = Frame.add

    def add(self, flowable, canv, trySplit=0):
        placed = original(self, flowable, canv, trySplit)
        if placed:
            width = getattr(flowable, "_width", None) or getattr(flowable, "width", 0) or 0
            if isinstance(flowable, Table) or type(flowable).__name__ == "Drawing":
                seen.append((type(flowable).__name__, width, self._aW))
        return placed

    monkeypatch.setattr(Frame, "add", add)
    return seen


def test_narrow_columns_hyphenate_instead_of_breaking_words(tmp_path):
    for lang in ("nl", "fr", "en"):
        i18n.set_language(lang)
        st = common.styles()
        story = _narrow_story(st)
        out = common.build_a4(tmp_path / f"{lang}.pdf", story, title="T")
        vocab = pdfcheck.story_words(story) | _furniture("T")
        text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert "-" in text.replace("Sint-Maria-Heide", "")  # hyphenation happened at all
        bad = pdfcheck.unexplained_fragments(out, vocab)
        assert not bad, (lang, bad)


def test_a_word_broken_without_hyphen_is_caught(tmp_path):
    """The check itself: ReportLab without hyphenation splits long words bare."""
    st = common.styles()
    from reportlab.lib.styles import ParagraphStyle

    bare = ParagraphStyle("bare", parent=st.cell, hyphenationLang="", embeddedHyphenation=0)
    table = Table([[common.Paragraph("Leeftijdsgroepen", bare)]], colWidths=[12 * mm])
    out = common.build_a4(tmp_path / "bare.pdf", [table], title="T")
    assert pdfcheck.unexplained_fragments(out, {"Leeftijdsgroepen", "T"})


def test_fonts_viewer_preferences_date_and_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    st = common.styles()
    old = os.umask(0o022)
    try:
        out = common.build_a4(tmp_path / "a.pdf", [common.para("☑ Klaar ★ ● ⚠", st.body),
                                                   *_narrow_story(st)], title="T")
    finally:
        os.umask(old)
    pdfcheck.assert_fonts_clean(out)
    assert pdfcheck.viewer_preferences(out)["/PrintScaling"] == "/None"
    assert "/Duplex" not in pdfcheck.viewer_preferences(out)  # one-sided report
    assert pdfcheck.creation_date(out).startswith(f"D:{date.today():%Y%m%d}")
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)
    assert "☑ Klaar ★ ● ⚠" in PdfReader(str(out)).pages[0].extract_text()


def test_private_umask_is_respected(tmp_path):
    old = os.umask(0o077)
    try:
        out = common.build_a4(tmp_path / "p.pdf", [], title="T")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o600


def test_deterministic_only_when_asked(tmp_path, monkeypatch):
    st = common.styles()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    a = common.build_a4(tmp_path / "a.pdf", _narrow_story(st), title="T").read_bytes()
    b = common.build_a4(tmp_path / "b.pdf", _narrow_story(st), title="T").read_bytes()
    assert a == b and b"D:20260101" in a


def test_page_x_of_y_and_header_on_the_body_grid(tmp_path):
    from reportlab.platypus import PageBreak

    st = common.styles()
    story = [common.para("Een", st.body), PageBreak(), common.RunningHeader("Lieve Janssens"),
             common.para("Twee", st.body), PageBreak(), common.para("Drie", st.body)]
    out = common.build_a4(tmp_path / "n.pdf", story, title="Wandellijst", subtitle="Kerst")
    texts = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert "Pagina 1 van 3" in texts[0] and "Pagina 3 van 3" in texts[2]
    assert "Kerst" in texts[0] and "Lieve Janssens" in texts[1] and "Lieve Janssens" in texts[2]


def test_demo_reports_fit_the_frame_use_clean_fonts_and_hyphenate(db, tmp_path, wide_tables):
    from app.services.actions import report
    from app.services.demo import create_demo
    from app.services.printing import step_report

    with db.transaction() as s:
        traj = create_demo(s)
    with db.session() as s:
        from sqlalchemy import select

        from app.models.core import Trajectory

        tid = s.scalars(select(Trajectory.id)).one()
        st = common.styles()
        stories = {"plan": report.build_story(s, tid, st)}
        for step in (0, 1, 2, 3, 4, 5, 6, 7):
            stories[f"step{step}"] = step_report.step_story(s, tid, step, st)
        for name, story in stories.items():
            vocab = pdfcheck.story_words(story)
            out = common.build_a4(tmp_path / f"{name}.pdf", list(story), title=name,
                                  subtitle="Heidebeek")
            pdfcheck.assert_fonts_clean(out)
            bad = pdfcheck.unexplained_fragments(out, vocab | _furniture(name, "Heidebeek"))
            assert not bad, (name, bad)
    assert wide_tables
    too_wide = [(kind, w, aw) for kind, w, aw in wide_tables if w > aw + 0.01]
    assert not too_wide, too_wide
    del traj


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_printable_of_the_demo(db, tmp_path, wide_tables, monkeypatch, lang):
    """Everything tools/render_prints.py renders: only bundled fonts, embedded and used; no
    print scaling; long-edge duplex exactly where there are backs; a real creation date;
    tables and charts within their frames."""
    from sqlalchemy import select

    from app.models.core import Trajectory
    from app.services.demo import create_demo
    from tools.render_prints import _printables

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    i18n.set_language(lang)
    with db.transaction() as s:
        create_demo(s)
    with db.session() as s:
        tid = s.scalars(select(Trajectory.id)).one()
        printables = _printables(s, tid, s)
        assert len(printables) >= 20
        for name, render in printables.items():
            out = tmp_path / f"{name}.pdf"
            render(out)
            pdfcheck.assert_fonts_clean(out)
            prefs = pdfcheck.viewer_preferences(out)
            assert prefs.get("/PrintScaling") == "/None", name
            duplex = name.startswith("cards-")
            assert (prefs.get("/Duplex") == "/DuplexFlipLongEdge") == duplex, name
            assert pdfcheck.creation_date(out).startswith(f"D:{date.today():%Y%m%d}"), name
    too_wide = [(kind, w, aw) for kind, w, aw in wide_tables if w > aw + 0.01]
    assert not too_wide, too_wide


def test_no_heading_ends_a_page(db, tmp_path, monkeypatch):
    """In the plan report and every step print of the demo, the last thing on a page is never
    a heading: headings keep with what follows them."""
    from sqlalchemy import select

    from app.models.core import Trajectory
    from app.services.actions import report
    from app.services.demo import create_demo
    from app.services.printing import step_report

    last_on_page: dict[tuple[str, int], object] = {}
    original = Frame.add
    current = {"doc": ""}

    def add(self, flowable, canv, trySplit=0):
        placed = original(self, flowable, canv, trySplit)
        if placed:
            last_on_page[(current["doc"], canv.getPageNumber())] = flowable
        return placed

    monkeypatch.setattr(Frame, "add", add)
    with db.transaction() as s:
        create_demo(s)
    with db.session() as s:
        tid = s.scalars(select(Trajectory.id)).one()
        current["doc"] = "plan"
        report.write_plan_report(s, tid, tmp_path / "plan.pdf")
        for step in range(8):
            current["doc"] = f"step{step}"
            step_report.print_step(s, tid, step, tmp_path / f"s{step}.pdf")
    assert len({doc for doc, _page in last_on_page}) == 9
    orphans = [(key, flowable.text) for key, flowable in last_on_page.items()
               if getattr(getattr(flowable, "style", None), "name", "") in ("h1", "h2", "title")]
    assert not orphans, orphans


def test_french_punctuation_never_starts_a_line(tmp_path):
    i18n.set_language("fr")
    st = common.styles()
    rows = [["Comment le saurons-nous et comment le montrer ?", "« Oui » : bien ; vraiment !"]
            for _i in range(6)]
    story = [common.data_table(["Question", "Réponse"], rows[:1], st, [w * mm, None])
             for w in range(24, 76)]  # some width puts the break right before "?"
    out = common.build_a4(tmp_path / "fr.pdf", story, title="T")
    lines = [ln.strip() for p in PdfReader(str(out)).pages for ln in p.extract_text().splitlines()]
    assert not [ln for ln in lines if ln[:1] in "?!:;»"], lines
