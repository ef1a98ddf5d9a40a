"""A page of the main window: refreshed from the document when shown, not on every edit."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from budgetapp.core.commands import ChangeSet
from budgetapp.ui.document import Document
from budgetapp.ui.table_view import table_view

__all__ = ["Page", "heading", "table_view"]


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
