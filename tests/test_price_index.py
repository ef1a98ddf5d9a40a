"""Two price indices: each line with its own, CSV import with Danish errors, CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetapp.cli import main
from budgetapp.core.price_index import (
    SERVICE,
    TRANSFERS,
    IndexPoint,
    IndexSet,
    PriceIndex,
    PriceIndexError,
    default_index_set,
    kind_for,
    read_index_csv,
)
from budgetapp.io.project_file import load_project, save_project
from budgetapp.resources import demo_project_path


def _set() -> IndexSet:
    service = PriceIndex("s", (IndexPoint(2019, 100.0), IndexPoint(2026, 120.0)))
    transfers = PriceIndex("t", (IndexPoint(2019, 100.0), IndexPoint(2026, 125.0)))
    return IndexSet(service, transfers)


def test_each_line_is_converted_with_its_own_index():
    indices = _set()
    # a measure line (service): 1.000 kr. 2019 × 120/100 = 1.200; a benefit line: × 125/100 = 1.250
    assert indices.convert(1000, 2019, 2026, "service") == pytest.approx(1200)
    assert indices.convert(1000, 2019, 2026, "overførsler") == pytest.approx(1250)
    assert kind_for("overførsler") == kind_for("forsørgelse") == TRANSFERS
    assert kind_for("service") == kind_for("anlæg") == kind_for("") == SERVICE


def test_shipped_indices_differ_and_mark_projections():
    indices = default_index_set()
    # service 2019 → 2026: 119,8644 / 100; transfers: 120,5770 / 100 (index_*.csv)
    assert indices.factor(2019, 2026, "service") == pytest.approx(1.198644)
    assert indices.factor(2019, 2026, "overførsler") == pytest.approx(1.205770)
    statuses = {p.year: p.status for p in indices.transfers.points}
    assert statuses[2015] == "bekendtgørelse" and statuses[2030] == "fremskrivning"


def test_reads_kl_style_semicolon_csv_with_danish_decimals(tmp_path: Path):
    path = tmp_path / "kl.csv"
    path.write_text("År;Indeks;Kilde\n2026;1.000,0;KL juni 2026\n2027;1.031,5;KL skøn\n", encoding="utf-8")
    index = read_index_csv(path)
    assert [(p.year, p.value) for p in index.points] == [(2026, 1000.0), (2027, 1031.5)]
    assert index.factor(2026, 2027) == pytest.approx(1.0315)
    assert index.points[1].source == "KL skøn"


@pytest.mark.parametrize(("text", "message"), [
    ("year,index\n2026,abc\n", "linje 2, kolonnen indeks: 'abc' er ikke et tal"),
    ("year,index\nxx,100\n", "linje 2, kolonnen år"),
    ("år,værdi\n2026,100\n", "kolonnen 'index' eller 'indeks' mangler"),
    ("year,index\n2026,100\n2026,101\n", "står to gange"),
    ("year,index\n2026,-5\n", "større end 0"),
    ("year,index\n2026,inf\n", "ikke et tal"),
    ("year,index\n", "ingen år"),
    ("", "tom"),
])
def test_bad_index_files_are_refused_with_a_danish_message(tmp_path: Path, text: str, message: str):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PriceIndexError, match=message):
        read_index_csv(path)


@given(st.lists(st.floats(1, 1e4), min_size=2, max_size=10))
def test_converting_there_and_back_is_the_identity(values):
    index = PriceIndex("p", tuple(IndexPoint(2020 + i, v) for i, v in enumerate(values)))
    last = 2020 + len(values) - 1
    assert index.convert(index.convert(1000.0, 2020, last), last, 2020) == pytest.approx(1000.0)


def test_cli_list_check_and_import(tmp_path: Path, capsys):
    assert main(["rules", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    ids = {e["id"] for e in entries}
    assert {"refusionstrappe-2016", "beskaeftigelsestilskud", "maalgrupper-2027", "satser-2026",
            "index_service.csv", "index_transfers.csv"} <= ids
    assert all(e["kilde"] for e in entries)
    cap = next(e for e in entries if e["id"] == "budgetgaranti-loft-l77")
    assert cap["status"] == "lovforslag (ikke vedtaget)"

    csv_path = tmp_path / "kl.csv"
    csv_path.write_text("år;indeks\n" + "".join(f"{y};{100 + 3 * (y - 2011)},0\n" for y in range(2011, 2036)),
                        encoding="utf-8")
    assert main(["rules", "check-index", str(csv_path)]) == 0
    assert "25 år, 2011-2035" in capsys.readouterr().out

    project_path = tmp_path / "p.jcbudget"
    save_project(load_project(demo_project_path()), project_path)
    assert main(["rules", "import-index", str(project_path), str(csv_path)]) == 0
    # 2013: 100 + 3 × 2 = 106; 2026: 100 + 3 × 15 = 145
    updated = load_project(project_path)
    assert updated.price_index.factor(2013, 2026) == pytest.approx(145 / 106)
    assert updated.source("price_index/2026").source == "Importeret fra kl.csv"

    short = tmp_path / "short.csv"
    short.write_text("year,index\n2026,100\n", encoding="utf-8")
    before = project_path.read_bytes()
    assert main(["rules", "import-index", str(project_path), str(short)]) == 1
    assert "mangler år, som projektet bruger" in capsys.readouterr().err
    assert project_path.read_bytes() == before


def test_cli_imports_the_transfer_index_and_leaves_the_service_index(tmp_path: Path, capsys):
    from budgetapp.core.projection import ProjectionEngine

    project_path = tmp_path / "p.jcbudget"
    demo = load_project(demo_project_path())
    save_project(demo, project_path)
    sats = tmp_path / "sats.csv"
    # 4 % a year from 2011 (index 100): 2013 = 100 × 1,04², 2026 = 100 × 1,04¹⁵
    sats.write_text("year,index,source,status\n" + "".join(
        f"{y},{100 * 1.04 ** (y - 2011):.6f},Finansministeriet skøn {y},skøn\n" for y in range(2011, 2036)),
        encoding="utf-8")
    assert main(["rules", "import-index", str(project_path), str(sats), "--index", "overforsler"]) == 0
    assert "Overførsler (satsreguleringsprocenten)" in capsys.readouterr().out
    updated = load_project(project_path)
    assert updated.transfer_index.factor(2013, 2026) == pytest.approx(1.04 ** 13, rel=1e-6)
    assert updated.transfer_index.name == "Overførsler (satsreguleringsprocenten)"
    assert updated.price_index == demo.price_index                     # service index untouched
    assert updated.source("transfer_index/2026").source == "Finansministeriet skøn 2026"
    assert updated.source("transfer_index/2026").remark == "skøn"
    assert updated.source("price_index/2026") == demo.source("price_index/2026")
    # Straksaktivering (2013 p/l) 2028: saving 4.366.149 × 1,04¹³ − cost 667.000 × 119,8644 / 94,3996
    cases = ProjectionEngine(updated).result().cases
    straks = next(c for c in cases if c.name.startswith("Straksaktivering"))
    assert straks.saving(2028) == pytest.approx(4_366_149 * 1.04 ** 13 - 667_000 * 119.8644 / 94.3996, abs=2)
    # a wrong --index name is refused by the parser, a short file refused with nothing changed
    before = project_path.read_bytes()
    short = tmp_path / "short.csv"
    short.write_text("year,index\n2013,90\n2026,100\n", encoding="utf-8")
    assert main(["rules", "import-index", str(project_path), str(short), "--index", "overforsler"]) == 1
    assert "mangler år, som projektet bruger: 2025" in capsys.readouterr().err
    assert project_path.read_bytes() == before
    with pytest.raises(SystemExit):
        main(["rules", "import-index", str(project_path), str(sats), "--index", "anlæg"])
    assert project_path.read_bytes() == before
