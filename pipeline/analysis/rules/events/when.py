"""The date an event takes: the event date of its own sentences, else the lead's, else the
voting day undated security work was done on.

Part of the 'events' family.
"""

from __future__ import annotations

from pipeline.analysis.rules.events.layout import paragraph_no
from pipeline.analysis.rules.events.lexicon import Mention
from pipeline.records import Doc


def not_after_publication(doc: Doc, date: str) -> bool:
    """Whether an ISO ``date`` can have been reported as done: not after the page's publication
    (always, when the page gives none)."""
    published = doc.article.published_date
    return published is None or date <= published.isoformat()


def voting_day_of(doc: Doc, found: dict, lead_end: int = 0):
    """The article's one stated voting day, when it is not after the publication date:
    security work reported with no date of its own ("PSU ... berlangsung lancar, Sabtu
    (19/12/2020). ... Pengamanan dilakukan personel Polsek ...") was done on it. With
    several (a PSU and the vote it repeats), the one the title and first paragraph state,
    else the one the lead states, when they state one."""
    stated = [d for d in found.get("dates", ()) if d.kind == "election_day"]
    days = {d.date: d for d in stated}
    for narrower in (lambda d: paragraph_no(doc, d.start) <= 0, lambda d: d.start < lead_end):
        if len(days) > 1:  # the title and first paragraph first, then the lead
            days = {d.date: d for d in stated if narrower(d)} or days
    if len(days) != 1:
        return None
    day = next(iter(days.values()))
    return day if not_after_publication(doc, day.date) else None


def main_date_of(doc: Doc, anchor: Mention, same_type: list[Mention], dates_in, event_dates):
    """The event date in the anchor's sentence (a span's first day), else in another sentence
    of the type, else the nearest one in the title or first paragraph (they date the news:
    an activity first named in the body was done on that day, not on the day of an
    earlier stage told beside it), else the nearest."""
    for m in [anchor] + same_type:
        here = dates_in(m.sentence)
        if here:
            return min((d for d in here if d.start == here[0].start), key=lambda d: d.date)
    if not event_dates:
        return None
    opening = [d for d in event_dates if paragraph_no(doc, d.start) <= 0]
    return min(opening or event_dates, key=lambda d: abs(d.start - anchor.start))
