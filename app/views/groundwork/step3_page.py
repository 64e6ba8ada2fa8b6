"""Step 3 page."""
from __future__ import annotations

from app.views.step_page import StepPage


class Step3Page(StepPage):
    step_number = 3
