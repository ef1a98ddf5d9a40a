"""``budgetapp.core`` must never import Qt: checked in the source and at run time."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6", "qtpy")
CORE = ROOT / "budgetapp" / "core"


def qt_imports_in(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in QT_MODULES]
    return found


def test_no_qt_import_in_core_source():
    offenders = {
        str(path.relative_to(ROOT)): qt_imports_in(path.read_text(encoding="utf-8"))
        for path in CORE.rglob("*.py")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}, f"Qt imported in the core: {offenders}"


def test_the_checker_catches_an_import():
    # The check above must be able to fail: it finds both import forms, also nested in a function.
    assert qt_imports_in("def f():\n    from PySide6.QtCore import QObject\n") == ["PySide6.QtCore"]
    assert qt_imports_in("import pyqtgraph as pg") == ["pyqtgraph"]


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in CORE.rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
