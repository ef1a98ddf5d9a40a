"""An empty, half-written or unreadable lock file is held, not stale: it exists for a moment while
another program writes its lock. Only when it has not changed for a while is it stale, with a
message that says what is wrong with it (never "more than 12 hours old")."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io.project_lock import BROKEN_LOCK_AGE, claim_for_writing, lock_owner, lock_path
from tests.import_helpers import BUDGET_HEADER, write_xlsx
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import private_store_fixture as private_store_fixture

pytestmark = pytest.mark.usefixtures("private_store")


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.mark.parametrize(("content", "problem"), [(b"", "tom"), (b'{"user": "kol', "beskadiget")])
def test_a_fresh_empty_or_half_written_lock_is_held_and_never_taken_over(demo_path, content, problem):
    lock = lock_path(demo_path)
    lock.write_bytes(content)
    owner = lock_owner(demo_path)
    assert owner is not None and owner.problem == problem and owner.stale_reason() is None
    before = demo_path.read_bytes()
    for take_over in (False, True):
        claim = claim_for_writing(demo_path, take_over)
        assert f"låst af et andet program (låsefilen er {problem}; den bliver måske skrevet lige nu" in \
            claim.refusal
        assert "prøv igen" in claim.refusal and "12 timer" not in claim.refusal and not claim.taken
    assert lock.read_bytes() == content and demo_path.read_bytes() == before


def test_the_cli_refuses_to_write_past_a_fresh_empty_lock_even_with_take_over(tmp_path, demo_path, capsys):
    lock_path(demo_path).write_bytes(b"")
    budget = write_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER[:6],
                                                         ["dagpenge", 2027, 400, 230000, "flat", 0.3]]})
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(budget), "--take-over-lock"]) != 0
    err = capsys.readouterr().err
    assert "låsefilen er tom" in err and "mere end 12 timer" not in err
    assert demo_path.read_bytes() == before and lock_path(demo_path).read_bytes() == b""


def test_an_empty_lock_unchanged_for_minutes_is_stale_with_a_precise_reason(demo_path):
    lock = lock_path(demo_path)
    lock.write_bytes(b"")
    _age(lock, BROKEN_LOCK_AGE.total_seconds() + 180)  # 2 + 3 = 5 minutes unchanged
    owner = lock_owner(demo_path)
    assert owner is not None
    assert owner.stale_reason() == ("låsefilen er tom og har ikke ændret sig i 5 minutter (programmet, "
                                    "der lavede den, stoppede, før den var skrevet)")
    assert "--take-over-lock" in claim_for_writing(demo_path, False).refusal
    claim = claim_for_writing(demo_path, True)
    assert claim.refusal == "" and claim.taken
    taken = lock_owner(demo_path)
    assert taken is not None and taken.ours


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_lock_is_held_until_it_is_old(demo_path):
    lock = lock_path(demo_path)
    lock.write_text('{"user": "kollega"}', encoding="utf-8")
    lock.chmod(0)
    try:
        owner = lock_owner(demo_path)
        assert owner is not None and owner.problem == "ulæselig" and owner.stale_reason() is None
        assert "låsefilen kan ikke læses" in claim_for_writing(demo_path, True).refusal
        _age(lock, 13 * 3600)
        assert lock_owner(demo_path).stale_reason() == (  # type: ignore[union-attr]
            "låsefilen kan ikke læses og er ikke ændret i mere end 12 timer")
    finally:
        lock.chmod(0o644)


def test_an_unreadable_lock_counts_as_held_when_reading_fails(demo_path, monkeypatch):
    lock = lock_path(demo_path)
    lock.write_text("x", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)
    owner = lock_owner(demo_path)
    assert owner is not None and owner.problem == "ulæselig" and owner.stale_reason() is None
    assert owner.describe() == "et andet program eller en anden bruger (låsefilen kan ikke læses)"
    _age(lock, 13 * 3600)  # unreadable: another user's program may hold it, so 12 hours, not minutes
    assert lock_owner(demo_path).stale_reason() == (  # type: ignore[union-attr]
        "låsefilen kan ikke læses og er ikke ændret i mere end 12 timer")
