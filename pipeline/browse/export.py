"""Exports for R/pandas users: one JSON object per article or per incident (with its
reports), or one CSV per table (incidents and incident_reports included)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator, TextIO

import sqlite_utils

from pipeline.storage.store import ARTICLE_TABLES

CSV_TABLES = ("articles", "people", *ARTICLE_TABLES, "event_officials", "incidents",
              "incident_reports", "runs", "failures")
_INCIDENT_LISTS = ("dates", "police_units", "election_bodies", "other_units", "officials", "flags")


def _loads(value: str | None) -> list:
    return json.loads(value) if value else []


def article_records(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """One dict per article with everything found in it (the JSONL export)."""

    def rows(table: str, aid: str, order: str = "start") -> list[dict[str, Any]]:
        return list(db[table].rows_where("article_id = ?", [aid], order_by=order))

    for a in db["articles"].rows_where(order_by="source"):
        aid = a["id"]
        counts = rows("counts", aid)

        def best(kind: str) -> int | None:
            # The most confident stated total (candidates never); a conflict shows up in
            # count_candidates.
            values = [c for c in counts if c["kind"] == kind and "candidate" not in _loads(c["flags"])]
            if not values:
                return None
            return max(values, key=lambda c: (c["confidence"], c["value"]))["value"]

        yield {
            "id": aid,
            "source": a["source"],
            "url": a["url"],
            "title": a["title"],
            "published": a["published"],
            "site": a["site"],
            "author": a["author"],
            "lang": a.get("lang"),
            "topic": a.get("topic"),
            "topic_score": a.get("topic_score"),
            "analysed": a.get("gate") is None,
            "officials": [
                {"name": o["name"], "rank": o["rank"], "position": o["position"],
                 "position_written": o.get("position_written"), "org": o["org"], "titles": _loads(o["titles"]), "role": o["role"],
                 "confidence": o["confidence"]}
                for o in rows("officials", aid)
            ],
            "event_dates": sorted(
                {d["date"] for d in rows("dates", aid) if d["kind"] == "event"}
            ),
            "dates": [
                {"date": d["date"], "kind": d["kind"], "time": d["time"],
                 "evidence": d["evidence"], "flags": _loads(d["flags"])}
                for d in rows("dates", aid)
            ],
            "elections": [
                {"type": e["type"], "year": e["year"], "date": e["date"], "region": e["region"]}
                for e in rows("elections", aid)
            ],
            "tps_count": best("tps"),
            "dpt_count": best("dpt"),
            "count_candidates": [
                {"kind": c["kind"], "value": c["value"], "scope": c["scope"],
                 "confidence": c["confidence"], "evidence": c["evidence"],
                 "flags": _loads(c["flags"])}
                for c in counts
            ],
            "locations": [
                {"level": p["level"], "name": p["name"], "code": p["code"]}
                for p in rows("places", aid)
            ],
            "organizations": [
                {"kind": o["kind"], "name": o["name"], "place": o["place"], "sector": o["sector"]}
                for o in rows("organizations", aid)
            ],
            "events": [
                {"type": e["type"], "date": e["date"], "place": e["place"],
                 "election": e["election"], "organizations": _loads(e["organizations"]),
                 "officials": _loads(e["officials"]), "confidence": e["confidence"]}
                for e in rows("events", aid)
            ],
            "needs_review": bool(a["needs_review"]),
            "review_reasons": _loads(a["review_reasons"]),
        }


def incident_records(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """One dict per incident, its JSON lists decoded, with every report that tells it."""
    for i in db.query("select * from incidents order by coalesce(date, '9999'), id"):
        reports = db.query(
            "select r.article_id, r.event_id, r.reasons, a.title, a.url, a.source, a.site, "
            "a.published, e.type, e.date, e.place, e.evidence from incident_reports r "
            "join articles a on a.id = r.article_id left join events e on e.id = r.event_id "
            "where r.incident_id = ? order by a.published, a.id", [i["id"]])
        yield {
            **{k: (_loads(v) if k in _INCIDENT_LISTS else v) for k, v in i.items()},
            "report_list": [
                {"article_id": r["article_id"], "event_id": r["event_id"], "title": r["title"],
                 "url": r["url"], "source": r["source"], "site": r["site"],
                 "published": r["published"], "kind": r["type"], "date": r["date"],
                 "place": r["place"], "evidence": r["evidence"], "reasons": _loads(r["reasons"])}
                for r in reports
            ],
        }


def write_jsonl(db: sqlite_utils.Database, out: TextIO, what: str = "articles") -> int:
    records = incident_records(db) if what == "incidents" else article_records(db)
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(db: sqlite_utils.Database, directory: Path) -> list[Path]:
    """One CSV per table (UTF-8, header row), named after the table."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in CSV_TABLES:
        if not db[table].exists():
            continue
        path = directory / f"{table}.csv"
        columns = db[table].columns_dict
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for row in db[table].rows:
                writer.writerow(row[c] for c in columns)
        written.append(path)
    return written
