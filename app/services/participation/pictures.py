"""Bundled persona illustrations: friendly, neutral faces drawn from a few simple shapes.

Each picture is a list of shape dicts in a 100 × 100 box (y down), so the same drawing can be
written as SVG (resources/personas/<key>.svg), drawn on a PDF card (ReportLab) and on screen
(QPainter) without any image library. `write_svg_files()` regenerates the bundled SVG files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services import paths
from app.services.atomic import atomic_write_text
from app.services.i18n import N_

Shape = dict

INK = "#3b3b3b"


@dataclass(frozen=True)
class Avatar:
    key: str
    label: str  # msgid: what the picture shows, for pickers and screen readers
    skin: str
    hair: str
    style: str  # short, long, bun, bald, cap, curly, scarf, ponytail
    shirt: str
    background: str
    glasses: bool = False
    beard: bool = False


AVATARS: tuple[Avatar, ...] = (
    Avatar("farmer", N_("Man with a cap"), "#e9b98f", "#6b4a2b", "cap", "#4f7a3a", "#dcebd2",
           beard=True),
    Avatar("older_woman", N_("Older woman with glasses"), "#f1c9a5", "#d9d9d9", "bun",
           "#8a5a9b", "#efe2f3", glasses=True),
    Avatar("teen", N_("Teenager with a ponytail"), "#c68c5f", "#2e2018", "ponytail", "#e07a3f",
           "#fde7d6"),
    Avatar("parent", N_("Woman with long hair"), "#f3cfb0", "#9b5b2e", "long", "#3f7fb5",
           "#dbe9f5"),
    Avatar("newcomer", N_("Woman with a headscarf"), "#b8825a", "#2f5d62", "scarf", "#c9a227",
           "#f6efd0"),
    Avatar("carer", N_("Man with short grey hair"), "#e8b48c", "#9a9a9a", "short", "#2f6f5e",
           "#d9eee8", glasses=True),
    Avatar("older_man", N_("Older man without hair"), "#f0c4a0", "#cfcfcf", "bald", "#7c6a55",
           "#ede6dc", glasses=True),
    Avatar("young_man", N_("Young man with curly hair"), "#8d5a3b", "#1f1a17", "curly",
           "#5b8c85", "#e0f0ee"),
    Avatar("woman_short", N_("Woman with short hair"), "#f5d3b8", "#c98a3c", "short",
           "#b5485f", "#f7dfe4"),
    Avatar("man_beard", N_("Man with a beard"), "#d9a27a", "#4a3426", "short", "#5a6fa8",
           "#e1e6f4", beard=True),
    Avatar("neutral_a", N_("Person, simple icon (green)"), "#e2b48f", "#5c4433", "short",
           "#6f9a52", "#e6f0dc"),
    Avatar("neutral_b", N_("Person, simple icon (blue)"), "#c99470", "#3a2c24", "bun",
           "#4e7fa6", "#dfeaf3"),
)
_BY_KEY = {a.key: a for a in AVATARS}


def keys() -> list[str]:
    return [a.key for a in AVATARS]


def get(key: str) -> Avatar | None:
    return _BY_KEY.get(key)


def _c(cx, cy, r, fill=None, stroke=None, width=1.0) -> Shape:
    return {"t": "ellipse", "cx": cx, "cy": cy, "rx": r, "ry": r, "fill": fill,
            "stroke": stroke, "w": width}


def _e(cx, cy, rx, ry, fill) -> Shape:
    return {"t": "ellipse", "cx": cx, "cy": cy, "rx": rx, "ry": ry, "fill": fill,
            "stroke": None, "w": 0}


def _r(x, y, w, h, fill, radius=0.0) -> Shape:
    return {"t": "rect", "x": x, "y": y, "wd": w, "h": h, "rad": radius, "fill": fill}


def _poly(points, fill=None, stroke=None, width=1.0, closed=True) -> Shape:
    return {"t": "poly", "pts": points, "fill": fill, "stroke": stroke, "w": width,
            "closed": closed}


def _hair_back(a: Avatar) -> list[Shape]:
    if a.style == "long":
        return [_r(29, 32, 42, 44, a.hair, 14)]
    if a.style == "ponytail":
        return [_e(70, 40, 8, 14, a.hair)]
    if a.style == "scarf":
        return [_e(50, 50, 24, 28, a.hair), _r(28, 58, 44, 26, a.hair, 10)]
    if a.style == "bun":
        return [_c(50, 19, 8, a.hair)]
    return []


def _hair_front(a: Avatar) -> list[Shape]:
    if a.style in ("short", "long", "bun", "ponytail"):
        return [_e(50, 33, 18.5, 11, a.hair), _r(31.5, 31, 5, 14, a.hair, 2.5),
                _r(63.5, 31, 5, 14, a.hair, 2.5)]
    if a.style == "curly":
        return [_c(x, y, 6.5, a.hair) for x, y in
                ((37, 31), (44, 26), (52, 25), (60, 28), (65, 35), (34, 38))]
    if a.style == "bald":
        return [_e(33, 44, 3.5, 7, a.hair), _e(67, 44, 3.5, 7, a.hair)]
    if a.style == "cap":
        return [_e(50, 31, 19, 10, a.hair),
                _poly([(31, 33), (69, 33), (72, 30), (60, 21), (40, 21), (28, 30)], "#5d6b3a"),
                _r(44, 30, 32, 5, "#4a5630", 2.5)]
    return []


def shapes(key: str) -> list[Shape]:
    """The drawing of one avatar, back to front (unknown key: a plain silhouette)."""
    a = _BY_KEY.get(key) or AVATARS[-1]
    out: list[Shape] = [_r(0, 0, 100, 100, a.background, 14)]
    out += _hair_back(a)
    out.append(_e(50, 98, 33, 24, a.shirt))  # shoulders
    out.append(_r(44, 60, 12, 14, a.skin, 4))  # neck
    face_r = (13.5, 16) if a.style == "scarf" else (17, 20)
    out.append(_e(50, 46, face_r[0], face_r[1], a.skin))
    out += _hair_front(a)
    if a.beard:
        out.append(_poly([(35, 50), (65, 50), (62, 62), (50, 67), (38, 62)], a.hair))
        out.append(_e(50, 56, 6, 2.6, a.skin))
    out += [_c(44, 46, 1.9, INK), _c(56, 46, 1.9, INK)]
    out.append(_poly([(44, 54), (47, 56.6), (50, 57.3), (53, 56.6), (56, 54)], None, INK, 1.5,
                     closed=False))
    if a.glasses:
        out += [_c(44, 46, 4.8, None, INK, 1.1), _c(56, 46, 4.8, None, INK, 1.1),
                _poly([(48.8, 46), (51.2, 46)], None, INK, 1.1, closed=False)]
    return out


def to_svg(key: str) -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
             'width="200" height="200">',
             '<clipPath id="c"><rect x="0" y="0" width="100" height="100" rx="14"/></clipPath>',
             '<g clip-path="url(#c)">']
    for s in shapes(key):
        fill = s.get("fill") or "none"
        stroke = f' stroke="{s["stroke"]}" stroke-width="{s["w"]}"' if s.get("stroke") else ""
        if s["t"] == "ellipse":
            parts.append(f'<ellipse cx="{s["cx"]}" cy="{s["cy"]}" rx="{s["rx"]}" '
                         f'ry="{s["ry"]}" fill="{fill}"{stroke}/>')
        elif s["t"] == "rect":
            parts.append(f'<rect x="{s["x"]}" y="{s["y"]}" width="{s["wd"]}" height="{s["h"]}" '
                         f'rx="{s["rad"]}" fill="{fill}"/>')
        else:
            pts = " ".join(f"{x},{y}" for x, y in s["pts"])
            tag = "polygon" if s["closed"] else "polyline"
            extra = ' stroke-linecap="round" stroke-linejoin="round"' if stroke else ""
            parts.append(f'<{tag} points="{pts}" fill="{fill}"{stroke}{extra}/>')
    parts += ["</g>", "</svg>", ""]
    return "\n".join(parts)


def svg_folder() -> Path:
    return paths.resources_dir() / "personas"


def write_svg_files(folder: Path | None = None) -> list[Path]:
    folder = folder or svg_folder()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key in keys():
        path = folder / f"{key}.svg"
        atomic_write_text(path, to_svg(key))
        written.append(path)
    return written


def draw_reportlab(canvas, key: str, x: float, y_top: float, size: float) -> None:
    """Draw avatar `key` with its top-left corner at (x, y_top) in a bottom-up canvas."""
    from reportlab.lib.colors import HexColor

    k = size / 100.0

    def px(v):
        return x + v * k

    def py(v):
        return y_top - v * k

    canvas.saveState()
    clip = canvas.beginPath()
    clip.roundRect(x, y_top - size, size, size, 14 * k)
    canvas.clipPath(clip, stroke=0, fill=0)
    for s in shapes(key):
        fill, stroke = s.get("fill"), s.get("stroke")
        if fill:
            canvas.setFillColor(HexColor(fill))
        if stroke:
            canvas.setStrokeColor(HexColor(stroke))
            canvas.setLineWidth(s["w"] * k)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
        if s["t"] == "ellipse":
            canvas.ellipse(px(s["cx"] - s["rx"]), py(s["cy"] + s["ry"]), px(s["cx"] + s["rx"]),
                           py(s["cy"] - s["ry"]), stroke=1 if stroke else 0,
                           fill=1 if fill else 0)
        elif s["t"] == "rect":
            canvas.roundRect(px(s["x"]), py(s["y"] + s["h"]), s["wd"] * k, s["h"] * k,
                             s["rad"] * k, stroke=0, fill=1)
        else:
            path = canvas.beginPath()
            (x0, y0), *rest = s["pts"]
            path.moveTo(px(x0), py(y0))
            for xx, yy in rest:
                path.lineTo(px(xx), py(yy))
            if s["closed"]:
                path.close()
            canvas.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)
    canvas.restoreState()


if __name__ == "__main__":  # python -m app.services.participation.pictures
    for p in write_svg_files():
        print(p)
