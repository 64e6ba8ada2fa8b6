"""Render resources/icons/buurtverbinder.svg to the PNG, ICO and ICNS files the builds use.

    python packaging/make_icons.py [--force]

Qt's SVG renderer draws the PNGs; the ICO (Windows) and ICNS (macOS) containers are written
here with PNG-compressed entries, which every supported Windows and macOS version reads.
Existing files are kept unless --force (the renders are committed, so builds are repeatable).
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "buurtverbinder.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
# ICNS entry types holding PNG data, by pixel size
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: header, one directory entry per size, then the PNG data."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for size, kind in ICNS_TYPES.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    force = "--force" in argv
    targets = [ICONS / f"buurtverbinder-{s}.png" for s in PNG_SIZES]
    targets += [ICONS / "buurtverbinder.ico", ICONS / "buurtverbinder.icns"]
    if not force and all(t.exists() for t in targets):
        print("icons up to date (use --force to render again)")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    pngs = {size: render_png(size) for size in PNG_SIZES}
    for size, blob in pngs.items():
        (ICONS / f"buurtverbinder-{size}.png").write_bytes(blob)
    (ICONS / "buurtverbinder.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "buurtverbinder.icns").write_bytes(icns_bytes(pngs))
    print(f"rendered {len(targets)} icon files in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
