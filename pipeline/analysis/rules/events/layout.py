"""Where a position stands in the article: its paragraph and sentence, the lead, quotations,
planned lists.

Part of the 'events' family; every lookup is computed once per article (asked for again and again).
"""

from __future__ import annotations

import bisect
import re

from pipeline.analysis.rules.events.lexicon import event_rules
from pipeline.records import Doc, Sentence


def body_paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines of the body."""
    return paragraph_bounds(doc)[0]


_PARAGRAPHS: dict[int, tuple] = {}


def paragraph_bounds(doc: Doc) -> tuple[list[tuple[int, int]], list[int]]:
    """Paragraphs and their starts, computed once per article (asked for again and again)."""
    hit = _PARAGRAPHS.get(id(doc.article))
    if hit is not None and hit[0] is doc.article:
        return hit[1]
    out, offset = [], 0
    for line in doc.text.split("\n"):
        if line.strip() and offset >= doc.article.body_offset:
            out.append((offset, offset + len(line)))
        offset += len(line) + 1
    _PARAGRAPHS.clear()
    _PARAGRAPHS[id(doc.article)] = (doc.article, (out, [start for start, _ in out]))
    return out, [start for start, _ in out]


def paragraph_no(doc: Doc, pos: int) -> int:
    """Which body paragraph ``pos`` is in (-1 in the title)."""
    paragraphs, starts = paragraph_bounds(doc)
    n = bisect.bisect_right(starts, pos) - 1
    return n if n >= 0 and paragraphs[n][0] <= pos <= paragraphs[n][1] else -1


def planned_list_paragraphs(doc: Doc) -> set[int]:
    """Short list items under a "... yang akan dilakukan antara lain:" line."""
    r = event_rules()
    planned: set[int] = set()
    in_list = False
    for n, (start, end) in enumerate(body_paragraphs(doc)):
        line = doc.text[start:end].strip()
        if in_list and len(line.split()) <= 25:
            planned.add(n)
            continue
        in_list = line.endswith(":") and bool(r.not_happened.search(line))
    return planned


def lead_end_of(doc: Doc) -> int:
    """End of the lead: the title and the first two body paragraphs, not counting short
    lines that report nothing ("Diterbitkan: Jumat, 22 November 2024", a stamp line)."""
    paragraphs = body_paragraphs(doc)
    if not paragraphs:
        return len(doc.text)
    full = [p for p in paragraphs if len(doc.text[p[0]:p[1]].split()) >= _LEAD_MIN_WORDS]
    counted = full or paragraphs
    return counted[min(1, len(counted) - 1)][1]


# A paragraph shorter than this is a stamp, a byline or a dateline, not part of the lead.
_LEAD_MIN_WORDS = 8


_STARTS: dict[int, tuple] = {}


def sentence_of(doc: Doc, pos: int) -> int:
    hit = _STARTS.get(id(doc.sentences))
    if hit is None or hit[0] is not doc.sentences:  # one doc's starts kept: bisect, not a scan
        _STARTS.clear()
        hit = _STARTS[id(doc.sentences)] = (doc.sentences, [s.start for s in doc.sentences])
    i = bisect.bisect_right(hit[1], pos) - 1
    return i if i >= 0 and pos < doc.sentences[i].end else 0


def span_finder(spans: list[Sentence]):
    """A lookup of the span holding a position (None between spans), by bisect."""
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]

    def span_at(pos: int) -> Sentence | None:
        k = bisect.bisect_right(starts, pos) - 1
        return ordered[k] if k >= 0 and pos < ordered[k].end else None

    return span_at


_QUOTES: dict[int, tuple] = {}


def quote_finder(doc: Doc):
    """Whether a position lies inside a quotation (“...” or "..." within one paragraph)."""
    hit = _QUOTES.get(id(doc.article))
    if hit is None or hit[0] is not doc.article:
        spans = []
        for m in re.finditer(r"“[^”\n]*”?|\"[^\"\n]*\"?", doc.text):
            spans.append((m.start(), m.end()))
        _QUOTES.clear()
        hit = _QUOTES[id(doc.article)] = (doc.article, spans, [a for a, _ in spans])
    _, spans, starts = hit

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and spans[k][0] < pos < spans[k][1]

    return inside


# A unit set right after its subordinate unit names where that unit belongs ("Polsek
