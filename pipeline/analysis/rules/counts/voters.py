"""Voters counted without the list's name that are the DPT, and the checks on them.

Part of the 'counts' family: ``listed_voters`` tells whether "N pemilih/orang" is the list as an
article names it (beside a TPS total in its clause, a village vote's "jumlah pemilih", "jumlah hak
pilih", the subject place's voters, several stations' voters, a participation share's base); the
other helpers read the clause around such a figure.
"""

from __future__ import annotations

import re

from pipeline.analysis import rules
from pipeline.analysis.rules.counts.lexicon import Lexicon, alternation
from pipeline.analysis.rules.counts.refusals import clause_start


def listed_voters(lex: Lexicon, text: str, m: re.Match, sentence, station_totals, headline: str) -> bool:
    """Voters named without the list's name that are the list (a weaker total, 0.7)."""
    return (_with_stations(lex, text, m, sentence, station_totals)
            or _village_vote(lex, text, m, sentence)
            # v9: "Jumlah hak pilih seluruhnya 298.604 orang"
            or bool(_RIGHTS_FRAME.search(text, max(sentence[0], m.start() - 50), m.start()))
            # v9: "Jumlah pemilih di Lampung Tengah 931.448 orang" (a place the title or lead names)
            or _subject_voters(text, m, sentence, headline)
            # v9: "Total pemilih untuk dua TPS ini 512 orang" (a PSU's stations)
            or bool(_STATIONS_VOTERS.search(text, max(sentence[0], m.start() - 60), m.start()))
            # v11: "Ditetapkan sebanyak 198.205 pemilih" in an article whose title or lead names the DPT
            or bool(_SET_BEFORE.search(text, max(sentence[0], m.start() - 40), m.start())
                    and names_dpt(lex, headline, 0, len(headline)))
            # v9: "partisipasi pemilih mencapai 81 persen dari 27.493 pemilih"
            or bool(_SHARE_BASE.search(text, max(sentence[0], m.start() - 30), m.start())
                    and _PARTICIPATION.search(text, sentence[0], m.start())))


def _clause(text: str, s_start: int, pos: int) -> str:
    return text[clause_start(text, s_start, pos):pos]


def names_dpt(lex: Lexicon, text: str, lo: int, hi: int) -> bool:
    return any(lex.term_kind[" ".join(t.group().split()).lower()] == "dpt" for t in lex.term.finditer(text, lo, hi))


def sourced_from_other(lex: Lexicon, text: str, end: int, s_end: int) -> bool:
    """Later in the voters figure's clause, its source is named as another list or the data a
    list is drawn from ("... pemilih di Kabupaten X berdasarkan hasil sinkronisasi")."""
    tail = text[end:min(s_end, end + 80)].split(",")[0]
    return any(_SOURCE_BEFORE.search(tail, 0, o.start()) for o in lex.other_list.finditer(tail))


_SOURCE_BEFORE = re.compile(r"(?<!\w)(?:berdasarkan|sesuai(?:\s+dengan)?|menurut)\s+(?:data\s+)?(?:hasil\s+)?$",
                            re.IGNORECASE)


def since_comma(text: str, s_start: int, pos: int) -> str:
    before = text[s_start:pos]
    return before[max((i + 1 for i, c in enumerate(before) if c in ",;:"), default=0):]


def _with_stations(lex: Lexicon, text: str, m: re.Match, sentence, station_totals) -> bool:
    """A TPS total stands in the voters figure's clause ("84 TPS dengan 24.106 pemilih", "21.780
    orang dan tersebar di 38 TPS", "4.812 pemilih ... akan mencoblos di 19 TPS")."""
    lo = clause_start(text, sentence[0], m.start())
    unit = (m.groupdict().get("unit") or "").lower()
    if unit != "pemilih" and not _VOTERS.search(text, lo, m.start()):
        return False  # "kebutuhan petugas mencapai 23.380 orang untuk 3.340 TPS" are officers
    return any(lo <= f.start and f.end <= sentence[1]
               and not _TURN_BETWEEN.search(text, min(f.end, m.end()), max(f.start, m.start()))
               for f in station_totals)


def of_part_stations(lex: Lexicon, text: str, m: re.Match, sentence, figures) -> bool:
    """The voters figure follows, in its clause, a TPS figure that counts a part (stations
    described, visited, where something happened) and no TPS total: those stations' voters
    ("Dari 1.800 TPS yang diawasi, 12 TPS tidak memasang DPT dengan 3.600 pemilih")."""
    lo = clause_start(text, sentence[0], m.start())
    near = [f for f in figures if f.kind == "tps" and lo <= f.start and f.end <= m.start()]
    return bool(near) and near[-1].reason in _PART_REASONS and not any(f.reason is None for f in near)


_PART_REASONS = {"subset", "described_subset", "incident", "visited"}
# An optional cue between a voters frame and its figure, the frame's end: counts.yml's `cues`, one
# source with the reading of totals (v11: the inline subset it replaced read the same on every gold
# set); the frames below share it.
_CUE = rf"(?:(?:{alternation(rules.load_data('counts')['cues'])})\s+)?$"
# v11: the list's size as the plenary set it ("Ditetapkan sebanyak 198.205 pemilih untuk Kota X")
_SET_BEFORE = re.compile(r"(?<!\w)(?:ditetapkan|menetapkan|tetapkan)\s+" + _CUE, re.IGNORECASE)
_VOTERS = re.compile(r"(?<!\w)(?:pemilih(?:nya)?|hak\s+pilih)(?!\w)", re.IGNORECASE)
# v9: the base of a participation share is the list ("81 persen dari 27.493 pemilih")
_SHARE_BASE = re.compile(r"(?:persen|%)\s+dari\s+(?:total\s+|jumlah\s+)?$", re.IGNORECASE)
_PARTICIPATION = re.compile(r"(?<!\w)(?:partisipasi|tingkat\s+kehadiran|kehadiran\s+pemilih)(?!\w)", re.IGNORECASE)
# v9: the voting rights counted ("jumlah hak pilih seluruhnya 298.604 orang", "dengan jumlah hak pilih
# 9.342 orang"): a village vote's list, as often named
_RIGHTS_FRAME = re.compile(
    r"(?<!\w)(?:jumlah|total)\s+hak\s+pilih(?:nya)?\s+(?:seluruhnya\s+|keseluruhan\s+)?"
    + _CUE, re.IGNORECASE)
_TURN_BETWEEN = re.compile(r"[;]|,\s*(?:sedangkan|sementara|namun|tetapi|tapi|kini|sekarang)\b", re.IGNORECASE)


def _subject_voters(text: str, m: re.Match, sentence, headline: str) -> bool:
    """Voters counted right after "jumlah/total pemilih (di)" and a place the title or lead names
    ("Jumlah pemilih di Lampung Tengah 931.448 orang", "jumlah pemilih Konut 41.235 orang"): the
    subject area's voters, the list as often named."""
    frame = _PLACE_VOTERS.search(text, max(sentence[0], m.start() - 60), m.start())
    if not frame:
        return False
    named = re.compile(rf"(?<!\w){re.escape(frame.group('name'))}(?!\w)")
    return any(not frame.start() <= n.start() < frame.end() for n in named.finditer(headline))


# v9: the voters of several stations referred back to ("Total pemilih untuk dua TPS ini 512 orang"):
# the DPT of the stations that are the article's subject, taken together (docs/gold.md)
_STATIONS_VOTERS = re.compile(
    r"(?<!\w)(?:jumlah|total)\s+pemilih(?:nya)?\s+(?:di|untuk|pada|dari)\s+(?:\d+|dua|tiga|empat|lima|enam|tujuh|"
    r"delapan|sembilan|sepuluh|kedua|ketiga|keempat|kelima|keenam)\s+TPS\s+(?:ini|itu|tersebut)\s+"
    + _CUE, re.IGNORECASE)
_PLACE_VOTERS = re.compile(
    r"(?<!\w)(?i:jumlah|total)\s+pemilih(?:nya)?\s+(?:di\s+|se-?)?(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})\s+"
    + _CUE)


def _village_vote(lex: Lexicon, text: str, m: re.Match, sentence) -> bool:
    """Voters counted right after "jumlah/total pemilih" in a sentence naming a village vote or
    villages counted ("Total pemilih dalam Pilkades serentak di Paser mencapai 61.204 orang",
    "jumlah pemilih di tujuh desa tersebut 41.366 orang"): a Pilkades's list, often unnamed."""
    clause = _clause(text, sentence[0], m.start())
    frame = lex.voters_frame.search(clause)
    return bool(frame and (lex.village_vote.search(text, *sentence)
                           or lex.counted_villages.search(clause, frame.end())))
