"""Long work runs in a worker thread behind a progress dialog that can cancel it."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from budgetapp.ui.tasks import TaskCancelled, run_with_progress

pytestmark = pytest.mark.gui


def test_result_comes_back_from_the_worker_thread(qapp):
    threads = []

    def work(progress, cancelled):
        threads.append(threading.current_thread())
        progress(1, 2)
        return 6 * 7

    assert run_with_progress(None, "Test", "Regner …", work) == 42
    assert threads[0] is not threading.main_thread()


def test_errors_are_raised_on_the_gui_thread(qapp):
    def work(progress, cancelled):
        raise ValueError("filen er tom")

    with pytest.raises(ValueError, match="filen er tom"):
        run_with_progress(None, "Test", "Læser …", work)


def test_cancel_stops_the_work(qapp):
    def press_cancel():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog):
                widget.findChild(QPushButton).click()  # what the user does: press Annullér

    def work(progress, cancelled):
        deadline = time.monotonic() + 3
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.005)
        return "færdig" if not cancelled() else "afbrudt"

    QTimer.singleShot(50, press_cancel)
    with pytest.raises(TaskCancelled):
        run_with_progress(None, "Test", "Arbejder …", work)
