"""Finding the dates a text states, and settling each one's year.

Part of the 'dates' family: ``find_stated`` reads every date form (named month, numeric,
English, spans) with the words before it; ``resolve_stated_year`` checks a stated year against
its weekday and the publication year, ``infer_year`` places a year-less one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from pipeline.analysis.rules.dates.lexicon import Lexicon, month_by_dateparser
from pipeline.analysis.rules.dates.weekdays import days_of_span

# Two-digit years are this century up to here, the last century after it.
_TWO_DIGIT_PIVOT = 69


@dataclass(frozen=True)
class Stated:
    """One date form found in the text, before its year is settled."""

    start: int
    end: int
    day: int
    month: int
    year: int | None  # as stated (two-digit years expanded)
    weekday: int | None
    in_range: bool = False
    span_day: bool = False  # one day of a span whose weekdays are named ("Rabu hingga Jumat (10-12/4)")


@dataclass  # mutable: filled in over several passes, and never leaves this module
class Found:
    """A stated date being resolved and classified."""

    stated: Stated
    date: date
    flags: set = field(default_factory=set)
    confidence: float = 1.0
    kind: str = "event"
    speech: bool = False
    time: str | None = None
    on_voting_day: bool = False  # an election_day that also dates the reported activity
    amid: bool = False  # a statement given in the middle of the activity ("di sela patroli"): not the report's day


def expand_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year <= _TWO_DIGIT_PIVOT else 1900
    return year


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _prefix(lex: Lexicon, text: str, start: int) -> tuple[int, int | None, bool]:
    """Where a date's words begin, its stated weekday, and whether a "(" opens it."""
    m = lex.prefix.search(text, max(0, start - 40), start)
    if not m or m.start() == m.end():
        return start, None, False
    name = m.group("wd")
    weekday = lex.weekdays.get(name.lower().replace("`", "'")) if name else None
    return m.start(), weekday, bool(m.group("po"))


def find_stated(text: str, lex: Lexicon) -> list[Stated]:
    """Every date form in the text; overlaps resolved in favour of the earlier, longer one."""
    candidates: list[tuple[int, int, int, list[Stated]]] = []  # start, -length, priority, items

    def add(start: int, end: int, priority: int, items: list[Stated]) -> None:
        candidates.append((start, start - end, priority, items))

    for m in lex.span.finditer(text):
        mon2 = lex.months[m.group("mon2").lower()]
        mon1 = lex.months[m.group("mon1").lower()] if m.group("mon1") else mon2
        y2 = int(m.group("y2")) if m.group("y2") else None
        y1 = int(m.group("y1")) if m.group("y1") else y2
        if y1 is not None and y1 == y2 and mon1 > mon2:
            y1 -= 1  # "30 Desember - 2 Januari 2024" starts the year before
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        if (mon1, d1) != (mon2, d2):
            add(m.start(), m.end(), 0, [
                Stated(m.start(), m.end(), d1, mon1, y1, None, True),
                Stated(m.start(), m.end(), d2, mon2, y2, None, True),
            ])

    for m in lex.numeric_span.finditer(text):  # "Rabu-Kamis (22-23/5/2024)"
        month, d1, d2 = int(m.group("m")), int(m.group("d1")), int(m.group("d2"))
        if 1 <= month <= 12 and d1 < d2:
            year = expand_year(m.group("y")) if m.group("y") else None
            if span := days_of_span(lex.weekdays, text, m.start(), d1, d2, month, year):
                # "mengawal distribusi logistik, Senin-Selasa (15-16/4/2019)": each day of a
                # span whose weekdays are named and agree is a stated date of its own, not
                # the ends of a schedule window; the clause decides its kind as for one day
                begin, days = span
                add(begin, m.end(), 0, [Stated(begin, m.end(), day.day, month, year, day.weekday(),
                                               span_day=True) for day in days])
                continue
            add(m.start(), m.end(), 0, [
                Stated(m.start(), m.end(), d1, month, year, None, True),
                Stated(m.start(), m.end(), d2, month, year, None, True),
            ])

    for m in lex.named.finditer(text):
        word = m.group("mon").lower()
        year = int(m.group("y")) if m.group("y") else None
        start, weekday, _ = _prefix(lex, text, m.start())
        month = lex.months.get(word)
        if month is None:
            # An unknown word between a day and a year may be an old or odd spelling
            # ("Djuli"): dateparser decides, once per word.
            if year is None or word in lex.not_months or not m.group("mon")[0].isupper():
                continue
            month = month_by_dateparser(m.group("mon"))
            if month is None:
                continue
        elif word in lex.short_months and year is None and weekday is None:
            continue  # "5 Des" alone: too often a name or an abbreviation of something else
        add(start, m.end(), 1, [Stated(start, m.end(), int(m.group("d")), month, year, weekday)])

    for m in lex.english.finditer(text):
        month_match = lex.english_month.search(text, max(0, m.start() - 12), m.start())
        if month_match:
            start, weekday, _ = _prefix(lex, text, month_match.start())
            add(start, m.end(), 1, [Stated(start, m.end(), int(m.group("d")),
                                            lex.months[month_match.group("mon").lower()],
                                            int(m.group("y")), weekday)])

    for m in lex.numeric.finditer(text):
        sep, year_digits = m.group("sep"), m.group("y")
        start, weekday, paren = _prefix(lex, text, m.start())
        if year_digits is None and (sep != "/" or not (paren or weekday is not None)):
            continue  # "9/12" is a date only in parentheses or after a weekday
        if year_digits and len(year_digits) == 2 and sep != "/":
            continue
        if lex.regulation.search(text[max(0, start - 20):start]):
            continue  # "Nomor 15/11/2024" is a document number
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            continue
        year = expand_year(year_digits) if year_digits else None
        add(start, m.end(), 2, [Stated(start, m.end(), int(m.group("d")), month, year, weekday)])

    chosen: list[Stated] = []
    last_end = -1
    for start, neg_len, _, items in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if start >= last_end:
            chosen.extend(items)
            last_end = start - neg_len
    # Two whole dates joined by "hingga"/"s.d."/"-" are the ends of one schedule range.
    for i in range(len(chosen) - 1):
        a, b = chosen[i], chosen[i + 1]
        if (not a.in_range and not b.in_range and a.end <= b.start
                and lex.range_joiner.match(text[a.end:b.start])):
            chosen[i], chosen[i + 1] = replace(a, in_range=True), replace(b, in_range=True)
    return chosen


def one_edit_apart(a: int, b: int) -> bool:
    """Years one typing slip apart: one digit changed or two neighbours swapped."""
    sa, sb = str(a), str(b)
    if len(sa) != len(sb):
        return False
    diff = [i for i in range(len(sa)) if sa[i] != sb[i]]
    if len(diff) == 1:
        return True
    return (len(diff) == 2 and diff[1] == diff[0] + 1
            and sa[diff[0]] == sb[diff[1]] and sa[diff[1]] == sb[diff[0]])


def resolve_stated_year(s: Stated, refs: set[int], published: date | None) -> Found | None:
    """The date as stated, or corrected when its year is an obvious typo."""
    stated = safe_date(s.year, s.month, s.day)
    if stated is None:
        return None
    limit = (published.year + 10) if published else 2100
    implausible = not 1900 <= s.year <= limit
    mismatch = s.weekday is not None and stated.weekday() != s.weekday
    if not (implausible or mismatch):
        return Found(s, stated)
    fixes = []
    for ref in refs:
        candidate = safe_date(ref, s.month, s.day)
        if (ref != s.year and candidate and one_edit_apart(s.year, ref)
                and (s.weekday is None or candidate.weekday() == s.weekday)):
            fixes.append(candidate)
    if len(fixes) == 1:
        return Found(s, fixes[0], {"year_corrected"}, 0.7)
    if mismatch:
        return Found(s, stated, {"weekday_mismatch"}, 0.6)
    return Found(s, stated, {"implausible_year"}, 0.3)


def direction_after(lex: Lexicon, text: str, end: int) -> str | None:
    """"past" for "14 Februari lalu", "future" for "27 November nanti", else None."""
    after = text[end:end + 30]
    if lex.past_after.match(after):
        return "past"
    if lex.future_after.match(after):
        return "future"
    return None


def toward(options: list[date], published: date | None, direction: str | None) -> list[date]:
    """The options on the side of the publication date the text points to (all when none fit)."""
    if published is None or direction is None:
        return options
    kept = [d for d in options if (d <= published if direction == "past" else d >= published)]
    return kept or options


def infer_year(s: Stated, published: date | None, anchors: Counter, stated_years: Counter,
                direction: str | None = None) -> Found | None:
    """A year-less date placed by the publication date, else by the article's years."""
    if published:
        options = [d for y in (published.year - 1, published.year, published.year + 1)
                   if (d := safe_date(y, s.month, s.day))]
        options = toward(options, published, direction)
        if not options:
            return None
        matching = [d for d in options if s.weekday is None or d.weekday() == s.weekday]
        pool = matching or options

        def nearest(d: date) -> tuple:
            return (abs((d - published).days), d > published)

        best = min(pool, key=nearest)
        if not matching:
            return Found(s, best, {"year_inferred", "weekday_mismatch"}, 0.5)
        return Found(s, best, {"year_inferred"}, 0.9 if s.weekday is not None else 0.8)
    # No publication date: articles state the years they are about, and run up to the
    # election they name ("Pemilu 2024" in December 2023), so the year before counts too.
    tiers = [anchors, stated_years, Counter({y - 1: n for y, n in stated_years.items()})]
    for tier, confidence in zip(tiers, (0.8, 0.8, 0.7)):
        ranked = sorted(tier, key=lambda y: (-tier[y], -y))
        for year in ranked:
            d = safe_date(year, s.month, s.day)
            if d and (s.weekday is None or d.weekday() == s.weekday):
                return Found(s, d, {"year_inferred"},
                              confidence if s.weekday is not None else 0.5)
        if s.weekday is None and ranked:
            return None  # the likeliest year gave no valid date (29 February)
    for tier in tiers[:2]:
        if tier:
            year = max(tier, key=lambda y: (tier[y], y))
            d = safe_date(year, s.month, s.day)
            if d:
                return Found(s, d, {"year_inferred", "weekday_mismatch"}, 0.4)
    return None
