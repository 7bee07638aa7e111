"""Where a date stands on the page: its sentence and paragraph, captions, related links,
datelines and stamp lines.

Part of the 'dates' family: ``Layout`` looks up the sentence and paragraph around an offset;
``page_kind`` gives the kind a date takes from its line alone (a caption, a "Baca juga" link,
a dateline or a stamp dates no activity); ``stamp_date`` is a .txt article's publication stamp.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from pipeline.analysis.rules.dates.lexicon import Lexicon
from pipeline.analysis.rules.dates.stated import Stated, safe_date
from pipeline.records import Doc

# An all-capitals place and a comma opening the paragraph: the agency dateline.
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,40},\s*$")
# "Politik | Minggu, 08 Desember 2024 - 10:05 WITA | dibaca 874 kali": a page's stamp.
_STAMP_CLOCK = re.compile(r"\s*[-|–]\s*\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b")
_PLACE_STAMP = re.compile(r"^\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3},\s*$")
# "Rina Hartati · Senin, 4 Maret 2024 10:15": a byline, a separator, then the page's date and
# clock (its weekday may stand before the date) (dates 13)
_BYLINE_STAMP = re.compile(r"^\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,4}\s*[·•|]\s*(?:[A-Z][a-z]+\s*,\s*)?$")
# "Palu, 4 Maret 2024 — Polres ...": a place, a comma, the date and a dash opening the lead (dates 13)
_DASH_AFTER = re.compile(r"\s*(?:\([^)]{1,30}\)\s*)?[—–-]\s")
_CAPTION_TAIL = re.compile(r"\((?:foto|dok|ist)\b[^)]*\)\s*\.?$", re.IGNORECASE)


class Layout:
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


def is_stamp(lex: Lexicon, text: str, layout: Layout, s: Stated) -> bool:
    """The date is its line's only content, besides a clock time and punctuation."""
    p_start, p_end = layout.paragraph(s.start)
    rest = lex.clock.sub(" ", text[p_start:s.start] + " " + text[s.end:p_end])
    return s.year is not None and not re.search(r"[^\W\d_]", rest)


def stamp_date(lex: Lexicon, text: str, layout: Layout, stated: list[Stated]) -> date | None:
    """A .txt article's publication stamp: the first date standing alone on one of the
    first lines ("Jumat, 27 November 2020 09:20 WITA", "09/10/2024 14:20 WIT")."""
    first_lines = layout.paragraphs[:6]
    limit = first_lines[-1][1] if first_lines else 0
    for s in stated:
        if s.start > limit:
            break
        if is_stamp(lex, text, layout, s):
            return safe_date(s.year, s.month, s.day)
    return None


def opens_lead(text: str, layout: Layout, s: Stated) -> bool:
    """The date stands in the outlet's own dateline opening the lead, the place before it and
    the story after a dash ("SUMBAWA BESAR,Selasa (27/2/2024) - Personel ...", "PALU, 4 Maret
    2024 -"), not on a line of its own (a stamp) (dates 16)."""
    p_start, p_end = layout.paragraph(s.start)
    return (s.start < 400 and bool(re.search(r"[^\W\d_]", text[s.end:p_end]))
            and bool(_DATELINE.match(text[p_start:s.start]) or _PLACE_STAMP.match(text[p_start:s.start]))
            # (not an agency's line, "ISTANBUL, 23 Februari 2016 (Antara) -": a story filed from
            # elsewhere, of any earlier day)
            and bool(_OWN_DASH.match(text, s.end)))


_OWN_DASH = re.compile(r"\s*[—–-]\s")


def page_kind(lex: Lexicon, text: str, layout: Layout, s: Stated) -> str | None:
    """"caption", "other" (a related link) or "report" (a dateline or a stamp) when the date's
    line alone decides its kind; None when its words must."""
    p_start, p_end = layout.paragraph(s.start)
    paragraph = text[p_start:p_end].lower()
    if paragraph.startswith(lex.caption_starts) or _CAPTION_TAIL.search(paragraph):
        return "caption"
    if paragraph.startswith(lex.related_starts):
        return "other"
    if (_DATELINE.match(text[p_start:s.start]) or is_stamp(lex, text, layout, s)
            # "Amurang, 8 Desember 2015" alone on a line (a sign-off): the report's place and day
            or (_PLACE_STAMP.match(text[p_start:s.start]) and not text[s.end:p_end].strip(" ."))
            or (s.start < 400 and _STAMP_CLOCK.match(text, s.end))
            or (s.year is not None and _BYLINE_STAMP.match(text[p_start:s.start])
                and not re.search(r"[^\W\d_]", lex.clock.sub(" ", text[s.end:p_end])))
            or (s.year is not None and s.start < 400 and _PLACE_STAMP.match(text[p_start:s.start])
                and _DASH_AFTER.match(text, s.end))):
        # "ISTANBUL, 23 Februari 2016 (Antara) -" and a line that is only a date (and its
        # time: "Jumat, 27 November 2020 09:20 WITA") date the report
        return "report"
    return None
