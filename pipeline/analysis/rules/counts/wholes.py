"""Round 8b (counts v12): a whole told by its shape rather than by its words.

- ``table_totals``: a table rendered as text ("Kecamatan | TPS | DPT" ... "Jumlah | 1.204 | 301.560"):
  the total row's cells are the totals of the columns the header names.
- ``sum_of_parts``: every total of a kind adds up to a figure of that kind stated as a candidate
  ("214 TPS di Kecamatan A ... 128 TPS di Kecamatan B ... di dua kecamatan ini ada 342 TPS"):
  that figure is the whole, its parts a breakdown.
- ``other_sense``: "TPS" spelt out as a waste site ("tempat pembuangan sampah sementara (TPS)"):
  no polling station is counted.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.analysis.rules.counts.levels import level_word
from pipeline.analysis.rules.counts.lexicon import Figure, Lexicon, parse_number
from pipeline.records import Doc

_ROW = re.compile(r"^[^\n|]*(?:\|[^\n|]*)+$", re.MULTILINE)
_TOTAL_ROW = re.compile(r"\s*(?:jumlah|total)(?:\s+(?:keseluruhan|seluruhnya|akhir))?\s*:?\s*$", re.IGNORECASE)
_CELL_NUMBER = re.compile(r"\s*(?P<digits>\d{1,3}(?:\.\d{3})+|\d+)\s*$")


def _cells(line: str, start: int) -> list[tuple[str, int]]:
    """A table row's cells with the offset each starts at."""
    out, at = [], start
    for cell in line.split("|"):
        out.append((cell, at))
        at += len(cell) + 1
    return out


def _column_kind(lex: Lexicon, header: str) -> str | None:
    """The kind a header cell names: "TPS", "Jumlah TPS", "DPT", "Jumlah DPT" (a header naming
    both, or anything else, is no column of a kind)."""
    words = header.strip().lower()
    words = re.sub(r"^(?:jumlah|total)\s+", "", words)
    return lex.term_kind.get(" ".join(words.split()))


def table_totals(lex: Lexicon, doc: Doc) -> list[Figure]:
    """The total row of a text table whose header names TPS or DPT columns: one figure per column."""
    text = doc.text
    rows = list(_ROW.finditer(text))
    figures: list[Figure] = []
    for i, row in enumerate(rows):
        cells = _cells(row.group(), row.start())
        # v13: the label is the row's first cell with text; cells before it are empty ("| | Jumlah |
        # 585 | 168.392 |" under "| No | Kecamatan | TPS | DPT |": the number column left blank)
        label = next((j for j, (cell, _) in enumerate(cells) if cell.strip()), None)
        if label is None or not _TOTAL_ROW.fullmatch(cells[label][0]):
            continue
        # the header is the first row of this table: rows run on line after line
        k = i
        while k > 0 and text[rows[k - 1].end():rows[k].start()] == "\n":
            k -= 1
        if k == i:
            continue
        header = _cells(rows[k].group(), rows[k].start())
        if len(header) != len(cells):
            continue
        for (name, _), (cell, at) in zip(header[label + 1:], cells[label + 1:]):
            kind = _column_kind(lex, name)
            m = _CELL_NUMBER.fullmatch(cell)
            if not kind or not m:
                continue
            value = parse_number(m.group("digits"), None, None, lex)
            if value:
                num = at + m.start("digits")
                figures.append(Figure(kind, value, num, at + m.end("digits"), num, 1.0))
    return figures


# reasons a stated whole may have had before its parts were seen: a described group ("ada 342 TPS
# yang logistiknya ...") or the areas it sums ("di dua kecamatan itu")
_WHOLE_REASONS = ("described_subset", "several_areas", "visited")


def sum_of_parts(figures: list[Figure]) -> list[Figure]:
    """A candidate equal to the sum of every total of its kind (two to four of them) is the whole:
    it becomes the total and they its breakdown."""
    out = list(figures)
    for kind in {f.kind for f in figures}:
        totals = [i for i, f in enumerate(out) if f.kind == kind and f.reason is None]
        values = sorted({out[i].value for i in totals})
        if not 2 <= len(values) <= 4:
            continue
        whole = next((i for i, f in enumerate(out) if f.kind == kind and f.reason in _WHOLE_REASONS
                      and f.value == sum(values)), None)
        if whole is None:
            continue
        out[whole] = replace(out[whole], reason=None, flags=out[whole].flags + ("sum_of_parts",))
        for i in totals:
            out[i] = replace(out[i], reason="breakdown")
    return out


_WASTE_SENSE = re.compile(
    r"(?<!\w)(?:tempat\s+pembuangan\s+(?:sampah|akhir)|TPS\s*(?:sampah|liar)|TPS\s*3R|TPST)(?!\w)", re.IGNORECASE)
_WASTE = re.compile(r"(?<!\w)sampah(?!\w)", re.IGNORECASE)
_VOTE = re.compile(r"(?<!\w)(?:pemilu|pilkada|pilkades|pemungutan\s+suara|pemilih|coblos\w*|KPU|KPPS|DPT)(?!\w)",
                   re.IGNORECASE)


def other_sense(doc: Doc, sentences, figures: list[Figure]) -> list[Figure]:
    """TPS figures in an article that spells TPS out as a waste site (and names no vote in the
    figure's sentence), or in a sentence about waste: reason "other_sense"."""
    text = doc.text
    waste_article = bool(_WASTE_SENSE.search(text))
    out = []
    for f in figures:
        if f.kind == "tps" and f.reason is None:
            lo, hi = sentences.at(f.start)
            if (waste_article and not _VOTE.search(text, lo, hi)) or (
                    _WASTE.search(text, lo, hi) and not _VOTE.search(text, lo, hi)):
                f = replace(f, reason="other_sense")
        out.append(f)
    return out


def village_stations(lex: Lexicon, doc: Doc, figures: list[Figure]) -> list[Figure]:
    """v12: in a report whose title names one village's Pilkades (and no simultaneous vote), a small
    TPS figure is that village's stations ("Enam TPS Dijaga Ketat"), not a handful named: the
    "small_figure" refusal does not hold there (a village votes at a few stations)."""
    title = doc.text[:doc.article.body_offset]
    # "Kawal Pilkades Sungai Pinang", "Pilkades Desa Mekarsari": one village's vote named in a title
    if not lex.one_village_vote.search(title) or lex.several_villages.search(title) or lex.counted_villages.search(title):
        return figures
    return [replace(f, reason=None) if f.kind == "tps" and f.reason == "small_figure" and f.value >= 3 else f
            for f in figures]


_AREA_OFFICE = (r"Kapolsek|Polsek|PPK|PPD|Panwascam|Kecamatan|Distrik|Kapanewon|Kelurahan|Desa")
_NOT_AN_AREA = frozenset({
    "kapolsek", "polsek", "ppk", "ppd", "pps", "panwascam", "camat", "danramil", "koramil", "babinsa",
    "bhabinkamtibmas", "ketua", "kpu", "bawaslu", "kapolres", "polres", "bupati", "wakil", "tni", "linmas",
    "satpol", "warga", "tokoh", "personel", "anggota", "kpps", "pemdes", "kades", "lurah", "muspika"})
# "Kapolsek Paloh dan Sajingan Besar ...", "Pleno di Distrik Aimas dan Mariat", "Dua Kapolsek ...":
# a title about two areas of one level below a kabupaten
_TWO_AREAS = re.compile(
    rf"(?<!\w)(?P<lvl>{_AREA_OFFICE})\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+dan\s+(?:(?P=lvl)\s+)?(?P<next>[A-Z][\w'-]*)"
    rf"|(?<!\w)(?i:dua|kedua)\s+(?:{_AREA_OFFICE.lower()})(?!\w)"
    # v15: a handful of areas counted ("Pleno PPK di Tiga Kecamatan", "Cek Gudang di Empat Distrik")
    rf"|(?<!\w)(?i:tiga|empat|lima|[2-5])\s+(?:{_AREA_OFFICE.lower()}|ppd|pps|kelurahan)(?!\w)", re.IGNORECASE)


# a figure stated as a whole: "total DPT di 18 TPS itu", "secara keseluruhan ... 729 TPS", or spread
# over counted kecamatan (``lex.areas``: "1.622 TPS yang tersebar di 27 kecamatan", and the DPT
# in that sentence)
_WHOLE_BEFORE = re.compile(r"(?<!\w)(?:total|keseluruhan|seluruh|seluruhnya|semua)(?!\w)", re.IGNORECASE)


def _level_of(lex: Lexicon, word: str) -> int | None:
    """The level (2 kecamatan, 3 village) an area's level word or its body names: "Kecamatan",
    "Distrik", "Kapolsek", "PPK" 2; "Desa", "Kelurahan", "PPS" 3 (scope_levels, body_levels)."""
    level = level_word(lex, word)
    return level if level is not None else lex.body_levels.get(word.lower().rstrip("."))


def _counted_together(lex: Lexicon, text: str, lo: int, hi: int, levels: set[int]) -> bool:
    """The span counts two or more areas of the title's level together ("di lima desa tersebut",
    "ketiga kecamatan"; not "58 TPS dari tujuh desa" under two Kapolsek: one kecamatan's villages)."""
    return any(m.group().split()[0].lower() not in ("1", "satu") and _level_of(lex, m.group().split()[-1]) in levels
               for m in lex.counted_areas.finditer(text, lo, hi))


def few_areas(doc: Doc) -> list[re.Match]:
    """The title's mentions of two or a handful of areas of one level (empty: a report on one area)."""
    title = doc.text[:doc.article.body_offset]
    return [m for m in _TWO_AREAS.finditer(title)
            if m.group("next") is None or m.group("next").lower() not in _NOT_AN_AREA]


def two_areas(lex: Lexicon, doc: Doc, sentences, figures: list[Figure]) -> list[Figure]:
    """v12: a report whose title is about two areas of one level (two Polsek, two PPK, "Distrik A dan
    B"), each visited on its own: a figure stated for one of them is that area's, not the article's
    total (reason "one_of_areas"); a figure the parts add up to (``sum_of_parts``) stays, and so does
    one whose sentence counts the areas together (round 11: "17 TPS yang tersebar di empat desa
    tersebut", "di tiga desa itu ... 19 TPS" under "Pilkades di Empat Desa": their whole)."""
    pairs = few_areas(doc)
    if not pairs:
        return figures
    # v15: the level of the title's areas (two Kapolsek: kecamatan); a figure named for one area of it
    # is that area's ("Di Kecamatan Paloh ada 31 TPS" under "Kapolsek Paloh dan Sajingan Besar ...")
    levels = {level for m in pairs for w in re.findall(r"\w+", m.group(0))
              if (level := _level_of(lex, w)) is not None}
    text = doc.text
    out = []
    for f in figures:
        lo, hi = sentences.at(f.start)
        # (a figure named for another place is left to the subject's rules: "DPT Kabupaten X ...";
        # v15: one named for one of the title's areas is that area's: "Di Kecamatan Paloh ada 31 TPS")
        if (f.reason is None and "sum_of_parts" not in f.flags
                and (f.scope is None or _level_of(lex, f.scope.split()[0]) in levels)
                and not _WHOLE_BEFORE.search(text, lo, f.number) and not lex.areas.search(text, lo, hi)
                and not _counted_together(lex, text, lo, hi, levels)):
            f = replace(f, reason="one_of_areas")
        out.append(f)
    return out
