"""Autosave to a recovery file every minute, and recovery after a crash.

The recovery copy lives in the user's application-data folder (``QStandardPaths``), never
beside the project, so it cannot be mistaken for the real file. Each program keeps its own
copies (the file name includes its process id), so two programs with the same project open
never overwrite each other's copy.

Autosave never makes the window wait for the disk: on the GUI thread it only takes a snapshot
of the project (the file's bytes, built in memory), and a worker thread writes and flushes it
(on a slow network share that can take seconds). While a write is still running, the next
tick is skipped. A failed autosave is shown in the status bar in Danish.

A save by the user or a clean close removes the copies. A copy whose program is still running
(same host, live process id) is never offered for recovery; a recovered copy is kept until the
user has saved the recovered project (:meth:`Autosaver.adopt`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from budgetapp.core.formatting import format_number
from budgetapp.io.os_errors import danish_reason
from budgetapp.io.processes import process_alive, process_start_time
from budgetapp.io.project_file import (
    ProjectFileError,
    remove_stale_temps,
    snapshot_bytes,
    write_project_bytes,
)
from budgetapp.ui.document import Document
from budgetapp.ui.locale import tr

INTERVAL_MS = 60_000

Writer = Callable[[bytes, Path], None]


def recovery_dir() -> Path:
    """The folder of recovery copies: ``BUDGETAPP_RECOVERY_DIR`` when set (a site's IT, the tests),
    else ``recovery`` in the user's application-data folder."""
    override = os.environ.get("BUDGETAPP_RECOVERY_DIR")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


@dataclass(frozen=True)
class Recovery:
    project_file: Path  # the recovery copy
    original: Path | None  # the project it belongs to (None: never saved)
    saved_at: str
    pid: int
    host: str = ""

    def describe(self) -> str:
        """Danish, telling copies of one project apart: when (to the second), how large, and which
        program (process id) wrote it."""
        name = self.original.name if self.original else "et projekt, der ikke var gemt"
        try:
            size = self.project_file.stat().st_size
        except OSError:
            size = 0
        return (f"{name} (autogemt {self.saved_at}, {format_number(size / 1024, 1)} kB, af programmet med "
                f"proces-id {self.pid})")

    @property
    def files(self) -> tuple[Path, Path]:
        return self.project_file, self.project_file.with_suffix(".json")


def _stem(document: Document) -> str:
    key = f"{document.path if document.path else f'unsaved-{id(document)}'}|{os.getpid()}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _write_info(info_file: Path, original: Path | None) -> None:
    info = {
        "original": str(original) if original else None,
        "saved_at": dt.datetime.now().strftime("%d.%m.%Y %H:%M:%S"),
        "pid": os.getpid(),
        "process_started": process_start_time(os.getpid()) or 0.0,
        "host": socket.gethostname(),
    }
    tmp = info_file.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(info), encoding="utf-8")
    os.replace(tmp, info_file)


class Autosaver(QObject):
    """Writes the document to the recovery folder every minute while it has unsaved changes."""

    finished = Signal(object, str)  # (recovery copy or None, Danish error or "")

    def __init__(self, document: Document, parent: QObject | None = None, interval_ms: int = INTERVAL_MS,
                 writer: Writer = write_project_bytes):
        super().__init__(parent)
        self.document = document
        self.writer = writer
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        self.last_error: str | None = None
        self._files: set[Path] = set()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._generation = 0  # counts snapshots; a discard cancels every one up to now
        self._discarded = 0
        self.finished.connect(self._done)

    def set_document(self, document: Document) -> None:
        self.discard()
        self.document = document

    def paths(self) -> tuple[Path, Path]:
        stem = _stem(self.document)
        folder = recovery_dir()
        return folder / f"{stem}.jcbudget", folder / f"{stem}.json"

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def save_now(self) -> Path | None:
        """Snapshot the project and start writing it on a worker thread; returns at once with
        the recovery copy's path (written when :meth:`wait` returns or :attr:`finished` fires).

        None when there is nothing to save, a write is still running, or the snapshot fails
        (then :attr:`last_error` and the status bar say why).
        """
        if not self.document.modified or self.busy:
            return None
        project_file, info_file = self.paths()
        try:
            data = snapshot_bytes(self.document.project, tr("Autosave", "den autogemte kopi"))
        except ProjectFileError as exc:
            self._report(str(exc))
            return None
        original = self.document.path
        with self._lock:
            self._files.update((project_file, info_file))
            self._generation += 1
            generation = self._generation
        self._worker = threading.Thread(target=self._write, name="autosave", daemon=True,
                                        args=(data, project_file, info_file, original, generation))
        self._worker.start()
        return project_file

    def _write(self, data: bytes, project_file: Path, info_file: Path, original: Path | None,
               generation: int) -> None:
        """Runs on the worker thread: write the snapshot, then its info file."""
        try:
            project_file.parent.mkdir(parents=True, exist_ok=True)
            self.writer(data, project_file)
            _write_info(info_file, original)
        except (OSError, ProjectFileError) as exc:
            message = str(exc) if isinstance(exc, ProjectFileError) else danish_reason(exc)
            self.finished.emit(None, message)
            return
        with self._lock:
            if generation <= self._discarded:  # the user saved or closed while we were writing
                for path in (project_file, info_file):
                    with contextlib.suppress(OSError):
                        path.unlink()
        self.finished.emit(project_file, "")

    def _done(self, project_file: object, error: str) -> None:
        if error:
            self._report(error)
        else:
            self.last_error = None

    def _report(self, message: str) -> None:
        self.last_error = message
        parent = self.parent()
        status = getattr(parent, "statusBar", None)
        if callable(status):
            status().showMessage(tr("Autosave", "Autogem mislykkedes: {0}").format(message), 15_000)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running write to finish (tests, and closing); True when none is running."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return not self.busy

    def adopt(self, recovery: Recovery) -> None:
        """Keep ``recovery``'s copy until the recovered project is saved or closed cleanly."""
        with self._lock:
            self._files.update(recovery.files)

    def discard(self) -> None:
        """Remove this session's recovery files (after a save or a clean close) without waiting:
        a write still running removes its own files when it ends."""
        with self._lock:
            files = list(self._files)
            self._files.clear()
            self._discarded = self._generation
        for path in files:
            with contextlib.suppress(OSError):
                path.unlink()


def find_recoveries() -> list[Recovery]:
    """Recovery files left by a program that stopped without closing cleanly, newest first (by
    the time the copy was written), so after two crashes the latest work is offered first.

    Copies written by a program that is still running on this computer (this one or another
    window) are left out: they are that program's, not a crash. Temporary files of an autosave
    that was killed mid-write are removed.
    """
    folder = recovery_dir()
    found: list[Recovery] = []
    if not folder.is_dir():
        return found
    here = socket.gethostname()
    for temp in folder.glob(".*.~*.tmp"):  # left by an autosave that was killed mid-write
        remove_stale_temps(folder / temp.name[1:temp.name.index(".~")])
    for info_file in sorted(folder.glob("*.json")):
        project_file = info_file.with_suffix(".jcbudget")
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
            pid = int(info.get("pid", 0))
            host = str(info.get("host", here))
            started = float(info.get("process_started") or 0.0) or None
        except (OSError, ValueError, TypeError, AttributeError):
            continue
        if not project_file.exists():
            continue
        if host == here and (pid == os.getpid() or process_alive(pid, started)):
            continue
        original = info.get("original")
        found.append(Recovery(project_file, Path(original) if isinstance(original, str) else None,
                              str(info.get("saved_at", "")), pid, host))
    return sorted(found, key=_written_at, reverse=True)


def _written_at(recovery: Recovery) -> float:
    try:
        return recovery.project_file.stat().st_mtime
    except OSError:
        return 0.0


def discard_recovery(recovery: Recovery) -> None:
    for path in recovery.files:
        with contextlib.suppress(OSError):
            path.unlink()
