"""Voters per station: the article's TPS total and its DPT total must fit each other.

Every stated total is read on its own grammar; this module is the one check across kinds. The
DPT of an area divided by its TPS is the voters each station serves, and the law caps that: at
most 300 voters a station in the Pemilu of 2019 and 2024, 500 in 2014's Pileg, 800 in 2014's
Pilpres and the Pilkada of 2015-2018, 500 in 2020, 600 in 2024. A whole area never averages far
below a hundred. So a pair of headline totals that gives fewer than ``fewest`` or more than
``most`` voters a station cannot both be one area's: one is another area's, another list's or
another count's (a province's DPT beside a kecamatan's stations, a DPT read as stations). A
village vote (Pilkades) has no national cap, a village may vote at one station: ``most_village``.

Where another total of one kind fits the other kind's (the pair ranked as the export ranks
totals), the totals ranked above it become candidates, reason ``voters_per_station``; where no
pair fits, every total of both kinds does: a wrong total is worse than none.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.analysis.rules.counts.lexicon import Lexicon
from pipeline.records import Count

REASON = "voters_per_station"


def _rank(c: Count) -> tuple:
    """How the export picks an article's total of a kind (pipeline.browse.export)."""
    return (c.confidence, c.value)


def _fits(lex: Lexicon, stations: Count, voters: Count, village_vote: bool) -> bool:
    bounds = lex.voters_per_station
    per_station = voters.value / stations.value
    most = bounds["most_village"] if village_vote else bounds["most"]
    return bounds["fewest"] <= per_station <= most


def _refused(c: Count, candidate_confidence: float) -> Count:
    return replace(c, confidence=min(c.confidence, candidate_confidence), flags=("candidate", REASON))


def check(lex: Lexicon, text: str, records: list[Count], candidate_confidence: float) -> list[Count]:
    """``records`` with the totals that do not fit the other kind's made candidates."""
    totals = {kind: [c for c in records if c.kind == kind and "candidate" not in c.flags and c.value]
              for kind in ("tps", "dpt")}
    if not totals["tps"] or not totals["dpt"]:
        return records
    village_vote = bool(lex.village_vote.search(text))
    best = {kind: max(cs, key=_rank) for kind, cs in totals.items()}
    if _fits(lex, best["tps"], best["dpt"], village_vote):
        return records
    pairs = [(t, d) for t in totals["tps"] for d in totals["dpt"] if _fits(lex, t, d, village_vote)]
    if not pairs:
        refused = {id(c) for cs in totals.values() for c in cs}
        return [_refused(c, candidate_confidence) if id(c) in refused else c for c in records]
    # the best-stated pair: its weaker total first, then both together, then the one that keeps
    # an original headline total
    t, d = max(pairs, key=lambda p: (min(p[0].confidence, p[1].confidence),
                                     p[0].confidence + p[1].confidence,
                                     (p[0] is best["tps"]) + (p[1] is best["dpt"]),
                                     _rank(p[0]), _rank(p[1])))
    kept = {"tps": t, "dpt": d}
    refused = {id(c) for kind, cs in totals.items() for c in cs
               if c.value != kept[kind].value and _rank(c) > _rank(kept[kind])}
    return [_refused(c, candidate_confidence) if id(c) in refused else c for c in records]
