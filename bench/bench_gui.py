"""GUI benchmarks: main window visible after start, and edit → updated results and charts.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py`` (prints medians).

1. *Start*: a fresh Python process opens the demo project and shows the main window; measured
   from just before the process is launched to the window's first paint (5 runs, median).
2. *Close*: the app started as ``budgetapp`` starts it (``budgetapp.cli.main``) closes its window;
   measured from the close to the end of the process (5 runs, median), against the same for a bare
   QApplication with an empty QMainWindow (the floor of any PySide6 program) measured in the same run.
3. *Edit*: in the case editor, type a new inflow into the demo's first case; measured from the
   edit until the results table, the key figures and the three charts are updated and the
   pending repaints are done (200 edits, median and 95th percentile; offscreen platform).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
from budgetapp.ui.app import create_application, build_window
app = create_application()
window = build_window(fallback="demo")
window.show()
app.processEvents()
window.repaint()
print(time.time() - t0)
"""


CLOSE_CHILD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
bare = sys.argv[1] == "bare"
if bare:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
else:
    from budgetapp.ui.app import create_application
    app = create_application()

def close():
    from budgetapp.ui.main_window import MainWindow
    shown = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and (bare or isinstance(w, MainWindow))]
    if not shown:
        QTimer.singleShot(50, close)
        return
    for _ in range(3):
        app.processEvents()
    print(f"CLOSED {time.time()!r}", flush=True)
    shown[0].close()

QTimer.singleShot(300, close)
if bare:
    sys.exit(app.exec())
from budgetapp.cli import main
sys.exit(main([]))
"""


def close_times(kind: str, runs: int = 5) -> list[float]:
    """Seconds from the main window's close to the end of the process (``kind``: app or bare)."""
    import tempfile

    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:  # no recovery prompt, no last project
            env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                       HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_CACHE_HOME=home)
            process = subprocess.Popen([sys.executable, "-c", CLOSE_CHILD, kind], stdout=subprocess.PIPE,
                                       text=True, cwd=ROOT, env=env)
            stdout, _ = process.communicate(timeout=120)
            ended = time.time()
        closed = [float(line.split()[1]) for line in stdout.splitlines() if line.startswith("CLOSED ")]
        if not closed:
            raise RuntimeError(f"{kind}: vinduet blev aldrig lukket (exit {process.returncode})")
        out.append(ended - closed[-1])
    return out


def start_times(runs: int = 5) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = []
    for _ in range(runs):
        t0 = time.time()
        result = subprocess.run([sys.executable, "-c", CHILD, repr(t0)], capture_output=True, text=True,
                                cwd=ROOT, env=env, check=True)
        out.append(float(result.stdout.strip().splitlines()[-1]))
    return out


def edit_times(edits: int = 200) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from budgetapp.ui.app import build_window, create_application

    app = create_application()
    window = build_window(fallback="demo")
    window.show()
    page = window.show_page("cases")
    page.select(0)
    app.processEvents()
    field = page.editor.inputs.fields["inflow_per_year"].value
    times = []
    for i in range(edits):
        text = str(400 + i % 100)
        t = time.perf_counter()
        field.setText(text)
        field.textEdited.emit(text)      # what a keystroke does: validate, commit, recalculate
        app.processEvents()              # Qt repaints what changed: table, key figures, charts
        times.append(time.perf_counter() - t)
    window.document.undo_stack.setClean()
    return times


def main() -> int:
    starts = start_times()
    closes = close_times("app")
    bare_closes = close_times("bare")
    edits = edit_times()
    edits_sorted = sorted(edits)
    p95 = edits_sorted[int(len(edits_sorted) * 0.95) - 1]
    print(f"Hovedvindue synligt efter start: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f} s, {len(starts)} kørsler)")
    close_median, bare_median = statistics.median(closes), statistics.median(bare_closes)
    print(f"Luk vindue → processen er slut: median {close_median:.3f} s (max {max(closes):.3f} s, "
          f"{len(closes)} kørsler); tomt QMainWindow i samme kørsel {bare_median:.3f} s; "
          f"forhold {close_median / bare_median:.2f}")
    median_ms = statistics.median(edits) * 1000
    print(f"Redigering → opdaterede resultater og diagrammer: median {median_ms:.1f} ms, "
          f"95 %-fraktil {p95 * 1000:.1f} ms ({len(edits)} redigeringer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
