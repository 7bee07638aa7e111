"""The token reader: every mention of an official in a document, in text order.

``Reader`` reads the Doc's tokens (``tokens.tokenize`` over spaCy's) once and tries, at
each token, the shapes of ``data/officials.yml``:

    [Plt] POSITION [(SHORT)] [admin] [PLACE [(SHORT)]] [UNIT PLACE] [,] [RANK] [H] NAME [SH MH]
    RANK [H] NAME [SH] [, selaku POSITION PLACE]
    UNIT PLACE RANK NAME                      Polsek Kelumpang Tengah Iptu Fadli
    NAME [,] POSITION PLACE                   Yusuf Majid Camat Koja
    POSITION PLACE [: | masing-masing | yakni] NAME (Ketua), NAME (Anggota) ...  one a line too
    BODY PLACE terdiri dari Ketua NAME dan anggota NAME, NAME
    BODY PLACE yang diketuai oleh NAME        Ketua of the body
    NAME (Ketua), NAME (Anggota) dari BODY PLACE
    HEAD BODY PLACE NAME beserta anggota NAME dan NAME
    ... didampingi tiga komisioner lainnya, yakni NAME, NAME dan NAME    (a count before the role word)
    BODY PLACE melalui anggotanya, NAME       a member named after a bare body
    Satu komisioner, NAME, ...                one member of the body named just before
    BODY PLACE terdiri dari NAME (Ketua), NAME dan NAME, masing-masing sebagai anggota
    POSITION PLACE (NAME)                     Kades Sitirejo (Darsono)
    POSITION PLACE, PROVINCE, RANK NAME       Kapolres Padang Pariaman, Sumatera Barat, AKBP ...
    POSITION UNIT yang bertugas di PLACE, RANK NAME
    BODY PLACE, NAME, bersama KASUBBAG/KORDIV DIVISION, NAME    the body's post written without the body
    Ketua merangkap Koordinator Divisi ..., NAME; Koordinator Divisi ... dijabat oleh NAME

Where the NER model tags persons (``hint_starts``/``hint_ends``; never our own rule
tagger's), its spans decide what the patterns cannot: a name that opens with a word
that is also a common word, where a commissioner's division ends and a name begins,
a one-word run before a name set off by commas, a bracketed word (short form of a
place or a person), a name's end before an unknown capitalised word.

Token classes, ranks, positions and names come from ``Words``, places and orgs from
``Places``, what may stand between a post and its holder from ``Between``, roles from ``Roles``; this module strings them into mentions (``read``), the
lists of members included.

Imports: ``pipeline.records``, ``.lexicons``, ``.tokens``, ``.words``, ``.between``, ``.roles``.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.records import Doc
from pipeline.analysis.rules.officials.lexicons import Position, lexicon
from pipeline.analysis.rules.officials.between import Between
from pipeline.analysis.rules.officials.roles import Roles
from pipeline.analysis.rules.officials.tokens import NEWLINE, SENTENCE_ENDS, place_name, tokenize
from pipeline.analysis.rules.officials.words import Mention


class Reader(Between, Roles):
    """Reads the mentions of officials in one document."""

    def __init__(self, doc: Doc, found: dict[str, tuple] | None = None) -> None:
        self.lex = lexicon()
        self.text = doc.text
        self.found = found or {}
        self.toks = tokenize(doc.text, self.lex.skip_line, doc.sentences)  # spaCy's tokens, one pass
        self.n = len(self.toks)
        self.title_end = doc.article.body_offset if doc.article.title else 0
        self.dateline_end = self.title_end + 400
        model_persons = [e for e in doc.entities if e.label == "PER" and not e.source.startswith("rules:")]
        self.hint_starts = {e.start for e in model_persons}
        self.hint_ends = {e.end for e in model_persons}
        self._positions = [self._read_position(i) for i in range(self.n)]
        # Inside a position or just after it, a run can go on into a name ("Ketua PPK
        # Kecamatan Betung Hendri ..."), so no place is learnt from there.
        # (a post that is its body, "PKD Bontoala Rusdi Bakri", covers the body's own word too: officials 12)
        self.in_position = {k for i, p in enumerate(self._positions) if p
                            for k in range(i + (p[0].name != p[0].unit), p[1] + 1)}
        for p in filter(None, self._positions):  # and so can the unit after it: "Asisten I Setda Provinsi X Budi"
            if p[1] < self.n and self.lex.units.match(self.toks, p[1]) and (u := self.unit_place(p[1])):
                self.in_position.update(range(p[1], u[1] + 1))
        self.context: dict[str, dict[str, str]] = {}  # unit -> place key -> place
        self.persons: set[tuple[str, ...]] = set()  # names read so far, as lower-case words
        self.aliases = self._place_aliases()  # "oki" -> "Ogan Komering Ilir"
        self._sentence_ends: list[int] | None = None
        self.placed_units: set[tuple[int, str]] = set()  # (sentence, unit) of the mentions read so far
        self.election_places: list[Mention] = []  # posts naming an election ("pemilihan kepala desa X"), for their places
        # "(Ketua)", "(Anggota PPK)": where a role in brackets may follow a listed name
        self.role_brackets = {k for k, t in enumerate(self.toks) if t.key == "(" and self.lex.heads.match(self.toks, k + 1)}
        self.known = self._known_places()
        # a short form the article gives a place ("KPU Tapanuli Utara (Taput)") is a place where it
        # stands alone later: "Ketua KPU Taput, Julius H", "Ketua Bawaslu Halut Aknos A" (officials 8)
        self.known.update(self.toks[k + 1].key for k in range(1, self.n)
                          if self.toks[k].key == "(" and self.is_run_tok(k - 1) and self.place_acronym(k))

    # -- mentions ----------------------------------------------------------------

    def read(self) -> list[Mention]:
        """Every mention in the text, in order (roles and orgs not yet set)."""
        mentions: list[Mention] = []
        i = 0
        while i < self.n:
            found = self.position_mention(i, mentions) or self.rank_mention(i) or self.unit_mention(i) \
                or self.body_list(i) or self.led_by(i) or self.body_members(i) or self.one_member(i, mentions) \
                or self.role_list(i) or self.staff_without_body(i, mentions)
            if not found:
                i += 1
                continue
            new, replaces_previous = found
            new = new + self.members_after(new[-1], new[-1].last)
            if replaces_previous:
                mentions[-1] = new[0]
                mentions.extend(new[1:])
            else:
                mentions.extend(new)
            self.persons.update(tuple(m.name.lower().split()) for m in new if m.name)
            self.placed_units.update((self.sentence_of(m.first), m.unit) for m in new if m.unit and m.place)
            i = max(m.last for m in new)
        return mentions

    def position_mention(self, i: int, before: list[Mention]) -> tuple[list[Mention], bool] | None:
        found = self.position_at(i)
        if not found:
            return None
        lex = self.lex
        pos, j = found
        written = self.text[self.toks[i].start : self.toks[j - 1].end]  # "Kepala Bidang Humas"
        station = self.station_end(j) if pos.unit == "KPPS" else None
        if station is not None and self.name_after_station(station) and (who := self.person(station, strong=False)):
            # "Ketua KPPS 04 Sugiarti mengatakan", "Ketua KPPS TPS 04 Sugiarti Wulandari": a numbered station,
            # then its chair (the station's village, where the article names it, is his KPPS's place)
            base = Mention(i, station, position=pos.name, unit=pos.unit, written=written)
            return [self.named(base, who)], False
        if station == j + 2:
            j = station  # "Ketua KPPS TPS 05 Desa Sukamaju, A": the station, then the village
        elif station == j + 1 and j + 1 < self.n and (self.admin_at(j + 1, pos.unit) or self.toks[j + 1].key == ","):
            j = station  # "Ketua KPPS 05 Desa Sukamaju, A", "Ketua KPPS 05, A": the station's number alone (officials 11)
        elif pos.unit == "KPPS" and j + 1 < self.n and self.toks[j].key == "di" and self.toks[j + 1].key == "tps" \
                and (c := next((c for c in range(j + 2, min(j + 8, self.n)) if self.toks[c].key == ","), None)):
            j = c  # "Ketua KPPS di TPS khusus lapas, A": the station in words, then the name (officials 8)
        elif self.toks[j - 1].key == "tps" and j < self.n and self.toks[j].text[:1].isdigit():
            j += 1  # "Pengawas TPS 05 Desa Sukamaju, A": the station's number (officials 8)
        elif pos.unit == "Polda" and j < self.n and self.toks[j].key in ("direktorat", "pada") and (c := next((
                c for c in range(j + 1, min(j + 8, self.n)) if self.lex.units.match(self.toks, c)), None)) \
                and self.lex.units.match(self.toks, c)[0] == "Polda" and all(map(self.is_capital_word, range(j + 1, c))):
            j = c  # "Kasubdit 1 Direktorat Reserse Kriminal Umum Polda X": the directorate written out (officials 9)
        if pos.body and j + 1 < self.n and self.toks[j].key == "di" and self.admin_at(j + 1, pos.unit):
            j += 1  # "Ketua KPPS di Kalurahan Tegaltirto, A": the body's place after "di" (issue 12)
        admin_m = self.admin_at(j, pos.unit)
        admin = admin_m[0] if admin_m else None
        j = admin_m[1] if admin_m else self.skip_code(j, pos.unit)
        k0 = self.run_at(j)
        k = self.skip_division(k0)  # "Anggota KPU Kabupaten Banyuasin Divisi Teknis, Andi Wijaya"
        # the name right after the division ("... Divisi Teknis Muhammad Yusran"): the place ends before it
        named_after_division = k > k0 and self.is_name_tok(k) and not self.clear_end(k)
        acronym = k > j and bool(self.place_acronym(k))  # "Kapolres Ogan Komering Ilir (OKI) AKBP ..."
        after = k + 3 if acronym else k
        # a unit after the place: "Kapolsek Sindangbarang Polres Cianjur", "Kasat Intelkam Polres Banyuasin"
        if after + 1 < self.n and self.toks[after].key in (",", "dari") and (u := self.unit_place(after + 1)) \
                and u[2] + 1 < self.n and self.toks[u[2]].key == "," and self.rank_at(u[2] + 1):
            after += 1  # "Kapolsek X, Polres Y, AKP A", "Bhabinkamtibmas X dari Polsek Y, Bripka A": the parent unit (officials 9)
        unit2 = self.unit_place(after)
        end, guessed = after, False
        unit2_place = None
        name_from = None  # where a run goes on into a name
        if unit2 and unit2[0] not in lex.placeless_units:
            u, a, r, _ = unit2
            if self.rank_at(self.after_comma(self.past_duty(r))):
                end = r
            elif r > a and self.place_acronym(r) and self.rank_at(self.after_comma(r + 3)):
                end = r + 3  # "Kapolsek Mesuji Polres Ogan Komering Ilir (OKI) Iptu ..."
            else:  # a unit's name may go on into a person, as after "Ketua KPU": body=u
                end, guessed = self.split_run(a, r, Position(u, u, True, body=u))
            unit2_place = place_name(self.toks[a:min(end, r)]) if end > a else None
            name_from = end if end < r else None
        elif unit2:
            end = unit2[1]
        if end < self.n and self.toks[end].key == "lainnya" and pos.head in self.lex.shared_heads:
            end += 1  # "bersama anggota KPU Kampar lainnya, A dan B": the chair's fellow members
        list_start = self.list_after(end)  # "anggota PPK Lembak masing-masing A, B dan C"
        listed = list_start is not None and bool(self.list_items(Mention(i, i), None, list_start))
        cue_after = bool(acronym or unit2 or self.rank_at(self.after_comma(self.past_duty(end))) or self.prefix_title_at(end))
        if listed and not cue_after:
            # "Komisioner Bawaslu X, A, B dan C": the run is all place, unless a place the article or the
            # gazetteer knows ends inside a longer run and the list's first name follows ("Kota Bandar Lampung Yahnu W, A")
            cue_after = k - j < 2 or (k == k0 and self.split_run(j, k, pos)[0] >= k)
        elif not cue_after:
            cue_after = k == k0 and self.apposed_name(j, end)
        if k > k0 and not cue_after:  # the place ends where the division starts
            split, name_from = k0, (k if named_after_division else None)
        else:
            split, guessed = (k, guessed) if cue_after else self.split_run(j, k, pos)
            name_from = split if split < k else name_from
        if cue_after and k > k0:
            split = k0  # "anggota KPU Divisi Data dan Informasi Hj. A": the division is no place
        place = place_name(self.toks[j:split]) if split > j else None
        place_span = (self.toks[j].start, self.toks[split - 1].end) if place else None
        if place and cue_after:  # "Kapolsek Betung AKP ...": surely a place; later runs may use it
            self.known.add(" ".join(t.key for t in self.toks[j:split]))
        area = None
        if pos.name in self.lex.village_posts:
            area, place = place, None  # "Bhabinkamtibmas Desa Sukamaju": the village served, not the unit
        if pos.unit and (pos.takes_place or not unit2) and (place or not unit2):
            unit = self.government_of(place, admin) if place and pos.unit == "Pemda" else pos.unit
        elif unit2:  # the position's own unit is the one written after it
            unit, place, place_span = unit2[0], unit2_place, None
            if unit == "Pemda" and place:  # "Asisten I Setda Provinsi Bengkulu"
                unit = self.government_of(place, unit2[3])
        else:  # a national office: "Presiden"
            unit, place, place_span = None, None, None
        base = Mention(
            i, end if name_from is None else name_from, position=pos.name, unit=unit, place=place,
            place_span=place_span, flags=("name_place_split_guessed",) if guessed else (), area=area,
            written=written,
        )
        if end < self.n and self.toks[end].key == "," and (
                self.lex.speech_of.ends_at(self.toks, i) or self.lex.stand_in_before.ends_at(self.toks, i)):
            # "sambutan Kapolres, Kompol A": A reads the Kapolres's speech; "Mewakili Kapolresta X,
            # Kompol A selaku Kabag Ops": A stands in for the post and keeps his own
            return [base], False
        end = self.past_province(end)  # "Kapolres Padang Pariaman, Sumatera Barat, AKBP A"
        end = self.past_second_post(end)  # "Ketua Bawaslu X sekaligus selaku Penasehat Y, A"
        if (inc := self.lex.incumbent.match(self.toks, end)) and inc[1] < self.n and self.toks[inc[1]].key == ",":
            end = inc[1]  # "Kepala Desa Kalebarembeng petahana, A" (officials 12)
        rank = self.rank_at(self.after_comma(self.past_duty(end)))
        if rank:
            who = self.person(rank[1], strong=True)
            if who:
                first = self.named(base, who, rank[0], rank[2])
                return [first] + self.ranked_more(base, who[3]), False
            return [replace(base, last=rank[1])], False
        if name_from is not None and (who := self.person(name_from, strong=False)):  # the run goes on
            return [self.named(base, who)] + self.coordinated(pos, base, who[3]), False
        if self.prefix_title_at(end) and (who := self.person(end, strong=True)):  # "Banyuasin H Hanafi ..."
            return [self.named(base, who)] + self.coordinated(pos, base, who[3]), False
        back = self.backward(i, before, base)
        if back:
            return back
        if listed and (items := self.list_items(base, pos.body, list_start)):
            return items, False
        if (who := self.bracketed_name(end)) is not None:  # "Kepala Desa Sukamaju (Darsono)"
            return [replace(self.named(base, who), last=who[3] + 1)], False
        if end < self.n and self.toks[end].key == "," and (who := self.person(end + 1, strong=False)):
            return [self.named(base, who)] + self.coordinated(pos, base, who[3]), False
        if (e := self.past_clause(end)) > end and (who := self.person(e + 1, strong=False)):
            return [self.named(base, who)], False  # "Ketua PPK X, yang juga mantan Ketua PPS Y, A" (officials 10)
        if end < self.n and self.toks[end].key in self.lex.named_as and (who := self.person(end + 1, strong=True)):
            return [self.named(base, who)], False  # "Ketua PPS X bernama A" (officials 10)
        return [base], False

    def station_end(self, j: int) -> int | None:
        """Where a KPPS post's station ends: after "TPS 04" ("TPS 04A" too) or a bare number of up to three
        digits ("04"); None when no station follows the post."""
        if j + 1 < self.n and self.toks[j].key == "tps" and self.toks[j + 1].text[:1].isdigit():
            return j + 2
        return j + 1 if j < self.n and self.toks[j].text.isdigit() and len(self.toks[j].text) <= 3 else None

    def name_after_station(self, s: int) -> bool:
        """A name starts right after a KPPS post's station ("TPS 04 A", "04 A"; no comma, no admin word, no
        place the article names): the number alone is no place (issue 12, conventions round 9)."""
        return not (s >= self.n or self.toks[s].start != self.toks[s - 1].end + 1 or not self.is_name_tok(s)
                    or self.admin_at(s, "KPPS") or any(" ".join(t.key for t in self.toks[s:e]) in self.known
                                                       for e in range(s + 1, min(s + 4, self.n))))

    def backward(self, i: int, before: list[Mention], base: Mention) -> tuple[list[Mention], bool] | None:
        """A person written before the position: "AKP X, selaku Kapolsek Y", "Yusuf Majid Camat Koja"."""
        prev = before[-1] if before else None
        now = self.lex.current.ends_at(self.toks, i) or self.holds_since(i)  # "..., Iptu Y, yang kini menjabat Kanit ..."
        if now and prev and prev.name and prev.last == now[1] - (self.toks[now[1] - 1].key == ","):
            return [replace(base, name=prev.name, name_span=prev.name_span, rank=prev.rank, titles=prev.titles)], False
        j = i
        cue = self.lex.apposition.ends_at(self.toks, j) or self.holds_now(j)
        j = cue[1] if cue else j
        if j > 0 and self.toks[j - 1].key in (",", "("):
            j -= 1
        prev = before[-1] if before else None
        # "... yang diwakili Sertu A, Ketua Panwaslu X yang diwakili oleh B": a post followed by its
        # own stand-in is the next item of a list, not the apposition of the name before it
        represented = self.lex.stand_in_after.match(self.toks, base.last)
        if prev and prev.last == j and prev.name and prev.position is None and not represented \
                and not (cue is None and self.opens_clause(prev.first, base)):
            role = "former" if self.lex.former.ends_at(self.toks, i) else prev.role
            merged = replace(prev, last=base.last, position=base.position, unit=base.unit, place=base.place,
                             place_span=base.place_span, role=role, flags=prev.flags + base.flags,
                             written=base.written)
            return [merged], True
        if prev and prev.last >= j:
            return None
        # A bare name just before: words not read yet, nothing capitalised to their left.
        end = self.before_titles(j)
        start, floor = end, prev.last if prev else 0
        while start > floor and end - start < 5 and (
                self.is_name_tok(start - 1) or self._given_name(start - 1)):  # "Lalu Muhammad Zaini"
            start -= 1
        if start == end or self.in_title(start) or (start > 0 and self.toks[start - 1].key in ("/", "-")):
            return None  # (a unit's place after its number is no name: "Koramil 1426-02/Galesong, camat", officials 10)
        if end - start < 2 and j < i and (start == 0 or self.toks[start - 1].key in SENTENCE_ENDS) \
                and self.toks[base.last].key == "," and self.person(base.last + 1, strong=False):
            return None  # "Terpisah, Plt Kepala Dinas X, Mindarto ...": the post's holder is named after it
        if start > 0 and self.prefix_title_at(start - 1):
            start -= 1
        hinted = self.toks[end - 1].end in self.hint_ends
        if start > 0 and self.is_capital_word(start - 1) and not (
                cue is not None and self.toks[start - 1].key in self.lex.stop_words):
            return None  # (before a cue word, a capitalised connector may open the sentence: "Sementara A yang merupakan ...")
        if end - start < 2 and not hinted and j == i and end == j:
            # a lone capitalised word right before a position: "Pemilihan Gubernur" (a title between
            # makes it a name: "Zulkarnain, SE Ketua KIP", issue 12)
            return None
        who = self.person(start, strong=hinted or self._given_name(start))
        if not who or who[1][1] != self.toks[end - 1].end:
            return None
        return [replace(self.named(base, who), first=start, last=base.last)], False

    def _given_name(self, i: int) -> bool:
        """A capitalised given-name word that is also a common word ("Lalu", "Baiq")."""
        return self.toks[i].text[:1].isupper() and self.toks[i].key in self.lex.given_names

    def coordinated(self, pos: Position, base: Mention, k: int) -> list[Mention]:
        """More names under a head many hold: "Komisioner KPU X Mashudi dan Muhammad Abdullah"."""
        if pos.head not in self.lex.shared_heads:
            return []
        return self.more_names(base, k)

    def ranked_more(self, base: Mention, k: int) -> list[Mention]:
        """More ranked holders of a post many hold: "Babinsa Koramil X Serka A dan Kopda B" (officials 11)."""
        if base.position not in self.lex.village_posts:
            return []
        more: list[Mention] = []
        while k + 1 < self.n and self.toks[k].key in (",", "dan", "serta"):
            k += 1 + (self.toks[k].key == "," and self.toks[k + 1].key in ("dan", "serta"))
            rank = self.rank_at(k)
            who = self.person(rank[1], strong=True) if rank else None
            after = self.after_comma(who[3]) if who else 0
            if not who or self.position_at(after) or self.lex.apposition.match(self.toks, after):
                break  # "..., Serka A dan Kapten B, Danramil X": B holds his own post
            more.append(replace(self.named(base, who, rank[0], rank[2]), first=k))
            k = who[3]
        return more

    def more_names(self, base: Mention, k: int, position: str | None = None) -> list[Mention]:
        """Names joined by ",", "dan", "serta" from ``k``, each with ``base``'s post (or ``position``)."""
        more: list[Mention] = []
        while k < self.n and self.toks[k].key in (",", "dan", "serta"):
            k += 1 + (k + 1 < self.n and self.toks[k].key == "," and self.toks[k + 1].key in ("dan", "serta"))
            if base.position and base.unit in self.lex.body_kinds and k < self.n and self.toks[k].key == "divisi":
                k = self.after_comma(self.skip_division(k))  # "A dan Divisi Teknis B": the next member's division (officials 8)
            who = self.person(k, strong=False)
            if not who or self.rank_at(who[3]) or self.position_at(who[3]):
                break
            m = replace(self.named(base, who), first=k)
            more.append(replace(m, position=position, written=None) if position else m)
            k = who[3]
        return more

    def members_after(self, m: Mention, k: int) -> list[Mention]:
        """Members named after their chair: "Ketua PPS X, A, beserta anggota B dan C"."""
        if m.name is None or m.unit not in self.lex.body_kinds:
            return []
        k = self.after_comma(k)
        cue = self.lex.members.match(self.toks, k)
        if not cue:
            return []
        k = self.after_comma(cue[1])
        intro = self.lex.list_intro.match(self.toks, k)
        k = self.after_comma(intro[1]) if intro else k
        if self.lex.units.match(self.toks, k):
            return []  # "bersama anggota PPK Lembak ...": a post of its own, read as one
        base = Mention(k, k, position=f"{cue[0]} {m.unit}", unit=m.unit, place=m.place, place_span=m.place_span)
        first = self.person(k, strong=False)
        if not first or self.rank_at(first[3]) or self.position_at(first[3]):
            return []
        return [replace(self.named(base, first), first=k)] + self.more_names(base, first[3])

    def bullet_end(self, k: int) -> int:
        """Past a list item's number or bullet: "1.", "2)", "-", "•"."""
        if k + 1 < self.n and self.toks[k].text.isdigit() and self.toks[k + 1].key in (".", ")"):
            return k + 2
        if k < self.n and self.toks[k].key in ("-", "–", "•", "*", "·", "o"):
            return k + 1
        return k

    def list_role(self, k: int) -> tuple[str, int] | None:
        """(role, end) written after a listed name: "(Ketua)", "(Anggota PPK)", "sebagai Ketua", "- Ketua"."""
        lex, toks = self.lex, self.toks
        if k < self.n and toks[k].key == "(":
            head = lex.heads.match(toks, k + 1)
            if head and head[0] in lex.list_roles.values():
                close = next((e for e in range(head[1], min(head[1] + 6, self.n)) if toks[e].key == ")"), None)
                if close is not None:
                    return head[0], close + 1
            return None
        if k < self.n and toks[k].key in ("sebagai", "selaku", "-", "–", ":", ","):
            head = lex.heads.match(toks, k + 1)
            if head and head[0] in lex.list_roles.values() and not lex.bodies.match(toks, head[1]) \
                    and (head[1] >= self.n or toks[head[1]].key in (NEWLINE, ",", ";", ".", "dan")):
                return head[0], head[1]
        return None

    def role_before(self, k: int) -> tuple[str, int] | None:
        """(role, where the name starts) of a role written before a listed name: "Ketua Andi", "anggota: Budi"."""
        head = self.lex.heads.match(self.toks, k)
        if not head or head[0] not in self.lex.list_roles.values() or self.lex.units.match(self.toks, head[1]):
            return None
        e = head[1] + (head[1] < self.n and self.toks[head[1]].key == ":")
        return (head[0], e) if self.is_name_tok(e) else None

    def list_items(self, base: Mention, body: str | None, k: int, need_role: bool = False) -> list[Mention]:
        """A list: "Komisioner PPK Kecamatan Betung: Hendri Kurniadi S.Pd (Ketua), Sopian (Anggota)", or one name a line.

        A role after a name makes the position "<role> <body>"; with ``need_role``, names without one are skipped.
        """
        items: list[Mention] = []
        bulleted = False
        before: str | None = None  # a role written before the names: "Ketua A dan anggota B, C"
        while k < self.n:
            start = k
            while k < self.n and self.toks[k].key == NEWLINE:
                k += 1
            if k > start or bulleted:  # a new line: only a numbered or bulleted item goes on with the list
                b = self.bullet_end(k)
                if b == k:
                    break
                k, bulleted = b, True
            else:
                k = self.bullet_end(k) if not items else k
            head = self.role_before(k)
            if head:
                before, k = head
            elif before not in self.lex.shared_heads:
                before = None  # one Ketua; the Anggota after him are many
            who = self.person(k, strong=True)
            if not who:
                break
            position, end = base.position, who[3]
            role = self.list_role(end) or ((before, end) if before else None)
            written = base.written
            if role:
                position, end = (f"{role[0]} {body}".strip() if body is not None else position), role[1]
                written = None if body is not None else written
            if role or not need_role:
                items.append(replace(self.named(base, who), first=k, last=end, position=position, written=written))
            if end < self.n and self.toks[end].key in (",", ";", "dan", "serta"):
                k = end + 1 + (end + 1 < self.n and self.toks[end + 1].key in ("dan", "serta"))
                continue
            if not (bulleted and end < self.n and self.toks[end].key == NEWLINE):
                break
            k = end
        return items

    def list_after(self, k: int) -> int | None:
        """Where a list opens after a body or a position: "...: A, B", "... masing-masing A, B", "terdiri dari"."""
        if k < self.n and self.toks[k].key == ",":
            k += 1
        intro = self.lex.list_intro.match(self.toks, k)
        if intro:
            k = intro[1]
        if k < self.n and self.toks[k].key == ":" and not (intro is None and self.in_title(k)):
            return k + 1  # (a headline's colon opens what the post said: "Kapolsek X: Pencoblosan Aman", officials 10)
        return k if intro else None

    def body_list(self, i: int) -> tuple[list[Mention], bool] | None:
        """A body, then its members with their roles: "PPK Semidang Gumay terdiri dari A (Ketua), B (Anggota)"."""
        unit = self.unit_place(i) if self.toks[i].key in self.lex.bodies.first else None
        if not unit or unit[0] not in self.lex.body_kinds:
            return None
        kind, j, k, _ = unit
        start = self.list_after(k)
        if start is None:
            return None
        place = place_name(self.toks[j:k]) if k > j else None
        base = Mention(i, k, unit=kind, place=place)
        items = self.list_items(base, kind, start)
        # "A (Ketua), B dan C, masing-masing sebagai anggota": one role for the names without their own
        rest = self.trailing_role(items[-1].last) if items else None
        items = [replace(m, position=f"{rest} {kind}") if m.position is None and rest else m for m in items]
        items = [m for m in items if m.position]
        return (items, False) if items else None

    def trailing_role(self, k: int) -> str | None:
        """The role written after a list for every name in it: ", masing-masing sebagai anggota"."""
        k = self.after_comma(k)
        if k < self.n and self.toks[k].key == "masing-masing":
            k += 1
        if k >= self.n or self.toks[k].key not in ("sebagai", "selaku"):
            return None
        head = self.lex.heads.match(self.toks, k + 1)
        return head[0] if head and head[0] in self.lex.list_roles.values() else None

    def led_by(self, i: int) -> tuple[list[Mention], bool] | None:
        """A body, then its head named after a role verb: "PPK Kalisat yang diketuai oleh Siti Maemunah"."""
        unit = self.unit_place(i) if self.toks[i].key in self.lex.bodies.first else None
        if not unit or unit[0] not in self.lex.body_kinds:
            return None
        kind, j, k, _ = unit
        verb = self.lex.led_by.match(self.toks, k) or self._led_by_ahead(k)
        who = self.person(verb[1], strong=False) if verb else None
        if not who:
            return None
        place = place_name(self.toks[j:k]) if k > j else None
        return [self.named(Mention(i, k, position=f"{verb[0]} {kind}", unit=kind, place=place), who)], False

    def _led_by_ahead(self, k: int) -> tuple[str, int] | None:
        """The role verb a few lower-case words after a body: "Rombongan PPK X berjumlah lima orang yang diketuai oleh A"."""
        for e in range(k + 1, min(k + 8, self.n)):
            t = self.toks[e]
            if t.key in SENTENCE_ENDS or t.key == "," or (t.text[:1].isupper() and not t.text[:1].isdigit()):
                return None  # another name, unit or clause comes first
            if verb := self.lex.led_by.match(self.toks, e):
                return verb
        return None

    def body_members(self, i: int) -> tuple[list[Mention], bool] | None:
        """Members named after a bare body: "Bawaslu X melalui anggotanya, A", "KPU X bersama dua komisioner, A dan B"."""
        unit = self.unit_place(i) if self.toks[i].key in self.lex.bodies.first else None
        if not unit or unit[0] not in self.lex.body_kinds:
            return None
        kind, j, k, _ = unit
        place = place_name(self.toks[j:k]) if k > j else None
        members = self.members_after(Mention(i, k, name="", unit=kind, place=place), k)
        return (members, False) if members else None

    def one_member(self, i: int, before: list[Mention]) -> tuple[list[Mention], bool] | None:
        """One member of the body named just before: "... KPU X. Satu komisioner, A, mengikuti rapat daring"."""
        cue = self.lex.one_member.match(self.toks, i)
        if not cue or cue[1] >= self.n or self.toks[cue[1]].key != ",":
            return None
        body = next((m for m in reversed(before) if m.unit in self.lex.body_kinds), None)
        who = self.person(cue[1] + 1, strong=False)
        if body is None or not who or who[3] >= self.n or self.toks[who[3]].key != ",":
            return None  # the name set off by commas on both sides, as an apposition
        role = "Komisioner" if self.toks[cue[1] - 1].key == "komisioner" else "Anggota"
        if self.toks[cue[1] - 1].key == "lainnya":
            role = "Komisioner"
        base = Mention(i, cue[1], position=f"{role} {body.unit}", unit=body.unit, place=body.place,
                       place_span=body.place_span)
        return [replace(self.named(base, who), first=cue[1] + 1)], False

    def role_list(self, i: int) -> tuple[list[Mention], bool] | None:
        """Names with roles before their body: "A (Ketua), B (Anggota) dan C (Anggota) dari PPK Gelumbang"."""
        if not self.role_brackets or not self.role_brackets.intersection(range(i + 1, i + 10)):
            return None
        if not self.is_name_tok(i) or (i > 0 and self.is_name_tok(i - 1)) or self.in_title(i):
            return None
        who = self.person(i, strong=True)
        if not who or not self.list_role(who[3]) or self.toks[who[3]].key != "(":
            return None
        items = self.list_items(Mention(i, i), "", i, need_role=True)  # roles alone: the body comes after
        if not items:
            return None
        end = items[-1].last
        body = None
        for e in range(end, min(end + 6, self.n)):  # "..., masing-masing dari PPK Gelumbang"
            if self.toks[e].key in SENTENCE_ENDS:
                break
            if self.toks[e].key in self.lex.bodies.first and (u := self.unit_place(e)) and u[0] in self.lex.body_kinds:
                body = u
                break
        if body is None:
            return None
        kind, j, k, _ = body
        place = place_name(self.toks[j:k]) if k > j else None
        return [replace(m, position=f"{m.position} {kind}", unit=kind, place=place) for m in items], False

    def staff_without_body(self, i: int, before: list[Mention]) -> tuple[list[Mention], bool] | None:
        """A body's post written without the body, its holder set off by commas, after that body in the sentence.

        "Sekretaris KPU Sumenep, A, bersama Kasubbag Teknis Penyelenggaraan, B," and "Ketua Bawaslu X,
        A, didampingi Koordinator Divisi Pencegahan, Partisipasi Masyarakat dan Humas, B," (issue 12:
        long posts and named staff of election bodies).
        """
        lex = self.lex
        head = lex.heads.match(self.toks, i)
        member = bool(head) and head[0] in lex.shared_heads and head[1] < self.n and self.toks[head[1]].key == "divisi"
        if not head or (head[0] not in lex.bodiless_heads and not member) or self.position_at(i):
            return None
        # "Komisioner Divisi Teknis A" after the body in the sentence: its member (officials 10)
        k = self.division_words_end(head[1] + member) if head[0] == "Koordinator Divisi" or member else head[1]
        held_by = lex.held_by.match(self.toks, k)  # "Koordinator Divisi ... dijabat oleh A"
        if held_by:
            who = self.person(held_by[1], strong=False)
        elif member and self.is_name_tok(k) and k > head[1] + 1:
            who = self.person(k, strong=False)
        elif k < self.n and self.toks[k].key == ",":
            who = self.person(k + 1, strong=False)
            if who and who[3] < self.n and self.toks[who[3]].key not in (",", ".", NEWLINE):
                return None  # the name set off by commas, as an apposition
        elif head[0] != "Koordinator Divisi" and not member and self.is_name_tok(k) \
                and self.toks[k].key not in lex.division_words and (who := self.person(k, strong=False)) \
                and who[3] < self.n and (self.toks[who[3]].key in (",", ".", NEWLINE, "dan", "serta")
                                         or self.toks[who[3]].text[:1].islower()):
            pass  # "Sekretaris KPU X A bersama Kasubbag Teknis Nuraini dan ...": the name right after the post (officials 12)
        else:
            return None
        if not who or self.toks[who[3] - 1].key in lex.division_words or who[0].split()[0].lower() in lex.division_words:
            return None  # more of the division, not a name: "Kasubbag Teknis Penyelenggaraan, Partisipasi ..."
        sentence = self.sentence_of(i)  # the body named in this sentence or the one before
        body = next((m for m in reversed(before) if m.unit in lex.body_kinds
                     and sentence - 1 <= self.sentence_of(m.first) <= sentence), None)
        if body is None:
            return None
        # "Ketua merangkap (sebagai) Koordinator Divisi ..., A": the chair, who also leads a division
        e = i - (i > 0 and self.toks[i - 1].key == "sebagai")
        role = lex.list_roles.get(self.toks[e - 2].key) if e >= 2 and self.toks[e - 1].key == "merangkap" else None
        position = f"{role or head[0]} {body.unit}"
        base = Mention(i, k, position=position, unit=body.unit, place=body.place, place_span=body.place_span,
                       written=None if role else self.text[self.toks[i].start : self.toks[k - 1].end])
        more = self.more_names(base, who[3]) if member else []  # "... dan Divisi Hukum B"
        return [replace(self.named(base, who), first=i)] + more, False
