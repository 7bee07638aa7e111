"""SQLite storage: the only stage that touches the database.

Shape comes from small declarative tables applied idempotently (``ensure_db_shape``):
numbered migrations for tables, then ``INDEXES``, ``FTS_CONFIG`` and ``VIEWS``.

Idempotency: an article is keyed by ``Article.id`` (canonical URL, else source) and
carries ``text_hash`` and ``analysis`` (the tagger and rule versions that analysed it).
Saving an article whose text and analysis are unchanged does nothing; a changed one has all its derived rows replaced in one transaction, so a run killed at any point
leaves either the old article or the new one, never half of either. Derived rows get
ids computed from their content, so the same inputs always give the same rows.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlite_utils

from pipeline import dedup
from pipeline.records import Article, Extraction, Failure, sha256_hex

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


def _m002_search_and_map(db: sqlite_utils.Database) -> None:
    """Stemmed article text for Indonesian search; the regions places point to, for the map."""
    from pipeline import search, serve

    db["article_stems"].create(
        {"article_id": str, "title": str, "text": str, "stemmer": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")],
    )
    db["regions"].create(
        {"code": str, "name": str, "level": str, "parent_code": str, "province": str,
         "kabupaten": str, "kecamatan": str, "latitude": float, "longitude": float,
         "point_level": str},
        pk="code",
    )
    # Rows stored before this migration get theirs now; every later save adds its own.
    for r in db.query("select id, title, text from articles"):
        _insert(db, "article_stems", [search.stem_row(r["id"], r["title"], r["text"])], "insert")
    codes = [r["code"] for r in db.query("select distinct code from places where code is not null")]
    _insert(db, "regions", serve.map_region_rows(codes), "insert or replace")


def _m003_near_duplicates_and_crawl_counts(db: sqlite_utils.Database) -> None:
    """Near-duplicate links between articles (pipeline.dedup); crawl counts on runs."""
    db["articles"].add_column("duplicate_of", str)  # id of the earliest near-duplicate
    db["articles"].add_column("similarity", float)  # Jaccard similarity to it
    # MinHash band keys: articles sharing a key are near-duplicate candidates.
    db["article_bands"].create({"article_id": str, "band": str}, pk=("article_id", "band"))
    db["runs"].add_column("discovered", int)
    db["runs"].add_column("fetched", int)
    for r in db.conn.execute("select id, text, body_start from articles").fetchall():
        bands = dedup.band_keys(dedup.shingles(r[1][r[2] or 0:]))
        db.conn.executemany("insert into article_bands (article_id, band) values (?, ?)",
                            [(r[0], b) for b in bands])
    for (aid,) in db.conn.execute("select id from articles").fetchall():
        _relink(db, aid)


def _m004_event_venue(db: sqlite_utils.Database) -> None:
    """The building or room of an event as written ("Mapolsek Betung"); place stays the region."""
    db["events"].add_column("venue", str)


def _m005_analysis_version(db: sqlite_utils.Database) -> None:
    # Which tagger and rule versions produced an article's rows: better rules or a new
    # model make stored articles stale, so they are reprocessed on the next run.
    db["articles"].add_column("analysis", str)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m001_initial, _m002_search_and_map, _m003_near_duplicates_and_crawl_counts,
    _m004_event_venue, _m005_analysis_version,
]

# Tables whose rows hang off one article and are replaced with it.
ARTICLE_TABLES = (
    "entities", "officials", "dates", "elections", "counts", "places", "organizations",
    "events", "article_stems",
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
    "article_bands": [["band"]],
}

FTS_CONFIG = {"articles": ["title", "text"], "article_stems": ["title", "text"]}

def _code_of_place_named(column: str, article: str, tiebreak: str = "") -> str:
    """SQL for the region code of the coded place in ``article`` whose name, text as
    written ("PONTIANAK", "NTB") or level plus name ("Kota Pontianak") equals ``column``,
    case aside (rules write scopes all three ways); the finest such place wins."""
    return f"""(select p.code from places p where p.article_id = {article}
               and p.code is not null
               and lower({column}) in (lower(p.name), lower(p.evidence), lower(p.level || ' ' || p.name))
               order by length(p.code) desc{tiebreak} limit 1)"""


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
    # Browsing views (Datasette: pipeline/datasette/metadata.yml documents every column).
    # An event is placed at the coded place named as its place, else at the first coded
    # place of its article; ``located_by`` says which, ``point_level`` what the point is.
    "event_places": (
        ("events", "places", "regions", "articles"),
        """
        with located as (
          select e.*,
            """ + _code_of_place_named("e.place", "e.article_id", ", p.start") + """ as event_code,
            (select p.code from places p where p.article_id = e.article_id
               and p.code is not null order by p.start limit 1) as article_code
          from events e
        )
        select l.id, l.type, l.date, substr(l.date, 1, 7) as month, l.election,
          case when instr(l.election, ' ') > 0
               then substr(l.election, 1, instr(l.election, ' ') - 1)
               else l.election end as election_type,
          l.place, coalesce(l.event_code, l.article_code) as region_code,
          case when l.event_code is not null then 'event place'
               when l.article_code is not null then 'first place in article' end as located_by,
          r.name as region, r.level as region_level, r.kecamatan, r.kabupaten, r.province,
          r.latitude, r.longitude, r.point_level,
          l.organizations, l.officials, l.confidence, l.flags,
          a.title as article, a.published, a.url, l.article_id
        from located l
        join articles a on a.id = l.article_id
        left join regions r on r.code = coalesce(l.event_code, l.article_code)
        """,
    ),
    # Police meet election bodies: the event names (or its officials belong to) a unit of
    # each sector.
    "police_election_meetings": (
        ("events", "organizations", "event_officials", "officials", "places", "regions"),
        """
        with sectors as (
          select e.id as event_id, o.sector
          from events e,
            json_each(case when json_valid(e.organizations) then e.organizations else '[]' end) j
          join organizations o on o.article_id = e.article_id and o.name = j.value
          union
          select eo.event_id, o.sector from event_officials eo
          join officials f on f.id = eo.official_id
          join organizations o on o.article_id = f.article_id and o.name = f.org
        )
        select ep.* from event_places ep
        where ep.id in (select event_id from sectors where sector = 'police')
          and ep.id in (select event_id from sectors where sector = 'election')
        """,
    ),
    # A figure is placed only through its own scope: a kabupaten total must not be
    # mistaken for a kecamatan's.
    "figures_by_kecamatan": (
        ("counts", "places", "regions", "articles"),
        """
        select c.id, c.kind, c.value, c.scope,
          r.code as region_code, r.level as region_level, r.kecamatan, r.kabupaten,
          r.province, c.confidence, c.flags, c.evidence,
          a.title as article, a.published, a.url, a.source, c.article_id
        from counts c
        join articles a on a.id = c.article_id
        left join regions r on r.code = """ + _code_of_place_named("c.scope", "c.article_id") + """
        """,
    ),
    "voting_days": (
        ("elections", "places", "regions", "articles"),
        """
        select el.type, el.year, el.date, el.region,
          max(r.kabupaten) as kabupaten, max(r.province) as province,
          case when el.date >= date('now') then 'upcoming' else 'past' end as status,
          cast(julianday(el.date) - julianday(date('now')) as integer) as days_from_today,
          count(distinct el.article_id) as articles,
          json_group_array(distinct a.title) as article_titles,
          json_group_array(distinct el.article_id) as article_ids
        from elections el
        join articles a on a.id = el.article_id
        left join regions r on r.code = """ + _code_of_place_named("el.region", "el.article_id") + """
        where el.date is not null
        group by el.type, el.year, el.date, el.region
        """,
    ),
    "article_review": (
        ("articles", "officials", "dates", "elections", "counts", "places", "organizations",
         "events"),
        """
        with row_flags as (
          select x.article_id, j.value as flag from officials x, json_each(
            case when json_valid(x.flags) then x.flags else '[]' end) j
          union select x.article_id, j.value from dates x, json_each(
            case when json_valid(x.flags) then x.flags else '[]' end) j
          union select x.article_id, j.value from elections x, json_each(
            case when json_valid(x.flags) then x.flags else '[]' end) j
          union select x.article_id, j.value from counts x, json_each(
            case when json_valid(x.flags) then x.flags else '[]' end) j
          union select x.article_id, j.value from events x, json_each(
            case when json_valid(x.flags) then x.flags else '[]' end) j
        ),
        confidences as (
          select article_id, confidence from officials
          union all select article_id, confidence from dates
          union all select article_id, confidence from elections
          union all select article_id, confidence from counts
          union all select article_id, confidence from places
          union all select article_id, confidence from organizations
          union all select article_id, confidence from events
        )
        select a.id as article_id, a.title, a.published, a.source, a.needs_review,
          a.review_reasons, f.row_flags, c.lowest_confidence,
          coalesce(n.conflicting_figures, 0) as conflicting_figures,
          coalesce(v.conflicting_voting_days, 0) as conflicting_voting_days
        from articles a
        left join (select article_id, json_group_array(distinct flag) as row_flags
                   from row_flags group by article_id) f on f.article_id = a.id
        left join (select article_id, min(confidence) as lowest_confidence
                   from confidences group by article_id) c on c.article_id = a.id
        left join (select article_id, count(*) as conflicting_figures from (
                     select article_id from counts group by article_id, kind, coalesce(scope, '')
                     having count(distinct value) > 1) group by article_id
                  ) n on n.article_id = a.id
        left join (select article_id, count(*) as conflicting_voting_days from (
                     select article_id from elections where date is not null
                     group by article_id, type, coalesce(year, '') having count(distinct date) > 1
                   ) group by article_id) v on v.article_id = a.id
        """,
    ),
    "person_mentions": (
        ("people", "officials", "articles", "event_officials", "events"),
        """
        select p.id as person_id, p.name, p.rank, p.position, p.org,
          p.articles as articles_total, p.first_seen, p.last_seen,
          o.id as official_id, o.role, o.rank as rank_here, o.position as position_here,
          o.org as org_here, o.titles, o.evidence, o.confidence, o.flags,
          (select json_group_array(e.type || coalesce(' ' || e.date, ''))
             from event_officials eo join events e on e.id = eo.event_id
             where eo.official_id = o.id) as events,
          a.title as article, a.published, a.url, o.article_id
        from people p
        join officials o on o.person_id = p.id
        join articles a on a.id = o.article_id
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
             "venue": e.venue, "election": e.election,
             "organizations": json.dumps(list(e.organizations)),
             "officials": json.dumps(list(e.officials)), **ev(e), "flags": _flags(e.flags)}
        )
        for name in e.officials:
            for oid in official_ids.get(name, []):
                links.append({"event_id": eid, "official_id": oid})
    rows["event_officials"] = links
    # Derived for browsing: stems for Indonesian search, the named regions for the map.
    from pipeline import search, serve

    rows["article_stems"] = [search.stem_row(aid, a.title, text)]
    rows["regions"] = serve.map_region_rows(p.code for p in ex.places)
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
    if is_current(db, a.id, a.text_hash, ex.analysis):
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
        _insert(db, "regions", rows["regions"], "insert or replace")
        _refresh_people(db, old_people | {p["id"] for p in rows["people"]})
        link_near_duplicates(db, a)
        resolve_failures(db, a.source)
    return True


# --- near-duplicates ----------------------------------------------------------------------

_NO_DATE = "9999-99-99"  # undated articles sort after dated ones


# A syndicated press release can be printed by dozens of outlets: only the candidates that
# share the most MinHash bands are confirmed exactly, and their shingle sets are cached, so
# storing one article costs a bounded amount of work however large its cluster grows.
MAX_CANDIDATES = 32
_shingle_cache: collections.OrderedDict[tuple[str, int], set[int]] = collections.OrderedDict()
_SHINGLE_CACHE_SIZE = 2048


def _cached_shingles(aid: str, body: str) -> set[int]:
    key = (aid, hash(body))
    found = _shingle_cache.get(key)
    if found is None:
        found = _shingle_cache[key] = dedup.shingles(body)
        if len(_shingle_cache) > _SHINGLE_CACHE_SIZE:
            _shingle_cache.popitem(last=False)
    else:
        _shingle_cache.move_to_end(key)
    return found


def _near(db: sqlite_utils.Database, aid: str, bands: list[str], shingles: set[int]):
    """(order key, id, similarity) of stored articles that are near-duplicates of ``aid``."""
    if not bands:
        return []
    rows = db.conn.execute(
        "select a.id, a.published, a.text, a.body_start from articles a join ("
        "  select article_id, count(*) as shared from article_bands"
        f"  where band in ({', '.join('?' * len(bands))}) and article_id != ?"
        "  group by article_id order by shared desc, article_id limit ?"
        ") c on c.article_id = a.id",
        [*bands, aid, MAX_CANDIDATES],
    ).fetchall()
    near = []
    for other, published, text, body_start in rows:
        similarity = dedup.jaccard(shingles, _cached_shingles(other, text[body_start or 0:]))
        if similarity >= dedup.THRESHOLD:
            near.append(((published or _NO_DATE, other), other, round(similarity, 3)))
    return near


def _link(db: sqlite_utils.Database, aid: str, key: tuple[str, str], near) -> None:
    # The earliest-published near-duplicate (then the smallest id) is the original: a
    # rule on the set of stored articles, so the order they arrive in never matters.
    earlier = [n for n in near if n[0] < key]
    original, similarity = (min(earlier)[1:]) if earlier else (None, None)
    db.conn.execute("update articles set duplicate_of = ?, similarity = ? where id = ?",
                    [original, similarity, aid])


def _relink(db: sqlite_utils.Database, aid: str) -> None:
    row = db.conn.execute("select published, text, body_start from articles where id = ?",
                          [aid]).fetchone()
    if row is None:
        return
    bands = [r[0] for r in db.conn.execute(
        "select band from article_bands where article_id = ?", [aid]).fetchall()]
    near = _near(db, aid, bands, _cached_shingles(aid, row[1][row[2] or 0:]))
    _link(db, aid, (row[0] or _NO_DATE, aid), near)


def _adopt_later(db: sqlite_utils.Database, aid: str, key: tuple[str, str], near) -> None:
    """Later articles near ``aid`` take it as their original when it is earlier than theirs.

    Their original is the earliest of their near-duplicates; ``aid`` only joins that set,
    so comparing keys is enough (no need to recompute their neighbourhoods).
    """
    for other_key, other, similarity in near:
        if other_key <= key:
            continue
        current = db.conn.execute(
            "select o.published, o.id from articles a join articles o on o.id = a.duplicate_of "
            "where a.id = ?", [other]).fetchone()
        if current is None or key < (current[0] or _NO_DATE, current[1]):
            db.conn.execute("update articles set duplicate_of = ?, similarity = ? where id = ?",
                            [aid, similarity, other])


def link_near_duplicates(db: sqlite_utils.Database, article: Article) -> None:
    """Store ``article``'s MinHash bands and link it, and the articles near it, to their
    originals (inside the caller's transaction)."""
    aid = article.id
    shingles = dedup.shingles(article.body)
    bands = dedup.band_keys(shingles)
    db.conn.execute("delete from article_bands where article_id = ?", [aid])
    db.conn.executemany("insert or ignore into article_bands (article_id, band) values (?, ?)",
                        [(aid, b) for b in bands])
    key = (article.published or _NO_DATE, aid)
    near = _near(db, aid, bands, shingles)
    _link(db, aid, key, near)
    # Articles that pointed here before this version of the article may no longer be
    # near it: recompute theirs. Later articles near it may now point here.
    for (other,) in db.conn.execute(
        "select id from articles where duplicate_of = ? and id != ? order by id", [aid, aid]
    ).fetchall():
        _relink(db, other)
    _adopt_later(db, aid, key, near)
