"""Reading case files (``budgetapp.case/1`` migrating to ``/2``): every problem is reported with
its field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, HILLEROD

from budgetapp.core.case import CaseError, case_from_dict, load_case


def hillerod_dict() -> dict:
    """The Hillerød example as a ``budgetapp.case/1`` dict (its one effect's fields at top level,
    case/1 paths): reading it pins the migration of case/1 files."""
    return v1_dict(load_case(HILLEROD))


def v1_dict(case) -> dict:
    data = case.to_dict(flat=True)
    data["schema"] = "budgetapp.case/1"
    del data["timing"]
    for est in data.get("uncertainty", []):
        est["path"] = est["path"].removeprefix("effects[0].")
    for spec in data.get("scenarios", []):
        spec["overrides"] = {k.removeprefix("effects[0]."): v for k, v in spec["overrides"].items()}
    return data


def issues_of(data) -> list[str]:
    with pytest.raises(CaseError) as info:
        case_from_dict(data)
    return [str(i) for i in info.value.issues]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_shipped_example_is_valid(path: Path):
    case = load_case(path)
    assert case.effects and case.name


def test_defaults_are_applied():
    data = hillerod_dict()
    for key in ("weeks_per_year", "prior_weeks", "deadweight", "persistence", "discount_rate"):
        data.pop(key)
    case = case_from_dict(data)
    assert (case.weeks_per_year, case.prior_weeks, case.deadweight, case.persistence,
            case.discount_rate) == (52, 0, 0, 1, 0)


def test_shares_must_sum_to_one():
    data = hillerod_dict()
    data["segments"][0]["share"] = 0.4
    assert issues_of(data) == ["segments: andelene skal summe til 1, summen er 1,1"]


def test_every_problem_is_listed_with_its_field():
    data = hillerod_dict()
    data["segments"][1]["share"] = "mange"
    data["segments"][2]["weeks_in_effort"] = 20
    data["benefit_refusion"] = {"rule": "trappe-1999"}
    data["costs"][0]["kind"] = "engang"
    data["years"] = 0
    data["inflow"] = 10
    found = issues_of(data)
    assert "segments[1].share: skal være et tal, fandt 'mange'" in found
    assert "segments[2].weeks_in_effort: kan ikke være længere end weeks_after (17 uger)" in found
    assert any(f.startswith("benefit_refusion.rule: ukendt regel 'trappe-1999'") for f in found)
    assert "costs[0].kind: skal være 'fixed' eller 'per_participant', fandt 'engang'" in found
    assert "years: skal være mindst 1, fandt 0" in found
    assert "inflow: ukendt felt (stavefejl?)" in found


def test_flat_rule_needs_a_rate_and_others_refuse_one():
    data = hillerod_dict()
    data["benefit_refusion"] = {"rule": "flat"}
    assert issues_of(data) == ["benefit_refusion.rate: mangler"]
    data["benefit_refusion"] = {"rule": "refusionstrappe-2016", "rate": 0.5}
    assert issues_of(data) == [
        "benefit_refusion.rate: reglen 'refusionstrappe-2016' har sine satser i regelfilen; fjern 'rate'"]


def test_inflow_list_must_cover_every_year():
    data = hillerod_dict()
    data["inflow_per_year"] = [459, 459]
    assert issues_of(data) == ["inflow_per_year: skal have ét tal pr. år (4), fandt 2"]


def test_wrong_schema_and_not_an_object():
    data = hillerod_dict()
    data["schema"] = "budgetapp.case/9"
    assert issues_of(data) == ["schema: skal være \"budgetapp.case/2\" (eller \"budgetapp.case/1\"), "
                                "fandt 'budgetapp.case/9'"]
    assert issues_of([1, 2]) == ["filen skal indeholde ét JSON-objekt"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "ugyldig JSON i linje 1"),
        (b"{\"schema\": ", "ugyldig JSON"),
        (b"%PDF-1.7\n\xff\xfe\x00binary", "ikke UTF-8"),
    ],
)
def test_unreadable_files_give_a_message(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "case.json"
    path.write_bytes(content)
    with pytest.raises(CaseError, match=message):
        load_case(path)


def test_missing_file(tmp_path: Path):
    with pytest.raises(CaseError, match="kan ikke læses"):
        load_case(tmp_path / "findes-ikke.json")


def test_nan_and_negative_numbers_are_refused():
    data = hillerod_dict()
    data["benefit_per_full_year_person"] = -5
    data["deadweight"] = 1.5
    found = issues_of(data)
    assert "benefit_per_full_year_person: skal være mindst 0, fandt -5" in found
    assert "deadweight: må højst være 1, fandt 1,5" in found


def test_to_dict_reads_back_for_every_rule_and_cost_kind():
    data = hillerod_dict()
    data["benefit_refusion"] = {"rule": "refusionstrappe-2016"}
    data["costs"].append({"name": "Aktivering", "amount_per_year": 1000, "refusion_rule": "driftsrefusion"})
    data["pool_funding"] = [{"name": "Pulje", "amount_per_year": [5000]}]
    case = case_from_dict(data)
    again = case_from_dict(json.loads(case.to_json()))
    assert again == case
