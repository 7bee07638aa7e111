"""Rule family 'counts': totals of polling stations (TPS) and final-list voters (DPT).

The terms, cue words, subset words and examples live in ``data/counts.yml``; its
description is the reference for what counts as a total and how its scope is chosen.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.analysis import rules
from pipeline.records import Count, Doc

NAME = "counts"
VERSION = 1

_CAPITALISED = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}"
_YEARS = re.compile(r"\b(?:19|20)\d{2}\b")
_DIGITS = re.compile(r"\d")


def _alternation(words) -> str:
    """Longest first, any run of spaces between the words of a phrase."""
    escaped = (re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return "|".join(escaped).replace(r"\ ", r"\s+")


def _words(words) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Lexicon:
    """counts.yml compiled once per process."""

    term_kind: dict  # lower-case term (single spaces) -> tps | dpt
    unit_kind: dict
    term: re.Pattern
    number_then_term: re.Pattern
    after_term: re.Pattern
    voters: re.Pattern
    multipliers: dict
    number_words: dict
    number_scales: dict
    teen_word: str
    dpt_context: re.Pattern
    subset_after: re.Pattern
    subset_before: re.Pattern
    year_words: frozenset
    place: re.Pattern
    place_after: re.Pattern
    place_stopwords: frozenset


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = rules.load_data(NAME)
    term_kind = {t.lower(): k for k, terms in data["terms"].items() for t in terms}
    unit_kind = {u.lower(): k for k, units in data["units"].items() for u in units}
    word_list = list(data["number_words"]) + list(data["number_scales"]) + [data["teen_word"]]
    words = _alternation(word_list)
    number = (
        rf"(?<![\w.,/-])(?:(?P<digits>\d+(?:[.,]\d+)*)|(?P<words>(?:{words})(?:\s+(?:{words}))*))"
        rf"(?!\w)(?:\s*(?P<mult>{_alternation(data['multipliers'])})(?!\w)\.?)?"
    )
    terms = _alternation(term_kind)
    flags = re.IGNORECASE
    levels = _alternation(data["place_levels"])
    return _Lexicon(
        term_kind=term_kind,
        unit_kind=unit_kind,
        term=re.compile(rf"(?<!\w)(?:{terms})(?!\w)", flags),
        number_then_term=re.compile(
            rf"{number}(?:\s+(?P<unit>{_alternation(data['units']['tps'])}))?"
            rf"\s+(?P<term>{terms})(?!\w)",
            flags,
        ),
        after_term=re.compile(
            rf"(?P<gap>[^.;!?\n]{{0,60}}?)(?:(?<!\w)(?:{_alternation(data['cues'])})(?!\w)\s*:?|:)"
            rf"\s*{number}(?:\s+(?P<unit>{_alternation(unit_kind)})(?!\w))?",
            flags,
        ),
        voters=re.compile(
            rf"{number}\s+(?P<unit>{_alternation(data['units']['dpt'])})(?!\w)", flags
        ),
        multipliers={k.lower(): v for k, v in data["multipliers"].items()},
        number_words={k.lower(): v for k, v in data["number_words"].items()},
        number_scales={k.lower(): v for k, v in data["number_scales"].items()},
        teen_word=data["teen_word"].lower(),
        dpt_context=_words(data["dpt_context"]),
        subset_after=_words(data["subset_after"]),
        subset_before=_words(data["subset_before"]),
        year_words=frozenset(w.lower() for w in data["year_words"]),
        place=re.compile(rf"(?<!\w)(?P<lvl>{levels})\s+(?P<name>{_CAPITALISED})"),
        place_after=re.compile(
            rf"\s+(?:yang\s+)?(?:tersebar\s+)?(?:di|se-?)\s*(?P<lvl>{levels})\s+(?P<name>{_CAPITALISED})"
        ),
        place_stopwords=frozenset(w.lower() for w in data["place_stopwords"])
        | frozenset(w.lower().rstrip(".") for w in data["place_levels"]),
    )


def parse_number_words(words: str, lex: _Lexicon | None = None) -> int | None:
    """The value of Indonesian number words ("dua puluh lima" is 25), None when ill-formed."""
    lex = lex or _lexicon()
    total = current = last = 0
    for w in words.lower().split():
        if w in lex.number_words:
            value = lex.number_words[w]
            if value >= 1000:
                total += value
            elif value == 100:
                current += value
            elif last:
                return None  # "dua tiga" is two numbers, not one
            else:
                last = value
        elif w == lex.teen_word:
            if not 0 < last < 10:
                return None
            current, last = current + last + 10, 0
        elif w in lex.number_scales:
            scale = lex.number_scales[w]
            if scale >= 1000:
                if not (current or last):
                    return None
                total, current, last = total + (current + last) * scale, 0, 0
            else:
                if not last:
                    return None
                current, last = current + last * scale, 0
        else:
            return None
    return (total + current + last) or None


def parse_number(digits: str | None, words: str | None, mult: str | None,
                 lex: _Lexicon | None = None) -> int | None:
    """A count from digits or words and an optional "ribu"/"juta"; None when not a whole count."""
    lex = lex or _lexicon()
    if words:
        value = parse_number_words(words, lex)
        return value * lex.multipliers[mult.lower()] if value and mult else value
    if mult:
        scale = lex.multipliers[mult.lower()]
        if re.fullmatch(r"\d+[.,]\d{1,2}", digits):
            return round(float(digits.replace(",", ".")) * scale)  # "1,2 juta"
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*", digits):
            return int(re.sub(r"[.,]", "", digits)) * scale
        return None
    if digits.isdigit():
        return int(digits)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+", digits):
        return int(re.sub(r"[.,]", "", digits))  # "23.370"
    return None  # a decimal without a multiplier counts nothing


@dataclass(frozen=True)
class _Figure:
    kind: str
    value: int
    start: int  # the evidence: number through term (or term through number)
    end: int
    number: int  # where the number starts: places before it may be the scope
    confidence: float
    scope: str | None = None


class _Sentences:
    def __init__(self, doc: Doc):
        self.bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        self.starts = [b[0] for b in self.bounds]

    def at(self, pos: int) -> tuple[int, int]:
        return self.bounds[max(0, bisect.bisect_right(self.starts, pos) - 1)]


def _subset(lex: _Lexicon, text: str, num_start: int, tail_start: int, sentence) -> bool:
    """Words near the figure that make it part of a total."""
    s_start, s_end = sentence
    before = text[max(s_start, num_start - 25):num_start]
    after = text[tail_start:min(s_end, tail_start + 30)].split(",")[0]
    return bool(lex.subset_before.search(before) or lex.subset_after.search(after))


def _is_year(lex: _Lexicon, text: str, m: re.Match) -> bool:
    digits = m.group("digits")
    if not digits or not digits.isdigit() or not 1900 <= int(digits) <= 2100:
        return False
    previous = text[max(0, m.start() - 20):m.start()].split()
    return bool(previous) and previous[-1].lower() in lex.year_words


def _place_name(lex: _Lexicon, m: re.Match) -> str | None:
    kept = []
    for word in m.group("name").split():
        if word.lower().rstrip(".,") in lex.place_stopwords:
            break
        kept.append(word)
    name = " ".join(kept).rstrip(".,")
    return f"{m.group('lvl')} {name}" if name else None


def _scope(lex: _Lexicon, text: str, start: int, end: int, sentence, places) -> str | None:
    """The place a figure is for: named right after it, else the nearest before its number."""
    s_start, s_end = sentence
    if (m := lex.place_after.match(text, end, s_end)) and (name := _place_name(lex, m)):
        return name
    before = [n for m in lex.place.finditer(text, s_start, start) if (n := _place_name(lex, m))]
    if before:
        return before[-1]
    known = [p for p in places if s_start <= p.start and p.end <= start]
    if known:
        p = max(known, key=lambda p: p.end)
        return text[p.start:p.end]
    return None


def _figures(lex: _Lexicon, doc: Doc) -> list[_Figure]:
    text = doc.text
    sentences = _Sentences(doc)
    claimed: set[int] = set()
    figures: list[_Figure] = []

    # "87 TPS": number, optional unit, term.
    for m in lex.number_then_term.finditer(text):
        claimed.add(m.start())
        kind = lex.term_kind[" ".join(m.group("term").split()).lower()]
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        sentence = sentences.at(m.start())
        if not value or _is_year(lex, text, m) or _subset(lex, text, m.start(), m.end(), sentence):
            continue
        figures.append(_Figure(kind, value, m.start(), m.end(), m.start(),
                               0.9 if m.group("words") else 1.0))

    # "DPT sejumlah 23370": term, a gap without other numbers or terms, cue, number.
    for t in lex.term.finditer(text):
        m = lex.after_term.match(text, t.end())
        if not m or m.start("digits" if m.group("digits") else "words") in claimed:
            continue
        num_start = m.start("digits" if m.group("digits") else "words")
        kind = lex.term_kind[" ".join(t.group().split()).lower()]
        gap = m.group("gap")
        unit = (m.group("unit") or "").lower()
        if (_DIGITS.search(_YEARS.sub("", gap)) or lex.term.search(gap)
                or lex.subset_after.search(gap) or lex.unit_kind.get(unit, kind) != kind):
            continue  # "TPS 05 sebanyak 300 pemilih" counts voters at one station
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        sentence = sentences.at(t.start())
        if not value or _subset(lex, text, t.start(), m.end(), sentence):
            continue
        claimed.add(num_start)
        figures.append(_Figure(kind, value, t.start(), m.end(), num_start,
                               0.9 if m.group("words") else 1.0))

    # "1,2 juta pemilih" in a sentence about the DPT.
    for m in lex.voters.finditer(text):
        if m.start() in claimed:
            continue
        sentence = sentences.at(m.start())
        if not lex.dpt_context.search(text, *sentence):
            continue
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        if not value or _is_year(lex, text, m) or _subset(lex, text, m.start(), m.end(), sentence):
            continue
        figures.append(_Figure("dpt", value, m.start(), m.end(), m.start(), 0.8))
    return figures


def extract(doc: Doc, found: dict) -> tuple[Count, ...]:
    """TPS and DPT totals with their scope; conflicting totals flagged."""
    lex = _lexicon()
    rule = rules.rule_id(NAME)
    text = doc.text
    sentences = _Sentences(doc)
    places = found.get("places", ())
    figures = sorted(
        (replace(f, scope=_scope(lex, text, f.number, f.end, sentences.at(f.start), places))
         for f in _figures(lex, doc)),
        key=lambda f: f.start,
    )
    kept: dict[tuple, _Figure] = {}
    for f in figures:
        kept.setdefault((f.kind, f.value, f.scope), f)  # the same total twice is one record
    values: dict[tuple, set] = {}
    for kind, value, scope in kept:
        values.setdefault((kind, scope), set()).add(value)
    records = []
    for (kind, value, scope), f in kept.items():
        conflict = len(values[(kind, scope)]) > 1
        records.append(Count(
            kind=kind, value=value, start=f.start, end=f.end, rule=rule, scope=scope,
            confidence=min(f.confidence, 0.6) if conflict else f.confidence,
            flags=("conflicting_counts",) if conflict else (),
        ))
    return tuple(records)
