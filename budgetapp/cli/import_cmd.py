"""Sub-commands registered by this module (filled in by its feature)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Adds no sub-command yet."""
