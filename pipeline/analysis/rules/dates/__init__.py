"""Rule family 'dates': calendar dates in the text and what each is the date of.

The lexicons, cue words and examples live in ``data/dates.yml``; its description is the
reference for the kinds (event, election_day, report, caption, deadline, schedule, other)
and the flags (year_inferred, weekday_mismatch, year_corrected, implausible_year).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from pipeline.analysis import rules
from pipeline.analysis.rules.dates.background import drop_recalled_votes, mark_ahead, mark_far_past
from pipeline.analysis.rules.dates.context import speech_after
from pipeline.analysis.rules.dates.quotes import closed_quote, outside_quotes, quote_start
from pipeline.analysis.rules.dates.times import attach_times
from pipeline.analysis.rules.dates.voting import YEARS_IN as _YEARS_IN
from pipeline.analysis.rules.dates.voting import alongside_vote_next
from pipeline.analysis.rules.dates.voting import ends_clause as _ends_clause
from pipeline.analysis.rules.dates.voting import cue as _cue
from pipeline.analysis.rules.dates.voting import on_voting_day as _on_voting_day
from pipeline.analysis.rules.dates.voting import voting_day as _voting_day
from pipeline.analysis.rules.dates.voting import voting_today as _voting_today
from pipeline.analysis.rules.dates.voting import work_on_vote_next as _work_on_vote_next
from pipeline.analysis.rules.dates.weekdays import beside_statement, days_of_span, yesterday
from pipeline.records import DateMention, Doc

NAME = "dates"
VERSION = 8

# Two-digit years are this century up to here, the last century after it.
_TWO_DIGIT_PIVOT = 69


def _alternation(words) -> str:
    """A regex alternation that tries longer words first ("Nopember" before "Nop")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _word_pattern(words) -> re.Pattern:
    """Whole words or phrases, any case, any run of spaces between the words of a phrase."""
    return re.compile(rf"\b(?:{rules.phrases(words)})\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Lexicon:
    """dates.yml compiled once per process."""

    weekdays: dict
    months: dict
    short_months: frozenset
    not_months: frozenset
    prefix: re.Pattern  # what may precede a date: weekday, part of the day, "(", "tanggal"
    named: re.Pattern
    numeric: re.Pattern
    english: re.Pattern
    english_month: re.Pattern
    span: re.Pattern
    numeric_span: re.Pattern
    clock: re.Pattern
    year: re.Pattern
    regulation: re.Pattern
    cues: dict  # family -> (window, pattern)
    election_terms: re.Pattern
    voting_terms: re.Pattern
    activities: re.Pattern
    gap_words: frozenset  # what may stand between a voting term and its date
    election_heads: frozenset  # words that may head an election held: "pelaksanaan Pilkada"
    not_voting_after: re.Pattern  # "tempat" pemungutan suara is a polling station
    ahead_of_voting: re.Pattern
    on_day: re.Pattern  # "saat", "ketika" ... right before a voting term
    on_day_not: re.Pattern  # "akan", "siap" ...: the work is still ahead
    on_day_activities: re.Pattern  # work done on voting day itself
    went_well: re.Pattern  # "berjalan lancar": the vote itself reported as held
    went_safely: re.Pattern  # "berjalan aman": ... and secured, a security event that day
    voting_head: re.Pattern  # "Pelaksanaan" right before an election word
    holding_active: re.Pattern  # "menggelar" + an election word: the election held
    known_day_places: re.Pattern  # "TPS pada" + a known voting day
    securing_village_vote: re.Pattern  # "mengamankan pemilihan kepala desa"
    relative_to_vote: re.Pattern  # ", sehari menjelang pemungutan suara" after a date
    relative_days: dict  # "sehari" -> 1
    relative_after: frozenset  # "setelah": the vote was before the date
    date_intro: re.Pattern  # "pada", "tanggal" right before the date
    voting_after: re.Pattern  # "Rabu (27/11/2024) merupakan hari pemungutan suara"
    past_after: re.Pattern
    future_after: re.Pattern
    range_joiner: re.Pattern
    known_voting_days: frozenset  # ISO strings
    known_dates: frozenset  # the same, as dates
    caption_starts: tuple
    related_starts: tuple


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = rules.load_data(NAME)
    weekdays = {k.lower(): v for k, v in data["weekdays"].items()}
    months = {k.lower(): v for k, v in data["months"].items()}
    wd = _alternation(list(weekdays) + [w.replace("'", "`") for w in weekdays if "'" in w])
    mon = _alternation(months)
    pod = _alternation(data["parts_of_day"])
    flags = re.IGNORECASE
    # Every date pattern starts at a digit, so scanning stays fast; the words that may
    # precede a date are read backwards from its first digit with ``prefix``.
    day = r"(?<![\w/.,:-])(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    close = r"(?:\s*(?P<pc>\)))?"
    return _Lexicon(
        weekdays=weekdays,
        months=months,
        short_months=frozenset(m for m in months if len(m) <= 4 and m not in {"mei", "juni", "juli"}),
        not_months=frozenset(w.lower() for w in data["not_months"]),
        prefix=re.compile(
            rf"(?:\b(?P<wd>{wd})\b[\s,]*(?:(?:{pod})\b[\s,]*)?(?:hari\s+)?)?"
            r"(?P<po>\(\s*)?(?:\b(?:tanggal|tgl\.?)\s*)?$",
            flags,
        ),
        named=re.compile(
            rf"{day}\s*(?P<mon>[A-Za-z]{{3,10}})(?![A-Za-z])\.?(?:,?\s*(?P<y>\d{{4}})(?![\d/]))?{close}"
        ),
        numeric=re.compile(
            rf"{day}(?P<sep>[/.-])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?(?![\d/]){close}"
        ),
        english=re.compile(r"(?<![\w/.,:-])(?P<d>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y>\d{4})(?!\d)"),
        english_month=re.compile(rf"\b(?P<mon>{mon})\.?\s+$", flags),
        span=re.compile(
            rf"(?<![\w/.,:-])(?P<d1>\d{{1,2}})(?:\s*(?P<mon1>{mon})\b\.?(?:\s+(?P<y1>\d{{4}}))?)?"
            r"\s*(?:s\.?d\b\.?|s/d|sampai(?:\s+dengan)?|hingga|-)\s*"
            rf"(?P<d2>\d{{1,2}})\s*(?P<mon2>{mon})\b\.?(?:,?\s*(?P<y2>\d{{4}})(?![\d/]))?",
            flags,
        ),
        numeric_span=re.compile(
            r"(?<![\w/.,:-])(?P<d1>\d{1,2})\s*(?:-|s\.?d\.?|s/d)\s*(?P<d2>\d{1,2})/(?P<m>\d{1,2})"
            r"(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])",
            flags,
        ),
        clock=re.compile(
            r"(?:\b(?:pukul|pkl\.?|jam)\s*(?P<h>\d{1,2})(?:[.:](?P<mi>\d{2}))?"
            r"|(?<![\d.:/])(?P<h2>\d{1,2})[.:](?P<mi2>\d{2})(?=\s*(?:WIB|WITA|WIT)\b))"
            rf"(?:\s*(?:WIB|WITA|WIT)\b)?(?:\s+(?P<pod>{pod})\b)?",
            flags,
        ),
        year=re.compile(r"(?<![\w/.,-])(19[5-9]\d|20\d\d)(?![\w.,]|/\d{1,2}\b)"),
        regulation=re.compile(
            rf"(?:^|[^\w])(?:{_alternation(data['regulation_words'])})\.?\s*:?\s*$", flags
        ),
        cues={
            name: (spec["window"], _word_pattern(spec["words"]))
            for name, spec in data["cues"].items()
        },
        election_terms=_word_pattern(data["election_terms"]),
        voting_terms=_word_pattern(data["voting_terms"]),
        activities=_word_pattern(data["activities_before_voting"]),
        gap_words=frozenset(w.lower() for w in data["voting_gap_words"])
        | frozenset(w for term in data["election_terms"] for w in term.lower().split()),
        election_heads=frozenset(w.lower() for w in data["election_heads"])
        | frozenset(w for term in data["voting_terms"] for w in term.lower().split()),
        not_voting_after=re.compile(
            rf"\b(?:{_alternation(data['not_voting_after'])})\s+$", flags),
        ahead_of_voting=_word_pattern(data["ahead_of_voting"]),
        on_day=_word_pattern(data["on_voting_day"]["cues"]),
        on_day_not=_word_pattern(data["on_voting_day"]["not_when"]),
        on_day_activities=_word_pattern(data["on_voting_day"]["activities"]),
        went_well=_word_pattern(data["on_voting_day"]["went_well"]),
        went_safely=_word_pattern(data["on_voting_day"]["went_safely"]),
        voting_head=re.compile(rf"\b(?:{_alternation(data['voting_heads'])})\s+$", flags),
        holding_active=re.compile(
            rf"\b(?:{_alternation(data['holding_active'])})\s+"
            rf"(?P<term>{_alternation(data['election_terms'])})\b".replace(r"\ ", r"\s+"),
            flags,
        ),
        securing_village_vote=re.compile(
            rf"\b(?:{_alternation(data['securing_village_vote']['verbs'])})\s+"
            rf"(?:{_alternation(data['securing_village_vote']['terms'])})\b".replace(r"\ ", r"\s+"),
            flags,
        ),
        relative_to_vote=re.compile(
            rf"[\s)]*,?\s*(?P<n>{_alternation(data['relative_to_vote']['days'])})\s+"
            rf"(?P<way>{_alternation(data['relative_to_vote']['before'] + data['relative_to_vote']['after'])})\s+"
            rf"(?:{_alternation(data['relative_to_vote']['votes'])})\b".replace(r"\ ", r"\s+"),
            flags,
        ),
        relative_days={k.lower(): v for k, v in data["relative_to_vote"]["days"].items()},
        relative_after=frozenset(w.lower() for w in data["relative_to_vote"]["after"]),
        known_day_places=re.compile(
            rf"\b(?:{_alternation(data['known_day_places'])})(?:\s+tahun\s+\d{{4}})?\s*,?\s+"
            rf"(?:pada\s+)?(?:tanggal\s+)?$"
            .replace(r"\ ", r"\s+"),
            flags,
        ),
        date_intro=re.compile(rf"\b(?:{_alternation(data['date_intro'])})\s*$", flags),
        voting_after=re.compile(
            rf"^\W{{0,3}}(?:yang\s+)?(?:{_alternation(data['voting_after'])})\s+"
            rf"(?:{_alternation(data['voting_terms'])})\b".replace(r"\ ", r"\s+"),
            flags,
        ),
        past_after=re.compile(
            rf"^\s*\)?\s*(?:{_alternation(data['direction_after']['past'])})\b".replace(r"\ ", r"\s+"),
            flags,
        ),
        future_after=re.compile(
            rf"^\s*\)?\s*(?:{_alternation(data['direction_after']['future'])})\b".replace(r"\ ", r"\s+"),
            flags,
        ),
        range_joiner=re.compile(
            r"^\s*,?\s*(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|-|–)\s*(?:dengan\s+)?"
            r"(?:hari\s+|tanggal\s+)?$",
            flags,
        ),
        known_voting_days=frozenset(str(d) for d in data["known_voting_days"]),
        known_dates=frozenset(date.fromisoformat(str(d)) for d in data["known_voting_days"]),
        caption_starts=tuple(s.lower() for s in data["caption_starts"]),
        related_starts=tuple(s.lower() for s in data["related_starts"]),
    )


@lru_cache(maxsize=256)
def _month_by_dateparser(word: str) -> int | None:
    """Month number of a word outside the lexicon ("Djuli"), asking dateparser once per word."""
    import dateparser

    parsed = dateparser.parse(
        f"1 {word} 2000", languages=["id", "en"], settings={"STRICT_PARSING": True}
    )
    # dateparser reads some non-month words as relative spans ("1 Tahun 2000"):
    # only an exact first-of-the-month in 2000 proves the word is a month.
    if parsed is None or parsed.day != 1 or parsed.year != 2000:
        return None
    return parsed.month


@dataclass(frozen=True)
class _Stated:
    """One date form found in the text, before its year is settled."""

    start: int
    end: int
    day: int
    month: int
    year: int | None  # as stated (two-digit years expanded)
    weekday: int | None
    in_range: bool = False


@dataclass  # mutable: filled in over several passes, and never leaves this module
class _Found:
    """A stated date being resolved and classified."""

    stated: _Stated
    date: date
    flags: set = field(default_factory=set)
    confidence: float = 1.0
    kind: str = "event"
    speech: bool = False
    time: str | None = None
    on_voting_day: bool = False  # an election_day that also dates the reported activity


def _expand_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year <= _TWO_DIGIT_PIVOT else 1900
    return year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _prefix(lex: _Lexicon, text: str, start: int) -> tuple[int, int | None, bool]:
    """Where a date's words begin, its stated weekday, and whether a "(" opens it."""
    m = lex.prefix.search(text, max(0, start - 40), start)
    if not m or m.start() == m.end():
        return start, None, False
    name = m.group("wd")
    weekday = lex.weekdays.get(name.lower().replace("`", "'")) if name else None
    return m.start(), weekday, bool(m.group("po"))


def _find_stated(text: str, lex: _Lexicon) -> list[_Stated]:
    """Every date form in the text; overlaps resolved in favour of the earlier, longer one."""
    candidates: list[tuple[int, int, int, list[_Stated]]] = []  # start, -length, priority, items

    def add(start: int, end: int, priority: int, items: list[_Stated]) -> None:
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
                _Stated(m.start(), m.end(), d1, mon1, y1, None, True),
                _Stated(m.start(), m.end(), d2, mon2, y2, None, True),
            ])

    for m in lex.numeric_span.finditer(text):  # "Rabu-Kamis (22-23/5/2024)"
        month, d1, d2 = int(m.group("m")), int(m.group("d1")), int(m.group("d2"))
        if 1 <= month <= 12 and d1 < d2:
            year = _expand_year(m.group("y")) if m.group("y") else None
            if span := days_of_span(lex.weekdays, text, m.start(), d1, d2, month, year):
                # "mengawal distribusi logistik, Senin-Selasa (15-16/4/2019)": each day of a
                # span whose weekdays are named and agree is a stated date of its own, not
                # the ends of a schedule window; the clause decides its kind as for one day
                begin, days = span
                add(begin, m.end(), 0, [_Stated(begin, m.end(), day.day, month, year, day.weekday())
                                        for day in days])
                continue
            add(m.start(), m.end(), 0, [
                _Stated(m.start(), m.end(), d1, month, year, None, True),
                _Stated(m.start(), m.end(), d2, month, year, None, True),
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
            month = _month_by_dateparser(m.group("mon"))
            if month is None:
                continue
        elif word in lex.short_months and year is None and weekday is None:
            continue  # "5 Des" alone: too often a name or an abbreviation of something else
        add(start, m.end(), 1, [_Stated(start, m.end(), int(m.group("d")), month, year, weekday)])

    for m in lex.english.finditer(text):
        month_match = lex.english_month.search(text, max(0, m.start() - 12), m.start())
        if month_match:
            start, weekday, _ = _prefix(lex, text, month_match.start())
            add(start, m.end(), 1, [_Stated(start, m.end(), int(m.group("d")),
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
        year = _expand_year(year_digits) if year_digits else None
        add(start, m.end(), 2, [_Stated(start, m.end(), int(m.group("d")), month, year, weekday)])

    chosen: list[_Stated] = []
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


def _one_edit_apart(a: int, b: int) -> bool:
    """Years one typing slip apart: one digit changed or two neighbours swapped."""
    sa, sb = str(a), str(b)
    if len(sa) != len(sb):
        return False
    diff = [i for i in range(len(sa)) if sa[i] != sb[i]]
    if len(diff) == 1:
        return True
    return (len(diff) == 2 and diff[1] == diff[0] + 1
            and sa[diff[0]] == sb[diff[1]] and sa[diff[1]] == sb[diff[0]])


def _resolve_stated_year(s: _Stated, refs: set[int], published: date | None) -> _Found | None:
    """The date as stated, or corrected when its year is an obvious typo."""
    stated = _safe_date(s.year, s.month, s.day)
    if stated is None:
        return None
    limit = (published.year + 10) if published else 2100
    implausible = not 1900 <= s.year <= limit
    mismatch = s.weekday is not None and stated.weekday() != s.weekday
    if not (implausible or mismatch):
        return _Found(s, stated)
    fixes = []
    for ref in refs:
        candidate = _safe_date(ref, s.month, s.day)
        if (ref != s.year and candidate and _one_edit_apart(s.year, ref)
                and (s.weekday is None or candidate.weekday() == s.weekday)):
            fixes.append(candidate)
    if len(fixes) == 1:
        return _Found(s, fixes[0], {"year_corrected"}, 0.7)
    if mismatch:
        return _Found(s, stated, {"weekday_mismatch"}, 0.6)
    return _Found(s, stated, {"implausible_year"}, 0.3)


def _direction(lex: _Lexicon, text: str, end: int) -> str | None:
    """"past" for "14 Februari lalu", "future" for "27 November nanti", else None."""
    after = text[end:end + 30]
    if lex.past_after.match(after):
        return "past"
    if lex.future_after.match(after):
        return "future"
    return None


def _toward(options: list[date], published: date | None, direction: str | None) -> list[date]:
    """The options on the side of the publication date the text points to (all when none fit)."""
    if published is None or direction is None:
        return options
    kept = [d for d in options if (d <= published if direction == "past" else d >= published)]
    return kept or options


def _infer_year(s: _Stated, published: date | None, anchors: Counter, stated_years: Counter,
                direction: str | None = None) -> _Found | None:
    """A year-less date placed by the publication date, else by the article's years."""
    if published:
        options = [d for y in (published.year - 1, published.year, published.year + 1)
                   if (d := _safe_date(y, s.month, s.day))]
        options = _toward(options, published, direction)
        if not options:
            return None
        matching = [d for d in options if s.weekday is None or d.weekday() == s.weekday]
        pool = matching or options

        def nearest(d: date) -> tuple:
            return (abs((d - published).days), d > published)

        best = min(pool, key=nearest)
        if not matching:
            return _Found(s, best, {"year_inferred", "weekday_mismatch"}, 0.5)
        return _Found(s, best, {"year_inferred"}, 0.9 if s.weekday is not None else 0.8)
    # No publication date: articles state the years they are about, and run up to the
    # election they name ("Pemilu 2024" in December 2023), so the year before counts too.
    tiers = [anchors, stated_years, Counter({y - 1: n for y, n in stated_years.items()})]
    for tier, confidence in zip(tiers, (0.8, 0.8, 0.7)):
        ranked = sorted(tier, key=lambda y: (-tier[y], -y))
        for year in ranked:
            d = _safe_date(year, s.month, s.day)
            if d and (s.weekday is None or d.weekday() == s.weekday):
                return _Found(s, d, {"year_inferred"},
                              confidence if s.weekday is not None else 0.5)
        if s.weekday is None and ranked:
            return None  # the likeliest year gave no valid date (29 February)
    for tier in tiers[:2]:
        if tier:
            year = max(tier, key=lambda y: (tier[y], y))
            d = _safe_date(year, s.month, s.day)
            if d:
                return _Found(s, d, {"year_inferred", "weekday_mismatch"}, 0.4)
    return None


class _Layout:
    """Sentence and paragraph spans of one text, for looking up what surrounds an offset."""

    def __init__(self, doc: Doc):
        text = doc.text
        self.sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.paragraphs: list[tuple[int, int]] = []
        offset = 0
        for line in text.split("\n"):
            self.paragraphs.append((offset, offset + len(line)))
            offset += len(line) + 1
        self.paragraph_starts = [s for s, _ in self.paragraphs]

    def sentence(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self.paragraphs[max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)]


_REGULATION_YEAR = re.compile(r"(?:nomor|no\.?)\s*\d+\s+tahun\s+$", re.IGNORECASE)
# An all-capitals place and a comma opening the paragraph: the agency dateline.
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,40},\s*$")
_LOCAL_OFFSET = re.compile(r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?\+0[789]:?00$")
# "Politik | Minggu, 08 Desember 2024 - 10:05 WITA | dibaca 874 kali": a page's stamp.
_STAMP_CLOCK = re.compile(r"\s*[-|–]\s*\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b")
_PLACE_STAMP = re.compile(r"^\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3},\s*$")
_CAPTION_TAIL = re.compile(r"\((?:foto|dok|ist)\b[^)]*\)\s*\.?$", re.IGNORECASE)

def _voting_candidates(lex: _Lexicon, f: _Found, before: str, direction: str | None,
                       published: date | None) -> list[date]:
    """The dates a stated voting day may be: a year-less one takes the election's year.

    For "Pilkada 2024 ... tanggal 27 November nanti" the year the sentence states comes
    first; then the year already inferred; then a known national voting day with that day
    and month (within a year of the publication date, on the side "lalu"/"nanti" points to).
    """
    if f.stated.year is not None:
        return [f.date]
    s = f.stated

    def fits(d: date | None) -> bool:
        return d is not None and (s.weekday is None or d.weekday() == s.weekday)

    out: list[date] = []
    for y in reversed(_YEARS_IN.findall(before)):
        d = _safe_date(int(y), s.month, s.day)
        if fits(d) and d not in out:
            out.append(d)
    if f.date not in out:
        out.append(f.date)
    known = [k for k in sorted(lex.known_dates) if (k.month, k.day) == (s.month, s.day) and fits(k)]
    if published:
        known = [k for k in known if abs(k.year - published.year) <= 1]
    return out + [k for k in _toward(known, published, direction) if k not in out]


def _known_day(lex: _Lexicon, s: _Stated) -> _Found | None:
    """The one national voting day with this day, month (and weekday), for a year-less date."""
    days = [k for k in lex.known_dates if (k.month, k.day) == (s.month, s.day)
            and (s.weekday is None or k.weekday() == s.weekday)]
    return _Found(s, days[0], {"year_inferred"}, 0.6) if len(days) == 1 else None


def _planned(lex: _Lexicon, before: str, d: date, published: date | None) -> bool:
    """A future cue before the date, unless it sits in a relative clause the date is set off
    from ("meninjau TPS yang akan menggelar PSU di Desa Nggela, Jumat (23/2)") and the
    publication date shows the date is no later than the report."""
    before = outside_quotes(before)  # "“... nanti,” tegas Kapolres, Senin (4/11)": not planned
    cue = _cue(lex, "future", before)
    if cue is None:
        return False
    relative = re.search(r"\byang\s+(?:\S+\s+)?$", before[:cue.start()], re.IGNORECASE)
    set_off = "," in before[cue.end():]
    return not (relative and set_off and published is not None and d <= published)


_DONE = re.compile(r"\b(?:sudah|telah)\s+$", re.IGNORECASE)
_SINCE = re.compile(r"\bsejak\s+(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)
# "Masa tenang berlangsung hingga Selasa (26/11/2024)": the end of a state (a word before
# "hingga": a sentence opening "Hingga Kamis (28/11) pukul 12.00, ..." dates the report)
_UNTIL = re.compile(r"\w\s+(?:hingga|sampai(?:\s+dengan)?)\s+(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)
# "hasil pemutakhiran per 20 September 2024": the date data stand at, not an activity
# A letter's date: right after its number ("Nomor: 07/PP.06-Und/610805/2023, tanggal 29 Maret
# 2023"), or "surat ... tanggal <date>"
_LETTER_NUMBER = re.compile(r"\b(?:nomor|no\.?)\s*:?\s*[\w./-]*\d[\w./-]*\s*,?\s*$", re.IGNORECASE)
_LETTER = re.compile(r"\bsurat\b[^.,;]{0,50}$", re.IGNORECASE)
_AS_OF = re.compile(r"\bper\s+(?:tanggal\s+)?$", re.IGNORECASE)
_AHEAD = re.compile(r"\b(?:menjelang|jelang)\s+(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)


def _is_stamp(lex: _Lexicon, text: str, layout: _Layout, s: _Stated) -> bool:
    """The date is its line's only content, besides a clock time and punctuation."""
    p_start, p_end = layout.paragraph(s.start)
    rest = lex.clock.sub(" ", text[p_start:s.start] + " " + text[s.end:p_end])
    return s.year is not None and not re.search(r"[^\W\d_]", rest)


def _stamp_date(lex: _Lexicon, text: str, layout: _Layout, stated: list[_Stated]) -> date | None:
    """A .txt article's publication stamp: the first date standing alone on one of the
    first lines ("Jumat, 27 November 2020 09:20 WITA", "09/10/2024 14:20 WIT")."""
    first_lines = layout.paragraphs[:6]
    limit = first_lines[-1][1] if first_lines else 0
    for s in stated:
        if s.start > limit:
            break
        if _is_stamp(lex, text, layout, s):
            return _safe_date(s.year, s.month, s.day)
    return None


def _classify(lex: _Lexicon, text: str, layout: _Layout, f: _Found, published: date | None,
              direction: str | None = None) -> None:
    """Set the kind of one date from where it stands and the words around it."""
    p_start, p_end = layout.paragraph(f.stated.start)
    paragraph = text[p_start:p_end].lower()
    if paragraph.startswith(lex.caption_starts) or _CAPTION_TAIL.search(paragraph):
        f.kind = "caption"
        return
    if paragraph.startswith(lex.related_starts):
        f.kind = "other"
        return
    if (_DATELINE.match(text[p_start:f.stated.start]) or _is_stamp(lex, text, layout, f.stated)
            # "Amurang, 8 Desember 2015" alone on a line (a sign-off): the report's place and day
            or (_PLACE_STAMP.match(text[p_start:f.stated.start]) and not text[f.stated.end:p_end].strip(" ."))
            or (f.stated.start < 400 and _STAMP_CLOCK.match(text, f.stated.end))):
        # "ISTANBUL, 23 Februari 2016 (Antara) -" and a line that is only a date (and its
        # time: "Jumat, 27 November 2020 09:20 WITA") date the report
        f.kind = "report"
        return
    if f.stated.in_range:
        f.kind = "schedule"
        return
    s_start, s_end = layout.sentences[layout.sentence(f.stated.start)]
    before = text[max(s_start, p_start):f.stated.start]
    after = text[f.stated.end:max(f.stated.end, min(s_end, p_end))]
    if _cue(lex, "document", before) or _LETTER_NUMBER.search(before) or (
            text.startswith(("tanggal", "tgl"), f.stated.start) and _LETTER.search(before)):
        f.kind = "other"  # "surat KPU RI tertanggal 20 November 2024", "Nomor: 07/PP/2023, tanggal ..."
        return
    if deadline := _cue(lex, "deadline", before):
        # "paling lambat Selasa (26/11), sehari sebelum pemungutan suara pada Rabu, 27
        # November": voting words after the deadline's own date still date the vote
        before = before[deadline.end():]
        if not any(_voting_day(lex, before, after, c, published) is not None
                   for c in _voting_candidates(lex, f, before, direction, published)):
            f.kind = "deadline"
            return
    for candidate in _voting_candidates(lex, f, before, direction, published):
        pos = _voting_day(lex, before, after, candidate, published)
        if pos is not None:
            if candidate != f.date:
                f.date = candidate
                f.flags = (f.flags - {"weekday_mismatch"}) | {"year_inferred"}
            f.kind = "election_day"
            f.on_voting_day = (_on_voting_day(lex, before, after, pos, f.date, published, direction)
                               or (_ends_clause(lex, after) and direction != "future"
                                   and not (published and f.date > published)
                                   and _work_on_vote_next(lex, text[s_end:s_end + 250])))
            return
    if after.strip(" .)") == "" and alongside_vote_next(lex, text[s_end:s_end + 250]):
        f.kind = "election_day"  # "..., Rabu (27/11/2024). Peninjauan dilakukan bersamaan dengan pemungutan suara"
        f.on_voting_day = (direction != "future" and not (published and f.date > published)
                           and bool(lex.on_day_activities.search(before)))
        return
    quote = quote_start(text, p_start, f.stated.start)
    plan = _cue(lex, "plan", before)
    if plan and _DONE.search(before[max(0, plan.start() - 12):plan.start()]):
        plan = None  # "pengamanan PSU sudah dimulai sejak Jumat (6/12)": begun, not planned
    if _cue(lex, "report", before):
        f.kind = "report"
    elif _AS_OF.search(before):
        f.kind = "other"
    elif (_SINCE.search(before) or _UNTIL.search(before)) and not lex.on_day_activities.search(
            before[max(0, len(before) - 80):] + " " + after[:60]):
        # "logistik sudah tiba di 19 PPK sejak Sabtu (5/12)": the start of a state or of
        # another body's work, not the reported activity ("personel disiagakan sejak
        # Selasa (15/11) malam" is the police's work, and stays an event)
        f.kind = "schedule"
    elif _AHEAD.search(before):
        f.kind = "schedule"  # "menjelang 9 Desember": the date lies ahead
    elif plan:
        f.kind = "schedule"
    elif quote is not None and lex.cues["future"][1].search(text, quote, f.stated.start):
        f.kind = "schedule"  # a date inside a quote about what will be done
    elif _cue(lex, "speech", before) or _cue(lex, "press", before) or speech_after(after):
        f.speech = True
    elif _planned(lex, before, f.date, published) or direction == "future":
        f.kind = "schedule"
    elif published and f.date > published + timedelta(days=1):
        f.kind = "schedule"


def extract(doc: Doc, found: dict) -> tuple[DateMention, ...]:
    """Dates stated in the article, each with its kind, time and doubts."""
    lex = _lexicon()
    rule = rules.rule_id(NAME)
    text = doc.text
    published = doc.article.published_date
    stated = _find_stated(text, lex)
    if not stated:  # no date written: "Rabu kemarin" or a bare "kemarin" may still date it
        bare = beside_statement(lex.weekdays, text, [], published)
        return tuple(_weekday_only(bare, rule) if bare else
                     _relative_days(yesterday(lex.weekdays, text, [], published), rule))
    anchors = Counter(s.year for s in stated if s.year is not None and not s.in_range)
    stated_years = Counter(
        int(m.group(1)) for m in lex.year.finditer(text)
        if not _REGULATION_YEAR.search(text[max(0, m.start() - 30):m.start()])
    )
    layout = _Layout(doc)
    # the publication day is local (not a UTC timestamp a day behind): a stamp line, or an
    # Indonesian offset (+07:00 to +09:00)
    local = bool(_LOCAL_OFFSET.search(str(doc.article.published or "")))
    if published is None:  # a .txt article: its stamp line is its publication date
        published = _stamp_date(lex, text, layout, stated)
        local = published is not None
    # The year a typo is measured against: the publication year, else the article's years.
    refs = {published.year} if published else set(anchors) | set(stated_years)
    results: list[_Found] = []
    for s in stated:
        direction = _direction(lex, text, s.end)
        if s.year is not None:
            f = _resolve_stated_year(s, refs, published)
        else:
            f = _infer_year(s, published, anchors, stated_years, direction)
        if f is None and s.year is None:
            # Nothing to take a year from: a national voting day may still fill it, but
            # only where the words make the date a voting day.
            f = _known_day(lex, s)
            if f is not None:
                _classify(lex, text, layout, f, published, direction)
                if f.kind != "election_day":
                    f = None
        elif f is not None:
            _classify(lex, text, layout, f, published, direction)
        if f is not None:
            results.append(f)
    attach_times(lex, text, layout, results)
    drop_recalled_votes(results, lambda pos: text[slice(*layout.sentences[layout.sentence(pos)])],
                        lex.on_day_activities)
    # a .txt with no publication date: the latest day a statement was given or reported
    said = [f.date for f in results if f.speech or f.kind == "report"]
    mark_far_past(results, published or (max(said) if said else None))
    mark_ahead(results, published, local)
    has_event = any((f.kind == "event" and not f.speech) or f.on_voting_day for f in results)
    # "pada Senin lalu" beside a dated statement: the activity's day, from the weekday
    bare = [] if has_event else beside_statement(lex.weekdays, text, results, published)
    relative = [] if has_event or bare else yesterday(lex.weekdays, text, results, published)
    for f in results:
        if f.speech:
            if has_event or bare or relative:
                f.kind = "report"
            else:  # the statement's date is the only one: the event's, flagged
                f.confidence, f.flags = min(f.confidence, 0.7), f.flags | {"statement_date"}
    mentions = _weekday_only(bare, rule) + _relative_days(relative, rule)
    # "memantau pemungutan suara di ... Distrik Abepura, Rabu.", "Pelaksanaan pemilihan
    # kepala desa serentak di Kabupaten X kemarin berlangsung aman": the vote's day too
    for m in list(mentions):
        s_start, s_end = layout.sentences[layout.sentence(m.start)]
        d = date.fromisoformat(m.date)
        if _voting_day(lex, text[s_start:m.start], text[m.end:s_end], d, published) is not None:
            mentions.append(replace(m, kind="election_day"))
    for f in sorted(results, key=lambda f: (f.stated.start, f.date)):
        mention = DateMention(
            date=f.date.isoformat(), kind=f.kind, start=f.stated.start, end=f.stated.end,
            rule=rule, time=f.time, confidence=f.confidence, flags=tuple(sorted(f.flags)),
        )
        mentions.append(mention)
        if f.speech and _voting_today(lex, _closed_quote(text, layout, f.stated.start)):
            mentions.append(replace(mention, kind="election_day"))
        if f.kind != "election_day" and (rel := lex.relative_to_vote.match(text, f.stated.end)):
            # "Selasa (13/2/2024), sehari menjelang pemungutan suara": the vote's day too
            n = lex.relative_days[" ".join(rel.group("n").lower().split())]
            sign = -1 if rel.group("way").lower() in lex.relative_after else 1
            day = f.date + timedelta(days=sign * n)
            # not when the day is stated right after ("sehari sebelum pemungutan suara pada
            # Rabu, 27 November"): that date is the record
            if not any(g.kind == "election_day" and g.date == day
                       and 0 <= g.stated.start - rel.end() < 150 for g in results):
                mentions.append(DateMention(
                    date=day.isoformat(), kind="election_day",
                    start=rel.start("n"), end=rel.end(), rule=rule, confidence=0.8,
                    flags=tuple(sorted({"relative_to_vote"} | (f.flags & {"year_inferred"})))))
        if f.on_voting_day:  # the police worked on voting day: the same words date the event
            mentions.append(replace(mention, kind="event",
                                    flags=tuple(sorted(f.flags | {"voting_day"}))))
    return tuple(sorted(mentions, key=lambda m: (m.start, m.date)))


def _closed_quote(text: str, layout: _Layout, pos: int) -> str:
    """The quotation closed last before ``pos`` in its paragraph ("" when none)."""
    p_start, _ = layout.paragraph(pos)
    return closed_quote(text[p_start:pos])


def _weekday_only(days: list[tuple[date, int, int]], rule: str) -> list[DateMention]:
    """Event dates read from a bare weekday (weekdays.beside_statement), flagged as such."""
    return [DateMention(date=d.isoformat(), kind="event", start=a, end=b, rule=rule,
                        confidence=0.7, flags=("weekday_only",)) for d, a, b in days]


def _relative_days(days: list[tuple[date, int, int]], rule: str) -> list[DateMention]:
    """Event dates read from a bare "kemarin" (weekdays.yesterday), flagged as such."""
    return [DateMention(date=d.isoformat(), kind="event", start=a, end=b, rule=rule,
                        confidence=0.6, flags=("relative_day",)) for d, a, b in days]
