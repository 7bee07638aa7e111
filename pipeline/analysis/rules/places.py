"""Rule family 'places': provinsi, kabupaten/kota, kecamatan and desa named in an article.

Three finders (admin-word cues, abbreviations, datelines; see rules/data/places.yml)
propose mentions; then every distinct (level, name) is resolved to a Kemendagri code,
broad levels first so that the kabupaten and provinces of the article can tell which
of several same-named kecamatan or desa is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from pipeline.analysis import regions
from pipeline.records import Doc, Place
from pipeline.analysis.rules import load_data

NAME = "places"
VERSION = 7  # 2: more kabupaten short forms (officials 8, issue 12); 3: Parimo, Bolmong, Touna (officials 9);
# 4: island kabupaten without "Kepulauan" (officials 10)
# 5: a dateline's outlet of several words ("SURABAYA, Suara Kota -"; issue 12, events)
# 6: more kabupaten short forms (Tanjab Barat, Tanjab Timur, Sidrap, Minut ...; issue 12, events 9 and officials 12)
# 7: Beltim, Bangkep, Selayar, Bolmut ... (issue 12, officials 13, dev10)

# Resolution order: each pass may use the codes of the passes before it as hints.
_PASSES = (("provinsi",), ("kabupaten", "kota", "unknown"), ("kecamatan",), ("desa", "kelurahan"))

_WORD = re.compile(r"\S+")
_TRAILING = ".,;:!?)\"'”’"
_ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)$")
_DATELINE = re.compile(
    r"^(?P<name>[A-Z][A-Za-z'.]*(?: [A-Z][A-Za-z'.]*){0,3}) *"
    # the outlet may be a few words: "SURABAYA, Suara Kota -", "Jakarta, CNN Indonesia --"
    r"(?:, *(?P<outlet>[A-Za-z0-9][A-Za-z0-9.]*(?: [A-Za-z0-9][A-Za-z0-9.]*){0,3}) *)?-+ (?=\S)"
)


@dataclass(frozen=True)
class _Mention:
    level: str
    name: str
    start: int
    end: int
    confidence: float
    needs_code: bool = False  # lower-case names count only when the gazetteer pins them down


@dataclass(frozen=True)
class _Rules:
    cue: re.Pattern
    cue_level: dict[str, str]
    known_only: frozenset[str]
    stop_words: frozenset[str]
    skip_line: re.Pattern
    abbreviation: re.Pattern
    abbreviations: dict[str, tuple[str, str]]  # surface (any case) -> (level, name)
    unit_cue: re.Pattern
    unit_levels: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled rules of places.yml."""
    data = load_data(NAME)
    cue_level = {c.lower(): level for level, cues in data["cues"].items() for c in cues}
    cues = sorted(cue_level, key=len, reverse=True)
    cue = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in cues) + r")[ ]+", re.I)
    abbreviations: dict[str, tuple[str, str]] = {}
    for surface, target in data["abbreviations"].items():
        for form in {surface, surface.upper()}:
            abbreviations[form] = (target["level"], target["name"])
    forms = sorted(abbreviations, key=len, reverse=True)
    abbreviation = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")
    unit_levels = {}
    for unit, levels in data.get("unit_cues", {}).items():
        for form in {unit, unit.upper()}:
            unit_levels[form] = tuple(levels)
    units = sorted(unit_levels, key=len, reverse=True)
    unit_cue = re.compile(r"(?<![\w-])(" + "|".join(re.escape(u) for u in units) + r") (?=[A-Z])")
    # Ranks and office words end a name too ("Kapolres Lombok Timur AKBP ...").
    ranks = load_data("organizations")["stop_words"]
    return _Rules(
        cue=cue,
        cue_level=cue_level,
        known_only=frozenset(data.get("known_only", ())),
        stop_words=frozenset(w.lower() for w in [*data["stop_words"], *ranks]),
        skip_line=re.compile(data["skip_lines"]),
        abbreviation=abbreviation,
        abbreviations=abbreviations,
        unit_cue=unit_cue,
        unit_levels=unit_levels,
    )


def extract(doc: Doc, found: dict) -> tuple[Place, ...]:
    """One Place per distinct (level, name), coded where the gazetteer allows."""
    text = doc.text
    mentions = [m for line_start, line in _lines(text) for m in _find_in_line(line, line_start)]
    mentions += list(_datelines(doc))
    return resolve_mentions(sorted(mentions, key=lambda m: m.start))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for the lines that belong to the article."""
    r = rules()
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not r.skip_line.match(line):
            yield offset, line
        offset += len(line) + 1


def _find_in_line(line: str, offset: int) -> Iterator[_Mention]:
    r = rules()
    for m in r.cue.finditer(line):
        level = r.cue_level[m.group(1).lower()]
        found = _name_after(line, m.end(), level)
        if found is not None:
            name, end, known, lower = found
            conf = 0.95 if known else 0.6
            yield _Mention(level, name, offset + m.start(), offset + end, conf, needs_code=lower)
    for m in r.abbreviation.finditer(line):
        level, name = r.abbreviations[m.group(1)]
        yield _Mention(level, name, offset + m.start(), offset + m.end(), 0.9)
    for m in r.unit_cue.finditer(line):
        found = _whole_run(line, m.end())
        if found is None:
            continue
        run, end = found
        for level in r.unit_levels[m.group(1)]:
            name = _known(run, level)
            if name:
                yield _Mention(level, name, offset + m.end(), offset + end, 0.8)
                break


def _whole_run(line: str, pos: int) -> tuple[str, int] | None:
    """The capitalised words from ``pos`` up to a stop word, punctuation or lower-case word."""
    r = rules()
    words: list[str] = []
    end = pos
    for m in _WORD.finditer(line, pos):
        core = m.group().rstrip(_TRAILING)
        if not core or not (core[0].isupper() or _ROMAN.match(core)) or core.lower() in r.stop_words:
            break
        words.append(core)
        end = m.start() + len(core)
        if core != m.group() or len(words) == 5:
            break
    return (" ".join(words), end) if words else None


def _name_after(line: str, pos: int, level: str) -> tuple[str, int, bool, bool] | None:
    """(name, end, known to the gazetteer, written in lower case) of the name after a cue."""
    r = rules()
    words: list[tuple[str, int]] = []  # (word, end offset in line)
    for m in _WORD.finditer(line, pos):
        if len(words) == 6 or m.group()[0] in "([\"'“":
            break
        core = m.group().rstrip(_TRAILING)
        if not core:
            break
        words.append((core, m.start() + len(core)))
        if core != m.group():  # punctuation closes the name
            break
    for k in range(len(words), 0, -1):
        name = " ".join(w for w, _ in words[:k])
        canonical = _known(name, level)
        if canonical:
            return canonical, words[k - 1][1], True, not words[0][0][0].isupper()
    if level in r.known_only:
        return None
    kept: list[tuple[str, int]] = []
    for w, end in words[:3]:
        if not (w[0].isupper() or _ROMAN.match(w)) or w.lower() in r.stop_words:
            break
        kept.append((w, end))
    if not kept:
        return None
    name = " ".join(_title(w) for w, _ in kept)
    return name, kept[-1][1], False, False


def _known(name: str, level: str) -> str | None:
    """The gazetteer's (or the abbreviation list's) spelling of ``name`` at ``level``."""
    cands = regions.candidates(name, level)
    if cands:
        return regions.bare_name(cands[0].name)
    target = rules().abbreviations.get(name)
    if target and target[0] == level:
        return target[1]
    return None


def province_name(place: str) -> str:
    """The full name of a province written short ("Sulsel" -> "Sulawesi Selatan"), else ``place``.

    ``abbreviations`` above is the one alias table: the officials family names orgs with the
    full name (an org is then one row whichever way an article writes it) and ``pantau eval``
    reads gold written either way through this same function.
    """
    target = rules().abbreviations.get(place)
    return target[1] if target and target[0] == "provinsi" else place


def canonical_org(org: str, kabupaten: bool = False) -> str:
    """``org`` with a province written short at its end written in full: "KPU Sulsel" -> "KPU Sulawesi Selatan".

    With ``kabupaten`` a kabupaten's short form is read too ("Bawaslu Kotim" -> "Bawaslu Kotawaringin
    Timur"): ``pantau eval`` compares officials' orgs so (officials 8), since the officials family writes a
    unit's place in full where the article gives its short form and gold writes it as the text does.
    """
    words = org.split()
    levels = ("provinsi", "kabupaten", "kota") if kabupaten else ("provinsi",)
    table = rules().abbreviations
    for i in range(1, len(words)):
        target = table.get(" ".join(words[i:]))
        if target and target[0] in levels:
            if " ".join(words[i - len(target[1].split()) + 1 :]) == target[1]:
                return org  # already in full: "KPU Kepulauan Sangihe" (the short form "Sangihe" ends it)
            return " ".join(words[:i] + [target[1]])
    return org


def _title(word: str) -> str:
    """ALL-CAPS words in title case; mixed-case words as written."""
    return word.capitalize() if word.isupper() and not _ROMAN.match(word) else word


def _datelines(doc: Doc) -> Iterator[_Mention]:
    """"KUALA PEMBUANG -", "Sampang, Garam.News -": the town opening one of the first paragraphs."""
    r = rules()
    body_start = doc.article.body_offset
    seen = 0
    for offset, line in _lines(doc.text):
        if offset < body_start:
            continue
        seen += 1
        if seen > 3:
            break
        m = _DATELINE.match(line)
        if not m:
            continue
        name = m.group("name")
        words = name.split()
        if any(w.lower().rstrip(".") in r.stop_words for w in words):
            continue
        if not (name.isupper() or m.group("outlet")):
            continue
        yield _Mention("unknown", " ".join(_title(w) for w in words), offset, offset + len(name), 0.7)


def resolve_mentions(mentions: list[_Mention]) -> tuple[Place, ...]:
    """Code each distinct (level, name), broad levels first; merge what turns out the same."""
    first: dict[tuple[str, str], _Mention] = {}
    for m in mentions:
        first.setdefault((m.level, m.name), m)
    codes: dict[tuple[str, str], str | None] = {}
    hints: list[str] = []
    for levels in _PASSES:
        group = [k for k in first if k[0] in levels]
        resolved = []
        for key in group:
            others = [h for k, h in codes.items() if h and k != key] + hints
            code = regions.resolve(key[1], key[0], others)
            codes[key] = code
            if code:
                resolved.append(code)
            elif key[0] == "unknown":
                seat = regions.seat_of(key[1])
                if seat:  # a dateline town that is a kabupaten seat says which kabupaten
                    hints.append(seat)
        hints.extend(resolved)
    places: dict[tuple[str, str], Place] = {}
    for key, m in first.items():
        code = codes.get(key)
        if m.needs_code and not code:
            continue
        level, name, conf = m.level, m.name, m.confidence
        if level == "unknown" and code:
            r = regions.region(code)
            level, name, conf = r.type, regions.bare_name(r.name), 0.85
        elif code is None and conf >= 0.9:
            conf = 0.8  # a known name that more than one region bears
        place = Place(level=level, name=name, start=m.start, end=m.end, rule=f"{NAME}@{VERSION}",
                      code=code, confidence=conf)
        old = places.get((level, name))
        if old is None or place.start < old.start:
            places[(level, name)] = place
    # A dateline town that the article also names as a region is that region.
    named = {p.name.lower() for p in places.values() if p.level != "unknown"}
    kept = [p for p in places.values() if not (p.level == "unknown" and p.name.lower() in named)]
    return tuple(sorted(kept, key=lambda p: p.start))
