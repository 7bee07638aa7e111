"""Who took part in an event: the police, military and election units, the officials, and the
election it belongs to.

Part of the 'events' family: a unit named in the event's sentences takes part unless it is
only mentioned there (a parent, a quote, a comparison, a bulk count, an earlier time); the
main event adds the bodies of election officials acting in the article and witnesses.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.analysis import regions
from pipeline.analysis.rules.events.layout import quote_finder, sentence_of, span_finder
from pipeline.analysis.rules.events.lexicon import event_rules
from pipeline.records import Doc, Sentence


def units_taking_part(doc: Doc, found: dict, spans: list[Sentence], is_main: bool = False,
                   lead_end: int = 0) -> tuple[str, ...]:
    """Police, military and election units taking part: those named in the event's
    sentences, less units only mentioned there (a parent set after its Polsek, one quoted,
    compared with, absent, counted in bulk, or named in a later sentence about an earlier
    time), and, for the main event, the bodies of election officials acting in the article
    and units that witnessed or attended it ("disaksikan Panwascam X")."""
    from pipeline.analysis.rules.organizations import find_mentions

    r = event_rules()
    text = doc.text
    orgs = found.get("organizations", ())
    names = {o.name: o for o in orgs}
    by_kind: dict[str, list[str]] = {}  # the units of each kind named with their place
    for o in orgs:
        if o.name != o.kind:
            by_kind.setdefault(o.kind, []).append(o.name)
    mentions = find_mentions(doc, found)
    in_quote = quote_finder(doc)
    span_at = span_finder(spans)
    picked: list[tuple[int, str]] = []

    def only_mentioned(i: int, s: Sentence) -> bool:
        m = mentions[i]
        before = text[s.start:m.start]
        if i and m.kind in _PARENTS.get(mentions[i - 1].kind, ()) and \
                _ADJACENT.match(text[mentions[i - 1].end:m.start]):
            return True  # "Polsek Jonggat, Polres Lombok Tengah", "Kapolsek X Polres Y": its parent
        if m.kind in _BARE_SKIPPED and m.name == m.kind:
            return True  # "Polri", "ke PPS": the force, or every village's committee, not one unit
        if m.name == m.kind and (_IN_BULK.search(before) or (
                before.endswith("dari ") and text.startswith(" ke ", m.end))):
            return True  # "tiba di 19 PPK", "seluruh PPK", "dari PPK ke PPS": every committee
        if m.name == m.kind and m.kind in _KECAMATAN_BODIES and _ROUTE.search(before):
            return True  # "kotak suara dibawa ke PPK", "dari PPK kami kawal": where the boxes go
        if m.kind == "KPPS" and _KPPS_TOPIC.search(before):
            return True  # "pembentukan KPPS", "APD untuk petugas KPPS": the crews talked about
        if m.kind == "Polda" and _BRIMOB_OF.search(before):
            return True  # "Brimob Polda Sulselbar", "SSK Brimob yang diperbantukan dari Polda
            # Papua": the detachment's home, lent to the Polres; the Polda did not take part
        return bool(_REPRESENTED_BEFORE.search(before) or _NOT_THERE.search(before)
                    or in_quote(m.start)
                    or (is_main and s.start >= lead_end and _EARLIER.search(text[s.start:s.end])))

    for i, m in enumerate(mentions):
        s = span_at(m.start)
        if s is None and is_main and m.start >= lead_end:
            s = _witness_sentence(doc, m.start)
        if s is None or only_mentioned(i, s):
            continue
        name = m.name if m.name in names else None
        if m.name == m.kind:
            name = _bare_name(m, mentions[i + 1] if i + 1 < len(mentions) else None, by_kind, doc, found)
            if name == m.kind and m.kind in _TERRITORIAL:
                continue  # "pelantikan anggota PPK", "personel Kodim": which one the article never says
        if name and (names[name].sector if name in names else sector_of(name)) in r.sectors:
            picked.append((m.start, name))
    if is_main:
        picked += _officials_bodies(doc, found, in_quote, lead_end)
    out: list[str] = []
    for _, name in sorted(picked):
        name = unit_name(name, text)
        if name not in out:
            out.append(name)
    return tuple(n for n in out if not _short_twin(n, out, text) and not _run_on(n, out)
                 and not _kabupaten_committee(n))


def headquarters_units(doc: Doc, found: dict, spans: list[Sentence]) -> tuple[str, ...]:
    """Units whose headquarters the event's sentences name bare ("usai apel di Mapolres"):
    the article's one unit of that kind."""
    kinds: dict[str, set[str]] = {}
    for o in found.get("organizations", ()):
        if o.name != o.kind:
            kinds.setdefault(o.kind.lower(), set()).add(o.name)
    out = []
    for s in spans:
        for m in _HEADQUARTERS.finditer(doc.text[s.start:s.end]):
            named = kinds.get(m.group(1).lower(), set())
            if len(named) == 1:
                out.append(unit_name(next(iter(named)), doc.text))
    return tuple(dict.fromkeys(out))


def sector_of(name: str) -> str | None:
    from pipeline.analysis.rules.organizations import rules as org_rules

    key = name.split()[0].lower() if name else ""
    unit = org_rules().unit_of.get(key) or org_rules().unit_of.get(_OLD_KINDS.get(key, ""))
    return unit.sector if unit else None


# The 2015-2018 kabupaten overseer written "Panwas" (officials 8 keeps that name as the org,
# "Ketua Panwas Gowa" -> "Panwas Gowa"): a Panwaslu, so an election body (events 11).
_OLD_KINDS = {"panwas": "panwaslu"}


def _bare_name(m, following, by_kind: dict[str, list[str]], doc: Doc, found: dict) -> str | None:
    """The one unit a bare "KPU", "PPK" stands for: the article's one unit of the kind; the
    place of the body named right after it ("KPU dan Bawaslu Sumba Timur"); for a kabupaten
    body ("KPU setempat") the place of the article's one Polres; for a kecamatan committee
    the article's one kecamatan unit's place."""
    if len(by_kind.get(m.kind, ())) == 1:
        return by_kind[m.kind][0]  # "Ketua PPK" in an article about PPK Betung
    if by_kind.get(m.kind):
        return None  # several units of the kind: which one is not said
    text = doc.text
    if following is not None and following.name != following.kind and following.sector == m.sector \
            and _LISTED.match(text[m.end:following.start]):
        return f"{m.kind} {following.name[len(following.kind) + 1:]}"
    level_kinds = _KABUPATEN_POLICE if m.kind in _KABUPATEN_BODIES else (
        _KECAMATAN_UNITS if m.kind in _KECAMATAN_BODIES else ())
    places = {o.name[len(o.kind) + 1:] for o in found.get("organizations", ())
              if o.kind in level_kinds and o.name != o.kind}
    if not places and m.kind in _KECAMATAN_BODIES:  # "... salah satunya di Kecamatan Perbaungan"
        places = {p.name for p in found.get("places", ()) if p.level == "kecamatan"}
    if len(places) == 1:
        return f"{m.kind} {places.pop()}"
    return m.name


def _officials_bodies(doc: Doc, found: dict, in_quote, lead_end: int) -> list[tuple[int, str]]:
    """The election bodies of officials acting in the article (chairing, speaking, attending):
    their bodies took part in the main activity, unless the sentence is about an earlier
    time, the person stands in for someone or no longer holds the post."""
    text = doc.text
    out = []
    for o in found.get("officials", ()):
        if not o.org or o.role == "former" or sector_of(o.org) != "election":
            continue
        if o.org.split()[0] == "KPPS" or len(o.org.split()) < 2 or in_quote(o.start):
            continue
        s = doc.sentences[sentence_of(doc, o.start)]
        if s.start >= lead_end and _EARLIER.search(text[s.start:s.end]):
            continue
        if _REPRESENTED_BEFORE.search(text[s.start:o.start]) or _NOT_THERE.search(text[s.start:o.start]):
            continue
        kind, _, place = o.org.partition(" ")
        # Aceh: the officials family files a KIP commissioner under the KPU; the unit
        # the article names is the KIP ("KIP Bireuen"), the Panwaslih likewise.
        local = next((f"{k} {place}" for k in _LOCAL_NAMES.get(kind, ())
                      if f"{k} {place}" in {g.name for g in found.get("organizations", ())}), o.org)
        out.append((o.start, local))
    return out


def _kabupaten_committee(name: str) -> bool:
    """"PPK Ogan Ilir" ("calon anggota PPK ... di Kabupaten Ogan Ilir"): a kecamatan committee
    named with a kabupaten is every committee of it, not one unit taking part."""
    kind, _, place = name.partition(" ")
    return kind in _KECAMATAN_BODIES and bool(place) and not regions.is_known(place, "kecamatan") \
        and (regions.is_known(place, "kabupaten") or regions.is_known(place, "kota"))


def _run_on(name: str, names: list[str]) -> bool:
    """"Koramil 0201-08/MA Jaga Gudang Logistik PPK Medan Amplas" (a Title Case headline read
    on into another unit) beside "Koramil 0201-08/MA": the same unit, the words after it
    not part of its name ("PPS Aur Tajungkang" beside "PPS Aur" is a longer name, kept)."""
    from pipeline.analysis.rules.organizations import rules as org_rules

    kinds = org_rules().unit_of
    for other in names:
        if other != name and name.startswith(other + " "):
            rest = name[len(other):].split()
            if len(rest) >= 3 and any(w.lower() in kinds for w in rest):
                return True
    return False


def _witness_sentence(doc: Doc, pos: int) -> Sentence | None:
    """The sentence of ``pos`` when a unit there witnessed or attended the activity
    ("disaksikan Panwascam Kertek", "turut hadir ... PPK"), and it says nothing of a plan."""
    s = doc.sentences[sentence_of(doc, pos)]
    before = doc.text[s.start:pos]
    if _WITNESS.search(before[-80:]) and not event_rules().not_happened.search(doc.text[s.start:s.end]):
        return s
    return None


def unit_name(name: str, text: str) -> str:
    """A unit's name in the events' form: provinces in full ("Polda Kalbar" -> "Polda
    Kalimantan Barat"), the KPPS without a place (a crew per polling station)."""
    from pipeline.analysis.rules.places import canonical_org

    if name.startswith("KPPS"):
        return "KPPS"
    return canonical_org(name)


def _short_twin(name: str, names: list[str], text: str) -> bool:
    """"Polres Kotim" beside "Polres Kotawaringin Timur" where the text writes
    "Kotawaringin Timur (Kotim)" or places.yml knows the short form: the same unit, kept
    once under its full name."""
    from pipeline.analysis.rules.places import canonical_org

    kind, _, place = name.partition(" ")
    full = canonical_org(name, kabupaten=True)
    if full != name and full in names:
        return True  # "KPU Taput" beside "KPU Tapanuli Utara": places.yml's short form
    seat = regions.seat_of(place) if kind in _KABUPATEN_POLICE and place else None
    if seat and not regions.is_known(place, "kabupaten") and not regions.is_known(place, "kota") and \
            f"{kind} {regions.bare_name(regions.region(seat).name)}" in names:
        return True  # "aula Mapolres Tarutung" beside "Polres Tapanuli Utara": the seat of that Polres
    if _NUMBER_ONLY.match(name) and any(o.startswith(name + "/") for o in names):
        return True  # "Koramil 1208-03" ("Danramil 1208-03 Tebas") beside "Koramil 1208-03/Tebas"
    for other in names:
        okind, _, oplace = other.partition(" ")
        if other != name and okind == kind and place and oplace and \
                re.search(rf"{re.escape(oplace)}\s*\(\s*{re.escape(place)}\s*\)", text):
            return True
    return False


# Jonggat, Polres Lombok Tengah,", "Kapolsek Pelaihari Polres Tanah Laut", "Koramil 0815/16
# Pacet Kodim 0815/Mojokerto"), not a second unit taking part.
_PARENTS = {"Polsek": {"Polres", "Polresta", "Polrestabes", "Polda"},
            "Polres": {"Polda"}, "Polresta": {"Polda"}, "Polrestabes": {"Polda"},
            "Koramil": {"Kodim", "Korem"}, "Kodim": {"Korem"}}
_ADJACENT = re.compile(r"^\s*,?\s*$")
# Bare names that stand for no one unit: the national forces, and "PPS"/"Panwaslu" with no
# place (logistics go "ke PPS": the committees of every village).
_BARE_SKIPPED = {"Polri", "TNI", "PPS", "Panwaslu"}
# Territorial units that a bare name leaves unknown when the article names no place for
# them (no unit of the kind, no kecamatan, no body listed beside): kept out, like "PPS".
# The KPPS is written bare (a crew per polling station), a bare KPU or Bawaslu may be the
# national body.
_TERRITORIAL = {"PPK", "Panwascam", "Kodim", "Koramil", "Korem"}
_REPRESENTED_BEFORE = re.compile(r"\bmewakili\s+(?:\S+\s+){0,4}$", re.I)
_REPRESENTED_AFTER = re.compile(r"^\W*(?:yang\s+)?diwakili\b", re.I)
# Before a unit in its sentence: the unit is compared with ("di hari yang sama dengan
# Polresta Manado") or somewhere else ("berhalangan hadir karena mengikuti rapat di KPU ...").
_NOT_THERE = re.compile(
    r"(?:\byang\s+sama\s+dengan|\bsama\s+halnya\s+dengan|\bseperti\s+halnya)\s+(?:\S+\s+){0,2}$"
    r"|\b(?:berhalangan|absen|tidak\s+(?:dapat\s+|bisa\s+)?hadir)\b", re.I)
# A bare kind counted or taken as a whole: "19 PPK", "seluruh PPK", "se-Kabupaten".
_IN_BULK = re.compile(r"(?:\b\d+|\bseluruh|\bsemua|\bsetiap|\btiap|\bmasing-masing|\bpara|\bse-?)\s*$", re.I)
# A later sentence about an earlier time ("rapat koordinasi pekan lalu", "Bulan lalu Kapolsek
# juga sudah bertemu ...", "sebelumnya menginstruksikan"): its units took part in that, not in
# the main event (an event of its own, dated in that sentence, keeps them).
_EARLIER = re.compile(r"\b(?:bulan|pekan|minggu|tahun)\s+lalu\b|\bsebelumnya\b", re.I)
# Attending or witnessing the activity, anywhere in the article.
_WITNESS = re.compile(r"\b(?:disaksikan|diawasi|dihadiri|turut\s+hadir|ikut\s+serta|ikut\s+dalam)\b"
                      r"(?:(?!\b(?:pada|saat|ketika)\b)[^.;])*$", re.I)
# The polling-station crews as a topic (formed, recruited, supplied), not as people present.
_KPPS_TOPIC = re.compile(r"\b(?:pembentukan|rekrutmen|perekrutan|seleksi|pendaftaran|calon|untuk|bagi)"
                         r"\s+(?:(?:petugas|anggota|ketua)\s+)?$", re.I)
# A territorial unit named by its number only.
_NUMBER_ONLY = re.compile(r"^(?:Kodim|Koramil|Korem) [\d.\-]+$")
# A bare committee as the place ballot boxes come from or go to, not a unit there.
_ROUTE = re.compile(r"\b(?:ke|dari)\s+$", re.I)
# A Brimob detachment named with the Polda it comes from, right before that Polda.
_BRIMOB_OF = re.compile(r"\bBrimob\b(?:\s+(?!dan\b|serta\b)\S+){0,3}\s+$", re.I)
_LOCAL_NAMES = {"KPU": ("KIP",), "Panwaslu": ("Panwaslih",), "Bawaslu": ("Panwaslih",)}
_LISTED = re.compile(r"^\s*(?:dan|serta|,)\s*$")
# A unit's headquarters named bare, with no place after it ("di Mapolres.", "ke Makodim untuk").
_HEADQUARTERS = re.compile(r"\bMa(polres|polresta|polsek|polda|kodim|koramil)\b(?!\s+[A-Z0-9])", re.I)
_KABUPATEN_BODIES = {"KPU", "Bawaslu", "KIP", "Panwaslih"}
_KABUPATEN_POLICE = {"Polres", "Polresta", "Polrestabes"}
_KECAMATAN_BODIES = {"PPK", "Panwascam"}
_KECAMATAN_UNITS = {"Polsek", "PPK", "Panwascam", "PPD"}


def officials_in(doc: Doc, found: dict, spans: list[Sentence]) -> tuple[str, ...]:
    """People in the event's sentences, less former holders and those someone stood in for."""
    text = doc.text
    picked: list[tuple[int, str]] = []
    for o in found.get("officials", ()):
        if o.role == "former" or o.name in {n for _, n in picked}:
            continue
        # The officials family keeps one record per person: a later mention of the
        # same full name in an event sentence counts too.
        hits = [(o.start, o.end, s) for s in spans if s.start <= o.start < s.end]
        hits += [(s.start + m.start(), s.start + m.end(), s) for s in spans
                 for m in re.finditer(rf"(?<![\w-]){re.escape(o.name)}(?![\w-])", text[s.start:s.end])]
        for start, end, s in sorted(hits, key=lambda h: h[0]):
            represented = (_REPRESENTED_BEFORE.search(text[s.start:start])
                           or _REPRESENTED_AFTER.match(text[end:s.end]))
            if not represented:
                picked.append((start, o.name))
                break
    return tuple(n for _, n in sorted(picked))


def election_named(elections: tuple) -> str | None:
    """The election the article names most (first named on a tie), with its year."""
    if not elections:
        return None
    counts = Counter(e.type for e in elections)
    first = {}
    for e in sorted(elections, key=lambda e: e.start):
        first.setdefault(e.type, e.start)
    etype = max(counts, key=lambda t: (counts[t], -first[t]))
    years = Counter(e.year for e in elections if e.type == etype and e.year)
    return f"{etype} {years.most_common(1)[0][0]}" if years else etype
