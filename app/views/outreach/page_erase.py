"""The Home visits page's printing (the registry's outreach printables) and the erasure of a
campaign's personal data, also from the backups. A part of `OutreachPage` (see
outreach_panel.py)."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox

from app.services.errors import AppError
from app.services.i18n import _, format_date
from app.services.outreach import campaigns, retention
from app.views.erasure import erase_everywhere


class PrintAndErase:
    """Mixed into `OutreachPage`: uses its `ctx`, `_campaign_id` and `_error`."""

    def print_(self, key: str, **options) -> None:
        """A printable of the registry about this campaign (`options`: e.g. person_ids)."""
        cid = self._campaign_id
        if not cid:
            return
        from app.views.save_pdf import save_printable

        with self.ctx.session() as s:
            name = campaigns.get_campaign(s, cid, writable=False).name
        save_printable(self, self.ctx, key, name, campaign_id=cid, **options)

    def erase(self) -> None:
        cid = self._campaign_id
        if not cid:
            return
        with self.ctx.session() as s:
            pv = retention.preview(s, cid, date.today())
        if not pv.allowed:
            when = format_date(pv.erase_after, "long") if pv.erase_after else "—"
            QMessageBox.information(self, _("Erase personal data"), _(
                "The retention period of this campaign runs until {date}. Its personal data "
                "can be erased after that date.").format(date=when) if pv.erase_after else _(
                "Give the campaign an end date first; the retention period counts from it."))
            return
        text = _("This erases for good the names, addresses, phone numbers, birth dates and "
                 "free text of {people} people, {visits} visits with notes, {consents} "
                 "consents and {referrals} referrals. Only anonymous counts stay. This cannot "
                 "be undone.").format(people=pv.people, visits=pv.visits_with_text,
                                      consents=pv.consents, referrals=pv.referrals)
        answer = QMessageBox.warning(self, _("Erase personal data"), text,
                                     QMessageBox.StandardButton.Yes |
                                     QMessageBox.StandardButton.Cancel,
                                     QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        found: set[str] = set()
        try:
            self.ctx.run(lambda s: retention.erase_campaign(s, cid, date.today(),
                                                            found=found)[1])
        except AppError as exc:
            self._error(_("Erase personal data"), exc)
            return
        # the file's free pages and log, the logs and the old backup copies still hold what
        # was just erased: clean them too (app.views.erasure, the one flow for every erasure)
        erase_everywhere(self, self.ctx, found, retention.backup_eraser(cid, date.today()))
        self.print_("erase_report")
