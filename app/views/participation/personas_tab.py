"""The persona library of a trajectory: list, card preview, examples, editor and printing."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.participation import Persona
from app.services.changes import Changes
from app.services.i18n import _
from app.services.participation import lists as queries
from app.services.participation import personas
from app.views.context import AppContext
from app.views.participation.card_preview import CardPreview
from app.views.participation.lists import persona_spec
from app.views.participation.persona_dialog import ExamplesDialog, PersonaDialog, PrintCardsDialog
from app.views.participation.util import select_first
from app.views.widgets.record_list import RecordListPanel


class PersonaListPanel(RecordListPanel):
    """Persona list whose add and edit open the persona editor."""

    def form_dialog(self, title, values):
        def warn(v):
            with self.ctx.session() as session:
                return personas.real_person_warnings(session, v)
        return PersonaDialog(values, warn, self)


class PersonasTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = PersonaListPanel(ctx, persona_spec())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_faces())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.current_changed.connect(lambda _id: self.show_current())
        ctx.changed.connect(self._on_changed)
        self.retranslate_ui()
        select_first(self.list)
        self.show_current()

    def _build_left(self) -> QWidget:
        """The personas, with a hint, the examples and printing above them."""
        self.examples_button = QPushButton()
        self.examples_button.setObjectName("fromExamples")
        self.examples_button.clicked.connect(self.copy_examples)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printCards")
        self.print_button.clicked.connect(self.print_cards)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("personaHint")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.hint)
        top = QHBoxLayout()
        top.addWidget(self.examples_button)
        top.addWidget(self.print_button)
        top.addStretch(1)
        ll.addLayout(top)
        ll.addWidget(self.list, 1)
        return left

    def _build_faces(self) -> QTabWidget:
        """The chosen persona's card, front and back, as it will print."""
        self.front = CardPreview(False)
        self.back = CardPreview(True)
        self.faces = QTabWidget()
        self.faces.addTab(self.front, "")
        self.faces.addTab(self.back, "")
        return self.faces

    def retranslate_ui(self) -> None:
        self.list.retranslate_ui()
        self.examples_button.setText(_("From exa&mples…"))
        self.examples_button.setToolTip(_("Copy example personas from rural Flanders and adapt "
                                          "them to your area"))
        self.print_button.setText(_("Print &cards…"))
        self.print_button.setToolTip(_("Persona cards as a PDF: A6 or A5, front and back"))
        self.faces.setTabText(0, _("Front"))
        self.faces.setTabText(1, _("Back"))
        self.hint.setText(_("Choose personas that fit the risk groups you found in steps 3 and "
                            "4, and make them recognisable for your area. They stay "
                            "fictional."))
        self.front.retranslate_ui()
        self.back.retranslate_ui()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("persona"):
            self.show_current()

    def show_current(self) -> None:
        with self.ctx.session() as session:
            card = queries.persona_card(session, self.list.current_id() or "")
        self.front.set_card(card)
        self.back.set_card(card)
        self.print_button.setEnabled(self.list.model.rowCount() > 0)
        self.examples_button.setEnabled(bool(self.ctx.trajectory_id))

    def copy_examples(self) -> None:
        if not self.ctx.trajectory_id:
            return
        dialog = ExamplesDialog(self)
        if dialog.exec() != ExamplesDialog.DialogCode.Accepted:
            return
        self.copy(dialog.selected_keys())

    def copy(self, keys: list[str]) -> list[str]:
        tid = self.ctx.trajectory_id

        def copy_all(session):  # one undo step for the whole choice
            objs, changes = [], Changes()
            for key in keys:
                obj, ch = personas.copy_example(session, tid, key)
                objs.append(obj)
                changes |= ch
            session.flush()
            return [o.id for o in objs], changes

        made, _changes = self.ctx.add_many(Persona, copy_all)
        if made:
            self.list.select_id(made[-1])
        return made

    def print_cards(self) -> None:
        with self.ctx.session() as session:
            options = [(p.id, p.name) for p in personas.personas(session,
                                                                 self.ctx.trajectory_id)]
        dialog = PrintCardsDialog(options, self.list.current_id(), self)
        if dialog.exec() != PrintCardsDialog.DialogCode.Accepted:
            return
        from app.views.save_pdf import save_printable, trajectory_context

        save_printable(self, self.ctx, "persona_cards", trajectory_context(self.ctx),
                       **self._card_options(dialog.persona_ids(), dialog.layout_code(),
                                            dialog.backs.isChecked()))

    def _card_options(self, persona_ids, layout, backs) -> dict:
        return {"trajectory_id": self.ctx.trajectory_id, "persona_ids": persona_ids,
                "layout": layout, "backs": backs}

    def write_cards(self, path, persona_ids, layout="a6", backs=True) -> None:
        from app.views.save_pdf import print_to

        print_to(self, self.ctx, "persona_cards", path,
                 **self._card_options(persona_ids, layout, backs))
