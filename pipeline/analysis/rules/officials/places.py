"""Places: the place after a unit or a position, told apart from the name that follows.

A capitalised run after a position may be a place, a name or both ("KPU Banyuasin Rendra
Maulana"). ``split_run`` cuts it at a prefix title, else at the longest place the
article names elsewhere (``known``, gathered by ``_known_places`` from units, admin words,
the dateline and the places and organizations families), else at a person named before,
else at a region of the Kemendagri gazetteer, else where the NER model starts a person,
else by documented guesses that are flagged. ``finish_orgs`` then gives every mention its
org: its unit and place, or the one unit of its kind the article names
(``nearest_units`` when it names several).

Imports: ``.lexicons``, ``.tokens``, ``.words``; ``pipeline.analysis.regions`` and
``pipeline.analysis.rules.places`` (for a government's level) inside the functions that need them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Iterable

from pipeline.analysis.rules.officials.lexicons import Position, spelling_key
from pipeline.analysis.rules.officials.tokens import NEWLINE, SENTENCE_ENDS, looks_like_a_word, phrase_keys, place_name
from pipeline.analysis.rules.officials.words import Mention, Words


class Places(Words):
    """Where places are in the text, and which org each mention belongs to."""

    found: dict[str, tuple]
    known: set[str]
    context: dict[str, dict[str, str]]
    aliases: dict[str, str]
    persons: set[tuple[str, ...]]
    placed_units: set[tuple[int, str]]
    in_position: set[int]
    dateline_end: int
    _sentence_ends: list[int] | None

    def unit_place(self, i: int) -> tuple[str, int, int, str | None] | None:
        """(unit, place start, place end, admin word) of a unit written at ``i``."""
        m = self.lex.units.match(self.toks, i)
        if not m:
            return None
        j = self.skip_acronym(m[1])
        admin = self.admin_at(j, m[0])
        j = admin[1] if admin else self.skip_code(j, m[0])  # "Koramil 0402-03/Pagar Alam"
        return m[0], j, self.run_at(j), admin[0] if admin else None

    def admin_at(self, j: int, unit: str | None) -> tuple[str, int] | None:
        """An admin word to drop before a place; "Kota" stays in "Polsek Kota Arga Makmur"."""
        admin = self.lex.admin.match(self.toks, j)
        if admin and admin[0] == "Kota" and unit in self.lex.kota_in_name:
            return None
        return admin

    def _known_places(self) -> set[str]:
        """Places the article names outside any position, as lower-case keys."""
        lex = self.lex
        known = set(lex.provinces)
        starts = {t.start: k for k, t in enumerate(self.toks)}
        inside = {k for i, pos in enumerate(self._positions) if pos for k in range(i + 1, pos[1])}
        for p in self.found.get("places", ()):
            if starts.get(p.start) in inside:
                continue  # "melalui Kabid Pemerintahan Desa Rudi H": the admin word is the post's (officials 8)
            known.add(" ".join(phrase_keys(p.name)))
        for o in self.found.get("organizations", ()):
            # The family may spell the place out ("Sumatera Selatan"); its name keeps the
            # text's form ("KPU Sumsel"), which is what officials' orgs use.
            written = o.name[len(o.kind) :].strip() if o.name.startswith(o.kind + " ") else None
            if written:  # "Kodim 0408/Bengkulu Selatan": the number is not the place
                written = re.sub(r"^[\d.\-]+\s*/\s*", "", written)
                written = None if re.fullmatch(r"[\d.\-/ ]*", written) else written  # "Kodim 0408"
            for place in {o.place, written} - {None}:
                if not any(looks_like_a_word(k) for k in phrase_keys(place)):
                    known.add(" ".join(phrase_keys(place)))
            if written:
                self.context.setdefault(o.kind, {})[spelling_key(written, o.kind)] = written
        for i in range(self.n):
            if i in self.in_position or self.in_title(i):  # headlines capitalise every word
                continue
            unit = None if lex.heads.ends_at(self.toks, i) else self.unit_place(i)
            admin = lex.admin.match(self.toks, i)
            if unit:
                _, j, k, _ = unit
            elif admin:
                j, k = admin[1], self.run_at(admin[1])
            elif (i == 0 or self.toks[i - 1].key == NEWLINE) and self.toks[i].start < self.dateline_end:
                k = self.run_at(i, 4)  # dateline: "KUALA PEMBUANG -", "Sampang, Garam.News"
                if i < k < self.n and self.toks[k].key in ("-", ","):
                    known.add(" ".join(t.key for t in self.toks[i:k]))
                continue
            else:
                continue
            if k > j and self.clear_end(k) and not any(looks_like_a_word(t.key) for t in self.toks[j:k]):
                known.add(" ".join(t.key for t in self.toks[j:k]))
                if unit:
                    place = place_name(self.toks[j:k])
                    self.context.setdefault(unit[0], {})[spelling_key(place, unit[0])] = place
        return known

    def place_acronym(self, k: int) -> str | None:
        """The short form in brackets after a place: "Ogan Komering Ilir (OKI)", "Kutai Kartanegara (Kukar)"."""
        if not (self.bracketed(k) and self.is_capital_word(k + 1)):
            return None
        t, lex = self.toks[k + 1], self.lex
        if len(t.text) > 8 or self.rank_at(k + 1) or lex.positions.match(self.toks, k + 1) \
                or lex.units.match(self.toks, k + 1) or lex.heads.match(self.toks, k + 1):
            return None
        if not t.text.isupper():  # "Kukar" shortens the words before it; "(Darsono)" names a person
            if t.start in self.hint_starts:
                return None
            initials = {w.text[0].lower() for w in self.toks[max(0, k - 4) : k] if w.text[:1].isupper()}
            if t.text[0].lower() not in initials:
                return None
        return t.text

    def _place_aliases(self) -> dict[str, str]:
        """Short forms the article gives its places, by spelling key."""
        aliases = {}
        for k in range(1, self.n):
            if self.toks[k].key == "(" and self.is_run_tok(k - 1) and (short := self.place_acronym(k)):
                j = k - 1
                while j > 0 and k - j < 4 and self.is_run_tok(j - 1):
                    j -= 1
                if k - j > 1 or len(self.toks[j].text) > len(short):
                    aliases[spelling_key(short)] = place_name(self.toks[j:k])
        return aliases

    def _unit_aliases(self) -> dict[tuple[str, str], str]:
        """Short forms the article gives a unit's place, by (unit, spelling key): "Polres Kotawaringin Timur (Kotim)"."""
        out = {}
        for k in range(1, self.n):
            if self.toks[k].key == "(" and self.is_run_tok(k - 1) and (short := self.place_acronym(k)):
                for j in range(k - 1, max(k - 5, 0), -1):
                    unit = self.lex.units.ends_at(self.toks, j)
                    if unit and self.run_at(j) >= k:
                        out[(unit[0], spelling_key(short))] = place_name(self.toks[j:k])
                        break
        # "Polres Kotawaringin Timur" named in full elsewhere: "Polres Kotim" is that unit (places.yml's
        # kabupaten abbreviations)
        from pipeline.analysis.rules.places import rules as place_rules

        for surface, (level, name) in place_rules().abbreviations.items():
            if level in ("kabupaten", "kota"):
                for kind, places in self.context.items():
                    if spelling_key(name, kind) in places:
                        out.setdefault((kind, spelling_key(surface)), name)
        return out

    def split_run(self, j: int, k: int, pos: Position) -> tuple[int, bool]:
        """Where place ends and name begins in the run [j, k), and whether that is a guess.

        No place ends in a name's initial: "Ketua Bawaslu M. Rahmat" is all name (officials 12).
        """
        s, guessed = self._split_run(j, k, pos)
        while j < s < k and self.toks[s - 1].text.rstrip(".").isalpha() and len(self.toks[s - 1].text.rstrip(".")) == 1 \
                and self.toks[s - 1].text[0].isupper():
            s -= 1
        return s, guessed

    def _split_run(self, j: int, k: int, pos: Position) -> tuple[int, bool]:
        if k == j:
            return k, False
        for s in range(j, k):
            if self.prefix_title_at(s):
                return s, False  # a title starts the name: "Banyuasin H Hanafi", "Pemerintahan Ir Yusra"
        keys = [t.key for t in self.toks[j:k]]
        if pos.name == pos.unit and (" ".join(keys) in self.known or self.is_region(
                place_name(self.toks[j:k]), ("kabupaten", "kota", "kecamatan", "desa", "kelurahan"))):
            return k, False  # "PKD Merak Batin", "PKD Mojosari": the village, whole (officials 12)
        if pos.name == pos.unit and len(keys) == 1 and not self.lex.admin.ends_at(self.toks, j) \
                and not self.short_place(self.toks[j].text):
            return j, True  # "dan PKD Wahyudi": a post that is its body, then no place anyone knows (officials 12)
        for s in range(len(keys), 0, -1):
            if s == 1 < len(keys) and keys[0] in self.lex.given_names:
                continue  # "Kabid Linmas Made Suparta": a given name the places family read as a village (officials 11)
            if " ".join(keys[:s]) in self.known:
                e = self.past_suffixes(j + s, k)
                if pos.takes_place and (r := self.region_prefix(j, k, pos.unit)) and r > e:
                    e = r  # a longer region goes on from the known one: "Aceh Barat" + "Daya"
                return e, False
        for s in range(len(keys)):  # "Pj Bupati Ahmad Syaukani Putra": named so before
            if any(tuple(keys[s : s + min(len(p), 2)]) == p[:2] for p in self.persons):
                return j + s, False
        if pos.takes_place and (e := self.region_prefix(j, k, pos.unit)):  # "Wakil Bupati Kaur Herlian Muchrim"
            return self.past_suffixes(e, k), False
        needs_place = pos.takes_place and pos.body is None and pos.unit not in self.lex.placeless_units
        if pos.name == pos.unit:
            return k, False  # "PKD Merak Batin": a post that is its body splits only where a place is known (officials 12)
        for s in range(j + needs_place, k):  # the model may start a person, but not eat a needed place
            if self.toks[s].start in self.hint_starts:
                return s, False
        if not pos.takes_place:
            return j, False
        if pos.body and ((self.sentence_of(j), pos.unit) in self.placed_units or self.placed_before(j, pos.unit)):
            return j, False  # "Ketua PPS X, A, serta anggota PPS Lusi Andriani": the body was placed just before
        if pos.body in self.lex.kabupaten_bodies and len(keys) <= 3 and any(u == pos.unit for _, u in self.placed_units) \
                and self.region_end(j, k) == j and not self.short_place(self.toks[j].text):
            # "Ketua Bawaslu Banyuwangi A. Hadir Kordiv ... Bawaslu Ratna Dewi Lestari": the body was placed
            # before and no region opens the run, so it is all name (officials 11)
            return j, True
        suffix = max((s for s in range(len(keys)) if keys[s] in self.lex.place_suffixes), default=None)
        given = next((s for s in range(len(keys)) if keys[s] in self.lex.given_names), None)
        if suffix is not None and given is not None and given > suffix:
            return j + given, False  # "Camat Mentawa Baru Ketapang Rudi Hartono"
        if suffix is not None:  # "Kelumpang Tengah"
            return j + suffix + 1, False
        # "Ketua PPK Muhammad Abdullah", "Asisten I Pemerintahan Ahmad Fauzi": a given name opens a name
        if given is not None and (given > 0 or not needs_place or pos.unit not in self.lex.ranked_units):
            return j + given, given > 1
        if len(keys) == 1:
            if pos.name in self.lex.name_after_posts and not self.lex.admin.ends_at(self.toks, j) \
                    and not self.is_region(self.toks[j].text, ("desa", "kelurahan")):
                return j, True  # "Ketua Panitia Pilkades Sutarman": no admin word, no village of that name
            if pos.unit in self.lex.government_units and self.context.get(pos.unit) and k + 1 < self.n \
                    and self.toks[k].key == "," and self.position_at(k + 1) and keys[0] not in self.known \
                    and not self.is_region(self.toks[j].text, ("kabupaten", "kota", "provinsi", "kecamatan", "desa")):
                return j, True  # "Wakil Bupati Aming, Sekda A": the government is named elsewhere (officials 9)
            if needs_place and (self.sentence_of(j), pos.unit) in self.placed_units and keys[0] not in self.known \
                    and not self.is_region(self.toks[j].text) and not self.short_place(self.toks[j].text):
                return j, True  # "Camat Moyo Hilir A, Kasi Pemerintahan Nurhayati dan ...": placed in the sentence (officials 11)
            if needs_place or self.is_region(self.toks[j].text):  # "Anggota DPRD Kaur dari ..."
                return k, False
            return j, not self.context.get(pos.unit or "")  # "Ketua PPK Rusdianoor" when PPK X is named
        if pos.name in self.lex.village_posts and len(keys) <= 3 and not self.lex.admin.ends_at(self.toks, j) \
                and self.region_end(j, k) == j and not self.is_region(place_name(self.toks[j:k]), ("desa", "kelurahan")) \
                and not any(self.is_region(self.toks[s].text, ("desa", "kelurahan")) for s in range(j, k)):
            # "Babinsa Tri Joko menambahkan": no admin word, and no village, kecamatan or kabupaten of the
            # gazetteer or the article in the run: the holder, named without his rank (officials 12). A guess, flagged.
            return j, True
        if needs_place and pos.unit in self.lex.ranked_units:
            return k, False  # police and soldiers carry ranks: a rank-less run is all place
        if pos.unit in self.lex.government_units and len(keys) <= 3 \
                and self.region_end(j, k) == j:
            # "Bupati Elisa Kambu" in an article that names its kabupaten elsewhere: no place the article
            # or the gazetteer knows opens the run, so it is the holder's name (a guess, flagged)
            return j, True
        if pos.body and len(keys) <= 3:
            # "Komisioner Bawaslu Hasmiati Lallo": a body's member with no place the article or the
            # gazetteer knows; the run is her name, as a lone word after a body is. A region of any
            # level a body is named after ends the place ("KPU Tanah Merah Sulastri"). A guess, flagged.
            return self.region_end(j, k), True
        if len(keys) <= 3 and self.region_end(j, k) == j and not self.is_region(self.toks[j].text, ("desa", "kelurahan")):
            # "Sekcam Dede Rohman", "Kasatpol PP Hairil Anwar": no place the article or the gazetteer knows opens
            # a short run, so it is all name; the unit's place comes from the article (officials 11). A guess, flagged.
            return j, True
        return j + 1, True

    def apposed_name(self, j: int, end: int) -> bool:
        """A person set off by commas after the run [j, end), so the run is the place: "Ketua PPD Semangga, Agustinus Kaize,".

        The person is two name words or more, closed by a comma, the sentence's full stop ("Kepala Lapas Batu
        Nusakambangan, Hendra Gunawan.", officials 10) or by the lower-case verb of the
        sentence ("Ketua PKD Sungai Jering, Rudi Hermawan mengatakan", issue 12); or the model
        starts a person there and not in the run.
        """
        if end == j or end + 1 >= self.n or self.toks[end].key != ",":
            return False
        who = self.person(end + 1, strong=False)
        if not who:
            return False
        if self.toks[end + 1].start in self.hint_starts and self.toks[j].start not in self.hint_starts:
            return True
        words = [t for t in self.toks[end + 1 : who[3]] if len(t.text.rstrip(".")) > 1]
        after = who[3] + 1 + (who[3] + 1 < self.n and self.toks[who[3] + 1].key in ("dan", "serta"))
        if after < self.n and self.is_name_tok(after) and not self.position_at(after) \
                and self.toks[who[3]].key not in SENTENCE_ENDS:
            return False  # a list goes on after it ("..., A, B, dan C"): the run may hold its first name
        if who[3] >= self.n:
            return False
        closing = self.toks[who[3]]
        if len(words) == 1:  # "Keuchik Gampong Blang Asan, Zulkarnaini, hadir": one word set off by two commas,
            # then the lower-case verb (officials 8); not a place the article knows ("..., Aceh, mengatakan")
            nxt = self.toks[who[3] + 1] if who[3] + 1 < self.n else None
            return closing.key == "," and nxt is not None and nxt.text[:1].islower() \
                and words[0].key not in self.known and not self.is_region(words[0].text)
        if len(words) < 2:
            return False
        return closing.key in (",", ".") or (closing.text[:1].islower() and closing.key not in self.lex.name_particles)

    def bracketed_name(self, k: int):
        """A person in brackets after a post, as village reports write them: "Ketua PPS (Purwanto)".

        Not a place ("Camat Koja (Jakarta Utara)"), unless the model says it is a person.
        """
        if k >= self.n or self.toks[k].key != "(":
            return None
        who = self.person(k + 1, strong=False)
        if not who or who[3] >= self.n or self.toks[who[3]].key != ")":
            return None
        if self.toks[k + 1].start not in self.hint_starts:
            name = who[0]
            if " ".join(phrase_keys(name)) in self.known or self.is_region(name, ("kecamatan", "kabupaten", "kota", "provinsi")):
                return None
        return who

    def short_place(self, word: str) -> bool:
        """A kabupaten's or province's short form ("Halsel", "Kukar", "Sumsel"), places.yml's abbreviations."""
        from pipeline.analysis.rules.places import rules as place_rules

        return word in place_rules().abbreviations or word.lower() in self.lex.provinces

    def region_end(self, j: int, k: int) -> int:
        """End of the longest region of the gazetteer (any level a body is named after) opening the run [j, k); else ``j``."""
        levels = ("kabupaten", "kota", "provinsi", "kecamatan")
        return next((e for e in range(k, j, -1) if self.is_region(" ".join(t.text for t in self.toks[j:e]), levels)), j)

    def past_suffixes(self, s: int, k: int) -> int:
        """A place goes on through compass suffixes: "Bengkulu" + "Selatan" is one place, not a place and a name.

        Suffixes that are name words too ("Jaya", "Raya") do not carry it on.
        """
        while s < k and self.toks[s].key in self.lex.compass_suffixes:
            s += 1
        return s

    def region_prefix(self, j: int, k: int, unit: str | None) -> int | None:
        """End of the longest region (Kemendagri gazetteer) opening the run [j, k), a name left after it.

        The levels looked up are those the unit is named after (``region_levels``); a common
        given name is never taken for a place ("Bambang" is a kecamatan too).
        """
        if self.toks[j].key in self.lex.given_names:
            return None
        levels = self.lex.region_levels.get(unit or "", self.lex.region_levels["default"])
        for e in range(k - 1, j, -1):
            if self.is_region(" ".join(t.text for t in self.toks[j:e]), levels):
                return e
        return None

    @staticmethod
    def is_region(name: str, levels: Iterable[str] = ("kabupaten", "kota", "provinsi")) -> bool:
        """A region of the gazetteer at one of ``levels``."""
        from pipeline.analysis import regions

        return any(regions.is_known(name, level) for level in levels)

    def placed_before(self, j: int, unit: str) -> bool:
        """The sentence names ``unit`` with a place before ``j``: "perwakilan KPU X, yakni ... Sekretaris KPU A"."""
        start = j
        while start > 0 and self.toks[start - 1].key not in SENTENCE_ENDS and j - start < 60:
            start -= 1
        for k in range(start, j - 2):
            if self.toks[k].key in self.lex.bodies.first and (u := self.unit_place(k)) and u[0] == unit and u[2] > u[1]:
                return True
        return False

    def government_of(self, place: str, admin: str | None) -> str:
        """Pemkab, Pemkot or Pemprov for a place named after "Sekda", "Asisten" ..."""
        if admin in self.lex.government_by_admin:
            return self.lex.government_by_admin[admin]
        key = " ".join(phrase_keys(place))
        for p in self.found.get("places", ()):
            if " ".join(phrase_keys(p.name)) == key and p.level in self.lex.government_by_level:
                return self.lex.government_by_level[p.level]
        if key in self.lex.provinces:
            return "Pemprov"
        from pipeline.analysis import regions
        from pipeline.analysis.rules.places import rules as place_rules

        short = place_rules().abbreviations.get(place)  # "OKI", "Kukar", "Kotim"
        if short and short[0] in self.lex.government_by_level:
            return self.lex.government_by_level[short[0]]

        levels = [lv for lv in ("kabupaten", "kota") if regions.is_known(place, lv)]
        return self.lex.government_by_level[levels[0]] if len(levels) == 1 else "Pemda"

    def finish_orgs(self, mentions: list[Mention]) -> list[Mention]:
        """Orgs for every mention; a placeless one takes the one unit of its kind the article names."""
        lex = self.lex
        from pipeline.analysis.rules.places import province_name

        # "KPU Sulsel" is "KPU Sulawesi Selatan": one org however the article writes it
        mentions = [replace(m, place=province_name(m.place)) if m.place else m for m in mentions]
        # "Pulau Ambon dan Pp Lease" is "Pulau Ambon dan Pulau-Pulau Lease" (officials 10)
        mentions = [replace(m, place=lex.place_phrases.table.get(phrase_keys(m.place), m.place)) if m.place else m
                    for m in mentions]
        # "Polres Kotawaringin Timur (Kotim)" ... "Kapolres Kotim": the short form the article gives a
        # place is that place, written in full (one org however the article writes it)
        unit_aliases = self._unit_aliases()
        mentions = [replace(m, place=unit_aliases.get((m.unit, spelling_key(m.place)), m.place)) if m.place else m
                    for m in mentions]
        for m in mentions + self.election_places:
            if m.unit and m.place:
                self.context.setdefault(m.unit, {})[spelling_key(m.place, m.unit)] = m.place
        units: dict[str, dict[tuple[str, str], str]] = {}  # the context is fixed from here on
        # "Kapolsek X melalui Kasi Humas Aiptu A": a section head speaking for a Kapolsek is the Polsek's (officials 12)
        mentions = [replace(m, unit=prev.unit, place=prev.place) if m.role == "speaker" and m.unit in lex.resort_units
                    and not m.place and (m.position or "").startswith("Kasi ") and prev.unit == "Polsek" and prev.place
                    and prev.last <= m.first else m for prev, m in zip([Mention(0, 0)] + mentions, mentions)]
        placed = _Placed(self, mentions)
        out = []
        for m in mentions:
            org, flags = m.unit, m.flags
            if m.unit and m.place and m.unit not in lex.placeless_units:
                org = f"{m.unit} {m.place}"
                if m.unit == "Kelurahan" and re.search(rf"\bKalurahan\s+{re.escape(m.place)}\b", self.text, re.I):
                    org = f"Kalurahan {m.place}"  # Yogyakarta's Lurah heads a kalurahan, as the article writes it (officials 10)
            elif m.unit == "KPPS" and self.station_number(m) and (village := self.tps_village(m)):
                org = f"KPPS {village}"  # his numbered station's village before the article's other KPPS (officials 11)
            elif m.unit and m.unit not in lex.placeless_units:
                if m.unit not in units:
                    units[m.unit] = self._named_units(m.unit)
                named = units[m.unit]
                if len(named) > 1:
                    named, nearest = self.nearest_units(m, named, placed)
                    flags += ("org_from_context_nearest",) if nearest else ()
                if len(named) == 1:
                    (kind, _), place = next(iter(named.items()))
                    org = f"{kind} {place}"
                elif len(named) > 1:
                    flags += ("org_from_context_ambiguous",)
                elif m.unit == "Desa" and (village := self.village_before(m.first)):
                    org = f"Desa {village}"  # "Di Desa Kualu, Ketua Panitia Pilkades A" (officials 8)
                elif m.unit == "Desa" and (village := self.one_village()):
                    # the one village a Pilkades article names ("Pilkades di Desa X ... Ketua Panitia Pilkades, A"; officials 13)
                    org, flags = f"Desa {village}", flags + ("org_from_context_village",)
                elif level := self.level_only(m):  # "Ketua Panwas Kabupaten, A" (officials 13); "KPU Kota" of no seat: bare
                    if seat := self.one_seat(level):  # that level's one seat
                        org, flags = f"{m.unit} {seat}", flags + ("org_from_context_seat",)
                elif m.unit == "KPPS" and (village := self.tps_village(m)):
                    org = f"KPPS {village}"  # "Di TPS 05 Kelurahan X, ... Ketua KPPS A" (officials 10)
                elif m.unit == "Pemda" and (seat := self.one_seat()):
                    org, flags = f"{self.government_of(seat, None)} {seat}", flags + ("org_from_context_seat",)
                elif m.unit in lex.kecamatan_units and (kecamatan := self.one_kecamatan()):
                    org, flags = f"{m.unit} {kecamatan}", flags + ("org_from_context_kecamatan",)
                elif m.unit in lex.seat_units and (seat := self.one_seat()):
                    org, flags = f"{m.unit} {seat}", flags + ("org_from_context_seat",)
            out.append(replace(m, org=org, flags=flags))
        return out

    def _named_units(self, unit: str) -> dict[tuple[str, str], str]:
        """The units of ``unit``'s kind the article names, as {(kind, place key): place}."""
        kinds = self.lex.government_units if unit in self.lex.government_units else {unit}
        if unit in self.lex.resort_units and not self.context.get(unit):
            kinds = self.lex.resort_units  # "Kabag Ops" of a Polresta: a Polres post in a city's resort
        named: dict[tuple[str, str], str] = {}
        for kind in kinds:
            for key, place in self.context.get(kind, {}).items():
                # "Polres OKI" and "Polres Ogan Komering Ilir (OKI)" are one unit: the long form names it
                long = self.aliases.get(key)
                if long and spelling_key(long, kind) in self.context[kind]:
                    continue
                named[(kind, key)] = place
        return named

    def nearest_units(self, m: Mention, named: dict, placed: "_Placed") -> tuple[dict, bool]:
        """Of several units of its kind, the one for ``m`` and whether that is a guess.

        Named in its sentence ("Kapolsek A ... bersama Bhabinkamtibmas Desa X": A's Polsek), else
        covering its village, else (a guess, flagged) the one last named before it. ``m`` has
        no place of its own, so it is never among the ``placed`` mentions it is compared with.
        """
        near = placed.by_sentence.get(self.sentence_of(m.first), ())
        kept = {key: p for key, p in named.items() if key in near}
        if len(kept) == 1:
            return kept, False
        if m.area:  # the kecamatan of the village, by the gazetteer: "Desa Sukadana" lies in Kecamatan Kayuagung
            from pipeline.analysis import regions

            kecamatan = {spelling_key(regions.region(r.parent_code).name) for r in regions.candidates(m.area, "desa")
                         if r.parent_code and regions.region(r.parent_code)}
            kept = {(kind, key): p for (kind, key), p in named.items() if spelling_key(p, kind) in kecamatan}
            if len(kept) == 1:
                return kept, False
        # The last unit named before it, else the first named after it (per unit: a bisect each).
        before, after = [], []
        for key in named:
            firsts = placed.firsts.get(key)
            if not firsts:
                continue
            k = bisect.bisect_left(firsts, m.first)
            if k:
                before.append((firsts[k - 1], key))
            after.append((firsts[0], key))
        if before or after:
            key = max(before)[1] if before else min(after)[1]
            return {key: named[key]}, True
        return named, False

    def station_number(self, m: Mention) -> str | None:
        """The polling station a KPPS post numbers: "Ketua KPPS TPS 04", "Ketua KPPS 04" (officials 11)."""
        return next((self.toks[k + 1].key for k in range(m.first, min(m.last, self.n - 1))
                     if self.toks[k].key in ("tps", "kpps") and self.toks[k + 1].text.isdigit()), None)

    def tps_village(self, m: Mention) -> str | None:
        """The village of the polling station a KPPS chair with no place serves (officials 10).

        The station named before him in his sentence ("Di TPS Pagesangan, ... Ketua KPPS A"), or the one whose
        number his post gives, where the article names its village ("Ketua KPPS TPS 04, A" ... "TPS 04 Desa X").
        """
        number = self.station_number(m)
        start = m.first
        while start > 0 and self.toks[start - 1].key not in SENTENCE_ENDS:
            start -= 1
        spots = range(start, m.first) if number is None else range(self.n - 1)
        for k in spots:
            if self.toks[k].key != "tps" or self.in_title(k) or m.first <= k < m.last:
                continue  # (not his own post's "TPS 04": "Ketua KPPS TPS 04 A" names no village)
            j = k + 1
            if j < self.n and self.toks[j].text.isdigit():
                if number is not None and self.toks[j].key.lstrip("0") != number.lstrip("0"):
                    continue
                j += 1
            elif number is not None:
                continue
            admin = self.lex.admin.match(self.toks, j)
            if admin and admin[0] not in ("Desa", "Kelurahan"):
                continue
            j = admin[1] if admin else j + (j < self.n and self.toks[j].key == "kampung")  # Papua's village
            e = self.run_at(j, limit=4)
            if e > j and not self.position_at(j) and not self.rank_at(j):
                return place_name(self.toks[j:e])
        return None

    def one_seat(self, level: str | None = None) -> str | None:
        """The one kabupaten or kota every resort-level unit the article places is named after (officials 10).

        "Kabag Ops Polres Kebumen ..., Kasatpol PP Kebumen ..., dan Kepala Dispermades Fransiskus Hadiman": a
        regional office head with no place of his own serves that kabupaten's government (a guess, flagged).
        A short form and the full name are one seat ("Polres Bolaang Mongondow", "KPU Bolmong"; officials 13).
        """
        from pipeline.analysis.rules.places import rules as place_rules

        short = place_rules().abbreviations
        levels = (level.casefold(),) if level else ("kabupaten", "kota")
        units = ("Polda", "KPU", "Bawaslu", "Pemprov") if level == "Provinsi" else (
            "Polres", "Polresta", "KPU", "Bawaslu", "Satpol PP", "Kodim", "Panwaslu", "Panwas")
        seats = {spelling_key(full := short[place][1] if place in short else place): full for unit in units
                 for place in self.context.get(unit, {}).values()
                 if self.is_region(place, levels) or (place in short and short[place][0] in levels)}
        return next(iter(seats.values())) if len(seats) == 1 else None

    def level_only(self, m: Mention) -> str | None:
        """"Kabupaten", "Kota" or "Provinsi" after the mention's body with no name after it ("Ketua Panwas Kabupaten, A")."""
        for k in range(m.first + 1, min(m.last + 1, self.n - 1)):
            admin = self.lex.admin.match(self.toks, k)
            if (admin and admin[0] in ("Kabupaten", "Kota", "Provinsi") and self.run_at(admin[1]) == admin[1]
                    and any((u := self.lex.units.match(self.toks, s)) and u[1] == k for s in range(max(m.first, k - 3), k))):
                return admin[0]
        return None

    def one_village(self) -> str | None:
        """The one village the article names after "Desa" (outside the headline, or in it alone), if one."""
        villages = {}
        for k in range(self.n):
            admin = self.lex.admin.match(self.toks, k)
            if admin and admin[0] == "Desa" and (end := self.run_at(admin[1])) > admin[1] and not self.position_at(admin[1]):
                place = place_name(self.toks[admin[1]:end])
                villages[spelling_key(place)] = place
        return next(iter(villages.values())) if len(villages) == 1 else None

    def one_kecamatan(self) -> str | None:
        """The one kecamatan every kecamatan-level unit the article places is named after (officials 11).

        "Kapolsek Bayongbong ..., Ketua PPK Yayan H, Ketua Panwascam Neneng S": the PPK and the Panwascam
        with no place of their own are Bayongbong's (a guess, flagged).
        """
        # the kecamatan's own bodies first; a Polsek or Koramil may be named after a neighbouring kecamatan
        # ("Kapolsek Langowan ... Ketua PPK Langowan Timur ... Ketua Panwascam A")
        for units in (("PPK", "Panwascam", "PPD", "Kecamatan", "Distrik"), ("Polsek", "Koramil")):
            places = {spelling_key(place): place for unit in units for place in self.context.get(unit, {}).values()}
            if places:
                return next(iter(places.values())) if len(places) == 1 else None
        return None

    def village_before(self, i: int) -> str | None:
        """The village the sentence names before token ``i`` ("Di Desa Kualu, Ketua Panitia Pilkades A"), if one."""
        start = i
        while start > 0 and self.toks[start - 1].key not in SENTENCE_ENDS and i - start < 40:
            start -= 1
        found = None
        for k in range(start, i):
            admin = self.lex.admin.match(self.toks, k)
            if admin and admin[0] == "Desa" and (end := self.run_at(admin[1])) > admin[1]:
                found = place_name(self.toks[admin[1]:end])
        return found

    def sentence_of(self, i: int) -> int:
        """Which sentence token ``i`` is in (a count of the sentence ends before it)."""
        if self._sentence_ends is None:
            self._sentence_ends = [k for k, t in enumerate(self.toks) if t.key in SENTENCE_ENDS]
        return bisect.bisect_left(self._sentence_ends, i)


class _Placed:
    """Mentions that name their place, indexed by sentence and by unit for ``nearest_units``."""

    def __init__(self, places: Places, mentions: list[Mention]):
        self.by_sentence: dict[int, set[tuple[str, str]]] = {}
        self.firsts: dict[tuple[str, str], list[int]] = {}
        for x in mentions:
            if x.place:
                key = (x.unit, spelling_key(x.place, x.unit))
                self.by_sentence.setdefault(places.sentence_of(x.first), set()).add(key)
                self.firsts.setdefault(key, []).append(x.first)
        for firsts in self.firsts.values():
            firsts.sort()
