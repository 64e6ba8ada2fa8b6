"""Importing a municipality's list of people into the target list: the file, the column
mapping with a preview of every row (problems marked per cell), how two-digit years are read
and what happens to likely duplicates, then one summary of what was added, skipped or needs
checking."""
from __future__ import annotations

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.errors import AppError
from app.services.i18n import N_, _, format_date
from app.services.outreach import importer

REPORT_LINES = 25  # the summary lists this many people per part; the rest via the filter

TWO_DIGIT_HELP = N_("Automatically: the century that makes the person 0 to 110 years old; "
                    "where both could, the one of the other years in the column")
TWO_DIGIT_CHOICES = [
    ("auto", N_("Automatically")),
    ("1900", N_("Always 19xx (03/02/25 is 1925)")),
    ("2000", N_("Always 20xx (03/02/25 is 2025)")),
]
DUPLICATE_CHOICES = [
    ("skip", N_("Skip them")),
    ("keep", N_("Add them anyway")),
]


def _options():
    from app.views.widgets.import_dialog import ImportOption

    return [ImportOption("two_digit", N_("Birth years of two digits (03/02/25)"),
                         TWO_DIGIT_CHOICES, "auto", TWO_DIGIT_HELP),
            ImportOption("duplicates", N_("Rows that look like someone already on the list"),
                         DUPLICATE_CHOICES, "skip")]


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ("birth_date", "widowed_since"):
        return format_date(value)
    return str(value)


# fields the person has no column for: the preview shows them as the file wrote them
_AS_WRITTEN = ("address", "household_size", "civil_status")


def preview_rows(prepared, targets) -> list:
    """The importer's rows as the dialog's preview rows."""
    from app.views.widgets.import_dialog import PreviewRow

    index = {t.key: i for i, t in enumerate(targets)}
    out = []
    for r in prepared.rows:
        vals = []
        for t in targets:
            shown = "" if t.key in _AS_WRITTEN else _shown(t.key, r.values.get(t.key))
            if not shown and (t.key in _AS_WRITTEN or t.key in r.bad_fields):
                shown = r.raw.get(t.key, "")  # what the file says, when it was not taken over
            vals.append(shown)
        marks, kinds = {}, []
        texts = r.warning_texts()
        for key in sorted(r.bad_fields):
            if key in index:
                marks[index[key]] = "; ".join(texts) or r.problem
                kinds.append(_(targets[index[key]].label))
        if r.problem:
            kinds = [_("Likely duplicate") if r.duplicate_of else _("No name")]
        elif any(w["code"] == "national_number_removed" for w in r.warnings):
            kinds.append(_("National register number left out"))
        out.append(PreviewRow(r.line, vals, r.problem, "; ".join(texts), marks, kinds))
    return out


def import_people(page) -> None:
    """Run the import for the outreach page's current campaign."""
    from app.views.widgets.import_dialog import ImportDialog, ImportTarget

    cid = page._campaign_id
    table = _ask_table(page) if cid else None
    if table is None:
        return
    targets = [ImportTarget(t.key, t.label, t.required, list(t.synonyms))
               for t in importer.TARGETS]
    dialog = ImportDialog(table, targets, _previewer(page, cid, table, targets),
                          _("Import a list of people"), page, options=_options())
    if dialog.exec() != ImportDialog.DialogCode.Accepted or dialog.result_preview is None:
        return
    if dialog.result_preview.payload is not None:
        _import_and_report(page, cid, dialog.result_preview.payload)


def _ask_table(page):
    """The table of the file the user chose; None when none was chosen or it cannot be read
    (the user was told why)."""
    path, _f = QFileDialog.getOpenFileName(
        page, _("Import a list of people"), QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation),
        _("Tables (*.csv *.txt *.xlsx *.xls *.ods)"))
    if not path:
        return None
    try:
        return importer.read(path)
    except AppError as exc:
        page._error(_("Import"), exc)
        return None


def _previewer(page, cid: str, table, targets):
    """The dialog's preview: the rows as they would be imported, with their problems."""
    from app.views.widgets.import_dialog import ImportPreview, PreviewRow

    def preview(mapping, options):
        with page.ctx.session() as s:
            try:
                prepared = importer.prepare(
                    s, cid, table, mapping, two_digit=options.get("two_digit", "auto"),
                    keep_duplicates=options.get("duplicates") == "keep")
            except AppError as exc:
                return ImportPreview([PreviewRow(1, [], exc.user_message())])
        return ImportPreview(preview_rows(prepared, targets), prepared)
    return preview


def _import_and_report(page, cid: str, prepared) -> None:
    try:
        with page.ctx.write() as s:
            result = importer.import_rows(s, cid, prepared)
    except AppError as exc:
        page._error(_("Import"), exc)
        return
    page.ctx.notify(result.changes)
    lines = importer.report_lines(result, limit=REPORT_LINES)
    if result.to_check:
        lines.append(_("Tick “Needs checking” above the target list to see these people; "
                       "the warning goes when you correct and save the person, or with "
                       "“Checked”."))
    QMessageBox.information(page, _("Import"), "\n".join(lines))
