"""Run as a script: the case editor on the demo's first case in a window that fills a given screen,
photographed. Prints one JSON line of sizes (logical pixels). Used by tests/test_ui_case_editor.py,
which starts it in a fresh process because the screen and scale factor are fixed at Qt's start.

    python tests/case_editor_shots.py OUT_FILE
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

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
    available = window.screen().availableGeometry()
    window.setMinimumSize(0, 0)
    window.setGeometry(available)
    window.show()
    page = window.show_page("cases")
    page.select(0)
    for _ in range(10):
        app.processEvents()
    editor = page.editor
    table = editor.results.table
    image = window.grab()
    image.save(str(out))
    frame = window.frameGeometry()
    inputs = editor.inputs
    print(json.dumps({
        "file": str(out),
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "available": [available.x(), available.y(), available.width(), available.height()],
        "editor": [editor.width(), editor.height()],
        "stacked": editor.stacked,
        "table_columns": table.model().columnCount(),
        "table_header_length": table.horizontalHeader().length(),
        "table_viewport": [table.viewport().width(), table.viewport().height()],
        "table_rows_height": table.verticalHeader().length(),
        "results_viewport": [editor.results_scroll.viewport().width(), 0],
        "results_width": editor.results.width(),
        "inputs_viewport_width": editor.input_scroll.viewport().width(),
        "inputs_width": inputs.width(),
        "unit_visible": inputs.fields["inflow_per_year"].unit.isVisibleTo(window),
        "note_right": inputs.fields["inflow_per_year"].note.geometry().right(),
        "charts_height": editor.results.charts.height(),
    }))
    window.autosaver.discard()
    files.release_lock(path)
    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
