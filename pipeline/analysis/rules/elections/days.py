"""Voting days and the article's "now": which mention a voting day belongs to, the contest a
PSU repeats, and whether an election's known voting day lies before the article."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.records import Doc, Election
from pipeline.analysis.rules.elections.lexicon import Lexicon, Mention


# between a PSU and the contest it repeats: nothing, or "untuk"/"pada"/"dalam"/"bagi" ("Pemungutan suara
# ulang (PSU) untuk Pemilihan Gubernur ...", elections 14)
_PSU_OF = re.compile(r"[\s()]*(?:(?:untuk|pada|dalam|bagi)\s+)?", re.IGNORECASE)
# between two joined contests: the first one's place, then "dan"/"serta"/","
_CONTEST_JOIN = re.compile(r"(?:\s+[A-Z][\w.-]*){0,3}\s*(?:,|\bdan|\bserta|,\s*dan|,\s*serta)\s*")


def repeated_by(text: str, mentions: list[Mention], k: int) -> int:
    """The PSU mention right before mention ``k`` ("PSU Pemilu 2024", "PSU untuk Pemilihan Bupati X"), else ``k``."""
    m = mentions[k]
    for j in range(k - 1, -1, -1):
        prev = mentions[j]
        if prev.end > m.start:
            continue
        if prev.sentence != m.sentence:
            break
        between = text[prev.end:m.start]
        if prev.type == "PSU" and _PSU_OF.fullmatch(between):
            return j
        # "PSU Pemilihan Wali Kota ... Palu serta Pemilihan Gubernur ...": the contests a
        # PSU repeats, joined, all pass back to it
        if prev.type != "PSU" and _CONTEST_JOIN.fullmatch(between):
            m = prev
            continue
        break
    return k


def attach_days(lex: Lexicon, text: str, mentions: list[Mention], voting) -> dict[int, object]:
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
                          and mentions[k].type != "PSU" and votes_on(lex, mentions[k].type, d.date)]
        if not candidates:
            continue

        def distance(k: int) -> tuple:
            m = mentions[k]
            return (0, d.start - m.end) if m.end <= d.start else (1, m.start - d.end)

        k = repeated_by(text, mentions, min(candidates, key=distance))
        owner.setdefault(k, d)
    return owner


def votes_on(lex: Lexicon, etype: str, day: str) -> bool:
    """Whether a contest can be voted on this day: not the Pilpres of 2014 on the Pileg's day."""
    return day not in lex.day_types or etype in lex.day_types[day]


def reference_date(doc: Doc, dates) -> date | None:
    """The article's "now": its publication date, else its latest event date, else its
    latest report date (a .txt's stamp line)."""
    if (published := doc.article.published_date) is not None:
        return published
    events = [d.date for d in dates if d.kind == "event"] or [d.date for d in dates if d.kind == "report"]
    return date.fromisoformat(max(events)) if events else None


def voted_before(lex: Lexicon, key: tuple[str, int | None], now: date | None) -> bool:
    """The known voting day of this contest's family and year lies well before ``now``."""
    etype, year = key
    family = lex.family.get(etype)
    if now is None or year is None or family is None:
        return False
    days = [date.fromisoformat(d) for d, f in lex.day_family.items() if f == family and d[:4] == str(year)]
    return bool(days) and max(days) < now - timedelta(days=lex.over_after_days)


def calendar_year(lex: Lexicon, etype: str, now: date | None) -> int | None:
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


def from_voting_days(lex: Lexicon, rule: str, dates) -> tuple[Election, ...]:
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
