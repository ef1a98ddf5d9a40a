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

