"""Ballots said not to be there (elections.yml ``ballots``).

A contest named after a ballot word ("surat suara Pilpres", "kotak suara untuk Pilgub") is
listed like any other mention. But a ballot said to be absent, not yet there or sufficient
("surat suara pemilu presiden belum ada", "jenis surat suara lain, yakni Pilpres ..., dinyatakan
cukup"), or only what some voters receive ("pemilih pindahan hanya mendapat surat suara
Pilpres"), names no contest the article is about: every mention in such a run is dropped
(blind writers 6 articles to none). Whether a contest named only by its offices' ballots
("surat suara DPRD Kota X") is listed is left unsettled (docs/gold.md).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.analysis import rules
from pipeline.analysis.rules.elections.lexicon import NAME, Mention

_REGION = r"(?:\s+(?i:provinsi|prov\.|kabupaten|kab\.|kota))?(?:\s+(?!(?:DPR|DPD|DPRD)\b)[A-Z][\w'.-]*){0,3}"
_JOIN = r"(?:\s*[,/]\s*(?:(?:dan|serta)\s+)?|\s+(?:dan|serta|hingga|maupun|sampai)\s+)"


@lru_cache(maxsize=1)
def ballot_lexicon() -> tuple[re.Pattern, re.Pattern, re.Pattern, int]:
    data = rules.load_data(NAME)
    spec = data["ballots"]
    names = [n for t in spec["contests"] for n in data["types"][t]]
    offices = rules.phrases(spec["offices"])
    item = rf"(?:(?i:{rules.phrases(names)})|(?i:{offices}))\b{_REGION}"
    run = re.compile(
        rf"\b(?i:{rules.phrases(spec['before'])})(?:\s+lain)?"
        rf"(?:\s*[,:]?\s*(?i:{rules.phrases(spec['between'])})\b)*\s*:?\s*"
        rf"(?P<run>{item}(?:{_JOIN}{item})*)"
    )
    unheld_after = re.compile(rf"\b(?:{rules.phrases(spec['unheld_after'])})\b(?!\s+yang)", re.IGNORECASE)
    unheld_before = re.compile(rf"\b(?:{rules.phrases(spec['unheld_before'])})\s+$", re.IGNORECASE)
    return run, unheld_after, unheld_before, spec["unheld_reach"]


def _runs(text: str, bounds, starts):
    run_pattern = ballot_lexicon()[0]
    for m in run_pattern.finditer(text):
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        yield m, i, bounds[i][1]


def unheld(text: str, bounds, starts, mentions: list[Mention]) -> list[Mention]:
    """Drops the mentions in a run of ballots said absent, not yet there or sufficient, or
    only what some voters receive."""
    _, after, before, reach = ballot_lexicon()
    spans = []
    for run, i, s_end in _runs(text, bounds, starts):
        tail = text[run.end():min(s_end, run.end() + reach)]
        nxt = ballot_lexicon()[0].search(tail)
        if nxt:
            tail = tail[:nxt.start()]
        if after.search(tail) or before.search(text, max(bounds[i][0], run.start() - 40), run.start()):
            spans.append((run.start(), run.end()))
    if not spans:
        return mentions
    return [m for m in mentions if not any(a <= m.start < b for a, b in spans)]
