"""Autosave to a recovery file every minute, and recovery after a crash.

The recovery copy lives in the user's application-data folder (``QStandardPaths``), never
beside the project, so it cannot be mistaken for the real file. A clean close or a save removes
it; a recovery file found at start means the program stopped without saving.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from budgetapp.ui.document import Document
from budgetapp.ui.files import ProjectFileError, save_project

INTERVAL_MS = 60_000


def recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


@dataclass(frozen=True)
class Recovery:
    project_file: Path  # the recovery copy
    original: Path | None  # the project it belongs to (None: never saved)
    saved_at: str
    pid: int

    def describe(self) -> str:
        name = self.original.name if self.original else "et projekt, der ikke var gemt"
        return f"{name} (autogemt {self.saved_at})"


def _stem(document: Document) -> str:
    key = str(document.path) if document.path else f"unsaved-{os.getpid()}-{id(document)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class Autosaver(QObject):
    """Writes the document to the recovery folder every minute while it has unsaved changes."""

    def __init__(self, document: Document, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.document = document
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        self.last_error: str | None = None
        self._files: set[Path] = set()

    def set_document(self, document: Document) -> None:
        self.discard()
        self.document = document

    def paths(self) -> tuple[Path, Path]:
        stem = _stem(self.document)
        folder = recovery_dir()
        return folder / f"{stem}.jcbudget", folder / f"{stem}.json"

    def save_now(self) -> Path | None:
        if not self.document.modified:
            return None
        project_file, info_file = self.paths()
        try:
            project_file.parent.mkdir(parents=True, exist_ok=True)
            save_project(self.document.project, project_file)
            info = {
                "original": str(self.document.path) if self.document.path else None,
                "saved_at": dt.datetime.now().strftime("%d.%m.%Y %H:%M"),
                "pid": os.getpid(),
            }
            info_file.write_text(json.dumps(info), encoding="utf-8")
        except (OSError, ProjectFileError) as exc:
            self.last_error = str(exc)
            return None
        self._files.update((project_file, info_file))
        return project_file

    def discard(self) -> None:
        """Remove this session's recovery files (after a save or a clean close)."""
        for path in list(self._files):
            with contextlib.suppress(OSError):
                path.unlink()
        self._files.clear()


def find_recoveries() -> list[Recovery]:
    """Recovery files left by a session that did not close cleanly."""
    folder = recovery_dir()
    found: list[Recovery] = []
    if not folder.is_dir():
        return found
    for info_file in sorted(folder.glob("*.json")):
        project_file = info_file.with_suffix(".jcbudget")
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not project_file.exists():
            continue
        pid = int(info.get("pid", 0))
        if pid == os.getpid():
            continue
        original = info.get("original")
        found.append(
            Recovery(project_file, Path(original) if original else None, str(info.get("saved_at", "")), pid)
        )
    return found


def discard_recovery(recovery: Recovery) -> None:
    for path in (recovery.project_file, recovery.project_file.with_suffix(".json")):
        with contextlib.suppress(OSError):
            path.unlink()
