"""Text in a project file is bounded (documented in core.project_validation and io.project_file):
a note over MAX_TEXT_CHARS is refused at its field without being read whole, and a project file
over MAX_PROJECT_BYTES is refused before it is read, so ``project summary`` stays under 1 GB."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.resources import demo_project_path

resource = pytest.importorskip("resource")
ROOT = Path(__file__).resolve().parent.parent


def with_notes(tmp_path: Path, chars: int) -> Path:
    """The demo with a note of ``chars`` characters, built inside SQLite (never whole in Python)."""
    path = tmp_path / "noter.jcbudget"
    shutil.copy(demo_project_path(), path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE project SET notes = replace(hex(zeroblob(?)), '0', 'x')", (chars // 2,))
    conn.close()
    return path


def test_note_over_the_text_limit_is_refused_at_its_field(tmp_path: Path, capsys) -> None:
    # 3.000.000 characters, over MAX_TEXT_CHARS = 1.000.000
    path = with_notes(tmp_path, 3_000_000)
    assert main(["project", "summary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "notes" in err or "noter" in err.lower(), err
    assert "teksten fylder over 1.000.000 tegn" in err


def test_project_file_over_the_size_limit_is_refused_under_1_gb(tmp_path: Path) -> None:
    # 240.000.000 characters of notes: a file of about 229 MB, over the 100 MB limit
    path = with_notes(tmp_path, 240_000_000)
    limit = 1 << 30
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
            "from budgetapp.cli import main\n"
            f"sys.exit(main(['project', 'summary', {str(path)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    assert result.returncode == 1, out[-2000:]
    assert "Projektfilen noter.jcbudget fylder 229 MB; højst 100 MB kan åbnes" in out, out[-2000:]


@pytest.mark.parametrize(("stored", "shown"), [(1e300, "beløbet 1e+300 er"), (2e20, "beløbet 2e+20 er")])
def test_a_huge_amount_in_a_project_is_named_short(tmp_path: Path, capsys, stored: float, shown: str) -> None:
    # Past 10^15 a float holds no exact whole number: the message shows an exponent, never 40 digits.
    path = tmp_path / "stor.jcbudget"
    shutil.copy(demo_project_path(), path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE budget_groups SET benefit_per_full_year_person = ? WHERE position = 0",
                     (stored,))
    conn.close()
    assert main(["project", "summary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "benefit_per_full_year_person" in err and shown in err, err
    assert "000.000.000.000.000.000" not in err.split("større end")[0]
