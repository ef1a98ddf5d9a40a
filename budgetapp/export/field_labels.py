"""Danish labels for a case's field paths, so no council document prints ``segments[1].weeks_after``.

:func:`field_label` gives the label a reader understands: the variable inputs' labels come from
:func:`budgetapp.core.case_inputs.resolve` (the same as in the GUI's tornado and simulation); the
other fields of the case file (``docs/case-file.md``) have their own label here. A path this module
does not know gets a generic Danish label naming the part of the case, never the raw path.
"""

from __future__ import annotations

import re

from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import InputError, resolve

_PATH = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?(?:\[(\d+)\])?$")
_TOP = {
    "name": "Navn", "target_group": "Målgruppe", "start_year": "Første år", "years": "Antal år",
    "inflow_per_year": "Tilgang pr. år", "benefit_per_full_year_person": "Ydelse pr. helårsperson",
    "weeks_per_year": "Ydelsesuger pr. helårsperson", "prior_weeks": "Uger på ydelse før forløbet",
    "effect_phase_in": "Indfasning af effekten", "deadweight": "Dødvægt",
    "persistence": "Varighed af effekten (persistens)", "discount_rate": "Diskonteringsrente",
    "description": "Beskrivelse", "decision_text": "Indstilling", "total_cost_per_year":
    "Bruttoudgift pr. år (gennemsnit)", "saved_weeks_per_entrant": "Sparede ydelsesuger pr. tilgang",
}
_REFUSION = {"rule": "Refusionsregel for forsørgelsen", "rate": "Refusionssats for forsørgelsen"}
_COST = {
    "name": "navn", "kind": "type", "amount_per_year": "kr. pr. år",
    "amount_per_full_year_participant": "kr. pr. helårsdeltager", "refusion_rate": "refusionssats",
    "refusion_rule": "refusionsregel", "styringsomraade": "styringsområde",
}
_POOL = {"name": "navn", "amount_per_year": "kr. pr. år", "pool_id": "pulje",
         "styringsomraade": "styringsområde"}
_GROUP = {"segments": "Segment", "costs": "Udgift", "pool_funding": "Puljefinansiering"}


def field_label(case: BusinessCase, path: str) -> str:
    """The Danish label of ``path`` in ``case`` (e.g. "Uger på ydelse efter: Starter …")."""
    try:
        return resolve(case, path).label
    except (InputError, IndexError, TypeError, ValueError):
        pass
    m = _PATH.match(path or "")
    if not m:
        return "Input i business casen"
    name, index_text, sub, year_text = m.groups()
    index = None if index_text is None else int(index_text)
    if name == "benefit_refusion" and sub in _REFUSION:
        return _REFUSION[sub]
    if name in _TOP and sub is None:
        label = _TOP[name]
        if index is not None and name == "inflow_per_year":
            return f"{label}, {case.start_year + index}"
        if index is not None and name == "effect_phase_in":
            return f"{label}, faktor {index + 1}"
        return label
    if name == "costs" and index is not None:
        line = case.costs[index].name if index < len(case.costs) else f"nr. {index + 1}"
        return _with_year(f"Udgift '{line}': {_COST.get(sub or '', 'beløb')}", case, year_text)
    if name == "pool_funding" and index is not None:
        pool = case.pool_funding[index].name if index < len(case.pool_funding) else f"nr. {index + 1}"
        return _with_year(f"Puljefinansiering '{pool}': {_POOL.get(sub or '', 'beløb')}", case, year_text)
    if name == "segments" and index is not None:
        seg = case.segments[index].name if index < len(case.segments) else f"nr. {index + 1}"
        return f"Segment '{seg}'"
    return _GROUP.get(name, "Input i business casen")


def _with_year(label: str, case: BusinessCase, year_text: str | None) -> str:
    return label if year_text is None else f"{label}, {case.start_year + int(year_text)}"
