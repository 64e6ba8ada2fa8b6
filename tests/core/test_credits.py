"""Credit to the method's makers: the toolkit's title, authors and institution, and the
sources of the ★, in the About box, the plan report, the README and the guide's first page."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.services import credits, i18n

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("Lise Switsers", "Wim Wouters", "Thomas More", "Mobilab & Care",
         "Eenzaamheid op het platteland")


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_credit_names_toolkit_authors_and_institution_in_every_language(lang):
    i18n.set_language(lang)
    text = credits.credit() + " " + credits.proven_note()
    for name in (*NAMES, *credits.PROVEN_SOURCES):
        assert name in text, (lang, name)
    assert "Zorg en Welzijn" in text or "Care and Well-being" in text


def test_the_about_box_gives_the_credit(app_window):
    i18n.set_language("fr")
    text = app_window.window.about_text()
    assert "Buurtverbinder" in text and "Lise Switsers" in text and "revues" in text


def test_the_plan_report_has_a_colophon_with_the_credit(demo_db, tmp_path):
    from app.models.core import Trajectory
    from app.services.actions.report import write_plan_report

    i18n.set_language("en")
    with demo_db.session() as s:
        out = write_plan_report(s, s.scalar(select(Trajectory.id)), tmp_path / "plan.pdf")
    first = PdfReader(str(out)).pages[0].extract_text().replace("\n", " ")
    assert "About the method" in first
    for name in ("Lise Switsers", "Wim Wouters", "Thomas More", "Mobilab & Care",
                 "Eccles & Qualter, 2021"):
        assert name in first, name


@pytest.mark.parametrize("page", ["README.md", "docs/handleiding/nl/index.md",
                                  "docs/handleiding/fr/index.md", "docs/handleiding/en/index.md"])
def test_readme_and_the_guides_first_page_give_the_credit(page):
    text = (ROOT / page).read_text(encoding="utf-8").replace("\n", " ")
    for name in NAMES:
        assert name in text, (page, name)
    assert "Eccles & Qualter" in text
