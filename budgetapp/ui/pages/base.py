"""A page of the main window: refreshed from the document when shown, not on every edit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QTableView, QToolTip, QVBoxLayout, QWidget

from budgetapp.core.commands import ChangeSet
from budgetapp.ui.document import Document
from budgetapp.ui.table_view import table_view

__all__ = ["Page", "heading", "keep_figures_whole", "table_view", "widest_figure"]

CELL_PADDING = 14  # logical pixels: the cell's margins and the grid line, both sides together
ROW_TITLE_MINIMUM = 140  # logical pixels: the row titles never get narrower than this


class RowTitlesGiveWay(QObject):
    """On a narrow table (1366×768 at 150 %) the row titles ("Straksaktivering af unge (Hillerød-…")
    are shortened, down to ROW_TITLE_MINIMUM, before the year columns go off to the right; the whole
    title stays in the header's tooltip and in the exports."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)
        header = view.verticalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header.viewport().installEventFilter(self)

    def title_at(self, y: int) -> str:
        """The whole row title at height ``y`` of the row titles (empty below the last row)."""
        section = self.view.verticalHeader().logicalIndexAt(y)
        model = self.view.model()
        if section < 0 or model is None:
            return ""
        text = model.headerData(section, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
        return "" if text is None else str(text).strip()

    def fit(self) -> None:
        view = self.view
        header = view.verticalHeader()
        header.setMaximumWidth(16_777_215)
        columns = view.horizontalHeader()
        figures = sum(columns.sectionSizeHint(c) if columns.sectionSize(c) == 0 else
                      max(columns.minimumSectionSize(), 0) for c in range(columns.count()))
        frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        room = view.width() - frame - figures
        wanted = header.sizeHint().width()
        header.setMaximumWidth(max(ROW_TITLE_MINIMUM, min(wanted, room)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self.fit()
        elif event.type() == QEvent.Type.ToolTip and watched is self.view.verticalHeader().viewport():
            title = self.title_at(event.pos().y())  # type: ignore[attr-defined]
            if title:
                QToolTip.showText(event.globalPos(), title, self.view)  # type: ignore[attr-defined]
                return True
        return False


def widest_figure(view: QTableView) -> int:
    """The width (logical pixels) of the widest formatted figure of ``view``'s model, measured in the
    view's font made bold (bold rows are the widest), plus the cell's padding. Column titles (long case
    names on Sammenlign) are not measured: a title may be shortened in the header, a figure never."""
    model = view.model()
    if model is None:
        return 0
    font = QFont(view.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    widest = 0
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            text = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if text is not None:
                widest = max(widest, metrics.horizontalAdvance(str(text)) + CELL_PADDING)
    return widest


def keep_figures_whole(view: QTableView) -> None:
    """A table whose columns share the width (``table_view(..., stretch=True)``) never makes a column
    narrower than its widest figure: on a narrow window the table scrolls sideways instead of eliding
    "127.123,4" to "127.1…". Refitted whenever the model is refilled."""
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # a long case name: "Straks…"
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    view.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)

    titles = RowTitlesGiveWay(view)

    def fit(*_args) -> None:
        view.horizontalHeader().setMinimumSectionSize(max(widest_figure(view), 40))
        titles.fit()

    model = view.model()
    model.modelReset.connect(fit)
    model.layoutChanged.connect(fit)
    model.dataChanged.connect(fit)
    fit()


class Page(QWidget):
    """Subclasses set ``title`` and ``key`` and implement :meth:`refresh`.

    ``scopes`` lists the parts of the project the page shows (see
    :class:`budgetapp.core.commands.ChangeSet`; None: every change). A change of the project's settings
    reaches every page.
    """

    title = ""
    key = ""
    scopes: tuple[str, ...] | None = None

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._dirty = True
        document.changes.connect(self._document_changed)

    def set_document(self, document: Document) -> None:
        self.document.changes.disconnect(self._document_changed)
        self.document = document
        document.changes.connect(self._document_changed)
        self._dirty = True
        if self.isVisible():
            self.refresh_now()

    def _document_changed(self, changes: ChangeSet) -> None:
        if self.scopes is not None and not changes.touches("settings", *self.scopes):
            return
        self._dirty = True
        if self.isVisible():
            self.refresh_now()

    def showEvent(self, event) -> None:
        if self._dirty:
            self.refresh_now()
        super().showEvent(event)

    def refresh_now(self) -> None:
        self._dirty = False
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def heading(text: str, sub: str = "") -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    title = QLabel(f"<span style='font-size:15pt; font-weight:600'>{text}</span>")
    layout.addWidget(title)
    if sub:
        label = QLabel(sub)
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        layout.addWidget(label)
    return box
