"""Run as a script: the case editor on the demo's first case in a window that fills a given screen,
photographed. Prints one JSON line of sizes (logical pixels). Used by tests/test_ui_case_editor.py,
which starts it in a fresh process because the screen and scale factor are fixed at Qt's start.

    python tests/case_editor_shots.py OUT_FILE [normal]

With ``normal`` the window is at its first-start rectangle but not maximised (a display without a
window manager, or the user un-maximised it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(out: Path, normal: bool = False) -> None:
    from PySide6.QtWidgets import QApplication
    from screen_shots import open_demo_window, show_first_start  # the script's own folder is on sys.path

    from budgetapp.ui import files

    app, window = open_demo_window()
    available = window.screen().availableGeometry()
    show_first_start(app, window, normal)  # the first-start geometry, its minimum size untouched
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
    # An invalid entry: the strip's one line keeps the reason in view; the form does not move.
    field = inputs.fields["name"].value
    where_before = [field.mapTo(window, field.rect().topLeft()).y(), inputs.banner_area.height()]
    editor.draft.set_value("effects[0].deadweight", 1.2, "Ændr dødvægt")
    for _ in range(5):
        app.processEvents()
    where_after = [field.mapTo(window, field.rect().topLeft()).y(), inputs.banner_area.height()]
    strip_shown = inputs.banner.shown_text()
    window.document.undo_stack.undo()
    for _ in range(5):
        app.processEvents()
    print(json.dumps({
        "strip_shown": strip_shown,
        "where_before": where_before,
        "where_after": where_after,
        "file": str(out),
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "window_minimum": [window.minimumSizeHint().expandedTo(window.minimumSize()).width(),
                           window.minimumSizeHint().expandedTo(window.minimumSize()).height()],
        "page_size": [page.width(), page.height()],
        "page_minimum": [page.minimumSizeHint().width(), page.minimumSizeHint().height()],
        "page_scroll_range": [window.stack.currentWidget().horizontalScrollBar().maximum(),
                              window.stack.currentWidget().verticalScrollBar().maximum()],
        "available": [available.x(), available.y(), available.width(), available.height()],
        "editor": [editor.width(), editor.height()],
        "stacked": editor.stacked,
        "maximised": window.isMaximized(),
        "list_width": page.list.width(),
        "table_columns": table.model().columnCount(),
        "table_header_length": table.horizontalHeader().length(),
        "table_viewport": [table.viewport().width(), table.viewport().height()],
        "table_rows_height": table.verticalHeader().length(),
        "results_viewport": [editor.results_scroll.viewport().width(), 0],
        "results_width": editor.results.width(),
        "inputs_viewport_width": editor.input_scroll.viewport().width(),
        "inputs_width": inputs.width(),
        "inputs_viewport_height": editor.input_scroll.viewport().height(),
        "field_height": inputs.fields["name"].value.height(),
        "strip_height": inputs.banner_area.height(),
        "unit_visible": inputs.fields["inflow_per_year"].unit.isVisibleTo(window),
        "note_right": inputs.fields["inflow_per_year"].note.geometry().right(),
        "charts_height": editor.results.charts.height(),
    }))
    window.autosaver.discard()
    files.release_lock(window.document.path)
    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]), normal=sys.argv[2:] == ["normal"])
