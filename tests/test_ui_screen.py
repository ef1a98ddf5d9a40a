"""The main window fits a 1366×768 screen, at 100 % and at 150 % (QT_SCALE_FACTOR=1.5), on every page;
size, maximised state, splitters and the last page are remembered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

pytestmark = pytest.mark.gui

HERE = Path(__file__).resolve().parent
SCREENSHOTS = os.environ.get("BUDGETAPP_SCREENSHOT_DIR")  # set to docs/screenshots to refresh them


def photograph(tmp_path: Path, scale: str, suffix: str, normal: bool = False) -> list[dict]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    out = Path(SCREENSHOTS) if SCREENSHOTS and not normal else tmp_path  # the README shows first starts
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    args = [sys.executable, str(HERE / "screen_shots.py"), str(out), suffix] + (["normal"] if normal else [])
    done = subprocess.run(args, env=env,
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(("scale", "suffix", "logical", "normal"), [
    ("1", "1366x768", (1366, 768), False),
    # 1366 / 1,5 = 910,7 → 911 and 768 / 1,5 = 512 logical pixels
    ("1.5", "1366x768-150", (911, 512), False),
    # The first-start rectangle without maximising (no window manager, or the user un-maximised):
    # 911 - 16 = 895 by 512 - 40 = 472 logical pixels (main_window.fitted_geometry).
    ("1.5", "1366x768-150-normal", (911, 512), True),
])
def test_main_window_fits_the_screen_on_every_page(tmp_path, scale, suffix, logical, normal):
    from PySide6.QtGui import QImage

    shots = photograph(tmp_path, scale, suffix, normal)
    assert [s["page"] for s in shots] == ["overblik", "basisbudget", "enhedsudgifter", "puljer", "cases",
                                         "sammenlign", "regler"]
    for shot in shots:
        assert shot["maximised"] is not normal, shot
        if normal:
            assert shot["size"] == [895, 472], shot
        x, y, width, height = shot["frame"]
        ax, ay, aw, ah = shot["available"]
        assert (aw, ah) == logical
        assert ax <= x and ay <= y and x + width <= ax + aw and y + height <= ay + ah, shot
        # Every page gets at least its minimum size (scrolling if the window is smaller): nothing is
        # squeezed on top of something else.
        assert shot["page_size"][0] >= shot["page_minimum"][0], shot
        assert shot["page_size"][1] >= shot["page_minimum"][1], shot
        # A page may scroll down on a small screen, never sideways (no column or button off to the right).
        assert shot["scroll_range"][0] == 0, shot
        # Nor does the results table of the Business cases page: every year, "I alt" and "Efter perioden".
        if shot["page"] == "cases":
            assert shot["results_table"][0] <= shot["results_table"][1], shot
        image = QImage(shot["file"])
        # The picture is the whole window in device pixels: 1366 wide at most, both scales.
        assert image.width() <= 1366 and image.height() <= 768
    overview = shots[0]
    if scale == "1":  # at 100 % the overview has room without scrolling
        assert overview["scroll_range"] == [0, 0], overview


def test_size_page_and_splitters_are_remembered(qtbot, tmp_path):
    import shutil

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QSplitter

    from budgetapp.resources import demo_project_path
    from budgetapp.ui import files
    from budgetapp.ui.app import create_application
    from budgetapp.ui.document import Document
    from budgetapp.ui.main_window import MainWindow

    QStandardPaths.setTestModeEnabled(True)
    create_application()
    path = tmp_path / "demo.jcbudget"
    shutil.copy(demo_project_path(), path)

    def open_window() -> MainWindow:
        win = MainWindow(Document(files.load_project(path), path))
        qtbot.addWidget(win)
        win.show()
        return win

    first = open_window()
    available = first.screen().availableGeometry()
    # First start: within the available geometry (Qt's offscreen screen here).
    assert available.contains(first.frameGeometry()) or first.isMaximized()
    first.showNormal()
    first.setGeometry(available.x() + 20, available.y() + 40, 760, 520)
    page = first.show_page("basisbudget")
    splitter = page.findChildren(QSplitter)[0]
    splitter.setSizes([150, 250])
    sizes = splitter.sizes()
    assert first.close()

    second = open_window()
    assert second.current_page_key() == "basisbudget"
    assert (second.geometry().width(), second.geometry().height()) == (760, 520)
    assert second.pages["basisbudget"].findChildren(QSplitter)[0].sizes() == sizes
    second.showMaximized()
    assert second.close()
    third = open_window()
    assert third.isMaximized()
    third.close()


def test_a_saved_size_larger_than_the_screen_is_fitted_again(qtbot, tmp_path):
    """A size saved on a larger screen or at another scale factor (1366×768 at 100 %, then 150 %)
    must not open the window partly off-screen: it is fitted to the available geometry again."""
    import shutil

    from PySide6.QtCore import QByteArray, QStandardPaths

    from budgetapp.resources import demo_project_path
    from budgetapp.ui import files
    from budgetapp.ui.app import create_application
    from budgetapp.ui.document import Document
    from budgetapp.ui.main_window import SETTINGS_GROUP, MainWindow

    QStandardPaths.setTestModeEnabled(True)
    create_application()
    path = tmp_path / "demo.jcbudget"
    shutil.copy(demo_project_path(), path)
    first = MainWindow(Document(files.load_project(path), path))
    qtbot.addWidget(first)
    available = first.screen().availableGeometry()
    first.showNormal()
    first.setMaximumSize(100_000, 100_000)
    first.setGeometry(available.x(), available.y(), available.width() + 600, available.height() + 400)
    saved = first.saveGeometry()
    assert isinstance(saved, QByteArray)
    first.document.undo_stack.setClean()
    first.close()
    store = files.settings()
    store.beginGroup(SETTINGS_GROUP)
    store.setValue("geometry", saved)
    store.endGroup()
    store.sync()

    second = MainWindow(Document(files.load_project(path), path))
    qtbot.addWidget(second)
    second.show()
    assert second.isMaximized() or available.contains(second.geometry()), (second.geometry(), available)
    second.document.undo_stack.setClean()
    second.close()
