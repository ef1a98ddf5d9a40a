"""Non-finite results never reach the council workbook: a subnormal or huge input exports
cleanly or is refused with a Danish message, never a traceback from XlsxWriter."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import xlsxwriter
from conftest import HILLEROD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetapp.cli import main
from budgetapp.core.case import CaseError, load_case
from budgetapp.core.sensitivity import tornado
from budgetapp.export.council_workbook import content_from_cases, export_council_workbook
from budgetapp.export.safe_write import ExportError
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import make_styles


def _case_with_inflow(folder: Path, inflow: float) -> Path:
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    data["effects"][0]["inflow_per_year"] = inflow
    path = folder / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_subnormal_inflow_gives_a_finite_tornado(tmp_path):
    case = load_case(_case_with_inflow(tmp_path, 5e-324))
    bar = next(b for b in tornado(case).bars if b.path == "effects[0].inflow_per_year")
    # Varying the inflow from 5e-324 to its estimate's low/high (400 and 520 a year) scales it by
    # low / 5e-324: computed as (inflow / base) * low = 1 * 400, never 400 / 5e-324 = inf.
    assert (bar.low_value, bar.high_value) == (400.0, 520.0)
    assert math.isfinite(bar.result_low) and math.isfinite(bar.result_high)
    assert bar.result_high > bar.result_low  # more young people in the effort: a larger saving


def test_a_subnormal_inflow_exports_cleanly(tmp_path, capsys):
    case = _case_with_inflow(tmp_path, 5e-324)
    target = tmp_path / "mappe.xlsx"
    assert main(["export", str(case), "--xlsx", str(target), "--simulate", "200"]) == 0
    assert target.stat().st_size > 0 and "Byrådsmappe gemt" in capsys.readouterr().out


def test_a_non_finite_tornado_result_names_the_input(monkeypatch):
    import numpy as np

    from budgetapp.core import sensitivity
    from budgetapp.core.case_inputs import InputError

    real = sensitivity.total_net_result

    def overflowing(out):  # the varied runs (two values per input) overflow, the base run does not
        result = real(out)
        return np.full_like(result, np.inf) if result.shape == (2,) else result

    monkeypatch.setattr(sensitivity, "total_net_result", overflowing)
    with pytest.raises(InputError) as caught:
        tornado(load_case(HILLEROD))
    # the first input varied is the inflow, 459 a year with the estimate 400-520
    assert str(caught.value).startswith("Tilgang pr. år: nettoresultatet ved værdierne 400 og 520 er ikke et "
                                        "endeligt tal; værdien 459")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_the_sheet_writer_refuses_a_non_finite_number_naming_sheet_cell_and_row(tmp_path, value):
    workbook = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    sheet = workbook.add_worksheet("Følsomhed")
    w = SheetWriter(workbook, sheet, "Følsomhed", make_styles(workbook))
    w.text(4, 0, "Tilgang pr. år")
    with pytest.raises(ExportError) as caught:
        w.number(4, 2, value)
    assert "arket 'Følsomhed', celle C5 (Tilgang pr. år)" in str(caught.value)
    assert "der ikke er et endeligt tal (" + ("ikke et tal" if math.isnan(value) else "uendelig") in str(
        caught.value)
    with pytest.raises(ExportError):
        w.formula(4, 3, "=C5", None, value)
    workbook.close()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.floats(min_value=5e-324, max_value=1e-300), st.floats(min_value=1e6, max_value=1e12)))
def test_any_tiny_or_huge_inflow_exports_or_is_refused_with_the_products_error(tmp_path, inflow):
    try:
        case = load_case(_case_with_inflow(tmp_path, inflow))
    except CaseError:
        return  # refused at its field by the case reader
    content = content_from_cases([case])
    content.draws = 100
    target = tmp_path / "mappe.xlsx"
    try:
        export_council_workbook(target, content)
    except ExportError as exc:
        assert "ikke er et endeligt tal" in str(exc)
        assert not target.exists()
    else:
        assert target.stat().st_size > 0
