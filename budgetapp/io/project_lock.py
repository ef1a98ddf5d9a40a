"""The lock file beside a project (``.~NAME.lock``): who holds it, taken atomically, stale or not.

Shared by the GUI (which opens a locked project read-only and offers to take over a stale lock)
and the CLI (which refuses to write a project another program holds, and a project whose lock is
stale unless the user takes it over with :data:`TAKE_OVER_OPTION`: :func:`claim_for_writing`).
The lock holds user, host, pid, the time it was made and the owning process's start time, so a
pid reused after a reboot is not mistaken for the owner (:func:`budgetapp.io.processes.process_alive`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from budgetapp.io.processes import process_alive, process_start_time

TAKE_OVER_OPTION = "--take-over-lock"  # the CLI's confirmation, as the GUI asks before a take-over
TAKE_OVER_HELP = ("overtag en forladt lås (programmet, der låste projektet, kører ikke længere); en lås, "
                  "som et kørende program har, overtages aldrig")
LOCK_MAX_AGE = dt.timedelta(hours=12)  # a lock from another PC older than this may be taken over
# An empty or half-written lock file exists for a moment while its program writes it (milliseconds,
# seconds on a slow network share); unchanged for this long, that program stopped before it wrote it.
BROKEN_LOCK_AGE = dt.timedelta(minutes=2)
_TIME_FORMAT = "%d.%m.%Y %H:%M"


@dataclass(frozen=True)
class LockInfo:
    """Who holds a project's lock file: user, host, process id and start time."""

    user: str
    host: str
    pid: int
    since: str  # shown to the user, "29.11.2026 14:05"
    started: float = 0.0  # time.time() when the lock was made (0: unknown, an old lock file)
    process_started: float = 0.0  # the owning process's start time (psutil create_time; 0: unknown)
    # "" for a lock read whole; "tom" (empty), "beskadiget" (not a lock's content) or "ulæselig"
    # (cannot be read): who holds it is unknown, and ``started`` is the file's modification time
    problem: str = ""

    def describe(self) -> str:
        if self.problem == "ulæselig":
            return "et andet program eller en anden bruger (låsefilen kan ikke læses)"
        if self.problem:
            return (f"et andet program (låsefilen er {self.problem}; den bliver måske skrevet lige nu, "
                    "så prøv igen om et øjeblik)")
        return f"{self.user} på {self.host} (siden {self.since})"

    @property
    def ours(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()

    def stale_reason(self, now: float | None = None) -> str | None:
        """Why the lock looks abandoned (Danish), or None while its owner may still be working."""
        if self.ours:
            return None
        if self.problem:
            return self._broken_reason(time.time() if now is None else now)
        if self.host == socket.gethostname():
            if not process_alive(self.pid, self.process_started or None):
                return "programmet, der låste det, kører ikke længere på denne computer"
            if not self.process_started and self.started and (now if now is not None else time.time()) \
                    - self.started > LOCK_MAX_AGE.total_seconds():
                # an old lock without the process's start time: its pid may have been reused
                hours = int(LOCK_MAX_AGE.total_seconds() // 3600)
                return f"låsen er mere end {hours} timer gammel (programmet, der låste, kan være lukket)"
            return None
        now = time.time() if now is None else now
        if not self.started or now - self.started > LOCK_MAX_AGE.total_seconds():
            hours = int(LOCK_MAX_AGE.total_seconds() // 3600)
            return f"låsen fra en anden computer er mere end {hours} timer gammel"
        return None

    def _broken_reason(self, now: float) -> str | None:
        """A lock file whose owner is unknown: held while it may be being written (or, unreadable,
        may belong to a program of another user), stale only when unchanged for long enough."""
        if not self.started:  # not even its age is known: held
            return None
        age = now - self.started
        if self.problem == "ulæselig":
            if age <= LOCK_MAX_AGE.total_seconds():
                return None
            hours = int(LOCK_MAX_AGE.total_seconds() // 3600)
            return f"låsefilen kan ikke læses og er ikke ændret i mere end {hours} timer"
        if age <= BROKEN_LOCK_AGE.total_seconds():
            return None
        minutes = int(age // 60)
        return (f"låsefilen er {self.problem} og har ikke ændret sig i {minutes} minutter (programmet, der "
                "lavede den, stoppede, før den var skrevet)")


def lock_path(path: Path) -> Path:
    return path.with_name(f".~{path.name}.lock")


def _lock_data() -> dict:
    now = time.time()
    return {
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.fromtimestamp(now).strftime(_TIME_FORMAT),
        "started": now,
        "process_started": process_start_time(os.getpid()) or 0.0,
    }


def _parse_lock(text: str) -> LockInfo | None:
    try:
        data = json.loads(text)
        since = str(data["since"])
        started = data.get("started")
        if started is None:  # a lock file of an older version: its start time is "since"
            with contextlib.suppress(ValueError):
                started = dt.datetime.strptime(since, _TIME_FORMAT).timestamp()
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), since, float(started or 0.0),
                        float(data.get("process_started") or 0.0))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def lock_owner(path: Path) -> LockInfo | None:
    """Whoever holds the lock on ``path`` (us included), or None when there is no lock file.

    A lock file that cannot be read as a lock (empty or half-written while its program writes it,
    damaged, or unreadable) counts as held by an unknown program (it is never silently
    overwritten); it is stale only when unchanged for :data:`BROKEN_LOCK_AGE` (unreadable:
    :data:`LOCK_MAX_AGE`), see :meth:`LockInfo.stale_reason`.
    """
    lock = lock_path(path)
    problem = ""
    try:
        text = lock.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        text, problem = "", "ulæselig" if isinstance(exc, OSError) else "beskadiget"
    info = _parse_lock(text)
    if info is not None:
        return info
    try:
        modified = lock.stat().st_mtime
    except FileNotFoundError:  # released while we looked
        return None
    except OSError:
        modified = 0.0
    return LockInfo("ukendt bruger", "ukendt computer", 0, "ukendt tidspunkt", modified,
                    problem=problem or ("tom" if not text.strip() else "beskadiget"))


def read_lock(path: Path) -> LockInfo | None:
    """Who else holds the lock on ``path`` (live or stale), or None (no lock, or our own)."""
    info = lock_owner(path)
    if info is None or info.ours:
        return None
    return info


def take_lock(path: Path) -> bool:
    """Create the lock file for ``path`` atomically (O_CREAT|O_EXCL); True when we hold it.

    False when someone else holds it. In a folder we cannot write to there is no lock to take
    (True: the file is opened read-only anyway by :func:`is_writable`).
    """
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        owner = lock_owner(path)
        return owner is not None and owner.ours
    except OSError:
        return True
    try:
        os.write(fd, json.dumps(_lock_data()).encode("utf-8"))
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
    return True


def take_over_lock(path: Path, stale: LockInfo) -> bool:
    """Replace the abandoned lock ``stale`` by ours; False if it changed meanwhile (someone else
    took it over first) or cannot be removed."""
    lock = lock_path(path)
    aside = lock.with_name(f"{lock.name}.{os.getpid()}.old")
    try:
        os.rename(lock, aside)  # atomic: only one taker gets the stale file
    except FileNotFoundError:
        return take_lock(path)
    except OSError:
        return False
    moved = _parse_lock(aside.read_text(encoding="utf-8", errors="replace")) if aside.exists() else None
    if moved is not None and (moved.host, moved.pid, moved.started) != (stale.host, stale.pid, stale.started):
        with contextlib.suppress(OSError):
            os.link(aside, lock)  # it was a fresh lock: put it back unless another exists
        with contextlib.suppress(OSError):
            aside.unlink()
        return False
    with contextlib.suppress(OSError):
        aside.unlink()
    return take_lock(path)


def release_lock(path: Path | None) -> None:
    if path is None:
        return
    owner = lock_owner(path)
    if owner is not None and owner.ours:
        with contextlib.suppress(OSError):
            lock_path(path).unlink()


def is_writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK)
    return os.access(path.parent, os.W_OK)



@dataclass(frozen=True)
class WriteClaim:
    """The answer of :func:`claim_for_writing`: ``refusal`` is "" when the project may be written,
    else why not (Danish); ``taken`` is True when a stale lock was taken over for the write, and
    the caller releases it when done (:func:`release_lock`)."""

    refusal: str = ""
    taken: bool = False


def claim_for_writing(path: str | Path, take_over: bool) -> WriteClaim:
    """Before a command line write to the project ``path``: may it be written?

    * no lock, or our own: yes;
    * a live lock (another program is working in the project): always refused;
    * a stale lock (:meth:`LockInfo.stale_reason`): refused, naming :data:`TAKE_OVER_OPTION`, unless
      ``take_over`` is given; then it is taken over (:func:`take_over_lock`; refused if another
      program took it first) and held for the write.

    The GUI asks the same question in a dialogue before taking over a stale lock.
    """
    path = Path(path)
    owner = read_lock(path)
    if owner is None:
        return WriteClaim()
    reason = owner.stale_reason()
    if reason is None:
        return WriteClaim(
            f"Projektet {path.name} kan ikke skrives: filen er åben og låst af {owner.describe()}. "
            "Luk projektet dér (eller gem det), og prøv igen; en lås, som et kørende program har, "
            "kan ikke overtages. Projektfilen er uændret.")
    if not take_over:
        return WriteClaim(
            f"Projektet {path.name} kan ikke skrives: det er låst af {owner.describe()}, men låsen er "
            f"forladt ({reason}). Er du sikker på, at ingen arbejder i projektet, så overtag låsen ved "
            f"at gentage kommandoen med {TAKE_OVER_OPTION}. Projektfilen er uændret.")
    if not take_over_lock(path, owner):
        return WriteClaim(
            f"Projektet {path.name} kan ikke skrives: den forladte lås kunne ikke overtages (et andet "
            "program har taget den imens, eller låsefilen kan ikke fjernes). Projektfilen er uændret.")
    return WriteClaim(taken=True)


def write_claimed(path: str | Path, take_over: bool, write: Callable[[], None]) -> str:
    """Run ``write`` (a save of the project ``path``) when :func:`claim_for_writing` allows it,
    releasing a stale lock taken over for it afterwards. Returns the refusal ("" when written);
    the write's own errors pass through."""
    claim = claim_for_writing(path, take_over)
    if claim.refusal:
        return claim.refusal
    try:
        write()
    finally:
        if claim.taken:
            release_lock(Path(path))
    return ""
