"""Two totals of one kind for one area that the article does not decide between.

"Jumlah TPS di Kabupaten X 1.006 ... Pilkada ini digelar di 855 TPS": two totals of one kind for
one scope (flagged ``conflicting_counts``) of comparable size, the larger less than ``comparable``
times the smaller, are two readings of one count (an earlier list and a later one, the stations
with or without the special ones, two areas' figures read as one), not a whole beside its parts
(a whole is several times a part: "1.296 TPS ... 203 TPS di Kecamatan X") and not versions of one
count (within ``versions``: "287.934 ... 287.422 pemilih", where the largest is kept). Unless the
text states the larger more often than the smaller (in the title and again in the body: the
article's own figure), it does not say which is the article's: both are candidates, reason
``conflicting_counts`` (a wrong total is worse than none).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.analysis.rules.counts.lexicon import Lexicon
from pipeline.records import Count

REASON = "conflicting_counts"


def _stated(text: str, value: int) -> int:
    """How often the text writes ``value`` as digits ("1.006" or "1006")."""
    forms = {str(value), f"{value:,}".replace(",", ".")}
    return sum(len(re.findall(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", text)) for form in forms)


def check(lex: Lexicon, text: str, records: list[Count], candidate_confidence: float) -> list[Count]:
    """``records`` with the undecided totals of each kind and scope made candidates."""
    bounds = lex.conflicts
    groups: dict[tuple, set] = {}
    for c in records:
        if "candidate" not in c.flags and "conflicting_counts" in c.flags:
            groups.setdefault((c.kind, c.scope), set()).add(c.value)
    undecided = set()
    for key, values in groups.items():
        if len(values) < 2:
            continue
        top, second = sorted(values, reverse=True)[:2]
        if (bounds["versions"] * second < top < bounds["comparable"] * second
                and _stated(text, top) <= _stated(text, second)):
            undecided.add(key)
    if not undecided:
        return records
    return [replace(c, confidence=min(c.confidence, candidate_confidence), flags=("candidate", REASON))
            if "candidate" not in c.flags and (c.kind, c.scope) in undecided else c for c in records]
