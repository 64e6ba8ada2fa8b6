"""Opening a package file handed to the app (double-click in the file manager)."""
from __future__ import annotations

from pathlib import Path


def open_package(main_window, path: Path) -> None:
    """The same import flow as File › Import a package (`import_dialog.import_file`)."""
    from app.views.exchange.import_dialog import import_file

    import_file(main_window, main_window.ctx, Path(path))
