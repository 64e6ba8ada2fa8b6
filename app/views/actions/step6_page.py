"""Step 6 page."""
from __future__ import annotations

from app.views.step_page import StepPage


class Step6Page(StepPage):
    step_number = 6
