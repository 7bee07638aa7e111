"""Stopping and sharing: signals turned into a clean stop, one writer per database.

cron, systemd and container runtimes stop a job with SIGTERM, people with Ctrl-C. While a
run is ``interruptible``, the first of either raises ``Interrupted`` in the main thread:
the run loop stops taking work, keeps what is stored, marks the run ``interrupted`` and
the CLI exits with 128 + the signal number (130, 143). A second signal ends the process
at once. Workers ignore both signals (the parent stops them) and end themselves when
their parent is gone, however it went (``watch_parent``).

``database_lock`` keeps a second ``pantau run`` off a database a run is writing: an
advisory ``flock`` on ``<db>.lock``, which the kernel releases when its holder dies, so a
lock left by a killed run is never in the way; the file names the holder's pid.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

from pipeline.errors import PantauError

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Raised in the main thread by SIGINT or SIGTERM; not an Exception, so nothing swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class Locked(PantauError):
    """{detail}"""


_held = threading.local()  # signals that arrived inside ``protected`` blocks, raised after


@contextlib.contextmanager
def protected() -> Iterator[None]:
    """A stretch a signal must not cut in two (an article stored and counted): Interrupted
    is raised when it ends instead."""
    depth = getattr(_held, "depth", 0)
    _held.depth = depth + 1
    try:
        yield
    finally:
        _held.depth = depth
        pending = getattr(_held, "pending", None)
        if depth == 0 and pending:
            _held.pending = None
            raise Interrupted(pending)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGINT/SIGTERM raise Interrupted once; a second one exits at once (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    hits: list[int] = []

    def handler(signum, frame):
        hits.append(signum)
        if len(hits) > 1:
            print(f"pantau: {signal.Signals(signum).name} again: stopping now", file=sys.stderr,
                  flush=True)
            os._exit(128 + signum)
        print(f"pantau: {signal.Signals(signum).name}: finishing what is done, then stopping "
              "(again to stop at once)", file=sys.stderr, flush=True)
        if getattr(_held, "depth", 0):
            _held.pending = signum  # raised when the protected stretch ends
            return
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def ignore_signals() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but the parent decides."""
    for s in SIGNALS:
        signal.signal(s, signal.SIG_IGN)


def watch_parent(interval: float = 1.0, parent: int | None = None) -> None:
    """End this process as soon as its parent is gone (also after a SIGKILL of the parent).

    ``parent`` is the run's pid when it is not our parent: a worker forked by the pool's
    fork server (``engine.worker_context``) is the server's child, and the server only ends
    once its workers have, so they watch the run itself (a pidfd where Linux has one, else
    a poll every ``interval`` seconds).
    """
    direct = parent is None or parent == os.getppid()
    parent = os.getppid() if parent is None else parent
    if direct and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the polling thread below still catches it
    if direct and os.getppid() != parent:  # gone before the prctl took effect
        os._exit(1)
    pidfd = None
    if not direct:
        try:
            pidfd = os.pidfd_open(parent)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):
            pidfd = None  # no pidfd here: poll

    def gone() -> bool:
        if direct:
            return os.getppid() != parent
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def poll() -> None:
        if pidfd is not None:
            import select

            select.select([pidfd], [], [])  # readable once the process has ended
            os._exit(1)
        while True:
            time.sleep(interval)
            if gone():
                os._exit(1)

    threading.Thread(target=poll, name="pantau-parent-watch", daemon=True).start()


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


@contextlib.contextmanager
def database_lock(db_path: str | Path, wait: bool = False) -> Iterator[None]:
    """Hold ``<db>.lock`` for the duration; Locked when another run holds it (unless ``wait``)."""
    import fcntl

    path = Path(f"{db_path}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise Locked(f"{db_path} is being written by another pantau run{_holder(path)}; "
                             "pass --wait to wait for it") from None
            print(f"pantau: waiting for the run{_holder(path)} writing {db_path}",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
