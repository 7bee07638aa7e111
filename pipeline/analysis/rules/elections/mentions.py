"""Every place the text names an election: its type, year, region, and whether it is past."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from pipeline.records import Doc
from pipeline.analysis.rules.elections.lexicon import Lexicon, Mention
from pipeline.analysis.rules.elections.ballots import unheld
from pipeline.analysis.rules.elections.offices import elliptic, national, regional
from pipeline.analysis.rules.elections.regions import tail


def _hypothetical(lex: Lexicon, text: str, start: int, end: int, s_start: int, s_end: int) -> bool:
    before = text[max(s_start, start - lex.before):start]
    after = text[end:min(s_end, end + lex.after)]
    return bool(lex.hypothetical.search(before) or lex.hypothetical.search(after))


def year_published(doc: Doc) -> int | None:
    value = doc.article.published
    if value and str(value)[:4].isdigit():
        return int(str(value)[:4])
    return None


def find_mentions(lex: Lexicon, doc: Doc, places) -> list[Mention]:
    text = doc.text
    bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    starts = [b[0] for b in bounds]
    published_year = year_published(doc)
    mentions = []
    for m in lex.mention.finditer(text):
        surface = " ".join(m.group().split()).lower()
        etype = lex.types.get(surface) or lex.types.get(m.group())
        if etype is None:
            continue
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        s_start, s_end = bounds[i]
        limit = max(s_end, m.end())
        end = m.end()
        if (etype in lex.loose_types and "wakil" not in surface
                and (loose := lex.loose_after.match(text, end, limit))):
            # "pemilihan bupati dan wali kota", "pemilihan gubernur, bupati, dan wali kota":
            # several offices described loosely are the Pilkada that elects them
            etype, end = lex.umbrella, loose.end()
        if etype in lex.hypothetical_types and _hypothetical(lex, text, m.start(), m.end(), s_start, s_end):
            continue
        if lex.negated.search(text, max(s_start, m.start() - 30), m.start()):
            continue  # "Pilkada 2024 hanya memilih bupati dan wali kota, tanpa pemilihan gubernur"
        year, region, end = tail(lex, text, end, limit, places)
        past = bool(
            lex.past.match(text, end, min(limit, end + 40))
            # "DPT Pilgub Jatim Juni lalu": a region the tail did not take, then the cue
            or ((region_run := _REGION_RUN.match(text, end, limit)) is not None
                and lex.past.match(text, region_run.end(), min(limit, region_run.end() + 40)) is not None)
            or lex.past_before.search(text, max(s_start, m.start() - 60), m.start())
            or lex.ahead_before.search(text, max(s_start, m.start() - 60), m.start())
            or (year is not None and published_year is not None
                and year <= published_year - lex.stale_years)
        )
        mentions.append(Mention(etype, m.start(), end, i, year, region, " " in surface, past))
    mentions += elliptic(lex, doc, places, bounds, starts, mentions)
    mentions += national(lex, text, starts, mentions)
    mentions += regional(text, starts, mentions)
    # "surat suara Pilpres belum ada": ballots said not to be there name no contest (elections 13)
    mentions = unheld(text, bounds, starts, mentions)
    return _psu_years(text, sorted(mentions, key=lambda m: m.start))


# one or two capitalised words (a region written short: "Jatim", "Sulawesi Selatan")
_REGION_RUN = re.compile(r"\s+[A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+)?(?=\s)")


def _psu_years(text: str, mentions: list[Mention]) -> list[Mention]:
    """"PSU Pemilu 2024": a re-vote takes the year of the election it repeats."""
    out = list(mentions)
    for k, m in enumerate(out):
        if m.type == "PSU" and m.year is None and k + 1 < len(out):
            nxt = out[k + 1]
            if nxt.year is not None and not text[m.end:nxt.start].strip(" ()"):
                out[k] = replace(m, year=nxt.year)
    return out
