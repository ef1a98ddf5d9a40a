"""Site defaults from budgetapp.ini: where they are looked for, how files merge, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from budgetapp.site_config import (
    ENV_VAR,
    SiteConfig,
    candidate_paths,
    describe,
    load_site_config,
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_candidate_paths_on_windows_lowest_priority_first(tmp_path: Path) -> None:
    env = {"PROGRAMDATA": r"C:\ProgramData", ENV_VAR: str(tmp_path / "gpo.ini")}
    paths = candidate_paths(env, "win32", frozen_dir=tmp_path / "app")
    assert paths == [
        tmp_path / "app" / "budgetapp.ini",
        Path(r"C:\ProgramData") / "budgetapp" / "budgetapp.ini",
        tmp_path / "gpo.ini",
    ]


def test_candidate_paths_from_source_on_linux_use_xdg_config_dirs() -> None:
    assert candidate_paths({"XDG_CONFIG_DIRS": "/opt/conf:/etc/xdg"}, "linux", None) == [
        Path("/opt/conf/budgetapp/budgetapp.ini")]
    assert candidate_paths({}, "linux", None) == [Path("/etc/xdg/budgetapp/budgetapp.ini")]


def test_no_file_gives_no_defaults_and_no_problems(tmp_path: Path) -> None:
    config = load_site_config({"XDG_CONFIG_DIRS": str(tmp_path)}, "linux", tmp_path / "app")
    assert config == SiteConfig()
    assert describe(config) == [
        "Ingen lokal opsætning (budgetapp.ini) fundet; programmets standarder bruges."]


def test_later_file_overrides_earlier_key_by_key(tmp_path: Path) -> None:
    app = tmp_path / "app"
    machine = tmp_path / "xdg"
    write(app / "budgetapp.ini", "[standard]\nprisniveau = 2025\nkommune = Eksempel Kommune\n")
    write(machine / "budgetapp" / "budgetapp.ini", "[standard]\nprisniveau = 2026\n")
    config = load_site_config({"XDG_CONFIG_DIRS": str(machine)}, "linux", app)
    # The machine-wide file sets only the price level; the municipality comes from the app folder.
    assert config.price_level_year == 2026
    assert config.municipality == "Eksempel Kommune"
    assert config.sources == (app / "budgetapp.ini", machine / "budgetapp" / "budgetapp.ini")
    assert config.problems == ()


def test_environment_variable_wins_and_notepad_encodings_are_read(tmp_path: Path) -> None:
    machine = tmp_path / "xdg"
    write(machine / "budgetapp" / "budgetapp.ini", "[standard]\nkommune = Hillerød Kommune\n",
          encoding="utf-8-sig")  # Notepad's "UTF-8 med BOM"
    gpo = write(tmp_path / "gpo.ini", "[standard]\nkommune = Høje-Taastrup Kommune\n",
                encoding="cp1252")  # Notepad's "ANSI"
    config = load_site_config({"XDG_CONFIG_DIRS": str(machine), ENV_VAR: str(gpo)}, "linux",
                              tmp_path / "app")
    assert config.municipality == "Høje-Taastrup Kommune"
    assert config.price_level_year is None
    assert describe(config) == [
        f"Lokal opsætning læst fra: {machine / 'budgetapp' / 'budgetapp.ini'}, {gpo}",
        "Standardkommune: Høje-Taastrup Kommune",
    ]


def test_bad_values_are_ignored_with_specific_messages(tmp_path: Path) -> None:
    ini = write(tmp_path / "app" / "budgetapp.ini",
                "[standard]\nprisniveau = 26\nkommune =\nfarve = blå\n[andet]\nx = 1\n")
    config = load_site_config({"XDG_CONFIG_DIRS": str(tmp_path / "none")}, "linux", tmp_path / "app")
    assert config.price_level_year is None
    assert config.municipality is None
    assert config.sources == ()
    assert config.problems == (
        f"{ini}: ukendt afsnit [andet] (forventede [standard])",
        f"{ini}: [standard] prisniveau = '26': skal være et årstal mellem 2011 og 2035, fx 2026",
        f"{ini}: [standard] kommune: er tom (skriv kommunens navn, fx Hillerød Kommune)",
        f"{ini}: [standard] farve: ukendt nøgle (kendte nøgler: prisniveau, kommune)",
    )


def test_a_broken_file_does_not_hide_a_good_one(tmp_path: Path) -> None:
    app = write(tmp_path / "app" / "budgetapp.ini", "[standard]\nprisniveau = 2024\n")
    broken = write(tmp_path / "xdg" / "budgetapp" / "budgetapp.ini", "prisniveau = 2026\n")
    config = load_site_config({"XDG_CONFIG_DIRS": str(tmp_path / "xdg")}, "linux", tmp_path / "app")
    assert config.price_level_year == 2024
    assert config.sources == (app,)
    assert len(config.problems) == 1
    assert config.problems[0].startswith(f"{broken}: filen er ikke en gyldig INI-fil (")


def test_missing_file_named_by_the_environment_variable_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "findes-ikke.ini"
    config = load_site_config({"XDG_CONFIG_DIRS": str(tmp_path), ENV_VAR: str(missing)}, "linux",
                              tmp_path / "app")
    assert config.problems == (f"{missing}: filen findes ikke (angivet i {ENV_VAR})",)


def test_site_config_does_not_import_qt() -> None:
    code = ("import sys, budgetapp.site_config, budgetapp.app_info; "
            "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"



def test_price_level_outside_the_p_l_index_is_refused(tmp_path: Path) -> None:
    # The shipped index covers 2011-2035: a project cannot be converted to 2099 p/l.
    ini = write(tmp_path / "app" / "budgetapp.ini", "[standard]\nprisniveau = 2099\n")
    config = load_site_config({"XDG_CONFIG_DIRS": str(tmp_path / "none")}, "linux", tmp_path / "app")
    assert config.price_level_year is None
    assert config.problems == (
        f"{ini}: [standard] prisniveau = '2099': skal være et årstal mellem 2011 og 2035, fx 2026",)
