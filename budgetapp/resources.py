"""Where the shipped resources (rules, examples, demo project) live, from source and when frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def rules_dir() -> Path:
    return resources_dir() / "rules"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def reference_dir() -> Path:
    """National reference tables and the default price index, with their provenance README."""
    return resources_dir() / "reference"


def demo_project_path() -> Path:
    """The embedded demo project (Eksempel Kommune), opened on first start."""
    return resources_dir() / "demo" / "eksempel-kommune.jcbudget"
