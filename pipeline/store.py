"""SQLite storage: the only stage that touches the database.

Shape comes from small declarative tables applied idempotently (``ensure_db_shape``):
numbered migrations for tables, then ``INDEXES``, ``FTS_CONFIG`` and ``VIEWS``.

Idempotency: an article is keyed by ``Article.id`` (canonical URL, else source) and
carries ``text_hash``. Saving an article whose hash is unchanged does nothing; a changed
one has all its derived rows replaced in one transaction, so a run killed at any point
leaves either the old article or the new one, never half of either. Derived rows get
ids computed from their content, so the same inputs always give the same rows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlite_utils

from pipeline.records import Extraction, Failure, sha256_hex

SCHEMA_VERSION = 1


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def row_id(*parts: Any) -> str:
    return sha256_hex("\x1f".join(str(p) for p in parts))[:16]


def person_key(name: str, org: str | None) -> str:
    """People are merged across articles where name and unit agree."""
    return row_id(" ".join(name.lower().split()), (org or "").lower())


# --- migrations -------------------------------------------------------------------

EVIDENCE = {"start": int, "end": int, "evidence": str, "rule": str, "confidence": float}


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["runs"].create(
        {
            "id": int, "started": str, "finished": str, "command": str, "options": str,
            "pantau_version": str, "ner": str, "status": str, "inputs": int,
            "processed": int, "skipped": int, "failed": int, "officials": int, "events": int,
        },
        pk="id",
    )
    db["articles"].create(
        {
            "id": str, "source": str, "url": str, "title": str, "text": str,
            "published": str, "author": str, "site": str, "format": str, "lang": str,
            "text_hash": str, "body_start": int, "ner": str, "run_id": int,
            "processed_at": str, "needs_review": int, "review_reasons": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    child = {"id": str, "article_id": str}
    fk = [("article_id", "articles", "id")]
    db["entities"].create(
        {**child, "label": str, "text": str, "start": int, "end": int, "source": str,
         "score": float},
        pk="id", foreign_keys=fk,
    )
    db["people"].create(
        {"id": str, "name": str, "rank": str, "position": str, "org": str,
         "first_seen": str, "last_seen": str, "articles": int},
        pk="id",
    )
    db["officials"].create(
        {**child, "person_id": str, "name": str, "rank": str, "position": str, "org": str,
         "titles": str, "role": str, **EVIDENCE, "flags": str},
        pk="id", foreign_keys=fk + [("person_id", "people", "id")],
    )
    db["dates"].create(
        {**child, "date": str, "kind": str, "time": str, **EVIDENCE, "flags": str},
        pk="id", foreign_keys=fk,
    )
    db["elections"].create(
        {**child, "type": str, "year": int, "date": str, "region": str, **EVIDENCE,
         "flags": str},
        pk="id", foreign_keys=fk,
    )
    db["counts"].create(
        {**child, "kind": str, "value": int, "scope": str, **EVIDENCE, "flags": str},
        pk="id", foreign_keys=fk,
    )
    db["places"].create(
        {**child, "level": str, "name": str, "code": str, **EVIDENCE},
        pk="id", foreign_keys=fk,
    )
    db["organizations"].create(
        {**child, "kind": str, "name": str, "place": str, "sector": str, **EVIDENCE},
        pk="id", foreign_keys=fk,
    )
    db["events"].create(
        {**child, "type": str, "date": str, "place": str, "election": str,
         "organizations": str, "officials": str, **EVIDENCE, "flags": str},
        pk="id", foreign_keys=fk,
    )
    db["event_officials"].create(
        {"event_id": str, "official_id": str},
        pk=("event_id", "official_id"),
        foreign_keys=[("event_id", "events", "id"), ("official_id", "officials", "id")],
    )
    db["failures"].create(
        {"id": str, "source": str, "stage": str, "reason": str, "attempts": int,
         "first_seen": str, "last_seen": str, "run_id": int, "resolved": int},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m001_initial]

# Tables whose rows hang off one article and are replaced with it.
ARTICLE_TABLES = (
    "entities", "officials", "dates", "elections", "counts", "places", "organizations",
    "events",
)

INDEXES = {
    "articles": [["published"], ["source"], ["text_hash"]],
    "officials": [["article_id"], ["person_id"], ["rank"], ["position"]],
    "dates": [["article_id"], ["date"], ["kind"]],
    "elections": [["article_id"], ["type", "year"]],
    "counts": [["article_id"], ["kind"]],
    "places": [["article_id"], ["level", "name"], ["code"]],
    "organizations": [["article_id"], ["kind"], ["name"]],
    "events": [["article_id"], ["date"], ["type"]],
    "entities": [["article_id"]],
    "failures": [["source"]],
}

FTS_CONFIG = {"articles": ["title", "text"]}

VIEWS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (tables it needs, sql)
    "official_roster": (
        ("officials", "articles"),
        """
        select o.name, o.rank, o.position, o.org, o.role, o.titles,
               a.published, a.title as article, a.source, o.evidence, o.article_id
        from officials o join articles a on a.id = o.article_id
        """,
    ),
    "event_summary": (
        ("events", "articles"),
        """
        select e.id, e.type, e.date, e.place, e.election, e.organizations, e.officials,
               e.confidence, a.title as article, a.published, a.source, e.article_id
        from events e join articles a on a.id = e.article_id
        """,
    ),
    "article_figures": (
        ("articles", "counts", "elections"),
        """
        select a.id as article_id, a.title, a.published,
          (select max(value) from counts c where c.article_id = a.id and c.kind = 'tps')
            as tps_count,
          (select max(value) from counts c where c.article_id = a.id and c.kind = 'dpt')
            as dpt_count,
          (select group_concat(type || coalesce(' ' || year, ''), '; ') from elections e
            where e.article_id = a.id) as elections
        from articles a
        """,
    ),
}


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Bring any database (new or old) to the current shape; safe to call every run."""
    db.execute("pragma foreign_keys = on")
    if not db["_migrations"].exists():
        db["_migrations"].create({"version": int, "name": str, "applied": str}, pk="version")
    applied = {r["version"] for r in db["_migrations"].rows}
    for version, migration in enumerate(MIGRATIONS, start=1):
        if version not in applied:
            with db.conn:
                migration(db)
                db["_migrations"].insert(
                    {"version": version, "name": migration.__name__, "applied": now()}
                )
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db[table].create_index(columns, if_not_exists=True)
    for table, columns in FTS_CONFIG.items():
        if not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, create_triggers=True, tokenize="unicode61")
    for name, (needs, sql) in VIEWS.items():
        if all(db[t].exists() for t in needs):
            db.create_view(name, sql, replace=True)


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a pantau database in WAL mode, shaped and ready."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()  # readers (Datasette) keep working while a run writes
    ensure_db_shape(db)
    return db


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


def is_current(db: sqlite_utils.Database, article_id: str, text_hash: str) -> bool:
    """True when this exact text is already stored: nothing to do."""
    rows = db.execute(
        "select 1 from articles where id = ? and text_hash = ?", [article_id, text_hash]
    ).fetchall()
    return bool(rows)


def source_is_current(db: sqlite_utils.Database, source: str, text_hash: str | None = None) -> bool:
    """True when ``source`` was stored (with this text hash, when given)."""
    sql = "select 1 from articles where source = ?"
    args: list[Any] = [source]
    if text_hash:
        sql += " and text_hash = ?"
        args.append(text_hash)
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
    """A source that now succeeded: keep its failure history but mark it resolved."""
    db.execute("update failures set resolved = 1 where source = ?", [source])


# --- saving extractions ----------------------------------------------------------------


def _flags(values: Iterable[str]) -> str | None:
    values = list(values)
    return json.dumps(values) if values else None


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
            "body_start": a.body_offset,
            "ner": ex.entities[0].source if ex.entities else None,
            "run_id": run_id, "processed_at": now(),
            "needs_review": int(bool(ex.review)), "review_reasons": _flags(ex.review),
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
             "position": o.position, "org": o.org, "titles": _flags(o.titles),
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
    for e in ex.events:
        eid = row_id(aid, "event", e.type, e.start)
        rows["events"].append(
            {"id": eid, "article_id": aid, "type": e.type, "date": e.date, "place": e.place,
             "election": e.election, "organizations": json.dumps(list(e.organizations)),
             "officials": json.dumps(list(e.officials)), **ev(e), "flags": _flags(e.flags)}
        )
        for name in e.officials:
            for oid in official_ids.get(name, []):
                links.append({"event_id": eid, "official_id": oid})
    rows["event_officials"] = links
    return rows


def delete_article(db: sqlite_utils.Database, article_id: str) -> None:
    """Remove an article and every row derived from it (inside the caller's transaction)."""
    db.conn.execute(
        "delete from event_officials where event_id in "
        "(select id from events where article_id = ?)", [article_id]
    )
    for table in ARTICLE_TABLES:
        db.conn.execute(f"delete from [{table}] where article_id = ?", [article_id])
    db.conn.execute("delete from articles where id = ?", [article_id])


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], verb: str) -> None:
    """Plain executemany: sqlite-utils' own inserts commit, which would split our transaction."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (
        f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"values ({', '.join('?' for _ in columns)})"
    )
    db.conn.executemany(sql, [[r.get(c) for c in columns] for r in rows])


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
    if is_current(db, a.id, a.text_hash):
        return False
    rows = extraction_rows(ex, run_id)
    with db.conn:  # one transaction: the old version or the new one, never half
        old_people = {
            r[0] for r in db.conn.execute(
                "select person_id from officials where article_id = ?", [a.id]
            ).fetchall()
        }
        delete_article(db, a.id)
        _insert(db, "articles", rows["articles"], "insert")
        _insert(db, "people", rows["people"], "insert or ignore")
        for table in ARTICLE_TABLES:
            _insert(db, table, rows[table], "insert or replace")
        _insert(db, "event_officials", rows["event_officials"], "insert or ignore")
        _refresh_people(db, old_people | {p["id"] for p in rows["people"]})
        db.conn.execute("update failures set resolved = 1 where source = ?", [a.source])
    return True


def asdict_row(record: Any) -> dict[str, Any]:
    return asdict(record)
