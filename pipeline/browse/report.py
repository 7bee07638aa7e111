"""A plain-text digest of what the database holds (what `make run` prints at the end)."""

from __future__ import annotations

from typing import Iterator

import sqlite_utils

from pipeline.browse.export import article_records


def _official(o: dict) -> str:
    parts = [o["position"], o["rank"], o["name"]]
    text = " ".join(p for p in parts if p)
    return f"{text} ({o['org']})" if o.get("org") else text


def lines(db: sqlite_utils.Database, limit: int | None = None) -> Iterator[str]:
    """One block per article: officials, events, elections and figures, then totals."""
    n = 0
    for rec in article_records(db):
        n += 1
        if limit is not None and n > limit:
            continue
        yield f"* {rec['title'] or rec['source']}  [{rec['published'] or 'no date'}]"
        if rec["officials"]:
            yield "    officials: " + "; ".join(_official(o) for o in rec["officials"])
        for e in rec["events"]:
            yield (f"    event: {e['type']} on {e['date'] or '?'}"
                   + (f" at {e['place']}" if e["place"] else "")
                   + (f" ({e['election']})" if e["election"] else ""))
        if rec["elections"]:
            yield "    elections: " + ", ".join(
                f"{e['type']} {e['year'] or ''}".strip() + (f" voting {e['date']}" if e["date"] else "")
                for e in rec["elections"]
            )
        figures = [f"{k.split('_')[0].upper()} {rec[k]}" for k in ("tps_count", "dpt_count") if rec[k]]
        if figures:
            yield "    figures: " + ", ".join(figures)
        if rec["needs_review"]:
            yield "    review: " + ", ".join(rec["review_reasons"])
    if limit is not None and n > limit:
        yield f"... and {n - limit} more articles"
    totals = {t: db[t].count for t in ("articles", "officials", "people", "events", "failures")}
    yield "totals: " + ", ".join(f"{v} {k}" for k, v in totals.items())
