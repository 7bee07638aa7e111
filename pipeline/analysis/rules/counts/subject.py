"""Where a total stands to the article's subject: the places its title (else its lead) names.

A total for another area than the subject (a province's figure in a city's report, a
kecamatan's in a kabupaten's) is not the article's total; see ``against_subject``. The level
each subject place is named at, and what it says of a figure's scope, is ``levels.py``'s.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.analysis import regions
from pipeline.analysis.rules.counts.levels import (
    bare, in_office, level_word, other_level, sentence_start, singled_out, subject_levels,
    subject_places,
)
from pipeline.analysis.rules.counts.lexicon import Figure, Lexicon, parse_number_words, place_name
from pipeline.analysis.rules.counts.wholes import few_areas
from pipeline.analysis.rules.counts.refusals import clause_start
from pipeline.analysis.rules.places import province_name
from pipeline.records import Doc

NATIONAL_NAME = "indonesia"  # bare() of the national scope


def _one_village(lex: Lexicon, doc: Doc, subject: set[str], figures: list[Figure]) -> list[Figure]:
    """One village's total where several villages vote at once ("Pilkades serentak", "di
    tujuh desa") and the title or lead does not name that village: the village's figure, not
    the article's (reason "one_village")."""
    text = doc.text
    body = doc.article.body_offset
    lead_end = doc.text.find("\n", body)  # an HTML page's paragraphs end at one newline
    named = doc.text[:len(doc.text) if lead_end < 0 else lead_end].lower()  # title and lead
    # "... di Desa Tanjung Pidada dan Desa Sungai Intan": a lead naming two villages reports on
    # both (they vote at once), and naming one of them there does not make it the subject
    two = len({bare(lex, n) for m in lex.place.finditer(text, 0, len(named))
               if level_word(lex, m.group("lvl")) == 3 and (n := place_name(lex, m))}) >= 2
    several = [m for m in lex.several_villages.finditer(text)
               if not m.group().lower().endswith("desa") or _count(lex, m.group().split()[0]) >= 2]
    if not subject or not (several or two):
        return figures
    if two:
        named = named[:body]  # the title only
    # v13: "Pilkades serentak di 68 desa di Kabupaten X berlangsung Minggu. Kapolres memantau di Desa
    # Y": a lead whose first sentence counts the villages voting reports on the whole vote, so a
    # village's figure is that village's even where the title names it
    opening = next((x for x in doc.sentences if x.end > body and doc.text[x.start:x.end].strip()), None)
    whole_vote = opening is not None and any(
        opening.start <= m.start() < opening.end and _count(lex, m.group().split()[0]) >= 2
        for m in several if m.group().lower().endswith("desa"))
    # "Total pemilih dalam Pilkades serentak di Paser mencapai 61.204 orang": the whole vote's
    # total is stated, so a village's figure is one village's even where the lead names it
    sentences = [(x.start, x.end) for x in doc.sentences]
    whole = {f.kind for f in figures if f.reason is None and (level_word(lex, f.scope) or 0) < 3
             and any(lo <= f.start < hi and any(lo <= m.start() < hi for m in several)
                     for lo, hi in sentences)}
    return [replace(f, reason="one_village")
            if f.reason is None and level_word(lex, f.scope) == 3
            and (f.kind in whole or whole_vote or not _village_named(lex, bare(lex, f.scope), set() if two else subject, named))
            else f for f in figures]


def _villages_in_village_report(lex: Lexicon, doc: Doc, figures: list[Figure]) -> list[Figure]:
    """v11: a figure counted over several villages ("Di Kecamatan Ukui ada empat desa yang menggelar
    pilkades dengan 19 TPS") in a report whose title names one village ("Surat Suara Pilkades Air
    Emas ...") and no simultaneous vote: the whole vote's, wider than the subject (reason wider_area)."""
    title = doc.text[:doc.article.body_offset].lower()
    if not title or lex.several_villages.search(title) or lex.counted_villages.search(title):
        return figures
    villages = {bare(lex, n) for m in lex.place.finditer(doc.text)
                if level_word(lex, m.group("lvl")) == 3 and (n := place_name(lex, m))}
    if not any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", title) for v in villages if v):
        return figures
    starts = [x.start for x in doc.sentences] or [0]
    out = []
    for f in figures:
        s_start = max([x for x in starts if x <= f.start], default=0)
        if f.reason is None and lex.counted_villages.search(
                doc.text, clause_start(doc.text, s_start, f.number), f.number):
            f = replace(f, reason="wider_area")
        out.append(f)
    return out


def _province_level(lex: Lexicon, doc: Doc, subject: set[str], codes: dict,
                    figures: list[Figure]) -> list[Figure]:
    """A clause that says its figure is the province's ("Untuk skala provinsi, KPU Sumut menetapkan
    DPT Pilgub ... 9.054.287 pemilih di 28.912 TPS") in an article whose subject lies below a
    province (a kabupaten's report): wider than the subject (reason "wider_area")."""
    if not any("." in c for n in subject for c in codes.get(n, ())):
        return figures
    starts = [x.start for x in doc.sentences] or [0]
    out = []
    for f in figures:
        s_start = max([x for x in starts if x <= f.start], default=0)
        if f.reason is None and lex.province_level.search(
                doc.text, clause_start(doc.text, s_start, f.number), f.number):
            f = replace(f, reason="wider_area")
        out.append(f)
    return out


def _provincial_body(lex: Lexicon, doc: Doc, found: dict, subject: set[str], codes: dict,
                     figures: list[Figure]) -> list[Figure]:
    """v12: a figure with no place of its own whose clause names a province's body before it ("Secara
    keseluruhan, KPU Sultra menyiapkan 9.120 TPS", "Polda Jambi mengamankan 7.400 TPS") in an article
    whose subject lies below a province: the province's (reason "wider_area", its scope the province)."""
    finer = [c for n in subject for c in codes.get(n, ()) if "." in c]
    if not finer:
        return figures
    bodies = []
    for o in found.get("organizations", ()):
        province = province_name(getattr(o, "place", None) or "")
        codes_here = [r.code for r in regions.candidates(province, "provinsi")] if province else []
        # a body of the province the subject lies in (the title's "Pilgub Sulsel" names it too), or
        # of another province
        if codes_here and (bare(lex, province) not in subject
                           or any(c.startswith(k + ".") for c in finer for k in codes_here)):
            bodies.append((o.start, o.end, province))
    if not bodies:
        return figures
    places = [p.start for p in found.get("places", ())]
    out = []
    for f in figures:
        if f.reason is None and f.scope is None:
            lo = clause_start(doc.text, sentence_start(doc, f.number), f.number)
            named = [b for b in bodies if lo <= b[0] and b[1] <= f.number
                     and not any(b[1] <= p < f.number for p in places)]
            if named:
                f = replace(f, scope=named[-1][2], reason="wider_area")
        out.append(f)
    return out


def _regency_level(lex: Lexicon, doc: Doc, figures: list[Figure]) -> list[Figure]:
    """v10: a clause that says its figure is the kabupaten's ("Secara kabupaten, kata dia, DPT Dompu
    berjumlah 168.590 pemilih") in an article whose title names an organ below a kabupaten
    ("Kapolsek Kempo Koordinasi dengan PPK") and none of a kabupaten or wider: wider than the
    subject (reason "wider_area")."""
    title = doc.text[:doc.article.body_offset]
    if not lex.below_regency.search(title) or lex.regency_title.search(title):
        return figures
    starts = [x.start for x in doc.sentences] or [0]
    out = []
    for f in figures:
        s_start = max([x for x in starts if x <= f.start], default=0)
        lo = clause_start(doc.text, s_start, f.number)
        # not another figure's ("dari 812 TPS se-Kabupaten Wajo, sebanyak 96 TPS berada di ...")
        if f.reason is None and lex.regency_level.search(doc.text, lo, f.number) and not re.search(
                r"\d", doc.text[lo:f.number]):
            f = replace(f, reason="wider_area")
        out.append(f)
    return out


def _over_regencies(lex: Lexicon, doc: Doc, subject: set[str], codes: dict,
                    figures: list[Figure]) -> list[Figure]:
    """v9: in an article whose subject lies below a province, a figure spread over several
    kabupaten/kota ("28.912 TPS di 33 kabupaten/kota", "Se-Sumatera Utara terdapat 45.875 TPS")
    is a wider area's (reason "wider_area")."""
    subject_codes = [c for n in subject for c in codes.get(n, ())]
    if not subject_codes or not all("." in c for c in subject_codes):
        return figures  # no subject place, or a province among them (its figure may be the article's)
    text = doc.text
    starts = [x.start for x in doc.sentences] or [0]
    out = []
    for f in figures:
        if f.reason is None:
            s_start = max([x for x in starts if x <= f.start], default=0)
            lo = clause_start(text, s_start, f.number)
            se = [m for m in _SE_PLACE.finditer(text, lo, f.number)
                  if regions.candidates(province_name(m.group("name")), "provinsi")
                  and bare(lex, m.group("name")) not in subject]
            if _REGENCIES_AFTER.match(text, f.end) or se:
                f = replace(f, reason="wider_area")
        out.append(f)
    return out


_REGENCIES_AFTER = re.compile(
    r"\s+(?:yang\s+)?(?:tersebar\s+|berada\s+)?(?:di|pada|dari)\s+(?:\d+|dua|tiga|empat|lima|enam|tujuh|delapan|"
    r"sembilan|sepuluh|[a-z]+\s+belas|[a-z]+\s+puluh(?:\s+[a-z]+)?)\s+(?:kabupaten\s*/\s*kota|kabupaten\s+dan\s+kota|"
    r"kab\.?\s*/\s*kota|kota\s*/\s*kabupaten|kabupaten|kota)(?!\w)", re.IGNORECASE)
_SE_PLACE = re.compile(r"(?<!\w)[Ss]e-\s*(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})")


def _village_named(lex: Lexicon, name: str, subject: set[str], named: str) -> bool:
    """The title or lead names this village: as a village ("Desa Pangkah"), or bare when it does
    not name a coarser area so ("Pilkades Serentak di Pangkah" after "Kecamatan Pangkah" is the
    kecamatan, not its village of that name)."""
    def with_level(level_test) -> bool:
        words = "|".join(re.escape(w.rstrip(".")) for w, level in lex.levels.items() if level_test(level))
        return re.search(rf"(?<!\w)(?:{words})\.?\s+{re.escape(name)}(?!\w)", named) is not None
    if with_level(lambda level: level == 3):
        return True
    if with_level(lambda level: level < 3):
        return False
    return name in subject or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", named) is not None


def _count(lex: Lexicon, word: str) -> int:
    if word.isdigit():
        return int(word)
    return parse_number_words(word, lex) or 0


def _siblings(lex: Lexicon, doc: Doc, subject: set[str], figures: list[Figure]) -> list[Figure]:
    """Several areas of one level listed in one sentence, each with its figure of one kind
    ("Kecamatan A 142 TPS, Kecamatan B 118 TPS ..."), none of them the article's subject: a
    breakdown, no one area's figure the article's total (reason "breakdown")."""
    if not subject:
        return figures
    sentences = [(s.start, s.end) for s in doc.sentences]
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(figures):
        level = level_word(lex, f.scope)
        if f.reason is None and level is not None and level > 0:
            where = next((k for k, (lo, hi) in enumerate(sentences) if lo <= f.start < hi), -1)
            groups.setdefault((f.kind, where, level), []).append(i)
    out = list(figures)
    for members in groups.values():
        scopes = {bare(lex, figures[i].scope) for i in members}
        if len(scopes) >= 2 and not scopes & subject:
            for i in members:
                out[i] = replace(figures[i], reason="breakdown")
    return out


def _scattered(lex: Lexicon, figures: list[Figure], relations: list) -> list[Figure]:
    """Every total of a kind is a sub-area's, and two or more areas of that level have a
    figure of that kind anywhere in the article ("Kecamatan A jumlah TPS sebanyak 140 ...
    Berikutnya Kecamatan B 201 TPS ..."): a breakdown over sentences, no one area's figure
    the article's total (reason "breakdown"); a single sub-area's total stays (0.5)."""
    out = list(figures)
    for kind in {f.kind for f in figures}:
        totals = [i for i, f in enumerate(figures) if f.kind == kind and f.reason is None]
        if not totals or any(relations[i] != "sub_area" for i in totals):
            continue
        areas: dict[int, set] = {}
        for f in figures:
            level = level_word(lex, f.scope)
            if f.kind == kind and level and (f.reason is None or f.reason in _SIBLING_REASONS):
                areas.setdefault(level, set()).add(bare(lex, f.scope))
        for i in totals:
            if len(areas.get(level_word(lex, figures[i].scope), ())) >= 2:
                out[i] = replace(figures[i], reason="breakdown")
    return out


_SIBLING_REASONS = ("breakdown", "several_areas")


_NOT_NAMES = frozenset({"sebanyak", "sejumlah", "ada", "terdapat", "total", "jumlah", "di", "dan",
                        "dengan", "yakni", "yaitu", "hanya", "mencapai", "untuk", "kini", "sekitar"})


def _listed(lex: Lexicon, doc: Doc, subject: set[str], figures: list[Figure]) -> list[Figure]:
    """Areas named bare in a list, each with its figure ("... Pulau-Pulau Batu sebanyak 41 TPS,
    Hibala 22 TPS, Tanah Masa 9 TPS"), none of them the article's subject: a breakdown (reason
    "breakdown"), whatever scope the figures were given."""
    if not subject:
        return figures
    text = doc.text
    numbers: set[int] = set()  # number starts of the listed figures
    for sentence in doc.sentences:
        items = [m for m in lex.listed_item.finditer(text, sentence.start, sentence.end)
                 if m.group("name").split()[0].lower() not in _NOT_NAMES]
        for tps in (True, False):
            mine = [m for m in items if (m.group("unit").upper() == "TPS") == tps]
            runs: list[list] = []
            for m in mine:  # items next to each other, joined by a comma or "dan" only
                if runs and _JOIN.fullmatch(text, runs[-1][-1].end(), m.start()):
                    runs[-1].append(m)
                else:
                    runs.append([m])
            for run in runs:
                names = {_item_name(lex, m.group("name")) for m in run}
                if len(names) >= 2 and not names & subject:
                    numbers.update(m.start("num") for m in run)
            # v14: "Koto Tangah memiliki TPS terbanyak, yakni 482 TPS, sedangkan Kuranji 391 TPS": an
            # area named bare after a turn, with its figure, set against the area that ranks first in
            # its sentence: both figures are parts compared, not the subject's total
            for m in mine:
                if (_TURN_BEFORE.search(text, max(sentence.start, m.start() - 15), m.start())
                        and _item_name(lex, m.group("name")) not in subject):
                    ranked = [f for f in figures if f.reason is None and "ranked" in f.flags
                              and sentence.start <= f.number < m.start()
                              and (f.kind == "tps") == tps]
                    if ranked:
                        numbers.add(m.start("num"))
                        numbers.update(f.number for f in ranked)
    return [replace(f, reason="breakdown") if f.reason is None and f.number in numbers else f
            for f in figures]


_TURN_BEFORE = re.compile(r"(?<!\w)(?:sedangkan|sementara)\s+$", re.IGNORECASE)
_JOIN = re.compile(r"\s*(?:\([^()]{0,30}\))?\s*(?:[,;]\s*(?:dan\s+|serta\s+)?|(?:dan|serta)\s+)")


def _item_name(lex: Lexicon, name: str) -> str:
    """A listed area's name without the terms, organisations and level words before it."""
    words = name.split()
    while len(words) > 1 and (words[0].lower() in _LEADING or words[0].lower().rstrip(".") in lex.levels):
        words = words[1:]
    return bare(lex, " ".join(words))


_LEADING = frozenset({"tps", "dpt", "kpu", "kip", "bawaslu", "ppk", "pps", "polsek", "polres"})


def scope_level(lex: Lexicon, scope: str | None, codes: dict | None = None) -> int | None:
    """How fine a scope is (0 province ... 3 village): from its level word, else from the
    region codes of the places of that name ("NTT" is a province: code 53)."""
    if not scope:
        return None
    level = lex.levels.get(scope.split()[0].lower().rstrip("."))
    if level is None and codes:
        depths = {c.count(".") for c in codes.get(bare(lex, scope), ())}
        level = depths.pop() if len(depths) == 1 else None
    return level


def _without_contest_region(lex: Lexicon, doc: Doc, found: dict, subject: set[str], codes: dict) -> set[str]:
    """v9: a subject place named only as a contest's region ("Pilgub Sumut") beside a subject place
    inside it ("Polres Tebing Tinggi Amankan Pilgub Sumut"): the finer place is the article's area,
    the province the contest's."""
    text = doc.text
    body = doc.article.body_offset
    lead_end = text.find("\n\n", body)
    for lo, hi in ((0, body), (body, len(text) if lead_end < 0 else lead_end)):
        placed = {bare(lex, p.name) for p in found.get("places", ()) if lo <= p.start < hi
                  and not _CONTEST_BEFORE.search(text, max(0, p.start - 40), p.start)}
        placed |= {bare(lex, o.place) for o in found.get("organizations", ())
                   if getattr(o, "place", None) and lo <= o.start < hi}
        contests = {bare(lex, e.region) for e in found.get("elections", ())
                    if getattr(e, "region", None) and lo <= e.start < hi}
        if placed or contests:
            break
    else:
        return subject

    def inside(inner: str, outer: str) -> bool:
        return bool(codes.get(inner)) and bool(codes.get(outer)) and all(
            any(c.startswith(o + ".") for o in codes[outer]) for c in codes[inner])
    drop = {n for n in contests - placed if any(inside(m, n) for m in placed)}
    return subject - drop


_CONTEST_BEFORE = re.compile(
    r"(?<!\w)(?:pilgub|pilkada|pilbup|pilwalkot|pilwali|pilwako|pemilihan\s+gubernur(?:\s+dan\s+wakil\s+gubernur)?|"
    r"pemilihan\s+bupati(?:\s+dan\s+wakil\s+bupati)?|pemilihan\s+wali\s*kota(?:\s+dan\s+wakil\s+wali\s*kota)?)"
    r"(?:\s+serentak)?(?:\s+(?:19|20)\d\d)?\s+(?:provinsi\s+)?$", re.IGNORECASE)


def _relation(lex: Lexicon, scope: str, subject: set[str], codes: dict) -> str | None:
    """How a total's scope stands to the article's subject places: None when it is one of
    them or cannot be told (no subject, no region code), else "wider_area" (a province's
    total in a city's article), "sub_area" (a kecamatan's in a kabupaten's article) or
    "other_area" (a neighbouring kabupaten's)."""
    name = bare(lex, scope)
    if not subject or name in subject:
        return None
    if name == NATIONAL_NAME:
        return "wider_area"
    mine = codes.get(name, set())
    theirs = {c for n in subject for c in codes.get(n, ())}
    if not mine or not theirs:
        return None
    if all(any(t.startswith(c + ".") for c in mine) for t in theirs):
        return "wider_area"
    if any(t.startswith(c + ".") for c in mine for t in theirs):
        # wider than some subject places only: a locator ("Kecamatan X, Kabupaten Y"), also when
        # it lies inside another subject place (a province named by the outlet, "Sultra Daily")
        return None
    if any(c.startswith(t + ".") for c in mine for t in theirs):
        return "sub_area"
    return "other_area"


def codes_by_name(lex: Lexicon, found: dict) -> dict[str, set]:
    """Bare place name -> the region codes of the places of that name in the article."""
    codes: dict[str, set] = {}
    for p in found.get("places", ()):
        if getattr(p, "code", None):
            codes.setdefault(bare(lex, p.name), set()).add(p.code)
    return codes


def _named_province(lex: Lexicon, text: str, f: Figure) -> str | None:
    """The province named bare (no level word) right after the figure's term ("DPT Jawa Tengah",
    "DPT Sulsel"), in its full name; None when the term is followed by no province's name."""
    term = lex.term.match(text, f.start)
    if not term or term.end() > f.number:
        # v11: voters counted right after the term and a name ("DPT Papua Selatan 369.112 pemilih"),
        # the figure starting at its number
        # (the whole name: "DPT Aceh Tamiang 216.487 pemilih" is the kabupaten's, not Aceh's)
        term = next((t for t in lex.term.finditer(text, max(0, f.number - 40), f.number)
                     if _NAME_BEFORE_NUMBER.fullmatch(text, t.end(), f.number)), None)
        if not term:
            return None
        name = province_name(text[term.end():f.number].strip())
        return name if regions.candidates(name, "provinsi") else None
    m = re.match(r"\s+((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,2})", text[term.end():f.number])
    if not m:
        return None
    words = m.group(1).split()
    for k in range(len(words), 0, -1):
        name = province_name(" ".join(words[:k]))
        if regions.candidates(name, "provinsi"):
            return name
    return None


_NAME_BEFORE_NUMBER = re.compile(r"\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s+")
_CONTRAST = re.compile(r"(?<!\w)(?:sementara|sedangkan|adapun|lain\s+halnya|berbeda\s+dengan)(?!\w)",
                       re.IGNORECASE)


def against_subject(lex: Lexicon, doc: Doc, found: dict, figures: list[Figure]) -> list[Figure]:
    """Totals whose scope is another area than the article's subject. Beside a total for the
    subject (or one whose scope cannot be told), a wider or an unrelated area's total is only
    a candidate; alone, it stays a total flagged "outside_subject" at confidence 0.5
    (the subject may have been misread: a wrong total is worse than none, but so is dropping
    every total whose area is not the headline's). A sub-area's total stays a total flagged
    "sub_area" (0.5), so the subject's total wins."""
    subject, _, _ = subject_places(lex, doc, found)
    codes = codes_by_name(lex, found)
    subject = _without_contest_region(lex, doc, found, subject, codes)
    for name in subject:  # v9: "Polres Kudus" names a kabupaten the places family did not code
        if name not in codes and name != NATIONAL_NAME:
            found_codes = {r.code for level in ("kabupaten", "kota") for r in regions.candidates(name, level)}
            if found_codes:
                codes[name] = found_codes
    if subject and NATIONAL_NAME not in subject:  # no province counts that many: the country's
        figures = [replace(f, scope="Indonesia") if f.reason is None and f.value > lex.most_regional[f.kind]
                   else f for f in figures]
    levels = subject_levels(lex, doc, found)  # the level each subject place is named at (v14)
    figures = other_level(lex, doc, levels, subject, codes, figures)
    figures = [replace(f, scope=None) if f.reason is None and f.scope and subject
               and bare(lex, f.scope) not in subject and in_office(lex, doc, f) else f for f in figures]
    # the area ranking first or last ("TPS terbanyak berada di Kecamatan X dengan 600 TPS") is
    # the article's only when it is its subject (an unnamed or unknown area's stays)
    figures = [replace(f, reason="ranked") if f.reason is None and "ranked" in f.flags
               and f.scope and subject and bare(lex, f.scope) not in subject else f for f in figures]
    # "Di Desa Cimaragang saja terdapat 12 TPS", "Khusus Kecamatan Cidaun terdapat 60 TPS" in a
    # wider area's report: an area singled out, not the subject's total
    figures = [replace(f, reason="subset") if f.reason is None and f.scope and subject
               and bare(lex, f.scope) not in subject and singled_out(doc.text, f) else f
               for f in figures]
    # "DPT Jawa Tengah untuk Pilgub mencapai ..." in a report on Banyumas: the province named
    # bare right after the term is the figure's area, wider than (or beside) the subject's
    figures = [replace(f, scope=prov, reason="wider_area") if f.reason is None and subject
               and (prov := _named_province(lex, doc.text, f)) and bare(lex, prov) not in subject else f
               for f in figures]
    figures = _province_level(lex, doc, subject, codes, figures)
    figures = _provincial_body(lex, doc, found, subject, codes, figures)
    figures = _over_regencies(lex, doc, subject, codes, figures)
    figures = _regency_level(lex, doc, figures)
    figures = _one_village(lex, doc, subject, figures)
    figures = _villages_in_village_report(lex, doc, figures)
    figures = _siblings(lex, doc, subject, figures)
    figures = _listed(lex, doc, subject, figures)
    relations = [_relation(lex, f.scope, subject, codes) if f.scope and not f.reason else None
                 for f in figures]
    figures = _scattered(lex, figures, relations)
    relations = [r if f.reason is None else None for f, r in zip(figures, relations)]
    # A kecamatan's or village's total whose place the codes cannot relate to the subject ranks
    # below a total of its kind with no scope ("Di Distrik Teminabuan sendiri terdapat 31 TPS"
    # beside "... di 164 TPS" in a regency's report): a named finer area, not the subject.
    unscoped = {f.kind for f in figures if f.reason is None and not f.scope}
    relations = [("sub_area" if r is None and f.reason is None and f.kind in unscoped and subject
                  and (level_word(lex, f.scope) or 0) >= 2 and bare(lex, f.scope) not in subject else r)
                 for f, r in zip(figures, relations)]
    # kinds with a total for the subject itself (or for a scope that cannot be told)
    own = {f.kind for f, r in zip(figures, relations) if f.reason is None and r is None}
    # kinds with a total stated for a subject place by name ("Polres Kediri mengamankan 3.000 TPS
    # di Kabupaten Kediri")
    named_own = {f.kind for f, r in zip(figures, relations)
                 if f.reason is None and r is None and f.scope and bare(lex, f.scope) in subject}
    # v15: in one kecamatan's or village's report ("Kapolsek Wanasari Cek TPS"), a total with no scope
    # larger than the subject's own total of its kind stated by name is a wider area's (the Polres's
    # "1.712 TPS" beside "58 TPS di Kecamatan Wanasari", its scope none or borrowed), not the subject's
    # (not in a report on two or a few areas: the other area's, not a wider one's)
    if len(levels) == 1 and min(levels.values()) >= 2 and not few_areas(doc):
        named = {}
        for f, r in zip(figures, relations):
            if (f.reason is None and r is None and f.scope and bare(lex, f.scope) in levels
                    and "scope_from_previous" not in f.flags):
                named[f.kind] = max(named.get(f.kind, 0), f.value)
        wider = [r is None and f.reason is None and f.kind in named and f.value > named[f.kind]
                 and (not f.scope or "scope_from_previous" in f.flags)  # (a borrowed scope may be wrong)
                 for f, r in zip(figures, relations)]
        relations = ["wider_area" if w else r for w, r in zip(wider, relations)]
        figures = [replace(f, scope=None) if w else f for w, f in zip(wider, figures)]
    out = []
    for f, relation in zip(figures, relations):
        if relation == "wider_area" and f.scope and bare(lex, f.scope) == NATIONAL_NAME:
            f = replace(f, reason=relation)  # the country's figure is never a region's total
        elif (relation == "sub_area" and f.kind not in own and named_own - {f.kind}
              and "scope_from_previous" not in f.flags):  # (a borrowed scope may be wrong)
            # v9: the subject's total of the other kind is stated by name, and this kind only for a
            # part ("Polres Kediri mengamankan 3.000 TPS. Di Kecamatan Pare terdapat 250 TPS dengan
            # 112.000 pemilih"): the part's figure is not the subject's
            f = replace(f, reason="sub_area")
        elif relation == "sub_area":
            f = replace(f, flags=f.flags + ("sub_area",))  # kept, ranked below (0.5)
        elif relation == "wider_area" and level_word(lex, f.scope) is not None:
            # a wider area named with its level word ("DPT sebanyak 3,28 juta pemilih di 7.386 TPS,
            # KPU Provinsi Bali", in a kabupaten's report) is no misread scope: a candidate even alone
            f = replace(f, reason=relation)
        elif (relation == "other_area" and level_word(lex, f.scope) is not None
              and _CONTRAST.search(doc.text, sentence_start(doc, f.number), f.number)):
            # another area named with its level word after a turn to it ("Sementara di Kabupaten
            # Cilacap terdapat 3.400 TPS" in a report on Banyumas) is no misread scope: a candidate
            # even alone (without the turn it may be the subject misread: a Polres named after a
            # city covering a kabupaten)
            f = replace(f, reason=relation)
        elif relation and f.kind not in own:
            f = replace(f, flags=f.flags + ("outside_subject",))  # kept, ranked below (0.5)
        elif relation:
            f = replace(f, reason=relation)
        out.append(f)
    return out
