"""Dialogs for personas: the editor (with live card preview and the real-person check), the
example library, and the print options for cards."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import reference
from app.services.errors import AppError
from app.services.i18n import N_, _, ngettext
from app.services.participation import cards, examples, personas, pictures
from app.views.participation.card_preview import CardPreview
from app.views.participation.painter import avatar_icon
from app.views.widgets.dialog_parts import hidden_banner, ok_cancel
from app.views.widgets.form import CodeListWidget
from app.views.widgets.sizing import fit_to_screen

PHOTO_MAX_PX = 800

TEXT_LABELS = {
    "living_situation": N_("Living situation"),
    "village_context": N_("The village around them"),
    "social_needs": N_("Social needs"),
    "strengths": N_("Strengths and interests"),
    "quote": N_("Quote in their own words"),
    "dream_question": N_("Dream question for the table"),
}
TEXT_HELP = {
    "living_situation": N_("Who they live with, work, income, health: what shapes their days."),
    "village_context": N_("Mobility, shops and services, meeting places in the area."),
    "social_needs": N_("What contact or support they miss."),
    "strengths": N_("What they are good at and enjoy: the method starts from strengths."),
    "quote": N_("One or two sentences, as the persona would say it."),
    "dream_question": N_("The question the table dreams about."),
}


def image_to_photo(image: QImage) -> str:
    """Scale a picked picture down and store it as a JPEG (base64 text)."""
    if image.isNull():
        raise personas.PhotoInvalidError(size=personas.MAX_PHOTO_BYTES // 1_000_000 + 0.5)
    if max(image.width(), image.height()) > PHOTO_MAX_PX:
        image = image.scaled(PHOTO_MAX_PX, PHOTO_MAX_PX, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(buf, "JPEG", 85)
    buf.close()
    return personas.encode_photo(bytes(data.data()))


class PersonaDialog(QDialog):
    """Add or edit a persona; the card preview and the warnings follow the typing."""

    def __init__(self, values: dict[str, Any] | None = None, warn=None, parent=None):
        super().__init__(parent)
        self.setModal(True)
        self._warn = warn or (lambda values: personas.real_person_warnings(None, values))
        self._photo = ""
        self._build()
        self.retranslate_ui()
        self.set_values(values or {})
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update_preview)
        for w in [self.name, *self.texts.values()]:
            signal = w.textChanged
            signal.connect(lambda *_a: self._timer.start())
        self.age.valueChanged.connect(lambda _v: self._timer.start())
        self.picture.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.risk_groups.itemChanged.connect(lambda _i: self._timer.start())
        self.update_preview()
        fit_to_screen(self, 1080, 760)  # at most what the screen has free
        self.name.setFocus()  # the first field to fill

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.warnings = hidden_banner("warning", "realPersonWarnings")
        self.problems = hidden_banner()
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _build_form(self) -> QScrollArea:
        """Name, age, picture, risk groups and the card's texts, in a scroll area."""
        self.name = QLineEdit()
        self.name.setObjectName("personaName")
        self.name.setMaxLength(cards.FIELD_LIMITS["name"])
        self.age = QSpinBox()
        self.age.setRange(0, personas.MAX_AGE)
        self.age.setSpecialValueText("—")
        self.risk_groups = CodeListWidget(reference.choices("risk_group"))
        self.risk_groups.setObjectName("personaRiskGroups")
        self.texts: dict[str, QPlainTextEdit] = {}
        self.counters: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        for key, widget in (("name", self.name), ("age", self.age)):
            self._row(key, widget)
        self._row("picture", self._build_picture_row())
        self._row("risk_group_codes", self.risk_groups)
        for key in TEXT_LABELS:
            self._row(key, self._build_text(key))
            self.labels[key].setBuddy(self.texts[key])
        form_widget = QWidget()
        form_widget.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        return scroll

    def _build_picture_row(self) -> QHBoxLayout:
        self.picture = QComboBox()
        self.picture.setObjectName("personaPicture")
        for key in pictures.keys():
            self.picture.addItem(avatar_icon(key, 32), "", key)
        self.photo_button = QPushButton()
        self.photo_button.clicked.connect(self.pick_photo)
        self.remove_photo_button = QPushButton()
        self.remove_photo_button.clicked.connect(self.remove_photo)
        pic_row = QHBoxLayout()
        pic_row.addWidget(self.picture, 1)
        pic_row.addWidget(self.photo_button)
        pic_row.addWidget(self.remove_photo_button)
        return pic_row

    def _build_text(self, key: str) -> QWidget:
        """One of the card's texts with its counter of characters left."""
        edit = QPlainTextEdit()
        edit.setObjectName(f"persona_{key}")
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(58 if key in ("quote", "dream_question") else 70)
        edit.setMaximumHeight(90 if key in ("quote", "dream_question") else 120)
        self.texts[key] = edit
        counter = QLabel()
        counter.setObjectName(f"counter_{key}")
        counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counters[key] = counter
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        box_layout.addWidget(edit)
        box_layout.addWidget(counter)
        edit.textChanged.connect(lambda key=key: self._update_counter(key))
        return box

    def _build_preview(self) -> QTabWidget:
        """The card as it will print, front and back."""
        self.preview_tabs = QTabWidget()
        self.front = CardPreview(False)
        self.back = CardPreview(True)
        self.preview_tabs.addTab(self.front, "")
        self.preview_tabs.addTab(self.back, "")
        self.preview_tabs.setMinimumWidth(340)
        return self.preview_tabs

    def _row(self, key: str, widget) -> None:
        label = QLabel()
        label.setWordWrap(True)
        self.labels[key] = label
        if isinstance(widget, QWidget):
            label.setBuddy(widget)
        self.form.addRow(label, widget)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Persona"))
        names = {"name": _("First name") + " *", "age": _("Age"), "picture": _("Picture"),
                 "risk_group_codes": _("Risk groups")}
        names.update({k: _(v) for k, v in TEXT_LABELS.items()})
        for key, label in self.labels.items():
            label.setText(names[key] + ":")
        for key, edit in self.texts.items():
            edit.setAccessibleName(_(TEXT_LABELS[key]))
            edit.setToolTip(_(TEXT_HELP[key]))
            edit.setPlaceholderText(_(TEXT_HELP[key]))
        self.name.setAccessibleName(_("First name"))
        self.name.setPlaceholderText(_("A first name only: personas are fictional"))
        self.age.setAccessibleName(_("Age"))
        for i, key in enumerate(pictures.keys()):
            self.picture.setItemText(i, _(pictures.get(key).label))
        self.picture.setAccessibleName(_("Picture"))
        self.photo_button.setText(_("Use a photo…"))
        self.photo_button.setToolTip(_("Use a photo (JPEG or PNG) instead of a drawing. Do not "
                                       "use a photo of a real person without their consent."))
        self.remove_photo_button.setText(_("Remove photo"))
        self.risk_groups.setAccessibleName(_("Risk groups"))
        self.preview_tabs.setTabText(0, _("Front"))
        self.preview_tabs.setTabText(1, _("Back"))
        self.front.retranslate_ui()
        self.back.retranslate_ui()
        for key in self.counters:
            self._update_counter(key)

    def _update_counter(self, key: str) -> None:
        """The live counter under a text: how much room is left on the card."""
        n, limit = len(self.texts[key].toPlainText().strip()), cards.FIELD_LIMITS[key]
        label = self.counters[key]
        if n > limit:
            label.setText("⚠ " + ngettext(
                "{n} of {limit} characters: {over} character too many",
                "{n} of {limit} characters: {over} characters too many",
                n - limit).format(n=n, limit=limit, over=n - limit))
            over = True  # a sign and bold type, not colour alone
        else:
            label.setText(_("{n} of {limit} characters").format(n=n, limit=limit))
            over = False
        font = label.font()
        font.setBold(over)
        label.setFont(font)
        label.setAccessibleName(label.text())

    # --- values ---------------------------------------------------------------------------
    def set_values(self, values: dict[str, Any]) -> None:
        self.name.setText(values.get("name") or "")
        self.age.setValue(values.get("age") or 0)
        idx = self.picture.findData(values.get("picture") or pictures.AVATARS[-1].key)
        self.picture.setCurrentIndex(max(idx, 0))
        self.risk_groups.set_value(values.get("risk_group_codes") or [])
        for key, edit in self.texts.items():
            edit.setPlainText(values.get(key) or "")
        self._photo = values.get("photo") or ""
        self._update_photo_buttons()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name.text().strip(),
            "age": self.age.value() or None,
            "picture": self.picture.currentData(),
            "photo": self._photo,
            "risk_group_codes": self.risk_groups.value(),
        }
        out.update({k: e.toPlainText().strip() for k, e in self.texts.items()})
        return out

    def card(self) -> cards.CardData:
        v = self.values()
        photo = b""
        if v["photo"]:
            try:
                photo = personas.photo_bytes(v["photo"])
            except AppError:
                photo = b""
        return cards.CardData(
            name=v["name"] or "…", age=v["age"], picture=v["picture"], photo=photo,
            risk_groups=[reference.label("risk_group", c) for c in v["risk_group_codes"]],
            **{k: v[k] for k in TEXT_LABELS})

    # --- photo ----------------------------------------------------------------------------
    def pick_photo(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Choose a photo"), "",
                                               _("Pictures") + " (*.jpg *.jpeg *.png)")
        if path:
            self.set_photo_image(QImage(path))

    def set_photo_image(self, image: QImage) -> None:
        try:
            self._photo = image_to_photo(image)
        except AppError as exc:
            self.show_problem(exc.user_message())
            return
        self._update_photo_buttons()
        self.update_preview()

    def remove_photo(self) -> None:
        self._photo = ""
        self._update_photo_buttons()
        self.update_preview()

    def _update_photo_buttons(self) -> None:
        self.remove_photo_button.setEnabled(bool(self._photo))
        self.picture.setEnabled(not self._photo)

    # --- feedback -------------------------------------------------------------------------
    def update_preview(self) -> None:
        card = self.card()
        self.front.set_card(card)
        self.back.set_card(card)
        found = self._warn(self.values())
        if found:
            lines = [_("This text may describe a real person. Personas must stay fictional:")]
            lines += [f"• {w.user_message()}" for w in found]
            self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(found))

    def show_problem(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.show()

    def accept(self) -> None:
        values = self.values()
        too_long = cards.over_limit(values)
        if too_long:
            self.show_problem(_("Some texts do not fit on the card: {fields}. Make them "
                                "shorter first.").format(
                fields=", ".join(_(TEXT_LABELS[k]) for k in too_long if k in TEXT_LABELS)))
            self.texts[next(iter(too_long))].setFocus()
            return
        try:
            personas.clean(values)
        except AppError as exc:
            self.show_problem(exc.user_message())
            return
        super().accept()


class ExamplesDialog(QDialog):
    """The example library: pick one or more examples to copy and adapt."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setModal(True)
        self.list = QListWidget()
        self.list.setObjectName("exampleList")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setIconSize(QSize(40, 40))
        self.list.setWordWrap(True)
        self.preview = CardPreview(False)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemSelectionChanged.connect(self._update_ok)
        self.retranslate_ui()
        fit_to_screen(self, 900, 640)  # at most what the screen has free

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Example personas"))
        self.hint.setText(_("Choose one or more examples (Ctrl+click). They are copied into "
                            "your personas so you can adapt them to your village. Keep them "
                            "fictional."))
        current = self.list.currentRow()
        self.list.clear()
        for ex in examples.EXAMPLES:
            groups = ", ".join(reference.label("risk_group", c) for c in ex.risk_groups)
            item = QListWidgetItem(avatar_icon(ex.picture, 40),
                                   f"{ex.name} ({ex.age}) – {groups}")
            item.setData(Qt.ItemDataRole.UserRole, ex.key)
            self.list.addItem(item)
        self.list.setCurrentRow(max(current, 0))
        self._update_ok()

    def _show(self, row: int) -> None:
        if 0 <= row < len(examples.EXAMPLES):
            ex = examples.EXAMPLES[row]
            data = ex.translated()
            self.preview.set_card(cards.CardData(
                name=data["name"], age=data["age"], picture=data["picture"],
                risk_groups=[reference.label("risk_group", c) for c in ex.risk_groups],
                **{k: data[k] for k in TEXT_LABELS}))

    def _update_ok(self) -> None:
        n = len(self.list.selectedItems())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(n > 0)
        ok.setText(ngettext("Copy {n} example", "Copy {n} examples", n).format(n=n))

    def selected_keys(self) -> list[str]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.list.selectedItems()]


class PrintCardsDialog(QDialog):
    """Which personas, which layout, with or without backs."""

    def __init__(self, options: list[tuple[str, str]], selected: str | None, parent=None):
        super().__init__(parent)
        self.setModal(True)
        self.a6 = QRadioButton()
        self.a5 = QRadioButton()
        self.a6.setChecked(True)
        self.backs = QCheckBox()
        self.backs.setChecked(True)
        self.which = CodeListWidget(options)
        self.which.setObjectName("printWhich")
        self.which.set_value([selected] if selected else [v for v, _t in options])
        self.all_button = QPushButton()
        self.none_button = QPushButton()
        self.all_button.clicked.connect(lambda: self.which.set_value([v for v, _t in options]))
        self.none_button.clicked.connect(lambda: self.which.set_value([]))
        self.layout_box = QGroupBox()
        lb = QVBoxLayout(self.layout_box)
        lb.addWidget(self.a6)
        lb.addWidget(self.a5)
        lb.addWidget(self.backs)
        self.which_box = QGroupBox()
        wb = QVBoxLayout(self.which_box)
        wb.addWidget(self.which, 1)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        wb.addLayout(row)
        self.buttons = ok_cancel(self)
        self.which.itemChanged.connect(lambda _i: self._update_ok())
        layout = QVBoxLayout(self)
        layout.addWidget(self.which_box, 1)
        layout.addWidget(self.layout_box)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        fit_to_screen(self, 520, 560)  # at most what the screen has free

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Print persona cards"))
        self.which_box.setTitle(_("Which personas"))
        self.layout_box.setTitle(_("Layout"))
        self.a6.setText(_("A6 cards, two per A4 sheet, with cut marks"))
        self.a5.setText(_("A5 cards, one per A4 sheet, with cut marks"))
        self.backs.setText(_("Print the backs too (double-sided, flip on the long edge)"))
        self.all_button.setText(_("Tick all"))
        self.none_button.setText(_("Tick none"))
        self.which.setAccessibleName(_("Which personas"))
        self._update_ok()

    def _update_ok(self) -> None:
        n = len(self.which.value())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(n > 0)
        ok.setText(ngettext("Print {n} card…", "Print {n} cards…", n).format(n=n))

    def layout_code(self) -> str:
        return "a5" if self.a5.isChecked() else "a6"

    def persona_ids(self) -> list[str]:
        return self.which.value()
