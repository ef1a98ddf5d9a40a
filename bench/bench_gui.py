"""GUI benchmarks: main window visible after start, and edit → updated results and charts.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py`` (prints medians).

1. *Start*: a fresh Python process opens the demo project and shows the main window; measured
   from just before the process is launched to the window's first paint (5 runs, median).
2. *Edit*: in the case editor, type a new inflow into the demo's first case; measured from the
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
window = build_window()
window.show()
app.processEvents()
window.repaint()
print(time.time() - t0)
"""


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
    window = build_window()
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
    edits = edit_times()
    edits_sorted = sorted(edits)
    p95 = edits_sorted[int(len(edits_sorted) * 0.95) - 1]
    print(f"Hovedvindue synligt efter start: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f} s, {len(starts)} kørsler)")
    median_ms = statistics.median(edits) * 1000
    print(f"Redigering → opdaterede resultater og diagrammer: median {median_ms:.1f} ms, "
          f"95 %-fraktil {p95 * 1000:.1f} ms ({len(edits)} redigeringer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
