"""The 'dates' family's YAML (``data/dates.yml``) compiled once per process.

Every date pattern starts at a digit; the words that may stand before a date (weekday, part of
the day, "(", "tanggal") are read backwards from it with ``prefix``. Phrases of several words
match any run of spaces between their words (``rules.phrases``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline.analysis import rules

NAME = "dates"


def alternation(words) -> str:
    """A regex alternation that tries longer words first ("Nopember" before "Nop")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def word_pattern(words) -> re.Pattern:
    """Whole words or phrases, any case, any run of spaces between the words of a phrase."""
    return re.compile(rf"\b(?:{rules.phrases(words)})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
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
    manner_after_vote: re.Pattern  # "mencoblos| tanpa formulir pindah memilih| pada": how the vote was cast
    ahead_of_voting: re.Pattern
    on_day: re.Pattern  # "saat", "ketika" ... right before a voting term
    on_day_not: re.Pattern  # "akan", "siap" ...: the work is still ahead
    on_day_activities: re.Pattern  # work done on voting day itself
    on_day_until: re.Pattern  # "hingga" right before the voting words: work that lasts up to it
    went_well: re.Pattern  # "berjalan lancar": the vote itself reported as held
    went_safely: re.Pattern  # "berjalan aman": ... and secured, a security event that day
    voting_head: re.Pattern  # "Pelaksanaan" right before an election word
    holding_active: re.Pattern  # "menggelar" + an election word: the election held
    known_day_places: re.Pattern  # "TPS pada" + a known voting day
    securing_village_vote: re.Pattern  # "mengamankan pemilihan kepala desa"
    relative_to_vote: re.Pattern  # ", sehari menjelang pemungutan suara" after a date
    relative_days: dict  # "sehari" -> 1
    relative_vote_terms: re.Pattern  # the vote's words of relative_to_vote (dates 18)
    ahead_contest: re.Pattern  # "menjelang pemilihan Bupati X, " right before a date (dates 17)
    relative_after: frozenset  # "setelah": the vote was before the date
    date_intro: re.Pattern  # "pada", "tanggal" right before the date
    voting_after: re.Pattern  # "Rabu (27/11/2024) merupakan hari pemungutan suara"
    past_after: re.Pattern
    future_after: re.Pattern
    range_joiner: re.Pattern
    yesterday: re.Pattern  # "kemarin"; "pagi tadi", "tadi siang": the report's own day (dates 13)
    known_voting_days: frozenset  # ISO strings
    known_dates: frozenset  # the same, as dates
    caption_starts: tuple
    related_starts: tuple


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = rules.load_data(NAME)
    weekdays = {k.lower(): v for k, v in data["weekdays"].items()}
    months = {k.lower(): v for k, v in data["months"].items()}
    wd = alternation(list(weekdays) + [w.replace("'", "`") for w in weekdays if "'" in w])
    mon = alternation(months)
    pod = alternation(data["parts_of_day"])
    flags = re.IGNORECASE
    # Every date pattern starts at a digit, so scanning stays fast; the words that may
    # precede a date are read backwards from its first digit with ``prefix``.
    day = r"(?<![\w/.,:-])(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    close = r"(?:\s*(?P<pc>\)))?"
    return Lexicon(
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
            rf"(?:^|[^\w])(?:{alternation(data['regulation_words'])})\.?\s*:?\s*$", flags
        ),
        cues={
            name: (spec["window"], word_pattern(spec["words"]))
            for name, spec in data["cues"].items()
        },
        election_terms=word_pattern(data["election_terms"]),
        voting_terms=word_pattern(data["voting_terms"]),
        activities=word_pattern(data["activities_before_voting"]),
        gap_words=frozenset(w.lower() for w in data["voting_gap_words"])
        | frozenset(w for term in data["election_terms"] for w in term.lower().split()),
        election_heads=frozenset(w.lower() for w in data["election_heads"])
        | frozenset(w for term in data["voting_terms"] for w in term.lower().split()),
        manner_after_vote=re.compile(
            rf"\b(?:{rules.phrases(data['manner_after_vote']['votes'])})"
            rf"(?P<manner>\s+(?:{rules.phrases(data['manner_after_vote']['words'])})(?:\s+[a-z]+){{1,4}})(?=\s+pada\s*$)",
            re.IGNORECASE),
        not_voting_after=re.compile(
            rf"\b(?:{alternation(data['not_voting_after'])})\s+$", flags),
        ahead_of_voting=word_pattern(data["ahead_of_voting"]),
        on_day=word_pattern(data["on_voting_day"]["cues"]),
        on_day_not=word_pattern(data["on_voting_day"]["not_when"]),
        on_day_activities=word_pattern(data["on_voting_day"]["activities"]),
        on_day_until=re.compile(
            rf"\b(?:{alternation(data['on_voting_day']['until'])})\s+(?:hari\s+)?$", flags),
        went_well=word_pattern(data["on_voting_day"]["went_well"]),
        went_safely=word_pattern(data["on_voting_day"]["went_safely"]),
        voting_head=re.compile(rf"\b(?:{alternation(data['voting_heads'])})\s+$", flags),
        holding_active=re.compile(
            rf"\b(?:{rules.phrases(data['holding_active'])})\s+"
            rf"(?P<term>{rules.phrases(data['election_terms'] + data['held_feasts'])})\b",
            flags,
        ),
        securing_village_vote=re.compile(
            rf"\b(?:{rules.phrases(data['securing_village_vote']['verbs'])})\s+"
            rf"(?:{rules.phrases(data['securing_village_vote']['terms'])})\b",
            flags,
        ),
        relative_to_vote=re.compile(
            rf"[\s)]*,?\s*(?:(?P<n>{rules.phrases(data['relative_to_vote']['days'])})\s+"
            rf"(?P<way>{rules.phrases(data['relative_to_vote']['before'] + data['relative_to_vote']['after'])})"
            # "Sabtu (26/10/2019) atau H-1 pemilihan kepala desa/kuwu" (dates 9)
            r"|(?:atau\s+)?H\s*(?P<sign>[-–+])\s*(?P<h>[1-5])(?!\d))\s+"
            rf"(?:{rules.phrases(data['relative_to_vote']['votes'] + data['election_terms'])})\b",
            flags,
        ),
        relative_days={k.lower(): v for k, v in data["relative_to_vote"]["days"].items()},
        relative_vote_terms=re.compile(rf"\b(?:{rules.phrases(data['relative_to_vote']['votes'])})\b", flags),
        ahead_contest=re.compile(
            rf"\b(?:menjelang|jelang)\s+(?:hari\s+)?"
            rf"(?:{rules.phrases(data['election_terms'] + data['relative_to_vote']['votes'])})\b[^.;!?]{{0,80}}$", flags),
        relative_after=frozenset(w.lower() for w in data["relative_to_vote"]["after"]),
        known_day_places=re.compile(
            rf"\b(?:{rules.phrases(data['known_day_places'])})(?:\s+tahun\s+\d{{4}})?\s*,?\s+"
            r"(?:pada\s+)?(?:tanggal\s+)?$",
            flags,
        ),
        date_intro=re.compile(rf"\b(?:{alternation(data['date_intro'])})\s*$", flags),
        voting_after=re.compile(
            rf"^\W{{0,3}}(?:yang\s+)?(?:{rules.phrases(data['voting_after'])})\s+"
            rf"(?:{rules.phrases(data['voting_terms'])})\b",
            flags,
        ),
        past_after=re.compile(
            rf"^\s*\)?\s*(?:{rules.phrases(data['direction_after']['past'])})\b",
            flags,
        ),
        future_after=re.compile(
            rf"^\s*\)?\s*(?:{rules.phrases(data['direction_after']['future'])})\b",
            flags,
        ),
        range_joiner=re.compile(
            r"^\s*,?\s*(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|-|–)\s*(?:dengan\s+)?"
            r"(?:hari\s+|tanggal\s+)?$",
            flags,
        ),
        yesterday=re.compile(
            rf"(?<!\w)(?:kemarin|(?:{rules.phrases(data['parts_of_day'])})\s+tadi"
            rf"|tadi\s+(?:{rules.phrases(data['parts_of_day'])}))(?!\w)",
            flags,
        ),
        known_voting_days=frozenset(str(d) for d in data["known_voting_days"]),
        known_dates=frozenset(date.fromisoformat(str(d)) for d in data["known_voting_days"]),
        caption_starts=tuple(s.lower() for s in data["caption_starts"]),
        related_starts=tuple(s.lower() for s in data["related_starts"]),
    )


@lru_cache(maxsize=256)
def month_by_dateparser(word: str) -> int | None:
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
