"""The 'elections' family's YAML (``data/elections.yml``) compiled once per process, and the
record of one place the text names an election (``Mention``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.analysis import rules

NAME = "elections"

YEAR = re.compile(
    # ("Pilkades serentak Desember 2021": a month may stand before the year, elections 9)
    r"\s*,?\s*(?:(?:bulan\s+)?(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
    r"November|Nopember|Desember)\s+)?(?:tahun\s+)?(?P<y>(?:19|20)\d{2})(?:\s*/\s*(?P<y2>(?:19|20)\d{2}))?(?![\d/])",
    re.IGNORECASE,
)
CAPITALISED = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"
def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


phrase = rules.phrases  # an alternation whose phrases may be split by any run of spaces


@dataclass(frozen=True)
class Lexicon:
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
    negated: re.Pattern  # "tanpa pemilihan gubernur": right before, no such election
    before: int
    after: int
    past: re.Pattern
    past_after_day: re.Pattern  # after a voting day: "lalu", not "kemarin" (yesterday)
    past_before: re.Pattern
    ahead_before: re.Pattern  # "tahun depan ... menghadapi Pemilu 2024": next year's, in passing
    stale_years: int
    loose_types: frozenset
    loose_after: re.Pattern
    umbrella: str
    elliptic: re.Pattern
    national: re.Pattern  # "dan legislatif", "memilih presiden": offices of the Pemilu family
    offices: dict  # capitalised office word -> contest type
    national_offices: dict  # lower-case office words -> Pilpres/Pileg
    national_family: frozenset
    over_after_days: int
    calendar_before: int
    calendar_after: int
    generic: str
    village: frozenset
    family: dict  # type -> the simultaneous family it votes with (regional, national)
    family_head: dict  # family -> the type named for it when only its day is stated
    day_family: dict  # ISO voting day -> family
    day_types: dict  # ISO voting day -> the only contests voted on it (2014: Pileg apart from Pilpres)
    vote_told: re.Pattern  # "pemungutan suara" ... before an activity dated on a known voting day
    continued_vote: re.Pattern  # "pemungutan suara lanjutan ..." before a date in its sentence (elections 15)
    psu_ahead: re.Pattern  # "tiba ... untuk ... PSU": the re-vote ahead of the dated activity (elections 15)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = rules.load_data(NAME)
    types = {name.lower(): t for t, names in data["types"].items() for name in names}
    sensitive = set(data["case_sensitive"])
    loose = [n for names in data["types"].values() for n in names if n not in sensitive]
    mention = re.compile(
        rf"\b(?:(?i:{phrase(loose)})|{alternation(sensitive)})\b"
    )
    levels = alternation(data["region_levels"])
    hyp = data["hypothetical"]
    return Lexicon(
        mention=mention,
        types=types,
        abbreviation_after=re.compile(rf"\s*\(\s*(?:{alternation(types)})\s*\)", re.IGNORECASE),
        qualifiers=re.compile(rf"(?:\s+(?:{phrase(data['qualifiers'])})\b)+", re.IGNORECASE),
        region_before=re.compile(rf"\s+(?:di\s+)?(?:(?P<lvl>{levels})\s+)?(?P<name>{CAPITALISED})"),
        region_after=re.compile(rf"\s+(?:di|se-?)\s*(?:(?P<lvl>{levels})\s+)?(?P<name>{CAPITALISED})"),
        stopwords=frozenset(w.lower() for w in data["region_stopwords"]) | frozenset(types),
        hypothetical_types=frozenset(hyp["types"]),
        hypothetical=re.compile(rf"\b(?:{phrase(hyp['words'])})\b", re.IGNORECASE),
        negated=re.compile(rf"\b(?:{phrase(data['negated_before'])})\s+$", re.IGNORECASE),
        before=hyp["before"],
        after=hyp["after"],
        past=re.compile(
            r"\s*(?:(?:pada\s+)?(?:tanggal\s+)?\d{1,2}\s+[A-Za-z]+\.?(?:\s+\d{4})?\s+"
            rf"|(?:pada\s+)?(?:bulan\s+)?(?:{alternation(data['past']['months'])})\s+)?"
            rf"(?:{phrase(data['past']['after'])})\b",
            re.IGNORECASE,
        ),
        past_after_day=re.compile(
            rf"\s*(?:{phrase([w for w in data['past']['after'] if w not in data['past']['not_after_a_day']])})\b",
            re.IGNORECASE,
        ),
        past_before=re.compile(
            rf"\b(?:{phrase(data['past']['before'])})\s+"
            rf"(?:(?:{phrase(data['past']['between'])})\s+){{0,3}}$",
            re.IGNORECASE,
        ),
        ahead_before=re.compile(rf"\b(?:{phrase(data['past']['ahead_before'])})\b[^.,;]{{0,40}}$", re.IGNORECASE),
        stale_years=data["past"]["stale_years"],
        loose_types=frozenset(data["loose"]["types"]),
        loose_after=re.compile(
            # "pemilihan bupati/wali kota di 14 kabupaten/kota": a slash joins offices too
            rf"(?:(?:\s*[,/]\s*(?:(?:{phrase(data['loose']['joiners'])})\s+)?"
            rf"|\s+(?:{phrase(data['loose']['joiners'])})\s+)"
            rf"(?:{phrase(data['loose']['offices'])})\b)+",
            re.IGNORECASE,
        ),
        umbrella=data["loose"]["umbrella"],
        elliptic=re.compile(
            rf"(?:\b(?:{phrase(data['elliptic']['joiners'])})\s+|\b(?i:memilih)\s+"
            # "Logistik Pilkada 2024, Gubernur dan Wakil Gubernur Jawa Tengah serta ...": after
            # a comma only an office paired with its deputy (a bare "Gubernur X" is a person)
            rf"|,\s*(?=(?:{phrase(data['elliptic']['offices'])})\s+dan\s+Wakil\s)"
            # "surat suara untuk Gubernur/Wakil Gubernur Aceh dan Bupati/Wakil Bupati Pidie":
            # an office slashed with its deputy is the contest wherever it stands
            rf"|(?<![\w/])(?=(?:{phrase(data['elliptic']['offices'])})\s*/\s*Wakil\s))"
            rf"(?P<office>{phrase(data['elliptic']['offices'])})"
            rf"(?:(?:\s+dan\s+|\s*/\s*)Wakil\s+(?:{phrase(data['elliptic']['offices'])}))?(?=\s+[A-Z])"
        ),
        offices={" ".join(k.split()): v for k, v in data["elliptic"]["offices"].items()},
        national=re.compile(
            rf"(?:\b(?:{phrase(data['national_offices']['joiners'])})\s+|\bmemilih\s+"
            # after a comma only a legislature: "Pemilu 2024, presiden ..." is a person
            rf"|,\s*(?=(?:anggota\s+)?DPR))"
            rf"(?P<office>{phrase(sorted(data['national_offices']['offices'], key=len, reverse=True))})\b",
            re.IGNORECASE,
        ),
        national_offices={k.lower(): v for k, v in data["national_offices"]["offices"].items()},
        national_family=frozenset(data["national_offices"]["family"]),
        over_after_days=data["past"]["over_after_days"],
        calendar_before=data["calendar_year"]["before"],
        calendar_after=data["calendar_year"]["after"],
        generic=data["generic"],
        village=frozenset(data["village"]),
        family={t: fam for fam, ts in data["simultaneous"].items() for t in ts},
        family_head={fam: ts[0] for fam, ts in data["simultaneous"].items()},
        day_family={str(d): fam for fam, ds in data["voting_days"].items() for d in ds},
        day_types={str(d): frozenset(ts) for d, ts in data["day_types"].items()},
        vote_told=re.compile(rf"\b(?:{phrase(data['vote_told'])})\b", re.IGNORECASE),
        continued_vote=re.compile(rf"\b(?:{phrase(data['continued_vote'])})\b", re.IGNORECASE),
        psu_ahead=re.compile(rf"\b(?:{phrase(data['psu_ahead'])})\b", re.IGNORECASE),
    )


@dataclass(frozen=True)
class Mention:
    """One place the text names an election."""

    type: str
    start: int
    end: int
    sentence: int
    year: int | None  # attached to the mention itself
    region: str | None
    spelled: bool
    past: bool
