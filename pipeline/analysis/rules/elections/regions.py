"""The year and region written right after an election's name ("Pilkada Banyuasin 2024",
"pemilihan bupati di Kabupaten Sleman")."""

from __future__ import annotations

import re

from pipeline.analysis.rules.elections.lexicon import YEAR, Lexicon


def place_name(lex: Lexicon, m: re.Match) -> tuple[str | None, int]:
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


def is_place(found_places, start: int, end: int) -> bool:
    return any(p.start <= start and end <= p.end or start <= p.start < end for p in found_places)


def tail(lex: Lexicon, text: str, pos: int, limit: int, places
          ) -> tuple[int | None, str | None, int]:
    """The year and region written right after a mention, and where its name ends."""
    if m := lex.abbreviation_after.match(text, pos, limit):
        pos = m.end()
    name_end = pos
    if m := lex.qualifiers.match(text, pos, limit):
        pos = m.end()
    region = None
    if m := lex.region_before.match(text, pos, limit):
        name, end = place_name(lex, m)
        # Without a level word, a capitalised run is a region only when a year follows
        # ("Pilkada Banyuasin 2024") or the places family knows it.
        if name and (m.group("lvl") or YEAR.match(text, end, limit)
                     or is_place(places, m.start("name"), end)):
            region, pos = name, end
    year = None
    if m := YEAR.match(text, pos, limit):
        year = max(int(m.group("y")), int(m.group("y2") or 0))
        pos = name_end = m.end()
        if m := lex.qualifiers.match(text, pos, limit):
            pos = m.end()
    if region is None:
        region = region_after(lex, text, pos, limit, places)
    return year, region, name_end


def region_after(lex: Lexicon, text: str, pos: int, limit: int, places) -> str | None:
    """A place introduced by "di"/"se-" right at ``pos``."""
    if m := lex.region_after.match(text, pos, limit):
        name, end = place_name(lex, m)
        if name and (m.group("lvl") or is_place(places, m.start("name"), end)):
            return name
    return None
