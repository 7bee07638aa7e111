"""Contests named by their office alone, beside a contest the text names: after another
regional contest ("serta Bupati dan Wakil Bupati Bireuen"), national offices ("pemilihan
presiden dan legislatif") and regional offices after "memilih"."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.analysis import rules
from pipeline.records import Doc
from pipeline.analysis.rules.elections.lexicon import NAME, Lexicon, Mention
from pipeline.analysis.rules.elections.regions import place_name, tail


def elliptic(lex: Lexicon, doc: Doc, places, bounds, starts, mentions) -> list[Mention]:
    """Contests named by their office alone after another contest, or after "memilih":
    "Pemilihan Gubernur Aceh serta Bupati dan Wakil Bupati Bireuen", "Pilkada serentak untuk
    memilih Gubernur Kalimantan Barat dan Bupati Ketapang"."""
    text = doc.text
    out = []
    for m in lex.elliptic.finditer(text):
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        if not (m.group().lower().startswith("memilih") or "/" in m.group()):
            # the contest it continues ends just before it, in its sentence
            if not any(n.sentence == i and n.type in lex.loose_types | {lex.umbrella}
                       and n.spelled and 0 <= m.start() - n.end <= 60 for n in mentions + out):
                continue
        limit = max(bounds[i][1], m.end())
        year, region, end = tail(lex, text, m.end(), limit, places)
        if region is None and (r := lex.region_before.match(text, m.end(), limit)):
            # right after the office, within a run of contests, a capitalised name is
            # the contest's place ("serta Bupati dan Wakil Bupati Bireuen digelar ...")
            region, _ = place_name(lex, r)
            if region:
                year, _, end = tail(lex, text, r.end("name"), limit, places)
        if region is None:
            continue  # "dan Bupati" with no place named is no contest
        etype = lex.offices[" ".join(m.group("office").split())]
        out.append(Mention(etype, m.start("office"), end, i, year, region, True, False))
    return out


# A legislature counts as the Pileg only at the head of a run of them ("DPR, DPD, DPRD ...").
_LEGISLATURES_ON = re.compile(r"(?:\s+RI)?\s*(?:,|\bdan\b|\bserta\b)\s*(?:DPD|DPRD)\b")


def national(lex: Lexicon, text: str, starts, mentions: list[Mention]) -> list[Mention]:
    """National contests named by their office alone: "pemilihan presiden dan legislatif",
    "Pemilu serentak 2019 untuk memilih presiden dan anggota legislatif"; after "memilih" also where
    the article's one current Pemilu is named in another sentence (elections 15)."""
    out: list[Mention] = []
    # the years of the article's current Pemilu-family mentions (elections 15, below)
    years = {n.year for n in mentions if n.type in lex.national_family and not n.past}
    for m in lex.national.finditer(text):
        i = max(0, bisect.bisect_right(starts, m.start()) - 1)
        kin = [n for n in mentions + out if n.sentence == i and n.type in lex.national_family
               and not n.past and n.start < m.start()]
        # right after the contest it continues: "Pemilu serentak 2019 untuk memilih presiden",
        # "pemilihan presiden dan legislatif" (not "Pemilu 2024 ... tokoh serta anggota legislatif")
        chosen = m.group().lower().startswith("memilih")
        reach = 40 if chosen else 15
        year = kin[-1].year if kin else None
        if not any(0 <= m.start() - n.end <= reach for n in kin):
            # elections 15: the voters "memilih presiden ... serta anggota DPR" in an article whose
            # Pemilu (all its current Pemilu-family mentions of one year) is named in another
            # sentence ("pemungutan suara lanjutan Pemilu 2024 ... Warga memberikan suara untuk
            # memilih presiden dan wakil presiden serta anggota DPR"): the same contests
            if not (chosen and len(years) == 1 and None not in years):
                continue
            year = next(iter(years))
        etype = lex.national_offices[" ".join(m.group("office").lower().split())]
        if "dpr" in m.group("office").lower() and not _LEGISLATURES_ON.match(text, m.end()):
            continue  # "surat suara Pilpres dan DPR": one ballot, not the legislatures' election
        if any(n.start <= m.start("office") < n.end for n in mentions):
            continue  # already a spelled-out contest ("dan Pemilihan Legislatif")
        out.append(Mention(etype, m.start("office"), m.end(), i, year, None, True, False))
    return out


_VOTE_BEFORE = re.compile(r"\b(?:pemungutan\s+suara|pencoblosan)(?:\s+(?:untuk|guna))?\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def regional_lexicon() -> tuple[re.Pattern, re.Pattern, dict, frozenset, int]:
    spec = rules.load_data(NAME)["regional_offices"]
    offices = "|".join(re.escape(o).replace(r"\ ", r"\s*") for o in
                       sorted(spec["offices"], key=len, reverse=True))
    run = re.compile(  # "memilih gubernur dan wakil gubernur Aceh", "memilih gubernur dan bupati"
        rf"\bmemilih\s+(?:(?:{offices})(?:\s+dan\s+wakil\s+(?:{offices}))?(?:\s+(?-i:[A-Z])[\w-]*)*"
        rf"(?:\s*,\s*|\s+(?:dan|serta)\s+|(?=\s)))+", re.IGNORECASE)
    office = re.compile(rf"(?<!wakil )\b(?P<office>{offices})\b", re.IGNORECASE)
    types = {" ".join(k.lower().split()): v for k, v in spec["offices"].items()}
    return run, office, types, frozenset(spec["family"]), spec["reach"]


def regional(text: str, starts, mentions: list[Mention]) -> list[Mention]:
    """Regional contests named by their office alone after "memilih", beside a Pilkada in
    the same sentence: "warga Bangli akan memilih gubernur dan bupati dalam Pilkada
    serentak", "memilih gubernur dan wakil gubernur Aceh dalam Pilkada serentak 2017"."""
    run_pattern, office_pattern, types, family, reach = regional_lexicon()
    out: list[Mention] = []
    for run in run_pattern.finditer(text):
        i = max(0, bisect.bisect_right(starts, run.start()) - 1)
        kin = [n for n in mentions if n.sentence == i and n.type in family and not n.past
               and (0 <= n.start - run.end() <= reach or 0 <= run.start() - n.end <= reach)]
        # "Pemungutan suara memilih gubernur dan bupati Aceh Utara digelar bersamaan": the vote
        # itself named right before "memilih" stands for the Pilkada (the year comes from the
        # article's other regional contests)
        if not kin and not _VOTE_BEFORE.search(text, max(0, run.start() - 40), run.start()):
            continue
        year = kin[0].year if kin else None
        for m in office_pattern.finditer(text, run.start(), run.end()):
            etype = types[" ".join(m.group("office").lower().split())]
            if any(n.start <= m.start() < n.end for n in mentions) or any(
                    o.type == etype for o in out if o.sentence == i):
                continue
            out.append(Mention(etype, m.start(), m.end(), i, year, None, True, False))
    return out
