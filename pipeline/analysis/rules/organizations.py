"""Rule family 'organizations': Polsek, KPU, PPK, Panwascam, Koramil, Satpol PP ... with their region.

Units and their forms are data (rules/data/organizations.yml). A unit's region is
the longest run of words after it that the gazetteer or the article's own places
know; kinds whose names need not be region names (a Polsek) also take a capitalised
run, except in title-case lines, where every word is capitalised and only a known
name can say where the unit's name ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterator

from pipeline.analysis import regions
from pipeline.records import Doc, Organization
from pipeline.analysis.rules import load_data

NAME = "organizations"
VERSION = 2

# Confidence of a head's title followed by an unknown name ("Kapolsek Slamet Riyadi"):
# as likely the head's own name as the unit's, so dropped beside a surer unit of the kind.
_HEAD_GUESS = 0.5

_WORD = re.compile(r"\S+")
_TRAILING = ".,;:!?)\"'”’"
_ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)$")
_PAREN = re.compile(r"[ ]*\([A-Za-z ]{2,12}\)")  # "(PPK)" after a spelled-out name
# "Kodim 0402/OKI", "Koramil 403-07/Betung"
_NUMBER = re.compile(
    r"[ ]+(?P<num>\d{2,4}(?:[-.]\d{1,3})?)(?:/(?P<suffix>[A-Za-z]+(?: [A-Z][A-Za-z]+)*))?(?=[\s,.;:)]|$)"
)


@dataclass(frozen=True)
class Unit:
    kind: str
    sector: str
    place_levels: tuple[str, ...]
    free_names: bool
    bare: bool
    numbered: bool
    admin_word: bool  # the form ends in "Kecamatan": a region name follows directly
    kecamatan_kind: str | None = None  # the kind when "Kecamatan" follows (Panwaslu -> Panwascam)

    def head_form(self, form: str) -> bool:
        """"Kapolsek", "Danramil": the head's title, often followed by the head's name."""
        f = form.lower()
        return f.startswith(("ka", "wakapol", "dan", "kepala")) and not f.startswith("kantor")


@dataclass(frozen=True)
class _Rules:
    form: re.Pattern
    unit_of: dict[str, Unit]  # lower-case form -> unit
    admin: re.Pattern
    admin_level: dict[str, str]
    stop_words: frozenset[str]
    skip_line: re.Pattern
    known_names: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled rules of organizations.yml."""
    data = load_data(NAME)
    unit_of: dict[str, Unit] = {}
    for kind, spec in data["units"].items():
        for form in spec["forms"]:
            unit_of[form.lower()] = Unit(
                kind=kind,
                sector=spec["sector"],
                place_levels=tuple(spec.get("place_levels", ())),
                free_names=bool(spec.get("free_names")),
                bare=bool(spec.get("bare")),
                numbered=bool(spec.get("numbered")),
                admin_word=form.lower().split()[-1] in ("kecamatan", "kec."),
                kecamatan_kind=spec.get("kecamatan_kind"),
            )
    forms = sorted(unit_of, key=len, reverse=True)
    form = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.I)
    admin_level = {w.lower(): lv for lv, words in data["admin_words"].items() for w in words}
    admin = re.compile(
        r"[ ]+(" + "|".join(re.escape(w) for w in sorted(admin_level, key=len, reverse=True)) + r")(?=[ ])",
        re.I,
    )
    skip = load_data("places")["skip_lines"]
    return _Rules(form, unit_of, admin, admin_level,
                  frozenset(w.lower() for w in data["stop_words"]), re.compile(skip),
                  frozenset(data.get("known_names", ())))


def extract(doc: Doc, found: dict) -> tuple[Organization, ...]:
    """One Organization per name, at its first mention; a bare kind only when no unit of it is named."""
    mentions = find_mentions(doc, found)
    named_kinds = {o.kind for o in mentions if o.name != o.kind}
    sure_kinds = {o.kind for o in mentions if o.name != o.kind and o.confidence > _HEAD_GUESS}
    numbered = _numbered_by_suffix(mentions)
    first: dict[str, Organization] = {}
    for o in mentions:
        if o.name == o.kind and o.kind in named_kinds:
            continue  # "Ketua PPK" in an article about PPK Betung is PPK Betung
        if o.confidence == _HEAD_GUESS and o.kind in sure_kinds:
            continue  # "Kapolsek Slamet Riyadi" after "Kapolsek Kembaran AKP Slamet Riyadi"
        name = numbered.get(o.name, o.name)  # "Dandim Sumenep" is "Kodim 0827/Sumenep"
        first.setdefault(name, replace(o, name=name))
    return tuple(first.values())


def _numbered_by_suffix(mentions: list[Organization]) -> dict[str, str]:
    """"Kodim Sumenep" -> "Kodim 0827/Sumenep" when the article numbers exactly one such unit."""
    by_suffix: dict[str, set[str]] = {}
    for o in mentions:
        number, _, suffix = o.name[len(o.kind) + 1:].partition("/")
        if suffix and number[:1].isdigit():
            by_suffix.setdefault(f"{o.kind} {suffix}", set()).add(o.name)
    return {short: next(iter(full)) for short, full in by_suffix.items() if len(full) == 1}


def find_mentions(doc: Doc, found: dict) -> list[Organization]:
    """Every unit mention in the article, bare generic police/military mentions left out."""
    text = doc.text
    known: dict[str, str | None] = {p.name: p.name for p in found.get("places", ())}
    lines = list(_lines(text, doc.article.body_offset))
    out: list[Organization] = []
    # Prose first: the unit names it yields let title-case lines end names correctly.
    for titled in (False, True):
        for offset, line, is_title in lines:
            if is_title == titled:
                out.extend(_in_line(line, offset, known, strict=titled))
        for o in out:
            if o.name != o.kind:
                known.setdefault(o.name.split(" ", len(o.kind.split()))[-1], o.place)
    return sorted(out, key=lambda o: o.start)


def _lines(text: str, body_offset: int) -> Iterator[tuple[int, str, bool]]:
    r = rules()
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not r.skip_line.match(line):
            yield offset, line, offset < body_offset or _title_case(line)
        offset += len(line) + 1


def _title_case(line: str) -> bool:
    """A headline-style line: no closing full stop, nearly every longer word capitalised."""
    if re.search(r"[.!?][\"'”)]*\s*$", line):
        return False
    words = [w for w in re.findall(r"[A-Za-z]+", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _in_line(line: str, offset: int, known: dict[str, str | None], strict: bool) -> Iterator[Organization]:
    r = rules()
    for m in r.form.finditer(line):
        unit = r.unit_of[m.group(1).lower()]
        pos = m.end()
        paren = _PAREN.match(line, pos)
        if paren:
            pos = paren.end()
        name_part, place, end, conf = None, None, pos, 0.9
        if unit.numbered and (num := _NUMBER.match(line, pos)):
            words = []
            for w in (num.group("suffix") or "").split():
                if w.lower() in r.stop_words:  # "043/Garuda Hitam Brigjen TNI ..."
                    break
                words.append(w)
            suffix = " ".join(words)
            name_part = num.group("num") + (f"/{suffix}" if suffix else "")
            end = num.start("suffix") + len(suffix) if suffix else num.end("num")
            if suffix:
                place = _gazetteer_name(suffix, unit.place_levels)
        else:
            level = "kecamatan" if unit.admin_word else None
            admin = r.admin.match(line, pos)
            if admin:
                level = r.admin_level[admin.group(1).lower()]
                pos = admin.end()
                if level == "kecamatan" and unit.kecamatan_kind:
                    unit = r.unit_of[unit.kecamatan_kind.lower()]
            got = _region_after(line, pos, unit, level, known, strict)
            if got:
                name_part, place, end, conf = got
        if name_part is None and not unit.bare:
            continue
        if conf == 0.6 and unit.head_form(m.group(1)):
            conf = _HEAD_GUESS
        name = f"{unit.kind} {name_part}" if name_part else unit.kind
        yield Organization(
            kind=unit.kind, name=name, start=offset + m.start(), end=offset + end,
            rule=f"{NAME}@{VERSION}", place=place, sector=unit.sector,
            confidence=conf if name_part else 0.7,
        )


def _region_after(line: str, pos: int, unit: Unit, level: str | None, known: dict[str, str | None],
                  strict: bool) -> tuple[str, str | None, int, float] | None:
    """(name as it goes in the unit's name, gazetteer place, end, confidence) after a unit."""
    r = rules()
    words: list[tuple[str, int]] = []
    for m in _WORD.finditer(line, pos):
        if len(words) == 5 or m.group()[0] in "([\"'“":
            break
        core = m.group().rstrip(_TRAILING)
        if not core:
            break
        words.append((core, m.start() + len(core)))
        if core != m.group():
            break
    if not words:
        return None
    levels = (level,) if level else unit.place_levels
    # "Linmas dalam ..." is not a Linmas of Desa Dalam: a lower-case word is a region
    # only right after an admin word ("PANWASLU kecamatan pangarengan").
    if not (words[0][0][0].isupper() or words[0][0][0].isdigit() or level):
        return None
    for k in range(len(words), 0, -1):
        written = " ".join(w for w, _ in words[:k])
        if written in r.known_names and unit.free_names:
            return written, None, words[k - 1][1], 0.9
    for k in range(len(words), 0, -1):
        written = " ".join(w for w, _ in words[:k])
        place = _gazetteer_name(written, levels)
        if place:
            # The place as the text writes it ("Polsek Gadingrejo", not the gazetteer's
            # "Gading Rejo"); ALL-CAPS in the gazetteer's case, abbreviations as written.
            abbreviated = regions.name_key(place) != regions.name_key(written)
            shown = _title(written) if abbreviated or not written.isupper() else place
            return shown, place, words[k - 1][1], 0.95
        if written in known and written[0].isupper():
            return written, known[written], words[k - 1][1], 0.85
    if strict or not (unit.free_names or level):
        return None
    kept: list[tuple[str, int]] = []
    for w, end in words[:3]:
        if not (w[0].isupper() or w[0].isdigit() or _ROMAN.match(w)) or w.lower().rstrip(".") in r.stop_words:
            break
        kept.append((w, end))
    if not kept:
        return None
    written = " ".join(_title(w) for w, _ in kept)
    return written, None, kept[-1][1], 0.6


def _gazetteer_name(written: str, levels: tuple[str, ...]) -> str | None:
    """The gazetteer (or abbreviation list) name of ``written`` at one of ``levels``."""
    from pipeline.analysis.rules import places

    for level in levels:
        name = places._known(written, level)
        if name:
            return name
    return None


def _title(word: str) -> str:
    """ALL-CAPS region names in title case, abbreviations ("OKI", "Sumsel") as written."""
    from pipeline.analysis.rules import places

    if word in places.rules().abbreviations:
        return word
    return " ".join(w.capitalize() if w.isupper() and len(w) > 3 and not _ROMAN.match(w) else w
                    for w in word.split())

