"""Step 4 page."""
from __future__ import annotations

from app.views.step_page import StepPage


class Step4Page(StepPage):
    step_number = 4
