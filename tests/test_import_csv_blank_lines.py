"""A CSV is bounded while it is read: blank lines count toward the cell limit (each becomes a row,
padded to the table's width), so a small file of millions of empty lines is refused after the
limit's worth of lines, never held whole in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetapp.io.csv_text import read_csv_text
from budgetapp.io.import_budget import read_budget
from budgetapp.io.workbook_reader import MAX_CSV_CELLS
from tests.test_import_bounded import assert_refused, limited_check

HEADER = ("Målgruppe;År;Helårspersoner;Ydelse pr. helårsperson (kr.);Refusionsregel;"
          "Gns. refusionssats (%);Indsats pr. helårsperson (kr.)\n")
LINE = "dagpenge;2027;412;231000;medfinansiering-2016;35;14500\n"


def test_blank_lines_count_toward_the_limit_while_reading() -> None:
    # header 2 fields + row 2 fields = 4 cells; each blank line adds 1: the 47th makes 51 > 50
    data = b"a;b\n1;2\n" + b"\n" * 100
    with pytest.raises(ValueError) as caught:
        read_csv_text(data, max_cells=50)
    assert str(caught.value) == ("er for stor: over 50 celler, når hver tom linje tæller som én celle "
                                 "(47 tomme linjer indtil da). Slet de tomme linjer, eller del filen op")


def test_blank_lines_within_the_limit_are_rows_as_before() -> None:
    # 4 cells + 21 blank lines = 25 cells counted; padded, 23 rows × 2 columns = 46 cells <= 50
    parsed = read_csv_text(b"a;b\n1;2\n" + b"\n" * 21, max_cells=50)
    assert len(parsed.rows) == 2 + 21
    assert parsed.rows[2] == ["", ""]
    assert parsed.field_counts[:3] == [2, 2, 0]


def test_fields_alone_keep_the_plain_message() -> None:
    # 3 lines of 20 fields: 60 cells > 50 at the third line, no blank line met
    with pytest.raises(ValueError) as caught:
        read_csv_text((";".join("x" * 20) + "\n").encode() * 3, max_cells=50)
    assert str(caught.value) == "er for stor: over 50 celler. Del filen op"


def test_blank_spacer_lines_in_a_budget_csv_still_import(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text(HEADER + LINE + "\n" * 1000 + LINE.replace("2027", "2028"), encoding="utf-8")
    result = read_budget(path)
    assert not result.report.errors, result.report.to_text()
    assert [line.year for line in result.groups] == [2027, 2028]


def test_twenty_million_empty_lines_are_refused_under_1_gb(tmp_path: Path) -> None:
    pytest.importorskip("resource")
    # 20 MB on disk; before the bound every line became a list and 1 GB was not enough. Now reading
    # stops at the first blank line that takes header (7) + row (7) + blank lines over MAX_CSV_CELLS
    # (2.000.000): 14 + b > 2.000.000 first holds for b = 2.000.000 - 14 + 1 = 1.999.987
    path = tmp_path / "tomme.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + LINE)
        handle.write("\n" * 20_000_000)
    assert MAX_CSV_CELLS == 2_000_000
    assert_refused(limited_check(path),
                   "Filen tomme.csv er for stor: over 2.000.000 celler, når hver tom linje tæller som én "
                   "celle (1.999.987 tomme linjer indtil da)")


@pytest.mark.parametrize("name", ["budget.xlsx", "tomme.csv"])
def test_import_check_opens_a_file_once(tmp_path: Path, monkeypatch, capsys, name: str) -> None:
    # A large file costs its reading once: the layout guess and the template reader share the open
    # workbook, and a file that cannot be opened is reported from that one attempt.
    import budgetapp.io.import_kind as import_kind
    import budgetapp.io.layouts as layouts
    from budgetapp.cli import main
    from budgetapp.io.workbook_reader import open_workbook
    from tests.import_helpers import BUDGET_HEADER, write_xlsx

    opened: list[Path] = []

    def counting(path):
        opened.append(Path(path))
        return open_workbook(path)

    monkeypatch.setattr(layouts, "open_workbook", counting)
    monkeypatch.setattr(import_kind, "open_workbook", counting)
    monkeypatch.setattr("budgetapp.io.workbook_reader.MAX_CSV_CELLS", 100)
    path = tmp_path / name
    if name.endswith(".xlsx"):
        write_xlsx(path, {"Budget": [BUDGET_HEADER, ["dagpenge", 2027, 412, 231000, "medfinansiering-2016",
                                                     0.35, 14500]]})
        expected = 0
    else:
        path.write_text(HEADER + LINE + "\n" * 200, encoding="utf-8")  # 14 + 87 blank lines > 100 cells
        expected = 1
    assert main(["import-check", str(path)]) == expected
    out = capsys.readouterr().out
    assert opened == [path], out
    if expected:
        assert "Filen tomme.csv er for stor: over 100 celler, når hver tom linje tæller som én celle (87 " \
               "tomme linjer indtil da)" in out
