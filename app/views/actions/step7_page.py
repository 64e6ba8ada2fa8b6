"""Step 7 page."""
from __future__ import annotations

from app.views.step_page import StepPage


class Step7Page(StepPage):
    step_number = 7
