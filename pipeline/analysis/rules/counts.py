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
VERSION = 3
# Candidates (figures that are not totals) are kept, with their reason, at this confidence.
CANDIDATE_CONFIDENCE = 0.3

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
    voters_context: re.Pattern
    subset_after: re.Pattern
    subset_before: re.Pattern
    refuse_before: dict  # reason -> pattern of words shortly before the number
    psu: re.Pattern
    not_on_list: re.Pattern
    total_frame: re.Pattern
    described: re.Pattern
    range_before: re.Pattern
    small_tps: int
    most: dict  # kind -> the largest figure that can be a count of that kind
    people: re.Pattern
    other_list: re.Pattern
    levels: dict  # lower-case level word -> rank (0 province ... 3 village)
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
    levels = _alternation([w for ws in data["scope_levels"] for w in ws])
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
        voters_context=_words(data["voters_context"]),
        subset_after=_words(data["subset_after"]),
        subset_before=_words(data["subset_before"]),
        refuse_before={reason: _words(ws) for reason, ws in data["refuse_before"].items()},
        psu=_words(data["psu_words"]),
        not_on_list=_words(data["not_on_list"]),
        total_frame=_words(data["total_frame"]),
        described=re.compile(
            rf"(?:\s+di\s+[^,.;:!?\n]{{0,40}}?)?\s+yang\s+(?!(?:{_alternation(data['described_ok'])})(?!\w))",
            flags,
        ),
        range_before=re.compile(
            rf"(?:\d+|(?<!\w)(?:{words}))\s*(?:-|–|hingga|sampai|s\.d\.?|atau)\s*$", flags
        ),
        small_tps=int(data["small_tps"]),
        most={k: int(v) for k, v in data["most"].items()},
        other_list=_words(data["other_lists"]),
        people=re.compile(rf"\s+(?:{_alternation(data['people_nouns'])})(?!\w)", flags),
        levels={w.lower().rstrip("."): rank for rank, ws in enumerate(data["scope_levels"])
                for w in ws},
        year_words=frozenset(w.lower() for w in data["year_words"]),
        place=re.compile(rf"(?<!\w)(?P<lvl>{levels})\s+(?P<name>{_CAPITALISED})"),
        place_after=re.compile(
            rf"\s+(?:yang\s+)?(?:tersebar\s+)?(?:di|se-?)\s*(?P<lvl>{levels})\s+(?P<name>{_CAPITALISED})"
        ),
        place_stopwords=frozenset(w.lower() for w in data["place_stopwords"])
        | frozenset(w.lower().rstrip(".") for ws in data["scope_levels"] for w in ws),
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
    reason: str | None = None  # why it is only a candidate; None for a total
    flags: tuple[str, ...] = ()


class _Sentences:
    def __init__(self, doc: Doc):
        self.bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        self.starts = [b[0] for b in self.bounds]

    def at(self, pos: int) -> tuple[int, int]:
        return self.bounds[max(0, bisect.bisect_right(self.starts, pos) - 1)]

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)


def _subset(lex: _Lexicon, text: str, num_start: int, tail_start: int, sentence) -> str | None:
    """Why words near the figure make it part of a total (or an official's round), if they do."""
    s_start, s_end = sentence
    before = text[max(s_start, num_start - 25):num_start]
    after = text[tail_start:min(s_end, tail_start + 30)].split(",")[0]
    for reason, pattern in lex.refuse_before.items():
        if pattern.search(before):
            return reason
    if lex.subset_before.search(before) or lex.subset_after.search(after):
        return "subset"
    return None


def _refusal(lex: _Lexicon, text: str, kind: str, value: int, num_start: int, end: int,
             sentence, cue: bool) -> str | None:
    """Why a figure the grammar found is not a total (None: it is one). ``cue``: the figure
    is the term's size ("jumlah TPS sebanyak 87"), the strongest grammar there is."""
    s_start, s_end = sentence
    reason = _subset(lex, text, num_start, end, sentence)
    if reason:
        return reason
    before = text[s_start:num_start]
    near = text[max(s_start, num_start - 40):num_start]
    if kind == "tps" and lex.psu.search(before) and not lex.total_frame.search(
            before[max(p.end() for p in lex.psu.finditer(before)):]):
        return "psu_subject"  # "PSU ... di 2 TPS": the stations re-voting, not the area's
    if kind == "dpt" and lex.not_on_list.search(text[end:min(s_end, end + 40)]):
        return "not_on_list"  # "12 pemilih tidak terdaftar di DPT"
    if lex.range_before.search(text[max(s_start, num_start - 20):num_start]):
        return "range"  # "satu personel untuk dua hingga tiga TPS"
    if cue:
        return None
    framed = bool(lex.total_frame.search(near))
    if kind == "tps" and value < lex.small_tps and not framed:
        return "small_figure"  # "2 TPS di Desa Puyung ...": a handful named, not counted
    if kind == "tps" and not framed and lex.described.match(text, end, s_end):
        return "described_subset"  # "ada 16 TPS yang berdekatan dengan ..."
    return None


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


def _level(lex: _Lexicon, scope: str | None) -> int | None:
    """How fine a scope is (0 province ... 3 village) when it starts with a level word."""
    if not scope:
        return None
    return lex.levels.get(scope.split()[0].lower().rstrip("."))


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
        if not value or _is_year(lex, text, m):
            continue
        reason = _refusal(lex, text, kind, value, m.start(), m.end(), sentence, cue=False)
        figures.append(_Figure(kind, value, m.start(), m.end(), m.start(),
                               0.9 if m.group("words") else 1.0, reason=reason))

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
                or lex.unit_kind.get(unit, kind) != kind):
            continue  # "TPS 05 sebanyak 300 pemilih" counts voters at one station
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        if not value:
            continue
        sentence = sentences.at(t.start())
        reason = "subset" if lex.subset_after.search(gap) else _refusal(
            lex, text, kind, value, num_start, m.end(), sentence, cue=True)
        claimed.add(num_start)
        figures.append(_Figure(kind, value, t.start(), m.end(), num_start,
                               0.9 if m.group("words") else 1.0, reason=reason))

    # "1,2 juta pemilih" in a sentence about the DPT; voters counted without the DPT
    # ("jumlah pemilih 6.218 orang") stay candidates.
    for m in lex.voters.finditer(text):
        if m.start() in claimed:
            continue
        sentence = sentences.at(m.start())
        about_dpt = lex.dpt_context.search(text, *sentence)
        if not about_dpt and not lex.voters_context.search(text, *sentence):
            continue
        if lex.people.match(text, m.end()):
            continue  # "tiga orang komisioner" at a DPT plenary are people, not voters
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        if not value or _is_year(lex, text, m):
            continue
        reason = _refusal(lex, text, "dpt", value, m.start(), m.end(), sentence, cue=False)
        if not reason and lex.other_list.search(text, max(sentence[0], m.start() - 60), m.start()):
            reason = "other_list"  # "DPS yang berjumlah 96.540 pemilih sebelum menjadi DPT"
        if not reason and not about_dpt:
            reason = "voters_not_dpt"
        figures.append(_Figure("dpt", value, m.start(), m.end(), m.start(), 0.8, reason=reason))
    return figures


def _with_scopes(lex: _Lexicon, doc: Doc, figures: list[_Figure], places) -> list[_Figure]:
    """Each figure's scope; a total without one in its sentence takes the scope of the total
    just before it (same or previous sentence: "DPT Kabupaten X ... Adapun jumlah TPS ...")."""
    text = doc.text
    sentences = _Sentences(doc)
    out: list[_Figure] = []
    last: tuple[int, str] | None = None  # (sentence index, scope) of the last scoped total
    for f in sorted(figures, key=lambda f: f.start):
        scope = _scope(lex, text, f.number, f.end, sentences.at(f.start), places)
        here = sentences.index(f.start)
        flags = f.flags
        if scope is None and f.reason is None and last and here - last[0] <= 1:
            scope, flags = last[1], flags + ("scope_from_previous",)
        if scope is not None and f.reason is None:
            last = (here, scope)
        out.append(replace(f, scope=scope, flags=flags))
    return out


_LARGEST_STORED = 2**63 - 1  # SQLite's INTEGER


def extract(doc: Doc, found: dict) -> tuple[Count, ...]:
    """TPS and DPT totals with their scope, and the figures that are only candidates (with
    the reason); conflicting totals flagged, a sub-area's total ranked below its area's."""
    lex = _lexicon()
    rule = rules.rule_id(NAME)
    # A figure beyond any real count ("99999999999999999999 TPS") is a candidate, and one
    # too large for the database's integers is no figure at all.
    figures = [f if f.value <= lex.most[f.kind] else replace(f, reason="implausible")
               for f in _figures(lex, doc) if f.value <= _LARGEST_STORED]
    figures = _with_scopes(lex, doc, figures, found.get("places", ()))
    kept: dict[tuple, _Figure] = {}
    for f in figures:
        # the same total twice is one record; a candidate never hides a total
        key = (f.kind, f.value, f.scope, f.reason is None)
        kept.setdefault(key, f)
    totals = [f for f in kept.values() if f.reason is None]
    stated = {(f.kind, f.value) for f in totals}
    kept = {k: f for k, f in kept.items()  # a candidate repeating a total adds nothing
            if f.reason is None or (f.kind, f.value) not in stated}
    values: dict[tuple, set] = {}
    for f in totals:
        values.setdefault((f.kind, f.scope), set()).add(f.value)
    coarsest: dict[str, int] = {}
    for f in totals:
        if (level := _level(lex, f.scope)) is not None:
            coarsest[f.kind] = min(level, coarsest.get(f.kind, level))
    records = []
    for f in sorted(kept.values(), key=lambda f: f.start):
        confidence, flags = f.confidence, f.flags
        if f.reason is not None:
            confidence, flags = min(confidence, CANDIDATE_CONFIDENCE), ("candidate", f.reason)
        else:
            if len(values[(f.kind, f.scope)]) > 1:
                confidence, flags = min(confidence, 0.6), flags + ("conflicting_counts",)
            level = _level(lex, f.scope)
            if level is not None and level > coarsest[f.kind]:
                confidence, flags = min(confidence, 0.5), flags + ("sub_area",)
        records.append(Count(
            kind=f.kind, value=f.value, start=f.start, end=f.end, rule=rule, scope=f.scope,
            confidence=confidence, flags=flags,
        ))
    return tuple(records)


def is_total(count) -> bool:
    """A stated total (not a candidate kept with its reason); works on records and rows."""
    flags = count.flags if hasattr(count, "flags") else count["flags"]
    return "candidate" not in (flags or ())
