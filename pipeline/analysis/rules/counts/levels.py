"""The level a subject place is named at, and a figure scoped at another level under its name (counts v14).

The title's "PPS Paciran" names a village, "Polsek Wetar" a kecamatan: a figure "di Kecamatan
Paciran" in the village's report is a wider area's, "Kota Jambi sendiri" in Polda Jambi's a part
(see ``other_level``). Region codes cannot tell these apart (a kabupaten and its kecamatan may share
a name), so the level is read from the body named with the place. Split from ``subject.py``, which
calls ``other_level`` and ``in_office`` among its readings; what both modules use (``bare``,
``level_word``, ``sentence_start``, ``singled_out``, and ``subject_places``, the subject places read
once for the subject and for their levels) lives here, below it, so imports stay one way.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.analysis.rules.counts.lexicon import Figure, Lexicon
from pipeline.analysis.rules.places import province_name
from pipeline.records import Doc


# after a DPT figure, the stations its voters are spread over ("... pemilih yang tersebar di 1.873 TPS")
_OVER_STATIONS = re.compile(r"\s+(?:pemilih\s+)?(?:yang\s+)?(?:tersebar\s+)?(?:di|pada)\s+\d[\d.]*\s+TPS(?!\w)", re.IGNORECASE)


def level_word(lex: Lexicon, scope: str | None) -> int | None:
    """The level (0 province ... 3 village) of the level word a scope opens with, if any."""
    return lex.levels.get(scope.split()[0].lower().rstrip(".")) if scope else None


def bare(lex: Lexicon, name: str) -> str:
    """A place's name without its level words, a short province name written in full,
    lower case: "Kabupaten Blora" -> "blora", "NTT" -> "nusa tenggara timur"."""
    words = name.split()
    while words and words[0].lower().rstrip(".") in lex.levels:
        words = words[1:]
    return province_name(" ".join(words)).lower()


def sentence_start(doc: Doc, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (0 before the first)."""
    starts = [s.start for s in doc.sentences if s.start <= pos]
    return max(starts) if starts else 0


def singled_out(text: str, f: Figure) -> bool:
    """The figure's scope is named with "saja/sendiri" after it or "khusus" before it, shortly
    before the figure ("Di Desa X saja terdapat ...", "Di Distrik X sendiri terdapat ...", "Khusus di
    Kecamatan X, ..."): called only for a scope that is not a subject place."""
    name = re.escape(f.scope)
    return bool(re.search(rf"(?:{name}\s+(?:saja|sendiri)(?!\w)|(?<!\w)khusus\s+(?:di\s+|untuk\s+|wilayah\s+)?{name})",
                          text[max(0, f.number - 80):f.number], re.IGNORECASE))


def subject_places(lex: Lexicon, doc: Doc, found: dict) -> tuple[set[str], int, int]:
    """The places the article is about, bare (``bare``): those its title names (as places, in
    organisations such as "Polsek Cidaun" or in election names such as "Pilgub Lampung"), else
    those of its lead paragraph; with the span they were read in. Empty when neither names one."""
    text = doc.text
    body = doc.article.body_offset
    lead_end = text.find("\n\n", body)
    for lo, hi in ((0, body), (body, len(text) if lead_end < 0 else lead_end)):
        names = {bare(lex, p.name) for p in found.get("places", ()) if lo <= p.start < hi}
        names |= {bare(lex, o.place) for o in found.get("organizations", ())
                  if getattr(o, "place", None) and lo <= o.start < hi}
        names |= {bare(lex, e.region) for e in found.get("elections", ())
                  if getattr(e, "region", None) and lo <= e.start < hi}
        names.discard("")
        if names:
            return names, lo, hi
    return set(), 0, 0


def subject_levels(lex: Lexicon, doc: Doc, found: dict) -> dict[str, int]:
    """v14: the level (0 province ... 3 village) each subject place is named at where the subject is
    read (the title, else the lead), from the organisation named after it ("PPS Paciran": a village,
    "Polsek Wetar": a kecamatan; not from region codes, which a name shared by a kabupaten and its
    kecamatan confuses: "KPU Sumbawa"); a name seen at two levels is left out."""
    names, lo, hi = subject_places(lex, doc, found)
    seen: dict[str, set] = {}
    for o in found.get("organizations", ()):
        level = lex.body_levels.get((o.kind or "").lower())
        if getattr(o, "place", None) and lo <= o.start < hi and level is not None:
            seen.setdefault(bare(lex, o.place), set()).add(level)
    return {n: next(iter(v)) for n, v in seen.items() if len(v) == 1 and n in names}


def other_level(lex: Lexicon, doc: Doc, levels: dict[str, int], subject: set[str], codes: dict,
                 figures: list[Figure]) -> list[Figure]:
    """v14: a figure scoped with a level word at another level than the subject place of its name
    ("211 TPS di Kecamatan Paciran" in a report on the village Paciran: wider; "Kota Jambi sendiri
    memiliki 1.390 TPS" in Polda Jambi's: a part, singled out, else flagged sub_area); and, where the
    subject is named by a kecamatan's body, a figure scoped to a kabupaten or wider by its level word
    and counted over several kecamatan ("Kabupaten X memiliki 17 kecamatan dengan 246 TPS"): wider.
    ``levels`` is ``subject_levels``'s reading of the article (its caller reads it once)."""
    if not subject or not levels:
        return figures
    out = []
    for f in figures:
        level = level_word(lex, f.scope)
        if f.reason is None and level is not None:
            name = bare(lex, f.scope)
            own = levels.get(name)
            if name in subject and own is not None and level < own:
                f = replace(f, reason="wider_area")
            elif name in subject and own is not None and level > own:
                f = replace(f, reason="subset") if singled_out(doc.text, f) else replace(
                    f, flags=f.flags + ("sub_area",))
        if (f.reason is None and min(levels.values()) >= 2 and level is not None and level < 2
                and (lex.kecamatan_count.search(doc.text, sentence_start(doc, f.number), f.number)
                     or lex.kecamatan_after.match(doc.text, f.end)
                     # round 11: or after the stations the voters are spread over ("DPT Kota X 402.517
                     # pemilih yang tersebar di 1.873 TPS pada 9 kecamatan")
                     or ((over := _OVER_STATIONS.match(doc.text, f.end))
                         and lex.kecamatan_after.match(doc.text, over.end())))):
            # "Kabupaten Maluku Barat Daya sendiri memiliki 17 kecamatan dengan 246 TPS dan DPT
            # 61.004 pemilih" in Polsek Wetar's report: a figure scoped to a kabupaten by its level
            # word and counted over several kecamatan is wider (not one with no scope: "logistik untuk
            # 912 TPS di 16 kecamatan" in a report on two kecamatan's police stays the whole, v12)
            f = replace(f, reason="wider_area")
        out.append(f)
    return out


def in_office(lex: Lexicon, doc: Doc, f: Figure) -> bool:
    """v14: the figure's scope read out of an office in one of two contests its sentence names
    ("logistik Pemilihan Gubernur Sulawesi Tengah serta Pemilihan Wali Kota Palu itu untuk 14 TPS"
    in a kelurahan's report): "Kota Palu" is the contest's, not the figure's place. Called only for
    a scope that is not a subject place (the contest of the subject's own city names its figure)."""
    start = sentence_start(doc, f.number)
    contests = {m.group("name") for m in lex.office.finditer(doc.text, start, f.number)}
    return len(contests) > 1 and bool(re.search(
        rf"(?<!\w)wali\s+{re.escape(f.scope)}(?!\w)", doc.text[start:f.number], re.IGNORECASE))
