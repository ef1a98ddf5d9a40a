"""Shared test set-up: Qt always offscreen, and paths to the shipped resources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
EXAMPLES = RESOURCES / "examples"
HILLEROD = EXAMPLES / "hillerod-straksaktivering.json"


@pytest.fixture
def hillerod_path() -> Path:
    return HILLEROD


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process as soon as pytest has reported, when Qt was loaded.

    PySide6 6.12 can abort while the interpreter tears down its objects after a GUI test run
    ("bool_dealloc ... refcount error in a C extension"), after every test has passed; the abort
    would replace pytest's exit status. Every report and cache is written by now, so skipping
    the teardown loses nothing and keeps the status pytest decided.
    """
    import sys

    if _exit_status and "PySide6" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
