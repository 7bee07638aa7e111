"""Typed records passed between stages.

Every stage is a function from these records to these records. They are frozen so a
stage cannot quietly change what an earlier stage produced; they become plain dicts
only at the SQLite boundary (``pipeline.storage.store``).

Offsets: every ``start``/``end`` is a character offset into ``Article.text`` (the
normalised title, a blank line, then the body), so ``article.text[start:end]`` is the
evidence for the value.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def sha256_hex(data: str | bytes) -> str:
    """Hex sha256 of text (UTF-8) or bytes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article after extraction: normalised text plus metadata."""

    source: str  # the input path or URL it came from
    title: str
    body: str
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    author: str | None = None
    site: str | None = None
    url: str | None = None  # canonical URL when the page states one
    format: str = "txt"  # txt | html | warc
    lang: str = "id"

    @property
    def text(self) -> str:
        """The text all offsets point into: title, blank line, body."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def body_offset(self) -> int:
        return len(self.title) + 2 if self.title else 0

    @property
    def published_date(self) -> date | None:
        """``published`` as a date; None when unknown or not an ISO date."""
        try:
            return date.fromisoformat(str(self.published)[:10]) if self.published else None
        except ValueError:
            return None

    @property
    def id(self) -> str:
        """Stable key: the canonical URL when known, else the source."""
        return sha256_hex(self.url or self.source)[:16]

    @property
    def text_hash(self) -> str:
        """Changes whenever the analysed text changes: drives reprocessing."""
        return sha256_hex(self.text)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Entity:
    """A name found by a NER tagger: PER, ORG or LOC."""

    label: str
    start: int
    end: int
    text: str
    source: str  # which tagger made it, e.g. "rules@1" or "stanza:id_pantau@<sha8>"
    score: float = 1.0


@dataclass(frozen=True)
class Doc:
    """What the rules see: the article, its sentences and the tagger's entities."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()

    @property
    def text(self) -> str:
        return self.article.text


@dataclass(frozen=True)
class Official:
    """A person acting in an official capacity in one article."""

    name: str
    rank: str | None  # canonical short form: AKP, AKBP, Iptu, Letkol ...
    position: str | None  # Kapolsek, Ketua PPK, Plt Ketua KPU, Camat ...
    org: str | None  # Polsek Seruyan Hilir, PPK Betung, KPU Banyuasin ...
    start: int
    end: int
    rule: str  # rule family and version that produced it, e.g. "officials@1"
    titles: tuple[str, ...] = ()  # academic/religious titles kept apart: SH, SIK, H.
    role: str = "holder"  # holder | stand-in | former | speaker
    confidence: float = 1.0
    flags: tuple[str, ...] = ()
    # the position as the text writes it ("Kepala Bidang Humas" for Kabid Humas); None where
    # the position is not written as one phrase (a member named after "bersama anggotanya")
    position_written: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A calendar date stated in the text and what it is the date of."""

    date: str  # ISO YYYY-MM-DD
    kind: str  # event | election_day | report | caption | schedule | other
    start: int
    end: int
    rule: str
    time: str | None = None  # HH:MM when stated ("pukul 10.00 WIB")
    confidence: float = 1.0
    flags: tuple[str, ...] = ()  # e.g. "weekday_mismatch", "year_inferred"


@dataclass(frozen=True)
class Election:
    type: str  # Pilkada | Pilgub | Pilbup | Pilwalkot | Pemilu | Pileg | Pilpres | PSU | Pilkades
    year: int | None
    date: str | None  # voting day, ISO, when stated
    start: int
    end: int
    rule: str
    region: str | None = None
    confidence: float = 1.0
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Count:
    kind: str  # tps | dpt
    value: int
    start: int
    end: int
    rule: str
    scope: str | None = None  # the place the figure is for, when stated
    confidence: float = 1.0
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    level: str  # desa | kelurahan | kecamatan | kabupaten | kota | provinsi | unknown
    name: str
    start: int
    end: int
    rule: str
    code: str | None = None  # Kemendagri region code when resolved
    confidence: float = 1.0


@dataclass(frozen=True)
class Organization:
    kind: str  # Polsek | Polres | Polda | KPU | Bawaslu | PPK | PPS | KPPS | Panwascam ...
    name: str  # kind plus place, e.g. "Polsek Seruyan Hilir"
    start: int
    end: int
    rule: str
    place: str | None = None
    sector: str = "other"  # police | election | military | government | other
    confidence: float = 1.0


@dataclass(frozen=True)
class Event:
    """One reported activity: a visit, a coordination meeting, a bimtek ..."""

    type: str  # visit | coordination | bimtek | apel | coffee_morning | security | meeting | stage ...
    start: int
    end: int
    rule: str
    date: str | None = None
    place: str | None = None
    organizations: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()  # official names as in Official.name
    election: str | None = None  # e.g. "Pilkada 2024"
    confidence: float = 1.0
    flags: tuple[str, ...] = ()
    venue: str | None = None  # the building or room as written: "Mapolsek Betung"


@dataclass(frozen=True)
class Cue:
    """One phrase that counted towards an article's topic."""

    phrase: str  # as written
    start: int
    end: int
    kind: str  # election | pilkades | security | weak | passing
    weight: float


@dataclass(frozen=True)
class Topic:
    """What an article is about, decided before NER (rules/data/topic.yml)."""

    label: str  # election_security | election | pilkades | police_other | other
    score: float
    rule: str
    evidence: tuple[Cue, ...] = ()
    election_evidence: float = 0.0  # weighted election and pilkades cues: what the gate reads


ELECTION_TOPICS = ("election_security", "election", "pilkades")


@dataclass(frozen=True)
class Extraction:
    """Everything pantau learned from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    officials: tuple[Official, ...] = ()
    dates: tuple[DateMention, ...] = ()
    elections: tuple[Election, ...] = ()
    counts: tuple[Count, ...] = ()
    places: tuple[Place, ...] = ()
    organizations: tuple[Organization, ...] = ()
    events: tuple[Event, ...] = ()
    review: tuple[str, ...] = field(default=())  # reasons a person should look at it
    analysis: str = ""  # tagger and rule versions that made it (analysis.analyse.analysis_id)
    topic: Topic | None = None
    gate: str | None = None  # why it was not analysed: "lang" | "topic"; None when analysed

    @property
    def event_dates(self) -> list[str]:
        return sorted({d.date for d in self.dates if d.kind == "event"})


@dataclass(frozen=True)
class Failure:
    """An input that could not be processed, and why (one readable line)."""

    source: str
    stage: str  # read | extract | nlp | rules | store | fetch
    reason: str
    attempts: int = 1
