"""People: mentions of one person merged, and one ``Official`` made of each.

Two names are one person when they are the same, one is a short form of the other
("Bagus" and "Bagus Suryo Wibowo") or a respelling ("Mursalin", "Mursalim"), and no rank
contradicts it; a respelling also needs another fact in common, and a short form that
could be two people joins neither. ``to_official`` takes the most complete mention's name
and the facts all mentions agree on, flags conflicts and lowers the confidence by the
flags' penalties.

Imports: ``pipeline.records``, ``.words`` (and the reader, for types only).
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.records import Official
from pipeline.analysis.rules.officials.words import Mention

if TYPE_CHECKING:
    from pipeline.analysis.rules.officials.reader import Reader


def _name_words(name: str) -> list[str]:
    return [w.lower().replace(".", "") for w in name.split()]


def same_person(a: str, b: str) -> str | None:
    """How two names can be one person: "same", "short" (one inside the other), "spelling"."""
    ka, kb = _name_words(a), _name_words(b)
    if ka == kb:
        return "same"
    short, long = sorted((ka, kb), key=len)
    if len(short) < len(long) and all(w in long for w in short):
        return "short"
    if len(ka) == len(kb) and SequenceMatcher(None, " ".join(ka), " ".join(kb)).ratio() >= 0.85:
        return "spelling"
    return None


_same_person = lru_cache(maxsize=4096)(same_person)


class _Facts:
    """What a person's mentions so far say: their ranks and (position, org) pairs."""

    def __init__(self) -> None:
        self.ranks: set[str] = set()
        self.posts: set[tuple] = set()

    def add(self, m: Mention) -> None:
        if m.rank:
            self.ranks.add(m.rank)
        self.posts.add((m.position, m.org))


def _fits(m: Mention, facts: _Facts, how: str) -> bool:
    """Another mention may join a person only when no rank contradicts it."""
    if m.rank and facts.ranks - {m.rank}:
        return False
    if how == "spelling":  # a respelled name needs another fact in common
        return bool((m.rank and m.rank in facts.ranks) or (m.position and (m.position, m.org) in facts.posts))
    return True


_HOW = ("same", "short", "spelling")


def merge(mentions: list[Mention]) -> list[list[Mention]]:
    """Named mentions grouped by person, in order of first mention."""
    groups: list[list[Mention]] = []
    # Each group's distinct spellings: a name repeated 1,000 times is compared once, and
    # each pair of spellings once per article (cost grows with spellings, not mentions).
    spellings: list[dict[str, None]] = []
    facts: list[_Facts] = []
    for m in (m for m in mentions if m.name):
        matches = []
        for n, names in enumerate(spellings):
            hows = [h for name in names if (h := _same_person(m.name, name))]
            how = min(hows, key=_HOW.index) if hows else None
            if how and _fits(m, facts[n], how):
                matches.append((how, n))
        exact = [n for how, n in matches if how == "same"]
        if exact:
            groups[exact[0]].append(m)
            spellings[exact[0]].setdefault(m.name)
            facts[exact[0]].add(m)
        elif len(matches) == 1:  # a short or respelled form joins only an unambiguous person
            how, n = matches[0]
            groups[n].append(replace(m, flags=m.flags + ("name_spelling_merged",)) if how == "spelling" else m)
            spellings[n].setdefault(m.name)
            facts[n].add(m)
        elif any(how == "short" for how, _ in matches):
            continue  # "Kompol Bagus" with two Bagus in the article: one of them, not a third person
        else:
            groups.append([m])
            spellings.append({m.name: None})
            facts.append(_Facts())
            facts[-1].add(m)
    return groups


def _completeness(m: Mention) -> tuple:
    return (m.position is not None, m.rank is not None, m.place is not None, m.org is not None,
            len(m.name.split()), len(m.titles), m.role != "former")


def to_official(group: list[Mention], reader: Reader, rule: str) -> Official:
    """One person's Official: the most complete mention, facts agreed by all mentions."""
    named = [m for m in group if m.name]
    best = max(named, key=_completeness)
    flags: list[str] = []
    for m in group:
        flags.extend(f for f in m.flags if f not in flags)
    ranks = {m.rank for m in named if m.rank}
    rank = next(iter(ranks)) if len(ranks) == 1 else None
    if len(ranks) > 1:
        flags.append("rank_conflict")
    # A former post is not the position (docs/gold.md): someone known only as "mantan Kapolsek" has none.
    canonical = reader.lex.canonical_positions
    current = [m for m in group if m.position and m.role != "former"]
    positions = {canonical.get(m.position, m.position) for m in current}
    position = next(iter(positions)) if len(positions) == 1 else None
    if len(positions) > 1:
        flags.append("position_conflict")
    sources = [m for m in current if canonical.get(m.position, m.position) == position] if position else \
        ([] if positions else [m for m in named if m.role != "former"])
    orgs = {m.org for m in sources if m.org}
    placed = {m.org for m in sources if m.org and m.place}
    # "Kepala Lapas Batu Nusakambangan, A" ... "Kepala Lapas Batu, A": the short form of the same place (officials 10)
    placed = {o for o in placed if not any(p != o and p.startswith(o + " ") for p in placed)}
    org = next(iter(placed)) if len(placed) == 1 else next(iter(orgs)) if len(orgs) == 1 else None
    roles = {m.role for m in group}
    role = next((r for r in ("stand-in", "speaker", "holder") if r in roles), "former")
    titles: list[str] = []
    for m in [best, *named]:
        titles.extend(t for t in m.titles if t not in titles)
    # the position as the text writes it, from the first mention that writes it as a phrase
    written = next((m.written for m in sources if m.written), None) if position else None
    penalty = sum(reader.lex.flag_penalties.get(f, 0.2) for f in flags)
    return Official(
        name=best.name, rank=rank, position=position, org=org,
        start=reader.toks[best.first].start, end=reader.toks[best.last - 1].end, rule=rule,
        titles=tuple(titles), role=role, confidence=round(max(1.0 - penalty, 0.1), 2), flags=tuple(flags),
        position_written=written,
    )
