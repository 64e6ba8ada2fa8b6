"""Guards against a known binding bug: PySide6 6.12.0 on Python 3.11 drops a reference to
None on every call of a Qt method that returns nothing, and the process aborts once None's
count reaches zero (pyproject pins a version without it)."""
import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_qt_calls_keep_none_alive(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.update()
        QApplication.processEvents()
    assert sys.getrefcount(None) > before - 100
