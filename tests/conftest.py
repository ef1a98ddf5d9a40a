"""Shared test set-up: Qt always offscreen, and paths to the shipped resources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
EXAMPLES = RESOURCES / "examples"
HILLEROD = EXAMPLES / "hillerod-straksaktivering.json"


@pytest.fixture
def hillerod_path() -> Path:
    return HILLEROD



@pytest.fixture(autouse=True)
def isolated_recovery(tmp_path_factory, monkeypatch):
    """Each test has its own folder of recovery copies, so parallel or earlier runs never meet."""
    folder = tmp_path_factory.mktemp("recovery")
    monkeypatch.setenv("BUDGETAPP_RECOVERY_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path_factory):
    """Each test that uses Qt gets its own, empty QSettings folder (window size, recent files)."""
    import sys

    if "PySide6.QtCore" not in sys.modules:
        yield None
        return
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


# --- the main window for the GUI tests (Qt is imported only when a test asks for it) ----------


class Asked(list):
    """The texts of the message boxes shown; ``answers`` maps a title to the button pressed."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: dict[str, object] = {}


@pytest.fixture
def questions(monkeypatch) -> Asked:
    """Every QMessageBox shown is recorded and answered: the button in ``answers`` for its title,
    else Discard for "save changes?", else No; warnings and information boxes with Ok."""
    from PySide6.QtWidgets import QMessageBox

    asked = Asked()
    answers = asked.answers

    def answer(_parent, title, text, buttons=None, default=None):
        asked.append(f"{title}: {text}")
        if title in answers:
            return answers[title]
        if buttons is not None and buttons & QMessageBox.StandardButton.Discard:
            return QMessageBox.StandardButton.Discard
        return QMessageBox.StandardButton.No

    def note(_parent, title, text, *args):
        asked.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    def run_box(box):
        # A message box with its own buttons (e.g. "Gem alligevel uden dem"): recorded, and the button
        # named in ``answers`` for its title clicked, else the first accepting one.
        asked.append(f"{box.windowTitle()}: {box.text()}")
        wanted = answers.get(box.windowTitle())
        buttons = box.buttons()
        chosen = next((b for b in buttons if b.text() == wanted), None) or next(
            (b for b in buttons if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole), buttons[0])
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "exec", run_box)
    monkeypatch.setattr(QMessageBox, "warning", note)
    monkeypatch.setattr(QMessageBox, "information", note)
    return asked


@pytest.fixture
def window(qtbot, tmp_path, questions):
    """The real main window, shown offscreen, on a copy of the demo project in ``tmp_path``."""
    import shutil

    from PySide6.QtCore import QStandardPaths

    from budgetapp.resources import demo_project_path
    from budgetapp.ui import files
    from budgetapp.ui.app import create_application
    from budgetapp.ui.document import Document
    from budgetapp.ui.main_window import MainWindow

    QStandardPaths.setTestModeEnabled(True)
    create_application()
    path = tmp_path / "demo.jcbudget"
    shutil.copy(demo_project_path(), path)
    win = MainWindow(Document(files.load_project(path), path))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.autosaver.discard()
