"""Danish names for the places in a case the user reads about: validation messages, the status
strip, the scenario overrides.

A case field is stored by its path (``effects[0].segments[1].share``); the user reads
``Effekt «Straksaktivering» › segment «Ikke-fuldførere» › Andel``, with the labels of the field
registry (:mod:`budgetapp.core.fields`) and the names the user gave the effects, segments, cost
lines and scenarios. No Qt here.
"""

from __future__ import annotations

import re
from typing import Any

from budgetapp.core.fields import field
from budgetapp.core.formatting import format_number
from budgetapp.core.numbers import parse_danish_number

# A list in the case file → what one of its items is called.
LIST_NAMES = {
    "effects": "Effekt", "segments": "segment", "prior_weeks": "forhistorie",
    "effect_phase_in": "indfasning, år", "costs": "Udgift", "pool_funding": "Puljefinansiering",
    "uncertainty": "Usikkerhed", "scenarios": "Scenarie", "correlations": "Korrelation",
    "band_shares": "båndandel", "survival_before": "kurve før, uge",
    "survival_after": "kurve efter, uge", "fewer_full_year_persons": "Færre helårspersoner, år",
    "inflow_per_year": "Tilgang, år", "amount_per_year": "Beløb, år", "actuals": "Faktisk tal",
    "criteria": "Kriterium", "success_criteria": "Kriterium",
}
# Fields the registry does not hold (table columns, structure) → their Danish label.
OTHER_LABELS = {
    "name": "Navn", "share": "Andel", "weeks": "Uger på trappen ved tilgang",
    "active_weeks_before": "Aktive uger før", "benefit_intensity": "Ydelsesgrad",
    "survival_before": "Overlevelseskurve før", "survival_after": "Overlevelseskurve efter",
    "kind": "Type", "styringsomraade": "Styringsområde", "pool_id": "Pulje-id",
    "refusion_rule": "Refusionsregel", "rate": "Sats", "amount_per_year": "Beløb pr. år",
    "path": "Forudsætning", "min": "Laveste", "most_likely": "Mest sandsynlig", "max": "Højeste",
    "note": "Kilde / begrundelse", "description": "Beskrivelse", "overrides": "Ændrede forudsætninger",
    "paths": "Forudsætninger", "coefficient": "Korrelation", "effect_phase_in": "Indfasning",
    "band_shares": "Ugernes fordeling på trappen", "benefit_refusion": "Refusion af ydelsen",
    "notes": "Kilde / bemærkning", "follow_up": "Opfølgning", "uncertainty": "Usikkerhed",
    "scenarios": "Scenarier", "costs": "Udgifter", "effects": "Effekter", "segments": "Segmenter",
    # follow-up (as the follow-up editor's columns)
    "entrants": "Tilgang (personer)", "participants": "Deltagere (personer)",
    "weeks_on_benefit": "Uger på ydelse pr. tilgang", "spend": "Bruttoudgift (kr.)",
    "metric": "Måles på", "operator": "Betingelse", "target": "Mål", "year": "År",
    "decision_date": "Beslutningsdato", "success_criteria": "Succeskriterier",
}
_STEP = re.compile(r"^([A-Za-z_]+)((?:\[\d+\])*)$")


def field_label(path: str) -> str:
    """The Danish label of the field at ``path``: the registry's, else a table column's, else the
    last name in the path as it stands."""
    try:
        return field(path).label
    except KeyError:
        pass
    last = path.rsplit(".", 1)[-1]
    name = last.split("[", 1)[0]
    return OTHER_LABELS.get(name, name)


def _item_name(data: dict[str, Any], list_name: str, prefix: str, index: int) -> str:
    """``Effekt «Straksaktivering»`` for an item with a name, ``Effekt 2`` (1-based) otherwise."""
    from budgetapp.ui.case_draft import get_path  # no cycle at import time

    label = LIST_NAMES.get(list_name, list_name)
    item = get_path(data, f"{prefix}{list_name}[{index}]")
    if isinstance(item, dict):
        name = item.get("name")
        if list_name == "uncertainty" and isinstance(item.get("path"), str) and item["path"]:
            return f"{label} om «{override_label(data, item['path'])}»"
        if isinstance(name, str) and name.strip():
            return f"{label} «{name.strip()}»"
    return f"{label} {index + 1}"


def describe(data: dict[str, Any], path: str) -> tuple[list[str], str]:
    """(where, label): ``effects[0].segments[1].share`` → (["Effekt «A»", "segment «B»"], "Andel").

    An override path inside a scenario (``scenarios[0].overrides.effects[0].deadweight``) is read
    as a place of its own: (["Scenarie «Optimistisk»", "ændret forudsætning"], "Dødvægt (Effekt «A»)").
    """
    if path.startswith("notes."):
        return [], f"Kilde / bemærkning til «{field_label(path[len('notes.'):])}»"
    steps = path.split(".") if path else []
    where: list[str] = []
    prefix = ""
    for n, step in enumerate(steps):
        match = _STEP.match(step)
        if match is None:
            return where, field_label(path)
        name, indices = match.groups()
        numbers = [int(i) for i in re.findall(r"\d+", indices)]
        if name == "overrides" and n + 1 < len(steps):
            where.append("ændret forudsætning")
            return where, override_label(data, ".".join(steps[n + 1:]))
        if not numbers:
            if n == len(steps) - 1 or all(_STEP.match(s) and "[" not in s for s in steps[n + 1:]):
                return where, field_label(path)
            where.append(OTHER_LABELS.get(name, name))
            prefix += step + "."
            continue
        if n == len(steps) - 1 and name not in ("effects", "segments", "costs", "pool_funding",
                                                "uncertainty", "scenarios", "prior_weeks"):
            # a value in a list of numbers: "Tilgang, år 2"
            return where, f"{LIST_NAMES.get(name, field_label(prefix + name))} {numbers[0] + 1}"
        where.append(_item_name(data, name, prefix, numbers[0]))
        prefix += step + "."
    return where, ""


def place_text(data: dict[str, Any], path: str) -> str:
    """Where a message belongs, in Danish: ``Effekt «A» › segment «B» › Andel``."""
    where, label = describe(data, path)
    return " › ".join([*where, label] if label else where)


def place_under(data: dict[str, Any], path: str, owner: str) -> str:
    """:func:`place_text` of ``path`` without the part that names ``owner`` (the table or field
    the message is shown under): ``segment «B» › Andel`` under the segments table."""
    full, head = place_text(data, path), place_text(data, owner)
    return full[len(head) + 3:] if head and full.startswith(head + " › ") else full


def override_label(data: dict[str, Any], path: str) -> str:
    """A field a scenario or an estimate can change, as the user picks it: ``Dødvægt`` for a case
    with one effect, ``Dødvægt (Effekt «A»)`` with several, ``Andel (segment «B»)``."""
    from budgetapp.core.case_model import canonical_path

    canonical = canonical_path(path) if path else path
    where, label = describe(data, canonical)
    effects = data.get("effects")
    if where and where[0].startswith("Effekt") and isinstance(effects, list) and len(effects) == 1:
        where = where[1:]
    return f"{label} ({' › '.join(where)})" if where else label


# --- fields typed and shown in percent --------------------------------------------------------

# Case-file fields outside the registry that are shares, typed in % (a list of them by its name).
PERCENT_KEYS = ("share", "benefit_intensity", "rate")
PERCENT_LISTS = ("effect_phase_in", "band_shares")
_RANGE = re.compile(r"^(må højst være|skal være mindst|skal være større end) (\S+), fandt (\S+)$")


def parse_percent(text: str) -> float:
    """A value typed in a field shown in percent → the stored share (``30`` → 0,30).

    In a field whose unit is %, every number is percentage points, with or without the sign:
    ``30``, ``30 %`` and ``30,0`` are 30 %, ``0,5`` is half a percent and ``120`` is 120 % (which
    the range check refuses as "højst 100 %"). The file importers' share rule
    (:func:`budgetapp.core.numbers.share_from_number`, where a bare number of at most 1 is a
    fraction) is not used here: in a field that says % a user typing ``0,5`` means 0,5 %, and
    reading it as 50 % would change a figure without a word. Raises ValueError
    (NumberFormatError) with a Danish message."""
    number, _percent = parse_danish_number(text)
    return number / 100.0


def show_percent(value: float) -> str:
    """A stored share in percent as typed: 0,2 → ``20``; 0,305 → ``30,5``; 0,005 → ``0,5``;
    1,2 → ``120``. :func:`parse_percent` reads the text back as the same share."""
    shown = round(float(value) * 100.0, 6)
    text = format_number(shown, 6)
    return text.rstrip("0").rstrip(",") if "," in text else text


def is_percent_path(path: str) -> bool:
    """Whether the case-file field at ``path`` is a share, typed and shown in percent: a registry
    field of kind ``share`` (``effects[0].deadweight``), a share column of a table
    (``effects[0].segments[1].share``) or an item of a list of shares (``effect_phase_in[2]``). A
    scenario override (``scenarios[0].overrides.effects[0].deadweight``) is its input's."""
    if ".overrides." in path:
        path = path.split(".overrides.", 1)[1]
    try:
        return field(path).kind == "share"
    except KeyError:
        pass
    last = path.rsplit(".", 1)[-1]
    name = last.split("[", 1)[0]
    if name in PERCENT_LISTS and last.endswith("]"):
        return True
    return name in PERCENT_KEYS and "[" not in last


def percent_message(path: str, message: str) -> str:
    """A range message of the case reader in the unit the user types: for a % field
    ``må højst være 1, fandt 1,2`` → ``Dødvægt må højst være 100 %, fandt 120 %``; any other
    message (or field) is returned as it stands."""
    match = _RANGE.match(message)
    if match is None or not is_percent_path(path):
        return message
    words, bound, found = match.groups()
    label_path = path.split(".overrides.", 1)[1] if ".overrides." in path else path
    try:
        low, _ = parse_danish_number(bound)
        value, _ = parse_danish_number(found)
    except ValueError:
        return message
    return f"{field_label(label_path)} {words} {show_percent(low)} %, fandt {show_percent(value)} %"
