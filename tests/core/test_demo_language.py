"""The demo trajectory speaks the user's language: made in French or English, none of its texts
is left in Dutch (names of people, places and organisations aside, which are the same in every
language), and a file holds the demo once whatever the language."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.services import i18n


def demo_texts(tmp_path, lang: str) -> set[str]:
    """Every text value the demo stores, made with the UI in `lang`."""
    from app.models.base import Base
    from app.services.database import open_database
    from app.services.demo import create_demo

    i18n.set_language(lang)
    db = open_database(tmp_path / f"demo-{lang}.sqlite3")
    try:
        with db.transaction() as session:
            create_demo(session)
        texts: set[str] = set()
        with db.session() as session:
            for table in Base.metadata.sorted_tables:
                for row in session.execute(select(table)):
                    texts.update(v for v in row if isinstance(v, str) and " " in v.strip())
        return texts
    finally:
        db.close()
        i18n.set_language("nl")


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demos")
    return {lang: demo_texts(folder, lang) for lang in ("nl", "fr", "en")}


@pytest.mark.parametrize("lang,other", [("fr", "en"), ("en", "fr")])
def test_no_dutch_is_left_in_the_demo(demos, lang, other):
    # what reads the same in Dutch and in `lang` but not in `other` was never translated;
    # names (people, streets, villages, practices) read the same in all three
    dutch = (demos[lang] & demos["nl"]) - demos[other]
    assert dutch == set()


def test_the_demo_really_differs_per_language(demos):
    assert "Heidebeek – samen minder alleen" in demos["nl"]
    assert "Heidebeek – ensemble contre la solitude" in demos["fr"]
    assert "Heidebeek – less lonely together" in demos["en"]
    assert "CPAS de Heidebeek (OCMW) – service social" in demos["fr"]
    assert "LDC De Linde (local service centre)" in demos["en"]
    assert len(demos["fr"] - demos["nl"]) > 150


def test_the_demo_is_made_once_per_file_whatever_the_language(db):
    from app.services.demo import DemoExistsError, create_demo

    i18n.set_language("fr")
    with db.transaction() as session:
        create_demo(session)
    i18n.set_language("en")
    with pytest.raises(DemoExistsError), db.transaction() as session:
        create_demo(session)
