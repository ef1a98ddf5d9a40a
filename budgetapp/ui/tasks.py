"""Long work off the GUI thread, with a progress dialog that can be cancelled.

:func:`run_with_progress` starts ``work(progress, cancelled)`` in a worker thread, shows a modal
``QProgressDialog`` and keeps the event loop running (the window repaints and stays responsive)
until the work is done. The worker reports progress through ``progress(done, total)`` and polls
``cancelled()``; results and exceptions come back to the caller on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from budgetapp.ui.locale import tr

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class TaskCancelled(Exception):
    """The user pressed Annullér: nothing was changed."""


class _Relay(QObject):
    progressed = Signal(int, int)
    done = Signal()


def run_with_progress(
    parent: QWidget | None, title: str, label: str, work: Work, show_after_ms: int = 300
) -> Any:
    """Run ``work`` in a thread; return its result or raise its exception (or TaskCancelled)."""
    relay = _Relay()
    cancel = threading.Event()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = work(
                lambda done, total: relay.progressed.emit(int(done), int(total)), cancel.is_set
            )
        except BaseException as exc:  # handed back to the GUI thread
            outcome["error"] = exc
        finally:
            relay.done.emit()

    dialog = QProgressDialog(label, tr("Tasks", "Annullér"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel.set)

    def on_progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    loop = QEventLoop()
    relay.progressed.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    relay.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    thread = threading.Thread(target=target, name="budgetapp-task", daemon=True)
    thread.start()
    if thread.is_alive():
        loop.exec()
    thread.join()
    cancelled = cancel.is_set()
    dialog.canceled.disconnect(cancel.set)  # closing a progress dialog emits canceled
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        error = outcome["error"]
        if cancelled:
            raise TaskCancelled() from error
        raise error
    if cancelled:
        raise TaskCancelled()
    return outcome.get("result")
