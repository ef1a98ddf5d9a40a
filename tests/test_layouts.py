"""The four real-world layouts (a-d) through the engine and through ``budgetapp import``.

Each test writes its own example file (tests/test_layouts_examples.py) and checks that the
project's totals after the import equal the file's own totals, that nothing is half-imported,
and that every problem names its cell in Danish.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.core.budget_amounts import PERSONS_MISSING
from budgetapp.io import layouts
from budgetapp.io.import_common import ImportRefused
from budgetapp.io.layouts import store
from budgetapp.io.project_file import load_project
from budgetapp.resources import demo_project_path
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import net_by_year
from tests.import_helpers import private_store_fixture as private_store_fixture
from tests.test_layouts_examples import (
    JOBINDSATS_ROWS,
    KONTOPLAN_YEARS,
    kontoplan_net_total,
    statbank_total_kr,
    write_jobindsats,
    write_kontoplan,
    write_staircase,
    write_statbank,
)

pytestmark = pytest.mark.usefixtures("private_store")


def run_engine(path: Path, project, layout_id: str | None = None, **options):
    book = layouts.open_file(path)
    layout, choices = layouts.guess(book, layout_id)
    choices.options.update(options)
    return layout, choices, layouts.read(book, layout, choices, project)


# --- a. the municipality's budget by kontoplan ---------------------------------------------------


def test_kontoplan_budget_totals_equal_the_files_i_alt(tmp_path, demo_path):
    project = load_project(demo_path)
    layout, choices, result = run_engine(write_kontoplan(tmp_path / "budget.xlsx"), project)
    assert layout.id == "kontoplan"
    assert choices.header_row == 4 and choices.unit == 1000.0 and choices.price_level == 2026
    assert result.report.ok, result.report.to_text()
    new = layouts.apply(result, project)
    net = net_by_year(new)
    for year in KONTOPLAN_YEARS:
        # The file's "I alt" in 1.000 kr. (every row added, refusion negative) × 1.000 = the net in kr.
        assert net[year] == pytest.approx(kontoplan_net_total(year) * 1000.0, abs=0.01)
        check = next(t for t in result.totals if t.label == str(year))
        assert check.file_total == pytest.approx(kontoplan_net_total(year)) and check.matches
    # 5.57.71 in 2027: gross 98.500, refusion 30.250,5 (1.000 kr.), an amount line without persons.
    sick = next(a for a in new.budget.amount_lines if a.target_group == "sygedagpenge" and a.year == 2027)
    assert (sick.gross, sick.refusion, sick.status) == (98_500_000.0, 30_250_500.0, PERSONS_MISSING)
    assert sick.area == "forsørgelse" and sick.function == "5.57.71"
    # 6.45.53 is job-centre operation (HK6), 5.68.90 HK5 measures (not split by group).
    assert any(
        o.year == 2027 and o.amount == 38_400_000.0 and o.function == "6.45.53" for o in new.budget.operation
    )
    measures = next(a for a in new.budget.amount_lines if a.function == "5.68.90" and a.year == 2027)
    assert measures.area == "beskæftigelsesindsats" and measures.styringsomraade == "service"
    # No group line of the imported years remains; 2025 (not in the file) is kept.
    assert not [g for g in new.budget.groups if g.year in KONTOPLAN_YEARS]
    assert [g for g in new.budget.groups if g.year == 2025] == [
        g for g in project.budget.groups if g.year == 2025
    ]
    assert project.budget.amount_lines == ()  # the given project is never changed


def test_kontoplan_wrong_total_row_is_an_error_at_its_cell(tmp_path, demo_path):
    project = load_project(demo_path)
    _, _, result = run_engine(write_kontoplan(tmp_path / "b.xlsx", total_override=300_000.0), project)
    assert not result.ok
    errors = [p for p in result.report.errors]
    # Rows: title 1-3, blank 4, header 5, 5 rows of 5.57, subtotal 11, 5.68.90 12, 6.45.53 13, I alt 14.
    assert errors[0].address == "'Budget 2027-2030'!D14"
    assert "sumrækken for 2027" in errors[0].expected
    with pytest.raises(ImportRefused):
        layouts.apply(result, project)


def test_kontoplan_unknown_function_is_refused_until_mapped(tmp_path, demo_path):
    project = load_project(demo_path)
    path = write_kontoplan(
        tmp_path / "c.xlsx", extra_row=("5.46.61", 1, "Introduktionsprogram", (1.0, 2.0, 3.0, 4.0))
    )
    book = layouts.open_file(path)
    layout, choices = layouts.guess(book)
    result = layouts.read(book, layout, choices, project)
    assert not result.ok
    assert any("5.46.61 er ikke" in p.expected and p.address.endswith("!A14") for p in result.report.errors)
    # The user maps it in the wizard: to measures of a new group.
    choices.targets["5.46.61"] = {"target": "measures", "name": "integration", "group_name": "Integration"}
    result = layouts.read(book, layout, choices, project)
    assert result.ok, result.report.to_text()
    new = layouts.apply(result, project)
    assert new.budget.group_names["integration"] == "Integration"
    # 2030: file total + the 4 (1.000 kr.) of the extra row.
    assert net_by_year(new)[2030] == pytest.approx((kontoplan_net_total(2030) + 4.0) * 1000.0)


def test_kontoplan_through_cli_saves_atomically_and_remembers_mapping(tmp_path, demo_path, capsys):
    path = write_kontoplan(tmp_path / "budget.xlsx")
    assert main(["import", str(demo_path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "Layout: Kommunens budget pr. kontoplan" in out and "stemmer" in out
    project = load_project(demo_path)
    assert net_by_year(project)[2028] == pytest.approx(kontoplan_net_total(2028) * 1000.0, abs=0.01)
    remembered = store.load_file()
    assert remembered["kontoplan"]["funktion"] == "function"


def test_cli_refused_file_leaves_project_file_byte_identical(tmp_path, demo_path, capsys):
    before = demo_path.read_bytes()
    path = write_kontoplan(tmp_path / "bad.xlsx", total_override=1.0)
    assert main(["import", str(demo_path), str(path)]) == 1
    out = capsys.readouterr().out
    assert "Fejl i 'Budget 2027-2030'!D14" in out and "Intet er indlæst; projektfilen er uændret." in out
    assert demo_path.read_bytes() == before


# --- b. Statistikbanken --------------------------------------------------------------------------


def test_statistikbanken_suppressed_is_never_zero_and_price_unit_respected(tmp_path, demo_path):
    project = load_project(demo_path)
    layout, choices, result = run_engine(write_statbank(tmp_path / "budk.csv"), project)
    assert layout.id == "statistikbanken"
    assert choices.options["priceunit"] == "Løbende priser (1.000 kr.)" and choices.unit == 1000.0
    assert result.ok, result.report.to_text()
    warning = result.report.warnings[0]
    assert (
        warning.address == "budk!G6"
        and warning.found == ".."
        and "ikke, heller ikke som 0" in warning.expected
    )
    assert any("Kr. pr. indbygger" in n for n in result.report.notes)
    new = layouts.apply(result, project)
    # 2026 is the budget's p/l, so current prices need no conversion.
    assert net_by_year(new)[2026] == pytest.approx(statbank_total_kr())
    measures = next(a for a in new.budget.amount_lines if a.function == "5.68.90")
    assert (measures.gross, measures.refusion) == (44_000_000.0, 0.0)


def test_statistikbanken_through_cli(tmp_path, demo_path):
    assert main(["import", str(demo_path), str(write_statbank(tmp_path / "budk.csv"))]) == 0
    assert net_by_year(load_project(demo_path))[2026] == pytest.approx(statbank_total_kr())


# --- c. jobindsats ---------------------------------------------------------------------------------


def test_jobindsats_total_row_is_checked_never_data(tmp_path, demo_path):
    project = load_project(demo_path)
    layout, _, result = run_engine(write_jobindsats(tmp_path / "jobindsats.xlsx"), project)
    assert layout.id == "jobindsats"
    assert result.ok, result.report.to_text()
    new = layouts.apply(result, project)
    persons = {g.target_group: g.full_year_persons for g in new.budget.groups if g.year == 2027}
    assert persons["dagpenge"] == 523.4
    assert persons["kontant_uddannelseshjaelp"] == 612.0
    assert persons["sygedagpenge"] == 410.3
    assert "Ydelsesgrupper i alt" not in persons
    # The file's total row: 523,4 + 612,0 + 410,3 = 1.545,7 = the imported sum.
    imported = persons["dagpenge"] + persons["kontant_uddannelseshjaelp"] + persons["sygedagpenge"]
    assert imported == pytest.approx(JOBINDSATS_ROWS[-1][4])
    assert result.totals[0].file_total == pytest.approx(1545.7) and result.totals[0].matches


def test_jobindsats_fills_persons_of_amount_lines(tmp_path, demo_path):
    """a then c: the kontoplan amounts get their persons; the totals stay those of the file."""
    assert main(["import", str(demo_path), str(write_kontoplan(tmp_path / "a.xlsx"))]) == 0
    assert main(["import", str(demo_path), str(write_jobindsats(tmp_path / "c.xlsx"))]) == 0
    project = load_project(demo_path)
    sick = next(g for g in project.budget.groups if g.target_group == "sygedagpenge" and g.year == 2027)
    # 98.500.000 kr. / 410,3 persons; refusion rate 30.250,5 / 98.500
    assert sick.benefit_per_full_year_person == pytest.approx(98_500_000.0 / 410.3)
    assert sick.average_refusion_rate == pytest.approx(30_250.5 / 98_500.0)
    assert not [
        a
        for a in project.budget.amount_lines
        if a.target_group == "sygedagpenge" and a.year == 2027 and a.area == "forsørgelse"
    ]
    assert net_by_year(project)[2027] == pytest.approx(kontoplan_net_total(2027) * 1000.0, abs=0.01)


def test_jobindsats_wrong_total_is_an_error_and_nothing_changes(tmp_path, demo_path):
    import openpyxl

    path = write_jobindsats(tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["E7"] = 3091.4  # the "i alt" doubled
    book.save(path)
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path)]) == 1
    assert demo_path.read_bytes() == before
    project = load_project(demo_path)
    _, _, result = run_engine(path, project)
    assert result.report.errors[0].address == "Y01A02!E7"


# --- d. STAR staircase -------------------------------------------------------------------------------


def test_staircase_rounded_shares_are_normalised_with_warning(tmp_path, demo_path):
    project = load_project(demo_path)
    layout, _, result = run_engine(write_staircase(tmp_path / "trappe.xlsx"), project)
    assert layout.id == "refusionstrappe"
    assert result.ok, result.report.to_text()
    warning = result.report.warnings[0]
    assert warning.address == "Refusionstrappe!B3:E3"
    assert warning.found == "6,1 % + 22,4 % + 18,3 % + 53,1 % = 99,9 %"
    new = layouts.apply(result, project)
    old = {(g.target_group, g.year): g.band_distribution for g in project.budget.groups}
    for g in new.budget.groups:
        if not 2027 <= g.year <= 2030:  # no year column: the budget years B..B+3 only (B = 2027)
            assert g.band_distribution == old[(g.target_group, g.year)]
            continue
        if g.target_group == "kontant_uddannelseshjaelp":
            # 6,1 / 99,9 …: the shares normalised to sum to 1 (100 %).
            assert g.band_distribution == pytest.approx((6.1 / 99.9, 22.4 / 99.9, 18.3 / 99.9, 53.1 / 99.9))
            assert sum(g.band_distribution) == pytest.approx(1.0)
        if g.target_group == "sygedagpenge":
            assert g.band_distribution == pytest.approx((0.142, 0.485, 0.251, 0.122))


def test_staircase_off_by_more_than_half_a_point_is_refused(tmp_path, demo_path):
    before = demo_path.read_bytes()
    path = write_staircase(tmp_path / "trappe.xlsx", [("Sygedagpenge", 14.2, 48.5, 25.1, 11.2, 99.0)])
    assert main(["import", str(demo_path), str(path)]) == 1
    assert demo_path.read_bytes() == before
    _, _, result = run_engine(path, load_project(demo_path))
    error = result.report.errors[0]
    assert error.address == "Refusionstrappe!B3:E3"
    assert error.found == "14,2 % + 48,5 % + 25,1 % + 11,2 % = 99,0 %"


def test_staircase_through_cli(tmp_path, demo_path):
    # Exit 2: the file's rounded shares (99,9 %) were normalised, a figure changed with a warning.
    assert main(["import", str(demo_path), str(write_staircase(tmp_path / "trappe.xlsx"))]) == 2
    project = load_project(demo_path)
    sick = [g for g in project.budget.groups if g.target_group == "sygedagpenge" and 2027 <= g.year <= 2030]
    assert sick and all(g.band_distribution == pytest.approx((0.142, 0.485, 0.251, 0.122)) for g in sick)


def test_cli_unreadable_project_exits_3(tmp_path, capsys):
    (tmp_path / "p.jcbudget").write_bytes(b"noget andet")
    assert main(["import", str(tmp_path / "p.jcbudget"), str(write_staircase(tmp_path / "t.xlsx"))]) == 3
    assert "Fejl:" in capsys.readouterr().err


def test_council_budget_sheet_rows_include_the_amount_lines(tmp_path, demo_path):
    """The workbook's budget sheet shows the imported amounts, with the same net as the projection."""
    from budgetapp.export.budget_sheets import budget_rows

    project = load_project(demo_path)
    _, _, result = run_engine(write_kontoplan(tmp_path / "budget.xlsx"), project)
    new = layouts.apply(result, project)
    assert new.price_level_year == new.budget.price_level_year == 2026  # no price conversion
    rows = [r for r in budget_rows(new) if r.year == 2027]
    net = sum(r.gross - r.refusion for r in rows)
    assert net == pytest.approx(kontoplan_net_total(2027) * 1000.0, abs=0.01)
    assert any("helårspersoner mangler" in r.source for r in rows)


def test_kontoplan_at_another_price_level_is_converted_with_the_projects_index(tmp_path, demo_path):
    """The user says the file is at 2027 p/l; the budget is at 2026 p/l."""
    project = load_project(demo_path)
    book = layouts.open_file(write_kontoplan(tmp_path / "budget.xlsx"))
    layout, choices = layouts.guess(book)
    choices.price_level = 2027
    new = layouts.apply(layouts.read(book, layout, choices, project), project)
    index = project.price_index
    factor = index.value(2026) / index.value(2027)  # 2027 p/l → 2026 p/l
    assert factor != 1.0
    assert net_by_year(new)[2027] == pytest.approx(kontoplan_net_total(2027) * 1000.0 * factor, rel=1e-12)


def test_jobindsats_months_are_averaged_and_one_area_is_chosen(tmp_path, demo_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Område", "Ydelsesgrupper", "Periode", "Antal fuldtidspersoner"])
    for month in range(1, 13):
        ws.append(["Eksempel Kommune", "Sygedagpenge", f"2027M{month:02d}", 400.0 + month])
        ws.append(["Nabo Kommune", "Sygedagpenge", f"2027M{month:02d}", 9999.0])
    path = tmp_path / "maaned.xlsx"
    book.save(path)
    project = load_project(demo_path)
    _, _, result = run_engine(path, project, area="Eksempel Kommune")
    assert result.ok, result.report.to_text()
    new = layouts.apply(result, project)
    sick = next(g for g in new.budget.groups if g.target_group == "sygedagpenge" and g.year == 2027)
    # (401 + 402 + … + 412) / 12 = 406,5 full-year persons
    assert sick.full_year_persons == pytest.approx(406.5)


def _two_areas(path: Path, first: str, second: str) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Område", "Ydelsesgrupper", "Periode", "Antal fuldtidspersoner"])
    ws.append([first, "A-dagpenge mv.", "2027", 52340.0])
    ws.append([second, "A-dagpenge mv.", "2027", 800.2])
    book.save(path)
    return path


def test_several_areas_take_the_projects_municipality_never_the_first(tmp_path, demo_path, capsys):
    """'Hele landet' comes first; the project is Eksempel Kommune: its 800,2 is imported, not 52.340."""
    project = load_project(demo_path)
    assert project.municipality == "Eksempel Kommune"
    path = _two_areas(tmp_path / "to.xlsx", "Hele landet", "Eksempel Kommune")
    assert main(["import", str(demo_path), str(path)]) == 0
    assert "'Eksempel Kommune' er valgt" in capsys.readouterr().out
    new = load_project(demo_path)
    dagpenge = next(g for g in new.budget.groups if g.target_group == "dagpenge" and g.year == 2027)
    assert dagpenge.full_year_persons == 800.2


def test_several_areas_without_the_municipality_are_refused_in_the_cli(tmp_path, demo_path, capsys):
    path = _two_areas(tmp_path / "to.xlsx", "Hele landet", "Nabo Kommune")
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path)]) == 1
    out = capsys.readouterr().out
    assert "filen har 2 områder: Hele landet, Nabo Kommune; vælg et med --option area=…" in out
    assert demo_path.read_bytes() == before  # nothing changed
    # The explicit choice imports that area's figure.
    assert main(["import", str(demo_path), str(path), "--option", "area=Nabo Kommune"]) == 0
    new = load_project(demo_path)
    dagpenge = next(g for g in new.budget.groups if g.target_group == "dagpenge" and g.year == 2027)
    assert dagpenge.full_year_persons == 800.2
    # An area the file does not have is an error, not a silent pick.
    assert main(["import", str(demo_path), str(path), "--option", "area=Andeby"]) == 1
    assert "området 'Andeby' findes ikke i filen" in capsys.readouterr().out


def test_staircase_group_without_budget_line_is_an_error(tmp_path, demo_path):
    path = write_staircase(tmp_path / "t.xlsx", [("Fleksjob", 10.0, 20.0, 30.0, 40.0, 100.0)])
    _, _, result = run_engine(path, load_project(demo_path))
    assert not result.ok
    error = result.report.errors[0]
    assert error.address == "Refusionstrappe!A3" and "'fleksjob' har ingen" in error.expected


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

if given is not None:
    _DEMO: list = []

    def _demo():
        if not _DEMO:
            _DEMO.append(load_project(demo_project_path()))
        return _DEMO[0]

    amounts = st.decimals(min_value=-50_000, max_value=200_000, places=1,
                          allow_nan=False, allow_infinity=False)
    rows = st.lists(st.tuples(st.sampled_from(["5.57.71", "5.57.73", "5.57.78", "5.68.90", "6.45.53"]),
                              st.sampled_from([1, 2]), st.tuples(amounts, amounts)),
                    min_size=1, max_size=8)

    @settings(max_examples=15, deadline=None)
    @given(rows)
    def test_kontoplan_project_net_equals_file_total_for_any_rows(tmp_path_factory, data):
        """Property: whatever the rows, the imported project's net per year is the file's I alt."""
        import openpyxl

        data = [r for r in data if not (r[0] == "6.45.53" and r[1] == 2)]  # HK6 has no refusion
        if not data:
            return
        folder = tmp_path_factory.mktemp("prop")
        book = openpyxl.Workbook()
        ws = book.active
        ws.append(["(1.000 kr., 2026 p/l)"])
        ws.append(["Funktion", "Dranst", "Budget 2027", "Overslag 2028"])
        for function, dranst, (a, b) in data:
            ws.append([function, dranst, float(a), float(b)])
        totals = [sum(float(r[2][i]) for r in data) for i in range(2)]
        ws.append([None, "I alt", *totals])
        path = folder / "p.xlsx"
        book.save(path)
        project = _demo()
        _, _, result = run_engine(path, project)
        assert result.ok, result.report.to_text()
        net = net_by_year(layouts.apply(result, project))
        assert net[2027] == pytest.approx(totals[0] * 1000.0, abs=0.01)
        assert net[2028] == pytest.approx(totals[1] * 1000.0, abs=0.01)


def test_cli_header_row_option_keeps_year_columns(tmp_path, demo_path, capsys):
    """--header-row 5 names the header as the detection does: the year columns are found."""
    path = write_kontoplan(tmp_path / "budget.xlsx")
    assert main(["import", str(demo_path), str(path), "--header-row", "5", "--check"]) == 0
    assert "overskriftsrække 5" in capsys.readouterr().out
    assert main(["import", str(demo_path), str(path), "--header-row", "2", "--check"]) == 1
    assert "ingen kolonne er valgt som 'Funktion'" in capsys.readouterr().out


def test_price_level_outside_the_index_is_a_clear_error_not_a_traceback(tmp_path, demo_path, capsys):
    before = demo_path.read_bytes()
    path = write_kontoplan(tmp_path / "budget.xlsx")
    assert main(["import", str(demo_path), str(path), "--pl", "2090"]) == 1
    out = capsys.readouterr().out
    assert "beløbene kan ikke omregnes fra 2090 p/l" in out and "Traceback" not in out
    assert demo_path.read_bytes() == before


def test_staircase_percent_cells_and_a_wrong_i_alt(tmp_path, demo_path):
    project = load_project(demo_path)
    # Percent-formatted cells hold fractions: 0,142 is 14,2 %.
    path = write_staircase(tmp_path / "a.xlsx", [("Sygedagpenge", 0.142, 0.485, 0.251, 0.122, 1.0)])
    _, _, result = run_engine(path, project)
    assert result.ok, result.report.to_text()
    new = layouts.apply(result, project)
    sick = next(g for g in new.budget.groups if g.target_group == "sygedagpenge" and g.year == 2027)
    assert sick.band_distribution == pytest.approx((0.142, 0.485, 0.251, 0.122))
    # The row's own "I alt" says 90,0 but the shares sum to 100,0: an error at the I alt cell.
    path = write_staircase(tmp_path / "b.xlsx", [("Sygedagpenge", 14.2, 48.5, 25.1, 12.2, 90.0)])
    _, _, result = run_engine(path, project)
    assert not result.ok
    error = result.report.errors[0]
    assert error.address == "Refusionstrappe!F3"
    assert error.expected == "i alt = summen af de fire andele = 100,0 %"


def test_cli_json_and_remembered_kontoplan_target(tmp_path, demo_path, capsys):
    import json

    extra = ("5.46.61", 1, "Introduktionsprogram", (1.0, 2.0, 3.0, 4.0))
    path = write_kontoplan(tmp_path / "c.xlsx", extra_row=extra)
    assert main(["import", str(demo_path), str(path), "--json", "--check"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["imported"] is False and data["layout"] == "kontoplan"
    assert any(p["address"] == "'Budget 2027-2030'!A14" for p in data["problems"])
    # The wizard (or an earlier run) stored a target for 5.46.61: the CLI uses it.
    store.save_file(store.with_targets({}, "kontoplan", {"5.46.61": {"target": "ignore"}}))
    assert main(["import", str(demo_path), str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(t for t in data["totals"] if t["label"] == "2027")
    # 1 (1.000 kr.) of 5.46.61 is in the file's I alt but not imported.
    assert row["imported"] == pytest.approx(kontoplan_net_total(2027)) and row["matches"] is True


def test_kontoplan_account_numbers_carry_dranst_and_grouping(tmp_path, demo_path):
    """Full account numbers (funktion.dranst.gruppering) without a Dranst column, Danish text amounts."""
    import openpyxl

    from budgetapp.io.layouts.kontoplan_map import dranst_in_code, parse_function

    assert parse_function("5.57.71.2.001 Statsrefusion") == ("5.57.71", "001")
    assert dranst_in_code("5.57.71.2.001") == 2 and dranst_in_code("5.68.90.001") is None
    assert parse_function("5.68.90.001") == ("5.68.90", "001")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Konto", "Budget 2027 (1.000 kr.)"])
    ws.append(["5.57.71.1.001 Sygedagpenge", "98.500"])
    ws.append(["5.57.71.2.001 Statsrefusion", "-30.250,5"])
    ws.append(["I alt", "68.249,5"])
    path = tmp_path / "konti.xlsx"
    book.save(path)
    project = load_project(demo_path)
    _, choices, result = run_engine(path, project, None)
    assert result.ok, result.report.to_text()
    assert choices.unit == 1000.0  # from the header "(1.000 kr.)"
    new = layouts.apply(result, project)
    sick = next(a for a in new.budget.amount_lines if a.target_group == "sygedagpenge")
    assert (sick.gross, sick.refusion) == (98_500_000.0, 30_250_500.0)


def test_kontoplan_anlaeg_account_is_an_error_not_refusion(tmp_path, demo_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Konto", "Budget 2027 (1.000 kr.)"])
    ws.append(["5.57.71.1.001 Sygedagpenge", 98_500])
    ws.append(["5.57.71.3.001 Anlæg", 1_000])
    path = tmp_path / "anlaeg.xlsx"
    book.save(path)
    _, _, result = run_engine(path, load_project(demo_path))
    assert not result.ok
    error = result.report.errors[0]
    assert error.address == "Sheet!A3" and error.expected.startswith("dranst 1 (drift) eller 2")


def test_jobindsats_wide_format_with_periods_as_columns(tmp_path, demo_path):
    """Periods in the header (2027M01 …), a total row: each month's column read, the year averaged."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Område", "Ydelsesgruppe", *[f"2027M{m:02d}" for m in range(1, 13)]])
    ws.append(["Eksempel Kommune", "Sygedagpenge mv.", *[400.0 + m for m in range(1, 13)]])
    ws.append(["Eksempel Kommune", "A-dagpenge mv.", *[500.0] * 12])
    ws.append(["Eksempel Kommune", "Ydelsesgrupper i alt", *[900.0 + m for m in range(1, 13)]])
    path = tmp_path / "bred.xlsx"
    book.save(path)
    project = load_project(demo_path)
    layout, choices, result = run_engine(path, project)
    assert layout.id == "jobindsats" and len(choices.columns_of("period_column")) == 12
    assert result.ok, result.report.to_text()
    new = layouts.apply(result, project)
    persons = {g.target_group: g.full_year_persons for g in new.budget.groups if g.year == 2027}
    # sygedagpenge: (401 + … + 412) / 12 = 406,5; dagpenge 500; the total row's mean 906,5 = 406,5 + 500.
    assert persons["sygedagpenge"] == pytest.approx(406.5) and persons["dagpenge"] == 500.0
    assert result.totals[0].file_total == pytest.approx(906.5) and result.totals[0].matches
