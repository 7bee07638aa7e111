"""SQLite storage: the only stage that touches the database (writes; the shape is in
``schema``, near-duplicate linking in ``dedup``).

Idempotency: an article is keyed by ``Article.id`` (canonical URL, else source) and
carries ``text_hash`` and ``analysis`` (the tagger and rule versions that analysed it).
Saving an article whose text and analysis are unchanged does nothing; a changed one has all its derived rows replaced in one transaction, so a run killed at any point
leaves either the old article or the new one, never half of either. Derived rows get
ids computed from their content, so the same inputs always give the same rows.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

import sqlite_utils

from pipeline.records import Extraction, Failure
from pipeline.storage import dedup, incidents, region_rows, search
# The shape, re-exported: callers open and query through ``store``.
from pipeline.storage.schema import (  # noqa: F401
    ARTICLE_TABLES, EVIDENCE, FTS_CONFIG, INDEXES, MIGRATIONS, SCHEMA_VERSION, VIEWS,
    ensure_db_shape, insert_rows as _insert, now, open_db, person_key, row_id,
)

# --- runs and failures ---------------------------------------------------------------


def start_run(db: sqlite_utils.Database, command: str, options: dict, ner: str) -> int:
    from pipeline import __version__

    with db.conn:
        table = db["runs"].insert(
            {
                "started": now(), "command": command,
                "options": json.dumps(options, sort_keys=True, default=str),
                "pantau_version": __version__, "ner": ner, "status": "running",
            }
        )
    return table.last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, counts: dict[str, int], status: str) -> None:
    with db.conn:
        db["runs"].update(run_id, {**counts, "finished": now(), "status": status})


def is_current(
    db: sqlite_utils.Database, article_id: str, text_hash: str, analysis: str | None = None
) -> bool:
    """True when this exact text (analysed the same way, when ``analysis`` is given) is stored."""
    sql = "select 1 from articles where id = ? and text_hash = ?"
    args = [article_id, text_hash]
    if analysis is not None:
        sql += " and analysis = ?"
        args.append(analysis)
    return bool(db.execute(sql, args).fetchall())




def record_failure(db: sqlite_utils.Database, failure: Failure, run_id: int | None) -> None:
    """One row per (source, stage); a repeat bumps ``attempts``."""
    fid = row_id(failure.source, failure.stage)
    stamp = now()
    with db.conn:
        existing = db.execute("select attempts from failures where id = ?", [fid]).fetchone()
        attempts = (existing[0] if existing else 0) + failure.attempts
        db["failures"].upsert(
            {
                "id": fid, "source": failure.source, "stage": failure.stage,
                "reason": failure.reason, "attempts": attempts, "last_seen": stamp,
                "run_id": run_id, "resolved": 0,
                **({} if existing else {"first_seen": stamp}),
            },
            pk="id",
        )


def resolve_failures(db: sqlite_utils.Database, source: str) -> None:
    """A source that now succeeded: keep its failure history but mark it resolved.

    Runs on the raw connection, so inside a caller's transaction it commits with it.
    """
    db.conn.execute("update failures set resolved = 1 where source = ?", [source])


def known_urls(db: sqlite_utils.Database) -> set[str]:
    """Sources and canonical URLs of stored articles, and pages whose text could not be
    extracted (their bytes are in the WARC files): a crawl fetches none of them again."""
    rows = db.execute(
        "select source from articles union select url from articles where url is not null "
        "union select source from failures where stage = 'extract' and resolved = 0"
    ).fetchall()
    return {r[0] for r in rows}


def failed_urls(db: sqlite_utils.Database, stage: str, max_attempts: int) -> list[str]:
    """Unresolved failures of ``stage`` tried fewer than ``max_attempts`` times, oldest first."""
    rows = db.execute(
        "select source from failures where stage = ? and resolved = 0 and attempts < ? "
        "order by first_seen, source", [stage, max_attempts],
    ).fetchall()
    return [r[0] for r in rows]


def record_crawl_counts(db: sqlite_utils.Database, run_id: int, counts: dict[str, int]) -> None:
    """Add a crawl's counts (discovered, fetched, skipped before fetching) to its run."""
    skipped = counts.get("skipped", 0)
    with db.conn:
        # URLs skipped as already stored are input that was used: such a run did not fail
        db.conn.execute(
            "update runs set discovered = ?, fetched = ?, skipped = coalesce(skipped, 0) + ?, "
            "status = case when status = 'failed' and ? > 0 then 'ok' else status end "
            "where id = ?",
            [counts.get("discovered", 0), counts.get("fetched", 0), skipped, skipped, run_id],
        )


# --- saving extractions ----------------------------------------------------------------


def _flags(values: Iterable[str]) -> str | None:
    values = list(values)
    return json.dumps(values) if values else None


def _topic_evidence(ex: Extraction) -> str | None:
    """The cues that decided the topic, as JSON: phrase, start, end, kind, weight."""
    if ex.topic is None:
        return None
    return json.dumps(
        [{"phrase": c.phrase, "start": c.start, "end": c.end, "kind": c.kind, "weight": c.weight}
         for c in ex.topic.evidence], ensure_ascii=False,
    )


def extraction_rows(ex: Extraction, run_id: int | None) -> dict[str, list[dict[str, Any]]]:
    """Every row one extraction becomes, keyed by table."""
    a = ex.article
    aid = a.id
    text = a.text

    def ev(r) -> dict[str, Any]:
        return {
            "start": r.start, "end": r.end, "evidence": text[r.start : r.end],
            "rule": r.rule, "confidence": r.confidence,
        }

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ARTICLE_TABLES}
    rows["articles"] = [
        {
            "id": aid, "source": a.source, "url": a.url, "title": a.title, "text": text,
            "published": a.published, "author": a.author, "site": a.site,
            "format": a.format, "lang": a.lang, "text_hash": a.text_hash,
            "analysis": ex.analysis,
            "body_start": a.body_offset,
            "ner": ex.entities[0].source if ex.entities else None,
            "run_id": run_id, "processed_at": now(),
            "needs_review": int(bool(ex.review)), "review_reasons": _flags(ex.review),
            "topic": ex.topic.label if ex.topic else None,
            "topic_score": ex.topic.score if ex.topic else None,
            "topic_evidence": _topic_evidence(ex), "gate": ex.gate,
        }
    ]
    for e in ex.entities:
        rows["entities"].append(
            {"id": row_id(aid, "ent", e.label, e.start, e.end), "article_id": aid,
             "label": e.label, "text": e.text, "start": e.start, "end": e.end,
             "source": e.source, "score": e.score}
        )
    people = []
    official_ids: dict[str, list[str]] = {}
    for o in ex.officials:
        oid = row_id(aid, "off", o.name, o.start, o.end)
        pid = person_key(o.name, o.org)
        official_ids.setdefault(o.name, []).append(oid)
        people.append({"id": pid, "name": o.name, "rank": o.rank, "position": o.position,
                       "org": o.org})
        rows["officials"].append(
            {"id": oid, "article_id": aid, "person_id": pid, "name": o.name, "rank": o.rank,
             "position": o.position, "position_written": o.position_written, "org": o.org,
             "titles": _flags(o.titles),
             "role": o.role, **ev(o), "flags": _flags(o.flags)}
        )
    rows["people"] = people
    for d in ex.dates:
        rows["dates"].append(
            {"id": row_id(aid, "date", d.date, d.kind, d.start), "article_id": aid,
             "date": d.date, "kind": d.kind, "time": d.time, **ev(d), "flags": _flags(d.flags)}
        )
    for e in ex.elections:
        rows["elections"].append(
            {"id": row_id(aid, "elec", e.type, e.year, e.start), "article_id": aid,
             "type": e.type, "year": e.year, "date": e.date, "region": e.region, **ev(e),
             "flags": _flags(e.flags)}
        )
    for c in ex.counts:
        rows["counts"].append(
            {"id": row_id(aid, "count", c.kind, c.value, c.start), "article_id": aid,
             "kind": c.kind, "value": c.value, "scope": c.scope, **ev(c),
             "flags": _flags(c.flags)}
        )
    for p in ex.places:
        rows["places"].append(
            {"id": row_id(aid, "place", p.level, p.name, p.start), "article_id": aid,
             "level": p.level, "name": p.name, "code": p.code, **ev(p)}
        )
    for o in ex.organizations:
        rows["organizations"].append(
            {"id": row_id(aid, "org", o.name, o.start), "article_id": aid, "kind": o.kind,
             "name": o.name, "place": o.place, "sector": o.sector, **ev(o)}
        )
    links = []
    seen: set[str] = set()
    for e in ex.events:
        eid = row_id(aid, "event", e.type, e.start)
        if eid in seen:  # one sentence, two events of one type (a patrol on each of two days): keep both
            eid = row_id(aid, "event", e.type, e.start, e.date, e.place, len(seen))
        seen.add(eid)
        rows["events"].append(
            {"id": eid, "article_id": aid, "type": e.type, "date": e.date, "place": e.place,
             "venue": e.venue, "election": e.election,
             "organizations": json.dumps(list(e.organizations)),
             "officials": json.dumps(list(e.officials)), **ev(e), "flags": _flags(e.flags)}
        )
        for name in e.officials:
            for oid in official_ids.get(name, []):
                links.append({"event_id": eid, "official_id": oid})
    rows["event_officials"] = links
    # Derived for browsing: stems for Indonesian search, the named regions for the map.
    rows["article_stems"] = [search.stem_row(aid, a.title, text)]
    rows["regions"] = region_rows.map_region_rows(p.code for p in ex.places)
    return rows


def delete_article(db: sqlite_utils.Database, article_id: str) -> None:
    """Remove an article and every row derived from it (inside the caller's transaction)."""
    db.conn.execute(
        "delete from event_officials where event_id in "
        "(select id from events where article_id = ?)", [article_id]
    )
    for table in ARTICLE_TABLES:
        db.conn.execute(f"delete from [{table}] where article_id = ?", [article_id])
    db.conn.execute("delete from article_bands where article_id = ?", [article_id])
    db.conn.execute("delete from articles where id = ?", [article_id])


def _refresh_people(db: sqlite_utils.Database, person_ids: set[str]) -> None:
    """Recompute first/last seen and article counts of the people an article touched."""
    for pid in sorted(person_ids):
        row = db.conn.execute(
            "select count(distinct o.article_id), min(a.published), max(a.published) "
            "from officials o join articles a on a.id = o.article_id where o.person_id = ?",
            [pid],
        ).fetchone()
        if row[0]:
            db.conn.execute(
                "update people set articles = ?, first_seen = ?, last_seen = ? where id = ?",
                [row[0], row[1], row[2], pid],
            )
        else:
            db.conn.execute("delete from people where id = ?", [pid])


def save_extraction(db: sqlite_utils.Database, ex: Extraction, run_id: int | None) -> bool:
    """Store one article and everything found in it; False when it was already current."""
    a = ex.article
    if is_current(db, a.id, a.text_hash, ex.analysis):
        return False
    rows = extraction_rows(ex, run_id)
    with db.conn:  # one transaction: the old version or the new one, never half
        old_people = {
            r[0] for r in db.conn.execute(
                "select person_id from officials where article_id = ?", [a.id]
            ).fetchall()
        }
        orphans = incidents.forget_article(db, a.id)
        delete_article(db, a.id)
        _insert(db, "articles", rows["articles"], "insert")
        _insert(db, "people", rows["people"], "insert or ignore")
        for table in ARTICLE_TABLES:
            _insert(db, table, rows[table], "insert or replace")
        _insert(db, "event_officials", rows["event_officials"], "insert or ignore")
        _insert(db, "regions", rows["regions"], "insert or replace")
        _refresh_people(db, old_people | {p["id"] for p in rows["people"]})
        dedup.link_near_duplicates(db, a)
        incidents.link_article(db, a.id, orphans)
        resolve_failures(db, a.source)
    return True
