"""The Home visits page's campaign dialogs: a new campaign and its settings (with the logo
on its cards). A part of `OutreachPage` (see outreach_panel.py)."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox

from app.models.outreach import OutreachCampaign
from app.services.errors import AppError
from app.services.i18n import _
from app.services.outreach import campaigns
from app.views.outreach.dialogs import CAMPAIGN_FIELDS, follow_kind_defaults
from app.views.widgets.form import RecordDialog


class CampaignDialogs:
    """Mixed into `OutreachPage`: uses its `ctx` and `_campaign_id`."""

    def _error(self, title: str, exc: AppError) -> None:
        QMessageBox.warning(self, title, exc.user_message())

    def _campaign_dialog(self, title: str, values: dict,
                         campaign_id: str | None = None) -> dict | None:
        from app.views.outreach.logo_picker import LogoPicker

        with self.ctx.session() as s:
            dialog = RecordDialog(title, CAMPAIGN_FIELDS, values, s, self.ctx.trajectory_id,
                                  parent=self)
        self.logo_picker = LogoPicker(campaign_id, dialog)  # applied once the campaign is saved
        dialog.form.layout().addRow(_("Logo on the cards"), self.logo_picker)
        return dialog.values() if dialog.exec() == RecordDialog.DialogCode.Accepted else None

    def new_campaign(self) -> None:
        """One dialog: the kind is chosen in the form, and choosing it fills in that kind's
        defaults (retry days, retention, greeting) where the user has not typed over them."""
        if not self.ctx.trajectory_id:
            return
        with self.ctx.session() as s:
            dialog = RecordDialog(_("New campaign"), CAMPAIGN_FIELDS,
                                  {"start_date": date.today()}, s, self.ctx.trajectory_id,
                                  parent=self)
        follow_kind_defaults(dialog.form)
        from app.views.outreach.logo_picker import LogoPicker

        self.logo_picker = LogoPicker(None, dialog)  # applied once the campaign is saved
        dialog.form.layout().addRow(_("Logo on the cards"), self.logo_picker)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        result = dialog.values()
        name, kind = result.pop("name"), result.pop("kind") or "general"
        mirror = campaigns.mirror_action if result.get("action_id") is None else None
        try:
            self._campaign_id = self.ctx.add_with(
                OutreachCampaign, lambda s: campaigns.create_campaign(
                    s, self.ctx.trajectory_id, name, kind, **result), after_undo=mirror)
            self.logo_picker.apply(self._campaign_id)
        except AppError as exc:
            self._error(_("New campaign"), exc)

    def edit_campaign(self) -> None:
        cid = self._campaign_id
        if not cid:
            return
        with self.ctx.session() as s:
            camp = campaigns.get_campaign(s, cid, writable=False)
            values = {f.key: getattr(camp, f.key) for f in CAMPAIGN_FIELDS}
            revision = camp.revision
        result = self._campaign_dialog(_("Campaign settings"), values, cid)
        if result is None:
            return
        try:
            self.ctx.edit_with(OutreachCampaign, cid, campaigns.update_campaign, cid,
                               based_on=revision, **result)
            self.logo_picker.apply(cid)
        except AppError as exc:
            self._error(_("Campaign settings"), exc)
