"""Where an event was held: the venue as written and the finest place named for it.

Part of the 'events' family.
"""

from __future__ import annotations

import re

from pipeline.analysis.rules.events.layout import span_finder
from pipeline.analysis.rules.events.lexicon import event_rules
from pipeline.records import Doc, Place, Sentence

# Finer places first when an event could be placed at several: the kecamatan, kota or
# kabupaten as named (issue 12); a desa only when none of those is named, the province last.
_LEVEL_RANK = {"kecamatan": 4, "kota": 3, "kabupaten": 3, "desa": 2, "kelurahan": 2, "provinsi": 1}


def venue_in(sentence: str) -> str | None:
    """The building or room after "di" in a sentence, as written."""
    r = event_rules()
    for m in r.venue.finditer(sentence):
        kept: list[str] = []
        seen_capital = False
        for token in sentence[m.end():].split()[:12]:
            core = token.rstrip(".,;:!?\"'”")
            if not core or core in r.venue_ends or (seen_capital and core[0].islower()):
                break
            kept.append(core)
            seen_capital = seen_capital or core[0].isupper() or core.startswith("(")
            if core != token:
                break
        if seen_capital and len(kept) >= 2:
            return " ".join(kept)
    return None


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I) is not None


def finest_place(doc: Doc, places: tuple[Place, ...], venue: str | None, spans: list[Sentence]) -> Place | None:
    """The finest place named in the venue (a kecamatan, kota or kabupaten), else in the
    event's sentences (a desa, the venue's included, only when they name none of those)."""
    text = doc.text

    def located(p: Place) -> bool:
        """Named after "di" in the event's sentences ("di sebuah hotel di Kota Pariaman")."""
        said = re.compile(rf"(?<![\w-])di\s+(?:{p.level}\s+)?{re.escape(p.name)}(?![\w-])", re.I)
        return any(said.search(text[s.start:s.end]) for s in spans)

    def finest(cands: list[Place]) -> Place | None:
        cands = [p for p in cands if p.level in _LEVEL_RANK]
        if not cands:
            return None
        # at one rank: the place the activity is said to be "di"; then one written with its
        # level ("di Kota Gorontalo") before a same-named one that is not ("KPU Provinsi
        # Gorontalo"); then one named in a sentence before the bare town of a dateline
        # ("PARIAMAN - Kapolres Padang Pariaman meninjau ...": the reporter's town)
        def key(p: Place) -> tuple:
            with_level = text[p.start:p.end].lower().startswith(p.level)
            town = not with_level and _opens_line(text, p)
            return _LEVEL_RANK[p.level], p.code is not None, located(p), with_level, not town, -p.start

        return max(cands, key=key)

    hit = finest([p for p in places if _contains(venue, p.name)]) if venue else None
    if hit and _LEVEL_RANK[hit.level] >= _LEVEL_RANK["kabupaten"]:
        return hit
    # A place inside one of the spans, or named in one (each name looked up once).
    span_at = span_finder(spans)
    named: dict[str, bool] = {}

    def inside(p: Place) -> bool:
        if span_at(p.start) is not None:
            return True
        if p.name not in named:  # by its name or as first written ("Sidrap" for Sidenreng Rappang)
            forms = {p.name, text[p.start:p.end]}
            named[p.name] = any(_contains(text[s.start:s.end], f) for s in spans for f in forms)
        return named[p.name]

    return finest([p for p in places if inside(p)] + ([hit] if hit else []))


def _opens_line(text: str, place: Place) -> bool:
    """Whether the place opens its line: the town of a dateline ("PARIAMAN -")."""
    return place.start == 0 or text[place.start - 1] == "\n"


def place_name_of(place: Place, places: tuple[Place, ...]) -> str:
    """The place's name, with its level ("Kota Gorontalo") where the article names another
    region of that name (Provinsi and Kabupaten Gorontalo), so the two are not mixed up."""
    twins = [p for p in places if p.name.lower() == place.name.lower() and p.level != place.level]
    if twins and place.level in ("kota", "kabupaten", "kecamatan"):
        return f"{place.level.capitalize()} {place.name}"
    return place.name
