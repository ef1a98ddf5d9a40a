"""A small form dialog whose fields show the domain's validation messages beside them.

Subclasses add fields with :meth:`EditDialog.add_field` and implement :meth:`EditDialog.submit`,
which reads the fields, checks the result with the core's own checks and either applies it (one
undo step) and returns no issues, or returns the issues. The dialog closes only when nothing is
wrong; otherwise each message is shown in red next to the field it concerns and nothing changes.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.case import Issue
from budgetapp.core.formatting import parse_number
from budgetapp.ui.locale import tr

ERROR_STYLE = "color: #c62828;"


class FieldError(ValueError):
    """A typed value that cannot be read; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def read_number(key: str, text: str, low: float | None = 0.0) -> float:
    """A Danish number from a field, or FieldError with a Danish message."""
    try:
        value = parse_number(text)
    except ValueError as exc:
        raise FieldError(key, str(exc)) from None
    if low is not None and value < low:
        raise FieldError(key, tr("EditDialog", "skal være mindst {0}").format(f"{low:g}".replace(".", ",")))
    return value


def read_percent(key: str, text: str) -> float:
    """A share typed in percent (``"80"``, ``"80 %"``, ``"62,5"``) → 0.80; FieldError when not a number."""
    raw = text.strip()
    if raw.endswith("%"):
        raw = raw[:-1]
    try:
        return parse_number(raw) / 100.0
    except ValueError as exc:
        raise FieldError(key, str(exc)) from None


def read_date(key: str, text: str) -> dt.date | None:
    """A date typed ``dd.mm.åååå`` (empty: no date)."""
    raw = text.strip()
    if not raw:
        return None
    try:
        return dt.datetime.strptime(raw, "%d.%m.%Y").date()
    except ValueError:
        raise FieldError(
            key, tr("EditDialog", "'{0}' er ikke en dato; skriv dd.mm.åååå").format(raw)
        ) from None


def show_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


class EditDialog(QDialog):
    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("EditDialog", "OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("EditDialog", "Annullér"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setStyleSheet("color: #555;")
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def add_field(self, key: str, label: str, widget: QWidget, unit: str = "") -> QWidget:
        """A labelled field with its unit and a red message right under it (hidden while it is valid)."""
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(widget, 1)
        if unit:
            line.addWidget(QLabel(unit))
        column.addLayout(line)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.form.addRow(label, row)
        self.errors[key] = error
        self.fields[key] = widget
        return widget

    def clear_issues(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.message.clear()
        self.message.hide()

    def show_issues(self, issues: list[Issue]) -> None:
        """Each issue next to its field (``Issue.field`` is the field key); the rest below the form."""
        self.clear_issues()
        general: list[str] = []
        for issue in issues:
            label = self.errors.get(issue.field)
            if label is None:
                general.append(issue.message)
                continue
            label.setText("; ".join(t for t in (label.text(), issue.message) if t))
            label.show()
        if general:
            self.message.setText("\n".join(general))
            self.message.show()
        self._fit()

    def _fit(self) -> None:
        """Grow to show every message in full (a wrapped message needs the height of its lines)."""
        layout = self.layout()
        layout.activate()
        width = self.width()
        height = max(self.height(), layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                     else layout.sizeHint().height())
        self.resize(width, height)

    def issue_texts(self) -> dict[str, str]:
        """The messages shown now, by field key (``""`` for the general message)."""
        shown = {key: label.text() for key, label in self.errors.items() if label.text()}
        if self.message.text():
            shown[""] = self.message.text()
        return shown

    def submit(self) -> list[Issue]:
        """Read, check and apply; the issues found (nothing is applied when there are any)."""
        raise NotImplementedError

    def try_accept(self) -> None:
        try:
            issues = self.submit()
        except FieldError as exc:
            issues = [Issue(exc.key, str(exc))]
        if issues:
            self.show_issues(issues)
            return
        self.clear_issues()
        self.accept()
