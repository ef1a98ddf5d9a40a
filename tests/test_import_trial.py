"""Kinds of import failure found by trying issue 12 as a newcomer: each test writes its own file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io.project_file import load_project
from budgetapp.resources import demo_project_path
from tests.import_helpers import BUDGET_HEADER as TEMPLATE_HEADER
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import net_by_year, persons_by_group
from tests.import_helpers import private_store_fixture as private_store_fixture

pytestmark = pytest.mark.usefixtures("private_store")


# --- 2. an unquoted decimal comma in a comma-separated file ---------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "cell", "joined"),
    [
        # Helårspersoner 412,5 split: 412 read as persons and "5" as Kilde.
        ("Målgruppe,År,Refusionsregel,Gns. refusionssats (%),Ydelse pr. helårsperson (kr.),"
         "Helårspersoner,Kilde", 'dagpenge,2027,flat,"50 %",231000,412,5', "G2", "412,5"),
        # Refusion 35,5 % split: 35 read as the rate and "5" as Kilde.
        ("Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson (kr.),Refusionsregel,"
         "Gns. refusionssats (%),Kilde", "dagpenge,2027,412,231000,flat,35,5", "G2", "35,5"),
    ],
)
def test_decimal_comma_split_into_a_text_column_is_an_error(tmp_path, demo_path, capsys, header, row, cell,
                                                             joined):
    path = tmp_path / "komma.csv"
    good = ('sygedagpenge,2027,flat,"30 %",240000,300,Regnskab' if 'flat,"50' in row
            else "sygedagpenge,2027,300,240000,flat,30,Regnskab")
    path.write_text(f"{header}\n{row}\n{good}\n", encoding="utf-8")
    before = demo_path.read_bytes()
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert cell in out and f"'{joined}' er sandsynligvis et tal med decimalkomma" in out
    assert main(["import", str(demo_path), str(path)]) == 1
    assert demo_path.read_bytes() == before


def test_decimal_comma_split_with_the_last_field_missing_is_an_error(tmp_path, demo_path, capsys):
    # 8 fields under an 8-field header, so the count is right: "35,5" split into 35 (the rate) and
    # 5 (read as Indsats), 14500 pushed into Kilde, and Kilde itself missing.
    path = tmp_path / "komma.csv"
    header = ("Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson (kr.),Refusionsregel,"
              "Gns. refusionssats (%),Indsats pr. helårsperson (kr.),Kilde")
    path.write_text(f"{header}\ndagpenge,2027,412,231000,medfinansiering-2016,35,5,14500\n"
                    "sygedagpenge,2027,300,240000,medfinansiering-2016,30,12000,Regnskab\n", encoding="utf-8")
    before = demo_path.read_bytes()
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "H2" in out and "'35,5' (" in out
    assert "er sandsynligvis ét tal med decimalkomma i en kommasepareret fil" in out
    assert main(["import", str(demo_path), str(path)]) == 1
    assert demo_path.read_bytes() == before


def test_a_number_as_the_source_of_a_whole_row_is_not_taken_for_a_split(tmp_path, demo_path, capsys):
    # the same shape, but the rate 35,5 is quoted: the source "2024" is just a text
    path = tmp_path / "kilde.csv"
    header = ("Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson (kr.),Refusionsregel,"
              "Gns. refusionssats (%),Indsats pr. helårsperson (kr.),Kilde")
    path.write_text(f'{header}\ndagpenge,2027,412,231000,medfinansiering-2016,"35,5",14500,2024\n',
                    encoding="utf-8")
    assert main(["import-check", str(path)]) != 1, capsys.readouterr().out


# --- 7 and 9. STAR's staircase: exit codes and the years it applies to -----------------------------


def _staircase(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Refusionstrappe"
    ws.append(["Ydelsesgruppe", "Uge 1-4", "Uge 5-26", "Uge 27-52", "Uge 53+"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_staircase_without_year_applies_to_budget_years_only_and_check_exits_2(tmp_path, demo_path, capsys):
    old = {g.year: g.band_distribution for g in load_project(demo_path).budget.groups
           if g.target_group == "sygedagpenge"}
    # 20,0 + 50,0 + 15,0 + 14,9 = 99,9 %: rounded as published, normalised (a changed figure).
    path = _staircase(tmp_path / "trappe.xlsx", [["Sygedagpenge", 20.0, 50.0, 15.0, 14.9]])
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path), "--check"]) == 2
    out = capsys.readouterr().out
    assert "budgetårene 2027-2030" in out
    assert demo_path.read_bytes() == before
    assert main(["import-check", str(path)]) == 2  # the same answer from import-check
    assert main(["import", str(demo_path), str(path)]) == 2
    new = {g.year: g.band_distribution for g in load_project(demo_path).budget.groups
           if g.target_group == "sygedagpenge"}
    for year in (2027, 2028, 2029, 2030):  # B..B+3 with the budget year B = 2027
        assert new[year] == pytest.approx((20.0 / 99.9, 50.0 / 99.9, 15.0 / 99.9, 14.9 / 99.9))
    assert new[2025] == old[2025] and new[2026] == old[2026]  # accounts year and the current year kept


def test_import_check_exits_0_only_when_nothing_changes(tmp_path, demo_path, capsys):
    path = _staircase(tmp_path / "trappe.xlsx", [["Sygedagpenge", 20.0, 50.0, 15.0, 15.0]])
    assert main(["import", str(demo_path), str(path), "--check"]) == 0


# --- 4. import-check reads the layouts users have with the wizard's engine ------------------------


@pytest.mark.parametrize("kind", ["kontoplan", "statistikbanken", "jobindsats", "refusionstrappe"])
def test_import_check_recognises_the_layouts_as_budgetapp_import_does(tmp_path, demo_path, capsys, kind):
    from tests.test_layouts_examples import (
        write_jobindsats,
        write_kontoplan,
        write_staircase,
        write_statbank,
    )

    path = {"kontoplan": lambda: write_kontoplan(tmp_path / "a.xlsx"),
            "statistikbanken": lambda: write_statbank(tmp_path / "b.csv"),
            "jobindsats": lambda: write_jobindsats(tmp_path / "c.xlsx"),
            "refusionstrappe": lambda: write_staircase(tmp_path / "d.xlsx")}[kind]()
    code = main(["import", str(demo_path), str(path), "--check"])
    capsys.readouterr()
    assert main(["import-check", str(path), "--project", str(demo_path)]) == code
    out = capsys.readouterr().out
    assert "ingen overskriftsrække fundet" not in out and "ligner hverken" not in out
    assert "Layout: " in out
    from budgetapp.io.layouts import LAYOUTS

    assert f"Layout: {LAYOUTS[kind].title}" in out


# --- 3 and 8. hidden rows and the years a template replaces, in the CLI ---------------------------

BUDGET_HEADER = TEMPLATE_HEADER[:6]  # without Indsats pr. helårsperson


def _hidden_row_budget(tmp_path: Path) -> Path:
    from tests.import_helpers import write_raw_xlsx

    rows = [BUDGET_HEADER, ["dagpenge", 2027, 400, 230000, "medfinansiering-2016", 0.3],
            ["ledighedsydelse", 2027, 300, 150000, "refusionstrappe-2016", 0.25],
            ["sygedagpenge", 2027, 200, 220000, "refusionstrappe-2016", 0.3]]
    return write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": rows}, hidden_rows={"Budget": {2}})


def test_budgetapp_import_takes_the_hidden_row_choice(tmp_path, demo_path, capsys):
    path = _hidden_row_budget(tmp_path)
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path)]) == 1  # no choice: an error at the row
    assert "række 3 er skjult" in capsys.readouterr().out
    assert demo_path.read_bytes() == before
    assert main(["import", str(demo_path), str(path), "--exclude-hidden"]) == 2  # a row of the file left out
    assert set(persons_by_group(demo_path, 2027)) == {"dagpenge", "sygedagpenge"}
    assert main(["import", str(demo_path), str(path), "--include-hidden"]) == 0
    assert persons_by_group(demo_path, 2027) == {"dagpenge": 400, "ledighedsydelse": 300, "sygedagpenge": 200}


def test_template_replaces_only_the_years_the_file_holds_and_says_so(tmp_path, demo_path, capsys):
    from tests.import_helpers import write_xlsx

    row = ["dagpenge", 2027, 400, 230000, "medfinansiering-2016", 0.3]
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, row]})
    old = load_project(demo_path).budget
    others = sorted((g.target_group, g.year) for g in old.groups if g.year != 2027)
    assert main(["import", str(demo_path), str(path)]) == 0
    out = capsys.readouterr().out
    # The demo has 2025-2030 and six groups; the file only dagpenge 2027.
    assert "Erstatter basisbudgettets målgruppelinjer for 2027; 2025, 2026, 2028-2030 beholdes uændret" in out
    assert "5 linjer fjernes, fordi filen ikke har dem: kontant_uddannelseshjaelp 2027" in out
    new = load_project(demo_path).budget
    assert sorted((g.target_group, g.year) for g in new.groups if g.year != 2027) == others
    assert persons_by_group(demo_path, 2027) == {"dagpenge": 400}
    # Chosen explicitly: the whole base budget, the other years removed (and said). The cases'
    # group (kontant_uddannelseshjaelp) must stay in the file, or the project could not be computed.
    shutil.copy(demo_project_path(), demo_path)
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [
        BUDGET_HEADER, row, ["kontant_uddannelseshjaelp", 2027, 300, 130000, "medfinansiering-2016", 0.3]]})
    assert main(["import", str(demo_path), str(path), "--replace-all"]) == 0
    out = capsys.readouterr().out
    assert "Erstatter hele basisbudgettet med filens år 2027: 2025, 2026, 2028-2030 fjernes" in out
    assert sorted({g.year for g in load_project(demo_path).budget.groups}) == [2027]


# --- 6. a "heraf" row in the municipality's budget ------------------------------------------------


def _kontoplan(path: Path, rows: list[list[object]], header: list[object]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Budget"
    ws.append(["Beskæftigelse (1.000 kr.)"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _net(path: Path, year: int) -> float:
    return net_by_year(load_project(path))[year]


def test_heraf_row_is_left_out_of_sums_with_a_warning(tmp_path, demo_path, capsys):
    path = _kontoplan(tmp_path / "k.xlsx", [
        ["5.57.73", "Kontant- og uddannelseshjælp", 120000],
        [None, "heraf uddannelseshjælp", 30000],
        ["5.57.78", "Dagpenge", 61200],
        [None, "I alt", 181200],
    ], ["Funktion", "Tekst", "Budget 2027"])
    assert main(["import", str(demo_path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "Budget!A4:C4" in out and "heraf-række er en del af rækken ovenfor" in out
    assert "STEMMER IKKE" not in out
    # 120.000 + 61.200 = 181.200 (1.000 kr.) = the file's I alt; the heraf row's 30.000 is not added.
    assert "181.200,0" in out


# --- 5. year headers stored as numbers, and --column --------------------------------------------


def test_numeric_year_headers_are_year_columns(tmp_path, demo_path, capsys):
    from budgetapp.io import layouts

    path = _kontoplan(tmp_path / "k.xlsx", [
        ["5.57.73", "Kontant- og uddannelseshjælp", 120000, 118000],
        ["5.57.78", "Dagpenge", 61200, 60000],
        [None, "I alt", 181200, 178000],
    ], ["Funktion", "Tekst", 2027, 2028])  # numbers, as Excel stores a typed 2027
    book = layouts.open_file(path)
    layout, choices = layouts.guess(book)
    assert layout.id == "kontoplan"
    assert choices.columns_of("year") == [2, 3]
    assert main(["import", str(demo_path), str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "2.027" not in out


@pytest.mark.parametrize("header", ["B2027", "BO2028", "R2025", "Budget 2027", "Overslag 2028"])
def test_year_header_forms(header):
    from budgetapp.io.layouts.kontoplan_budget import year_column

    assert year_column(header) == "year"


def test_column_option_maps_a_column_by_letter_or_header(tmp_path, demo_path, capsys):
    path = _kontoplan(tmp_path / "k.xlsx", [
        ["5.57.73", "Kontant- og uddannelseshjælp", 120000, 5],
        ["5.57.78", "Dagpenge", 61200, 7],
        [None, "I alt", 181200, 12],
    ], ["Funktion", "Tekst", "Budget 2027", "Antal sager 2026"])
    # "Antal sager 2026" is taken as a year column; --column year= clears and D is left out.
    assert main(["import", str(demo_path), str(path), "--check", "--column", "year=", "--column",
                 "year=C"]) == 0
    out = capsys.readouterr().out
    assert "2026" not in out.split("Filens sum")[-1]
    assert main(["import", str(demo_path), str(path), "--column", "nope=C"]) == 1
    assert "feltet 'nope' findes ikke" in capsys.readouterr().err
    assert main(["import", str(demo_path), str(path), "--column", "year=Q"]) == 1
    assert "kolonnen 'Q' findes hverken" in capsys.readouterr().err


# --- 10. messages that name the real problem ------------------------------------------------------


def test_missing_rate_column_is_named_once_not_a_blank_cell(tmp_path, capsys):
    path = tmp_path / "norate.csv"
    path.write_text("Målgruppe;År;Helårspersoner;Ydelse pr. helårsperson (kr.);Refusionsregel\n"
                    "dagpenge;2027;412;231000;medfinansiering-2016\n"
                    "sygedagpenge;2027;300;240000;refusionstrappe-2016\n", encoding="utf-8")
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert ("Fejl i norate!1:1: kolonnen 'Gns. refusionssats' mangler i overskriftsrækken (række 1): "
            "angiv enten fordelingen på refusionstrappens trin eller en gennemsnitlig sats") in out
    assert "tom celle" not in out and "1 fejl og 0 advarsler" in out


def test_total_label_after_the_numbers_in_the_remark_column_is_a_total_row(tmp_path, capsys):
    from tests.import_helpers import write_xlsx

    header = [*BUDGET_HEADER, "Kilde"]
    rows = [header, ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, "x"],
            ["sygedagpenge", 2027, 300, 240000, "refusionstrappe-2016", 0.3, "x"],
            [None, None, 712.5, None, None, None, "Helårspersoner i alt"]]
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": rows})
    assert main(["import-check", str(path)]) == 0
    out = capsys.readouterr().out
    # 412,5 + 300 = 712,5: the row is checked as a total, not read as data with blank cells.
    assert "2 linjer (målgruppe og år), 1 sumrækker kontrolleret" in out and "tom celle" not in out
    rows[-1][2] = 700.0  # a wrong total is one error at its cell
    write_xlsx(tmp_path / "b.xlsx", {"Budget": rows})
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Budget!C4" in out and "tom celle" not in out


# --- 12. small things: no total row, '..', the unit assumed, 5.68.90 ------------------------------

STATBANK_HEADER = "OMRÅDE;FUNKTION;DRANST;ART;PRISENHED;TID;INDHOLD"


def _lines_of(budget, key: str, year: int) -> list:
    return [g for g in budget.groups if g.target_group == key and g.year == year] + [
        a for a in budget.amount_lines if a.target_group == key and a.year == year]


def test_statbank_without_total_rows_says_so_and_dotdot_keeps_the_projects_line(tmp_path, demo_path, capsys):
    unit = "Løbende priser (1.000 kr.)"
    path = tmp_path / "budk.csv"
    path.write_text("\n".join([
        STATBANK_HEADER,
        f"Eksempel;5.57.71 Sygedagpenge;1 Drift;Udgifter i alt;{unit};2027;..",
        f"Eksempel;5.57.71 Sygedagpenge;2 Statsrefusion;Udgifter i alt;{unit};2027;..",
        f"Eksempel;5.57.78 Dagpenge til forsikrede ledige;1 Drift;Udgifter i alt;{unit};2027;61200",
    ]) + "\n", encoding="utf-8")
    own = _lines_of(load_project(demo_path).budget, "sygedagpenge", 2027)
    assert own  # the demo has the line
    assert main(["import", str(demo_path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "ingen sumrække" in out and " stemmer" not in out
    assert "beholdes projektets egne tal for den uændret" in out
    new = load_project(demo_path).budget
    assert _lines_of(new, "sygedagpenge", 2027) == own  # kept as it was, not removed
    [dagpenge] = [a for a in _lines_of(new, "dagpenge", 2027) if hasattr(a, "gross")]
    # 61.200 (1.000 kr.) in løbende 2027-priser, converted to the budget's p/l with its own index.
    project = load_project(demo_path)
    expected = project.price_index.convert(61200 * 1000.0, 2027, project.budget.price_level_year)
    assert dagpenge.gross == pytest.approx(expected, rel=1e-12)


def test_kontoplan_unit_assumed_is_said_and_5_68_90_is_the_unassigned_hk5_line(tmp_path, demo_path, capsys):
    import openpyxl

    from budgetapp.core.budget import UNASSIGNED_MEASURES_KEY

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Funktion", "Tekst", "Budget 2027"])  # no unit anywhere
    ws.append(["5.57.71", "Sygedagpenge", 95100])
    ws.append(["5.68.90", "Driftsudgifter til den kommunale beskæftigelsesindsats", 18000])
    book.save(tmp_path / "k.xlsx")
    assert main(["import", str(demo_path), str(tmp_path / "k.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "Enhed: kr. – filen angiver ingen enhed, så kr. er antaget; angiv --unit kr|1000|mio" in out
    new = load_project(demo_path).budget
    assert "ikke_fordelt" not in {a.target_group for a in new.amount_lines}
    # 5.68.90 is the project's unassigned HK5 line (its key and name), not a new group "ikke_fordelt".
    [line] = [a for a in new.amount_lines if a.function == "5.68.90" and a.year == 2027]
    assert line.target_group == UNASSIGNED_MEASURES_KEY
    assert line.gross == 18000.0  # kr., as assumed and said
    name = "Beskæftigelsesindsats, ikke fordelt på målgrupper (HK5)"
    assert new.group_names.get(UNASSIGNED_MEASURES_KEY, name) == name


def test_a_hand_mapping_of_a_numeric_year_header_is_remembered(tmp_path):
    from budgetapp.io import layouts
    from budgetapp.io.layouts.base import mapping_to_remember

    path = _kontoplan(tmp_path / "k.xlsx", [["5.57.78", "Dagpenge", 61200, 7]],
                      ["Funktion", "Tekst", 2027, 2026])
    book = layouts.open_file(path)
    layout, choices = layouts.guess(book)
    choices.mapping.pop(3)  # the user leaves the 2026 column out
    remembered = {layout.id: mapping_to_remember(book.sheet(choices.sheet), choices)}
    assert remembered[layout.id]["2026"] == "" and remembered[layout.id]["2027"] == "year"
    _, again = layouts.guess(layouts.open_file(path), remembered=remembered)
    assert again.columns_of("year") == [2]


def test_hidden_rows_in_a_kontoplan_budget_need_the_same_choice(tmp_path, demo_path, capsys):
    from tests.import_helpers import write_raw_xlsx

    rows = [["Funktion", "Tekst", "Budget 2027"], ["5.57.73", "Kontant- og uddannelseshjælp", 120000],
            ["5.57.78", "Dagpenge", 61200], ["5.57.71", "Sygedagpenge", 95100]]
    path = write_raw_xlsx(tmp_path / "k.xlsx", {"Budget": rows}, hidden_rows={"Budget": {2}})
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path), "--layout", "kontoplan"]) == 1
    assert "række 3 er skjult i regnearket og har data" in capsys.readouterr().out
    assert demo_path.read_bytes() == before
    assert main(["import", str(demo_path), str(path), "--layout", "kontoplan", "--exclude-hidden"]) == 2
    gross = {a.function: a.gross for a in load_project(demo_path).budget.amount_lines if a.year == 2027}
    assert "5.57.78" not in gross and gross["5.57.73"] == 120000.0  # the hidden 5.57.78 row left out
