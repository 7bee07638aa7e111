"""pantau's benchmark: each stage alone and end to end, 1 and 2 workers, in one run.

    python -m bench.run --articles 1000          # or: make bench

Every measurement runs in a fresh subprocess so its peak RSS is its own. Prints a
table and writes JSON to outputs/bench/. Targets (issue #6) are reported as ratios
measured in the same run, never asserted in the test suite: timings flake on a busy
machine, ratios taken side by side do not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("extract", "ner", "rules", "store")
TARGETS = {"articles_per_s": 20.0, "peak_rss_mb_per_worker": 1536.0, "overhead": 0.15,
           "scaling_2w": 1.7}


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def measure(stage: str, corpus: Path, ner: str, workers: int) -> dict:
    """Run one measurement in this process (called in a fresh subprocess)."""
    from pipeline.run import engine

    engine.limit_threads()
    from pipeline.analysis import assemble
    from pipeline import extract
    from pipeline.crawl import inputs
    from pipeline.run import process
    from pipeline.storage import store
    from pipeline.ner import get_tagger
    from pipeline.analysis.nlp import make_doc
    from pipeline.analysis.rules import apply_rules

    paths = list(inputs.iter_files([corpus]))
    n = len(paths)
    tmp = Path(tempfile.mkdtemp())
    if stage == "trafilatura":  # the yardstick: bare trafilatura.extract of the same pages
        import trafilatura

        pages = [p.read_text(encoding="utf-8") for p in paths]
        t0 = time.perf_counter()
        for html in pages:
            trafilatura.extract(html)
        return {"stage": stage, "workers": 1, "articles": n, "seconds": time.perf_counter() - t0,
                "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_SELF)}
    if stage == "e2e":
        from bench.stream import _PeakRss

        db = store.open_db(tmp / "e2e.db")
        sampler = _PeakRss()  # workers forked by the pool's fork server are not our children
        t0 = time.perf_counter()
        summary = process.run(db, iter(paths), ner=ner, workers=workers, echo=lambda s: None)
        seconds = time.perf_counter() - t0
        assert summary.processed == n, summary.counts()
        below = max(_peak_rss_mb(resource.RUSAGE_CHILDREN), sampler.stop())
        rss = max(_peak_rss_mb(resource.RUSAGE_SELF), below)
        return {"stage": stage, "workers": workers, "articles": n, "seconds": seconds,
                "peak_rss_mb": rss,
                "peak_rss_mb_per_worker": below if workers > 1
                else _peak_rss_mb(resource.RUSAGE_SELF)}

    # Stages alone: the inputs a stage needs are prepared first, outside the clock.
    articles = [extract.read_article(p) for p in paths] if stage != "extract" else []
    tagger = get_tagger(ner) if stage in ("ner", "rules", "store") else None
    docs = tagger.tag([make_doc(a) for a in articles]) if stage in ("rules", "store") else []
    extractions = [assemble.build_extraction(d, apply_rules(d)) for d in docs] if stage == "store" else []
    t0 = time.perf_counter()
    if stage == "extract":
        for p in paths:
            extract.read_article(p)
    elif stage == "ner":
        for i in range(0, n, 16):
            tagger.tag([make_doc(a) for a in articles[i : i + 16]])
    elif stage == "rules":
        for d in docs:
            assemble.build_extraction(d, apply_rules(d))
    elif stage == "store":
        db = store.open_db(tmp / "store.db")
        for ex in extractions:
            store.save_extraction(db, ex, None)
    seconds = time.perf_counter() - t0
    return {"stage": stage, "workers": 1, "articles": n, "seconds": seconds,
            "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_SELF)}


def _subprocess(stage: str, corpus: Path, ner: str, workers: int, engine: str | None = None) -> dict:
    from pipeline.analysis.ner_fast import DEFAULT_ENGINE
    from pipeline.ner import ENGINE_VAR

    engine = engine or DEFAULT_ENGINE
    out = subprocess.run(
        [sys.executable, "-m", "bench.run", "--one", stage, "--corpus", str(corpus),
         "--ner", ner, "--workers", str(workers)],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env=dict(os.environ, **{ENGINE_VAR: engine}),
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]), engine=engine)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="corpus size (100-10000)")
    parser.add_argument("--ner", default="auto", help="auto | stanza | rules")
    parser.add_argument("--out", default=str(ROOT / "outputs" / "bench"))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--old", default="stanza",
                        help="NER engine measured beside the default one (stanza = the old path; "
                             "'' to skip)")
    args = parser.parse_args(argv)

    if args.one:  # child mode: one measurement, JSON on the last line
        print(json.dumps(measure(args.one, Path(args.corpus), args.ner, args.workers)))
        return {}

    from bench.corpus import build
    from pipeline.ner import describe

    corpus = Path(args.out) / "corpus" / f"n{args.articles}"
    build(corpus, args.articles)
    rows = [_subprocess(s, corpus, args.ner, 1) for s in STAGES]
    rows += [_subprocess("e2e", corpus, args.ner, w) for w in (1, 2)]
    rows.append(_subprocess("trafilatura", corpus, args.ner, 1))
    if args.old:  # the old NER path, same corpus, same run
        rows += [_subprocess("ner", corpus, args.ner, 1, args.old)]
        rows += [_subprocess("e2e", corpus, args.ner, w, args.old) for w in (1, 2)]
    new = rows[0]["engine"]
    by = {(r["stage"], r["workers"]): r for r in rows if r["engine"] == new}
    old = {(r["stage"], r["workers"]): r for r in rows if r["engine"] != new}
    stage_sum = sum(by[(s, 1)]["seconds"] for s in STAGES)
    e2e1, e2e2 = by[("e2e", 1)], by[("e2e", 2)]
    derived = {
        "articles_per_s_1w": args.articles / e2e1["seconds"],
        "articles_per_s_2w": args.articles / e2e2["seconds"],
        "overhead": e2e1["seconds"] / stage_sum - 1,
        "scaling_2w": e2e1["seconds"] / e2e2["seconds"],
        "peak_rss_mb_per_worker": max(e2e1["peak_rss_mb_per_worker"], e2e2["peak_rss_mb_per_worker"]),
        # pantau with 2 workers against bare trafilatura.extract on one core (issue 13: <= 3x)
        "e2e_2w_over_trafilatura": e2e2["seconds"] / by[("trafilatura", 1)]["seconds"],
    }
    if old:
        derived.update({
            "old_engine": args.old,
            "ner_speedup": old[("ner", 1)]["seconds"] / by[("ner", 1)]["seconds"],
            "e2e_1w_speedup": old[("e2e", 1)]["seconds"] / e2e1["seconds"],
            "e2e_2w_speedup": old[("e2e", 2)]["seconds"] / e2e2["seconds"],
            "old_e2e_2w_over_trafilatura": old[("e2e", 2)]["seconds"] / by[("trafilatura", 1)]["seconds"],
        })
    report = {
        "articles": args.articles, "ner": describe(args.ner),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "processor": platform.processor()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rows": rows, "derived": derived,
        "targets": TARGETS,
    }
    _print(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"bench-{args.articles}.json").write_text(json.dumps(report, indent=2))
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    return report


def _print(report: dict) -> None:
    n = report["articles"]
    print(f"pantau bench: {n} articles, NER {report['ner']}, {report['machine']['cpus']} CPUs")
    print(f"{'stage':<12}{'NER path':<10}{'workers':>8}{'seconds':>10}{'articles/s':>12}{'peak RSS MB':>13}")
    for r in report["rows"]:
        print(f"{r['stage']:<12}{r.get('engine', '-'):<10}{r['workers']:>8}{r['seconds']:>10.2f}"
              f"{n / r['seconds']:>12.1f}{r['peak_rss_mb']:>13.0f}")
    d, t = report["derived"], report["targets"]

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(f"end to end, 2 workers: {d['articles_per_s_2w']:.1f} articles/s "
          f"(target >= {t['articles_per_s']:.0f}: {mark(d['articles_per_s_2w'] >= t['articles_per_s'])})")
    print(f"pipeline overhead over the stages alone: {d['overhead']:+.1%} "
          f"(target <= {t['overhead']:.0%}: {mark(d['overhead'] <= t['overhead'])})")
    print(f"scaling 1 -> 2 workers: {d['scaling_2w']:.2f}x "
          f"(target >= {t['scaling_2w']}x: {mark(d['scaling_2w'] >= t['scaling_2w'])})")
    print(f"peak RSS per worker: {d['peak_rss_mb_per_worker']:.0f} MB "
          f"(target <= {t['peak_rss_mb_per_worker']:.0f}: "
          f"{mark(d['peak_rss_mb_per_worker'] <= t['peak_rss_mb_per_worker'])})")
    print(f"2 workers / bare trafilatura (1 core): {d['e2e_2w_over_trafilatura']:.2f}x")
    if "ner_speedup" in d:
        print(f"new NER path / old ({d['old_engine']}): NER {d['ner_speedup']:.2f}x, end to end "
              f"{d['e2e_1w_speedup']:.2f}x (1 worker), {d['e2e_2w_speedup']:.2f}x (2 workers); "
              f"old path 2 workers / trafilatura {d['old_e2e_2w_over_trafilatura']:.2f}x")


if __name__ == "__main__":
    main()
