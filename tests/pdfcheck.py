"""Checks a print designer (or a print shop's preflight) makes on our PDFs, with pypdf."""
from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

_TF = re.compile(rb"/([^\s/\[\]()<>]+)\s+[-\d.]+\s+Tf")


def _page_fonts(page) -> dict[str, object]:
    res = page.get("/Resources") or {}
    fonts = res.get("/Font") or {}
    return {name[1:]: ref.get_object() for name, ref in fonts.items()}


def fonts(path: Path) -> dict[str, dict]:
    """BaseFont -> {"embedded": bool, "used": bool} over the whole document."""
    out: dict[str, dict] = {}
    for page in PdfReader(str(path)).pages:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        used = {m.decode() for m in _TF.findall(data)}
        for key, font in _page_fonts(page).items():
            base = str(font.get("/BaseFont"))
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            entry = out.setdefault(base, {"embedded": embedded, "used": False})
            entry["used"] |= key in used
    return out


def assert_fonts_clean(path: Path) -> None:
    found = fonts(path)
    assert found, "no fonts at all"
    for base, info in found.items():
        assert "Helvetica" not in base and "Times" not in base and "Courier" not in base, base
        assert info["embedded"], f"{base} is not embedded"
        assert info["used"], f"{base} is referenced but never used"


def viewer_preferences(path: Path) -> dict:
    root = PdfReader(str(path)).trailer["/Root"]
    vp = root.get("/ViewerPreferences")
    return {k: str(v) for k, v in (vp.get_object().items() if vp else [])}


def creation_date(path: Path) -> str:
    return str(PdfReader(str(path)).metadata.get("/CreationDate"))


def words_of(*texts: str) -> set[str]:
    out = set()
    for text in texts:
        for token in str(text).split():
            token = token.strip(".,;:!?()«»“”\"'’…")
            out.add(token)
            out.update(part for part in re.split(r"[-/]", token) if part)
    return out


def story_words(flowables) -> set[str]:
    """The words of every paragraph in a story (tables and kept groups included)."""
    from reportlab.platypus import Paragraph, Table

    texts: list[str] = []

    def walk(item):
        if isinstance(item, (list, tuple)):
            for x in item:
                walk(x)
        elif isinstance(item, Paragraph):
            texts.append(re.sub(r"<[^>]+>", " ", item.text).replace("&amp;", "&")
                         .replace("&lt;", "<").replace("&gt;", ">"))
        elif isinstance(item, Table):
            walk(item._cellvalues)
        elif isinstance(item, str):
            texts.append(item)
        elif hasattr(item, "_content"):
            walk(item._content)
        elif hasattr(item, "contents"):  # a drawing or a group of shapes
            walk(item.contents)
        elif hasattr(item, "text") and isinstance(item.text, str):  # a drawing's String
            texts.append(item.text)
    walk(flowables)
    return words_of(*texts)


def unexplained_fragments(path: Path, vocabulary: set[str]) -> list[str]:
    """Tokens of the extracted text that are no word of the source: the tail of a word broken
    without a hyphen ("Duurzaam|heid" leaves "heid"). A tail after a hyphenated head
    ("Duur-" + "zaamheid") is fine, and so are a page's furniture and numbers."""
    strip = ".,;:!?()«»“”\"'’…"
    tokens = [t.strip(strip) for page in PdfReader(str(path)).pages
              for t in (page.extract_text() or "").split()]
    heads = [t[:-1] for t in tokens if t.endswith("-") and len(t) > 1]
    bad = []
    for t in tokens:
        if not t or t in vocabulary or t.endswith("-") or not any(c.isalpha() for c in t):
            continue
        if any(part in vocabulary for part in re.split(r"[-/]", t) if part) and "-" in t:
            continue
        if any((h + t) in vocabulary or any(w.startswith(h) and w.endswith(t)
                                            for w in vocabulary) for h in heads):
            continue
        bad.append(t)
    return bad
