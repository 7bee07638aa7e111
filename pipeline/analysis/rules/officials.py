"""Rule family 'officials': people named with a rank or a position, one per person.

Mentions are read token by token around the lexicons of ``data/officials.yml``:

    [Plt] POSITION [(SHORT)] [admin] [PLACE [(SHORT)]] [UNIT PLACE] [,] [RANK] [H] NAME [SH MH]
    RANK [H] NAME [SH] [, selaku POSITION PLACE]
    UNIT PLACE RANK NAME                      Polsek Kelumpang Tengah Iptu Ikhsan
    NAME [,] POSITION PLACE                   Yusuf Majid Camat Koja
    POSITION PLACE [: | masing-masing | yakni] NAME (Ketua), NAME (Anggota) ...  one a line too
    BODY PLACE terdiri dari Ketua NAME dan anggota NAME, NAME
    NAME (Ketua), NAME (Anggota) dari BODY PLACE
    HEAD BODY PLACE NAME beserta anggota NAME dan NAME

The capitalised run after a position may be a place, a name or both ("KPU Banyuasin
Ricky Oktadinata"). It is split at a prefix title, else at the longest place the
article names elsewhere (after an admin word or a unit, in the dateline, or found by
the places family), else at the longest region of the Kemendagri gazetteer opening it
(``pipeline.analysis.regions``; the levels a unit is named after, ``region_levels``), else where
the NER model starts a person (``doc.entities`` from a model; our own rule tagger's
persons come from these very rules and would only echo them), else by documented
guesses that are flagged and lower the confidence.

A position with no place takes the one unit of its kind the article names; of several,
the one named in its sentence, else (for a Bhabinkamtibmas or Babinsa) the one whose
kecamatan holds the village served, else the one named last before it, flagged as a guess.
A unit is never made from the village a Bhabinkamtibmas or Babinsa serves.

Mentions of one person merge (short later forms, the same name spelled twice);
nameless mentions ("ujar Kapolsek Seruyan Hilir mewakili ...") pass their role to the
one named holder of that position. A former post ("mantan Kapolsek") is not the
position: the current one is, when written ("yang kini menjabat ..."), else none.
``find_mentions`` also feeds the rule-based NER tagger (``pipeline.analysis.rules.names``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Iterable

from pipeline.records import Doc, Official
from pipeline.analysis.rules import load_data, rule_id

NAME = "officials"
VERSION = 2

# Dotted abbreviations ("S.Pd", "S.I.K.", "M.Si") stay one token, and so do a capital
# with its dot ("M.") and the few short words written with a full stop ("Kab.").
_TOKEN = re.compile(
    r"[A-Za-z]{1,3}(?:\.[A-Za-z]{1,3})+\.?(?![A-Za-z])"
    r"|(?:Kab|Kec|Kel|Prov|Pol|Jl|Jln|Gg|Muh|Moh|Mhd|Moch|Mochd|Much|Ach|Abd|Hj|KH|Dr|dr|Drs|Dra|Ir|Prof|Ust|Tgk"
    r"|Plt|Pj|Plh|Pjs|Ps|Ds|Jend)"
    r"\.(?=\s|$|,)"
    r"|[A-Z]\.(?=\s)"
    r"|[^\W\d_]+(?:['\-][^\W\d_]+)*"
    r"|\d+(?:[.,:\-]\d+)*"
    r"|[^\w\s]"
)
_NAME_WORD = re.compile(
    r"[A-Z][a-z]+(?:['\-][A-Za-z][a-z]*)*|[A-Z]{2,}(?:['\-][A-Z]+)*|[A-Z]\.?|(?:Muh|Moh|Mhd|Abd|Ach|Moch|Mochd|Much)\."
)
NEWLINE = "\n"
SENTENCE_ENDS = (NEWLINE, ".", "!", "?")


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    key: str  # lower case without a trailing full stop: what lexicons match on


def tokenize(text: str, skip_line: re.Pattern | None = None) -> tuple[Tok, ...]:
    """Tokens of ``text``, a newline token closing each line; lines matching ``skip_line`` left out.

    A ``skip_line`` heading alone on its line ("Berita Terkait") takes the headlines under it along.
    """
    toks: list[Tok] = []
    offset = 0
    headlines = 0  # how many more lines may be headlines under a heading
    for line in text.split("\n"):
        heading = skip_line.match(line) if skip_line else None
        stripped = line.strip()
        if heading:
            headlines = 5 if not line[heading.end() :].strip(" :-–—|>»") else 0
        elif headlines and stripped and len(stripped) < 160 and not stripped.endswith((".", '"', "”")):
            headlines -= 1
            heading = True  # a related headline
        elif stripped or headlines < 5:
            headlines = 0
        if not heading:
            for m in _TOKEN.finditer(line):
                t = m.group()
                key = t.lower() if len(t) == 1 else t.lower().rstrip(".")
                toks.append(Tok(t, offset + m.start(), offset + m.end(), key))
        toks.append(Tok(NEWLINE, offset + len(line), offset + len(line), NEWLINE))
        offset += len(line) + 1
    return tuple(toks)


@lru_cache(maxsize=8192)
def phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(phrase) if t.key != NEWLINE)


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
    placeless_units: frozenset[str]
    kota_in_name: frozenset[str]
    body_kinds: frozenset[str]
    government_units: frozenset[str]
    qualifiers: Phrases
    admin: Phrases
    government_by_admin: dict[str, str]
    government_by_level: dict[str, str]
    shared_heads: frozenset[str]
    village_posts: frozenset[str]
    place_suffixes: frozenset[str]
    compass_suffixes: frozenset[str]
    provinces: frozenset[str]
    given_names: frozenset[str]
    stand_in_before: Phrases
    stand_in_after: Phrases
    speaker_after: Phrases
    former: Phrases
    current: Phrases
    apposition: Phrases
    not_official: Phrases
    not_rank_after: Phrases
    list_roles: dict[str, str]
    members: Phrases
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


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicons of ``data/officials.yml``, built once per process."""
    from spacy.lang.id.stop_words import STOP_WORDS

    d = load_data(NAME)
    ranks = [(w, canon) for group in d["ranks"].values() for canon, ws in group.items() for w in ws]
    positions = [
        (w, Position(canon, spec["unit"], spec.get("place", True)))
        for canon, spec in d["positions"].items() for w in spec["written"]
    ]
    unit_heads = []
    for head, spec in d["unit_heads"].items():
        for division, written in spec["divisions"].items():
            pos = Position(f"{head}{division.lower()}" if spec.get("glued") else f"{head} {division}", spec["unit"], False)
            for h in spec["written"]:
                for w in written:
                    unit_heads.append((f"{h} {w}", pos))
                    if " " not in h and " " not in w:  # glued: "Kasatreskrim", "Kasihumas"
                        unit_heads.append((f"{h}{w}", pos))
    bodies = [(w, canon) for canon, written in d["bodies"].items() for w in written]
    units = [(w, canon) for canon, written in d["units"].items() for w in written] + bodies
    heads = [(w, canon) for canon, written in d["heads"].items() for w in written]
    qualifiers = [(w, canon) for canon, written in d["qualifiers"].items() for w in written]
    admin = [(w, canon) for canon, written in d["admin_words"].items() for w in written]
    tables = (ranks, positions, unit_heads, units, heads, qualifiers, admin)
    words = {phrase_keys(w)[0] for table in tables for w, _ in table}
    cues = d["cues"]
    return Lexicon(
        ranks=Phrases(ranks),
        military=frozenset(d["ranks"]["military"]),
        rank_typos=dict(d["rank_typos"]),
        corps=frozenset(c.lower() for c in d["corps"]),
        prefix_titles={f: t for t in d["titles"]["prefix"] for f in _title_forms(t)},
        suffix_titles={f: t for t in d["titles"]["suffix"] for f in _title_forms(t)},
        positions=Phrases(positions),
        unit_heads=Phrases(unit_heads),
        heads=Phrases(heads),
        bodies=Phrases(bodies),
        units=Phrases(units),
        ranked_units=frozenset(d["ranked_units"]),
        placeless_units=frozenset(d["placeless_units"]),
        kota_in_name=frozenset(d["kota_in_name"]),
        body_kinds=frozenset(d["bodies"]),
        government_units=frozenset(d["government_units"]),
        qualifiers=Phrases(qualifiers),
        admin=Phrases(admin),
        government_by_admin=dict(d["government_by_admin"]),
        government_by_level=dict(d["government_by_level"]),
        shared_heads=frozenset(d["shared_heads"]),
        village_posts=frozenset(d["village_posts"]),
        place_suffixes=frozenset(w.lower() for w in d["place_suffixes"]),
        compass_suffixes=frozenset(w.lower() for w in d["compass_suffixes"]),
        provinces=frozenset(" ".join(phrase_keys(p)) for p in d["provinces"]),
        given_names=frozenset(w.lower() for w in d["given_names"]),
        stand_in_before=_cue(cues["stand_in_before"]),
        stand_in_after=_cue(cues["stand_in_after"]),
        speaker_after=_cue(cues["speaker_after"]),
        former=_cue(cues["former"]),
        current=_cue(cues["current"]),
        apposition=_cue(cues["apposition"]),
        not_official=_cue(cues["not_official"]),
        not_rank_after=_cue(cues["not_rank_after"]),
        list_roles=dict(cues["list_roles"]),
        members=Phrases(
            (f"{c} {para}{word}{other}", role)
            for c in cues["members"]["connectors"] for word, role in cues["members"]["roles"].items()
            for para in ("", "para ") for other in ("", " lainnya", " lain")
        ),
        list_intro=_cue(cues["list_intro"]),
        skip_line=re.compile(d["skip_lines"]),
        not_names=frozenset({w.lower() for w in d["not_names"]} | words),
        stop_words=frozenset(STOP_WORDS),
        flag_penalties=dict(d["flag_penalties"]),
        region_levels={unit: tuple(levels) for unit, levels in d["region_levels"].items()},
        name_particles=frozenset(d["name_particles"]),
    )


@dataclass(frozen=True)
class Mention:
    """One mention of a person, or of a position with no name, in the text."""

    first: int  # token range [first, last) of the whole mention
    last: int
    name: str | None = None
    name_span: tuple[int, int] | None = None  # character offsets of the name alone
    rank: str | None = None
    position: str | None = None
    unit: str | None = None  # the kind of its org: Polsek, PPK, Pemkab ...
    place: str | None = None  # the org's place when the text gives one
    place_span: tuple[int, int] | None = None  # its character offsets
    org: str | None = None  # set once the whole article is read
    titles: tuple[str, ...] = ()
    role: str = "holder"
    flags: tuple[str, ...] = ()
    area: str | None = None  # the village a Bhabinkamtibmas or Babinsa serves: not the unit's place


def display_name(toks: Iterable[Tok], acronyms: bool = False) -> str:
    """Words as written, or in title case when written in capitals ("IWAN SUHADI").

    ``acronyms``: short words stay in capitals, as places write them ("OKU TIMUR" -> "OKU Timur").
    """
    words = [t.text for t in toks]
    letters = "".join(c for w in words for c in w if c.isalpha())
    if len(letters) > 1 and letters.isupper():
        words = [w if acronyms and max(len(p) for p in w.split("-")) <= 3 else _title_case(w) for w in words]
    return " ".join(words)


def _title_case(word: str) -> str:
    return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))


def place_name(toks: Iterable[Tok]) -> str:
    return display_name(toks, acronyms=True)


def spelling_key(place: str, unit: str | None = None) -> str:
    """One key for "Palangka Raya" and "Palangkaraya", "Kota Baru" and "Kotabaru".

    For a unit whose name may start with "Kota", "Kota Manna" and "Manna" are one place.
    """
    key = re.sub(r"[^a-z0-9]", "", place.lower())
    if unit in lexicon().kota_in_name and key.startswith("kota") and len(key) > 4:
        key = key[4:]
    return key


def _looks_like_a_word(key: str) -> bool:
    """Verbs and nouns that title-case headlines capitalise: "Lakukan", "Sambutannya"."""
    return len(key) > 5 and (
        key.endswith(("kan", "nya"))
        or key.startswith(("meng", "meny", "memb", "memp", "mend", "peng", "peny"))
        or (key[:3] in ("men", "mem", "mel", "mer") and key[3] in "aeiou")  # "meninjau", "memimpin", "melihat"
    )


class Reader:
    """Reads the mentions of officials in one document."""

    def __init__(self, doc: Doc, found: dict[str, tuple] | None = None) -> None:
        self.lex = lexicon()
        self.found = found or {}
        self.toks = tokenize(doc.text, self.lex.skip_line)
        self.n = len(self.toks)
        self.title_end = doc.article.body_offset if doc.article.title else 0
        self.dateline_end = self.title_end + 400
        model_persons = [e for e in doc.entities if e.label == "PER" and not e.source.startswith("rules:")]
        self.hint_starts = {e.start for e in model_persons}
        self.hint_ends = {e.end for e in model_persons}
        self._positions = [self._read_position(i) for i in range(self.n)]
        # Inside a position or just after it, a run can go on into a name ("Ketua PPK
        # Kecamatan Betung Yudi ..."), so no place is learnt from there.
        self.in_position = {k for i, p in enumerate(self._positions) if p for k in range(i + 1, p[1] + 1)}
        for p in filter(None, self._positions):  # and so can the unit after it: "Asisten I Setda Provinsi X Budi"
            if p[1] < self.n and self.lex.units.match(self.toks, p[1]) and (u := self.unit_place(p[1])):
                self.in_position.update(range(p[1], u[1] + 1))
        self.context: dict[str, dict[str, str]] = {}  # unit -> place key -> place
        self.persons: set[tuple[str, ...]] = set()  # names read so far, as lower-case words
        self.aliases = self._place_aliases()  # "oki" -> "Ogan Komering Ilir"
        self._sentence_ends: list[int] | None = None
        self.placed_units: set[tuple[int, str]] = set()  # (sentence, unit) of the mentions read so far
        # "(Ketua)", "(Anggota PPK)": where a role in brackets may follow a listed name
        self.role_brackets = {k for k, t in enumerate(self.toks) if t.key == "(" and self.lex.heads.match(self.toks, k + 1)}
        self.known = self._known_places()

    # -- token classes ---------------------------------------------------------

    def is_capital_word(self, i: int) -> bool:
        return i < self.n and self.toks[i].text[0].isalpha() and self.toks[i].text[0].isupper()

    def is_name_tok(self, i: int) -> bool:
        return i < self.n and self.could_be_name(i) and self.toks[i].key not in self.lex.stop_words

    def could_be_name(self, i: int) -> bool:
        """A name word, or a word like "Lalu" that is a name only where a name must be."""
        t = self.toks[i]
        return bool(_NAME_WORD.fullmatch(t.text)) and t.key not in self.lex.not_names \
            and t.text.replace(".", "") not in self.lex.suffix_titles

    def is_run_tok(self, i: int) -> bool:
        """A word of the capitalised run after a position: place or name."""
        if self.is_name_tok(i):
            return True
        return self.is_capital_word(i) and self.toks[i].key in self.lex.place_suffixes

    def in_title(self, i: int) -> bool:
        return self.toks[i].start < self.title_end

    def title_at(self, i: int, table: dict[str, str]) -> tuple[str, int] | None:
        """(canonical title, end index) of a title written over one to three tokens ("S. Pd")."""
        joined, best = "", None
        for j in range(i, min(i + 3, self.n)):
            t = self.toks[j]
            if not t.text[0].isalpha() or (j > i and t.start - self.toks[j - 1].end > 1):
                break
            joined += t.text.replace(".", "")
            if joined in table:
                best = (table[joined], j + 1)
        return best

    def prefix_title_at(self, i: int) -> tuple[str, int] | None:
        """A prefix title followed by a capitalised word ("H Hani", "Ir Izroh")."""
        t = self.title_at(i, self.lex.prefix_titles)
        return t if t and self.is_capital_word(t[1]) else None

    def rank_at(self, i: int) -> tuple[str, int, tuple[str, ...]] | None:
        """(canonical rank, end index, flags) of a rank with its "Pol."/corps suffix."""
        lex = self.lex
        if i >= self.n:
            return None
        t = self.toks[i]
        if t.text in lex.rank_typos:
            rank, j = lex.rank_typos[t.text], i + 1
        else:
            m = lex.ranks.match(self.toks, i)
            if not m or not t.text[0].isupper():  # "mayor" the word is not Mayor
                return None
            rank, j = m
        if lex.not_rank_after.ends_at(self.toks, i):  # "Jalan Jenderal Sudirman"
            return None
        flags: tuple[str, ...] = ()
        while j < self.n:  # "Kombes Pol.", "(Pol)", "Letkol Inf", "Kolonel Laut (P)", "(Purn)"
            k = self.toks[j].key
            if k in ("pol", "purn") or (rank in lex.military and k in lex.corps):
                flags += ("retired",) if k == "purn" else ()
                j += 1
                if j < self.n and self.toks[j].key == "." and self.toks[j].start == self.toks[j - 1].end:
                    j += 1  # "Kapten Inf. Sumardi"
            elif self.bracketed(j) and (len(self.toks[j + 1].key) <= 4 or lex.ranks.match(self.toks, j + 1)):
                flags += ("retired",) if self.toks[j + 1].key == "purn" else ()
                j += 3
            else:
                break
        return rank, j, flags

    def position_at(self, i: int) -> tuple[Position, int] | None:
        """The position written at ``i`` (qualifier included) and the index after it."""
        return self._positions[i] if i < self.n else None

    def _read_position(self, i: int) -> tuple[Position, int] | None:
        lex = self.lex
        qualifier = lex.qualifiers.match(self.toks, i)
        j = qualifier[1] if qualifier else i
        if qualifier and self.bracketed(j) and lex.qualifiers.match(self.toks, j + 1):
            j += 3  # "Penjabat (Pj) Bupati"
        best: tuple[Position, int] | None = None
        for table in (lex.positions, lex.unit_heads):
            m = table.match(self.toks, j)
            if m and (best is None or m[1] > best[1]):
                best = m
        head = lex.heads.match(self.toks, j)
        if head:
            # "Komisioner Divisi Hukum dan Pengawasan KPU", "Kordiv Pencegahan Bawaslu"
            k = self.skip_division(head[1], bare=head[0] == "Koordinator Divisi")
            body = lex.bodies.match(self.toks, k)
            if body and (best is None or body[1] > best[1]):
                best = Position(f"{head[0]} {body[0]}", body[0], True, head[0], body[0]), body[1]
        if best is None:
            return None
        pos, end = best
        if qualifier:
            pos = replace(pos, name=f"{qualifier[0]} {pos.name}")
        return pos, self.skip_acronym(end)

    def skip_acronym(self, j: int) -> int:
        """Past the short form after a long one: "Panitia Pemilihan Kecamatan (PPK)", "... (Kabag Ops)"."""
        if j + 2 >= self.n or self.toks[j].key != "(":
            return j
        lex = self.lex
        if self.toks[j + 2].key == ")" and self.toks[j + 1].text.isupper():
            return j + 3
        for table in (lex.positions, lex.unit_heads, lex.units):
            m = table.match(self.toks, j + 1)
            if m and m[1] < self.n and self.toks[m[1]].key == ")":
                return m[1] + 1
        return j

    def bracketed(self, j: int) -> bool:
        """One token in brackets starts at ``j``: "(PPK)", "(Pol)", "(Ketua)"."""
        return j + 2 < self.n and self.toks[j].key == "(" and self.toks[j + 2].key == ")"

    def skip_code(self, j: int) -> int:
        """Past a military unit number: "Danramil 0430-02/Betung", "Dandim 0410/Bandar Lampung"."""
        k = j
        while k < self.n and (self.toks[k].text[0].isdigit() or self.toks[k].key in ("/", "-")):
            k += 1
        if k > j and self.toks[k - 1].key == "/":
            return k
        # a number alone before a rank: "Kasdim 0410 Mayor Inf Hasan"
        return k if k == j + 1 and len(self.toks[j].text) >= 3 and self.rank_at(k) else j

    def run_at(self, j: int, limit: int = 8) -> int:
        """End of the capitalised run of place and name words starting at ``j``."""
        k = j
        while k < self.n and k - j < limit and self.is_run_tok(k):
            k += 1
        return k

    def after_comma(self, k: int) -> int:
        return k + 1 if k < self.n and self.toks[k].key == "," else k

    def clear_end(self, k: int) -> bool:
        """Nothing capitalised and unknown follows: a run or name ending at ``k`` is whole."""
        if not self.is_capital_word(k):
            return True
        return bool(
            self.rank_at(k) or self.lex.units.match(self.toks, k) or self.position_at(k)
            or self.title_at(k, self.lex.prefix_titles) or self.title_at(k, self.lex.suffix_titles)
        )

    # -- places ----------------------------------------------------------------

    def unit_place(self, i: int) -> tuple[str, int, int, str | None] | None:
        """(unit, place start, place end, admin word) of a unit written at ``i``."""
        m = self.lex.units.match(self.toks, i)
        if not m:
            return None
        j = self.skip_acronym(m[1])
        admin = self.admin_at(j, m[0])
        j = admin[1] if admin else self.skip_code(j)  # "Koramil 0402-03/Pagar Alam"
        return m[0], j, self.run_at(j), admin[0] if admin else None

    def admin_at(self, j: int, unit: str | None) -> tuple[str, int] | None:
        """An admin word to drop before a place; "Kota" stays in "Polsek Kota Arga Makmur"."""
        admin = self.lex.admin.match(self.toks, j)
        if admin and admin[0] == "Kota" and unit in self.lex.kota_in_name:
            return None
        return admin

    def _known_places(self) -> set[str]:
        """Places the article names outside any position, as lower-case keys."""
        lex = self.lex
        known = set(lex.provinces)
        for p in self.found.get("places", ()):
            known.add(" ".join(phrase_keys(p.name)))
        for o in self.found.get("organizations", ()):
            # The family may spell the place out ("Sumatera Selatan"); its name keeps the
            # text's form ("KPU Sumsel"), which is what officials' orgs use.
            written = o.name[len(o.kind) :].strip() if o.name.startswith(o.kind + " ") else None
            if written:  # "Kodim 0408/Bengkulu Selatan": the number is not the place
                written = re.sub(r"^[\d.\-]+\s*/\s*", "", written)
                written = None if re.fullmatch(r"[\d.\-/ ]*", written) else written  # "Kodim 0408"
            for place in {o.place, written} - {None}:
                if not any(_looks_like_a_word(k) for k in phrase_keys(place)):
                    known.add(" ".join(phrase_keys(place)))
            if written:
                self.context.setdefault(o.kind, {})[spelling_key(written, o.kind)] = written
        for i in range(self.n):
            if i in self.in_position or self.in_title(i):  # headlines capitalise every word
                continue
            unit = None if lex.heads.ends_at(self.toks, i) else self.unit_place(i)
            admin = lex.admin.match(self.toks, i)
            if unit:
                _, j, k, _ = unit
            elif admin:
                j, k = admin[1], self.run_at(admin[1])
            elif (i == 0 or self.toks[i - 1].key == NEWLINE) and self.toks[i].start < self.dateline_end:
                k = self.run_at(i, 4)  # dateline: "KUALA PEMBUANG -", "Sampang, Tretan.News"
                if i < k < self.n and self.toks[k].key in ("-", ","):
                    known.add(" ".join(t.key for t in self.toks[i:k]))
                continue
            else:
                continue
            if k > j and self.clear_end(k) and not any(_looks_like_a_word(t.key) for t in self.toks[j:k]):
                known.add(" ".join(t.key for t in self.toks[j:k]))
                if unit:
                    place = place_name(self.toks[j:k])
                    self.context.setdefault(unit[0], {})[spelling_key(place, unit[0])] = place
        return known

    def place_acronym(self, k: int) -> str | None:
        """The short form in brackets after a place: "Ogan Komering Ilir (OKI)", "Kutai Kartanegara (Kukar)"."""
        if not (self.bracketed(k) and self.is_capital_word(k + 1)):
            return None
        t, lex = self.toks[k + 1], self.lex
        if len(t.text) > 8 or self.rank_at(k + 1) or lex.positions.match(self.toks, k + 1) \
                or lex.units.match(self.toks, k + 1) or lex.heads.match(self.toks, k + 1):
            return None
        return t.text

    def _place_aliases(self) -> dict[str, str]:
        """Short forms the article gives its places, by spelling key."""
        aliases = {}
        for k in range(1, self.n):
            if self.toks[k].key == "(" and self.is_run_tok(k - 1) and (short := self.place_acronym(k)):
                j = k - 1
                while j > 0 and k - j < 4 and self.is_run_tok(j - 1):
                    j -= 1
                if k - j > 1 or len(self.toks[j].text) > len(short):
                    aliases[spelling_key(short)] = place_name(self.toks[j:k])
        return aliases

    def split_run(self, j: int, k: int, pos: Position) -> tuple[int, bool]:
        """Where place ends and name begins in the run [j, k), and whether that is a guess."""
        if k == j:
            return k, False
        for s in range(j, k):
            if self.prefix_title_at(s):
                return s, False  # a title starts the name: "Banyuasin H Hani", "Pemerintahan Ir Izroh"
        keys = [t.key for t in self.toks[j:k]]
        for s in range(len(keys), 0, -1):
            if " ".join(keys[:s]) in self.known:
                return self.past_suffixes(j + s, k), False
        for s in range(len(keys)):  # "Pj Bupati Ahmad Syaukani Putra": named so before
            if any(tuple(keys[s : s + min(len(p), 2)]) == p[:2] for p in self.persons):
                return j + s, False
        if pos.takes_place and (e := self.region_prefix(j, k, pos.unit)):  # "Wakil Bupati Kaur Herlian Muchrim"
            return self.past_suffixes(e, k), False
        needs_place = pos.takes_place and pos.body is None and pos.unit not in self.lex.placeless_units
        for s in range(j + needs_place, k):  # the model may start a person, but not eat a needed place
            if self.toks[s].start in self.hint_starts:
                return s, False
        if not pos.takes_place:
            return j, False
        if pos.body and (self.sentence_of(j), pos.unit) in self.placed_units:
            return j, False  # "Ketua PPS X, A, serta anggota PPS Lusi Andriani": the body was placed just before
        suffix = max((s for s in range(len(keys)) if keys[s] in self.lex.place_suffixes), default=None)
        given = next((s for s in range(len(keys)) if keys[s] in self.lex.given_names), None)
        if suffix is not None and given is not None and given > suffix:
            return j + given, False  # "Camat Mentawa Baru Ketapang Rudi Hartono"
        if suffix is not None:  # "Kelumpang Tengah"
            return j + suffix + 1, False
        # "Ketua PPK Muhammad Abdullah", "Asisten I Pemerintahan Ahmad Fauzi": a given name opens a name
        if given is not None and (given > 0 or not needs_place or pos.unit not in self.lex.ranked_units):
            return j + given, given > 1
        if len(keys) == 1:
            if needs_place or self.is_region(self.toks[j].text):  # "Anggota DPRD Kaur dari ..."
                return k, False
            return j, not self.context.get(pos.unit or "")  # "Ketua PPK Alfianoor" when PPK X is named
        if needs_place and pos.unit in self.lex.ranked_units:
            return k, False  # police and soldiers carry ranks: a rank-less run is all place
        return j + 1, True

    def past_suffixes(self, s: int, k: int) -> int:
        """A place goes on through compass suffixes: "Bengkulu" + "Selatan" is one place, not a place and a name.

        Suffixes that are name words too ("Jaya", "Raya") do not carry it on.
        """
        while s < k and self.toks[s].key in self.lex.compass_suffixes:
            s += 1
        return s

    def region_prefix(self, j: int, k: int, unit: str | None) -> int | None:
        """End of the longest region (Kemendagri gazetteer) opening the run [j, k), a name left after it.

        The levels looked up are those the unit is named after (``region_levels``); a common
        given name is never taken for a place ("Bambang" is a kecamatan too).
        """
        if self.toks[j].key in self.lex.given_names:
            return None
        levels = self.lex.region_levels.get(unit or "", self.lex.region_levels["default"])
        for e in range(k - 1, j, -1):
            if self.is_region(" ".join(t.text for t in self.toks[j:e]), levels):
                return e
        return None

    @staticmethod
    def is_region(name: str, levels: Iterable[str] = ("kabupaten", "kota", "provinsi")) -> bool:
        """A region of the gazetteer at one of ``levels``."""
        from pipeline.analysis import regions

        return any(regions.is_known(name, level) for level in levels)

    def government_of(self, place: str, admin: str | None) -> str:
        """Pemkab, Pemkot or Pemprov for a place named after "Sekda", "Asisten" ..."""
        if admin in self.lex.government_by_admin:
            return self.lex.government_by_admin[admin]
        key = " ".join(phrase_keys(place))
        for p in self.found.get("places", ()):
            if " ".join(phrase_keys(p.name)) == key and p.level in self.lex.government_by_level:
                return self.lex.government_by_level[p.level]
        if key in self.lex.provinces:
            return "Pemprov"
        from pipeline.analysis import regions
        from pipeline.analysis.rules.places import rules as place_rules

        short = place_rules().abbreviations.get(place)  # "OKI", "Kukar", "Kotim"
        if short and short[0] in self.lex.government_by_level:
            return self.lex.government_by_level[short[0]]

        levels = [lv for lv in ("kabupaten", "kota") if regions.is_known(place, lv)]
        return self.lex.government_by_level[levels[0]] if len(levels) == 1 else "Pemda"

    def finish_orgs(self, mentions: list[Mention]) -> list[Mention]:
        """Orgs for every mention; a placeless one takes the one unit of its kind the article names."""
        lex = self.lex
        for m in mentions:
            if m.unit and m.place:
                self.context.setdefault(m.unit, {})[spelling_key(m.place, m.unit)] = m.place
        out = []
        for m in mentions:
            org, flags = m.unit, m.flags
            if m.unit and m.place and m.unit not in lex.placeless_units:
                org = f"{m.unit} {m.place}"
            elif m.unit and m.unit not in lex.placeless_units:
                kinds = lex.government_units if m.unit in lex.government_units else {m.unit}
                named: dict[tuple[str, str], str] = {}
                for kind in kinds:
                    for key, place in self.context.get(kind, {}).items():
                        # "Polres OKI" and "Polres Ogan Komering Ilir (OKI)" are one unit: the long form names it
                        long = self.aliases.get(key)
                        if long and spelling_key(long, kind) in self.context[kind]:
                            continue
                        named[(kind, key)] = place
                if len(named) > 1:
                    named, nearest = self.nearest_units(m, named, mentions)
                    flags += ("org_from_context_nearest",) if nearest else ()
                if len(named) == 1:
                    (kind, _), place = next(iter(named.items()))
                    org = f"{kind} {place}"
                elif len(named) > 1:
                    flags += ("org_from_context_ambiguous",)
            out.append(replace(m, org=org, flags=flags))
        return out

    def nearest_units(self, m: Mention, named: dict, mentions: list[Mention]) -> tuple[dict, bool]:
        """Of several units of its kind, the one for ``m`` and whether that is a guess.

        Named in its sentence ("Kapolsek A ... bersama Bhabinkamtibmas Desa X": A's Polsek), else
        covering its village, else (a guess, flagged) the one last named before it.
        """
        sentence = self.sentence_of(m.first)
        near = {(x.unit, spelling_key(x.place, x.unit)) for x in mentions
                if x.place and x is not m and self.sentence_of(x.first) == sentence}
        kept = {key: p for key, p in named.items() if key in near}
        if len(kept) == 1:
            return kept, False
        if m.area:  # the kecamatan of the village, by the gazetteer: "Desa Sukadana" lies in Kecamatan Kayuagung
            from pipeline.analysis import regions

            kecamatan = {spelling_key(regions.region(r.parent_code).name) for r in regions.candidates(m.area, "desa")
                         if r.parent_code and regions.region(r.parent_code)}
            kept = {(kind, key): p for (kind, key), p in named.items() if spelling_key(p, kind) in kecamatan}
            if len(kept) == 1:
                return kept, False
        written = [(x.first, (x.unit, spelling_key(x.place, x.unit))) for x in mentions if x.place and x is not m]
        written = [(first, key) for first, key in written if key in named]
        before = [w for w in written if w[0] < m.first]
        if before or written:
            key = max(before)[1] if before else min(written)[1]
            return {key: named[key]}, True
        return named, False

    def sentence_of(self, i: int) -> int:
        """Which sentence token ``i`` is in (a count of the sentence ends before it)."""
        if self._sentence_ends is None:
            self._sentence_ends = [k for k, t in enumerate(self.toks) if t.key in SENTENCE_ENDS]
        return bisect.bisect_left(self._sentence_ends, i)

    # -- names -----------------------------------------------------------------

    def particle_at(self, j: int, k: int) -> bool:
        """A lower-case particle inside a name: "Nonato da Purificacao Sarmento", "Marthen de Fretes"."""
        return k > j and self.toks[k].key in self.lex.name_particles and self.toks[k].text.islower() \
            and k + 1 < self.n and self.is_name_tok(k + 1)

    def name_at(self, j: int, strong: bool) -> tuple[int, int] | None:
        """Token range of a name at ``j``; a name with no rank or title must be clearly bounded."""
        hinted = self.toks[j].start in self.hint_starts if j < self.n else False
        k = j
        if strong and j + 1 < self.n and self.could_be_name(j) and self.toks[j].text.istitle() \
                and self.is_name_tok(j + 1):
            k += 1  # "AKP Lalu Muhammad Zaini": after a rank, a Sasak "Lalu" is a name, not "then"
        while k < self.n and k - j < 6 and (self.is_name_tok(k) or self.particle_at(j, k)):
            if not hinted and _looks_like_a_word(self.toks[k].key):
                break  # "AKBP FERLY ROSA PUTRA MENGHADIRI": the verb ends the name
            if k > j and self.title_at(k, self.lex.suffix_titles):
                break  # "Mishardi S. Pd": an initial that starts a title
            k += 1
        if k == j or not any(len(t.text.rstrip(".")) > 1 for t in self.toks[j:k]):
            return None
        if not strong:
            if self.in_title(j) and not hinted:
                return None  # title-case headlines capitalise every word
            if not self.clear_end(k):
                return None
        return j, k

    def person(self, j: int, strong: bool) -> tuple[str, tuple[int, int], tuple[str, ...], int] | None:
        """(name, name offsets, titles, end index) of a person written from ``j``."""
        pre: list[str] = []
        while (t := self.prefix_title_at(j)) is not None:
            pre.append(t[0])
            j = t[1]
        span = self.name_at(j, strong or bool(pre))
        if span is None:
            return None
        post: list[str] = []
        k = span[1]
        while k < self.n:  # "SH MH", ", S.Pd", "SH."
            t = self.title_at(self.after_comma(k), self.lex.suffix_titles)
            if not t:
                break
            post.append(t[0])
            k = t[1]
        toks = self.toks[span[0] : span[1]]
        return display_name(toks), (toks[0].start, toks[-1].end), tuple(pre + post), k

    def named(self, base: Mention, who, rank: str | None = None, flags: tuple[str, ...] = ()) -> Mention:
        name, span, titles, end = who
        return replace(
            base, last=end, name=name, name_span=span, titles=titles, rank=rank, flags=base.flags + flags
        )

    # -- mentions ----------------------------------------------------------------

    def read(self) -> list[Mention]:
        """Every mention in the text, in order (roles and orgs not yet set)."""
        mentions: list[Mention] = []
        i = 0
        while i < self.n:
            found = self.position_mention(i, mentions) or self.rank_mention(i) or self.unit_mention(i) \
                or self.body_list(i) or self.role_list(i)
            if not found:
                i += 1
                continue
            new, replaces_previous = found
            new = new + self.members_after(new[-1], new[-1].last)
            if replaces_previous:
                mentions[-1] = new[0]
                mentions.extend(new[1:])
            else:
                mentions.extend(new)
            self.persons.update(tuple(m.name.lower().split()) for m in new if m.name)
            self.placed_units.update((self.sentence_of(m.first), m.unit) for m in new if m.unit and m.place)
            i = max(m.last for m in new)
        return mentions

    def position_mention(self, i: int, before: list[Mention]) -> tuple[list[Mention], bool] | None:
        found = self.position_at(i)
        if not found:
            return None
        lex = self.lex
        pos, j = found
        admin_m = self.admin_at(j, pos.unit)
        admin = admin_m[0] if admin_m else None
        j = admin_m[1] if admin_m else self.skip_code(j)
        k = self.run_at(j)
        k = self.skip_division(k)  # "Anggota KPU Kabupaten Banyuasin Divisi Teknis, Andi Wijaya"
        acronym = k > j and bool(self.place_acronym(k))  # "Kapolres Ogan Komering Ilir (OKI) AKBP ..."
        after = k + 3 if acronym else k
        # a unit after the place: "Kapolsek Sindangbarang Polres Cianjur", "Kasat Intelkam Polres Banyuasin"
        unit2 = self.unit_place(after)
        end, guessed = after, False
        unit2_place = None
        name_from = None  # where a run goes on into a name
        if unit2 and unit2[0] not in lex.placeless_units:
            u, a, r, _ = unit2
            if self.rank_at(self.after_comma(r)):
                end = r
            elif r > a and self.place_acronym(r) and self.rank_at(self.after_comma(r + 3)):
                end = r + 3  # "Kapolsek Mesuji Polres Ogan Komering Ilir (OKI) Iptu ..."
            else:  # a unit's name may go on into a person, as after "Ketua KPU": body=u
                end, guessed = self.split_run(a, r, Position(u, u, True, body=u))
            unit2_place = place_name(self.toks[a:min(end, r)]) if end > a else None
            name_from = end if end < r else None
        elif unit2:
            end = unit2[1]
        list_start = self.list_after(end)  # "anggota PPK Lembak masing-masing A, B dan C"
        listed = list_start is not None and bool(self.list_items(Mention(i, i), None, list_start))
        cue_after = bool(acronym or unit2 or self.rank_at(self.after_comma(end)) or self.prefix_title_at(end) or listed)
        split, guessed = (k, guessed) if cue_after else self.split_run(j, k, pos)
        name_from = split if split < k else name_from
        place = place_name(self.toks[j:split]) if split > j else None
        place_span = (self.toks[j].start, self.toks[split - 1].end) if place else None
        if place and cue_after:  # "Kapolsek Betung AKP ...": surely a place; later runs may use it
            self.known.add(" ".join(t.key for t in self.toks[j:split]))
        area = None
        if pos.name in self.lex.village_posts:
            area, place = place, None  # "Bhabinkamtibmas Desa Sukamaju": the village served, not the unit
        if pos.unit and (pos.takes_place or not unit2) and (place or not unit2):
            unit = self.government_of(place, admin) if place and pos.unit == "Pemda" else pos.unit
        elif unit2:  # the position's own unit is the one written after it
            unit, place, place_span = unit2[0], unit2_place, None
            if unit == "Pemda" and place:  # "Asisten I Setda Provinsi Bengkulu"
                unit = self.government_of(place, unit2[3])
        else:  # a national office: "Presiden"
            unit, place, place_span = None, None, None
        base = Mention(
            i, end if name_from is None else name_from, position=pos.name, unit=unit, place=place,
            place_span=place_span, flags=("name_place_split_guessed",) if guessed else (), area=area,
        )
        rank = self.rank_at(self.after_comma(end))
        if rank:
            who = self.person(rank[1], strong=True)
            if who:
                return [self.named(base, who, rank[0], rank[2])], False
            return [replace(base, last=rank[1])], False
        if name_from is not None and (who := self.person(name_from, strong=False)):  # the run goes on
            return [self.named(base, who)] + self.coordinated(pos, base, who[3]), False
        if self.prefix_title_at(end) and (who := self.person(end, strong=True)):  # "Banyuasin H Hani ..."
            return [self.named(base, who)] + self.coordinated(pos, base, who[3]), False
        back = self.backward(i, before, base)
        if back:
            return back
        if listed and (items := self.list_items(base, pos.body, list_start)):
            return items, False
        if end < self.n and self.toks[end].key == "," and (who := self.person(end + 1, strong=False)):
            return [self.named(base, who)] + self.coordinated(pos, base, who[3]), False
        return [base], False

    def skip_division(self, k: int, bare: bool = False) -> int:
        """Past a commissioner's division, which the position leaves out ("Divisi Hukum dan Pengawasan").

        ``bare``: the word "Divisi" was part of the head ("Kordiv Pencegahan").
        """
        if not bare and (head := self.lex.heads.match(self.toks, k)) and head[0] == "Koordinator Divisi":
            return self.skip_division(head[1], bare=True)  # "Anggota Bawaslu X Koordinator Divisi Hukum, A"
        if bare:
            k -= 1
        elif k >= self.n or self.toks[k].key != "divisi":
            return k
        d = k + 1
        while d < self.n and d - k < 7 and not self.lex.bodies.match(self.toks, d) \
                and (self.is_capital_word(d) or self.toks[d].key in ("dan", "&")):
            d += 1
        while d > k + 1 and not self.is_capital_word(d - 1):  # "... Teknis dan" ends before "dan"
            d -= 1
        return d if d > k + 1 else k + bare

    def backward(self, i: int, before: list[Mention], base: Mention) -> tuple[list[Mention], bool] | None:
        """A person written before the position: "AKP X, selaku Kapolsek Y", "Yusuf Majid Camat Koja"."""
        prev = before[-1] if before else None
        now = self.lex.current.ends_at(self.toks, i)  # "mantan Kapolsek X, Iptu Y, yang kini menjabat Kanit ..."
        if now and prev and prev.name and prev.last == now[1] - (self.toks[now[1] - 1].key == ","):
            return [replace(base, name=prev.name, name_span=prev.name_span, rank=prev.rank, titles=prev.titles)], False
        j = i
        cue = self.lex.apposition.ends_at(self.toks, j)
        j = cue[1] if cue else j
        if j > 0 and self.toks[j - 1].key in (",", "("):
            j -= 1
        prev = before[-1] if before else None
        if prev and prev.last == j and prev.name and prev.position is None:
            role = "former" if self.lex.former.ends_at(self.toks, i) else prev.role
            merged = replace(prev, last=base.last, position=base.position, unit=base.unit, place=base.place,
                             place_span=base.place_span, role=role, flags=prev.flags + base.flags)
            return [merged], True
        if prev and prev.last >= j:
            return None
        # A bare name just before: words not read yet, nothing capitalised to their left.
        end = j
        while end > 0 and self.title_at(end - 1, self.lex.suffix_titles):
            end -= 1
        start, floor = end, prev.last if prev else 0
        while start > floor and end - start < 5 and self.is_name_tok(start - 1):
            start -= 1
        if start == end or self.in_title(start):
            return None
        if start > 0 and self.prefix_title_at(start - 1):
            start -= 1
        hinted = self.toks[end - 1].end in self.hint_ends
        if start > 0 and self.is_capital_word(start - 1):
            return None
        if end - start < 2 and not hinted and j == i:
            return None  # a lone capitalised word right before a position: "Pemilihan Gubernur"
        who = self.person(start, strong=hinted)
        if not who or who[1][1] != self.toks[end - 1].end:
            return None
        return [replace(self.named(base, who), first=start, last=base.last)], False

    def coordinated(self, pos: Position, base: Mention, k: int) -> list[Mention]:
        """More names under a head many hold: "Komisioner KPU X Mashudi dan Muhammad Abdullah"."""
        if pos.head not in self.lex.shared_heads:
            return []
        return self.more_names(base, k)

    def more_names(self, base: Mention, k: int, position: str | None = None) -> list[Mention]:
        """Names joined by ",", "dan", "serta" from ``k``, each with ``base``'s post (or ``position``)."""
        more: list[Mention] = []
        while k < self.n and self.toks[k].key in (",", "dan", "serta"):
            k += 1 + (k + 1 < self.n and self.toks[k].key == "," and self.toks[k + 1].key in ("dan", "serta"))
            who = self.person(k, strong=False)
            if not who or self.rank_at(who[3]) or self.position_at(who[3]):
                break
            m = replace(self.named(base, who), first=k)
            more.append(replace(m, position=position) if position else m)
            k = who[3]
        return more

    def members_after(self, m: Mention, k: int) -> list[Mention]:
        """Members named after their chair: "Ketua PPS X, A, beserta anggota B dan C"."""
        if not (m.name and m.unit in self.lex.body_kinds):
            return []
        k = self.after_comma(k)
        cue = self.lex.members.match(self.toks, k)
        if not cue:
            return []
        k = self.after_comma(cue[1])
        intro = self.lex.list_intro.match(self.toks, k)
        k = self.after_comma(intro[1]) if intro else k
        if self.lex.units.match(self.toks, k):
            return []  # "bersama anggota PPK Lembak ...": a post of its own, read as one
        base = Mention(k, k, position=f"{cue[0]} {m.unit}", unit=m.unit, place=m.place, place_span=m.place_span)
        first = self.person(k, strong=False)
        if not first or self.rank_at(first[3]) or self.position_at(first[3]):
            return []
        return [replace(self.named(base, first), first=k)] + self.more_names(base, first[3])

    def bullet_end(self, k: int) -> int:
        """Past a list item's number or bullet: "1.", "2)", "-", "•"."""
        if k + 1 < self.n and self.toks[k].text.isdigit() and self.toks[k + 1].key in (".", ")"):
            return k + 2
        if k < self.n and self.toks[k].key in ("-", "–", "•", "*", "·", "o"):
            return k + 1
        return k

    def list_role(self, k: int) -> tuple[str, int] | None:
        """(role, end) written after a listed name: "(Ketua)", "(Anggota PPK)", "sebagai Ketua", "- Ketua"."""
        lex, toks = self.lex, self.toks
        if k < self.n and toks[k].key == "(":
            head = lex.heads.match(toks, k + 1)
            if head and head[0] in lex.list_roles.values():
                close = next((e for e in range(head[1], min(head[1] + 6, self.n)) if toks[e].key == ")"), None)
                if close is not None:
                    return head[0], close + 1
            return None
        if k < self.n and toks[k].key in ("sebagai", "selaku", "-", "–", ":", ","):
            head = lex.heads.match(toks, k + 1)
            if head and head[0] in lex.list_roles.values() and not lex.bodies.match(toks, head[1]) \
                    and (head[1] >= self.n or toks[head[1]].key in (NEWLINE, ",", ";", ".", "dan")):
                return head[0], head[1]
        return None

    def role_before(self, k: int) -> tuple[str, int] | None:
        """(role, where the name starts) of a role written before a listed name: "Ketua Andi", "anggota: Budi"."""
        head = self.lex.heads.match(self.toks, k)
        if not head or head[0] not in self.lex.list_roles.values() or self.lex.units.match(self.toks, head[1]):
            return None
        e = head[1] + (head[1] < self.n and self.toks[head[1]].key == ":")
        return (head[0], e) if self.is_name_tok(e) else None

    def list_items(self, base: Mention, body: str | None, k: int, need_role: bool = False) -> list[Mention]:
        """A list: "Komisioner PPK Kecamatan Betung: Yudi Hartono S.Pd (Ketua), Ardi (Anggota)", or one name a line.

        A role after a name makes the position "<role> <body>"; with ``need_role``, names without one are skipped.
        """
        items: list[Mention] = []
        bulleted = False
        before: str | None = None  # a role written before the names: "Ketua A dan anggota B, C"
        while k < self.n:
            start = k
            while k < self.n and self.toks[k].key == NEWLINE:
                k += 1
            if k > start or bulleted:  # a new line: only a numbered or bulleted item goes on with the list
                b = self.bullet_end(k)
                if b == k:
                    break
                k, bulleted = b, True
            else:
                k = self.bullet_end(k) if not items else k
            head = self.role_before(k)
            if head:
                before, k = head
            elif before not in self.lex.shared_heads:
                before = None  # one Ketua; the Anggota after him are many
            who = self.person(k, strong=True)
            if not who:
                break
            position, end = base.position, who[3]
            role = self.list_role(end) or ((before, end) if before else None)
            if role:
                position, end = (f"{role[0]} {body}".strip() if body is not None else position), role[1]
            if role or not need_role:
                items.append(replace(self.named(base, who), first=k, last=end, position=position))
            if end < self.n and self.toks[end].key in (",", ";", "dan", "serta"):
                k = end + 1 + (end + 1 < self.n and self.toks[end + 1].key in ("dan", "serta"))
                continue
            if not (bulleted and end < self.n and self.toks[end].key == NEWLINE):
                break
            k = end
        return items

    def list_after(self, k: int) -> int | None:
        """Where a list opens after a body or a position: "...: A, B", "... masing-masing A, B", "terdiri dari"."""
        if k < self.n and self.toks[k].key == ",":
            k += 1
        intro = self.lex.list_intro.match(self.toks, k)
        if intro:
            k = intro[1]
        if k < self.n and self.toks[k].key == ":":
            return k + 1
        return k if intro else None

    def body_list(self, i: int) -> tuple[list[Mention], bool] | None:
        """A body, then its members with their roles: "PPK Semidang Gumay terdiri dari A (Ketua), B (Anggota)"."""
        unit = self.unit_place(i) if self.toks[i].key in self.lex.bodies.first else None
        if not unit or unit[0] not in self.lex.body_kinds:
            return None
        kind, j, k, _ = unit
        start = self.list_after(k)
        if start is None:
            return None
        place = place_name(self.toks[j:k]) if k > j else None
        base = Mention(i, k, unit=kind, place=place)
        items = self.list_items(base, kind, start, need_role=True)
        return (items, False) if items else None

    def role_list(self, i: int) -> tuple[list[Mention], bool] | None:
        """Names with roles before their body: "A (Ketua), B (Anggota) dan C (Anggota) dari PPK Gelumbang"."""
        if not self.role_brackets or not self.role_brackets.intersection(range(i + 1, i + 10)):
            return None
        if not self.is_name_tok(i) or (i > 0 and self.is_name_tok(i - 1)) or self.in_title(i):
            return None
        who = self.person(i, strong=True)
        if not who or not self.list_role(who[3]) or self.toks[who[3]].key != "(":
            return None
        items = self.list_items(Mention(i, i), "", i, need_role=True)  # roles alone: the body comes after
        if not items:
            return None
        end = items[-1].last
        body = None
        for e in range(end, min(end + 6, self.n)):  # "..., masing-masing dari PPK Gelumbang"
            if self.toks[e].key in SENTENCE_ENDS:
                break
            if self.toks[e].key in self.lex.bodies.first and (u := self.unit_place(e)) and u[0] in self.lex.body_kinds:
                body = u
                break
        if body is None:
            return None
        kind, j, k, _ = body
        place = place_name(self.toks[j:k]) if k > j else None
        return [replace(m, position=f"{m.position} {kind}", unit=kind, place=place) for m in items], False

    def rank_mention(self, i: int) -> tuple[list[Mention], bool] | None:
        """A ranked person: "AKP Setiyono", "Kompol Bagus"."""
        rank = self.rank_at(i)
        who = self.person(rank[1], strong=True) if rank else None
        if not who:
            return None
        return [self.named(Mention(i, rank[1]), who, rank[0], rank[2])], False

    def unit_mention(self, i: int) -> tuple[list[Mention], bool] | None:
        """A police or military unit, then a ranked person: "Polsek Kelumpang Tengah lptu Ikhsan"."""
        unit = self.unit_place(i)
        if not unit or unit[0] not in self.lex.ranked_units:
            return None
        kind, j, k, _ = unit
        after = k + 3 if k > j and self.place_acronym(k) else k  # "Polres Ogan Komering Ilir (OKI) AKBP ..."
        rank = self.rank_at(after)
        who = self.person(rank[1], strong=True) if rank else None
        if not who:
            return None
        place = place_name(self.toks[j:k]) if k > j else None
        return [self.named(Mention(i, after, unit=kind, place=place), who, rank[0], rank[2])], False

    # -- roles -------------------------------------------------------------------

    def assign_roles(self, mentions: list[Mention]) -> list[Mention]:
        """Roles from the words around each mention; candidates and suspects dropped."""
        lex, toks = self.lex, self.toks
        out: list[Mention] = []
        for idx, m in enumerate(mentions):
            if lex.not_official.ends_at(toks, m.first):
                continue
            prev = mentions[idx - 1] if idx else None
            role = m.role
            speaker_cue = lex.speaker_after.ends_at(toks, m.first)
            if lex.former.ends_at(toks, m.first):
                role = "former"
            elif lex.stand_in_after.ends_at(toks, m.first):
                role = "stand-in"  # "A yang diwakili oleh B"
            elif speaker_cue and prev and prev.last >= speaker_cue[1] - 1:
                role = "speaker"  # "Kapolres X melalui Kasat Y"
            elif lex.stand_in_before.match(toks, m.last + (m.last < self.n and toks[m.last].key in ("yang", ","))):
                role = "stand-in"  # "A mewakili B", "A yang mewakili B"
            elif prev and prev.last <= m.first <= prev.last + 1 and self.opens_with_stand_in(prev):
                role = "stand-in"  # "Mewakili Bupati, Asisten 1 ..."
            out.append(replace(m, role=role))
        return out

    def opens_with_stand_in(self, m: Mention) -> bool:
        """The sentence opens with "Mewakili" and then ``m``."""
        cue = self.lex.stand_in_before.ends_at(self.toks, m.first)
        return bool(cue) and (cue[1] == 0 or self.toks[cue[1] - 1].key in SENTENCE_ENDS)


# -- merging ------------------------------------------------------------------------


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


def _fits(m: Mention, group: list[Mention], how: str) -> bool:
    """Another mention may join a person only when no rank contradicts it."""
    if m.rank and any(g.rank and g.rank != m.rank for g in group):
        return False
    if how == "spelling":  # a respelled name needs another fact in common
        return any(
            (m.rank and g.rank == m.rank) or (m.position and (g.position, g.org) == (m.position, m.org)) for g in group
        )
    return True


_HOW = ("same", "short", "spelling")


def merge(mentions: list[Mention]) -> list[list[Mention]]:
    """Named mentions grouped by person, in order of first mention."""
    groups: list[list[Mention]] = []
    for m in (m for m in mentions if m.name):
        matches = []
        for g in groups:
            hows = [h for x in g if (h := same_person(m.name, x.name))]
            how = min(hows, key=_HOW.index) if hows else None
            if how and _fits(m, g, how):
                matches.append((how, g))
        exact = [g for how, g in matches if how == "same"]
        if exact:
            exact[0].append(m)
        elif len(matches) == 1:  # a short or respelled form joins only an unambiguous person
            how, g = matches[0]
            g.append(replace(m, flags=m.flags + ("name_spelling_merged",)) if how == "spelling" else m)
        elif any(how == "short" for how, _ in matches):
            continue  # "Kompol Bagus" with two Bagus in the article: one of them, not a third person
        else:
            groups.append([m])
    return groups


def resolve_nameless(groups: list[list[Mention]], mentions: list[Mention]) -> None:
    """A nameless mention's role goes to the one person holding that position."""
    for m in mentions:
        if m.name or m.role == "holder" or not m.position:
            continue
        def holds(x: Mention) -> bool:
            return x.position == m.position and (m.place is None or x.org == m.org) and x.role != "former"

        holders = [g for g in groups if any(holds(x) for x in g)]
        if len(holders) == 1:
            holders[0].append(m)


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
    current = [m for m in group if m.position and m.role != "former"]
    positions = {m.position for m in current}
    position = next(iter(positions)) if len(positions) == 1 else None
    if len(positions) > 1:
        flags.append("position_conflict")
    sources = [m for m in current if m.position == position] if position else \
        ([] if positions else [m for m in named if m.role != "former"])
    orgs = {m.org for m in sources if m.org}
    placed = {m.org for m in sources if m.org and m.place}
    org = next(iter(placed)) if len(placed) == 1 else next(iter(orgs)) if len(orgs) == 1 else None
    roles = {m.role for m in group}
    role = next((r for r in ("stand-in", "speaker", "holder") if r in roles), "former")
    titles: list[str] = []
    for m in [best, *named]:
        titles.extend(t for t in m.titles if t not in titles)
    penalty = sum(reader.lex.flag_penalties.get(f, 0.2) for f in flags)
    return Official(
        name=best.name, rank=rank, position=position, org=org,
        start=reader.toks[best.first].start, end=reader.toks[best.last - 1].end, rule=rule,
        titles=tuple(titles), role=role, confidence=round(max(1.0 - penalty, 0.1), 2), flags=tuple(flags),
    )


def find_mentions(doc: Doc, found: dict[str, tuple] | None = None) -> tuple[Reader, list[Mention]]:
    """Every mention of an official in ``doc`` with roles and orgs, and the reader that read them."""
    reader = Reader(doc, found)
    mentions = reader.finish_orgs(reader.assign_roles(reader.read()))
    return reader, mentions


def extract(doc: Doc, found: dict[str, tuple]) -> tuple[Official, ...]:
    """One Official per person named with a rank or a position in the article."""
    reader, mentions = find_mentions(doc, found)
    groups = merge(mentions)
    resolve_nameless(groups, mentions)
    rule = rule_id(NAME)
    return tuple(sorted((to_official(g, reader, rule) for g in groups), key=lambda o: o.start))
