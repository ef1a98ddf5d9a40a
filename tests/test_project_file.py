"""The .jcbudget project file: round trip, atomic save, migrations and refusal of bad files."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

import budgetapp.io.project_file as pf
from budgetapp.core.projection import ProjectionEngine
from budgetapp.io.project_file import ProjectFileError, load_project, save_project
from budgetapp.resources import demo_project_path


@pytest.fixture(scope="module")
def demo():
    return load_project(demo_project_path())


def test_round_trip_keeps_every_part(demo, tmp_path):
    path = tmp_path / "kopi.jcbudget"
    save_project(demo, path)
    again = load_project(path)
    assert again == demo
    assert again.cases[2].case.costs[0].refusion_rule == "driftsrefusion"
    assert again.pools[0].years[1].income == 960_000
    assert again.scenarios[0].overrides == demo.scenarios[0].overrides
    assert len(again.sources) == len(demo.sources) > 100


def test_edited_project_round_trips(demo, tmp_path):
    path = tmp_path / "rettet.jcbudget"
    demo_copy = load_project(demo_project_path())
    demo_copy.set_case_enabled("Mentorstøtte til aktivitetsparate", False)
    demo_copy.set_source("budget/dagpenge/2027/full_year_persons", "Eget tal", "rettet af økonomi")
    demo_copy.notes = "Ny note"
    save_project(demo_copy, path)
    again = load_project(path)
    assert again.enabled_case_names == ["Straksaktivering af unge (Hillerød-modellen)",
                                        "To ekstra sagsbehandlere (lavere sagsstammer)"]
    assert again.source("budget/dagpenge/2027/full_year_persons").remark == "rettet af økonomi"
    assert again.notes == "Ny note"
    projected = ProjectionEngine(again).result().to_json_dict()
    assert projected == ProjectionEngine(demo_copy).result().to_json_dict()


def test_failed_save_leaves_previous_file_intact(demo, tmp_path, monkeypatch):
    path = tmp_path / "projekt.jcbudget"
    save_project(demo, path)
    before = path.read_bytes()

    def disk_full(fd: int, data: bytes) -> None:
        import os
        os.write(fd, data[: len(data) // 2])  # half the file reaches the disk, then it is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pf, "_write_all", disk_full)
    changed = load_project(path)
    changed.notes = "ændret"
    with pytest.raises(ProjectFileError, match=r"kunne ikke gemmes.*Den tidligere fil er uændret"):
        save_project(changed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projekt.jcbudget"]  # no temp file left
    assert load_project(path).notes == demo.notes


def test_failed_replace_leaves_previous_file_intact(demo, tmp_path, monkeypatch):
    path = tmp_path / "projekt.jcbudget"
    save_project(demo, path)
    before = path.read_bytes()

    def refuse(src, dst):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pf.os, "replace", refuse)
    with pytest.raises(ProjectFileError,
                       match=r"der er ikke adgang \(skrivebeskyttet, eller filen er åben i et andet"):
        save_project(demo, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["projekt.jcbudget"]


def test_save_into_missing_folder_is_a_danish_error(demo, tmp_path):
    with pytest.raises(ProjectFileError, match=r"mappen kan ikke skrives i"):
        save_project(demo, tmp_path / "findes-ikke" / "p.jcbudget")


def _set_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE schema_version SET version = ?", (version,))
    conn.close()


def test_newer_schema_version_is_refused(demo, tmp_path):
    path = tmp_path / "ny.jcbudget"
    save_project(demo, path)
    _set_version(path, pf.SCHEMA_VERSION + 1)
    with pytest.raises(ProjectFileError,
                       match=rf"nyere version af budgetapp \(filformat {pf.SCHEMA_VERSION + 1}\).*Opdatér"):
        load_project(path)


def test_older_version_is_migrated_step_by_step_in_memory(demo, tmp_path, monkeypatch):
    """A synthetic history: today's file is 'old' when the program pretends to be two versions on."""
    path = tmp_path / "gammel.jcbudget"
    save_project(demo, path)
    on_disk = path.read_bytes()
    steps: list[int] = []
    now = pf.SCHEMA_VERSION

    def first(conn: sqlite3.Connection) -> None:
        steps.append(now)
        conn.execute("ALTER TABLE project ADD COLUMN temp_note TEXT NOT NULL DEFAULT 'næste'")

    def second(conn: sqlite3.Connection) -> None:
        steps.append(now + 1)
        value = conn.execute("SELECT temp_note FROM project").fetchone()[0]
        assert value == "næste"  # the second step sees the first step's change
        conn.execute("UPDATE project SET notes = notes || ' (migreret)'")

    monkeypatch.setattr(pf, "SCHEMA_VERSION", now + 2)
    monkeypatch.setattr(pf, "MIGRATIONS", {now: first, now + 1: second})
    project = load_project(path)
    assert steps == [now, now + 1]
    assert project.notes == demo.notes + " (migreret)"
    assert path.read_bytes() == on_disk          # opening never rewrites the file


def test_missing_migration_step_is_a_clear_error(demo, tmp_path, monkeypatch):
    path = tmp_path / "gammel.jcbudget"
    save_project(demo, path)
    now = pf.SCHEMA_VERSION
    monkeypatch.setattr(pf, "SCHEMA_VERSION", now + 1)
    monkeypatch.setattr(pf, "MIGRATIONS", {})
    with pytest.raises(ProjectFileError, match=rf"filformat {now}, som denne version af budgetapp ikke kan"):
        load_project(path)


def _as_format_1(path: Path) -> None:
    """Turn a saved file into format 1: one p/l index for every line, no transfer index, no amount lines."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE budget_amount_lines")
        conn.execute("DROP TABLE transfer_index_points")
        conn.execute("ALTER TABLE project DROP COLUMN transfer_index_name")
        conn.execute("ALTER TABLE project DROP COLUMN transfer_index_source")
        conn.execute("UPDATE schema_version SET version = 1")
    conn.execute("VACUUM")
    conn.close()


def test_a_format_1_file_opens_with_its_one_index_for_transfers_too(demo, tmp_path):
    import dataclasses

    path = tmp_path / "format1.jcbudget"
    save_project(demo, path)
    _as_format_1(path)
    on_disk = path.read_bytes()
    project = load_project(path)
    assert path.read_bytes() == on_disk
    # the old file converted every line with its one index: the copy keeps its figures unchanged
    assert project.transfer_index.points == demo.price_index.points
    assert project.transfer_index.name.startswith("Overførsler: kopi af projektets p/l-indeks")
    assert project.price_index == demo.price_index
    one_index = dataclasses.replace(demo, transfer_index=demo.price_index)
    want, got = ProjectionEngine(one_index).result(), ProjectionEngine(project).result()
    for year in want.years:
        assert got.total_projected_net(year) == want.total_projected_net(year)
    # saved again, it is today's format and keeps the copy
    save_project(project, tmp_path / "igen.jcbudget")
    again = load_project(tmp_path / "igen.jcbudget")
    assert again.transfer_index == project.transfer_index


def test_an_imported_transfer_index_is_saved_and_reopened(demo, tmp_path):
    import dataclasses

    from budgetapp.core.price_index import IndexPoint, PriceIndex

    points = tuple(IndexPoint(y, 100.0 * 1.05 ** (y - 2020), f"Skøn {y}") for y in range(2011, 2036))
    index = PriceIndex("Satsreguleringsprocent (importeret)", points, "satser.csv")
    project = dataclasses.replace(demo, transfer_index=index)
    path = tmp_path / "p.jcbudget"
    save_project(project, path)
    back = load_project(path)
    assert back.transfer_index == index
    assert [p.source for p in back.transfer_index.points] == [p.source for p in points]
    assert back.price_index == demo.price_index
    assert ProjectionEngine(back).result().total_projected_net(2028) == \
        ProjectionEngine(project).result().total_projected_net(2028)


def test_garbage_file_is_not_a_project_file(tmp_path):
    path = tmp_path / "noget.jcbudget"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    with pytest.raises(ProjectFileError, match=r"noget.jcbudget er ikke en projektfil fra budgetapp"):
        load_project(path)


def test_empty_file(tmp_path):
    path = tmp_path / "tom.jcbudget"
    path.write_bytes(b"")
    with pytest.raises(ProjectFileError, match=r"tom.jcbudget er tom"):
        load_project(path)


def test_other_sqlite_database_is_not_a_project_file(tmp_path):
    path = tmp_path / "anden.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match=r"SQLite-database, men ikke en projektfil"):
        load_project(path)


def test_corrupt_project_file(demo, tmp_path):
    path = tmp_path / "skadet.jcbudget"
    save_project(demo, path)
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xff" * 8192           # overwrite pages 2-3 with garbage
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectFileError, match=r"skadet.jcbudget er beskadiget"):
        load_project(path)


def test_truncated_project_file(demo, tmp_path):
    path = tmp_path / "halv.jcbudget"
    save_project(demo, path)
    path.write_bytes(path.read_bytes()[:20_000])
    with pytest.raises(ProjectFileError, match=r"halv.jcbudget er beskadiget"):
        load_project(path)


def test_invalid_case_inside_is_reported_as_damage(demo, tmp_path):
    path = tmp_path / "case.jcbudget"
    save_project(demo, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE cases SET case_json = '{\"schema\": \"budgetapp.case/1\"}' WHERE position = 0")
    conn.close()
    with pytest.raises(ProjectFileError, match=r"business casen 'Straksaktivering.*' er ugyldig"):
        load_project(path)


def test_missing_and_unreadable_paths(tmp_path):
    with pytest.raises(ProjectFileError, match=r"findes ikke"):
        load_project(tmp_path / "ingen.jcbudget")
    with pytest.raises(ProjectFileError, match=r"er en mappe"):
        load_project(tmp_path)


def test_saved_file_keeps_permissions_of_the_file_it_replaces(demo, tmp_path):
    path = tmp_path / "rettigheder.jcbudget"
    save_project(demo, path)
    path.chmod(0o640)
    save_project(demo, path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_version_1_file_gains_the_amount_lines_table(demo, tmp_path):
    """A file saved before budget amount lines existed (format 1) opens with none."""
    path = tmp_path / "v1.jcbudget"
    save_project(demo, path)
    _as_format_1(path)
    project = load_project(path)
    assert project.budget.amount_lines == ()
    assert project.budget.groups == demo.budget.groups
