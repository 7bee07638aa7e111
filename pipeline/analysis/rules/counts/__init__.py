"""Rule family 'counts': totals of polling stations (TPS) and final-list voters (DPT).

The terms, cue words, subset words and examples live in ``data/counts.yml``; its
description is the reference for what counts as a total and how its scope is chosen.
The package: ``lexicon`` (the YAML compiled, number parsing), ``refusals`` (why a figure
is only a candidate), ``subject`` (a total's scope against the article's subject places);
this module finds the figures, gives them scopes and ranks the totals.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from pipeline.analysis import rules
from pipeline.analysis.rules.counts.lexicon import (
    DIGITS, YEARS, Figure, Lexicon, load_lexicon, parse_number, parse_number_words, place_name,
)
from pipeline.analysis.rules.counts.refusals import (
    anaphoric_list, anaphoric_subset, clause_start, past_then, refusal, turnout,
)
from pipeline.analysis.rules.counts.subject import against_subject, codes_by_name, scope_level
from pipeline.analysis.rules.counts import agreement, wholes
from pipeline.analysis.rules.counts.voters import (
    listed_voters, names_dpt, of_part_stations, since_comma, sourced_from_other,
)
from pipeline.records import Count, Doc

__all__ = ["NAME", "VERSION", "extract", "is_total", "parse_number", "parse_number_words"]

NAME = "counts"
VERSION = 16
# Candidates (figures that are not totals) are kept, with their reason, at this confidence.
CANDIDATE_CONFIDENCE = 0.3


class Sentences:
    """A document's sentence bounds, looked up by offset."""

    def __init__(self, doc: Doc):
        self.bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        self.starts = [b[0] for b in self.bounds]

    def at(self, pos: int) -> tuple[int, int]:
        return self.bounds[max(0, bisect.bisect_right(self.starts, pos) - 1)]

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)


# "Hingga pukul 13.00": a count so far (not "TPS dibuka pukul 07.00 untuk 412 pemilih")
_CLOCK = re.compile(r"(?<!\w)(?:hingga|sampai|per)\s+(?:dengan\s+)?pukul\s+\d", re.IGNORECASE)


def _rounded(m: re.Match) -> tuple[str, ...]:
    """("rounded",) for a number before "juta"/"ribu" ("28,4 juta", v9: "60 ribu TPS")."""
    return ("rounded",) if m.group("mult") and (m.group("digits") or "").strip() else ()


def _stated(m: re.Match) -> float:
    """How exactly a figure is written: digits 1.0; number words or a number before
    "juta"/"ribu" ("28,4 juta", "60 ribu", a headline's figure) 0.9, so an exact figure wins."""
    rounded = m.group("mult") and (m.group("digits") or "").strip()
    return 0.9 if m.group("words") or rounded else 1.0


def _is_year(lex: Lexicon, text: str, m: re.Match) -> bool:
    digits = m.group("digits")
    if not digits or not digits.isdigit() or not 1900 <= int(digits) <= 2100:
        return False
    at = m.start("digits")  # v9: the words before the number, not before a frame ("Jumlah TPS Pilkada 2024")
    previous = text[max(0, at - 20):at].split()
    return bool(previous) and (previous[-1].lower() in lex.year_words or previous[-1].lower() in _MONTHS)


# v9: a month before a year ("pada September 2018 DPT Kuningan berjumlah ...") makes it a year
_MONTHS = frozenset({"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                     "september", "oktober", "november", "desember"})


def _scope(lex: Lexicon, text: str, start: int, end: int, sentence, places) -> str | None:
    """The place a figure is for: named right after it, else the nearest before its number."""
    s_start, s_end = sentence
    if (m := lex.place_after.match(text, end, s_end)) and (name := place_name(lex, m)):
        return name
    s_start = clause_start(text, s_start, start)  # "..., sedangkan Surabaya sebanyak ..."
    nationals = list(lex.national.finditer(text, s_start, start))
    places_before = list(lex.place.finditer(text, s_start, start))
    if (nationals and not (places_before and places_before[-1].start() > nationals[-1].start())
            or lex.national.search(text[end:min(s_end, end + 30)].split(",")[0])):
        return NATIONAL  # "Secara nasional, KPU menetapkan 820.161 TPS"; not "KPU RI ... Kabupaten X 612 TPS"
    if lex.village_after.match(text, end, s_end):
        villages = [n for m in lex.place.finditer(text, 0, start)
                    if lex.levels.get(m.group("lvl").lower().rstrip(".")) == 3
                    and (n := place_name(lex, m))]
        if villages:
            return villages[-1]  # "1.306 pemilih terdaftar di DPT desa itu": the village named last
    refs = list(lex.village_before.finditer(text, s_start, start))  # "Di desa itu, panitia ... 4 TPS"
    if refs and not any(p.start() > refs[-1].start() for p in places_before):
        villages = [n for m in lex.place.finditer(text, 0, refs[-1].start())
                    if lex.levels.get(m.group("lvl").lower().rstrip(".")) == 3
                    and (n := place_name(lex, m))]
        if villages:
            return villages[-1]
    kept = [m for m in places_before if place_name(lex, m)
            and not _whereabouts(lex, text, s_start, m.start(), m.end(), start)]
    if kept:
        if (len(kept) >= 2 and _LOCATOR_GAP.fullmatch(text, kept[-2].end(), kept[-1].start())
                and _level(lex, kept[-2]) > _level(lex, kept[-1])):
            # v9: "Di Desa Kanie, Kecamatan Maritengngae, terdapat 3 TPS": the coarser place is the
            # finer one's address; the figure is the finer place's
            return place_name(lex, kept[-2])
        return place_name(lex, kept[-1])
    known = [p for p in places if s_start <= p.start and p.end <= start
             and not _whereabouts(lex, text, s_start, p.start, p.end, start)]
    if known:
        p = max(known, key=lambda p: p.end)
        contests = {m.group("name") for m in lex.office.finditer(text, s_start, start)}
        if len(contests) > 1 and p.name.split()[0] in contests:
            return None  # "Bupati Poso serta Gubernur Sulawesi Tengah ... di 987 TPS"
        return text[p.start:p.end]
    return None


_LOCATOR_GAP = re.compile(r"\s*,\s*")


def _level(lex: Lexicon, m: re.Match) -> int:
    return lex.levels.get(m.group("lvl").lower().rstrip("."), -1)


def _whereabouts(lex: Lexicon, text: str, s_start: int, lo: int, hi: int, start: int) -> bool:
    """The place is where the speaker went, not the figure's area: "Bupati, yang meninjau TPS
    di Desa Baturusa, menyebut total DPT Pilkades serentak mencapai 48.360 pemilih"."""
    return bool(_REPORTING.search(text, hi, start)
                and lex.refuse_before["visited"].search(text, max(s_start, lo - 40), lo))


_REPORTING = re.compile(
    r"(?<!\w)(?:menyebut(?:kan)?|mengatakan|menjelaskan|menyampaikan|mengungkapkan|menuturkan|"
    r"menerangkan|memaparkan|melaporkan|menegaskan)(?!\w)", re.IGNORECASE)


def _figures(lex: Lexicon, doc: Doc) -> list[Figure]:
    text = doc.text
    sentences = Sentences(doc)
    claimed: set[int] = set()
    figures: list[Figure] = []

    # "63 TPS": number, optional unit, term.
    for m in lex.number_then_term.finditer(text):
        claimed.add(m.start())
        kind = lex.term_kind[" ".join(m.group("term").split()).lower()]
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        sentence = sentences.at(m.start())
        if not value or _is_year(lex, text, m):
            continue
        reason = refusal(lex, text, kind, value, m.start(), m.end(), sentence, cue=False)
        figures.append(Figure(kind, value, m.start(), m.end(), m.start(),
                               _stated(m), reason=reason, flags=_rounded(m)))

    # "DPT sejumlah 18452": term, a gap without other numbers or terms, cue, number.
    for t in lex.term.finditer(text):
        m = lex.after_term.match(text, t.end())
        if not m or m.start("digits" if m.group("digits") else "words") in claimed:
            continue
        num_start = m.start("digits" if m.group("digits") else "words")
        kind = lex.term_kind[" ".join(t.group().split()).lower()]
        gap = m.group("gap")
        unit = (m.group("unit") or "").lower()
        if (DIGITS.search(YEARS.sub("", gap)) or lex.term.search(gap)
                or lex.unit_kind.get(unit, kind) != kind
                or kind == "tps" and lex.voters_gap.search(gap)):  # "61 TPS dengan pemilih sebanyak 13.400"
            continue  # "TPS 05 sebanyak 300 pemilih" counts voters at one station
        if not unit and lex.foreign.match(text, m.end()):
            continue  # "untuk satu TPS sebanyak 5 kotak suara" counts boxes
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        if not value:
            continue
        sentence = sentences.at(t.start())
        reason = "subset" if lex.subset_after.search(gap) or _EACH_BEFORE.search(
            text, max(sentence[0], t.start() - 20), t.start()) else refusal(
            lex, text, kind, value, num_start, m.end(), sentence, cue=True)  # v9: "setiap TPS sebesar 23.684"
        claimed.add(num_start)
        figures.append(Figure(kind, value, t.start(), m.end(), num_start,
                               _stated(m), reason=reason, flags=_rounded(m)))

    # "jumlah TPS di Distrik Abepura 143": the term's size right after "jumlah", no cue; v8 (dev8):
    # "TPS kita 2.029", the speaker's own stations.
    for m in lex.framed_term.finditer(text):
        num_start = m.start("digits" if m.group("digits") else "words")
        kind = lex.term_kind[" ".join(m.group("term").split()).lower()]
        unit = (m.group("unit") or "").lower()
        if num_start in claimed or lex.unit_kind.get(unit, kind) != kind:
            continue
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        if not value or _is_year(lex, text, m):
            continue
        if not m.group("frame") and not (m.group("own") and value >= lex.small_tps):
            continue  # "TPS kita 2.029" (a speaker's own stations counted) needs no frame
        sentence = sentences.at(m.start())
        if not m.group("frame") and m.group("own").lower().endswith("nya") and not any(
                f.kind != kind and sentence[0] <= f.start < m.start() for f in figures):
            continue  # v11: "DPT kita 230.114 orang ..., dan TPS-nya 715" pairs with the other kind's
            # total; alone, "karena TPS-nya 198" is some place's, said in passing
        reason = refusal(lex, text, kind, value, num_start, m.end(), sentence, cue=True)
        claimed.add(num_start)
        figures.append(Figure(kind, value, m.start("term"), m.end(), num_start, _stated(m),
                               reason=reason, flags=_rounded(m)))

    # "Total pemilih 412.000, terdiri dari DPT 400.100, DPTb 8.900 dan DPK 3.000": a list's item;
    # v13: "Pengguna hak pilih 412.300 dari DPT 651.020": the base a part is taken from
    for m in lex.listed_term.finditer(text):
        num_start = m.start("digits")
        kind = lex.term_kind[" ".join(m.group("term").split()).lower()]
        sentence = sentences.at(m.start())
        if num_start in claimed or not (lex.breakdown_after.search(
                text, max(sentence[0], m.start() - 40), m.start())
                or lex.base_before.search(text, max(sentence[0], m.start() - 20), m.start())
                and not YEARS.fullmatch(m.group("digits"))):  # "data dari DPT 2019," is a year's list
            continue
        value = parse_number(m.group("digits"), None, m.group("mult"), lex)
        if not value or _is_year(lex, text, m):
            continue
        reason = refusal(lex, text, kind, value, num_start, m.end(), sentence, cue=True)
        claimed.add(num_start)
        figures.append(Figure(kind, value, m.start("term"), m.end(), num_start, 1.0,
                               reason=reason, flags=_rounded(m)))

    # v12: "Jumlah | 1.204 | 301.560" under a header "Kecamatan | TPS | DPT": a text table's total row
    for f in wholes.table_totals(lex, doc):
        if f.number not in claimed:
            claimed.add(f.number)
            figures.append(f)

    # "1,2 juta pemilih" in a sentence about the DPT; voters counted without the DPT
    # ("jumlah pemilih 6.218 orang") stay candidates.
    voters = [m for m in lex.voters.finditer(text)]
    # "... dengan total pemilih 3.431.582": voters counted right after "total/jumlah pemilih"
    voters += [m for m in lex.voters_framed.finditer(text)
               if lex.dpt_context.search(text, *sentences.at(m.start()))]
    voters += list(lex.in_list.finditer(text))  # "398.289 dalam daftar pemilih tetap"
    special_title = bool(lex.special_title.search(doc.article.title or ""))
    lead_end = text.find("\n\n", doc.article.body_offset)
    headline = text[:len(text) if lead_end < 0 else lead_end]  # the title and the lead paragraph
    station_totals = [f for f in figures if f.kind == "tps" and f.reason is None]
    for m in voters:
        if m.start() in claimed:
            continue
        sentence = sentences.at(m.start())
        about_dpt = lex.dpt_context.search(text, *sentence)
        # "Di Batang Toru terdapat 84 TPS dengan 24.106 pemilih", "Total pemilih dalam Pilkades
        # serentak di Paser mencapai 61.204 orang": the voters of the stations or villages that
        # vote, named without the list's name (a weaker total than one named with it)
        listed = not about_dpt and listed_voters(lex, text, m, sentence, station_totals, headline)
        if not about_dpt and not listed and not lex.voters_context.search(text, *sentence):
            continue
        if lex.people.match(text, m.end()):
            continue  # "tiga orang komisioner" at a DPT plenary are people, not voters
        weak = (m.groupdict().get("unit") or "").lower() in ("orang", "warga")
        if weak and lex.attendance.search(text, max(sentence[0], m.start() - 30), m.start()):
            continue  # "pleno DPT dihadiri 40 orang undangan" are people, not voters
        value = parse_number(m.group("digits"), m.group("words"), m.group("mult"), lex)
        if not value or _is_year(lex, text, m):
            continue
        reason = refusal(lex, text, "dpt", value, m.start(), m.end(), sentence, cue=False)
        others = list(lex.other_list.finditer(text, max(sentence[0], m.start() - 60), m.start()))
        if not reason and others and not names_dpt(lex, text, others[-1].end(), m.start()):
            reason = "other_list"  # "DPS yang berjumlah 96.540 pemilih sebelum menjadi DPT"; not
            # "DPS sebanyak 310.000 pemilih, setelah perbaikan menjadi DPT 305.000 pemilih"
        if not reason and lex.other_list_after.match(text, m.end(), sentence[1]):
            reason = "other_list"  # "tujuh TPS dengan 3.112 pemilih dalam DPS"
        if not reason and sourced_from_other(lex, text, m.end(), sentence[1]):
            reason = "other_list"  # v9: "310.400 pemilih di Kabupaten X berdasarkan hasil sinkronisasi"
        if not reason and (b := lex.breakdown_after.search(text, m.end(), min(sentence[1], m.end() + 40))) \
                and lex.partial_list.search(text, b.end(), sentence[1]):
            reason = "other_list"  # "412.750 warga ... dengan rincian 398.289 dalam DPT, 4.860 dalam DPTb"
        if not reason and not special_title and lex.special_after.match(text, m.end(), sentence[1]):
            reason = "subset"  # "6.218 pemilih terdaftar di 17 TPS lokasi khusus": those stations' voters
        if not reason and turnout(lex, text, m.start(), m.end(), sentence):
            reason = "turnout"  # "180.000 pemilih menggunakan hak pilih" turned out
        if not reason and lex.struck_after.match(text, m.end(), sentence[1]):
            reason = "subset"  # "ada 3.315 pemilih yang kami coret": struck from the list
        if not reason and lex.voter_group.search(since_comma(text, sentence[0], m.start())):
            reason = "subset"  # "pemilih pemula sebanyak 12.400 orang tersebar di 512 TPS"
        if not reason and of_part_stations(lex, text, m, sentence, figures):
            reason = "subset"  # "12 TPS tidak memasang DPT dengan 3.600 pemilih": those stations' voters
        if not reason and listed and _CLOCK.search(text, sentence[0], m.start()):
            reason = "progress"  # v10: "Hingga pukul 13.00, jumlah pemilih X mencapai 80.000 orang": the count so far
        if not reason and not about_dpt and not listed:
            reason = "voters_not_dpt"
        figures.append(Figure("dpt", value, m.start(), m.end(), m.start(),
                               min(0.7 if listed else 0.8, _stated(m) - 0.1), reason=reason,
                               flags=_rounded(m)))
    years = [int(m.group("year")) for m in lex.election_year.finditer(text)]
    # an article of 2024 (published, else its first date) that names "Pemilu 2019" beside a
    # figure tells last time's
    now = _article_year(doc)
    latest = max(years + ([now] if now else []), default=None)
    past_kinds = _past_kinds(lex, doc)
    national_before = _national_before_local(doc, now)
    body = doc.article.body_offset
    lead_end = text.find("\n\n", body)
    lead = text[:len(text) if lead_end < 0 else lead_end]  # the title and the lead paragraph
    out = []
    for f in figures:  # "TPS yang berada dekat rumah sakit. Jumlahnya mencapai 47 TPS."
        i = sentences.index(f.start)
        if f.reason in (None, "past_figure") and latest and (
                year := _earlier_election(lex, text, latest, sentences.bounds[i][0], f.number)):
            # "Adapun pada Pilkada 2018 DPT ... di 9.900 TPS"; an election two years or more before
            # the article's own ("Pilkada 2015" in a report of 2020) is never its current figure
            f = replace(f, reason="past_figure",
                        flags=f.flags + (("long_past",) if now and year <= now - 2 else ()))
        if f.reason in (None, "past_figure") and _YEARS_AGO.search(
                text, clause_start(text, sentences.bounds[i][0], f.number), f.number):
            # "Pada Pilkades serentak enam tahun lalu, total pemilih tercatat 55.000 orang"
            f = replace(f, reason="past_figure", flags=f.flags + ("long_past",))
        if f.reason in (None, "past_figure") and national_before and (
                _NATIONAL.search(text, max([clause_start(text, sentences.bounds[i][0], f.number)]
                                           + [b.end() for b in _BECAME.finditer(
                                               text, sentences.bounds[i][0], f.number)]), f.number)
                or _ON_NATIONAL.match(text[f.end:_clause_end(text, f.end, sentences.bounds[i][1])])):
            # "Pada Pemilu 2024, KPU menetapkan 540 TPS" in a report on that year's Pilkada: the
            # February vote's figure, never the Pilkada's (v9)
            f = replace(f, reason="past_figure", flags=f.flags + ("long_past",))
        if f.reason is None and past_kinds and any(
                p.search(text, clause_start(text, sentences.bounds[i][0], f.number), f.number)
                for p in past_kinds):
            f = replace(f, reason="past_figure")  # "..., sedangkan saat pileg terdapat 1.329 TPS"
        if f.reason is None and (area := _POLSEK_AREA.search(
                text, max(sentences.bounds[i][0], f.number - 120), f.number)) and not re.search(
                rf"(?<!\w){re.escape(area.group('name'))}(?!\w)", lead, re.IGNORECASE):
            # "Sementara itu, Kapolsek X mengatakan, di wilayah hukum Polsek X ada 109 TPS" in a
            # Polres's report: one Polsek's area, a part (unless the title or lead is about that Polsek)
            f = replace(f, reason="subset")
        previous = sentences.bounds[i - 1] if i else None
        if f.reason is None and anaphoric_subset(lex, text, sentences.bounds[i], previous):
            f = replace(f, reason="subset")
        if f.reason is None and past_then(lex, text, sentences.bounds[i], previous):
            f = replace(f, reason="past_figure")  # "Dibanding Pemilu 2019, ... . Saat itu ada 1.950 TPS."
        if f.reason is None and lex.ranked.search(text, clause_start(text, sentences.bounds[i][0], f.number), f.number):
            f = replace(f, flags=f.flags + ("ranked",))  # "TPS terbanyak berada di Kecamatan X dengan 600 TPS"
        if (f.reason is None and f.kind == "tps" and previous
                and anaphoric_list(lex, text, sentences.bounds[i], previous)):
            f = replace(f, reason="other_list")  # "... DPTb sebanyak 18.420 pemilih. Itu tersebar di 3.917 TPS."
        out.append(f)
    # "Pada Pemilu lalu DPT Lebong 80.010 pemilih. Kini DPT mencapai 86.120 pemilih.": a figure
    # whose next sentence opens with "Kini/Sekarang/Saat ini" and states one of its kind is the old one
    for i, f in enumerate(out):
        k = sentences.index(f.start) + 1
        if f.reason is None and k < len(sentences.bounds) and _NOW.match(text, sentences.bounds[k][0]) \
                and any(g.kind == f.kind and g.reason is None and sentences.index(g.start) == k for g in out):
            out[i] = replace(f, reason="past_figure")
    # "PSS digelar di 14 TPS. Adapun DPT di 14 TPS tersebut ...": stations referred back to are
    # those named before, with the reason they had there.
    for i, f in enumerate(out):
        if f.reason is None and _REFERS_BACK.match(text, f.end):
            earlier = [g for g in out[:i] if g.kind == f.kind and g.value == f.value and g.start < f.start]
            if earlier and earlier[-1].reason:
                out[i] = replace(f, reason=earlier[-1].reason)
    # "Pada DPTHP II ... 1.820 TPS, sedangkan pada DPTHP III berkurang menjadi 1.814 TPS": the
    # value a later figure of its kind in its sentence changed to replaces it.
    for i, f in enumerate(out):
        if f.reason is None and any(
                g.kind == f.kind and g.reason is None and g.start > f.start
                and sentences.index(g.start) == sentences.index(f.start)
                and lex.became.search(text, max(f.end, g.number - 25), g.number)
                for g in out):
            out[i] = replace(f, reason="changed_from")
    return out


# v9: a word for each one right before the figure's own term ("untuk setiap TPS sebesar 23.684"):
# the figure is per station
_EACH_BEFORE = re.compile(r"(?<!\w)(?:setiap|tiap|tiap-tiap|per|masing-masing|rata-rata)\s+$", re.IGNORECASE)


def _parts(lex: Lexicon, doc: Doc, figures: list[Figure]) -> list[Figure]:
    """"Total ada 1.234 TPS, dengan rincian 1.100 TPS di perkotaan dan 134 TPS di pedesaan": the
    figures after a breakdown word that follows a total of their kind in their sentence are its
    parts (reason "breakdown"); run once scopes are given, so a part still lends its scope."""
    sentences = Sentences(doc)
    out = list(figures)
    for i, f in enumerate(figures):
        here = sentences.at(f.start)
        # (parts named as areas are left to the subject's sibling rules)
        if f.reason is None and any(
                g.kind == f.kind and g.reason is None and g.end <= f.start and g.start >= here[0]
                and g.scope == f.scope
                and lex.breakdown_after.search(doc.text, g.end, f.start) for g in figures):
            out[i] = replace(f, reason="breakdown")
    return out


def _earlier_election(lex: Lexicon, text: str, latest: int, s_start: int, number: int) -> int | None:
    """The latest year of an election named in the figure's clause that is earlier than the
    article's latest, after any "menjadi" ("dari 1.904 TPS pada Pemilu 2019 menjadi 1.106 TPS" is
    the value now); None when there is none."""
    start = clause_start(text, s_start, number)
    start = max([start] + [m.end() for m in _BECAME.finditer(text, start, number)])
    return max((y for m in lex.election_year.finditer(text, start, number)
                if (y := int(m.group("year"))) < latest), default=None)


def _past_kinds(lex: Lexicon, doc: Doc) -> list[re.Pattern]:
    """The kinds of election the article names as past ("DPT Pemilu Legislatif 9 April lalu") and
    its title does not name: a later clause naming one gives that election's figure."""
    text, title = doc.text, doc.article.title or ""
    out = []
    for pattern in lex.election_kinds.values():
        if pattern.search(title):
            continue
        if any(_PAST_AFTER.match(text, m.end()) for m in pattern.finditer(text)):
            out.append(pattern)
    return out


def _national_before_local(doc: Doc, now: int | None) -> bool:
    """The title names a regional contest (Pilkada, Pilgub, Pilbup ...) of a year in which a
    national vote (Pemilu, Pileg, Pilpres) came earlier: 2024 (14 February, then 27 November)."""
    title = doc.article.title or ""
    m = _LOCAL.search(title)
    if not m:
        return False
    year = _YEAR_AFTER.match(title, m.end())
    return int(year.group(1)) in _BOTH_YEARS if year else now in _BOTH_YEARS


def _clause_end(text: str, end: int, s_end: int) -> int:
    """Where the figure's clause ends after it: the next comma or semicolon ("... 540 TPS pada
    Pemilu 2024, sedangkan ...")."""
    m = re.compile(r"[,;]").search(text, end, s_end)
    return m.start() if m else s_end


_BOTH_YEARS = {2024}
_LOCAL = re.compile(r"(?<!\w)(?:pilkada|pilgub|pilbup|pilwalkot|pilwali|pemilihan\s+kepala\s+daerah|"
                    r"pemilihan\s+gubernur|pemilihan\s+bupati|pemilihan\s+wali\s*kota)(?!\w)", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"(?:\s+serentak)?\s+((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
# The national vote named in a clause: not the election bodies ("Komisi Pemilihan Umum",
# "penyelenggara/pengawas pemilu") nor a regional contest called "pemilu kepala daerah".
# A bare "pemilu" counts only with a time of its own ("Pemilu 2024", "Pemilu 14 Februari", "pemilu
# lalu/kemarin"): writers call a Pilkada's work "logistik pemilu" too.
_NATIONAL = re.compile(
    r"(?<!\w)(?:pileg|pilpres|pemilu\s+legislatif|pemilihan\s+legislatif|pemilihan\s+presiden|pemilu\s+presiden|"
    r"(?<!komisi\s)(?<!penyelenggara\s)(?<!pengawas\s)(?<!badan\s)(?:pemilu|pemilihan\s+umum)"
    r"(?=(?:\s+serentak)?\s+(?:(?:tahun\s+)?2024|(?:\d{1,2}\s+)?februari|lalu|kemarin|sebelumnya)(?!\w)))(?!\w)",
    re.IGNORECASE)
_ON_NATIONAL = re.compile(r"\s*(?:pada|di|saat|dalam|untuk)\s+(?:[\w-]+\s+){0,2}?(?=" + _NATIONAL.pattern + ")",
                          re.IGNORECASE)


_PAST_AFTER = re.compile(r"(?:\s+[\w/()-]+){0,3}?\s+(?:lalu|sebelumnya|silam)(?!\w)", re.IGNORECASE)


def _article_year(doc: Doc) -> int | None:
    """The year the article was written: its publication date's, else its first dated day's
    ("Rabu (25/11/2020)", "Selasa, 3 Desember 2024")."""
    if (published := doc.article.published_date):
        return published.year
    m = _DATED.search(doc.text)
    return int(m.group("year")) if m else None


_DATED = re.compile(
    r"(?:\(\d{1,2}/\d{1,2}/|(?<!\w)\d{1,2}\s+(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
    r"September|Oktober|November|Desember)\s+)(?P<year>(?:19|20)\d{2})(?!\d)", re.IGNORECASE)


_POLSEK_AREA = re.compile(
    r"(?<!\w)wilayah\s+(?:hukum\s+)?Polsek\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})")
_YEARS_AGO = re.compile(
    r"(?<!\w)(?:[2-9]|\d{2}|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+tahun\s+"
    r"(?:yang\s+)?(?:lalu|silam)(?!\w)", re.IGNORECASE)
_NOW = re.compile(r"\W*(?:kini|sekarang|saat\s+ini)(?!\w)", re.IGNORECASE)
_BECAME = re.compile(r"(?<!\w)(?:menjadi|jadi)(?!\w)", re.IGNORECASE)


def _with_scopes(lex: Lexicon, doc: Doc, figures: list[Figure], places) -> list[Figure]:
    """Each figure's scope; a total without one in its sentence takes the scope of the total
    just before it (same or previous sentence: "DPT Kabupaten X ... Adapun jumlah TPS ..."),
    unless that total is of its own kind in its own sentence: two DPTs in one sentence are
    two areas' ("DPT Provinsi X sebanyak ..., sedangkan Surabaya sebanyak ...")."""
    text = doc.text
    sentences = Sentences(doc)
    out: list[Figure] = []
    last: tuple[int, str, str] | None = None  # (sentence index, scope, kind) of the last scoped total
    for f in sorted(figures, key=lambda f: f.start):
        scope = _scope(lex, text, f.number, f.end, sentences.at(f.start), places)
        here = sentences.index(f.start)
        flags = f.flags
        if (scope is None and f.reason is None and last and here - last[0] <= 1
                and not (here == last[0] and f.kind == last[2])
                # "jumlah pemilih di lima desa itu 14.872 orang": several areas', not the last one's
                and not lex.counted_areas.search(text, sentences.at(f.start)[0], f.start)
                # "Total pemilih Pilkades serentak mencapai 210.000 orang" after one village's
                # figures is the whole vote's, not that village's
                and not (lex.levels.get(last[1].split()[0].lower().rstrip(".")) == 3
                         and lex.several_villages.search(text, sentences.at(f.start)[0], f.start))):
            scope, flags = last[1], flags + ("scope_from_previous",)
        if scope is not None and scope != NATIONAL and f.reason is None and "ranked" not in flags:
            # (v9: the area ranking first or last lends no scope: "... terbanyak di Kecamatan X
            # sebanyak 83.103 pemilih. KPU mendirikan 4.407 TPS")
            last = (here, scope, f.kind)
        out.append(replace(f, scope=scope, flags=flags))
    return out


# v14: "ini" refers back too ("hasil dari lima TPS ini" after "PSL di lima TPS")
_REFERS_BACK = re.compile(r"\s+(?:tersebut|itu|ini)(?!\w)", re.IGNORECASE)
NATIONAL = "Indonesia"  # the scope of a figure for the whole country
_LARGEST_STORED = 2**63 - 1  # SQLite's INTEGER


def extract(doc: Doc, found: dict) -> tuple[Count, ...]:
    """TPS and DPT totals with their scope, and the figures that are only candidates (with
    the reason); conflicting totals flagged, a sub-area's total ranked below its area's."""
    lex = load_lexicon()
    rule = rules.rule_id(NAME)
    # A figure beyond any real count ("99999999999999999999 TPS") is a candidate, and one
    # too large for the database's integers is no figure at all.
    figures = [f if f.value <= lex.most[f.kind] else replace(f, reason="implausible")
               for f in wholes.village_stations(lex, doc, _figures(lex, doc)) if f.value <= _LARGEST_STORED]
    figures = _parts(lex, doc, _with_scopes(lex, doc, figures, found.get("places", ())))
    figures = against_subject(lex, doc, found, figures)
    figures = wholes.sum_of_parts(wholes.other_sense(doc, Sentences(doc), figures))
    figures = wholes.two_areas(lex, doc, Sentences(doc), figures)
    # A headline's rounded figure ("28,4 juta") beside the exact total it rounds is that total.
    exact = [f for f in figures if f.reason is None and "rounded" not in f.flags]
    figures = [replace(f, reason="rounded") if f.reason is None and "rounded" in f.flags and any(
        g.kind == f.kind and abs(g.value - f.value) <= 0.01 * g.value for g in exact) else f
        for f in figures]
    # Last election's station count is a candidate only beside a current total of its kind.
    # Alone it stays a total, unless its sentence goes on to say the value has changed since
    # ("... 412 TPS, namun pada pilkada jumlahnya menyusut"). v11: last election's DPT stays a
    # candidate even alone: a list is drawn up anew for each vote, and a report that names only
    # last time's list states none for its own (measured: one false total fewer, none lost).
    current = {f.kind for f in figures if f.reason is None}
    sentences = Sentences(doc)
    figures = [replace(f, reason=None, confidence=min(f.confidence, 0.6),
                       flags=f.flags + ("past_marker",))
               if f.reason == "past_figure" and f.kind not in current and "long_past" not in f.flags
               and f.kind != "dpt"
               and not lex.changed_later.search(doc.text, f.end, sentences.at(f.start)[1]) else f
               for f in figures]
    kept: dict[tuple, Figure] = {}
    for f in figures:
        # the same total twice is one record; a candidate never hides a total
        key = (f.kind, f.value, f.scope, f.reason is None)
        kept.setdefault(key, f)
    totals = [f for f in kept.values() if f.reason is None]
    stated = {(f.kind, f.value) for f in totals}
    kept = {k: f for k, f in kept.items()  # a candidate repeating a total adds nothing
            if f.reason is None or (f.kind, f.value) not in stated}
    values: dict[tuple, set] = {}
    for f in totals:
        values.setdefault((f.kind, f.scope), set()).add(f.value)
    codes = codes_by_name(lex, found)
    coarsest: dict[str, int] = {}
    for f in totals:
        if (level := scope_level(lex, f.scope, codes)) is not None:
            coarsest[f.kind] = min(level, coarsest.get(f.kind, level))
    records = []
    for f in sorted(kept.values(), key=lambda f: f.start):
        confidence, flags = f.confidence, f.flags
        if f.reason is None and agreement.several_values(values[(f.kind, f.scope)]):
            # v9: three or more different totals of a kind for one scope ("Jumlah TPS di tujuh
            # kecamatan tersebut 363 ... Total ada 450 TPS ... Jumlah TPS 229 lokasi", a delivery's
            # batches), none of them known to be the whole; no total
            confidence, flags = min(confidence, CANDIDATE_CONFIDENCE), ("candidate", "several_values")
        elif f.reason is not None:
            confidence, flags = min(confidence, CANDIDATE_CONFIDENCE), ("candidate", f.reason)
        else:
            if len(values[(f.kind, f.scope)]) > 1:
                confidence, flags = min(confidence, 0.6), flags + ("conflicting_counts",)
            level = scope_level(lex, f.scope, codes)
            if "outside_subject" in flags:
                confidence = min(confidence, 0.5)
            elif "sub_area" in flags or level is not None and level > coarsest[f.kind]:
                confidence = min(confidence, 0.5)
                flags = flags if "sub_area" in flags else flags + ("sub_area",)
        records.append(Count(
            kind=f.kind, value=f.value, start=f.start, end=f.end, rule=rule, scope=f.scope,
            confidence=confidence, flags=flags,
        ))
    # v15: totals that must agree (agreement.py): two comparable totals of one scope the text does
    # not decide between; then the article's TPS and DPT totals must fit each other
    records = agreement.undecided(lex, doc.text, records, CANDIDATE_CONFIDENCE)
    return tuple(agreement.voters_per_station(lex, doc.text, records, CANDIDATE_CONFIDENCE))


def is_total(count) -> bool:
    """A stated total (not a candidate kept with its reason); works on records and rows."""
    flags = count.flags if hasattr(count, "flags") else count["flags"]
    return "candidate" not in (flags or ())
