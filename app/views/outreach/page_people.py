"""The Home visits page's actions on the target list: import, select by rule, a visitor per
street, many people at once, merging a duplicate, entering a round and logging a visit from
the worklist. A part of `OutreachPage` (see outreach_panel.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.models.outreach import OutreachPerson
from app.services.errors import AppError
from app.services.i18n import _
from app.services.outreach import campaigns, people
from app.views.outreach import lists
from app.views.outreach.dialogs import AssignStreetDialog, RuleDialog


class TargetListActions:
    """Mixed into `OutreachPage`: uses its `ctx`, `_campaign_id`, `people`, `visits`,
    `_error` and `print_`."""

    def import_file(self) -> None:
        from app.views.outreach.import_flow import import_people

        import_people(self)

    def select_by_rule(self) -> None:
        cid = self._campaign_id
        with self.ctx.session() as s:
            camp = campaigns.get_campaign(s, cid, writable=False)
            kind, village = camp.kind, camp.village
        dialog = RuleDialog(self.ctx, cid, kind, village, self)
        if dialog.exec() != RuleDialog.DialogCode.Accepted:
            return
        rule, replace = dialog.rule(), dialog.replace.isChecked()
        try:  # one undo step for the whole list
            self.ctx.edit_many(OutreachPerson, lambda s: people.select_by_rule(
                s, cid, rule, replace=replace)[1])
        except AppError as exc:
            self._error(_("Select by rule"), exc)

    def assign_street(self) -> None:
        cid = self._campaign_id
        with self.ctx.session() as s:
            streets = people.streets(s, cid)
            visitors = lists._visitor_options(s, self.ctx.trajectory_id)
        if not streets or not visitors:
            QMessageBox.information(self, _("Assign a visitor"), _(
                "Add people with an address and at least one visitor first."))
            return
        dialog = AssignStreetDialog(streets, visitors, self)
        if dialog.exec() != AssignStreetDialog.DialogCode.Accepted:
            return
        street, vid = dialog.street(), dialog.visitor_id()
        try:
            self.ctx.edit_many(OutreachPerson, people.assign_visitor, cid, vid, street=street)
        except AppError as exc:
            self._error(_("Assign a visitor"), exc)

    def bulk_actions(self) -> None:
        """Many people, one dialog, one undo step."""
        from app.views.outreach.dialogs import BulkDialog

        cid = self._campaign_id
        dialog = BulkDialog(self.ctx, cid, self.people.selected_ids(), self)
        accepted = dialog.exec() == BulkDialog.DialogCode.Accepted
        (action, value), ids = dialog.choice(), dialog.ids
        dialog.deleteLater()
        if not accepted or not ids:
            return
        try:
            if action == "assign":
                self.ctx.edit_many(OutreachPerson, people.assign_visitor, cid, value,
                                   person_ids=ids)
            elif action in ("on", "off"):
                self.ctx.edit_many(OutreachPerson, people.set_on_visit_list, cid, ids,
                                   action == "on")
            else:
                self.print_cards_for(value, ids)
        except AppError as exc:
            self._error(_("For the chosen people"), exc)

    def print_cards_for(self, kind: str, person_ids: list[str]) -> None:
        self.print_(kind, person_ids=person_ids)

    def merge_duplicate(self) -> None:
        pid = self.people.current_id()
        if not pid:
            QMessageBox.information(self, _("Merge duplicate"), _("Select a person first."))
            return
        cid = self._campaign_id
        with self.ctx.session() as s:
            values = people.person_values(s, pid)
            found = people.find_duplicates(s, cid, values, exclude=pid) if values else []
        if not found:
            QMessageBox.information(self, _("Merge duplicate"),
                                    _("No likely duplicate of this person was found."))
            return
        texts = [f"{c.label} ({', '.join(c.reasons)})" for c in found]
        choice, ok = QInputDialog.getItem(
            self, _("Merge duplicate"), _("Merge this record into the selected person? Its "
                                          "visits, consents and referrals move along."),
            texts, 0, False)
        if not ok:
            return
        other = found[texts.index(choice)].person_id
        try:
            self.ctx.run(people.merge_people, pid, other)
        except AppError as exc:
            self._error(_("Merge duplicate"), exc)

    def enter_round(self) -> None:
        from app.views.outreach.round_entry import RoundEntryDialog

        if self._campaign_id:
            dialog = RoundEntryDialog(self.ctx, self._campaign_id, self)
            dialog.exec()
            dialog.deleteLater()

    def log_visit_for(self, person_id: str) -> None:
        """From the worklist: the visit form, and back on the worklist (issue 17)."""
        self.visits.add_for(person_id)
