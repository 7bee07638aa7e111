"""The officials' lexicons: ``data/officials.yml`` compiled once into lookup tables.

``lexicon()`` reads the YAML (ranks, positions, unit heads, bodies, units, admin words,
titles, cues ...) and builds a ``Lexicon``: phrase tables keyed by token keys
(``Phrases``, longest match first, looked up at a token or ending before one), sets and
dicts. Phrases are tokenised as the text is (``tokens.phrase_keys``), so a table key is
exactly the keys of the tokens it must match. ``Position`` is one written form of a post
and what follows it; ``spelling_key`` makes one key of a place's spellings.

Imports: ``pipeline.analysis.rules`` (``load_data``), ``.tokens``; spaCy's Indonesian stop words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from pipeline.analysis.rules import load_data
from pipeline.analysis.rules.officials.tokens import Tok, phrase_keys

DATA = "officials"  # data/officials.yml


class Phrases:
    """Longest-first lookup of multi-token phrases by token keys."""

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        self.table: dict[tuple[str, ...], Any] = {}
        for phrase, value in entries:
            self.table.setdefault(phrase_keys(phrase), value)
        self.lengths = sorted({len(k) for k in self.table}, reverse=True)
        self.first = {k[0] for k in self.table}
        self.last = {k[-1] for k in self.table}

    def match(self, toks: tuple[Tok, ...], i: int) -> tuple[Any, int] | None:
        """(value, end index) of the longest phrase starting at token ``i``."""
        if i >= len(toks) or toks[i].key not in self.first:
            return None
        for n in self.lengths:
            key = tuple(t.key for t in toks[i : i + n])
            if len(key) == n and key in self.table:
                return self.table[key], i + n
        return None

    def ends_at(self, toks: tuple[Tok, ...], j: int) -> tuple[Any, int] | None:
        """(value, start index) of the longest phrase ending just before token ``j``."""
        if j < 1 or toks[j - 1].key not in self.last:
            return None
        for n in self.lengths:
            if j - n >= 0:
                key = tuple(t.key for t in toks[j - n : j])
                if key in self.table:
                    return self.table[key], j - n
        return None


@dataclass(frozen=True)
class Position:
    """A position as written: canonical name, the unit its org is, how a place follows."""

    name: str
    unit: str | None
    takes_place: bool  # "Kapolsek X": yes; "Kasat Intelkam": its unit follows instead
    head: str | None = None  # "Ketua", "Komisioner" for head + body positions
    body: str | None = None  # "PPK", "KPU"


@dataclass(frozen=True)
class Lexicon:
    ranks: Phrases
    military: frozenset[str]
    rank_typos: dict[str, str]
    corps: frozenset[str]
    prefix_titles: dict[str, str]
    suffix_titles: dict[str, str]
    positions: Phrases
    unit_heads: Phrases
    heads: Phrases
    bodies: Phrases
    units: Phrases
    ranked_units: frozenset[str]
    satuan: Phrases  # a unit's section a ranked person comes from: "Bripka A dari Satlantas" -> Polres (officials 12)
    clause_openers: Phrases  # "Didampingi A, Kapolda ..."
    held_by: Phrases  # "dijabat oleh": the holder named after the post
    bodiless_heads: frozenset[str]  # a body's staff post written without the body
    division_words: frozenset[str]  # words of a commissioner's division, lower case
    name_after_posts: frozenset[str]  # a lone unknown word after them is a name
    resort_units: frozenset[str]  # a Polres post serves a Polresta too
    military_units: frozenset[str]  # their number may stand before the place without a slash
    placeless_units: frozenset[str]
    kota_in_name: frozenset[str]
    body_kinds: frozenset[str]
    government_units: frozenset[str]
    qualifiers: Phrases
    admin: Phrases
    government_by_admin: dict[str, str]
    government_by_level: dict[str, str]
    shared_heads: frozenset[str]
    led_by: Phrases  # "yang diketuai oleh" -> Ketua
    canonical_positions: dict  # position as combined -> the short form the gold writes
    village_posts: frozenset[str]
    kecamatan_units: frozenset[str]  # placeless, they take the article's one kecamatan (officials 11)
    seat_units: frozenset[str]  # placeless, they take the article's one kabupaten or kota (officials 11)
    kabupaten_bodies: frozenset[str]  # a member's name after the body placed before (officials 11)
    place_suffixes: frozenset[str]
    place_words: frozenset[str]  # common words inside place names
    place_phrases: Phrases  # places whose names hold a connector -> one written form (officials 10)
    inner_name_words: frozenset[str]  # stop words that are name words between two others ("Bambang Hari Wibowo")
    name_clitics: tuple[str, ...]  # "-lah", "-kah": a stop word + one of these, capitalised after a name word, is a name word
    name_connectors: frozenset[str]  # stop words never inside a name, capitalised or not (officials 10)
    compass_suffixes: frozenset[str]
    provinces: frozenset[str]
    given_names: frozenset[str]
    stand_in_before: Phrases
    stand_in_after: Phrases
    speaker_after: Phrases
    former: Phrases
    current: Phrases
    holds: Phrases  # "menjabat": the post after it is held now when the sentence says so
    now: Phrases  # "kini", "saat ini"
    apposition: Phrases
    not_official: Phrases
    incumbent: Phrases  # "petahana" between a post and its holder (officials 12)
    election_of: Phrases  # "pemilihan" before a post: an election's name (officials 12)
    not_rank_after: Phrases
    list_roles: dict[str, str]
    members: Phrases
    one_member: Phrases
    speech_of: Phrases
    duty_clause: Phrases
    clause_stops: frozenset[str]  # words that make a "yang" clause name someone else (officials 10)
    named_as: frozenset[str]  # "bernama": the holder named after the post (officials 10)
    list_intro: Phrases
    skip_line: re.Pattern
    not_names: frozenset[str]
    stop_words: frozenset[str]
    flag_penalties: dict[str, float]
    region_levels: dict[str, tuple[str, ...]]
    name_particles: frozenset[str]


def _title_forms(canonical: str) -> Iterable[str]:
    yield canonical
    if len(canonical) > 1:  # "MSI", "SPD" in all-caps text; a lone "H" stays as it is
        yield canonical.upper()


def _cue(words: list[str]) -> Phrases:
    return Phrases((w, True) for w in words)


@dataclass(frozen=True)
class WrittenForms:
    """The written forms of data/officials.yml's tables as (written, canonical) pairs: the one reading of the
    YAML that both the reader's ``Lexicon`` (token-keyed ``Phrases``) and the scorer's conventions
    (``pipeline.quality.conventions``, string-keyed) are built from (officials 12)."""

    ranks: tuple[tuple[str, str], ...]
    positions: tuple[tuple[str, Position], ...]  # a post's written forms, with its unit and how a place follows
    unit_heads: tuple[tuple[str, Position], ...]  # head + division ("Kasat Reskrim"), the glued forms included
    unit_heads_glued: frozenset[str]  # which of those are glued ("Kasatreskrim", "Kasihumas")
    heads: tuple[tuple[str, str], ...]
    qualifiers: tuple[tuple[str, str], ...]
    admin: tuple[tuple[str, str], ...]
    bodies: tuple[tuple[str, str], ...]
    units: tuple[tuple[str, str], ...]  # the units, then the bodies


# A KPU subdivision head written out ("Kepala Subbagian Teknis dan Hupmas", issue 12, dev13):
# every "Kasubbag X" of the heads reads so too.
_KASUBBAG = re.compile(r"^Kasu?bbag |^Kasubag ")
_KASUBBAG_SPELLED = ("Kepala Subbagian ", "Kepala Sub Bagian ", "Kepala Subbag ")


def _spelled_out(written: list[str]) -> list[str]:
    out = list(written)
    for w in written:
        if _KASUBBAG.match(w):
            out += [s + _KASUBBAG.sub("", w) for s in _KASUBBAG_SPELLED]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def written_forms() -> WrittenForms:
    """data/officials.yml's written forms, read once per process."""
    d = load_data(DATA)
    positions = [
        (w, Position(canon, spec["unit"], spec.get("place", True)))
        for canon, spec in d["positions"].items() for w in spec["written"]
    ]
    unit_heads, glued = [], set()
    for head, spec in d["unit_heads"].items():
        for division, written in spec["divisions"].items():
            pos = Position(f"{head}{division.lower()}" if spec.get("glued") else f"{head} {division}", spec["unit"], False)
            for h in spec["written"]:
                for w in written:
                    unit_heads.append((f"{h} {w}", pos))
                    if " " not in h and " " not in w:  # glued: "Kasatreskrim", "Kasihumas"
                        unit_heads.append((f"{h}{w}", pos))
                        glued.add(f"{h}{w}")
    bodies = [(w, canon) for canon, written in d["bodies"].items() for w in written]
    return WrittenForms(
        ranks=tuple((w, canon) for group in d["ranks"].values() for canon, ws in group.items() for w in ws),
        positions=tuple(positions),
        unit_heads=tuple(unit_heads),
        unit_heads_glued=frozenset(glued),
        heads=tuple((w, canon) for canon, written in d["heads"].items() for w in _spelled_out(written)),
        qualifiers=tuple((w, canon) for canon, written in d["qualifiers"].items() for w in written),
        admin=tuple((w, canon) for canon, written in d["admin_words"].items() for w in written),
        bodies=tuple(bodies),
        units=tuple([(w, canon) for canon, written in d["units"].items() for w in written] + bodies),
    )


def _rank_typos(listed: dict[str, str], ranks, known: set[str]) -> dict[str, str]:
    """The listed misspellings, and each one-word rank form typed with two neighbouring letters
    swapped after its first ("AKPB", "Kopmol": round 11, dev21): real releases and the writers who
    copy them do it. Only capitals of four letters or more and other forms of six or more: a swapped
    five-letter rank can spell a name ("Serda" -> "Sedra"); a swap that spells a known word or another
    rank is left out too."""
    forms = {w for w, _ in ranks}
    typos = dict(listed)
    for w, canon in ranks:
        if " " in w or not w.isalpha() or len(w) < (4 if w.isupper() else 6):
            continue
        for i in range(1, len(w) - 1):
            typo = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            if typo != w and typo not in forms and typo.lower() not in known:
                typos.setdefault(typo, canon)
    return typos


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicons of ``data/officials.yml``, built once per process."""
    from spacy.lang.id.stop_words import STOP_WORDS

    d = load_data(DATA)
    f = written_forms()
    ranks, positions, unit_heads, bodies, units = f.ranks, f.positions, f.unit_heads, f.bodies, f.units
    heads, qualifiers, admin = f.heads, f.qualifiers, f.admin
    tables = (ranks, positions, unit_heads, units, heads, qualifiers, admin)
    words = {phrase_keys(w)[0] for table in tables for w, _ in table} - {w.lower() for w in d.get("places_not_posts", ())}
    cues = d["cues"]
    rank_typos = _rank_typos(d["rank_typos"], ranks, words | set(STOP_WORDS))
    return Lexicon(
        ranks=Phrases(ranks),
        military=frozenset(d["ranks"]["military"]),
        rank_typos=rank_typos,
        corps=frozenset(c.lower() for c in d["corps"]),
        # honorifics read as prefix titles with no canonical form: dropped from the titles
        prefix_titles={f: t for t in d["titles"]["prefix"] for f in _title_forms(t)}
        | {f: "" for t in d["titles"].get("honorifics", ()) for f in _title_forms(t)},
        suffix_titles={f: t for t in d["titles"]["suffix"] for f in _title_forms(t)},
        positions=Phrases(positions),
        unit_heads=Phrases(unit_heads),
        heads=Phrases(heads),
        bodies=Phrases(bodies),
        units=Phrases(units),
        ranked_units=frozenset(d["ranked_units"]),
        satuan=Phrases((w, unit) for unit, ws in (d.get("satuan") or {}).items() for w in ws),
        military_units=frozenset(d["military_units"]),
        resort_units=frozenset(d["resort_units"]),
        name_after_posts=frozenset(d["name_after_posts"]),
        bodiless_heads=frozenset(d["bodiless_heads"]),
        held_by=_cue(cues["held_by"]),
        clause_openers=_cue(cues["clause_openers"]),
        division_words=frozenset(w.lower() for w in d["division_words"]),
        placeless_units=frozenset(d["placeless_units"]),
        kota_in_name=frozenset(d["kota_in_name"]),
        body_kinds=frozenset(d["bodies"]),
        government_units=frozenset(d["government_units"]),
        qualifiers=Phrases(qualifiers),
        admin=Phrases(admin),
        government_by_admin=dict(d["government_by_admin"]),
        government_by_level=dict(d["government_by_level"]),
        shared_heads=frozenset(d["shared_heads"]),
        canonical_positions=dict(d.get("canonical_positions") or {}),
        village_posts=frozenset(d["village_posts"]),
        kecamatan_units=frozenset(d["kecamatan_units"]),
        seat_units=frozenset(d["seat_units"]),
        kabupaten_bodies=frozenset(d["kabupaten_bodies"]),
        place_suffixes=frozenset(w.lower() for w in d["place_suffixes"]),
        place_words=frozenset(w.lower() for w in d["place_words"]),
        place_phrases=Phrases((w, canon) for canon, ws in d.get("place_phrases", {}).items() for w in ws),
        inner_name_words=frozenset(w.lower() for w in d.get("inner_name_words", ())),
        name_clitics=tuple(d["name_clitics"]),
        name_connectors=frozenset(w.lower() for w in d["name_connectors"]),
        compass_suffixes=frozenset(w.lower() for w in d["compass_suffixes"]),
        provinces=frozenset(" ".join(phrase_keys(p)) for p in d["provinces"]),
        given_names=frozenset(w.lower() for w in d["given_names"]),
        stand_in_before=_cue(cues["stand_in_before"]),
        stand_in_after=_cue(cues["stand_in_after"]),
        speaker_after=_cue(cues["speaker_after"]),
        former=_cue(cues["former"]),
        current=_cue(cues["current"]),
        holds=_cue(cues["holds"]),
        now=_cue(cues["now"]),
        apposition=_cue(cues["apposition"]),
        led_by=Phrases(cues["led_by"].items()),
        not_official=_cue(cues["not_official"]),
        incumbent=_cue(cues["incumbent"]),
        election_of=_cue(cues["election_of"]),
        not_rank_after=_cue(cues["not_rank_after"]),
        speech_of=_cue(cues["speech_of"]),
        duty_clause=_cue(cues["duty_clause"]),
        clause_stops=frozenset(cues["clause_stops"]),
        named_as=frozenset(cues["named_as"]),
        list_roles=dict(cues["list_roles"]),
        members=Phrases(
            (f"{c} {para}{word}{other}", role)
            for c in cues["members"]["connectors"] for word, role in cues["members"]["roles"].items()
            for para in ("", *(f"{n} " for n in cues["members"]["counts"])) for other in ("", " lainnya", " lain")
        ),
        one_member=_cue(cues["one_member"]),
        list_intro=_cue(cues["list_intro"]),
        skip_line=re.compile(d["skip_lines"]),
        # a rank typed with its letters swapped is no name word either ("Polres X AKPB Hendra")
        not_names=frozenset({w.lower() for w in d["not_names"]} | words | {t.lower() for t in rank_typos}),
        stop_words=frozenset(STOP_WORDS),
        flag_penalties=dict(d["flag_penalties"]),
        region_levels={unit: tuple(levels) for unit, levels in d["region_levels"].items()},
        name_particles=frozenset(d["name_particles"]),
    )


def spelling_key(place: str, unit: str | None = None) -> str:
    """One key for "Palangka Raya" and "Palangkaraya", "Kota Baru" and "Kotabaru".

    For a unit whose name may start with "Kota", "Kota Manna" and "Manna" are one place.
    """
    key = re.sub(r"[^a-z0-9]", "", place.lower())
    if unit in lexicon().kota_in_name and key.startswith("kota") and len(key) > 4:
        key = key[4:]
    return key
