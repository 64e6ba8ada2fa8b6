"""Importing a municipality's list of people into the target list: the file, the column
mapping with a preview, duplicates, and a report of what was added, skipped or refused."""
from __future__ import annotations

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.errors import AppError
from app.services.i18n import _, ngettext
from app.services.outreach import importer


def import_people(page) -> None:
    """Run the import for the outreach page's current campaign."""
    from app.services import tabular
    from app.views.widgets.import_dialog import (
        ImportDialog,
        ImportPreview,
        ImportTarget,
        PreviewRow,
    )

    cid = page._campaign_id
    path, _f = QFileDialog.getOpenFileName(
        page, _("Import a list of people"), QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation),
        _("Tables (*.csv *.xlsx *.txt)"))
    if not path or not cid:
        return
    try:
        table = tabular.read_table(path)
    except AppError as exc:
        page._error(_("Import"), exc)
        return
    targets = [ImportTarget(t.key, t.label, t.required, list(t.synonyms))
               for t in importer.TARGETS]

    def preview(mapping):
        with page.ctx.session() as s:
            try:
                rows = importer.prepare(s, cid, table, mapping)
            except AppError as exc:
                return ImportPreview([PreviewRow(1, [], exc.user_message())])
        out = []
        for r in rows:
            vals = [str(r.values.get(t.key) or "") for t in targets]
            note = _("looks like {name}: skipped").format(name=r.duplicate_of) \
                if r.duplicate_of else ""
            out.append(PreviewRow(r.line, vals, r.problem, note))
        return ImportPreview(out, rows)

    dialog = ImportDialog(table, targets, preview, _("Import a list of people"), page)
    if dialog.exec() != ImportDialog.DialogCode.Accepted or dialog.result_preview is None:
        return
    rows = dialog.result_preview.payload
    keep = False
    dups = sum(1 for r in rows if r.duplicate_of and not r.problem)
    if dups:
        keep = QMessageBox.question(
            page, _("Possible duplicates"), ngettext(
                "{n} row looks like someone already on the list. Add it anyway?",
                "{n} rows look like people already on the list. Add them anyway?",
                dups).format(n=dups),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes
    try:
        with page.ctx.write() as s:
            result = importer.import_rows(s, cid, rows, keep_duplicates=keep)
    except AppError as exc:
        page._error(_("Import"), exc)
        return
    page.ctx.notify(result.changes)
    lines = [ngettext("{n} person added.", "{n} people added.", result.added)
             .format(n=result.added)]
    if result.duplicates:
        lines.append(ngettext("{n} likely duplicate skipped:", "{n} likely duplicates "
                              "skipped:", len(result.duplicates))
                     .format(n=len(result.duplicates)))
        lines += [_("line {line}: looks like {name}").format(line=ln, name=who)
                  for ln, who in result.duplicates[:20]]
    if result.rejected:
        lines.append(ngettext("{n} row could not be read:", "{n} rows could not be read:",
                              len(result.rejected)).format(n=len(result.rejected)))
        lines += [_("line {line}: {reason}").format(line=ln, reason=why)
                  for ln, why in result.rejected[:20]]
    QMessageBox.information(page, _("Import"), "\n".join(lines))
