"""Assemble rule findings into events and review flags (one Extraction per article)."""

from __future__ import annotations

from pipeline.records import Doc, Extraction


def build_extraction(doc: Doc, found: dict[str, tuple]) -> Extraction:
    """The article's Extraction: rule findings plus the events they describe."""
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
        review=review_reasons(found),
    )


def build_events(doc: Doc, found: dict[str, tuple]) -> tuple:
    """Events reported in the article (filled in by the events work)."""
    return ()


def review_reasons(found: dict[str, tuple]) -> tuple[str, ...]:
    """Why a person should look at this article: flags raised by any rule."""
    reasons: set[str] = set()
    for records in found.values():
        for r in records:
            reasons.update(getattr(r, "flags", ()))
    return tuple(sorted(reasons))
