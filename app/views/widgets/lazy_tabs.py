"""A tab widget whose pages are built the first time they are shown (Frescobaldi's lazily
built wizard pages). A page with lists, buttons and shortcuts costs tens of milliseconds to
build and paint; a page the user never opens should cost nothing.

Each tab holds a `LazyPage` placeholder; its real widget is made by a factory when the tab
becomes current, or earlier when code asks for it (`ensure_built`), e.g. a keyboard
shortcut or menu action that acts on a tab not yet opened. `LazyTabWidget.setCurrentWidget`
and `indexOf` also accept the real widget, or any widget inside it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class LazyPage(QWidget):
    """A tab's placeholder; `content` is None until the factory has run."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.content is None:
            content = self._factory()
            self.content = content
            self._layout.addWidget(content)
            self.setFocusProxy(content)
            if self.isVisible():  # Qt would show it only on the next pass of the event loop
                content.show()
        return self.content

    def showEvent(self, event) -> None:
        self.ensure_built()
        super().showEvent(event)


class LazyTabWidget(QTabWidget):
    def add_lazy_tab(self, factory: Callable[[], QWidget]) -> LazyPage:
        page = LazyPage(factory)
        self.addTab(page, "")
        return page

    def _tab_of(self, widget: QWidget | None) -> QWidget | None:
        """The tab page holding `widget` (itself, or the placeholder it was built into)."""
        while widget is not None and super().indexOf(widget) < 0:
            widget = widget.parentWidget()
        return widget

    def indexOf(self, widget: QWidget) -> int:  # noqa: N802 (Qt API)
        tab = self._tab_of(widget)
        return super().indexOf(tab) if tab is not None else -1

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt API)
        tab = self._tab_of(widget)
        if tab is not None:
            super().setCurrentWidget(tab)

    def current_content(self) -> QWidget | None:
        """The real widget of the tab in view (built if it was not yet)."""
        tab = self.currentWidget()
        return tab.ensure_built() if isinstance(tab, LazyPage) else tab
