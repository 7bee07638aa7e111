"""events.yml compiled: the activity kinds and their trigger words, and a trigger met in the text.

Part of the 'events' family (``pipeline.analysis.rules.events``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.analysis.rules import load_data, phrases


@dataclass(frozen=True)
class Mention:
    type: str
    start: int
    end: int
    sentence: int  # index into doc.sentences
    planned: bool


# An election body's own stage (debate, plenary, registration): the least specific kind,
# last in events.yml's types, the event only where no police work is reported.
STAGE = "stage"


@dataclass(frozen=True)
class EventRules:
    types: tuple[str, ...]  # most specific first
    trigger: re.Pattern
    type_of: dict[str, str]
    not_happened: re.Pattern
    clause_break: re.Pattern
    venue: re.Pattern
    venue_ends: frozenset[str]
    sectors: frozenset[str]
    on_voting_day_types: frozenset[str]  # work dated by the voting day when it has no date
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def event_rules() -> EventRules:
    """events.yml, compiled once."""
    data = load_data("events")
    type_of = {w.lower(): t for t, words in data["types"].items() for w in words}

    words = phrases
    # main_type is the lead's most specific kind: a stage must lose to any activity
    if list(data["types"])[-1] != STAGE:
        raise ValueError(f"events.yml: '{STAGE}' must be the last of types")
    return EventRules(
        types=tuple(data["types"]),
        trigger=re.compile(rf"(?<![\w-])({words(type_of)})(?![\w-])", re.I),
        type_of=type_of,
        not_happened=re.compile(rf"(?<![\w-])({words(data['not_happened'])})(?![\w-])", re.I),
        clause_break=re.compile(rf"(?<![\w-])({words(data['clause_breaks'])})(?![\w-])", re.I),
        venue=re.compile(
            rf"(?<![\w-])(?:{words(data['venue_prepositions'])})\s+"
            rf"(?=(?:{words(data['venue_words'])})(?![\w-]))",
            re.I,
        ),
        venue_ends=frozenset(data["venue_ends"]),
        sectors=frozenset(data["sectors"]),
        on_voting_day_types=frozenset(data["on_voting_day_types"]),
        confidence=data["confidence"],
    )
