"""The named-layout store: per layout, which field the user chose for each header text.

The GUI keeps it in the user's settings (QSettings, key ``importguide/layouts``); the CLI in
``layouts.json`` in the user's configuration folder (``%APPDATA%\\budgetapp`` on Windows,
``$XDG_CONFIG_HOME/budgetapp`` or ``~/.config/budgetapp`` elsewhere). Both hold the same JSON:
``{layout id: {normalised header text: field key or ""}}``. A damaged store is ignored (the
suggestions then come from the header texts alone), never an error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

Store = dict[str, dict[str, str]]


def parse(text: str | None) -> Store:
    """The store from its JSON text; {} when missing or damaged."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): {str(h): str(f) for h, f in v.items()} for k, v in data.items() if isinstance(v, dict)}


def dump(store: Store) -> str:
    return json.dumps(store, ensure_ascii=False, sort_keys=True)


def remember(store: Store, layout_id: str, mapping: dict[str, str]) -> Store:
    """A new store with ``mapping`` (header text → field) merged into the layout's entry."""
    new = {k: dict(v) for k, v in store.items()}
    new.setdefault(layout_id, {}).update(mapping)
    return new


def config_path() -> Path:
    base = os.environ.get("APPDATA") or os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "budgetapp" / "layouts.json"


def load_file(path: Path | None = None) -> Store:
    try:
        return parse((path or config_path()).read_text(encoding="utf-8"))
    except OSError:
        return {}


def save_file(store: Store, path: Path | None = None) -> None:
    """Write the store (best effort: a store that cannot be written only loses the suggestions)."""
    target = path or config_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(dump(store), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass


def targets_of(store: Store, layout_id: str) -> dict[str, dict[str, str]]:
    """The kontoplan targets the user chose for a layout: function → {target, name, group_name}."""
    out: dict[str, dict[str, str]] = {}
    for key, text in store.get(f"{layout_id}/kontoplan", {}).items():
        target, _, rest = text.partition("|")
        name, _, group_name = rest.partition("|")
        out[key] = {"target": target, "name": name, "group_name": group_name}
    return out


def with_targets(store: Store, layout_id: str, targets: dict[str, dict[str, str]]) -> Store:
    """A new store with the kontoplan targets of a layout merged in."""
    encoded = {
        k: f"{v.get('target', '')}|{v.get('name', '')}|{v.get('group_name', '')}" for k, v in targets.items()
    }
    return remember(store, f"{layout_id}/kontoplan", encoded)
