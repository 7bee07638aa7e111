"""Gold written as the text writes it, read through docs/gold.md's conventions.

Annotators who never read docs/gold.md write an official as the article does: "Kombes Pol",
"Kodim 0707/Wonosobo", "KPU Kota Jambi", "Ketua Panwaslih Kecamatan", "Koordinator Divisi
Hukum ... Bawaslu Kabupaten Bima", "Kabupaten Poso" for a Bupati. docs/gold.md writes each of
those one way ("Kombes", "Kodim Wonosobo", "KPU Jambi", "Ketua Panwascam", "Anggota Bawaslu",
"Pemkab Poso"), and so does pantau. ``pantau eval`` reads gold and output alike through the
functions below, so a fact written the text's way and the house way scores once — and a fact
that differs in substance (another rank, another unit, another place) still differs.

Every table comes from the officials family's own data (rules/data/officials.yml): the written
forms of ranks, positions, unit heads, bodies, units and administrative words. Nothing here is
tuned to a gold set; each step is one convention of docs/gold.md ("Officials").
"""

from __future__ import annotations

import re
from functools import lru_cache

# A rank's police suffix ("Kombes Pol", "AKBP (Pol)", "Irjen Pol."); corps come from officials.yml.
_POLICE_SUFFIX = {"pol", "pol.", "(pol)", "(pol.)", "polisi"}
# A military unit's territorial number: "0707/Wonosobo", "0824/04", "424-03/Talang", "0322".
_TERRITORIAL = re.compile(r"^\d[\d\-.]*(?:/(?P<rest>\S*))?$")
# Regional government offices whose head's org is the government itself (docs/gold.md: "a Kesbangpol
# head's org is the Pemkab, like a Kadis PMD's"; officials.yml gives these posts the unit Pemda):
# gold written with the office as org ("Disdukcapil Ende") reads as that government ("Pemkab Ende").
# Spelt here, not derived from officials.yml's Pemda posts: that would also take BPBD, Dishub, the PMD office's
# division ... and lose Bakesbangpol and Dukcapil, a change of scoring (NOTES-issue-12-tidy16.md).
_GOVERNMENT_OFFICES = ("Badan Kesbangpol", "Bakesbangpol", "Kesbangpol", "Disdukcapil", "Dispendukcapil",
                       "Dukcapil", "Disdikbud", "Disdik", "Dinas PMD", "Dinas PMDes", "DPMD", "Dispermades",
                       "Dispermasdes", "Dinas Permasdes", "Dinpermades", "Dinas Pendidikan", "Dinas Kependudukan dan Pencatatan Sipil",
                       "Dinas Kesehatan", "Dinkes")  # officials 12: the health office's head, as a Kadis PMD
# A division coordinator's post: the division is left out, he is a member of his body.
_COORDINATOR = re.compile(r"^(?:Koordinator Divisi|Kordiv|Ketua Divisi|Kadiv|Divisi)\b", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.replace(",", " , ").split()).casefold()


@lru_cache(maxsize=1)
def _tables() -> dict:
    """String-keyed lookups over the officials family's own written forms (``lexicons.written_forms``,
    the one reading of officials.yml the reader's token-keyed tables are built from too)."""
    from pipeline.analysis.rules.officials.lexicons import lexicon, written_forms

    f, lex = written_forms(), lexicon()
    positions = {_key(w): pos.name for w, pos in f.positions}
    positions.update({_key(w): pos.name for w, pos in f.unit_heads})
    units = {_key(w): canon for w, canon in f.units}
    return {
        "ranks": {_key(w): canon for w, canon in f.ranks}, "positions": positions,
        "heads": {_key(w): canon for w, canon in f.heads}, "units": units,
        "admin": {_key(w): canon for w, canon in f.admin},
        "qualifiers": {_key(w): canon for w, canon in f.qualifiers},
        "corps": lex.corps,
        "military": lex.military_units, "kota_in_name": lex.kota_in_name,
        "government": lex.government_by_admin,
        "longest_unit": max(len(k.split()) for k in units),
    }


def rank(text: str | None) -> str | None:
    """"Kombes Pol" -> "Kombes", "Letkol Inf" -> "Letkol", "Ajun Komisaris Polisi" -> "AKP"."""
    if not text:
        return text
    t = _tables()
    words = text.split()
    while len(words) > 1 and (words[-1].casefold() in _POLICE_SUFFIX or words[-1].strip("()").casefold() in t["corps"]):
        words.pop()
    return t["ranks"].get(_key(" ".join(words)), " ".join(words))


def _unit_at_start(words: list[str]) -> tuple[str, int] | None:
    """(kind, words used) of the longest unit or body written at the start: "Panwaslih Kecamatan" -> Panwascam."""
    t = _tables()
    for n in range(min(t["longest_unit"], len(words)), 0, -1):
        kind = t["units"].get(_key(" ".join(words[:n])))
        if kind:
            return kind, n
    return None


def org(text: str | None) -> str | None:
    """An org the way docs/gold.md writes it: unit kind, no territorial number, no administrative word.

    "Kodim 0707/Wonosobo" -> "Kodim Wonosobo", "KPU Kota Jambi" -> "KPU Jambi", "Panwaslih Kecamatan
    Kuta Alam" -> "Panwascam Kuta Alam", "Pemerintah Kabupaten Serang" -> "Pemkab Serang", and a
    Bupati's "Kabupaten Poso" -> "Pemkab Poso", an office head's "Disdukcapil Kota Kupang" -> "Pemkot Kupang".
    A Camat's "Kecamatan X" and a village's "Desa X" stay.
    """
    if not text:
        return text
    t = _tables()
    words = text.split()
    for office in _GOVERNMENT_OFFICES:
        n = len(office.split())
        if _key(" ".join(words[:n])) == _key(office) and len(words) > n:
            level = t["admin"].get(_key(words[n]))
            rest = words[n + 1:] if level in t["government"] and len(words) > n + 1 else words[n:]
            return " ".join([t["government"].get(level, "Pemkab"), *rest])
    found = _unit_at_start(words)
    if not found:
        level = t["admin"].get(_key(words[0]))
        if level in t["government"] and len(words) > 1:
            return " ".join([t["government"][level], *words[1:]])
        return text
    kind, n = found
    rest = words[n:]
    if kind in t["military"] and rest:
        m = _TERRITORIAL.match(rest[0])
        if m:
            rest = ([m.group("rest")] if m.group("rest") and not m.group("rest")[0].isdigit() else []) + rest[1:]
    while len(rest) > 1 and t["admin"].get(_key(rest[0])) and not (
        kind in t["kota_in_name"] and rest[0].casefold() == "kota"
    ):
        rest = rest[1:]
    return " ".join([kind, *rest])


def position(text: str | None, org_text: str | None = None) -> str | None:
    """A position in its short form: "Kepala Satuan Binmas" -> "Kasat Binmas", "Ketua Panwaslih
    Kecamatan" -> "Ketua Panwascam", "Kasubbag Keuangan, Umum dan Logistik" -> "Kasubbag Keuangan",
    and a division coordinator as "Koordinator Divisi <his body>" (canonical_positions then makes
    him its member)."""
    if not text:
        return text
    t = _tables()
    words = text.split()
    for n in (2, 1):  # a qualifier kept in front: "Penjabat Kepala Desa" -> "Pj Kades"
        qualifier = t["qualifiers"].get(_key(" ".join(words[:n]))) if len(words) > n else None
        if qualifier:
            return f"{qualifier} {position(' '.join(words[n:]), org_text)}"
    key = _key(text)
    if key in t["positions"]:
        return t["positions"][key]
    if key in t["heads"]:
        return t["heads"][key]
    body = _unit_at_start(org_text.split()) if org_text else None
    if _COORDINATOR.match(text) and body:
        return f"Koordinator Divisi {body[0]}"
    # "<head> <body as written>": "Ketua Panwaslih Kecamatan" -> "Ketua Panwascam"
    words = text.split()
    for i in range(1, len(words)):
        head = t["heads"].get(_key(" ".join(words[:i])))
        found = _unit_at_start(words[i:])
        if head and found and found[1] == len(words) - i:
            return f"{head} {found[0]}"
    return text
