"""The financing rules are data: every shipped file loads, carries citations and the legal rates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from budgetapp.core.paths import share_at
from budgetapp.core.rules import (
    RuleFileError,
    load_rule_file,
    load_rules,
    municipal_share_schedule,
    operating_refusion_rate,
)


def test_every_rule_file_loads_with_citations():
    rules = load_rules()
    assert set(rules) == {
        "refusionstrappe-2016", "medfinansiering-2016", "aktiv-passiv-2011", "flat", "driftsrefusion",
    }
    for rule in rules.values():
        assert rule.law
        for version in rule.versions:
            assert version.citation and version.source


def _band_values(rule_id: str) -> list[tuple[int, int | None, float]]:
    version = load_rules()[rule_id].versions[0]
    return [(b.first_week, b.last_week, b.passive) for b in version.bands]


def test_staircase_2016_matches_section_5_stk_2():
    # § 5 stk. 2: 80 % weeks 1-4, 40 % weeks 5-26, 30 % weeks 27-52, 20 % from week 53.
    assert _band_values("refusionstrappe-2016") == [
        (1, 4, 0.80), (5, 26, 0.40), (27, 52, 0.30), (53, None, 0.20)]
    rule = load_rules()["refusionstrappe-2016"]
    assert rule.versions[0].valid_from == dt.date(2016, 1, 4)  # § 29
    assert "§ 5, stk. 2" in rule.versions[0].citation


def test_cofinancing_2016_matches_section_5_stk_3():
    assert _band_values("medfinansiering-2016") == [
        (1, 4, 0.20), (5, 26, 0.60), (27, 52, 0.70), (53, None, 0.80)]
    assert "§ 5, stk. 3" in load_rules()["medfinansiering-2016"].versions[0].citation


def test_activity_rule_2011_pays_50_active_30_passive():
    rule = load_rules()["aktiv-passiv-2011"]
    schedule = municipal_share_schedule(rule, rule.versions[0])
    # The municipality pays 1 − 0,50 in active weeks and 1 − 0,30 in passive weeks, at any week.
    assert share_at(schedule, 0.5, active=True) == pytest.approx(0.5)
    assert share_at(schedule, 200.0, active=False) == pytest.approx(0.7)


def test_municipal_share_per_week_on_the_staircase():
    rule = load_rules()["refusionstrappe-2016"]
    schedule = municipal_share_schedule(rule, rule.versions[0])
    # Benefit week n covers [n-1, n): week 4 is [3, 4) at 20 %, week 5 is [4, 5) at 60 %.
    assert share_at(schedule, 3.99, active=False) == pytest.approx(0.2)
    assert share_at(schedule, 4.0, active=False) == pytest.approx(0.6)
    assert share_at(schedule, 26.5, active=True) == pytest.approx(0.7)
    assert share_at(schedule, 52.0, active=False) == pytest.approx(0.8)


def test_cofinancing_is_the_municipal_share_itself():
    rule = load_rules()["medfinansiering-2016"]
    schedule = municipal_share_schedule(rule, rule.versions[0])
    assert list(schedule.passive) == pytest.approx([0.2, 0.6, 0.7, 0.8])


def test_flat_rule_takes_its_rate_from_the_case():
    rule = load_rules()["flat"]
    schedule = municipal_share_schedule(rule, rule.versions[0], case_rate=0.5)
    assert list(schedule.active) == [0.5]
    with pytest.raises(ValueError, match="kræver en sats"):
        municipal_share_schedule(rule, rule.versions[0])


def test_operating_cost_refusion_by_year():
    rule = load_rules()["driftsrefusion"]
    # 50 % within the driftsloft until the end of 2018; abolished from 2019 (seed 003, L565-567).
    assert operating_refusion_rate(rule, 2013) == 0.5
    assert operating_refusion_rate(rule, 2018) == 0.5
    assert operating_refusion_rate(rule, 2019) == 0.0
    assert operating_refusion_rate(rule, 2027) == 0.0


def test_version_for_year_flags_use_outside_validity():
    rule = load_rules()["refusionstrappe-2016"]
    version, in_force = rule.version_for_year(2013)
    assert version is rule.versions[0] and in_force is False
    _, in_force = rule.version_for_year(2017)
    assert in_force is True


def test_a_new_law_is_a_new_file(tmp_path: Path):
    text = (
        'id = "ny-trappe"\nname = "Ny trappe"\napplies_to = "benefit"\nshare = "state_refusion"\n'
        'law = "Ny lov"\n[[versions]]\nvalid_from = 2030-01-01\ncitation = "§ 1"\nsource = "lovtekst"\n'
        "[[versions.bands]]\nfirst_week = 1\nlast_week = 10\nactive = 0.5\npassive = 0.5\n"
        "[[versions.bands]]\nfirst_week = 11\nactive = 0.1\npassive = 0.1\n"
    )
    (tmp_path / "ny.toml").write_text(text, encoding="utf-8")
    rules = load_rules(tmp_path)
    schedule = municipal_share_schedule(rules["ny-trappe"], rules["ny-trappe"].versions[0])
    assert list(schedule.passive) == pytest.approx([0.5, 0.9])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('first_week = 2\nactive = 0.5\npassive = 0.5', "uden huller"),
        ('first_week = 1\nactive = 1.5\npassive = 0.5', "mellem 0 og 1"),
        ('first_week = 1\nlast_week = 4\nactive = 0.5\npassive = 0.5', "uden slutuge"),
        ('first_week = 1\nactive = "x"\npassive = 0.5', "andel"),
    ],
)
def test_broken_rule_files_name_the_problem(tmp_path: Path, body: str, message: str):
    text = (
        'id = "x"\nname = "x"\napplies_to = "benefit"\nshare = "state_refusion"\n'
        f'[[versions]]\nvalid_from = 2030-01-01\ncitation = "§ 1"\n[[versions.bands]]\n{body}\n'
    )
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        load_rule_file(path)


def test_rule_without_citation_is_refused(tmp_path: Path):
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\nname = "x"\napplies_to = "operating_cost"\nshare = "state_refusion"\n'
                    '[[versions]]\nvalid_from = 2030-01-01\nrate = 0.5\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match="lovhenvisning"):
        load_rule_file(path)
