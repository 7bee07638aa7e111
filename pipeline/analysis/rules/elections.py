"""Rule family 'elections': which elections an article names, their year, voting day and region.

The names, region words and examples live in ``data/elections.yml``; its description is
the reference for how years, dates and regions are chosen.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from pipeline.analysis import rules
from pipeline.records import Doc, Election

NAME = "elections"
VERSION = 8

_YEAR = re.compile(
    r"\s*,?\s*(?:tahun\s+)?(?P<y>(?:19|20)\d{2})(?:\s*/\s*(?P<y2>(?:19|20)\d{2}))?(?![\d/])",
    re.IGNORECASE,
)
_CAPITALISED = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_phrase = rules.phrases  # an alternation whose phrases may be split by any run of spaces


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
    negated: re.Pattern  # "tanpa pemilihan gubernur": right before, no such election
    before: int
    after: int
    past: re.Pattern
    past_after_day: re.Pattern  # after a voting day: "lalu", not "kemarin" (yesterday)
    past_before: re.Pattern
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
        negated=re.compile(rf"\b(?:{_phrase(data['negated_before'])})\s+$", re.IGNORECASE),
        before=hyp["before"],
        after=hyp["after"],
        past=re.compile(
            r"\s*(?:(?:pada\s+)?(?:tanggal\s+)?\d{1,2}\s+[A-Za-z]+\.?(?:\s+\d{4})?\s+"
            rf"|(?:pada\s+)?(?:bulan\s+)?(?:{_alternation(data['past']['months'])})\s+)?"
            rf"(?:{_phrase(data['past']['after'])})\b",
            re.IGNORECASE,
        ),
        past_after_day=re.compile(
            rf"\s*(?:{_phrase([w for w in data['past']['after'] if w not in data['past']['not_after_a_day']])})\b",
            re.IGNORECASE,
        ),
        past_before=re.compile(
            rf"\b(?:{_phrase(data['past']['before'])})\s+"
            rf"(?:(?:{_phrase(data['past']['between'])})\s+){{0,3}}$",
            re.IGNORECASE,
        ),
        stale_years=data["past"]["stale_years"],
        loose_types=frozenset(data["loose"]["types"]),
        loose_after=re.compile(
            # "pemilihan bupati/wali kota di 14 kabupaten/kota": a slash joins offices too
            rf"(?:(?:\s*[,/]\s*(?:(?:{_phrase(data['loose']['joiners'])})\s+)?"
            rf"|\s+(?:{_phrase(data['loose']['joiners'])})\s+)"
            rf"(?:{_phrase(data['loose']['offices'])})\b)+",
            re.IGNORECASE,
        ),
        umbrella=data["loose"]["umbrella"],
        elliptic=re.compile(
            rf"(?:\b(?:{_phrase(data['elliptic']['joiners'])})\s+|\b(?i:memilih)\s+"
            # "Logistik Pilkada 2024, Gubernur dan Wakil Gubernur Jawa Tengah serta ...": after
            # a comma only an office paired with its deputy (a bare "Gubernur X" is a person)
            rf"|,\s*(?=(?:{_phrase(data['elliptic']['offices'])})\s+dan\s+Wakil\s)"
            # "surat suara untuk Gubernur/Wakil Gubernur Aceh dan Bupati/Wakil Bupati Pidie":
            # an office slashed with its deputy is the contest wherever it stands
            rf"|(?<![\w/])(?=(?:{_phrase(data['elliptic']['offices'])})\s*/\s*Wakil\s))"
            rf"(?P<office>{_phrase(data['elliptic']['offices'])})"
            rf"(?:(?:\s+dan\s+|\s*/\s*)Wakil\s+(?:{_phrase(data['elliptic']['offices'])}))?(?=\s+[A-Z])"
        ),
        offices={" ".join(k.split()): v for k, v in data["elliptic"]["offices"].items()},
        national=re.compile(
            rf"(?:\b(?:{_phrase(data['national_offices']['joiners'])})\s+|\bmemilih\s+"
            # after a comma only a legislature: "Pemilu 2024, presiden ..." is a person
            rf"|,\s*(?=(?:anggota\s+)?DPR))"
            rf"(?P<office>{_phrase(sorted(data['national_offices']['offices'], key=len, reverse=True))})\b",
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


def _published_year(doc: Doc) -> int | None:
    value = doc.article.published
    if value and str(value)[:4].isdigit():
        return int(str(value)[:4])
    return None


def _find_mentions(lex: _Lexicon, doc: Doc, places) -> list[_Mention]:
    text = doc.text
    bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    starts = [b[0] for b in bounds]
    published_year = _published_year(doc)
    mentions = []
    for m in lex.mention.finditer(text):
        surface = " ".join(m.group().split()).lower()
        etype = lex.types.get(surface) or lex.types.get(m.group())
        if etype is None:
            continue
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        s_start, s_end = bounds[i]
        limit = max(s_end, m.end())
        end = m.end()
        if (etype in lex.loose_types and "wakil" not in surface
                and (loose := lex.loose_after.match(text, end, limit))):
            # "pemilihan bupati dan wali kota", "pemilihan gubernur, bupati, dan wali kota":
            # several offices described loosely are the Pilkada that elects them
            etype, end = lex.umbrella, loose.end()
        if etype in lex.hypothetical_types and _hypothetical(lex, text, m.start(), m.end(), s_start, s_end):
            continue
        if lex.negated.search(text, max(s_start, m.start() - 30), m.start()):
            continue  # "Pilkada 2024 hanya memilih bupati dan wali kota, tanpa pemilihan gubernur"
        year, region, end = _tail(lex, text, end, limit, places)
        past = bool(
            lex.past.match(text, end, min(limit, end + 40))
            or lex.past_before.search(text, max(s_start, m.start() - 60), m.start())
            or (year is not None and published_year is not None
                and year <= published_year - lex.stale_years)
        )
        mentions.append(_Mention(etype, m.start(), end, i, year, region, " " in surface, past))
    mentions += _elliptic(lex, doc, places, bounds, starts, mentions)
    mentions += _national(lex, text, starts, mentions)
    mentions += _regional(text, starts, mentions)
    return _psu_years(text, sorted(mentions, key=lambda m: m.start))


def _elliptic(lex: _Lexicon, doc: Doc, places, bounds, starts, mentions) -> list[_Mention]:
    """Contests named by their office alone after another contest, or after "memilih":
    "Pemilihan Gubernur Aceh serta Bupati dan Wakil Bupati Bireuen", "Pilkada serentak untuk
    memilih Gubernur Kalimantan Barat dan Bupati Ketapang"."""
    text = doc.text
    out = []
    for m in lex.elliptic.finditer(text):
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        if not (m.group().lower().startswith("memilih") or "/" in m.group()):
            # the contest it continues ends just before it, in its sentence
            if not any(n.sentence == i and n.type in lex.loose_types | {lex.umbrella}
                       and n.spelled and 0 <= m.start() - n.end <= 60 for n in mentions + out):
                continue
        limit = max(bounds[i][1], m.end())
        year, region, end = _tail(lex, text, m.end(), limit, places)
        if region is None and (r := lex.region_before.match(text, m.end(), limit)):
            # right after the office, within a run of contests, a capitalised name is
            # the contest's place ("serta Bupati dan Wakil Bupati Bireuen digelar ...")
            region, _ = _place_name(lex, r)
            if region:
                year, _, end = _tail(lex, text, r.end("name"), limit, places)
        if region is None:
            continue  # "dan Bupati" with no place named is no contest
        etype = lex.offices[" ".join(m.group("office").split())]
        out.append(_Mention(etype, m.start("office"), end, i, year, region, True, False))
    return out


# A legislature counts as the Pileg only at the head of a run of them ("DPR, DPD, DPRD ...").
_LEGISLATURES_ON = re.compile(r"(?:\s+RI)?\s*(?:,|\bdan\b|\bserta\b)\s*(?:DPD|DPRD)\b")


def _national(lex: _Lexicon, text: str, starts, mentions: list[_Mention]) -> list[_Mention]:
    """National contests named by their office alone: "pemilihan presiden dan legislatif",
    "Pemilu serentak 2019 untuk memilih presiden dan anggota legislatif"."""
    out: list[_Mention] = []
    for m in lex.national.finditer(text):
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        kin = [n for n in mentions + out if n.sentence == i and n.type in lex.national_family
               and not n.past and n.start < m.start()]
        # right after the contest it continues: "Pemilu serentak 2019 untuk memilih presiden",
        # "pemilihan presiden dan legislatif" (not "Pemilu 2024 ... tokoh serta anggota legislatif")
        reach = 40 if m.group().lower().startswith("memilih") else 15
        if not any(0 <= m.start() - n.end <= reach for n in kin):
            continue
        etype = lex.national_offices[" ".join(m.group("office").lower().split())]
        if "dpr" in m.group("office").lower() and not _LEGISLATURES_ON.match(text, m.end()):
            continue  # "surat suara Pilpres dan DPR": one ballot, not the legislatures' election
        if any(n.start <= m.start("office") < n.end for n in mentions):
            continue  # already a spelled-out contest ("dan Pemilihan Legislatif")
        out.append(_Mention(etype, m.start("office"), m.end(), i, kin[-1].year, None, True, False))
    return out


@lru_cache(maxsize=1)
def _regional_lexicon() -> tuple[re.Pattern, re.Pattern, dict, frozenset, int]:
    spec = rules.load_data(NAME)["regional_offices"]
    offices = "|".join(re.escape(o).replace(r"\ ", r"\s*") for o in
                       sorted(spec["offices"], key=len, reverse=True))
    run = re.compile(  # "memilih gubernur dan wakil gubernur Aceh", "memilih gubernur dan bupati"
        rf"\bmemilih\s+(?:(?:{offices})(?:\s+dan\s+wakil\s+(?:{offices}))?(?:\s+(?-i:[A-Z])[\w-]*)*"
        rf"(?:\s*,\s*|\s+(?:dan|serta)\s+|(?=\s)))+", re.IGNORECASE)
    office = re.compile(rf"(?<!wakil )\b(?P<office>{offices})\b", re.IGNORECASE)
    types = {" ".join(k.lower().split()): v for k, v in spec["offices"].items()}
    return run, office, types, frozenset(spec["family"]), spec["reach"]


def _regional(text: str, starts, mentions: list[_Mention]) -> list[_Mention]:
    """Regional contests named by their office alone after "memilih", beside a Pilkada in
    the same sentence: "warga Bangli akan memilih gubernur dan bupati dalam Pilkada
    serentak", "memilih gubernur dan wakil gubernur Aceh dalam Pilkada serentak 2017"."""
    run_pattern, office_pattern, types, family, reach = _regional_lexicon()
    out: list[_Mention] = []
    for run in run_pattern.finditer(text):
        i = max(0, bisect.bisect_right(starts, run.start()) - 1)
        kin = [n for n in mentions if n.sentence == i and n.type in family and not n.past
               and (0 <= n.start - run.end() <= reach or 0 <= run.start() - n.end <= reach)]
        if not kin:
            continue
        for m in office_pattern.finditer(text, run.start(), run.end()):
            etype = types[" ".join(m.group("office").lower().split())]
            if any(n.start <= m.start() < n.end for n in mentions) or any(
                    o.type == etype for o in out if o.sentence == i):
                continue
            out.append(_Mention(etype, m.start(), m.end(), i, kin[0].year, None, True, False))
    return out


def _psu_years(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """"PSU Pemilu 2024": a re-vote takes the year of the election it repeats."""
    out = list(mentions)
    for k, m in enumerate(out):
        if m.type == "PSU" and m.year is None and k + 1 < len(out):
            nxt = out[k + 1]
            if nxt.year is not None and not text[m.end:nxt.start].strip(" ()"):
                out[k] = replace(m, year=nxt.year)
    return out


# between two joined contests: the first one's place, then "dan"/"serta"/","
_CONTEST_JOIN = re.compile(r"(?:\s+[A-Z][\w.-]*){0,3}\s*(?:,|\bdan|\bserta|,\s*dan|,\s*serta)\s*")


def _repeated_by(text: str, mentions: list[_Mention], k: int) -> int:
    """The PSU mention right before mention ``k`` ("PSU Pemilu 2024"), else ``k``."""
    m = mentions[k]
    for j in range(k - 1, -1, -1):
        prev = mentions[j]
        if prev.end > m.start:
            continue
        if prev.sentence != m.sentence:
            break
        between = text[prev.end:m.start]
        if prev.type == "PSU" and not between.strip(" ()"):
            return j
        # "PSU Pemilihan Wali Kota ... Palu serta Pemilihan Gubernur ...": the contests a
        # PSU repeats, joined, all pass back to it
        if prev.type != "PSU" and _CONTEST_JOIN.fullmatch(between):
            m = prev
            continue
        break
    return k


def _attach_days(lex: _Lexicon, text: str, mentions: list[_Mention], voting) -> dict[int, object]:
    """Each voting day to the election mention nearest it in its sentence.

    A mention before the day is preferred to one after it; a mention with a year of its
    own takes only a day of that year; a known national voting day goes only to an election
    of its family (Pemilu on 14 February, Pilkada on 27 November), never to one of the
    other; the election a PSU repeats passes the day to the PSU.
    """
    owner: dict[int, object] = {}
    by_sentence: dict[int, list[int]] = {}  # only a day's own sentence is searched
    for k, m in enumerate(mentions):
        by_sentence.setdefault(m.sentence, []).append(k)
    for d, i in voting:
        year = int(d.date[:4])
        candidates = [k for k in by_sentence.get(i, ())
                      if mentions[k].year is None or mentions[k].year == year]
        family = lex.day_family.get(d.date)
        if family:  # never to a contest of the other family ("penyelenggara pemilu ... 27 November")
            # nor to a PSU: a re-vote is never held on the national day ("Partisipasi pada
            # PSU ... lebih rendah dari pemungutan 14 Februari" compares it with the vote)
            candidates = [k for k in candidates if lex.family.get(mentions[k].type) in (family, None)
                          and mentions[k].type != "PSU" and _votes_on(lex, mentions[k].type, d.date)]
        if not candidates:
            continue

        def distance(k: int) -> tuple:
            m = mentions[k]
            return (0, d.start - m.end) if m.end <= d.start else (1, m.start - d.end)

        k = _repeated_by(text, mentions, min(candidates, key=distance))
        owner.setdefault(k, d)
    return owner


def _votes_on(lex: _Lexicon, etype: str, day: str) -> bool:
    """Whether a contest can be voted on this day: not the Pilpres of 2014 on the Pileg's day."""
    return day not in lex.day_types or etype in lex.day_types[day]


def _reference_date(doc: Doc, dates) -> date | None:
    """The article's "now": its publication date, else its latest event date, else its
    latest report date (a .txt's stamp line)."""
    if (published := doc.article.published_date) is not None:
        return published
    events = [d.date for d in dates if d.kind == "event"] or [d.date for d in dates if d.kind == "report"]
    return date.fromisoformat(max(events)) if events else None


def _voted_before(lex: _Lexicon, key: tuple[str, int | None], now: date | None) -> bool:
    """The known voting day of this contest's family and year lies well before ``now``."""
    etype, year = key
    family = lex.family.get(etype)
    if now is None or year is None or family is None:
        return False
    days = [date.fromisoformat(d) for d, f in lex.day_family.items() if f == family and d[:4] == str(year)]
    return bool(days) and max(days) < now - timedelta(days=lex.over_after_days)


def _calendar_year(lex: _Lexicon, etype: str, now: date | None) -> int | None:
    """The year of the known voting day of this contest's family nearest the article's
    "now", when one lies within ``calendar_before`` days before it or ``calendar_after``
    days after it: "Pemilihan Bupati Manggarai" in a November 2024 article is 2024's."""
    family = lex.family.get(etype)
    if now is None or family is None:
        return None
    days = [date.fromisoformat(d) for d, f in lex.day_family.items() if f == family]
    near = [d for d in days if now - timedelta(days=lex.calendar_before) <= d
            <= now + timedelta(days=lex.calendar_after)]
    return min(near, key=lambda d: abs((d - now).days)).year if near else None


def _from_voting_days(lex: _Lexicon, rule: str, dates) -> tuple[Election, ...]:
    """No election named, but a stated voting day that is a national or simultaneous
    regional one ("hari pemungutan suara, Rabu, 14 Februari 2024"): that family's
    election, confidence 0.8, flagged "from_voting_day"."""
    first = {}
    for d in dates:
        family = lex.day_family.get(d.date)
        if d.kind == "election_day" and family in lex.family_head and d.date not in first:
            first[d.date] = Election(
                type=lex.family_head[family], year=int(d.date[:4]), date=d.date, start=d.start,
                end=d.end, rule=rule, confidence=0.8, flags=("from_voting_day",))
    return tuple(first.values())


def extract(doc: Doc, found: dict) -> tuple[Election, ...]:
    """One Election per distinct (type, year) the article is about."""
    lex = _lexicon()
    rule = rules.rule_id(NAME)
    places = found.get("places", ())
    mentions = _find_mentions(lex, doc, places)
    dates = found.get("dates", ())
    if not mentions:
        return _from_voting_days(lex, rule, dates)
    starts = [s.start for s in doc.sentences]
    dated = [(d, max(0, bisect.bisect_right(starts, d.start) - 1)) for d in dates]
    voting = [(d, i) for d, i in dated if d.kind == "election_day"]
    voting_years = {int(d.date[:4]) for d, _ in voting}
    owner = _attach_days(lex, doc.text, mentions, voting)
    # "Pilkada serentak yang digelar 9 Desember 2020 lalu": a past voting day makes its
    # election past.
    mentions = [replace(m, past=True) if k in owner and lex.past_after_day.match(
                    doc.text, owner[k].end, owner[k].end + 40) else m
                for k, m in enumerate(mentions)]
    owned = {d.start: lex.family.get(mentions[k].type) for k, d in owner.items()}
    # Indexes so that each mention looks only at its own sentence and nearest siblings.
    voting_in: dict[int, list] = {}
    for d, i in voting:
        voting_in.setdefault(i, []).append(d)
    dated_in: dict[int, list] = {}
    for d, i in dated:
        dated_in.setdefault(i, []).append(d)
    siblings_of: dict[str, list[_Mention]] = {}  # in text order, as found
    for n in mentions:
        if n.year is not None and not n.past:
            siblings_of.setdefault(n.type, []).append(n)
    sibling_starts = {t: [n.start for n in ns] for t, ns in siblings_of.items()}
    now = _reference_date(doc, dates)

    def year_of(k: int, m: _Mention) -> tuple[int | None, str]:
        """The mention's year and where it came from: own | voting | sibling | sentence | article."""
        if m.year is not None:
            return m.year, "own"
        if k in owner:
            return int(owner[k].date[:4]), "voting"
        if m.past:
            return None, "none"  # "pada Pilkada sebelumnya": some earlier one
        if _repeated_by(doc.text, mentions, k) != k:
            # "PSU Pemilihan Gubernur ... Kalimantan Selatan" in June 2021 beside "hari
            # pencoblosan 9 Desember lalu": the contest a PSU repeats is the one voted on
            # the article's one stated voting day of its family, not the PSU's year
            kin_days = {int(d.date[:4]) for d, _ in voting
                        if lex.day_family.get(d.date) == lex.family.get(m.type) is not None}
            if len(kin_days) == 1:
                return kin_days.pop(), "voting"
        # a day of its sentence that no nearer election of another family took
        # ("pengawas pemilu dalam menghadapi Pilkada ... 27 November 2024" is the Pilkada's)
        family = lex.family.get(m.type)
        same = [int(d.date[:4]) for d in voting_in.get(m.sentence, ())
                if owned.get(d.start, family) in (None, family)
                and lex.day_family.get(d.date, family) in (None, family)]
        if same:
            return same[0], "voting"
        siblings = siblings_of.get(m.type)
        if siblings:  # the nearest; on a tie the earlier one
            at = bisect.bisect_left(sibling_starts[m.type], m.start)
            near = siblings[max(0, at - 1):at + 1]
            return min(near, key=lambda n: abs(n.start - m.start)).year, "sibling"
        if m.type == lex.generic:
            # "pemilu" in general takes no year from around it, only the article's one
            # stated national voting day ("... pada hari pemungutan suara, Rabu (14/2)")
            days = {int(d.date[:4]) for d, _ in voting if lex.day_family.get(d.date) == family}
            return (days.pop(), "article") if len(days) == 1 and family else (None, "none")
        in_sentence = [int(d.date[:4]) for d in dated_in.get(m.sentence, ())]
        if in_sentence:
            return in_sentence[0], "sentence"
        if len(voting_years) == 1:
            return next(iter(voting_years)), "article"
        # "DPT Pilkada Bukittinggi" beside "Pemilihan Gubernur ... 2024": the one year the
        # other contests of its simultaneous family have
        kin = {n.year for n in mentions if n.year is not None and not n.past
               and lex.family.get(n.type) == family}
        if family and len(kin) == 1:
            return kin.pop(), "family"
        if year := _calendar_year(lex, m.type, now):
            return year, "calendar"
        return None, "none"

    groups: dict[tuple[str, int | None], list[tuple[int, _Mention, str]]] = {}
    for k, m in enumerate(mentions):
        year, source = year_of(k, m)
        groups.setdefault((m.type, year), []).append((k, m, source))
    # "Pilkades serentak" in the title, "Pilkades ... Minggu (10/11/2019)" in the body: a
    # yearless mention joins its type's one dated record, whatever gave that one its year
    for etype in {t for t, y in groups if y is None}:
        dated = [y for t, y in groups if t == etype and y is not None]
        if len(dated) == 1:
            groups[(etype, dated[0])].extend(groups.pop((etype, None)))
    others = {t for t, _ in groups if t != lex.generic}
    if others:
        groups.pop((lex.generic, None), None)
    elif (lex.generic, None) in groups and (year := _calendar_year(lex, lex.generic, now)):
        # "pemilu" is the only election named and none has a year: the national vote
        # nearest the article's "now"
        members = [(k, m, "calendar") for k, m, _ in groups.pop((lex.generic, None))]
        groups.setdefault((lex.generic, year), []).extend(members)
    # Past elections ("Pemilu 2019 lalu", "pengalaman Pilkada 2018") are mentioned for
    # comparison: gone when the article names a current one, else kept and flagged.
    # (a .txt with no publication date: the year of its "now", its latest event date —
    # "DPT Pilgub 2011" beside a December 2016 pleno is a comparison)
    published_year = _published_year(doc) or (now.year if now else None)

    def is_past(key, members) -> bool:
        stale = (key[1] is not None and published_year is not None
                 and key[1] <= published_year - lex.stale_years)
        return stale or all(m.past for _, m, _ in members)

    past = {key for key, members in groups.items() if is_past(key, members)}
    # An election whose national voting day lies well before the article's "now" (the
    # publication date, else its latest event date) is over: "Pemilu 2024" in an October
    # 2024 article about the Pilkada. It goes like a past one when a current election is
    # named, but is not flagged when kept; a PSU keeps the elections of its year current.
    psu_years = {y for t, y in groups if t == "PSU"}
    # (and the contest a PSU names as the one it repeats stays, whatever its year)
    repeated = {k for k in range(len(mentions)) if _repeated_by(doc.text, mentions, k) != k}
    over = {key for key in groups if key not in past and key[1] not in psu_years
            and not any(k in repeated for k, _, _ in groups[key])
            and _voted_before(lex, key, now)}
    if len(past | over) < len(groups):
        for key in past | over:
            del groups[key]

    # A group's voting day: the one attached to its own mentions; else the day of a
    # simultaneous contest of its year (Pilkada serentak: one day for every contest);
    # else the article's only unclaimed voting day of its year and family.
    own_day = {key: next((owner[k] for k, _, _ in sorted(members, key=lambda x: x[1].start)
                          if k in owner), None)
               for key, members in groups.items()}
    claimed = {d.date for d in owner.values()}
    for key, day in list(own_day.items()):
        etype, year = key
        if day is not None or year is None or lex.family.get(etype) is None:
            continue
        shared = {d.date: d for (t, y), d in own_day.items()
                  if d is not None and y == year and lex.family.get(t) == lex.family[etype]
                  and _votes_on(lex, etype, d.date)}
        if len(shared) == 1:
            own_day[key] = next(iter(shared.values()))

    records = []
    for (etype, year), members in groups.items():
        voting_day = own_day[(etype, year)]
        day = voting_day.date if voting_day else None
        if day is None and year is not None:
            of_year = sorted({d.date for d, _ in voting if int(d.date[:4]) == year
                              and d.date not in claimed and _votes_on(lex, etype, d.date)
                              and lex.day_family.get(d.date, lex.family.get(etype)) == lex.family.get(etype)})
            day = of_year[0] if len(of_year) == 1 else None

        def specificity(item: tuple[int, _Mention, str]) -> tuple:
            k, m, _ = item
            has_day = k in owner or any(i == m.sentence for _, i in voting)
            return (-(2 * (m.year is not None) + (m.region is not None) + m.spelled + has_day), m.start)

        _, best, source = min(members, key=specificity)
        region = best.region or next((m.region for _, m, _ in members if m.region), None)
        if region is None and voting_day is not None and any(k in owner for k, _, _ in members):
            region = _region_after(lex, doc.text, voting_day.end, len(doc.text), places)
        confidence = {"own": 1.0, "voting": 1.0, "none": 0.6, "calendar": 0.7}.get(source, 0.8)
        flags = ["not_kpu"] if etype in lex.village else []
        if source == "calendar":
            flags.append("year_from_calendar")
        if (etype, year) in past:
            confidence = min(confidence, 0.7)
            flags.append("past")
        records.append(Election(
            type=etype, year=year, date=day, start=best.start, end=best.end, rule=rule,
            region=region, confidence=confidence, flags=tuple(flags),
        ))
    return tuple(sorted(records, key=lambda e: e.start))
