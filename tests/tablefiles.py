"""Build the files municipalities send, the way Excel and LibreOffice write them: CSV in
cp1252, UTF-8 (with or without BOM), Excel's "Unicode text" (UTF-16 LE, BOM, tabs), XLSX with
typed cells (openpyxl) and ODS (a minimal OpenDocument spreadsheet written by hand)."""
from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape


def write_text(path: Path, rows: list[list[str]], kind: str) -> Path:
    """kind: cp1252 | utf-8 | utf-8-bom | utf-16 (Excel's Unicode text) | utf-8-comma."""
    delimiter = {"utf-16": "\t", "utf-8-comma": ","}.get(kind, ";")
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    if kind == "cp1252":
        data = text.encode("cp1252")
    elif kind == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif kind == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode("utf-8")
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, rows: list[list], percent_cells: tuple[tuple[int, int], ...] = (),
               date_format: str = "DD/MM/YYYY") -> Path:
    """`rows` may hold None (empty row or cell), numbers, dates; `percent_cells` (1-based row,
    column) get the 0.0% format, as a statistics portal's workbook has."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row or [], start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, (date, datetime)):
                cell.number_format = date_format
    for r, c in percent_cells:
        ws.cell(row=r, column=c).number_format = "0.0%"
    wb.save(path)
    return path


def _ods_cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, (date, datetime)):
        iso = value.isoformat() if isinstance(value, date) and not isinstance(
            value, datetime) else value.isoformat(timespec="seconds")
        return (f'<table:table-cell office:value-type="date" office:date-value="{iso}">'
                f"<text:p>{value.strftime('%d/%m/%Y')}</text:p></table:table-cell>")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{str(value).replace('.', ',')}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>")


def write_ods(path: Path, rows: list[list]) -> Path:
    body = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in (row or [None])) +
                   "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="Blad1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                    compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path
