"""Step 5 page."""
from __future__ import annotations

from app.views.step_page import StepPage


class Step5Page(StepPage):
    step_number = 5
