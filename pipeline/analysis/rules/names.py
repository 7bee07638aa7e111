"""Rule-based name finder behind ``--ner rules``: PER, ORG and LOC spans from our lexicons.

It reads the text the way the officials rules do (``officials.find_mentions``) and adds
the names those rules cannot see on their own: later short mentions of an official,
names after speech verbs, titled names and bylines, units and bodies with their
place, admin-word places, datelines and provinces. See ``data/names.yml``.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from pipeline.records import Doc, Entity
from pipeline.analysis.rules import load_data
from pipeline.analysis.rules.officials import Reader, display_name, find_mentions

NAME = "names"
VERSION = 1

_PRIORITY = {"PER": 3, "ORG": 2, "LOC": 1}


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    return frozenset(load_data(NAME)["speech_verbs"])


def find_entities(doc: Doc, source: str) -> list[Entity]:
    """PER, ORG and LOC entities of ``doc``, non-overlapping, in text order."""
    reader, mentions = find_mentions(doc)
    spans: list[tuple[str, int, int]] = []
    spans += _persons(reader, mentions)
    spans += _organisations(reader, mentions)
    spans += _places(reader, mentions)
    kept: list[tuple[str, int, int]] = []
    # Kept spans never overlap, so sorted by start their ends are sorted too: a new span
    # only has to be checked against its two neighbours (log time, not a scan of all).
    starts: list[int] = []
    ends: list[int] = []
    for label, start, end in sorted(spans, key=lambda s: (-_PRIORITY[s[0]], s[1] - s[2], s[1])):
        if end <= start:
            continue
        k = bisect.bisect_right(starts, start)
        if (k and ends[k - 1] > start) or (k < len(starts) and starts[k] < end):
            continue
        kept.append((label, start, end))
        starts.insert(k, start)
        ends.insert(k, end)
    text = doc.text
    return [Entity(label, s, e, text[s:e], source) for label, s, e in sorted(kept, key=lambda x: x[1])]


def _name_span(reader: Reader, j: int, k: int) -> tuple[str, int, int]:
    return "PER", reader.toks[j].start, reader.toks[k - 1].end


def _persons(reader: Reader, mentions) -> list[tuple[str, int, int]]:
    toks, n = reader.toks, reader.n
    spans = [("PER", *m.name_span) for m in mentions if m.name_span]
    # Words of officials' names stand for them when repeated alone ("Gilang mengatakan").
    names = [m.name.lower().split() for m in mentions if m.name]
    ends = {w for words in names for w in (words[0], words[-1]) if len(w) > 2}
    inner = {w for words in names for w in words}
    # Inside a mention the officials rules already told name from place.
    inside = {t for m in mentions for t in range(m.first, m.last)}
    i = 0
    while i < n:
        if i in inside:
            i += 1
            continue
        if reader.is_name_tok(i) and toks[i].key in ends:
            k = i
            while k < n and reader.is_name_tok(k) and toks[k].key in inner:
                k += 1
            spans.append(_name_span(reader, i, k))
            i = k
            continue
        if toks[i].key in speech_verbs() and (who := reader.person(i + 1, strong=False)):
            spans.append(("PER", *who[1]))
        elif reader.is_name_tok(i) and (i == 0 or not reader.is_name_tok(i - 1)):
            k = reader.run_at(i, 4)
            titled = reader.title_at(reader.after_comma(k), reader.lex.suffix_titles)
            bracketed = i > 0 and toks[i - 1].key == "(" and k < n and toks[k].key == ")"
            if k - i >= 2 and (titled or bracketed) and reader.name_at(i, strong=True):
                spans.append(_name_span(reader, i, k))  # "Doni Sarwit, S.Th.I", "(Doni Sarwit)"
            i = max(k, i + 1)
            continue
        i += 1
    return spans


def _organisations(reader: Reader, mentions) -> list[tuple[str, int, int]]:
    """Units and bodies with the place written after them ("PPK Kecamatan Betung")."""
    toks, lex = reader.toks, reader.lex
    place_ends = {m.place_span[0]: m.place_span[1] for m in mentions if m.place_span}
    spans = []
    for i in range(reader.n):
        unit = reader.unit_place(i) if reader.is_capital_word(i) else None
        if not unit or (i and lex.units.match(toks, i - 1)):
            continue
        kind, j, k, _ = unit
        unit_end = lex.units.match(toks, i)[1]
        if j > unit_end and toks[unit_end].key == "(":  # "Panitia Pemilihan Kecamatan (PPK)": long form alone
            spans.append(("ORG", toks[i].start, toks[unit_end - 1].end))
            spans.append(("ORG", toks[unit_end + 1].start, toks[unit_end + 1].end))
            continue
        if j < reader.n and toks[j].start in place_ends:  # "Plt Ketua KPU Sampang Rendra ...": split already
            spans.append(("ORG", toks[i].start, place_ends[toks[j].start]))
            continue
        end = _place_end(reader, j, k)
        last = end - 1 if end > j else unit_end - 1
        spans.append(("ORG", toks[i].start, toks[last].end))
    return spans


def _place_end(reader: Reader, j: int, k: int) -> int:
    """End of the place in a capitalised run: a known place, else a run that ends cleanly."""
    keys = [t.key for t in reader.toks[j:k]]
    for s in range(len(keys), 0, -1):
        if " ".join(keys[:s]) in reader.known:
            return j + s
    return k if reader.clear_end(k) else j


def _places(reader: Reader, mentions) -> list[tuple[str, int, int]]:
    toks, lex = reader.toks, reader.lex
    spans = [("LOC", *m.place_span) for m in mentions if m.place_span]
    for i in range(reader.n):
        if not reader.is_capital_word(i):
            continue
        admin = lex.admin.match(toks, i)
        if admin:
            end = _place_end(reader, admin[1], reader.run_at(admin[1]))
            if end > admin[1]:
                spans.append(("LOC", toks[i].start, toks[end - 1].end))
            continue
        if i == 0 or toks[i - 1].key == "\n":  # dateline
            k = reader.run_at(i, 4)
            key = " ".join(t.key for t in toks[i:k])
            if i < k < reader.n and toks[k].key in ("-", ",") and key in reader.known:
                spans.append(("LOC", toks[i].start, toks[k - 1].end))
                continue
        for s in range(min(i + 3, reader.n), i, -1):
            if " ".join(t.key for t in toks[i:s]) in lex.provinces and display_name(toks[i:s])[0].isupper():
                spans.append(("LOC", toks[i].start, toks[s - 1].end))
                break
    return spans
