"""Score pipeline.extract on the 30 real pages in ../shared/data/html/indonesian-news-pages.

Body: token-level bag-of-words F1 against expected.jsonl (lower-cased \\w+ tokens).
Title: exact match after normalisation. Date: published == expected ISO date.
List pages: how many of the main pages (and feeds) are refused as "no article".

Example:
    .venv/bin/python bench/extract_eval.py            # all settings, summary table
    .venv/bin/python bench/extract_eval.py --pages    # plus per-page F1 of the chosen settings
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.errors import ExtractionError  # noqa: E402
from pipeline.extract import SETTINGS, Settings, extract_html  # noqa: E402
from pipeline.text import normalize  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "html" / "indonesian-news-pages"

CANDIDATES = {
    "balanced (trafilatura default)": Settings("balanced", None, clean=False, site_free_titles=False),
    "precision": Settings("precision", None, clean=False, site_free_titles=False),
    "recall": Settings("recall", None, clean=False, site_free_titles=False),
    "balanced + cleanup": Settings("balanced", None),
    "recall + cleanup": Settings("recall", None),
    "precision + cleanup": Settings("precision", None),
    "precision, fast, + cleanup and fallback": Settings(fast=True),
    "precision + cleanup, balanced fallback (chosen)": SETTINGS,
}


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", normalize(text).lower()))


def f1(got: str, want: str) -> float:
    """Bag-of-words F1 of two texts."""
    g, w = tokens(got), tokens(want)
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * p * r / (p + r)


def load_expected(data: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in (data / "expected.jsonl").read_text("utf-8").splitlines() if line]


def score(settings: Settings, data: Path = DATA, repeat: int = 1) -> dict:
    """Scores of one settings choice over all pages (time: best of ``repeat`` runs)."""
    rows, times = [], []
    for exp in load_expected(data):
        raw = (data / exp["page"]).read_bytes()
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                art = extract_html(raw, exp["page"], settings=settings)
            except ExtractionError as exc:
                art, err = None, exc.message
            else:
                err = None
            best = min(best, time.perf_counter() - start)
        times.append(best)
        rows.append({
            "page": exp["page"],
            "f1": f1(art.body, exp["body"]) if art else 0.0,
            "title": bool(art) and art.title == normalize(exp["title"]),
            "date": bool(art) and art.published == exp["published"],
            "got_title": art.title if art else err,
        })
    refused = 0
    mains = main_pages(data)
    for page in mains:
        try:
            extract_html(page.read_bytes(), page.name, settings=settings)
        except ExtractionError:
            refused += 1
    return {
        "rows": rows,
        "f1": statistics.mean(r["f1"] for r in rows),
        "f1_min": min(r["f1"] for r in rows),
        "title": sum(r["title"] for r in rows),
        "date": sum(r["date"] for r in rows),
        "n": len(rows),
        "refused": refused,
        "mains": len(mains),
        "ms": 1000 * statistics.median(times),
        "ms_max": 1000 * max(times),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", action="store_true", help="per-page rows for the chosen settings")
    ap.add_argument("--repeat", type=int, default=3, help="time each page as the best of N runs")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"{DATA} is absent", file=sys.stderr)
        return 1
    print("| settings | mean body F1 | min F1 | title exact | date | main pages refused | median ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    chosen = None
    for name, settings in CANDIDATES.items():
        s = score(settings, repeat=args.repeat)
        if settings == SETTINGS:
            chosen = s
        print(f"| {name} | {s['f1']:.3f} | {s['f1_min']:.3f} | {s['title']}/{s['n']} | {s['date']}/{s['n']} "
              f"| {s['refused']}/{s['mains']} | {s['ms']:.0f} | {s['ms_max']:.0f} |")
    print()
    print("Raw trafilatura on the main pages (text returned, no pantau checks):")
    for mode in ("balanced", "precision", "recall"):
        print(f"  {mode:9} {raw_main_page_texts(mode)}/{chosen['mains'] if chosen else '?'}")
    if args.pages and chosen:
        print()
        for r in chosen["rows"]:
            print(f"{r['page']:34} F1 {r['f1']:.3f} title {'ok ' if r['title'] else 'BAD'} "
                  f"date {'ok ' if r['date'] else 'BAD'} {r['got_title']}")
        print()
        for page in main_pages():
            try:
                extract_html(page.read_bytes(), page.name)
                print(f"{page.name:34} ACCEPTED (should be refused)")
            except ExtractionError as exc:
                print(f"{page.name:34} refused: {exc.message}")
    return 0


def main_pages(data: Path = DATA) -> list[Path]:
    """The pages without an expected article: home, index pages and feeds."""
    expected_pages = {e["page"] for e in load_expected(data)}
    return sorted(p for p in (data / "pages").glob("*.html") if f"pages/{p.name}" not in expected_pages)


def raw_main_page_texts(mode: str, data: Path = DATA) -> int:
    """How many main pages trafilatura alone returns some text for."""
    import trafilatura

    found = 0
    for page in main_pages(data):
        doc = trafilatura.bare_extraction(
            page.read_bytes(), favor_precision=mode == "precision", favor_recall=mode == "recall"
        )
        found += bool(doc and doc.text and doc.text.strip())
    return found


if __name__ == "__main__":
    sys.exit(main())
