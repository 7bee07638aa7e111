"""Old vs new extraction: every Article field on every page, and CPU ms/page interleaved.

    python -m bench.extract_ab fields [--old main]          # real, corpus and bench pages
    python -m bench.extract_ab speed [--old main] [--pages 300] [--rounds 4]

``--old`` is a git revision whose pipeline/extract.py is loaded next to this tree's (the
rest of the package is this tree's). ``fields`` prints each differing field and a count
per page set (error messages compared too). ``speed`` times bare ``trafilatura.extract``,
the old and the new ``extract_html`` over the same stream-bench pages in one process,
rounds interleaved, and prints process CPU medians (warm caches: the loops repeat pages).
The stream-bench pages are outputs/bench/stream/n600 (``python -m bench.stream`` builds
them). The unseen sets (heldout3-6, stream_heldout2) are never read.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNSEEN = {"heldout3", "heldout4", "heldout5", "heldout6", "stream_heldout2"}
BENCH_PAGES = ROOT / "outputs" / "bench" / "stream" / "n600"


def load_old(rev: str):
    source = subprocess.run(["git", "show", f"{rev}:pipeline/extract.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_extract.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_extract", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_extract"] = module
    spec.loader.exec_module(module)
    return module


def page_sets() -> dict[str, list[Path]]:
    corpus = [p for p in sorted((ROOT / "corpus").rglob("*.htm*"))
              if not UNSEEN & set(p.relative_to(ROOT / "corpus").parts)]
    return {"real": sorted((ROOT.parent / "shared" / "data" / "html").rglob("*.htm*")),
            "corpus": corpus, "bench": sorted(BENCH_PAGES.glob("*.html"))}


def fields(old, new) -> int:
    from pipeline.errors import ExtractionError

    def run(module, path):
        try:
            return dataclasses.asdict(module.read_article(path))
        except ExtractionError as exc:
            return {"error": str(exc)}

    total = 0
    for name, paths in page_sets().items():
        counts, pages = Counter(), 0
        for path in paths:
            a, b = run(old, path), run(new, path)
            differ = [f for f in sorted(set(a) | set(b)) if a.get(f) != b.get(f)]
            pages += bool(differ)
            for f in differ:
                counts[f] += 1
                print(f"DIFF {path} {f}: {a.get(f)!r:.100} -> {b.get(f)!r:.100}")
        print(f"{name}: {len(paths)} pages, {pages} differ, fields {dict(counts)}")
        total += pages
    return total


def speed(old, new, n: int, rounds: int) -> None:
    import trafilatura

    datas = [p.read_bytes() for p in sorted(BENCH_PAGES.glob("*.html"))[:n]]
    if not datas:
        raise SystemExit(f"no pages in {BENCH_PAGES}: run python -m bench.stream first")
    runs = {"bare": trafilatura.extract, "old": lambda d: old.extract_html(d, "x"),
            "new": lambda d: new.extract_html(d, "x")}
    ms: dict[str, list[float]] = {k: [] for k in runs}
    for r in range(rounds):
        for k in (list(runs) if r % 2 == 0 else list(runs)[::-1]):
            start = time.process_time()
            for d in datas:
                runs[k](d)
            ms[k].append((time.process_time() - start) / len(datas) * 1e3)
        print(f"round {r}: " + "  ".join(f"{k} {v[-1]:.2f}" for k, v in ms.items()), flush=True)
    med = {k: statistics.median(v) for k, v in ms.items()}
    print(f"median CPU ms/page over {len(datas)} pages: "
          + "  ".join(f"{k} {v:.2f}" for k, v in med.items())
          + f"  new/old {med['new'] / med['old']:.3f}  new/bare {med['new'] / med['bare']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["fields", "speed"])
    ap.add_argument("--old", default="main", help="git revision of the old extract.py")
    ap.add_argument("--pages", type=int, default=300, help="bench pages timed (speed)")
    ap.add_argument("--rounds", type=int, default=4, help="interleaved rounds (speed)")
    args = ap.parse_args(argv)
    from pipeline import extract as new

    old = load_old(args.old)
    if args.what == "fields":
        return 1 if fields(old, new) else 0
    speed(old, new, args.pages, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
