"""The visit form's behaviour (issue 17): the fields follow the outcome, the visitor comes
from the person, and the person is found by typing part of a name or a street.

`follow(dialog, ctx)` is applied to the visit log's RecordDialog. What a hidden field held is
left out when the form is saved, so the visit keeps only what its outcome allows; the service
(`visits._check_visit`) refuses the rest anyway.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from app.services.outreach import choices, refs

ALWAYS = ("person_id", "visited_on", "visited_time", "visitor_id", "outcome")
TALK_FIELDS = ("card_left", "notes", "signals", "wish", "wish_fulfilled_on", "follow_up",
               "follow_up_due", "follow_up_done")
SHOWN = {**dict.fromkeys(refs.TALKS, TALK_FIELDS), "not_home": ("card_left", "notes"),
         "declined": ("notes",), "moved": ("notes",), "deceased": ("notes",)}


def shown_fields(outcome: str | None) -> tuple[str, ...]:
    """The fields a visit with this outcome shows (before an outcome is chosen: none)."""
    return ALWAYS + SHOWN.get(outcome or "", ())


def _apply_outcome(form) -> None:
    shown = shown_fields(form.editors["outcome"].currentData())
    layout = form.layout()
    for key, editor in form.editors.items():
        layout.setRowVisible(editor, key in shown)


def _blank_hidden(form) -> None:
    """On saving: what the outcome does not show is not kept."""
    shown = shown_fields(form.editors["outcome"].currentData())
    blank = {f.key: ([] if f.kind == "codes" else False if f.kind == "bool" else None)
             for f in form.fields if f.key not in shown}
    form.set_values(blank)


class TypeToFind(QObject):
    """A picker that finds its item by any part of its text as the user types ("pee kerk"
    finds Maria Peeters in the Kerkstraat), ignoring case and accents. A pause of 1.5 s
    starts a new search; Backspace takes back a letter."""

    def __init__(self, combo: QComboBox):
        super().__init__(combo)
        self.combo, self.typed = combo, ""
        self.timer = QTimer(self, singleShot=True, interval=1500)
        self.timer.timeout.connect(lambda: setattr(self, "typed", ""))
        combo.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is not self.combo or event.type() != QEvent.Type.KeyPress:
            return False
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier |
                                Qt.KeyboardModifier.AltModifier):
            return False
        if event.key() == Qt.Key.Key_Backspace and self.typed:
            self.typed = self.typed[:-1]
        elif event.text() and event.text().isprintable() and (
                self.typed or not event.text().isspace()):
            self.typed += event.text()
        else:
            return False
        self.timer.start()
        self._find()
        return True

    def _find(self) -> None:
        items = [(i, self.combo.itemText(i)) for i in range(self.combo.count())
                 if self.combo.itemData(i)]
        found = choices.matching(items, self.typed)
        if found:
            self.combo.setCurrentIndex(found[0][0])


def _prefill_visitor(form, ctx) -> None:
    """The person's own visitor, unless the user chose another one meanwhile."""
    person = form.editors["person_id"].currentData()
    visitor = form.editors["visitor_id"]
    with ctx.session() as s:
        wanted = choices.person_visitor(s, person)
    if visitor.currentData() in (None, getattr(form, "_prefilled", None)) and wanted:
        index = visitor.findData(wanted)
        if index >= 0:
            visitor.setCurrentIndex(index)
            form._prefilled = wanted


def follow(dialog, ctx) -> None:
    form = dialog.form
    form.editors["outcome"].currentIndexChanged.connect(lambda _i: _apply_outcome(form))
    form.editors["person_id"].currentIndexChanged.connect(
        lambda _i: _prefill_visitor(form, ctx))
    form.person_search = TypeToFind(form.editors["person_id"])
    # before the dialog checks the form (a bad date in a hidden field must not block saving)
    dialog.buttons.clicked.connect(lambda button: _blank_hidden(form) if (
        dialog.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole) else None)
    _apply_outcome(form)
    _prefill_visitor(form, ctx)
