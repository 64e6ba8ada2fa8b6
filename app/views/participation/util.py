"""Small helpers for step 5's views."""
from __future__ import annotations


def select_first(panel) -> None:
    """Select the first row of a record list when nothing is selected yet."""
    if panel.current_id() is None and panel.model.rowCount() > 0:
        panel.select_id(panel.model.id_at(0))
