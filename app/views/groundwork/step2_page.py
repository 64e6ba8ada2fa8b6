"""Step 2 page."""
from __future__ import annotations

from app.views.step_page import StepPage


class Step2Page(StepPage):
    step_number = 2
