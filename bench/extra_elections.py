"""Election records an election article gets beyond its gold, sorted by kind.

Issue 10 item 4 wants election records only for the election an article is about, not
for a passing mention of another one. This counts, on gold sets scored by
``pantau eval --json``, the (type, year) records of Indonesian election-topic articles
that the gold does not list, by kind: a yearless copy of an election the gold lists, a
yearless umbrella (Pilkada) the gold leaves out, an umbrella Pilkada of the same year,
another type of the same year, another year. The last three are where passing mentions
of another election show up; which of them are passing mentions needs a reader (see
NOTES-topic.md for the reading on the dev sets).

    PYTHONPATH=$PWD python -m pipeline eval --gold corpus/stream/gold --ner rules \\
        --json /tmp/ev/stream.json
    PYTHONPATH=$PWD python -m bench.extra_elections corpus/stream/gold=/tmp/ev/stream.json ...
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from pipeline.quality.evaluate import load_gold
from pipeline.quality.topics import ELECTION, gold_topic
from pipeline.records import ELECTION_TOPICS


def kind_of(type_: str, year: int | None, gold: set[tuple]) -> str | None:
    """Why a predicted (type, year) is not in the gold's set (None: it is)."""
    if (type_, year) in gold:
        return None
    types, years = {t for t, _ in gold}, {y for _, y in gold}
    if year is None:
        return "yearless copy of a gold election" if type_ in types else "yearless, other type"
    if year in years:
        return "umbrella Pilkada of a gold year" if type_ == "Pilkada" else "same year, other type"
    return "another year"


def extras(gold_dir: Path, report: dict) -> tuple[int, list[tuple[str, str, str, int | None]]]:
    """(election articles, [(kind, source, type, year)]) for one scored gold set."""
    golds = {g.source: g.data for g in load_gold(gold_dir)}
    n, out = 0, []
    for a in report["articles"]:
        g = golds[a["source"]]
        if g.get("lang", "id") != "id" or gold_topic(g) not in (ELECTION, *ELECTION_TOPICS):
            continue
        n += 1
        listed = {(e["type"], e["year"]) for e in g["elections"]}
        seen = set()
        for type_, year, _ in (a["differences"].get("elections") or {}).get("extra", []):
            kind = kind_of(type_, year, listed)
            if kind and (type_, year) not in seen:
                seen.add((type_, year))
                out.append((kind, a["source"], type_, year))
    return n, out


def main(pairs: list[str]) -> None:
    total, rows = 0, []
    for pair in pairs:
        gold_dir, _, json_path = pair.partition("=")
        n, found = extras(Path(gold_dir), json.loads(Path(json_path).read_text(encoding="utf-8")))
        total += n
        rows += found
    kinds = Counter(k for k, *_ in rows)
    print(f"{total} Indonesian election-topic articles")
    for kind, count in kinds.most_common():
        articles = len({s for k, s, *_ in rows if k == kind})
        print(f"  {kind}: {count} records in {articles} articles")
    for kind, source, type_, year in sorted(rows):
        if not kind.startswith("yearless copy"):
            print(f"  {kind:<32} {type_} {year}  {source}")


if __name__ == "__main__":
    main(sys.argv[1:])
