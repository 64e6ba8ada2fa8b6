"""The method's advice that the toolkit gives per step is in the step's guidance panel, in the
user's language."""
from __future__ import annotations

from html import escape

import pytest

from app.services import i18n, method

# step -> words that each piece of advice must bring up (in the English msgids)
ADVICE = {
    0: ["social isolation", "physical and social environment"],
    1: ["every partner gains", "small contributions", "agenda of network meetings"],
    4: ["neighbourhood analysis", "Ondersteuningspakket zorgzame buurten"],
    5: ["appreciative inquiry", "summing up what the dream session brought", "fictional"],
    6: ["strengths", "person-centred", "taboo", "alone for a while", "others?"],
}


def step(number):
    return next(s for s in method.all_steps() if s.number == number)


@pytest.mark.parametrize("number", sorted(ADVICE))
def test_each_step_carries_the_toolkits_advice(number):
    text = " ".join(step(number).guidance.advice)
    for words in ADVICE[number]:
        assert words in text, (number, words)


@pytest.mark.parametrize("lang,heading", [("nl", "Goed om te weten"), ("fr", "Bon à savoir"),
                                          ("en", "Good to know")])
def test_the_advice_shows_translated_in_the_guidance_panel(qtbot, lang, heading):
    from app.views.step_page import GuidancePanel

    i18n.set_language(lang)
    for number in sorted(ADVICE):
        panel = GuidancePanel(step(number))
        qtbot.addWidget(panel)
        panel.retranslate_ui()
        shown = panel.text.text()
        assert heading in shown
        for msgid in step(number).guidance.advice:
            translated = i18n._(msgid)
            assert escape(translated) in shown
            if lang != "en":
                assert translated != msgid, (lang, msgid)
