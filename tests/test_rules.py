"""The financing rules are data: every shipped file loads, carries citations and the legal rates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT

from budgetapp.core.catalogues import (
    CatalogueError,
    benefit_levels,
    default_benefit_per_full_year_person,
    load_catalogue_file,
    load_catalogues,
    reference_sources,
    target_groups,
)
from budgetapp.core.paths import share_at
from budgetapp.core.price_index import default_service_index, default_transfer_index
from budgetapp.core.rules import (
    STATUSES,
    RuleFileError,
    load_rule_file,
    load_rules,
    municipal_share_schedule,
    operating_refusion_rate,
    rule_status,
)
from budgetapp.resources import resources_dir


def test_every_rule_file_loads_with_citations():
    rules = load_rules()
    assert set(rules) == {
        "refusionstrappe-2016", "medfinansiering-2016", "aktiv-passiv-2011", "flat", "driftsrefusion",
        "budgetgaranti-loft-l77", "beskaeftigelsestilskud",
    }
    for rule in rules.values():
        assert rule.law and rule.status in STATUSES
        for version in rule.versions:
            assert version.citation and version.source


# A reference to the project's working material (extracted report text, line numbers, notes) is
# not a citation a council member can look up.
_DEV_REFERENCE = re.compile(r"seed \d{3}|\d{3}_[0-9a-f]{16}\.txt|shared/|domain/notes|\bL\d{3,5}\b|Lnnnn")
_LOOKUP = re.compile(r"§|VIVE|lov|Lov|[Bb]ekendtgørelse|KL|Økonomistyrelsen|Beskæftigelsesministeriet|"
                     r"[Aa]ntagelse|Aftale|aftale|lovforslag|Skatteministeriet|Styrelsen")


def _data_files() -> list[Path]:
    root = resources_dir()
    files = sorted((root / "rules").glob("*.toml")) + sorted((root / "catalogues").glob("*"))
    files += sorted((root / "reference").glob("*"))
    files += sorted((root / "demo" / "source").glob("*"))
    return [f for f in files if f.is_file()]


def test_no_data_or_owned_module_cites_working_material():
    owned = [ROOT / "budgetapp" / "core" / f"{m}.py" for m in
             ("rules", "price_index", "unit_costs", "benchmarks", "pools", "catalogues",
              "employment_grant")]
    owned += [ROOT / "budgetapp" / "ui" / "pages" / f"{m}.py" for m in ("rules", "unit_costs")]
    owned += [ROOT / "scripts" / "build_demo.py"]
    for path in _data_files() + owned:
        text = path.read_text(encoding="utf-8")
        hit = _DEV_REFERENCE.search(text)
        assert hit is None, f"{path.name}: '{hit.group(0)}' er ikke en kilde, man kan slå op"


def test_every_rule_catalogue_and_index_file_has_a_citation():
    for rule in load_rules().values():
        for version in rule.versions:
            assert _LOOKUP.search(version.citation), (rule.id, version.citation)
            for g in version.groupings:
                assert g.status in STATUSES and _LOOKUP.search(g.source), (rule.id, g.id)
    catalogues = load_catalogues()
    assert {c.kind for c in catalogues.values()} == {"target_groups", "benefit_levels"}
    for c in catalogues.values():
        assert _LOOKUP.search(c.citation)
        for g in c.groups:
            assert _LOOKUP.search(g.citation), g.id
        for r in c.rates:
            assert _LOOKUP.search(r.source), r.id
    sources = reference_sources()
    csvs = {p.name for p in (resources_dir() / "reference").glob("*.csv")}
    assert csvs == set(sources), "hver referencefil skal stå i sources.toml"
    for entry in sources.values():
        assert _LOOKUP.search(entry.citation), entry.file
    # the two indices: every row says where it comes from and whether it is a projection
    for index in (default_service_index(), default_transfer_index()):
        for point in index.points:
            assert point.source and point.status in (
                "offentliggjort", "bekendtgørelse", "skøn", "fremskrivning", "antagelse"), point
        assert {p.status for p in index.points if p.year >= 2027} == {"fremskrivning"}


def test_citation_check_catches_a_file_without_one(tmp_path: Path):
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\nname = "x"\nkind = "benefit_levels"\nstatus = "lov"\n'
                    'valid_from = 2026-01-01\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="citation"):
        load_catalogue_file(path)
    assert _DEV_REFERENCE.search("jf. seed 003_282ac59a8741076f.txt, L486")
    assert not _DEV_REFERENCE.search("VIVE (2022): Jobcentrenes målgrupper og udgifter 2011-2019, tabel 5.6")


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
    # 50 % within the driftsloft until the end of 2018; abolished in two steps, 1 January and
    # 1 July 2019 (VIVE (2022), afsnit 5.3).
    assert operating_refusion_rate(rule, 2013) == 0.5
    assert operating_refusion_rate(rule, 2018) == 0.5
    assert operating_refusion_rate(rule, 2019) == 0.0
    assert operating_refusion_rate(rule, 2027) == 0.0
    assert [v.valid_from for v in rule.versions] == [
        dt.date(2011, 1, 1), dt.date(2019, 1, 1), dt.date(2019, 7, 1)]
    # residual groupings keep their own rate after 2019: aids 50 %, six weeks' education 100 %
    assert operating_refusion_rate(rule, 2027, "hjaelpemidler") == 0.5
    assert operating_refusion_rate(rule, 2027, "seks-ugers-uddannelse") == 1.0
    with pytest.raises(KeyError, match="ingen gruppering 'x'"):
        operating_refusion_rate(rule, 2027, "x")
    with pytest.raises(KeyError, match="ingen gruppering"):
        operating_refusion_rate(rule, 2013, "hjaelpemidler")


def test_statuses_mark_what_is_not_law():
    rules = load_rules()
    assert rule_status(rules["refusionstrappe-2016"]) == "lov"
    assert rule_status(rules["budgetgaranti-loft-l77"]) == "lovforslag (ikke vedtaget)"
    assert rule_status(rules["flat"]) == "antagelse"
    cap = rules["budgetgaranti-loft-l77"].versions[0]
    assert cap.parameter("amount_per_fulltime_person") == 10_602.0   # 2026-niveau, L 77 § 203 a
    grant = rules["beskaeftigelsestilskud"].versions[0]
    assert grant.parameter("lag_years") == 2.0     # § 23 a: the year 2 years before
    with pytest.raises(KeyError, match="ingen parameter"):
        grant.parameter("findes_ikke")
    assert rules["refusionstrappe-2016"].week_counting == "any_benefit"


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


def test_2026_benefit_levels_are_the_defaults_for_new_lines():
    # kontanthjælp, forhøjet sats: 12 × 13.319 = 159.828 kr.; dagpenge: 12 × 22.041 = 264.492 kr.
    assert default_benefit_per_full_year_person() == 159_828
    assert default_benefit_per_full_year_person("dagpenge") == 264_492
    assert default_benefit_per_full_year_person("sygedagpenge") == 52 * 5_083
    for rate in benefit_levels(2026).rates:
        per_month = rate.unit.endswith("måned")
        assert rate.per_full_year_person == rate.amount * (12 if per_month else 52), rate.id
    with pytest.raises(KeyError, match="Ingen satser for 2019"):
        benefit_levels(2019)


def test_2027_target_groups_map_to_benefits_and_vive_groups():
    catalogue = target_groups(2027)
    assert len(catalogue.groups) == 5 and catalogue.status == "aftale"   # 13 → 5 (aftale 9.4.2025)
    vive = [v for g in catalogue.groups for v in g.vive_groups]
    # every VIVE 2011-2019 group maps to exactly one 2027 group, so the benchmarks still apply
    assert sorted(vive) == sorted(["dagpenge", "kontant_uddannelseshjaelp", "sygedagpenge",
                                   "ressourceforloeb", "ledighedsydelse", "revalidering"])
    rules = load_rules()
    assert all(g.benefits and g.refusion_rule in rules for g in catalogue.groups)
    with pytest.raises(KeyError, match="Intet målgruppekatalog for 2026"):
        target_groups(2026)


def test_a_rule_in_force_from_the_first_benefit_week_counts_for_that_year():
    """The 2016 staircase took effect on Monday 4 January 2016 (§ 29), the start of week 1 of
    2016; 1-3 January 2016 lie in week 53 of 2015. Every benefit week of 2016 is under it."""
    import datetime as dt

    from budgetapp.core.rules import year_start_day

    assert year_start_day(2016) == dt.date(2016, 1, 4)    # 1 January 2016 was a Friday
    assert year_start_day(2013) == dt.date(2013, 1, 1)    # a Tuesday, in week 1 of 2013
    assert year_start_day(2023) == dt.date(2023, 1, 2)    # a Sunday, in week 52 of 2022
    rules = load_rules()
    version, in_force = rules["refusionstrappe-2016"].version_for_year(2016)
    assert in_force is True and version.valid_from == dt.date(2016, 1, 4)
    _, in_force = rules["refusionstrappe-2016"].version_for_year(2015)
    assert in_force is False
    # the rule before the reform ends on 3 January 2016 and does not cover the weeks of 2016
    _, in_force = rules["aktiv-passiv-2011"].version_for_year(2016)
    assert in_force is False
    _, in_force = rules["aktiv-passiv-2011"].version_for_year(2015)
    assert in_force is True


def test_hjoerring_2015_2019_warns_only_for_2015():
    from conftest import RESOURCES

    from budgetapp.core.appraisal import appraise
    from budgetapp.core.case import load_case

    warnings = appraise(load_case(RESOURCES / "examples" / "hjoerring-investeringsmodel.json")).warnings
    staircase = [w for w in warnings if "gyldighedsperiode" in w]
    assert staircase == ["Reglen 'Refusionstrappen (kommunalt udbetalte ydelser)' er anvendt i år uden "
                         "for dens gyldighedsperiode: 2015 (sammenligningsberegning)."]
