"""Rule family 'elections': which elections an article names, their year, voting day and region.

The names, region words and examples live in ``data/elections.yml``; its description is
the reference for how years, dates and regions are chosen.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import rules
from pipeline.records import Doc, Election

NAME = "elections"
VERSION = 1

_YEAR = re.compile(
    r"\s*,?\s*(?:tahun\s+)?(?P<y>(?:19|20)\d{2})(?:\s*/\s*(?P<y2>(?:19|20)\d{2}))?(?![\d/])",
    re.IGNORECASE,
)
_CAPITALISED = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _phrase(words) -> str:
    """An alternation where the words of a phrase may be split by any run of spaces."""
    return _alternation(words).replace(r"\ ", r"\s+")


@dataclass(frozen=True)
class _Lexicon:
    """elections.yml compiled once per process."""

    mention: re.Pattern
    types: dict  # lower-case name (single spaces) -> type
    abbreviation_after: re.Pattern
    qualifiers: re.Pattern
    region_before: re.Pattern
    region_after: re.Pattern
    stopwords: frozenset
    hypothetical_types: frozenset
    hypothetical: re.Pattern
    before: int
    after: int
    past: re.Pattern
    generic: str
    village: frozenset


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = rules.load_data(NAME)
    types = {name.lower(): t for t, names in data["types"].items() for name in names}
    sensitive = set(data["case_sensitive"])
    loose = [n for names in data["types"].values() for n in names if n not in sensitive]
    mention = re.compile(
        rf"\b(?:(?i:{_phrase(loose)})|{_alternation(sensitive)})\b"
    )
    levels = _alternation(data["region_levels"])
    hyp = data["hypothetical"]
    return _Lexicon(
        mention=mention,
        types=types,
        abbreviation_after=re.compile(rf"\s*\(\s*(?:{_alternation(types)})\s*\)", re.IGNORECASE),
        qualifiers=re.compile(rf"(?:\s+(?:{_phrase(data['qualifiers'])})\b)+", re.IGNORECASE),
        region_before=re.compile(rf"\s+(?:di\s+)?(?:(?P<lvl>{levels})\s+)?(?P<name>{_CAPITALISED})"),
        region_after=re.compile(rf"\s+(?:di|se-?)\s*(?:(?P<lvl>{levels})\s+)?(?P<name>{_CAPITALISED})"),
        stopwords=frozenset(w.lower() for w in data["region_stopwords"]) | frozenset(types),
        hypothetical_types=frozenset(hyp["types"]),
        hypothetical=re.compile(rf"\b(?:{_phrase(hyp['words'])})\b", re.IGNORECASE),
        before=hyp["before"],
        after=hyp["after"],
        past=re.compile(rf"^\s*,?\s*(?:{_phrase(data['past'])})\b", re.IGNORECASE),
        generic=data["generic"],
        village=frozenset(data["village"]),
    )


@dataclass(frozen=True)
class _Mention:
    """One place the text names an election."""

    type: str
    start: int
    end: int
    sentence: int
    year: int | None  # attached to the mention itself
    region: str | None
    spelled: bool
    past: bool


def _place_name(lex: _Lexicon, m: re.Match) -> tuple[str | None, int]:
    """The region a capitalised run names (up to the first stopword) and where it ends."""
    words = re.finditer(r"\S+", m.group("name"))
    end = None
    for w in words:
        if w.group().lower().rstrip(".,") in lex.stopwords:
            break
        end = m.start("name") + w.end()
    if end is None:
        return None, m.start("name")
    name = m.string[m.start("name"):end].rstrip(".,")
    level = m.group("lvl")
    return (f"{level} {name}" if level else name), end


def _is_place(found_places, start: int, end: int) -> bool:
    return any(p.start <= start and end <= p.end or start <= p.start < end for p in found_places)


def _tail(lex: _Lexicon, text: str, pos: int, limit: int, places
          ) -> tuple[int | None, str | None, int]:
    """The year and region written right after a mention, and where its name ends."""
    if m := lex.abbreviation_after.match(text, pos, limit):
        pos = m.end()
    name_end = pos
    if m := lex.qualifiers.match(text, pos, limit):
        pos = m.end()
    region = None
    if m := lex.region_before.match(text, pos, limit):
        name, end = _place_name(lex, m)
        # Without a level word, a capitalised run is a region only when a year follows
        # ("Pilkada Banyuasin 2024") or the places family knows it.
        if name and (m.group("lvl") or _YEAR.match(text, end, limit)
                     or _is_place(places, m.start("name"), end)):
            region, pos = name, end
    year = None
    if m := _YEAR.match(text, pos, limit):
        year = max(int(m.group("y")), int(m.group("y2") or 0))
        pos = name_end = m.end()
        if m := lex.qualifiers.match(text, pos, limit):
            pos = m.end()
    if region is None:
        region = _region_after(lex, text, pos, limit, places)
    return year, region, name_end


def _region_after(lex: _Lexicon, text: str, pos: int, limit: int, places) -> str | None:
    """A place introduced by "di"/"se-" right at ``pos``."""
    if m := lex.region_after.match(text, pos, limit):
        name, end = _place_name(lex, m)
        if name and (m.group("lvl") or _is_place(places, m.start("name"), end)):
            return name
    return None


def _hypothetical(lex: _Lexicon, text: str, start: int, end: int, s_start: int, s_end: int) -> bool:
    before = text[max(s_start, start - lex.before):start]
    after = text[end:min(s_end, end + lex.after)]
    return bool(lex.hypothetical.search(before) or lex.hypothetical.search(after))


def _find_mentions(lex: _Lexicon, doc: Doc, places) -> list[_Mention]:
    text = doc.text
    bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    starts = [b[0] for b in bounds]
    mentions = []
    for m in lex.mention.finditer(text):
        surface = " ".join(m.group().split()).lower()
        etype = lex.types.get(surface) or lex.types.get(m.group())
        if etype is None:
            continue
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        s_start, s_end = bounds[i]
        limit = max(s_end, m.end())
        if etype in lex.hypothetical_types and _hypothetical(lex, text, m.start(), m.end(), s_start, s_end):
            continue
        year, region, end = _tail(lex, text, m.end(), limit, places)
        after = text[m.end():limit]
        past = bool(lex.past.match(_YEAR.sub("", after[:40], count=1)))
        mentions.append(_Mention(etype, m.start(), end, i, year, region, " " in surface, past))
    return mentions


def _sentence_of(doc: Doc, pos: int) -> int:
    starts = [s.start for s in doc.sentences]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def extract(doc: Doc, found: dict) -> tuple[Election, ...]:
    """One Election per distinct (type, year) the article names."""
    lex = _lexicon()
    rule = rules.rule_id(NAME)
    places = found.get("places", ())
    mentions = _find_mentions(lex, doc, places)
    if not mentions:
        return ()
    dates = found.get("dates", ())
    dated = [(d, _sentence_of(doc, d.start)) for d in dates]
    voting = [(d, i) for d, i in dated if d.kind == "election_day"]
    voting_years = {int(d.date[:4]) for d, _ in voting}

    def year_of(m: _Mention) -> tuple[int | None, str]:
        """The mention's year and where it came from: own | voting | sibling | sentence | article."""
        if m.year is not None:
            return m.year, "own"
        same = [int(d.date[:4]) for d, i in voting if i == m.sentence]
        if same:
            return same[0], "voting"
        siblings = [n for n in mentions if n.type == m.type and n.year is not None]
        if siblings:
            return min(siblings, key=lambda n: abs(n.start - m.start)).year, "sibling"
        if m.type == lex.generic:
            return None, "none"  # "pemilu" in general takes no year from around it
        in_sentence = [int(d.date[:4]) for d, i in dated if i == m.sentence]
        if in_sentence:
            return in_sentence[0], "sentence"
        if len(voting_years) == 1:
            return next(iter(voting_years)), "article"
        return None, "none"

    groups: dict[tuple[str, int | None], list[tuple[_Mention, str]]] = {}
    for m in mentions:
        year, source = year_of(m)
        groups.setdefault((m.type, year), []).append((m, source))
    others = {t for t, _ in groups if t != lex.generic}
    if others:
        groups.pop((lex.generic, None), None)

    # A voting day in the sentence of a mention is that election's; only days no
    # election claims this way go, by year, to an election that names none.
    own_day = {}
    for key, members in groups.items():
        sentences = {m.sentence for m, _ in members}
        own_day[key] = next((d for d, i in voting if i in sentences
                             and (key[1] is None or int(d.date[:4]) == key[1])), None)
    claimed = {d.date for d in own_day.values() if d is not None}

    records = []
    for (etype, year), members in groups.items():
        voting_day = own_day[(etype, year)]
        of_year = sorted({d.date for d, _ in voting if year is not None
                          and int(d.date[:4]) == year and d.date not in claimed})
        date = voting_day.date if voting_day else (of_year[0] if len(of_year) == 1 else None)

        def specificity(item: tuple[_Mention, str]) -> tuple:
            m, _ = item
            has_day = any(i == m.sentence for _, i in voting)
            return (-(2 * (m.year is not None) + (m.region is not None) + m.spelled + has_day), m.start)

        best, source = min(members, key=specificity)
        region = best.region or next((m.region for m, _ in members if m.region), None)
        if region is None and voting_day is not None:
            region = _region_after(lex, doc.text, voting_day.end, len(doc.text), places)
        confidence = {"own": 1.0, "voting": 1.0, "none": 0.6}.get(source, 0.8)
        if all(m.past for m, _ in members):
            confidence = min(confidence, 0.7)
        flags = ("not_kpu",) if etype in lex.village else ()
        records.append(Election(
            type=etype, year=year, date=date, start=best.start, end=best.end, rule=rule,
            region=region, confidence=confidence, flags=flags,
        ))
    return tuple(sorted(records, key=lambda e: e.start))
