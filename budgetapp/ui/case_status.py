"""The case editor's status strip: one line of fixed height above the inputs.

It shows what the last Fortryd/Gentag did, and either that every entry is valid or the first
invalid entry, reason first (``Dødvægt må højst være 100 %, fandt 120 % — Effekt «A»``), so a
narrow pane cuts the place, never the reason; the whole text is in the tooltip. "Gå til" (or a
click on the line) scrolls the form to the field and puts the cursor in it; "(+N flere)" lists
every invalid entry, each one a way to its field. The strip never changes height, so the form
never moves under the cursor when an entry turns invalid or valid again.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from budgetapp.ui.case_labels import describe, place_text
from budgetapp.ui.locale import tr

VALID_TEXT = "Alle indtastninger er gyldige."
VALID_TIP = ("Alle indtastninger er gyldige; resultaterne følger hver ændring. Fortryd (Ctrl+Z) går "
             "ét felt tilbage ad gangen, også mens markøren står i et felt; Gentag: Ctrl+Y.")
INVALID_TIP = ("Ugyldige indtastninger er ikke gemt i casen endnu; resultaterne er fra den sidste "
               "gyldige beregning. Intet, du har skrevet, går tabt (Fortryd: Ctrl+Z, Gentag: Ctrl+Y).")

Problem = tuple[str, str]  # (draft path, message)


class ElidedLabel(QLabel):
    """A one-line label that cuts its text with "…" to its width; :meth:`text` and the tooltip
    give the whole text. A click emits :attr:`clicked`."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self.setToolTip(text)

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """The text as painted: cut with "…" when it is wider than the label."""
        return self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._full) + 4, metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.fontMetrics().height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(), self.isEnabled(), self.shown_text(), QPalette.ColorRole.WindowText)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


def problem_text(data: dict, path: str, message: str) -> str:
    """One invalid entry, reason first: ``Dødvægt må højst være 100 %, fandt 120 % — Effekt «A»``;
    the field's label is put before a message that does not name it."""
    if not path:
        return message
    where, label = describe(data, path)
    head = message if not label or message.startswith(label) else f"{label}: {message}"
    return f"{head} — {' › '.join(where)}" if where else head


def problem_line(data: dict, path: str, message: str) -> str:
    """One invalid entry as the list reads it: ``Effekt «A» › Dødvægt: må højst …``."""
    return f"{place_text(data, path)}: {message}" if path else message


class StatusStrip(QFrame):
    """The strip (see the module text). :attr:`goTo` asks the form to show the field at a path."""

    goTo = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseStatus")
        self.problems: list[Problem] = []
        self.lines: list[str] = []
        self.undo_note = ElidedLabel()
        self.undo_note.setStyleSheet("color: #37474f; font-style: italic;")
        self.undo_note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.undo_note.hide()
        self.banner = ElidedLabel()
        self.banner.setStyleSheet("color: #b71c1c;")
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.clicked.connect(self.go_first)
        self.banner.hide()
        self.status = ElidedLabel()
        self.status.setText(tr("CaseEditor", VALID_TEXT))
        self.status.setToolTip(tr("CaseEditor", VALID_TIP))
        self.status.setStyleSheet("color: #37474f;")
        self.goto_button = QPushButton(tr("CaseEditor", "Gå til"))
        self.goto_button.setToolTip(tr("CaseEditor", "Vis feltet med den første ugyldige indtastning"))
        self.goto_button.clicked.connect(self.go_first)
        self.goto_button.hide()
        self.more_button = QToolButton()
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more_menu = QMenu(self.more_button)
        self.more_button.setMenu(self.more_menu)
        self.more_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(6)
        row.addWidget(self.undo_note)
        row.addWidget(self.banner, 1)
        row.addWidget(self.status, 1)
        row.addWidget(self.more_button)
        row.addWidget(self.goto_button)
        height = max(self.goto_button.sizeHint().height(), self.fontMetrics().height()) + 4
        self.setFixedHeight(height)
        self._style(False)

    def _style(self, invalid: bool) -> None:
        colour = "#fff3e0" if invalid else "#eceff1"
        self.setStyleSheet(f"#caseStatus {{ background: {colour}; }}")

    def show_undo_note(self, text: str) -> None:
        """What the last Fortryd/Gentag did (shown until the next edit), at most a third of the line."""
        self.undo_note.setText(text)
        self.undo_note.setMaximumWidth(max(120, self.width() // 3))
        self.undo_note.setVisible(bool(text))

    def show_problems(self, data: dict, problems: list[Problem]) -> None:
        """Every entry valid (``problems`` empty), or the first invalid one and a list of all."""
        self.problems = list(problems)
        invalid = bool(problems)
        self._style(invalid)
        self.status.setVisible(not invalid)
        self.banner.setVisible(invalid)
        self.goto_button.setVisible(invalid and bool(problems[0][0]))
        self.lines = [problem_line(data, path, message) for path, message in problems]
        if not invalid:
            self.more_button.hide()
            return
        first = problem_text(data, *problems[0])
        self.banner.setText(first)
        self.banner.setToolTip(html.escape(tr("CaseEditor", INVALID_TIP)) + "<br>"
                               + "<br>".join(html.escape(f"• {line}") for line in self.lines))
        self.more_menu.clear()
        for (path, _message), line in zip(problems, self.lines, strict=True):
            action = self.more_menu.addAction(line)
            action.setEnabled(bool(path))
            action.triggered.connect(lambda _checked=False, p=path: self.goTo.emit(p))
        more = len(problems) - 1
        self.more_button.setText(tr("CaseEditor", "(+{0} flere)").format(more))
        self.more_button.setToolTip(tr("CaseEditor", "{0} ugyldig(e) indtastning(er); vælg én for at gå "
                                                     "til feltet").format(len(problems)))
        self.more_button.setVisible(more > 0)

    def go_first(self) -> None:
        if self.problems and self.problems[0][0]:
            self.goTo.emit(self.problems[0][0])


