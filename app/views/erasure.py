"""After an erasure is committed in the window: the file's free pages and log, the logs and
the backup copies (app.services.erasure), with a progress dialog for the backups."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.i18n import _, ngettext


def erase_everywhere(parent: QWidget, ctx, found: set[str], apply: Callable) -> int:
    """`apply(session)` repeats the erasure in one backup copy. Returns the copies reached."""
    from app.services import erasure
    from app.services.progress import Cancelled
    from app.views.tasks import run_with_progress

    ctx.undo_stack.clear()  # an undo would write the erased values back
    engine, path = ctx.db.engine, ctx.db.path

    def job(progress):
        erasure.after_commit(engine, found)  # VACUUM can take a while on a big file
        return erasure.clean_backups(path, apply, progress)

    try:
        cleaned, deleted = run_with_progress(parent, _("Erasing from the backup copies…"), job)
    except Cancelled:  # an uncleaned copy would keep the data: finish the job anyway
        cleaned, deleted = job(None)
    total = cleaned + deleted
    if total:
        QMessageBox.information(parent, _("Erased for good"), ngettext(
            "The data was also erased from {n} backup copy.",
            "The data was also erased from {n} backup copies.", total).format(n=total))
    return total
