"""Quotations around a date: what a speaker says is not always what the article reports.

Shared by the date kinds (a planned date inside a quote is a schedule) and the relative
days of ``weekdays`` (a speaker's "kemarin" is not the article's).
"""

from __future__ import annotations


def quote_start(text: str, p_start: int, pos: int) -> int | None:
    """Where the quotation that ``pos`` stands in opens, within its paragraph."""
    segment = text[p_start:pos]
    opening, closing = segment.rfind("“"), segment.rfind("”")
    if opening > closing:
        return p_start + opening
    if segment.count('"') % 2:
        return p_start + segment.rfind('"')
    return None


def outside_quotes(before: str) -> str:
    """The text before a date less what closed quotations say ("“... nanti,” kata X, Senin";
    straight quotes too: '"... nanti," kata X, Senin')."""
    closing = before.rfind("”")
    if closing >= 0 and before.rfind("“") < closing:
        return before[closing + 1:]
    if before.count('"') >= 2 and before.count('"') % 2 == 0:
        return before[before.rfind('"') + 1:]
    return before


def closed_quote(segment: str) -> str:
    """What the quotation closed last in ``segment`` says ("" when none), curly or straight."""
    closing = segment.rfind("”")
    opening = segment.rfind("“", 0, closing) if closing >= 0 else -1
    if opening >= 0:
        return segment[opening + 1:closing]
    if segment.count('"') >= 2 and segment.count('"') % 2 == 0:
        closing = segment.rfind('"')
        return segment[segment.rfind('"', 0, closing) + 1:closing]
    return ""
