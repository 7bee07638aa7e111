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
    if stage == "e2e":
        db = store.open_db(tmp / "e2e.db")
        t0 = time.perf_counter()
        summary = process.run(db, iter(paths), ner=ner, workers=workers, echo=lambda s: None)
        seconds = time.perf_counter() - t0
        assert summary.processed == n, summary.counts()
        rss = max(_peak_rss_mb(resource.RUSAGE_SELF), _peak_rss_mb(resource.RUSAGE_CHILDREN))
        return {"stage": stage, "workers": workers, "articles": n, "seconds": seconds,
                "peak_rss_mb": rss,
                "peak_rss_mb_per_worker": _peak_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1
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


def _subprocess(stage: str, corpus: Path, ner: str, workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.run", "--one", stage, "--corpus", str(corpus),
         "--ner", ner, "--workers", str(workers)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="corpus size (100-10000)")
    parser.add_argument("--ner", default="auto", help="auto | stanza | rules")
    parser.add_argument("--out", default=str(ROOT / "outputs" / "bench"))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
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
    by = {(r["stage"], r["workers"]): r for r in rows}
    stage_sum = sum(by[(s, 1)]["seconds"] for s in STAGES)
    e2e1, e2e2 = by[("e2e", 1)], by[("e2e", 2)]
    derived = {
        "articles_per_s_1w": args.articles / e2e1["seconds"],
        "articles_per_s_2w": args.articles / e2e2["seconds"],
        "overhead": e2e1["seconds"] / stage_sum - 1,
        "scaling_2w": e2e1["seconds"] / e2e2["seconds"],
        "peak_rss_mb_per_worker": max(e2e1["peak_rss_mb_per_worker"], e2e2["peak_rss_mb_per_worker"]),
    }
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
    print(f"{'stage':<10}{'workers':>8}{'seconds':>10}{'articles/s':>12}{'peak RSS MB':>13}")
    for r in report["rows"]:
        print(f"{r['stage']:<10}{r['workers']:>8}{r['seconds']:>10.2f}"
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


if __name__ == "__main__":
    main()
