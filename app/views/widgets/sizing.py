"""Dialogs that fit the screen they open on.

A laptop of 1366×768 at 100 % and a full-HD screen at 200 % (960×540 logical pixels) must both
show a whole dialog with its buttons. So a dialog asks for the size it would like, gets at most
what the screen has free (`availableGeometry`, minus room for the title bar), keeps its content
in a `QScrollArea` and its buttons outside it (`scrolling`), and opens centred on that screen.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# the window frame and title bar the window manager adds around a dialog
FRAME_W, FRAME_H = 16, 48


def available(widget: QWidget | None = None) -> QRect:
    """The free part of the screen `widget` (or its parent window) is on."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitting_size(widget: QWidget, wanted: QSize) -> QSize:
    """`wanted`, made smaller where the screen is smaller."""
    free = available(widget)
    return QSize(max(200, min(wanted.width(), free.width() - FRAME_W)),
                 max(150, min(wanted.height(), free.height() - FRAME_H)))


def fit_to_screen(dialog: QWidget, width: int, height: int) -> QSize:
    """Size `dialog` to `width`×`height` or what the screen allows, and keep it on screen.

    Its minimum size never exceeds the screen either, so the window manager cannot push the
    buttons below the edge; content that needs more room scrolls.
    """
    # never below what the laid-out content needs (that would be overruled on show)...
    layout = dialog.layout()
    needed = layout.totalMinimumSize() if layout is not None else dialog.minimumSizeHint()
    # ...nor above what the screen has free
    size = fitting_size(dialog, QSize(width, height).expandedTo(needed))
    minimum = dialog.minimumSize()
    if minimum.width() > size.width() or minimum.height() > size.height():
        dialog.setMinimumSize(minimum.boundedTo(size))
    dialog.resize(size)
    centre_on_screen(dialog)
    return size


def centre_on_screen(dialog: QWidget) -> None:
    """Centre on the parent window, but keep the whole frame, title bar included, on the
    free part of the screen."""
    free = available(dialog)
    parent = dialog.parentWidget()
    anchor = parent.window().geometry().center() if parent is not None else free.center()
    w, h = dialog.width() + FRAME_W, dialog.height() + FRAME_H
    x = min(anchor.x() - w // 2, free.right() + 1 - w)
    y = min(anchor.y() - h // 2, free.bottom() + 1 - h)
    dialog.move(QPoint(max(x, free.left()), max(y, free.top())))


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that grows with the dialog."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll
