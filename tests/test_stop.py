"""Stopping cleanly: SIGTERM mid-run, a killed parent's workers, one run per database."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.run import control
from tests.conftest import REPO
from tests.sites.server import make_site, stall
from tests.test_resume import stored, tables

__all__ = ["make_site"]

ARGS = ["--ner", "rules", "--batch-size", "1", "--quiet"]
LIMIT = 120


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """Twelve articles from corpus/dev2 (enough for a run to be stopped mid-way)."""
    folder = tmp_path_factory.mktemp("articles")
    files = sorted(p for p in (REPO / "corpus" / "dev2").iterdir() if p.suffix in (".txt", ".html"))
    for path in files[:12]:
        shutil.copy(path, folder / path.name)
    return folder


def start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *map(str, args)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    """Children of ``pid``, their children, and so on: workers forked by the pool's fork
    server are the run's grandchildren."""
    found, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def wait_for(condition, proc: subprocess.Popen, what: str) -> None:
    end = time.monotonic() + LIMIT
    while not condition():
        assert proc.poll() is None, f"the run ended before {what}: " + proc.stdout.read().decode()
        assert time.monotonic() < end, f"{what} never happened"
        time.sleep(0.02)


def runs(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select status, processed from runs order by id").fetchall()
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_mid_run_stops_cleanly_and_a_rerun_completes_identically(articles, tmp_path):
    reference = tmp_path / "reference.db"
    result = CliRunner().invoke(cli, ["run", str(articles), "--db", str(reference),
                                      "--workers", "1", *ARGS])
    assert result.exit_code == 0, result.output

    db = tmp_path / "stopped.db"
    proc = start(articles, "--db", db, "--workers", "2", *ARGS)
    wait_for(lambda: stored(db) >= 2, proc, "two articles were stored")
    wait_for(lambda: len(descendants(proc.pid)) >= 2, proc, "two workers were started")
    workers = descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    out = proc.communicate(timeout=LIMIT)[0].decode()
    assert time.monotonic() - sent < 10, "stopping took too long"
    assert proc.returncode == 143, out
    assert "SIGTERM: finishing what is done" in out
    assert "interrupted by SIGTERM: what is stored is kept" in out
    assert "Traceback" not in out
    (status, processed), = runs(db)
    assert status == "interrupted" and processed == stored(db) and 2 <= processed < 12
    time.sleep(0.5)
    assert alive(workers) == set(), "worker processes outlived the run"

    result = CliRunner().invoke(cli, ["run", str(articles), "--db", str(db), "--workers", "1",
                                      *ARGS])
    assert result.exit_code == 0, result.output
    assert runs(db)[1] == ("ok", 12 - processed)  # nothing stored twice, nothing lost
    assert tables(db) == tables(reference)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(articles, tmp_path):
    db = tmp_path / "killed.db"
    proc = start(articles, "--db", db, "--workers", "2", *ARGS)
    wait_for(lambda: stored(db) >= 1, proc, "an article was stored")
    wait_for(lambda: len(descendants(proc.pid)) >= 2, proc, "two workers were started")
    workers = descendants(proc.pid)
    proc.kill()  # SIGKILL: no handler runs, no clean-up in the parent
    proc.communicate(timeout=LIMIT)
    end = time.monotonic() + 10
    while alive(workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert alive(workers) == set(), "orphaned workers still running 10 s after the parent died"


def test_a_second_signal_stops_at_once(tmp_path):
    # a sleeping child under interruptible(): the first SIGTERM is caught, the second ends it
    code = ("import time\nfrom pipeline.run import control\n"
            "with control.interruptible():\n"
            "    try:\n        time.sleep(30)\n"
            "    except control.Interrupted:\n        print('caught', flush=True)\n"
            "        time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=10)[0].decode()
    assert proc.returncode == 143
    assert "caught" in out and "SIGTERM again: stopping now" in out


def test_a_second_run_on_a_locked_database_says_so_and_exits(articles, tmp_path):
    db = tmp_path / "locked.db"
    with control.database_lock(db):
        assert (tmp_path / "locked.db.lock").read_text() == f"{os.getpid()}\n"
        result = CliRunner().invoke(cli, ["run", str(articles), "--db", str(db), *ARGS])
    assert result.exit_code == 1
    assert result.output == (f"pantau: {db} is being written by another pantau run "
                             f"(pid {os.getpid()}); pass --wait to wait for it\n")
    assert not db.exists()  # refused before the database was even opened


def test_a_stale_lock_file_is_no_obstacle_and_wait_waits(articles, tmp_path):
    db = tmp_path / "stale.db"
    (tmp_path / "stale.db.lock").write_text("999999999\n")  # left by a run that was killed
    one = sorted(articles.iterdir())[:1]
    result = CliRunner().invoke(cli, ["run", *map(str, one), "--db", str(db), "--workers", "1",
                                      *ARGS])
    assert result.exit_code == 0, result.output

    held, released = threading.Event(), []

    def hold() -> None:
        with control.database_lock(db):
            held.set()
            time.sleep(1.0)
            released.append(time.monotonic())

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    result = CliRunner().invoke(cli, ["run", *map(str, one), "--db", str(db), "--workers", "1",
                                      "--wait", *ARGS])
    finished = time.monotonic()
    thread.join()
    assert result.exit_code == 0, result.output
    assert "waiting for the run" in result.output
    assert released and finished > released[0]


def test_stopping_the_client_cuts_a_stalled_request(make_site):
    from pipeline.crawl import fetch

    site = make_site()
    site.add("/robots.txt", b"", status=404)
    site.routes["/macet"] = stall(site, limit=20)
    client = fetch.Client(fetch.Policy(delay=0, timeout=30, allow_private=True))
    outcome = []

    def get() -> None:
        try:
            client.fetch(site.url("/macet"))
        except fetch.Stopped as exc:
            outcome.append(exc)

    thread = threading.Thread(target=get)
    thread.start()
    while "/macet" not in site.paths():
        time.sleep(0.01)
    started = time.monotonic()
    client.stop()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - started < 2
    assert [type(e) for e in outcome] == [fetch.Stopped]
