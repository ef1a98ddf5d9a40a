"""No user-visible text refers to the development material: no "seed 003_….txt L486", no
"shared/…", no path of a developer's machine.

The product cites public sources by title, publisher, year and table, and laws by name and
paragraph. This test scans every Python source under ``budgetapp/`` (UI strings, messages,
docstrings that become help texts), every text file under ``resources/`` and ``docs/``, and the
exported council workbook and committee proposals of the demo project. Every offending line is
listed in the failure message.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import RESOURCES, ROOT
from recalc import require_tools

# development references: source-file names of the research material and machine paths
SOURCE_PATTERNS = re.compile(
    r"seed[ _]?0\d\d|\bseed\s+\d{3}|shared/|domain/notes|/work/|/home/\w|/root/|\.txt,? ?L\d+|C:\\\\Users",
    re.IGNORECASE)
# in an exported file even the word "seed" must not appear (the simulation's seed is "frø")
EXPORT_PATTERNS = re.compile(r"seed|shared/|domain/notes|/work/|/home/|/root/|/tmp/|C:\\Users",
                             re.IGNORECASE)
TEXT_SUFFIXES = {".py", ".md", ".toml", ".json", ".csv", ".txt", ".yaml", ".yml", ".ini"}
DEMO = RESOURCES / "demo" / "eksempel-kommune.jcbudget"


def offending_lines(root: Path, suffixes: set[str] | None = None) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if suffixes is not None and path.suffix not in suffixes:
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for number, line in enumerate(text.splitlines(), 1):
            for match in SOURCE_PATTERNS.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r}")
    return found


def test_the_pattern_finds_what_it_must():
    for text in ("(seed 003_282ac59a8741076f.txt, L486-491)", "seed 002, L442-443", "seed003.md",
                 "se shared/domain/notes/anchors.md", "/work/main/x.py", "/home/anna/budget.xlsx"):
        assert SOURCE_PATTERNS.search(text), text
    for text in ("--seed S", "DEFAULT_SEED = 1", "seed: int = 1", "frø 1", "VIVE (2021), tabel 5.6"):
        assert not SOURCE_PATTERNS.search(text), text


def test_no_development_references_in_the_sources_resources_and_docs():
    found = [*offending_lines(ROOT / "budgetapp", {".py"}),
             *offending_lines(RESOURCES, TEXT_SUFFIXES | {".jcbudget"}),
             *offending_lines(ROOT / "docs", TEXT_SUFFIXES)]
    assert found == [], f"{len(found)} development references:\n" + "\n".join(found)


def _workbook_texts(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    texts = list(wb.sheetnames)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    props = wb.properties
    texts.extend(str(v) for v in (props.title, props.subject, props.description, props.creator,
                                  props.keywords, props.category) if v)
    return texts


def test_no_development_references_in_the_exports(tmp_path, qapp):
    require_tools("pdftotext")
    from budgetapp.cli import main
    from budgetapp.io.project_file import load_project

    book = tmp_path / "byraadsmappe.xlsx"
    assert main(["export", str(DEMO), "--xlsx", str(book), "--simulate", "200"]) == 0
    found = [t for t in _workbook_texts(book) if EXPORT_PATTERNS.search(t)]
    for i, entry in enumerate(load_project(DEMO).cases):
        pdf = tmp_path / f"indstilling-{i}.pdf"
        assert main(["export", str(DEMO), "--pdf", str(pdf), "--case", entry.name]) == 0
        text = unicodedata.normalize("NFKC", subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        found += [f"{entry.name} (PDF): {line}" for line in text.splitlines() if EXPORT_PATTERNS.search(line)]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        found += [f"{entry.name} (PDF info): {line}" for line in info.splitlines()
                  if EXPORT_PATTERNS.search(line) and not line.startswith("Producer")]
    assert found == [], f"{len(found)} development references in the exports:\n" + "\n".join(found[:60])


@pytest.mark.parametrize("folder", ["budgetapp/export", "budgetapp/ui/pages/overview.py",
                                    "budgetapp/core/projection.py", "budgetapp/cli/project_cmd.py",
                                    "budgetapp/cli/export_cmd.py", "docs/council-workbook.md"])
def test_the_council_files_are_clean(folder):
    path = ROOT / folder
    found = (offending_lines(path) if path.is_dir()
             else [f"{folder}:{n}: {m.group(0)!r}" for n, line in enumerate(path.read_text().splitlines(), 1)
                   for m in SOURCE_PATTERNS.finditer(line)])
    assert found == []
