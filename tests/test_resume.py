"""A crawl killed with SIGKILL at any point, then run again, ends with the uninterrupted database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.conftest import REPO
from tests.dbdump import dump
from tests.sites.server import make_site

__all__ = ["make_site"]

ARGS = ["--allow-private", "--ner", "rules", "--workers", "1", "--delay", "0", "--backoff", "0.01",
        "--retries", "0", "--batch-size", "2", "--quiet"]
LIMIT = 120  # seconds any one wait may take before the test gives up


class Gate:
    """Holds the ``nth`` article request to these sites until released; says when it came."""

    def __init__(self, sites, nth: int):
        self.nth, self.count = nth, 0
        self.reached, self.release = threading.Event(), threading.Event()
        lock = threading.Lock()
        for site in sites:
            for path, route in list(site.routes.items()):
                if path.startswith("/berita/"):
                    def gated(h, route=route):
                        with lock:
                            self.count += 1
                            mine = self.count == self.nth
                        if mine:
                            self.reached.set()
                            self.release.wait(LIMIT)
                        route(h)
                    site.routes[path] = gated


def stored(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("select count(*) from articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def start(sources, db, warc_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--sources", str(sources), "--db", str(db),
         "--warc-dir", str(warc_dir), *ARGS],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def kill_when(proc: subprocess.Popen, ready) -> None:
    """SIGKILL ``proc`` as soon as ``ready()``; it must still be running then."""
    end = time.monotonic() + LIMIT
    while not ready():
        assert proc.poll() is None, proc.stdout.read().decode()
        assert time.monotonic() < end, "kill point never reached"
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(LIMIT)
    assert proc.returncode == -signal.SIGKILL


def tables(db) -> dict:
    conn = sqlite3.connect(db)
    try:
        bands = sorted(conn.execute("select article_id, band from article_bands").fetchall())
    finally:
        conn.close()
    return {**dump(db), "article_bands": bands}


@pytest.mark.slow
def test_killed_runs_resume_to_the_uninterrupted_database(make_site, tmp_path):
    sampit, banyuasin = make_site(), make_site()
    sampit.add_outlet("sampit")
    banyuasin.add_outlet("banyuasin")
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{sampit.base}/feed.xml\n{banyuasin.base}/\n"
                       f"{banyuasin.base}/sitemap_index.xml\n", encoding="utf-8")

    reference = tmp_path / "reference.db"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(reference),
                                      "--warc-dir", str(tmp_path / "reference-warc"), *ARGS])
    assert "8 extracted" in result.output, result.output

    db, warcs = tmp_path / "resumed.db", tmp_path / "warc"
    # 1: while a page is being fetched, before anything is stored
    gate = Gate([sampit], 2)
    proc = start(sources, db, warcs)
    kill_when(proc, gate.reached.is_set)
    gate.release.set()
    # 2: right after some articles were stored, with others fetched but not yet stored
    proc = start(sources, db, warcs)
    kill_when(proc, lambda: stored(db) >= 3)
    assert 3 <= stored(db) < 8
    # 3: in the middle of fetching what is left (gates stack: count from here)
    gate = Gate([sampit, banyuasin], 1)
    proc = start(sources, db, warcs)
    kill_when(proc, gate.reached.is_set)
    gate.release.set()
    # and a last run, left to finish (here: this process has the models loaded already)
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db),
                                      "--warc-dir", str(warcs), *ARGS])
    assert result.exit_code == 0, result.output
    assert tables(db) == tables(reference)

    # The WARC files of all four runs, cut-off records included, rebuild the same tables.
    rebuilt = tmp_path / "rebuilt.db"
    result = CliRunner().invoke(cli, ["reprocess", str(warcs), "--db", str(rebuilt),
                                      "--ner", "rules", "--workers", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert tables(rebuilt) == tables(reference)
    assert len(tables(reference)["articles"]) == 8
