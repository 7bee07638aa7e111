"""An activity dated only by its weekday ("pada Senin lalu", "Selasa kemarin") beside a
dated statement ("ujar Kapolsek, Kamis (14/3/2019)"): the activity's day is that weekday
on or before the statement's date. dates.yml documents the rule and its examples.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from pipeline.analysis.rules import phrases
from pipeline.analysis.rules.dates.quotes import quote_start

# Words after the weekday that point back ("Senin lalu") or forward ("Senin depan").
_PAST = ("lalu", "kemarin", "pekan lalu", "minggu lalu", "sebelumnya")
_FUTURE = ("depan", "mendatang", "nanti", "besok", "pekan depan", "minggu depan")


@lru_cache(maxsize=4)
def _pattern(names: tuple[str, ...]) -> re.Pattern:
    days = "|".join(re.escape(n.capitalize()) for n in sorted(names, key=len, reverse=True))
    after = phrases(_PAST + _FUTURE)
    # a weekday with no date after it: "(14/3)", ", 14 Maret" or a digit would make it a stated date
    return re.compile(
        rf"(?P<lead>\b(?:pada|hari)\s+(?:hari\s+)?)?(?P<comma>,\s*)?(?<!\w)(?P<wd>{days})(?!\w)"
        rf"(?P<rel>\s+(?:{after})(?!\w))?(?!\s*[,(]?\s*\d)(?P<close>(?=\s*[.,]))?"
    )


def _statement_day(found: list) -> date | None:
    """The earliest date a statement was made or the article was reported, if any."""
    return min((f.date for f in found if f.speech or f.kind == "report"), default=None)


def beside_statement(weekdays: dict, text: str, found: list,
                     published: date | None = None) -> list[tuple[date, int, int]]:
    """The activity's date from its first bare weekday, when the article dates a statement.

    ``found`` are the dates already read (objects with ``date``, ``kind``, ``speech`` and
    ``stated.start``/``stated.end``). "Minggu" (also "week") counts only after "pada"/"hari".
    With no dated statement, the publication date is the reference, but only for a weekday
    that points back ("Rabu kemarin", "Senin lalu") or is set off the agency way.
    """
    reference = _statement_day(found)
    from_published = reference is None
    reference = reference or published
    if reference is None:
        return []
    spans = [(f.stated.start, f.stated.end) for f in found]
    names = tuple(w for w in weekdays if w.isalpha())
    for m in _pattern(names).finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        rel = " ".join((m.group("rel") or "").split()).lower()
        # "pada Senin", "Senin lalu", or set off by commas, the agency way ("memantau
        # pemungutan suara di Distrik Abepura, Rabu.")
        set_off = bool(m.group("comma")) and m.group("close") is not None
        if rel in _FUTURE or not (m.group("lead") or rel or set_off):
            continue
        if from_published and not (rel in _PAST or set_off):
            continue  # "pada Senin" beside no dated statement may be ahead of the report
        weekday = weekdays[m.group("wd").lower()]
        if m.group("wd").lower() == "minggu" and not (m.group("lead") or set_off):
            continue  # "Minggu lalu" is "last week"
        back = (reference.weekday() - weekday) % 7
        if back == 0 and rel in _PAST:
            back = 7
        return [(reference - timedelta(days=back), m.start("wd"), m.end())]
    return []


@lru_cache(maxsize=4)
def _weekday_before(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?:{'|'.join(re.escape(n) for n in names)})\s*$", re.IGNORECASE)


def yesterday(weekdays: dict, words: re.Pattern, text: str, found: list,
              published: date | None) -> list[tuple[date, int, int]]:
    """The activity's date from a bare "kemarin" ("berlangsung aman kemarin"): the day
    before the earliest dated statement or report, else before the publication date; from
    "pagi tadi" / "tadi siang": that day itself.

    ``words`` is the lexicon's ``yesterday``: "kemarin" on its own (no weekday before it), and a
    part of the day (dates.yml's ``parts_of_day``) with "tadi". Only outside quotes (a speaker's
    "kemarin" is the day before they spoke, which the article may not give) and only the first
    such word.
    """
    reference = _statement_day(found) or published
    if reference is None:
        return []
    after_weekday = _weekday_before(tuple(w for w in weekdays if w.isalpha()))
    date_ends = [f.stated.end for f in found]
    for m in words.finditer(text):
        if after_weekday.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Selasa kemarin" is beside_statement's
        if any(0 <= m.start() - end <= 3 for end in date_ends):
            continue  # "pada 17 April kemarin": the stated date's own direction word
        if quote_start(text, text.rfind("\n", 0, m.start()) + 1, m.start()) is not None:
            continue
        back = 0 if m.group(0).lower() != "kemarin" else 1  # "pagi tadi": the report's own day
        return [(reference - timedelta(days=back), m.start(), m.end())]
    return []


_SPAN_MAX_DAYS = 7
_SPAN_JOIN = r"\s*(?:-|–|hingga|sampai|dan|s\.?d\.?|s/d)\s*"  # "Sabtu dan Minggu (27-28/1/2024)"


def days_of_span(weekdays: dict, text: str, start: int, d1: int, d2: int, month: int,
                 year: int | None) -> tuple[int, list[date]] | None:
    """The days of "Sabtu-Senin (17-19/2/2024)" / "Senin hingga Rabu (11-13/3/2019)" whose
    span starts at ``start``: two weekdays named right before it that agree with its first
    and last day (the year stated). Where the words begin and the days, else None."""
    if year is None or d2 - d1 + 1 > _SPAN_MAX_DAYS:
        return None
    names = "|".join(re.escape(n) for n in sorted(weekdays, key=len, reverse=True))
    m = re.compile(rf"\b(?P<w1>{names}){_SPAN_JOIN}(?P<w2>{names})\s*\(\s*$", re.IGNORECASE
                   ).search(text, max(0, start - 40), start)
    if not m:
        return None
    try:
        days = [date(year, month, day) for day in range(d1, d2 + 1)]
    except ValueError:
        return None
    named = (weekdays.get(m.group("w1").lower()), weekdays.get(m.group("w2").lower()))
    if named != (days[0].weekday(), days[-1].weekday()):
        return None
    return m.start(), days
