"""Site defaults that municipal IT sets once for every user: price level and municipality.

IT writes a small INI file (documented in ``docs/install-windows.md``)::

    [standard]
    prisniveau = 2026
    kommune = Hillerød Kommune

The files are read in this order; a later file overrides a key set by an earlier one:

1. ``budgetapp.ini`` beside the program (the installed folder), when running the frozen build;
2. the machine-wide file: ``%PROGRAMDATA%\\budgetapp\\budgetapp.ini`` on Windows,
   ``$XDG_CONFIG_DIRS/budgetapp/budgetapp.ini`` (default ``/etc/xdg``) elsewhere;
3. the file named by the environment variable ``BUDGETAPP_SITE_CONFIG``.

A missing file is normal. A broken file or value never stops the program: the value is ignored
and a Danish message says which file, key and value, and what was expected. The values are only
defaults for new projects; a project keeps the price level and municipality it was saved with.
No Qt here: the CLI and the self-test read the same file.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from budgetapp.core.price_index import default_price_index

FILE_NAME = "budgetapp.ini"
FOLDER_NAME = "budgetapp"
ENV_VAR = "BUDGETAPP_SITE_CONFIG"
SECTION = "standard"
PRICE_LEVEL_KEY = "prisniveau"
MUNICIPALITY_KEY = "kommune"
KNOWN_KEYS = (PRICE_LEVEL_KEY, MUNICIPALITY_KEY)
MAX_MUNICIPALITY_LENGTH = 100


@dataclass(frozen=True)
class SiteConfig:
    """The site defaults in effect, the files they came from and every problem found."""

    price_level_year: int | None = None
    municipality: str | None = None
    sources: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()


def candidate_paths(env: Mapping[str, str] | None = None, platform: str | None = None,
                    frozen_dir: Path | None = None) -> list[Path]:
    """The files that may hold site defaults, lowest priority first (see the module docstring).

    ``frozen_dir`` is the folder of the executable when frozen (None from source).
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    paths: list[Path] = []
    if frozen_dir is not None:
        paths.append(frozen_dir / FILE_NAME)
    if platform == "win32":
        program_data = env.get("PROGRAMDATA") or env.get("ALLUSERSPROFILE")
        if program_data:
            paths.append(Path(program_data) / FOLDER_NAME / FILE_NAME)
    else:
        first_dir = (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(os.pathsep)[0] or "/etc/xdg"
        paths.append(Path(first_dir) / FOLDER_NAME / FILE_NAME)
    explicit = env.get(ENV_VAR, "").strip()
    if explicit:
        paths.append(Path(explicit))
    return paths


def executable_dir() -> Path | None:
    """The folder of the frozen program, or None when running from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def load_site_config(env: Mapping[str, str] | None = None, platform: str | None = None,
                     frozen_dir: Path | None = None) -> SiteConfig:
    """Read every existing file of :func:`candidate_paths` and merge them.

    ``frozen_dir`` defaults to the folder of the frozen program (none from source).
    """
    env = os.environ if env is None else env
    if frozen_dir is None:
        frozen_dir = executable_dir()
    paths = candidate_paths(env, platform, frozen_dir)
    explicit = env.get(ENV_VAR, "").strip()
    values: dict[str, object] = {}
    sources: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if not path.is_file():
            if explicit and path == Path(explicit):
                problems.append(f"{path}: filen findes ikke (angivet i {ENV_VAR})")
            continue
        found, file_problems = _read_file(path)
        problems.extend(file_problems)
        if found or not file_problems:
            sources.append(path)
        values.update(found)
    return SiteConfig(
        price_level_year=values.get(PRICE_LEVEL_KEY),  # type: ignore[arg-type]
        municipality=values.get(MUNICIPALITY_KEY),  # type: ignore[arg-type]
        sources=tuple(sources),
        problems=tuple(problems),
    )


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without the BOM Notepad writes); Windows-1252 for files saved as 'ANSI'."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_file(path: Path) -> tuple[dict[str, object], list[str]]:
    """The valid values of one file and the problems in it."""
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        return {}, [f"{path}: kan ikke læses ({exc.strerror or exc})"]
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        first_line = str(exc).splitlines()[0]
        return {}, [f"{path}: filen er ikke en gyldig INI-fil ({first_line})"]

    problems: list[str] = []
    for section in parser.sections():
        if section != SECTION:
            problems.append(f"{path}: ukendt afsnit [{section}] (forventede [{SECTION}])")
    if not parser.has_section(SECTION):
        if not problems:
            problems.append(f"{path}: afsnittet [{SECTION}] mangler")
        return {}, problems

    values: dict[str, object] = {}
    for key, raw in parser.items(SECTION):
        where = f"{path}: [{SECTION}] {key}"
        value = raw.strip()
        if key not in KNOWN_KEYS:
            problems.append(f"{where}: ukendt nøgle (kendte nøgler: {', '.join(KNOWN_KEYS)})")
        elif key == PRICE_LEVEL_KEY:
            # A project can only be converted to a price level the shipped p/l index covers.
            years = default_price_index().years
            low, high = years[0], years[-1]
            if not value.isdigit() or not low <= int(value) <= high:
                problems.append(f"{where} = {value!r}: skal være et årstal mellem {low} og {high}, "
                                f"fx 2026")
            else:
                values[key] = int(value)
        elif key == MUNICIPALITY_KEY:
            if not value:
                problems.append(f"{where}: er tom (skriv kommunens navn, fx Hillerød Kommune)")
            elif len(value) > MAX_MUNICIPALITY_LENGTH:
                problems.append(f"{where}: er for lang ({len(value)} tegn, højst "
                                f"{MAX_MUNICIPALITY_LENGTH})")
            else:
                values[key] = value
    return values, problems


def describe(config: SiteConfig) -> list[str]:
    """Danish lines for the self-test and the log: what is in effect and from where."""
    if not config.sources and not config.problems:
        return ["Ingen lokal opsætning (budgetapp.ini) fundet; programmets standarder bruges."]
    lines = [f"Lokal opsætning læst fra: {', '.join(str(p) for p in config.sources) or 'ingen fil'}"]
    if config.price_level_year is not None:
        lines.append(f"Standardprisniveau: {config.price_level_year} p/l")
    if config.municipality is not None:
        lines.append(f"Standardkommune: {config.municipality}")
    lines.extend(f"Advarsel: {problem}" for problem in config.problems)
    return lines
