"""Benchmark: how long autosave holds the GUI thread when the disk is slow.

Run:  .venv/bin/python bench/bench_autosave.py [--delay 3.0] [--repeat 3]

Simulates a network share whose write and fsync take ``--delay`` seconds and times
``Autosaver.save_now`` (the snapshot on the GUI thread; the write runs on a worker thread)
against the reference measured in the same run: the same snapshot written on the calling thread,
as autosave did before. Prints the best of ``--repeat`` runs of each and their ratio. Not a test:
the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=3.0, help="seconds the slow disk takes per write")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from budgetapp.core.commands import ChangeSettings
    from budgetapp.io.project_file import load_project, snapshot_bytes, write_project_bytes
    from budgetapp.resources import demo_project_path
    from budgetapp.ui.app import create_application
    from budgetapp.ui.autosave import Autosaver
    from budgetapp.ui.document import Document

    create_application()
    document = Document(load_project(demo_project_path()))

    def slow_disk(data: bytes, target: Path) -> None:
        time.sleep(args.delay)
        write_project_bytes(data, target)

    saver = Autosaver(document, writer=slow_disk)
    threaded, reference = [], []
    for i in range(args.repeat):
        document.run(ChangeSettings.of(document.project, notes=f"bench {i}"))
        start = time.perf_counter()
        target = saver.save_now()
        threaded.append(time.perf_counter() - start)
        saver.wait()
        start = time.perf_counter()
        slow_disk(snapshot_bytes(document.project), target)
        reference.append(time.perf_counter() - start)
    saver.discard()
    best, ref = min(threaded), min(reference)
    print(f"GUI thread held by save_now: {best * 1000:.1f} ms (best of {args.repeat})")
    print(f"reference, write on the GUI thread: {ref:.2f} s (best of {args.repeat})")
    print(f"ratio: {ref / best:.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
