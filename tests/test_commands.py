"""Core commands: one action, one step; change sets from what changed; undo and redo without Qt."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetapp.core import commands as c
from budgetapp.core.commands import ChangeSet, CommandRefused, History, diff, execute
from budgetapp.core.project import ProjectCase
from budgetapp.io.project_file import load_project
from budgetapp.resources import demo_project_path


@pytest.fixture(scope="module")
def demo():
    return load_project(demo_project_path())


def test_change_set_is_computed_from_what_changed_not_from_a_label(demo):
    step = execute(demo, c.SetCaseEnabled(0, not demo.cases[0].enabled))
    assert step.changes == ChangeSet(frozenset({"cases"}), frozenset({0}), False)
    assert step.before is demo and demo.cases[0].enabled != step.after.cases[0].enabled
    # A command given a label saying "everything" still reports only what changed.
    step = execute(demo, c.ReplaceProject("Alt", dataclasses.replace(demo, notes=demo.notes + "x")))
    assert step.changes.parts == frozenset({"settings"})
    # Nothing changed: an empty change set.
    assert execute(demo, c.ReplaceProject("Intet", c.snapshot(demo))).changes.empty


def test_a_pool_link_cleared_in_a_case_changes_the_cases_and_not_the_pools(demo):
    index = next(i for i, e in enumerate(demo.cases) if e.case.pool_funding)
    case = dataclasses.replace(demo.cases[index].case, pool_funding=())
    step = execute(demo, c.ReplaceCase(index, case))
    assert step.changes.parts == frozenset({"cases"}) and step.changes.changed_cases == {index}
    assert step.after.cases_funded_by(demo.pools[0].id) == []
    assert demo.cases_funded_by(demo.pools[0].id) != []  # the project before is untouched


def test_refused_command_changes_nothing_and_says_why_in_danish(demo):
    with pytest.raises(CommandRefused) as refused:
        execute(demo, c.RemoveBudgetYear(demo.budget_year))
    assert refused.value.issues[0].message == f"{demo.budget_year} er budgetåret og kan ikke fjernes."
    with pytest.raises(CommandRefused, match="der er allerede en case, der hedder"):
        execute(demo, c.RenameCase(1, demo.cases[0].name))


def test_new_case_is_empty_and_copy_copies_everything(demo):
    history = History(demo)
    case = c.empty_case("Ny business case", demo.budget.target_groups[0], demo.budget_year)
    history.do(c.AddCase(ProjectCase(case, enabled=False)))
    new = history.project.cases[-1].case
    assert (new.uncertainty, new.scenarios, new.notes, new.costs, new.pool_funding) == ((), (), {}, (), ())
    assert (new.deadweight, new.persistence, new.inflow_per_year) == (0.0, 1.0, 0.0)
    assert new.timing == "calendar"  # the default of every new case
    source = demo.cases[0]
    history.do(c.CopyCase(0))
    copy = history.project.cases[-1]
    assert copy.name == f"{source.name} (kopi)" and not copy.enabled
    assert dataclasses.replace(copy.case, name=source.name) == source.case  # everything else equal


def test_rename_follows_into_the_scenarios(demo):
    from budgetapp.core.project import Scenario

    old = demo.cases[0].name
    low = Scenario("Lav", {old: {"deadweight": 0.5}})
    project = dataclasses.replace(demo, scenarios=[*demo.scenarios, low])
    after = execute(project, c.RenameCase(0, "Nyt navn")).after
    assert after.cases[0].name == "Nyt navn"
    assert after.scenarios[-1].overrides == {"Nyt navn": {"deadweight": 0.5}}


def test_typing_digit_by_digit_is_one_step(demo):
    history = History(demo)
    group = demo.budget.groups[0]
    for text in ("1", "12", "123"):
        new = dataclasses.replace(group, full_year_persons=float(text))
        history.do(c.ReplaceBudgetItem("groups", 0, new, "Ændr", merge_key="budget:0:persons"))
    assert len(history.done) == 1 and history.project.budget.groups[0].full_year_persons == 123.0
    history.undo()
    assert history.project is demo


COMMANDS = st.sampled_from(["year", "toggle", "copy", "delete", "settings", "pool_year", "remove_year"])


def build(kind: str, project, n: int):
    if kind == "year":
        return c.AddBudgetYear()
    if kind == "toggle":
        return c.SetCaseEnabled(n % len(project.cases), n % 2 == 0) if project.cases else None
    if kind == "copy":
        return c.CopyCase(n % len(project.cases)) if project.cases else None
    if kind == "delete":
        return c.DeleteCase(n % len(project.cases)) if project.cases else None
    if kind == "settings":
        return c.ChangeSettings(f"Kommune {n}", project.budget_year, 2020 + n % 10)
    if kind == "pool_year":
        pool = project.pools[0] if project.pools else None
        return c.SetPoolYear(0, pool.years[0].year, "expense", float(n * 1000)) if pool else None
    return c.RemoveBudgetYear(project.budget.years[-1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(COMMANDS, st.integers(0, 50)), min_size=1, max_size=8))
def test_undo_all_returns_the_first_project_and_redo_all_the_last(steps):
    demo = load_project(demo_project_path())
    history = History(demo)
    states = [demo]
    for kind, n in steps:
        command = build(kind, history.project, n)
        if command is None:
            continue
        try:
            changes = history.do(command)
        except CommandRefused:
            continue
        if not changes.empty:
            states.append(history.project)
            # The change set names exactly the parts that differ.
            assert changes == diff(states[-2], states[-1])
    last = history.project
    while history.done:
        history.undo()
    assert history.project == demo
    while history.undone:
        history.redo()
    assert history.project == last


def test_replace_case_follows_a_new_name_into_the_scenarios_and_refuses_a_taken_one(demo):
    from budgetapp.core.project import Scenario

    old = demo.cases[0].name
    project = dataclasses.replace(demo, scenarios=[Scenario("Lav", {old: {"deadweight": 0.5}})])
    renamed = dataclasses.replace(project.cases[0].case, name="Unge")
    step = execute(project, c.ReplaceCase(0, renamed, "Ret business case"))
    assert step.after.cases[0].case is renamed
    assert step.after.scenarios[0].overrides == {"Unge": {"deadweight": 0.5}}
    assert step.changes.changed_cases == frozenset({0}) and step.changes.case_list
    taken = dataclasses.replace(renamed, name=demo.cases[1].name)
    with pytest.raises(CommandRefused, match="der er allerede en case, der hedder"):
        execute(project, c.ReplaceCase(0, taken))
    # The same case again changes nothing: an empty change set (the editor's invalid-draft steps).
    assert execute(project, c.ReplaceCase(0, project.cases[0].case)).changes.empty


def test_replace_index_refuses_an_index_without_the_projects_years_and_changes_nothing(demo):
    from budgetapp.core.price_index import SERVICE, IndexPoint, PriceIndex, needed_years

    years = needed_years(demo)
    short = PriceIndex("PL", tuple(IndexPoint(y, 100.0 + y - years[0]) for y in years[1:]))
    with pytest.raises(CommandRefused, match=f"pl.csv mangler år, som projektet bruger: {years[0]}"):
        execute(demo, c.ReplaceIndex(SERVICE, short, "pl.csv"))
    full = PriceIndex("PL", tuple(IndexPoint(y, 100.0 + y - years[0], "KL") for y in years))
    step = execute(demo, c.ReplaceIndex(SERVICE, full, "pl.csv"))
    assert step.after.price_index.years == years and step.before is demo
    assert step.changes.parts == frozenset({"settings", "sources"})
    assert step.text == "Importér indeks for service"


def test_change_settings_of_keeps_what_is_not_named(demo):
    step = execute(demo, c.ChangeSettings.of(demo, notes="Til budgetseminaret"))
    assert step.after.notes == "Til budgetseminaret"
    assert (step.after.municipality, step.after.budget_year, step.after.price_level_year) == (
        demo.municipality, demo.budget_year, demo.price_level_year)
    assert step.changes.parts == frozenset({"settings"})
