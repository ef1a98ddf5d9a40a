"""The case edits of budgetapp.core.case_edits: each returns a new dict and leaves its input as it
was; where an inverse exists, applying the edit and then its inverse gives the original back; the
edits the case editor makes read as the case file says."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetapp.core.case_edits import (
    DropCorrelations,
    Edits,
    InsertItem,
    RemoveItem,
    SetField,
    SetNote,
    UpdateItem,
    get_path,
)

values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                   st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
keys = st.sampled_from(["name", "share", "weeks_before", "deadweight", "note"])
items = st.dictionaries(keys, values.filter(lambda v: v is not None), max_size=4)


@st.composite
def cases(draw):
    """A case-like dict: a few fields and a list of segment-like items under one effect."""
    segments = draw(st.lists(items, min_size=0, max_size=4))
    return {
        "name": draw(st.text(max_size=6)),
        "deadweight": draw(st.floats(0, 1)),
        "effects": [{"name": "A", "segments": segments}],
    }


@given(cases(), st.sampled_from(["deadweight", "name", "effects[0].name", "discount_rate",
                                 "effects[0].persistence"]), values)
def test_set_field_then_its_inverse_gives_the_original(data, path, value):
    before = copy.deepcopy(data)
    edit = SetField(path, value)
    after = edit.apply(data)
    assert data == before                                    # the input is never changed
    assert get_path(after, path) == value                    # None: the key is gone (default)
    assert edit.inverse(data).apply(after) == before


@given(cases(), items, st.data())
def test_insert_then_its_inverse_gives_the_original(data, item, draw):
    segments = data["effects"][0]["segments"]
    index = draw.draw(st.one_of(st.none(), st.integers(0, len(segments))))
    edit = InsertItem("effects[0].segments", item, index)
    after = edit.apply(data)
    assert get_path(after, "effects[0].segments")[len(segments) if index is None else index] == item
    assert len(get_path(after, "effects[0].segments")) == len(segments) + 1
    assert edit.inverse(data).apply(after) == data


@given(cases(), st.data())
def test_remove_without_dependents_then_its_inverse_gives_the_original(data, draw):
    segments = data["effects"][0]["segments"]
    if not segments:
        return
    index = draw.draw(st.integers(0, len(segments) - 1))
    edit = RemoveItem("effects[0].segments", index, drop_dependents=False)
    after = edit.apply(data)
    assert len(get_path(after, "effects[0].segments")) == len(segments) - 1
    assert edit.inverse(data).apply(after) == data


@given(cases(), st.data(), st.dictionaries(keys, values, max_size=3))
def test_update_item_then_its_inverse_gives_the_original(data, draw, changes):
    segments = data["effects"][0]["segments"]
    if not segments:
        return
    index = draw.draw(st.integers(0, len(segments) - 1))
    edit = UpdateItem("effects[0].segments", index, changes)
    after = edit.apply(data)
    item = get_path(after, f"effects[0].segments[{index}]")
    for key, value in changes.items():
        assert item.get(key) == value                        # None: removed
    assert edit.inverse(data).apply(after) == data


def test_removing_a_segment_drops_and_renumbers_what_named_it():
    data = {
        "effects": [{"segments": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}],
        "uncertainty": [{"path": "effects[0].segments[1].share"}, {"path": "effects[0].segments[2].share"}],
        "correlations": [{"paths": ["effects[0].segments[1].share", "deadweight"]},
                         {"paths": ["effects[0].segments[2].share", "deadweight"]}],
        "scenarios": [{"overrides": {"effects[0].segments[1].share": 0.2,
                                     "effects[0].segments[2].weeks_after": 4}}],
    }
    edit = RemoveItem("effects[0].segments", 1)
    after = edit.apply(data)
    assert [s["name"] for s in after["effects"][0]["segments"]] == ["a", "c"]
    assert after["uncertainty"] == [{"path": "effects[0].segments[1].share"}]   # was segments[2]
    assert after["correlations"] == [{"paths": ["effects[0].segments[1].share", "deadweight"]}]
    assert after["scenarios"][0]["overrides"] == {"effects[0].segments[1].weeks_after": 4}
    assert edit.inverse(data) is None                        # the undo stack keeps the dict instead
    assert len(data["effects"][0]["segments"]) == 3          # the input is unchanged


def test_notes_edits_and_errors():
    data = {"notes": {"effects[1].segments": "kilde"}}
    assert SetNote("effects[1].segments", " ").apply(data) == {"notes": {}}
    assert SetNote("deadweight", "VIVE 2021").apply(data)["notes"] == {
        "effects[1].segments": "kilde", "deadweight": "VIVE 2021"}
    assert DropCorrelations("a").apply({"correlations": [{"paths": ["a", "b"]}, {"paths": ["b", "c"]}]}) == \
        {"correlations": [{"paths": ["b", "c"]}]}
    both = Edits((SetField("deadweight", 0.2), InsertItem("costs", {"name": "Løn"})))
    assert both.apply({}) == {"deadweight": 0.2, "costs": [{"name": "Løn"}]}
    with pytest.raises(IndexError, match="costs har ingen række 3"):
        RemoveItem("costs", 2).apply({"costs": [{}]})
    with pytest.raises(KeyError, match="segments\\[5\\]"):
        SetField("effects[0].segments[5].share", 0.1).apply({"effects": [{"segments": []}]})


def test_the_same_edits_run_on_a_case_without_the_gui(hillerod_path):
    from budgetapp.core.case import CaseError, load_case
    from budgetapp.core.case_edits import edit_case

    case = load_case(hillerod_path)
    edited = edit_case(case, SetField("effects[0].deadweight", 0.2))
    assert edited.effects[0].deadweight == 0.2 and case.effects[0].deadweight == 0.0
    two = edit_case(case, InsertItem("effects", {**case.to_dict()["effects"][0], "name": "Kopi"}))
    assert [e.name for e in two.effects][1] == "Kopi" and len(two.effects) == len(case.effects) + 1
    with pytest.raises(CaseError) as refused:
        edit_case(case, SetField("effects[0].deadweight", 1.2))
    assert [i.field for i in refused.value.issues] == ["effects[0].deadweight"]
