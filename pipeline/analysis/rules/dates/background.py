"""Event dates that are the article's background, not its reported activity.

Part of the 'dates' family (``dates/__init__.py`` classifies every date; the limits live in
``data/dates.yml`` under ``background``). Run once all dates of an article are classified:

- A vote recalled as having gone well ("Pemungutan suara Pilkada pada Rabu (27/11/2024)
  berjalan aman") after a lead that dates a later activity (a plenary on Jumat (29/11/2024))
  is the vote's day, not a day of police work: no event twin, unless its sentence names
  work done on the vote (an activity of voting day).
- An event date after the report ("distribusi ke kampung dilakukan Selasa (26/11) pagi" in
  a report of Senin (25/11/2024)) is still ahead: a schedule. The report's day is the
  publication date when it is local (a stamp line, or a timestamp with an Indonesian
  offset, +07:00 to +09:00), else the latest date a statement was given.
- An event date far before the publication date ("Rakor serupa digelar pada Pemilu 2019,
  tepatnya Senin (15/4/2019)") beside an event date close to it is a past occasion recalled.
- A vote reported as held on its one stated day, in an article that dates no other activity
  and tells of police securing it ("Pilkades di tiga desa ... berlangsung lancar, Minggu
  (18/6/2023)" under "Polres Kudus Terjunkan 280 Personel"), is the day of that work too;
  in a re-vote's article (PSU) the latest voting day, when the earlier vote it repeats is
  dated too.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from pipeline.analysis import rules


@lru_cache(maxsize=1)
def _limits() -> tuple[int, int]:
    spec = rules.load_data("dates")["background"]
    return spec["far_before_days"], spec["near_days"]


def _activity(f) -> bool:
    return f.kind == "event" and not f.speech and not f.on_voting_day


def drop_recalled_votes(results: list, sentence_of, on_day_activities) -> None:
    """Voting days kept as events only for having "gone well", when a later activity leads."""
    for f in results:
        if not f.on_voting_day:
            continue
        if on_day_activities.search(sentence_of(f.stated.start)):
            continue  # "Kapolres memantau pemungutan suara ..., Rabu (27/11/2024)"
        if any(_activity(g) and g.date > f.date and g.stated.start < f.stated.start
               for g in results):
            f.on_voting_day = False


def mark_far_past(results: list, published: date | None) -> None:
    """Event dates far before publication become "other" when one close to it exists."""
    if published is None:
        return
    far, near = _limits()
    if not any(_activity(g) and abs((published - g.date).days) <= near for g in results):
        return
    for f in results:
        if _activity(f) and f.date < published - timedelta(days=far):
            f.kind = "other"
        elif f.on_voting_day and f.date < published - timedelta(days=far):
            # '"Pengamanan sama seperti hari pencoblosan 9 Desember lalu"' in a report of an
            # apel six months later: the earlier vote, not a day of the reported work
            f.on_voting_day = False


def mark_ahead(results: list, published: date | None, local: bool) -> None:
    """Event dates after the report's day become schedules (see the module docstring)."""
    if published is not None and local:
        reference = published
    else:
        # (a statement given amid the activity, "di sela patroli", does not date the report)
        said = [f.date for f in results if (f.speech and not f.amid) or f.kind == "report"]
        if published is None and not said:
            _ahead_of_lead(results)
            return
        if published is not None:
            return  # a UTC timestamp may be a day behind the local date: the caller's +1 rule
        reference = max(said)
    for f in results:
        if _activity(f) and f.date > reference:
            f.kind = "schedule"


def _ahead_of_lead(results: list) -> None:
    """With no publication date and no statement date, the report is written on its lead's
    day: a later day written without its year ("Ia menyebut distribusi ke kampung dilakukan
    Selasa (26/11) pagi" after "Senin (25/11/2024)") is still ahead, a schedule (dates 12)."""
    activities = [f for f in results if _activity(f)]
    if not activities:
        return
    lead = min(activities, key=lambda f: f.stated.start)
    if lead.stated.year is None:
        return
    for f in activities:
        if f.stated.year is None and f.date > lead.date:
            f.kind = "schedule"


# Police at work on the vote, anywhere in the article (its title included).
# (a vote continued or held late at some stations after it was stopped, "pemungutan suara
# lanjutan/susulan", is one too: dates 13)
_REVOTE = re.compile(r"\b(?:PSU|pemungutan\s+suara\s+(?:ulang|lanjutan|susulan))\b", re.IGNORECASE)
_SECURED = re.compile(r"\b(?:personel|pengamanan|dijaga|mengamankan|diamankan|berjaga|polisi|polri|"
                      r"polsek|polres|polresta|kapolsek|kapolres|kapolresta|bhabinkamtibmas)\b",
                      re.IGNORECASE)


def secured_vote(results: list, text: str, published: date | None, told_held) -> None:
    """The one held vote of an article with no other dated activity, secured by the police,
    is the work's day too (see the module docstring). Only where its sentence tells it as
    held (``told_held(f)``), and not a vote still ahead: its day after the publication date,
    or, with none, after every statement or report date."""
    if any(_activity(g) or g.on_voting_day for g in results):
        return
    held = {f.date for f in results if f.kind == "election_day"}
    if not held or not _SECURED.search(text):
        return
    day = max(held)
    # one held day; a re-vote's article may also recall the earlier vote it repeats ("PSU
    # Pilbup Tolikara digelar di 18 TPS ..., Sabtu (20/5/2017)" and "Pemungutan suara Pilbup
    # Tolikara semula digelar 15 Februari 2017"): the latest day is the re-vote's (dates 10)
    if len(held) > 1 and not _REVOTE.search(text):
        return
    if any(f.kind in ("schedule", "deadline") and f.date > day for f in results):
        return  # "pleno ... dimulai Senin (19/2/2024)" after "Rabu (14/2)": the work is later
    if any(f.speech and f.date != day for f in results):
        return  # "Usai pemungutan suara ... 17 April kemarin, Polres ... mengawal ..., kata X,
        # Kamis (18/4/2019)": the work is told with the statement's day, which dates it
    said = [f.date for f in results if f.speech or f.kind == "report"]
    reference = published or (max(said) if said else None)
    if (reference is not None and day > reference) or not all(
            told_held(f) for f in results if f.kind == "election_day" and f.date == day):
        return
    for f in results:
        if f.kind == "election_day" and f.date == day:
            f.on_voting_day = True


# A reported activity held over a range of days: its verb before the range's first date.
_HELD_OVER = re.compile(r"\b(?:selama|berlangsung|digelar|dilaksanakan|diselenggarakan|menggelar|"
                        r"melaksanakan|mengamankan|diamankan|dijaga|mengawal|dikawal|memantau)\b",
                        re.IGNORECASE)
_SPAN_WINDOW = re.compile(r"\b(?:pendaftaran|penerimaan|pengajuan|pengumuman|masa|jadwal|batas|"
                          r"tahapan|rekrutmen|dijadwalkan|rencananya|akan|bakal|nanti|mendatang)\b", re.IGNORECASE)
_PAST_SPAN_MAX_DAYS = 7


def past_spans(results: list, sentence_of, published: date | None, weekday_before) -> list:
    """The ends of a range read as a schedule that is a reported activity held over those
    days ("menggelar bimtek ... selama tiga hari, 8 hingga 10 April 2019"; "mengamankan rapat
    pleno ... yang berlangsung sejak Kamis (29/2) hingga Sabtu (2/3/2024)"): each day an event,
    where the range ends no later than the report (the publication date, else the latest
    statement or report date; with neither, it stays a schedule), spans at most a week, has
    no weekdays named before it (``weekday_before(pos)``: named and agreeing, each day is
    already one; disagreeing, the range is in doubt) and its sentence has no window or future
    word before it (dates 10). Returns the days between the two ends, to be added."""
    added = []
    said = [f.date for f in results if f.speech or f.kind == "report"]
    reference = published or (max(said) if said else None)
    if reference is None:
        return added
    ends = [f for f in results if f.stated.in_range and f.kind == "schedule"]
    for a, b in zip(ends, ends[1:]):
        if not (a.stated.start <= b.stated.start and 0 < (b.date - a.date).days < _PAST_SPAN_MAX_DAYS):
            continue
        s_start, sentence = sentence_of(a.stated.start)
        before = sentence[:a.stated.start - s_start]
        if not _HELD_OVER.search(before) or _SPAN_WINDOW.search(before):
            continue
        if b.date > reference or weekday_before(a.stated.start):
            continue
        a.kind = b.kind = "event"
        day = a.date + timedelta(days=1)
        while day < b.date:
            added.append((a, day))
            day += timedelta(days=1)
    return added


def since_weekday(results: list, text: str, weekdays: dict) -> list:
    """An activity dated at its end with its start a bare weekday ("dijaga ketat aparat Polsek
    sejak Kamis hingga hari ini, Sabtu (12/4/2014)"): the days from that weekday up to the
    date are the activity's too (dates 10). Returns (the dated end, a day) to be added."""
    names = "|".join(re.escape(n) for n in sorted(weekdays, key=len, reverse=True))
    since = re.compile(rf"\bsejak\s+(?:hari\s+)?(?P<w>{names})\s+(?:hingga|sampai(?:\s+dengan)?)\s+"
                       rf"(?:hari\s+ini\s*,?\s*)?(?:{names})?\s*\(?\s*$", re.IGNORECASE)
    added = []
    for f in results:
        if f.kind != "event" or f.stated.in_range:
            continue
        m = since.search(text, max(0, f.stated.start - 60), f.stated.start)
        if not m:
            continue
        back = (f.date.weekday() - weekdays[m.group("w").lower()]) % 7
        added += [(f, f.date - timedelta(days=n)) for n in range(back, 0, -1)]
    return added

