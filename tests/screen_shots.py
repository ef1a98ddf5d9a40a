"""Run as a script: the main window on the demo at a given screen size and scale factor, every page
photographed. Prints one JSON line per page (sizes in logical pixels). Used by tests/test_ui_screen.py,
which starts it in a fresh process because the screen and scale factor are fixed at Qt's start.

    python tests/screen_shots.py OUT_DIR SUFFIX
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path


def open_demo_window():
    """The application and a main window on a copy of the demo, with settings in a fresh folder
    (not shown yet). Shared by the screenshot scripts run in their own processes."""
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    settings_dir = tempfile.mkdtemp(prefix="qsettings-")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)

    from budgetapp.resources import demo_project_path
    from budgetapp.ui import files
    from budgetapp.ui.app import create_application
    from budgetapp.ui.document import Document
    from budgetapp.ui.main_window import MainWindow

    app = create_application()
    work = Path(tempfile.mkdtemp(prefix="screens-"))
    path = work / "demo.jcbudget"
    shutil.copy(demo_project_path(), path)
    window = MainWindow(Document(files.load_project(path), path))
    return app, window


def main(out_dir: Path, suffix: str) -> None:
    from PySide6.QtWidgets import QApplication

    from budgetapp.ui import files

    app, window = open_demo_window()
    window.show()
    for key in window.pages:
        page = window.show_page(key)
        for _ in range(6):
            app.processEvents()
        area = window.stack.currentWidget()
        frame = window.frameGeometry()
        available = window.screen().availableGeometry()
        image = window.grab()
        name = out_dir / f"{key}-{suffix}.png"
        image.save(str(name))
        print(json.dumps({
            "page": key,
            "file": str(name),
            "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
            "available": [available.x(), available.y(), available.width(), available.height()],
            "page_size": [page.width(), page.height()],
            "page_minimum": [page.minimumSizeHint().width(), page.minimumSizeHint().height()],
            "viewport": [area.viewport().width(), area.viewport().height()],
            "scroll_range": [area.horizontalScrollBar().maximum(), area.verticalScrollBar().maximum()],
            "dpr": window.devicePixelRatio(),
            "maximised": window.isMaximized(),
        }))
    window.autosaver.discard()
    files.release_lock(window.document.path)
    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
