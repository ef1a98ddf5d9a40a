"""The field registry: one label, unit, default, range and help text per field."""

from __future__ import annotations

import dataclasses

import pytest

from budgetapp.core.budget import GroupYear
from budgetapp.core.case import BusinessCase, FlowEffect
from budgetapp.core.fields import FIELDS, field


def test_lookup_ignores_list_indices_and_names_unknown_paths():
    assert field("segments[2].share") is FIELDS["segments[].share"]
    with pytest.raises(KeyError, match=r"ukendt felt: findes\.ikke"):
        field("findes.ikke")


def test_defaults_match_the_dataclass_defaults():
    # The registry's default is the value the core uses when a field is left out.
    # case/2: the effect's fields are defaults of the flow effect, the rest of the case
    case_defaults = {f.name: f.default for cls in (BusinessCase, FlowEffect)
                     for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    case_defaults["prior_weeks"] = case_defaults["prior_weeks"][0].weeks   # one entry, share 1
    for name in ("weeks_per_year", "prior_weeks", "deadweight", "persistence", "discount_rate",
                 "decision_text", "description"):
        assert FIELDS[name].default == case_defaults[name], name
    group_defaults = {f.name: f.default for f in dataclasses.fields(GroupYear)
                      if f.default is not dataclasses.MISSING}
    assert FIELDS["budget.groups[].measures_per_full_year_person"].default == group_defaults[
        "measures_per_full_year_person"]
    assert FIELDS["budget.groups[].full_year_persons"].required


def test_range_check_and_tooltip_in_danish():
    deadweight = field("deadweight")
    assert deadweight.check(0.3) is None
    # 1,5 as a share is 150 %: outside 0-100 %.
    assert deadweight.check(1.5) == "Dødvægt: skal være 0 % til 100 %, ikke 150 %"
    assert deadweight.check(float("nan")) == "Dødvægt: skal være et endeligt tal"
    assert field("weeks_per_year").tooltip().endswith(
        "Standardværdi: 52 (et helår er 52 uger, som i definitionen af en helårsperson).")
    assert field("budget.groups[].full_year_persons").tooltip().endswith("Skal udfyldes.")
    assert field("benefit_per_full_year_person").format(1234567.5) == "1.234.567,5"
