"""Clock times ("pukul 10.00 WIB") given to the date stated in their sentence."""

from __future__ import annotations

import re

from pipeline.analysis.rules.dates.layout import Layout
from pipeline.analysis.rules.dates.lexicon import Lexicon
from pipeline.analysis.rules.dates.stated import Found


def clock_time(m: re.Match) -> str | None:
    hour = int(m.group("h") or m.group("h2"))
    minute = int(m.group("mi") or m.group("mi2") or 0)
    pod = (m.group("pod") or "").lower()
    if pod in ("sore", "petang", "malam") and 3 <= hour < 12:
        hour += 12
    elif pod == "siang" and hour < 5:
        hour += 12
    if hour > 24 or minute > 59:
        return None
    return f"{hour % 24:02d}:{minute:02d}"


def attach_times(lex: Lexicon, text: str, layout: Layout, found: list[Found]) -> None:
    """Give each date the clock time stated in its sentence (or its one-date paragraph)."""
    spans = [(f.stated.start, f.stated.end) for f in found]
    for m in lex.clock.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        time = clock_time(m)
        if time is None:
            continue
        sentence = layout.sentence(m.start())
        same = [f for f in found if layout.sentence(f.stated.start) == sentence]
        if not same:
            paragraph = layout.paragraph(m.start())
            same = [f for f in found if layout.paragraph(f.stated.start) == paragraph]
            if len({f.stated.start for f in same}) != 1:
                continue
        target = min(same, key=lambda f: (abs(f.stated.start - m.start()), f.stated.start > m.start()))
        if target.time is None:
            for f in found:  # both ends of a range share the span
                if f.stated.start == target.stated.start and f.time is None:
                    f.time = time
