"""Assemble rule findings into one Extraction per article: events and review flags.

Events are built by the events family (``rules/events/``, documented in
``rules/data/events.yml``) from what every other family found; review flags come from
``rules/data/review.yml``.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.analysis.rules import load_data
from pipeline.analysis.rules.events import build_events
from pipeline.records import ELECTION_TOPICS, Doc, Extraction, Topic


def build_extraction(doc: Doc, found: dict[str, tuple], topic: Topic | None = None) -> Extraction:
    """The article's Extraction: rule findings plus the events they describe.

    Events and election records belong to election topics only: in police or other news
    an election word is a passing mention, not an election the article reports on.
    """
    if topic is not None and topic.label not in ELECTION_TOPICS:
        found = {**found, "elections": ()}
        events: tuple = ()
    else:
        events = build_events(doc, found)
    return Extraction(
        article=doc.article,
        entities=doc.entities,
        officials=found.get("officials", ()),
        dates=found.get("dates", ()),
        elections=found.get("elections", ()),
        counts=found.get("counts", ()),
        places=found.get("places", ()),
        organizations=found.get("organizations", ()),
        events=events,
        review=review_reasons({**found, "events": events}),
        topic=topic,
    )


@lru_cache(maxsize=1)
def review_flags() -> tuple[frozenset[str], frozenset[str]]:
    """(look, informational): rules/data/review.yml, which flags make an article need review."""
    data = load_data("review")
    return frozenset(data["look"]), frozenset(data["informational"])


def review_reasons(found: dict[str, tuple]) -> tuple[str, ...]:
    """Why a person should look at this article: the flags review.yml does not call informational."""
    _, informational = review_flags()
    reasons: set[str] = set()
    for records in found.values():
        for r in records:
            reasons.update(f for f in getattr(r, "flags", ()) if f not in informational)
    return tuple(sorted(reasons))
