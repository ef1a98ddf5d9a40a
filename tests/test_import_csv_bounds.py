"""A CSV is read whole into Python lists: its limits (2 mio. cells, 40 MB) keep reading and
checking it under 1 GB, and the csv module's English errors reach the user in Danish."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetapp.io.import_budget import read_budget
from budgetapp.io.workbook_reader import MAX_CSV_CELLS
from tests.test_import_bounded import assert_refused, limited_check

pytest.importorskip("resource")

HEADER = ("Målgruppe;År;Helårspersoner;Ydelse pr. helårsperson (kr.);Refusionsregel;"
          "Gns. refusionssats (%);Indsats pr. helårsperson (kr.);Kilde\n")
LINE = "dagpenge;2027;412;231000;medfinansiering-2016;35;14500;Regnskab-xxxxxxxxxxxxxxxxxxxxxxxx\n"


def test_csv_at_the_cell_limit_is_checked_under_1_gb_without_a_traceback(tmp_path: Path) -> None:
    # 8 fields a line: 249.999 lines + the header = 2.000.000 cells, the limit itself (about 23 MB)
    rows = MAX_CSV_CELLS // 8 - 1
    path = tmp_path / "stor.csv"
    path.write_text(HEADER + LINE * rows, encoding="utf-8")
    result = limited_check(path)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "MemoryError" not in out and "hukommelse" not in out, out[-2000:]
    assert "er for stor" not in out


def test_csv_over_the_cell_limit_is_refused_under_1_gb(tmp_path: Path) -> None:
    # 250.000 lines + the header, 8 fields each: 2.000.008 cells, over 2.000.000
    path = tmp_path / "stor.csv"
    path.write_text(HEADER + LINE * (MAX_CSV_CELLS // 8), encoding="utf-8")
    assert_refused(limited_check(path), "Filen stor.csv er for stor: over 2.000.000 celler")


def test_padding_short_rows_counts_against_the_limit(tmp_path: Path) -> None:
    # one line of 100.000 fields, then 30 one-field lines: 31 × 100.000 = 3.100.000 cells padded
    path = tmp_path / "bred.csv"
    path.write_text(";".join(["x"] * 100_000) + "\n" + "a\n" * 30, encoding="utf-8")
    [error] = read_budget(path).report.errors
    assert "31 rækker × 100.000 kolonner er over 2.000.000 celler" in error.expected


def test_field_over_the_csv_modules_limit_is_named_in_danish(tmp_path: Path) -> None:
    path = tmp_path / "felt.csv"
    path.write_text(HEADER + 'dagpenge;2027;"' + "x" * 200_000 + "\n", encoding="utf-8")
    [error] = read_budget(path).report.errors
    assert error.expected == ("Filen felt.csv kan ikke læses som CSV i række 2: et felt er over 131.072 "
                              "tegn langt (mangler der et afsluttende anførselstegn, eller er det ikke en "
                              "CSV-fil?)")
    assert "field limit" not in error.expected


def test_memory_error_anywhere_in_a_command_is_a_danish_message(monkeypatch, capsys) -> None:
    import budgetapp.cli as cli
    from budgetapp.cli import main

    def exhaust(args: object) -> int:
        raise MemoryError

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for sub in action.choices.values():
            sub.set_defaults(func=exhaust)
    assert main(["template", "budget", "x.xlsx"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fejl: der var ikke hukommelse nok til kommandoen; den er afbrudt, og intet "
                          "er ændret")


def test_wizard_out_of_memory_is_a_danish_message(qtbot, tmp_path: Path, monkeypatch) -> None:
    from budgetapp.io import layouts
    from budgetapp.io.project_file import load_project
    from budgetapp.resources import demo_project_path
    from budgetapp.ui.import_wizard import ImportWizard

    def exhaust(path: object) -> None:
        raise MemoryError

    wizard = ImportWizard(load_project(demo_project_path()))
    qtbot.addWidget(wizard)
    monkeypatch.setattr(layouts, "open_file", exhaust)
    path = tmp_path / "stor.xlsx"
    path.write_bytes(b"x")
    assert wizard.open(path) == ("stor.xlsx er for stor til at blive læst i den tilgængelige hukommelse; "
                                 "intet er indlæst. Del filen op, eller gem den som .xlsx.")
    assert wizard.book is None
