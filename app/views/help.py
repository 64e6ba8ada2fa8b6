"""Help › User guide (F1): the guide page that belongs to the current tab, inside the app.

The guide is Markdown in `docs/handleiding/<lang>/` (Dutch first, French and English
versions), shipped with the app, so it works offline and on laptops where no browser may be
started. Qt renders Markdown with its images and follows links between the pages.

Which page: a page widget may name its own with a `help_page` attribute (a file name without
`.md`); otherwise the Overview opens `overview`, the step tabs open `step0` … `step7`.

Help › User guide (F1) itself is `app.views.help_menu.HelpController`, which loads this module
when the guide is first opened.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services import i18n, paths
from app.services.i18n import N_, _
from app.views.widgets.sizing import fit_to_screen

# The guide's pages in reading order, with their titles for the contents list.
PAGES: list[tuple[str, str]] = [
    ("index", N_("Contents")),
    ("getting-started", N_("Getting started")),
    ("overview", N_("The Overview")),
    # the step pages take the step's own title (app.services.method)
    *((f"step{n}", "") for n in range(8)),
    ("outreach", N_("Outreach: visits and contacts")),
    ("exchange", N_("Exchange with the lead organisation")),
    ("backups-privacy", N_("Backups and privacy")),
    ("keyboard", N_("Keyboard and accessibility")),
]
PAGE_KEYS = [key for key, _title in PAGES]
# Tabs of a feature that are not a step open the feature's page.
FEATURE_PAGES = {"outreach": "outreach", "exchange": "exchange"}


def guide_dir(lang: str | None = None) -> Path:
    return paths.resource_root() / "docs" / "handleiding" / (lang or i18n.current_language())


def page_file(page: str, lang: str | None = None) -> Path | None:
    """The Markdown file of `page`: in the language, else that language's index (stay in the
    reader's language), else the Dutch page or index; None when the guide is not installed."""
    for language in dict.fromkeys((lang or i18n.current_language(), i18n.DEFAULT_LANGUAGE)):
        for name in (page, "index"):
            file = guide_dir(language) / f"{name}.md"
            if file.is_file():
                return file
    return None


def page_title(key: str, title: str) -> str:
    if key.startswith("step") and not title:
        from app.services import method

        return _(method.step(int(key[4:])).title)
    return _(title)


def page_for_tab(index: int, widget: QWidget | None) -> str:
    """The guide page for tab `index` of the main window."""
    page = getattr(widget, "page", None) or widget  # a LazyTab holds its page
    own = getattr(page, "help_page", None)
    if isinstance(own, str) and own in PAGE_KEYS:
        return own
    step_number = getattr(page, "step_number", None)
    if isinstance(step_number, int) and index > 0:
        return f"step{step_number}"
    module = type(page).__module__ if page is not None else ""
    for feature, guide_page in FEATURE_PAGES.items():  # e.g. the Home visits tab
        if f".{feature}." in f".{module}.":
            return guide_page
    if index == 0:
        return "overview"
    return f"step{index - 1}" if f"step{index - 1}" in PAGE_KEYS else "index"


class GuideBrowser(QTextBrowser):
    """A text browser that fits wide screenshots to its width and opens web links outside."""

    MAX_IMAGE_WIDTH = 900

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("guideBrowser")
        self.setOpenLinks(True)
        self.setOpenExternalLinks(True)
        # screenshots are fitted to the width: lay the page out again after a resize
        self._refit = QTimer(self, singleShot=True, interval=250)
        self._refit.timeout.connect(self._reload_keeping_place)
        self._fitted_width = 0

    def image_width(self) -> int:
        return min(self.MAX_IMAGE_WIDTH, max(320, self.viewport().width() - 40))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted_width and abs(self.image_width() - self._fitted_width) > 30:
            self._refit.start()

    def _reload_keeping_place(self) -> None:
        if self.source().isEmpty():
            return
        position = self.verticalScrollBar().value()
        self.reload()
        self.verticalScrollBar().setValue(position)

    def loadResource(self, kind, url):
        if kind == QTextDocument.ResourceType.ImageResource and url.isLocalFile():
            image = QImage(url.toLocalFile())
            if not image.isNull():
                width = self._fitted_width = self.image_width()
                if image.width() > width:
                    image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
                return image
        return super().loadResource(kind, url)

    def setSource(self, url, kind=QTextDocument.ResourceType.UnknownResource):
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        super().setSource(url, kind)


class GuideWindow(QDialog):
    """The user guide: a contents list on the left, the page on the right."""

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guideWindow")
        self._build_contents()
        self.browser = GuideBrowser()
        self.browser.sourceChanged.connect(self._source_changed)
        buttons = self._build_buttons()
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.contents, self.browser)
        self.setTabOrder(self.browser, self.back_button)
        self.page = ""
        self.close_button.setObjectName("guideClose")
        self.retranslate_ui()
        fit_to_screen(self, 1000, 700)

    def _build_contents(self) -> None:
        """The list of the guide's pages."""
        self.contents = QListWidget()
        self.contents.setObjectName("guideContents")
        self.contents.setWordWrap(True)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setMinimumWidth(180)
        for key, _title in PAGES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.contents.addItem(item)
        self.contents.itemActivated.connect(self._contents_chosen)
        self.contents.currentItemChanged.connect(
            lambda item, _old: item is not None and self._contents_chosen(item))

    def _build_buttons(self) -> QHBoxLayout:
        """Back and forward through the pages read, and Close."""
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button = QPushButton()
        self.forward_button.clicked.connect(self.browser.forward)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.forward_button.setEnabled(False)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.forward_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        return buttons

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Buurtverbinder user guide"))
        for row, (key, title) in enumerate(PAGES):
            self.contents.item(row).setText(page_title(key, title))
        self.contents.setAccessibleName(_("Contents of the user guide"))
        self.contents.setAccessibleDescription(_("Choose a page with the arrow keys; it opens "
                                                 "on the right."))
        self.browser.setAccessibleName(_("User guide page"))
        self.browser.setAccessibleDescription(_("Tab moves to the links on the page; Enter "
                                                "follows a link."))
        self.back_button.setText(_("&Back"))
        self.back_button.setToolTip(_("The page you read before (Alt+Left)"))
        self.forward_button.setText(_("&Forward"))
        self.close_button.setText(_("&Close"))
        if self.page:
            self.show_page(self.page)

    def show_page(self, page: str) -> None:
        """Show `page` in the current language (also after a language switch)."""
        file = page_file(page)
        self.page = page
        if file is None:
            self.browser.setMarkdown(
                _("The user guide is not installed. Please reinstall Buurtverbinder."))
            return
        self.browser.setSearchPaths([str(file.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(file)),
                               QTextDocument.ResourceType.MarkdownResource)

    def _contents_chosen(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key != self.page:
            self.show_page(key)

    def _source_changed(self, url: QUrl) -> None:
        key = Path(url.toLocalFile()).stem
        if key in PAGE_KEYS:
            self.page = key
            row = PAGE_KEYS.index(key)
            if self.contents.currentRow() != row:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
