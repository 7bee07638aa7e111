"""Totals that must agree: the article's totals checked against each other (counts v15).

Every stated total is read on its own grammar; these are the checks across totals, run on the
finished records, each making the totals it refuses candidates with its reason. (``several_values``,
v9: three or more different totals of one kind and scope that are neither versions nor a whole beside
its parts are no total either; ``extract`` asks it for each total.)

``undecided`` — two totals of one kind for one area that the article does not decide between:
"Jumlah TPS di Kabupaten X 1.006 ... Pilkada ini digelar di 855 TPS": two totals of one kind for
one scope (flagged ``conflicting_counts``) of comparable size, the larger less than ``comparable``
times the smaller, are two readings of one count (an earlier list and a later one, the stations
with or without the special ones, two areas' figures read as one), not a whole beside its parts
(a whole is several times a part: "1.296 TPS ... 203 TPS di Kecamatan X") and not versions of one
count (within ``versions``: "287.934 ... 287.422 pemilih", where the largest is kept). Unless the
text states the larger more often than the smaller (in the title and again in the body: the
article's own figure), it does not say which is the article's: both are candidates, reason
``conflicting_counts`` (a wrong total is worse than none).

``voters_per_station`` — the article's TPS total and its DPT total must fit each other. The
DPT of an area divided by its TPS is the voters each station serves, and the law caps that: at
most 300 voters a station in the Pemilu of 2019 and 2024, 500 in 2014's Pileg, 800 in 2014's
Pilpres and the Pilkada of 2015-2018, 500 in 2020, 600 in 2024. A whole area never averages far
below a hundred. So a pair of headline totals that gives fewer than ``fewest`` or more than
``most`` voters a station cannot both be one area's: one is another area's, another list's or
another count's (a province's DPT beside a kecamatan's stations, a DPT read as stations). A
village vote (Pilkades) has no national cap, a village may vote at one station: ``most_village``.

Where another total of one kind fits the other kind's (the pair ranked as the export ranks
totals), the totals ranked above it become candidates, reason ``voters_per_station``; where no
pair fits, every total of both kinds does: a wrong total is worse than none. A DPT that fits the
few stations a PSU is held at (a candidate ``psu_subject``) is theirs, taken together, and kept; the
area's TPS totals beside it become candidates (round 11).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.analysis.rules.counts.lexicon import Lexicon
from pipeline.records import Count

UNDECIDED = "conflicting_counts"
PER_STATION = "voters_per_station"
PSU_STATIONS = "psu_subject"  # refusals: "PSU ... di 3 TPS", the stations re-voting


def _candidate(c: Count, reason: str, candidate_confidence: float) -> Count:
    """A refused total: a candidate with the check's reason."""
    return replace(c, confidence=min(c.confidence, candidate_confidence), flags=("candidate", reason))


def several_values(values: set) -> bool:
    """(v9) Three or more different totals of one kind and scope that are neither versions of one
    count (all within 2% of the largest: "849.128 ... menjadi 850.014 ... DPTHP-2 sebanyak 851.246")
    nor a whole beside its parts (the largest at least the sum of the others: 389 TPS, 58, 73)."""
    if len(values) < 3:
        return False
    largest = max(values)
    if all(v >= 0.98 * largest for v in values):
        return False
    return largest < sum(values) - largest


def _stated(text: str, value: int) -> int:
    """How often the text writes ``value`` as digits ("1.006" or "1006")."""
    forms = {str(value), f"{value:,}".replace(",", ".")}
    return sum(len(re.findall(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", text)) for form in forms)


def undecided(lex: Lexicon, text: str, records: list[Count], candidate_confidence: float) -> list[Count]:
    """``records`` with the undecided totals of each kind and scope made candidates."""
    bounds = lex.conflicts
    groups: dict[tuple, set] = {}
    for c in records:
        if "candidate" not in c.flags and "conflicting_counts" in c.flags:
            groups.setdefault((c.kind, c.scope), set()).add(c.value)
    undecided_keys = set()
    for key, values in groups.items():
        if len(values) < 2:
            continue
        top, second = sorted(values, reverse=True)[:2]
        if (bounds["versions"] * second < top < bounds["comparable"] * second
                and _stated(text, top) <= _stated(text, second)):
            undecided_keys.add(key)
    if not undecided_keys:
        return records
    return [_candidate(c, UNDECIDED, candidate_confidence)
            if "candidate" not in c.flags and (c.kind, c.scope) in undecided_keys else c for c in records]


def _rank(c: Count) -> tuple:
    """How the export picks an article's total of a kind (pipeline.browse.export)."""
    return (c.confidence, c.value)


def _fits(lex: Lexicon, stations: Count, voters: Count, village_vote: bool) -> bool:
    bounds = lex.voters_per_station
    per_station = voters.value / stations.value
    most = bounds["most_village"] if village_vote else bounds["most"]
    return bounds["fewest"] <= per_station <= most


def voters_per_station(lex: Lexicon, text: str, records: list[Count], candidate_confidence: float) -> list[Count]:
    """``records`` with the totals that do not fit the other kind's made candidates."""
    totals = {kind: [c for c in records if c.kind == kind and "candidate" not in c.flags and c.value]
              for kind in ("tps", "dpt")}
    if not totals["tps"] or not totals["dpt"]:
        return records
    village_vote = bool(lex.village_vote.search(text))
    best = {kind: max(cs, key=_rank) for kind, cs in totals.items()}
    if _fits(lex, best["tps"], best["dpt"], village_vote):
        return records
    # round 11: the DPT of the few stations a PSU re-votes at, taken together ("DPT di ketiga TPS itu
    # 712 pemilih"), is the article's DPT (docs/gold.md): it fits them, not the area's stations. The
    # area's TPS total beside it is background the writers split on (dev4 d4c_45 null, dev21 d21c_06
    # kept): a candidate, as a misfit is
    if any(c.kind == "tps" and PSU_STATIONS in c.flags and c.value and _fits(lex, c, best["dpt"], village_vote)
           for c in records):
        refused = {id(c) for c in totals["tps"]}
        return [_candidate(c, PER_STATION, candidate_confidence) if id(c) in refused else c for c in records]
    pairs = [(t, d) for t in totals["tps"] for d in totals["dpt"] if _fits(lex, t, d, village_vote)]
    if not pairs:
        refused = {id(c) for cs in totals.values() for c in cs}
        return [_candidate(c, PER_STATION, candidate_confidence) if id(c) in refused else c for c in records]
    # the best-stated pair: its weaker total first, then both together, then the one that keeps
    # an original headline total
    t, d = max(pairs, key=lambda p: (min(p[0].confidence, p[1].confidence),
                                     p[0].confidence + p[1].confidence,
                                     (p[0] is best["tps"]) + (p[1] is best["dpt"]),
                                     _rank(p[0]), _rank(p[1])))
    kept = {"tps": t, "dpt": d}
    refused = {id(c) for kind, cs in totals.items() for c in cs
               if c.value != kept[kind].value and _rank(c) > _rank(kept[kind])}
    return [_candidate(c, PER_STATION, candidate_confidence) if id(c) in refused else c for c in records]
