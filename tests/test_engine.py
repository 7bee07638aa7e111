"""Serial, process-pool and Ray runs store exactly the same database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.dbdump import dump

ARTICLE = """Kapolsek {place} Koordinasi Dengan PPK

Kapolsek {place} AKP Budi Santoso mengunjungi kantor PPK Kecamatan {place}, Selasa 06 Oktober 2020.
Kecamatan {place} memiliki 63 TPS dengan DPT sejumlah 18.452 pemilih untuk Pilkada 2020.
"""
PLACES = ["Betung", "Koja", "Sampit", "Pangarengan", "Seruyan Hilir", "Kelumpang Tengah"]
# Gated out by every engine alike: police news with no election, and a page in English.
GATED = {
    "police.txt": "Polsek Betung Tangkap Pencuri Motor\n\nUnit Reskrim Polsek Betung menangkap "
                  "seorang pencuri sepeda motor di pasar, Selasa 06 Oktober 2020. Kapolsek "
                  "Betung AKP Budi Santoso mengatakan tersangka ditangkap bersama barang bukti.\n",
    "english.txt": "Police arrest motorcycle thief\n\nPolice arrested a man suspected of "
                   "stealing a motorcycle at the market on Tuesday, the district police chief "
                   "said, adding that officers are still looking for a second man.\n",
}


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for i, place in enumerate(PLACES):
        (d / f"{i:02}.txt").write_text(ARTICLE.format(place=place), encoding="utf-8")
    for name, text in GATED.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")  # one failure rides along
    return d


def _run(corpus, db, *args):
    result = CliRunner().invoke(cli, ["run", str(corpus), "--db", str(db), "--ner", "rules", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_pool_run_equals_serial_run(corpus, tmp_path):
    _run(corpus, tmp_path / "serial.db", "--workers", "1")
    # batch size 1 makes more batches than the pool's window, so the pool really starts
    out = _run(corpus, tmp_path / "pool.db", "--workers", "2", "--batch-size", "1")
    assert "8 processed (2 gated out" in out and "1 failed" in out
    assert dump(tmp_path / "pool.db") == dump(tmp_path / "serial.db")
    assert len(dump(tmp_path / "serial.db")["articles"]) == len(PLACES) + len(GATED)


def test_rerun_in_pool_skips_everything(corpus, tmp_path):
    _run(corpus, tmp_path / "p.db", "--workers", "2", "--batch-size", "1")
    out = _run(corpus, tmp_path / "p.db", "--workers", "2", "--batch-size", "1")
    assert "0 processed, 8 unchanged" in out


@pytest.mark.slow
def test_ray_run_equals_local_run(corpus, tmp_path):
    pytest.importorskip("ray")
    _run(corpus, tmp_path / "local.db", "--workers", "1")
    out = _run(corpus, tmp_path / "ray.db", "--workers", "2", "--engine", "ray")
    assert "8 processed (2 gated out, stored only: 1 not in an analysed language, " \
        "1 not election news)" in out
    assert dump(tmp_path / "ray.db") == dump(tmp_path / "local.db")


def test_pool_workers_see_the_runs_environment(corpus, monkeypatch):
    """Workers are forked from a server started once per process (engine.worker_context):
    a setting the run changes afterwards must still reach them, as with spawned workers."""
    from pipeline.records import Failure
    from pipeline.run import engine

    batches = [[p] for p in sorted(corpus.glob("0*.txt"))]  # 6 > the window of 4: a pool
    assert len(batches) > 2 * 2

    def results():
        return [r for _, rs in engine.map_batches(iter(batches), "rules", None, 2) for r in rs]

    assert not any(isinstance(r, Failure) for r in results())
    monkeypatch.setenv("PANTAU_MAX_TEXT_CHARS", "10")
    after = results()
    assert after and all(isinstance(r, Failure) and "too long" in r.reason for r in after), after


def test_prefetch_extracts_here_until_the_server_is_ready(corpus):
    """While the fork server preloads, the run's own process extracts local files
    (engine.prefetch): in input order, the same Articles a worker would make, and only
    until the server is ready (or the limit), so workers get the rest as paths."""
    from pathlib import Path

    from pipeline.records import Article, Failure
    from pipeline.run import engine

    paths = sorted(corpus.glob("*.txt"))  # 9 files, one empty (a failure)
    batches = [paths[i:i + 2] for i in range(0, len(paths), 2)]
    checks = iter([False] * 4 + [True] * 100)  # ready after four checks
    rest = iter(batches)
    done = engine.prefetch(rest, lambda: next(checks), limit=10)
    flat = [item for batch in done for item in batch]
    assert [len(b) for b in done] == [len(b) for b in batches[:len(done)]]
    extracted = [x for x in flat if not isinstance(x, Path)]
    assert extracted and any(isinstance(x, Path) for x in flat)  # stopped once ready
    assert flat[:len(extracted)] == [engine.prepare(p) for p in paths[:len(extracted)]]
    assert all(isinstance(x, (Article, Failure)) for x in extracted)
    assert list(rest) == batches[len(done):]  # nothing skipped, nothing repeated
    # never ready: at most ``limit`` batches, the rest left to the pool untouched
    rest = iter(batches)
    assert len(engine.prefetch(rest, lambda: False, limit=2)) == 2
    assert next(rest) == batches[2]
    # ready from the start (a warm server, or spawned workers): nothing is taken
    rest = iter(batches)
    assert engine.prefetch(rest, lambda: True, limit=10) == [] and next(rest) == batches[0]


def test_fork_server_says_when_it_is_ready():
    """pipeline.run.warm touches PANTAU_WARM_READY's file once the preload is done."""
    import multiprocessing
    import time

    from pipeline.run import engine

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server here")
    ready = engine.start_server(engine.worker_context())
    deadline = time.monotonic() + 120
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ready()
    assert engine.start_server(multiprocessing.get_context("spawn"))()  # nothing to wait for
