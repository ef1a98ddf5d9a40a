"""The Qt binding must keep Python's reference counts: PySide6 6.12.0 on Python 3.11 does not.

That release returns None/True/False from signal emits and void methods without taking a
reference; a session aborts after a few thousand such calls ("bool_dealloc"). pyproject.toml
pins a release without the fault; this test fails if a release with it is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)


def test_signal_emits_and_void_calls_keep_singleton_refcounts(qapp):
    emitter = Emitter()
    emitter.plain.connect(lambda: None)
    emitter.flag.connect(lambda value: None)
    calls = 500  # far below the abort, enough to see a leak of one reference per call
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(calls):
        emitter.plain.emit()
        emitter.flag.emit(True)
        emitter.flag.emit(False)
        emitter.setObjectName("x")
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # A leaking binding lowers each count by about `calls`; a sound one leaves them within a few.
    assert all(abs(a - b) < 20 for a, b in zip(after, before, strict=True)), (before, after)
