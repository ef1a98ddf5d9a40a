"""Chart PNG/SVG exports write like every other export (export/safe_write): a named pipe is refused
without blocking, a read-only target is refused and left unchanged, and a new file gets the
umask's permissions, never a temporary file's 0600."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from budgetapp.export.safe_write import ExportError, current_umask

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "eksport"
    path.mkdir()
    return path


@pytest.fixture
def chart(window):
    window.resize(1200, 800)
    return window.show_page("overblik").chart


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_chart_to_a_fifo_is_refused_without_blocking(chart, folder, kind):
    target = folder / f"diagram.{kind}"
    os.mkfifo(target)
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            getattr(chart, f"save_{kind}")(target)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    # the chart is drawn on this thread (Qt); a watchdog opens the pipe's other end if it blocks
    def watchdog() -> None:
        threading.Event().wait(10)
        if not outcome:
            with open(target, "rb") as pipe:
                pipe.read()

    threading.Thread(target=watchdog, daemon=True).start()
    save()
    [error] = outcome
    assert isinstance(error, ExportError)
    assert "er ikke en almindelig fil (fx en navngiven pipe eller en enhed)" in str(error)
    assert stat.S_ISFIFO(target.stat().st_mode)


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_chart_to_a_read_only_target_is_refused_and_unchanged(chart, folder, kind):
    target = folder / f"diagram.{kind}"
    target.write_bytes(b"tidligere")
    os.chmod(target, 0o444)
    with pytest.raises(ExportError, match="er skrivebeskyttet og bliver ikke overskrevet"):
        getattr(chart, f"save_{kind}")(target)
    assert target.read_bytes() == b"tidligere"
    assert sorted(p.name for p in folder.iterdir()) == [target.name]


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_chart_new_file_gets_the_umask_mode_and_replaces_atomically(chart, folder, kind):
    target = folder / f"diagram.{kind}"
    getattr(chart, f"save_{kind}")(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~current_umask()
    head = target.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if kind == "png" else b"<svg" in head or b"<?xml" in head
    os.chmod(target, 0o640)
    getattr(chart, f"save_{kind}")(target)  # replacing keeps the target's own permissions
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == [target.name]
