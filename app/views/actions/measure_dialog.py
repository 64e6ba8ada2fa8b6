"""Filling in a loneliness questionnaire, only after consent. Nothing can be saved until the
consent box is ticked, and at a home visit the questionnaire is not proposed by default."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from html import escape

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import i18n, loneliness, reference
from app.services.actions import measuring
from app.services.errors import AppError
from app.services.i18n import _
from app.views.context import AppContext
from app.views.widgets.dialog_parts import hidden_banner, ok_cancel
from app.views.widgets.sizing import fit_to_screen


class QuestionGrid(QWidget):
    """One row per item with a radio button per answer, plus 'no answer' (missing)."""

    def __init__(self, instrument: str, parent=None):
        super().__init__(parent)
        self.instrument = instrument
        self.groups: list[QButtonGroup] = []
        self.labels: list[QLabel] = []
        self.buttons: list[list[QRadioButton]] = []
        grid = QGridLayout(self)
        options = loneliness.answer_options(instrument)
        for r, _item in enumerate(measuring.items(instrument)):
            label = QLabel()
            label.setWordWrap(True)
            group = QButtonGroup(self)
            row = []
            grid.addWidget(label, r, 0)
            for c, code in enumerate((*options, "")):
                button = QRadioButton()
                button.setProperty("answer", code)
                button.setObjectName(f"q{r + 1}_{code or 'none'}")
                group.addButton(button)
                grid.addWidget(button, r, c + 1)
                row.append(button)
            row[-1].setChecked(True)
            self.groups.append(group)
            self.labels.append(label)
            self.buttons.append(row)
        grid.setColumnStretch(0, 1)

    def retranslate_ui(self, language: str | None = None) -> None:
        """Questions and answers in the questionnaire's language (default: the UI's)."""
        tr = i18n.load_translations(language).gettext if language else _
        for r, text in enumerate(measuring.items(self.instrument)):
            self.labels[r].setText(f"{r + 1}. {tr(text)}")
            for button in self.buttons[r]:
                code = button.property("answer")
                label = reference.get("loneliness_answer", code).label if code else ""
                button.setText(tr(label) if code else _("no answer"))
                button.setAccessibleName(f"{r + 1}: {button.text()}")

    def answers(self) -> list[str | None]:
        out = []
        for group in self.groups:
            checked = group.checkedButton()
            code = checked.property("answer") if checked else ""
            out.append(code or None)
        return out

    def set_answers(self, answers: list[str | None]) -> None:
        for row, answer in zip(self.buttons, answers, strict=True):
            for button in row:
                if (button.property("answer") or None) == answer:
                    button.setChecked(True)


class MeasurementDialog(QDialog):
    def __init__(self, ctx: AppContext, action_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.action_id = ctx, action_id
        self.setObjectName("measurementDialog")
        self.problems = hidden_banner()
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_content(), 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.setting.currentIndexChanged.connect(self._setting_changed)
        self.instrument.currentIndexChanged.connect(self._build_questions)
        self.consent.toggled.connect(self._update_enabled)
        self.language.currentIndexChanged.connect(
            lambda _i: self.grid.retranslate_ui(self.language.currentData()))
        self._build_questions()
        self._setting_changed()
        fit_to_screen(self, 820, 700)  # at most what the screen has free
        self.setting.setFocus()  # the first field to fill

    def _build_content(self) -> QScrollArea:
        """The intro, the form, consent, the questions and the score, scrolling."""
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self._build_form()
        self.home_note = QLabel()
        self.home_note.setWordWrap(True)
        self.home_note.setObjectName("homeVisitNote")
        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.questions_box = QGroupBox()
        self.questions_layout = QVBoxLayout(self.questions_box)
        self.grid: QuestionGrid | None = None
        self.score_label = QLabel()
        self.score_label.setObjectName("scorePreview")
        self.score_label.setWordWrap(True)
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.addWidget(self.intro)
        il.addLayout(self.form)
        il.addWidget(self.home_note)
        il.addWidget(self.consent)
        il.addWidget(self.questions_box)
        il.addWidget(self.score_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _build_form(self) -> None:
        """Setting, questionnaire, moment, code, mode, language and date."""
        self.setting = QComboBox()
        self.setting.setObjectName("setting")
        self.instrument = QComboBox()
        self.instrument.setObjectName("instrument")
        self.moment = QComboBox()
        self.moment.setObjectName("moment")
        self.mode = QComboBox()
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(i18n.current_language()), 0))
        self.code = QLineEdit()
        self.code.setObjectName("respondentCode")
        self.code.setMaxLength(32)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(QDate.currentDate())
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _i in range(7)]
        for label, editor in zip(self.form_labels, (self.setting, self.instrument, self.moment,
                                                    self.code, self.mode, self.language,
                                                    self.day), strict=True):
            label.setBuddy(editor)
            self.form.addRow(label, editor)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Loneliness questionnaire"))
        self.intro.setText(_(measuring.NOT_A_DIAGNOSIS) + " " + _(
            "Ask for consent first and explain what happens with the answers. Use a code, "
            "never a name."))
        for combo, kind in ((self.setting, "measure_setting"), (self.instrument, "instrument"),
                            (self.moment, "measure_moment"), (self.mode, "measure_mode")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, label in reference.choices(kind):
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        for label, text in zip(self.form_labels, (_("Where"), _("Questionnaire"), _("Moment"),
                                                  _("Code of the person"), _("How"),
                                                  _("Language"), _("Date")), strict=True):
            label.setText(text + ":")
        self.code.setPlaceholderText(_("e.g. KGW-07 — never a name"))
        self.home_note.setText("ⓘ " + _("At a home visit the questionnaire is not proposed by "
                                        "default: the visit is a conversation, not a survey. "
                                        "Only continue when the person wants it."))
        self.consent.setText(_("The person has given consent to fill in this questionnaire "
                               "and to keep the answers under a code"))
        self.questions_box.setTitle(_("Questions"))
        if self.grid is not None:
            self.grid.retranslate_ui(self.language.currentData())
        self._update_score()

    def _setting_changed(self, _i=None) -> None:
        home = not measuring.offered_by_default(self.setting.currentData() or "")
        self.home_note.setVisible(home)
        self._update_enabled()

    def _build_questions(self, _i=None) -> None:
        if self.grid is not None:
            self.grid.setParent(None)
            self.grid.deleteLater()
        self.grid = QuestionGrid(self.instrument.currentData() or "djg6")
        for group in self.grid.groups:
            group.buttonToggled.connect(lambda *_a: self._update_score())
        self.questions_layout.addWidget(self.grid)
        self.grid.retranslate_ui(self.language.currentData())
        self._update_enabled()
        self._update_score()

    def _update_enabled(self, _on=None) -> None:
        ok = self.consent.isChecked()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.questions_box.setEnabled(ok)

    def _update_score(self) -> None:
        if self.grid is None:
            return
        s = loneliness.score(self.grid.instrument, self.grid.answers())
        if s.total is None:
            text = _("Too many questions without an answer to count a score.")
        else:
            text = _("Score: {total}").format(total=s.total)
            if s.category:
                text += " — " + reference.label("loneliness_category", s.category)
        self.score_label.setText("<i>" + escape(text) + "</i>")

    def new_measurement(self) -> measuring.NewMeasurement:
        d = self.day.date()
        return measuring.NewMeasurement(
            action_id=self.action_id, respondent_code=self.code.text(),
            instrument=self.grid.instrument, answers=self.grid.answers(),
            consent=self.consent.isChecked(), moment=self.moment.currentData(),
            mode=self.mode.currentData(), setting=self.setting.currentData(),
            language=self.language.currentData(),
            measured_on=date(d.year(), d.month(), d.day()))

    def values(self) -> dict:
        """What the questionnaire list's `create` hook saves (`measuring.add_measurement_form`):
        a `NewMeasurement`'s fields."""
        return asdict(self.new_measurement())

    def accept(self) -> None:
        """OK checks the answers with the service; a problem is shown and the questionnaire
        stays open. The list saves it."""
        try:
            with self.ctx.session() as session:
                measuring.check_measurement(session, self.new_measurement())
        except AppError as exc:
            self.problems.setText(exc.user_message())
            self.problems.show()
            return
        super().accept()
