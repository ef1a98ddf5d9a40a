"""Run as a script: the main window on the demo at a given screen size and scale factor, every page
photographed. Prints one JSON line per page (sizes in logical pixels). Used by tests/test_ui_screen.py,
which starts it in a fresh process because the screen and scale factor are fixed at Qt's start.

    python tests/screen_shots.py OUT_DIR SUFFIX [normal]

With ``normal`` the window is shown at its first-start geometry but not maximised (as on a display
without a window manager, or after the user un-maximises it); else as a first start shows it.
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


def show_first_start(app, window, normal: bool) -> None:
    """Show the window as on a first start; ``normal``: at the first-start rectangle, not maximised."""
    from budgetapp.ui.main_window import fitted_geometry

    window.show()
    if normal:
        rect, _ = fitted_geometry(window.screen().availableGeometry())
        window.showNormal()
        window.setGeometry(rect)
    for _ in range(6):
        app.processEvents()


def sideways_tables(area) -> list[str]:
    """The visible tables of a page that scroll sideways (a year column or "I alt" cut off)."""
    from PySide6.QtWidgets import QAbstractItemView

    cut = []
    for view in area.widget().findChildren(QAbstractItemView):
        if view.isVisibleTo(area) and view.horizontalScrollBar().maximum() > 0:
            cut.append(view.objectName() or type(view).__name__)
    return cut


def results_table(page) -> list[int]:
    """On the Business cases page: [width of the results table's columns, width it shows them in]."""
    editor = getattr(page, "editor", None)
    if editor is None:
        return [0, 0]
    table = editor.results.table
    return [table.horizontalHeader().length(), table.viewport().width()]


def main(out_dir: Path, suffix: str, normal: bool = False) -> None:
    from PySide6.QtWidgets import QApplication

    from budgetapp.ui import files

    app, window = open_demo_window()
    show_first_start(app, window, normal)
    for key in window.pages:
        page = window.show_page(key)
        if key == "cases":
            page.select(0)
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
            "size": [window.width(), window.height()],
            "results_table": results_table(page),
            "tables": sideways_tables(area),
        }))
    window.autosaver.discard()
    files.release_lock(window.document.path)
    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], normal=sys.argv[3:] == ["normal"])
