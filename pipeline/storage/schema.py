"""The database's shape: numbered migrations, indexes, full-text search and views.

Shape comes from small declarative tables applied idempotently (``ensure_db_shape``):
numbered migrations for tables (never edit an old one: add the next), then
``INDEXES``, ``FTS_CONFIG`` and ``VIEWS``. Every derived row carries its evidence
(``EVIDENCE``: start, end, evidence, rule, confidence).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any, Callable

import sqlite_utils

from pipeline.errors import PantauError
from pipeline.records import sha256_hex
from pipeline.storage import dedup, incidents, region_rows, search

SCHEMA_VERSION = 1


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def row_id(*parts: Any) -> str:
    return sha256_hex("\x1f".join(str(p) for p in parts))[:16]


def person_key(name: str, org: str | None) -> str:
    """People are merged across articles where name and unit agree."""
    return row_id(" ".join(name.lower().split()), (org or "").lower())


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], verb: str) -> None:
    """Plain executemany: sqlite-utils' own inserts commit, which would split our transaction."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (
        f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"values ({', '.join('?' for _ in columns)})"
    )
    db.conn.executemany(sql, [[r.get(c) for c in columns] for r in rows])


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
        insert_rows(db, "article_stems", [search.stem_row(r["id"], r["title"], r["text"])], "insert")
    codes = [r["code"] for r in db.query("select distinct code from places where code is not null")]
    insert_rows(db, "regions", region_rows.map_region_rows(codes), "insert or replace")


def _m003_near_duplicates_and_crawl_counts(db: sqlite_utils.Database) -> None:
    """Near-duplicate links between articles (pipeline.storage.dedup); crawl counts on runs."""
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
        dedup.relink(db, aid)


def _m004_event_venue(db: sqlite_utils.Database) -> None:
    """The building or room of an event as written ("Mapolsek Betung"); place stays the region."""
    db["events"].add_column("venue", str)


def _m005_analysis_version(db: sqlite_utils.Database) -> None:
    # Which tagger and rule versions produced an article's rows: better rules or a new
    # model make stored articles stale, so they are reprocessed on the next run.
    db["articles"].add_column("analysis", str)


def _m006_lang_topic(db: sqlite_utils.Database) -> None:
    """What an article is about and whether it was analysed (pipeline.analysis.gate).

    ``lang`` existed since the first migration (always "id" until language was
    identified); it is added here for databases that lack it. ``topic_evidence`` is a
    JSON list of the cues that decided ({phrase, start, end, kind, weight}); ``gate`` says
    why an article was stored without analysis ("lang", "topic"), null when analysed.
    Articles stored before this migration are reprocessed (their analysis id changes).
    """
    columns = db["articles"].columns_dict
    if "lang" not in columns:
        db["articles"].add_column("lang", str)
    db["articles"].add_column("topic", str)
    db["articles"].add_column("topic_score", float)
    db["articles"].add_column("topic_evidence", str)
    db["articles"].add_column("gate", str)
    db["runs"].add_column("gated_lang", int)
    db["runs"].add_column("gated_topic", int)
def _m007_incidents(db: sqlite_utils.Database) -> None:
    """One row per real-world event and the reports that tell it (pipeline.storage.incidents)."""
    db["incidents"].create(
        {"id": str, "date": str, "dates": str, "kind": str, "region_code": str, "region": str,
         "police_units": str, "election_bodies": str, "other_units": str, "officials": str,
         "election": str, "reports": int, "outlets": int, "first_report": str,
         "last_report": str, "confidence": float, "flags": str, "rule": str},
        pk="id",
    )
    db["incident_reports"].create(
        {"incident_id": str, "article_id": str, "event_id": str, "reasons": str},
        pk=("incident_id", "event_id"),
        foreign_keys=[("incident_id", "incidents", "id"), ("article_id", "articles", "id"),
                      ("event_id", "events", "id")],
    )
    # Events stored before this migration are grouped now; every later save links its own.
    incidents.relink_all(db)


def _m008_position_written(db: sqlite_utils.Database) -> None:
    """An official's position as the article writes it ("Kepala Bidang Humas") beside the
    canonical short form in ``position`` ("Kabid Humas"); rows stored before stay empty
    until their article is reprocessed (the officials family's version changed with it)."""
    db["officials"].add_column("position_written", str)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m001_initial, _m002_search_and_map, _m003_near_duplicates_and_crawl_counts,
    _m004_event_venue, _m005_analysis_version, _m006_lang_topic, _m007_incidents,
    _m008_position_written,
]

# Tables whose rows hang off one article and are replaced with it.
ARTICLE_TABLES = (
    "entities", "officials", "dates", "elections", "counts", "places", "organizations",
    "events", "article_stems",
)

INDEXES = {
    "articles": [["published"], ["source"], ["text_hash"], ["topic"], ["lang"]],
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
    "incidents": [["date"], ["kind"], ["region_code"]],
    "incident_reports": [["article_id"], ["event_id"]],
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


# The views analysts start from show election news only (articles.topic, from the topic
# rule family): police and other news is stored and searchable, but its officials and
# figures are not election-security records. The tables hold everything.
ELECTION_ONLY = "a.topic in ('election_security', 'election', 'pilkades')"
# A counts row that is a stated total, not a candidate kept with its reason (counts.yml).
_TOTAL = ("not exists (select 1 from json_each(case when json_valid(c.flags) then c.flags "
          "else '[]' end) where value = 'candidate')")

VIEWS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (tables it needs, sql)
    "official_roster": (
        ("officials", "articles"),
        """
        select o.name, o.rank, o.position, o.position_written, o.org, o.role, o.titles,
               a.published, a.title as article, a.source, a.topic, o.evidence, o.article_id
        from officials o join articles a on a.id = o.article_id
        where """ + ELECTION_ONLY + """
        """,
    ),
    "event_summary": (
        ("events", "articles"),
        """
        select e.id, e.type, e.date, e.place, e.election, e.organizations, e.officials,
               e.confidence, a.title as article, a.published, a.source, a.topic, e.article_id
        from events e join articles a on a.id = e.article_id
        where """ + ELECTION_ONLY + """
        """,
    ),
    "article_figures": (
        ("articles", "counts", "elections"),
        """
        select a.id as article_id, a.title, a.published,
          (select max(value) from counts c where c.article_id = a.id and c.kind = 'tps'
             and """ + _TOTAL + """) as tps_count,
          (select max(value) from counts c where c.article_id = a.id and c.kind = 'dpt'
             and """ + _TOTAL + """) as dpt_count,
          (select group_concat(type || coalesce(' ' || year, ''), '; ') from elections e
            where e.article_id = a.id) as elections,
          a.topic
        from articles a
        where """ + ELECTION_ONLY + """
        """,
    ),
    # Browsing views (Datasette: pipeline/browse/datasette/metadata.yml documents every column).
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
          a.title as article, a.published, a.url, a.topic, l.article_id
        from located l
        join articles a on a.id = l.article_id
        left join regions r on r.code = coalesce(l.event_code, l.article_code)
        where """ + ELECTION_ONLY + """
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
          a.title as article, a.published, a.url, a.source, a.topic, c.article_id
        from counts c
        join articles a on a.id = c.article_id
        left join regions r on r.code = """ + _code_of_place_named("c.scope", "c.article_id") + """
        where """ + ELECTION_ONLY + """ and """ + _TOTAL + """
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
        where el.date is not null and """ + ELECTION_ONLY + """
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
          union all select article_id, confidence from counts c where """ + _TOTAL + """
          union all select article_id, confidence from places
          union all select article_id, confidence from organizations
          union all select article_id, confidence from events
        )
        select a.id as article_id, a.title, a.published, a.source, a.topic, a.needs_review,
          a.review_reasons, f.row_flags, c.lowest_confidence,
          coalesce(n.conflicting_figures, 0) as conflicting_figures,
          coalesce(v.conflicting_voting_days, 0) as conflicting_voting_days
        from articles a
        left join (select article_id, json_group_array(distinct flag) as row_flags
                   from row_flags group by article_id) f on f.article_id = a.id
        left join (select article_id, min(confidence) as lowest_confidence
                   from confidences group by article_id) c on c.article_id = a.id
        left join (select article_id, count(*) as conflicting_figures from (
                     select article_id from counts c where """ + _TOTAL + """
                     group by article_id, kind, coalesce(scope, '')
                     having count(distinct value) > 1) group by article_id
                  ) n on n.article_id = a.id
        left join (select article_id, count(*) as conflicting_voting_days from (
                     select article_id from elections where date is not null
                     group by article_id, type, coalesce(year, '') having count(distinct date) > 1
                   ) group by article_id) v on v.article_id = a.id
        """,
    ),
    # Incidents (pipeline.storage.incidents): one row per real-world event however many
    # outlets reported it. Counts of activity are counts of these, not of articles.
    "incident_places": (
        ("incidents", "regions"),
        """
        select i.id, i.date, substr(i.date, 1, 7) as month, i.kind, i.region, i.region_code,
          r.level as region_level, r.kecamatan, r.kabupaten, r.province,
          r.latitude, r.longitude, r.point_level,
          i.reports, i.outlets, i.police_units, i.election_bodies, i.officials, i.election,
          case when instr(i.election, ' ') > 0
               then substr(i.election, 1, instr(i.election, ' ') - 1)
               else i.election end as election_type,
          i.dates, i.first_report, i.last_report, i.confidence, i.flags
        from incidents i
        left join regions r on r.code = i.region_code
        """,
    ),
    "incident_meetings": (
        ("incidents", "regions"),
        """
        select * from incident_places
        where police_units not in ('[]', '') and election_bodies not in ('[]', '')
        """,
    ),
    "incidents_before_voting_day": (
        ("incidents", "incident_reports", "elections", "regions"),
        """
        select ip.*, v.voting_day,
          cast(julianday(v.voting_day) - julianday(ip.date) as integer) as days_before_voting
        from incident_places ip
        join (select r.incident_id, min(el.date) as voting_day
              from incident_reports r
              join incidents i on i.id = r.incident_id
              join elections el on el.article_id = r.article_id
              where el.date is not null and el.date >= i.date
              group by r.incident_id) v on v.incident_id = ip.id
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
          a.title as article, a.published, a.url, a.topic, o.article_id
        from people p
        join officials o on o.person_id = p.id
        join articles a on a.id = o.article_id
        where """ + ELECTION_ONLY + """
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


class DatabaseUnusable(PantauError):
    """{detail}"""


_SQLITE_HEADER = b"SQLite format 3\x00"


def check_usable(path: Path) -> None:
    """Refuse, before writing anything, a file that is no SQLite database, is damaged, or
    was shaped by a newer pantau (its migrations go past ours)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as f:
        header = f.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise DatabaseUnusable(f"{path} is not an SQLite database: nothing was written to it; "
                               "move it away or name another file with --db")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_migrations" in tables:
            newest = con.execute("SELECT max(version) FROM _migrations").fetchone()[0] or 0
            if newest > len(MIGRATIONS):
                raise DatabaseUnusable(
                    f"{path} was written by a newer pantau (schema version {newest}; this pantau "
                    f"knows up to {len(MIGRATIONS)}): upgrade pantau to use it; nothing was written")
        if "runs" in tables:
            con.execute("SELECT count(*) FROM runs").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(f"{path} is damaged ({exc}): nothing was written to it; restore it "
                               "from a backup or move it away") from exc
    finally:
        con.close()


def cannot_write(exc: BaseException) -> str:
    """What a failed write means: a full disk (or file size limit), else damage."""
    text = str(exc)
    if isinstance(exc, OSError) or any(w in text for w in ("disk I/O", "disk is full", "full")):
        return (f"could not write ({text}): is the disk full? What was stored before is kept; "
                "free some space and run again")
    return f"is damaged ({text}): restore it from a backup or move it away"


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a pantau database in WAL mode, shaped and ready."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_usable(path)
    db = sqlite_utils.Database(path)
    try:
        db.enable_wal()  # readers (Datasette) keep working while a run writes
        # Each article is its own transaction; in WAL mode, synchronous=NORMAL commits
        # without an fsync (~4 ms each here) and still never corrupts the file: a killed
        # run keeps every committed article, and only a power cut or OS crash can lose
        # the last ones, which the next run redoes (their text is not stored yet).
        db.execute("pragma synchronous = normal")
        ensure_db_shape(db)
    except sqlite3.DatabaseError as exc:  # a full disk, or damage the first checks could not see
        db.close()
        raise DatabaseUnusable(f"{path}: {cannot_write(exc)}") from exc
    return db
