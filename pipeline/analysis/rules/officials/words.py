"""What the reader knows about one token: word classes, titles, ranks, positions, names.

``Words`` holds a document's tokens (``self.toks``) and the compiled lexicon (``self.lex``)
and answers questions about the token at an index: is it a capitalised word or a name
word, does a title, rank or position start there and where does it end, where does the
capitalised run after a position end, which person (name, titles) is written from there.
Every part of the reader (``places``, ``roles``, ``reader``) builds on these answers.
``Mention`` is what the reader records for each mention of a person or a post.

Imports: ``.lexicons``, ``.tokens``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.analysis.rules.officials.lexicons import Lexicon, Position
from pipeline.analysis.rules.officials.tokens import Tok, display_name, looks_like_a_word

# A word that may be part of a name: "Budi", "BUDI", "Ma'ruf", an initial, "Moh."
NAME_WORD = re.compile(
    r"[A-Z][a-z]+(?:['\-][A-Za-z][a-z]*)*|[A-Z]{2,}(?:['\-][A-Z]+)*|[A-Z]\.?|(?:Muh|Moh|Mhd|Abd|Ach|Moch|Mochd|Much|MUH|MOH|MHD|ABD|ACH|MOCH|MOCHD|MUCH)\."
    # inside a name (officials 9): a Minang title "Yusrizal Dt. Majo Basa", a North Maluku "Darmin Hi. Hasan"
    r"|(?:Dt|Hi|DT|HI)\."
    r"|(?:Dg|DG)\."  # a Makassar "Daeng" inside a name: "Haeruddin Dg. Tompo" (officials 11)
    r"|[A-Z]\.(?:[A-Z]\.?)+"  # dotted initials inside a name: "Jhon B.C Simarmata", "A.R. Siregar" (officials 10)
)

# Weekdays, never a name even hyphenated into a span ("Sabtu-Minggu", officials 10)
_DAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"})

# A military unit's territorial number, with its sub-unit after a hyphen: "0322", "12", "1016-03"
MILITARY_CODE = re.compile(r"\d+(?:-\d+)?")
COMMANDERS = frozenset({"Dandim", "Danrem", "Danramil"})  # "Kasi Ops Dandim X": the staff head's unit (officials 11)


@dataclass(frozen=True)
class Mention:
    """One mention of a person, or of a position with no name, in the text."""

    first: int  # token range [first, last) of the whole mention
    last: int
    name: str | None = None
    name_span: tuple[int, int] | None = None  # character offsets of the name alone
    rank: str | None = None
    position: str | None = None
    unit: str | None = None  # the kind of its org: Polsek, PPK, Pemkab ...
    place: str | None = None  # the org's place when the text gives one
    place_span: tuple[int, int] | None = None  # its character offsets
    org: str | None = None  # set once the whole article is read
    titles: tuple[str, ...] = ()
    role: str = "holder"
    flags: tuple[str, ...] = ()
    area: str | None = None  # the village a Bhabinkamtibmas or Babinsa serves: not the unit's place
    written: str | None = None  # the position as written: "Kepala Bidang Humas"


class Words:
    """Token-level answers over ``toks``; the reader sets these attributes up (``reader.Reader``)."""

    lex: Lexicon
    toks: tuple[Tok, ...]
    n: int
    title_end: int  # tokens before this offset are in the headline
    hint_starts: set[int]  # where the NER model starts and ends a person
    hint_ends: set[int]
    _positions: list[tuple[Position, int] | None]
    election_places: list["Mention"]  # set by the reader; filled by ``Roles``, read by ``Places``

    def is_capital_word(self, i: int) -> bool:
        return i < self.n and self.toks[i].text[0].isalpha() and self.toks[i].text[0].isupper()

    def is_name_tok(self, i: int) -> bool:
        return i < self.n and self.could_be_name(i) and (
            self.toks[i].key not in self.lex.stop_words or self.clitic_name(i))

    def clitic_name(self, i: int) -> bool:
        """A stop word only by its shape (a stop word + "-lah"/"-kah": "kami" + "lah"), capitalised
        in the body right after a name word, is a name word: "Anggota KPU Divisi Data Siti Nur Kamilah"."""
        t = self.toks[i]
        key = t.key
        return (i > 0 and t.text[:1].isupper() and not self.in_title(i)
                and any(key.endswith(c) and key[:-len(c)] in self.lex.stop_words for c in self.lex.name_clitics)
                and self.toks[i - 1].end + 1 == t.start and self.toks[i - 1].text[:1].isupper()
                and self.toks[i - 1].key not in self.lex.stop_words and self.could_be_name(i - 1))

    def could_be_name(self, i: int) -> bool:
        """A name word, or a word like "Lalu" that is a name only where a name must be."""
        t = self.toks[i]
        return bool(NAME_WORD.fullmatch(t.text)) and t.key not in self.lex.not_names \
            and not ("-" in t.key and all(p in _DAYS for p in t.key.split("-"))) \
            and t.text.replace(".", "") not in self.lex.suffix_titles

    def is_run_tok(self, i: int) -> bool:
        """A word of the capitalised run after a position: place or name."""
        if self.is_name_tok(i):
            return True
        if i + 1 < self.n and self.name_stop_word(i) and self.is_name_tok(i + 1):  # "KPU Belu Agustinus Mau Leki"
            return True
        if self.is_capital_word(i) and self.toks[i].key in self.lex.given_names and i + 1 < self.n \
                and self.is_name_tok(i + 1):  # "Ketua KPU Lombok Timur Lalu Winengan" (officials 10)
            return True
        if self.is_capital_word(i) and self.toks[i].key in self.lex.place_words:  # "Seram Bagian Barat"
            return i + 1 < self.n and self.is_capital_word(i + 1) and (
                self.is_name_tok(i + 1) or self.toks[i + 1].key in self.lex.place_suffixes)
        return self.is_capital_word(i) and self.toks[i].key in self.lex.place_suffixes

    def in_title(self, i: int) -> bool:
        return self.toks[i].start < self.title_end

    def title_at(self, i: int, table: dict[str, str]) -> tuple[str, int] | None:
        """(canonical title, end index) of a title written over one to three tokens ("S. Pd").

        A comma typed for the dot inside a title, with no space on either side, is read as one ("M,Si").
        """
        joined, best = "", None
        for j in range(i, min(i + 4, self.n)):
            t = self.toks[j]
            if t.key == "," and i < j < self.n - 1 and t.start == self.toks[j - 1].end \
                    and self.toks[j + 1].start == t.end and self.toks[j + 1].text[0].isalpha():
                continue
            if not t.text[0].isalpha() or (j > i and t.start - self.toks[j - 1].end > 1):
                break
            joined += t.text.replace(".", "")
            if joined in table:
                best = (table[joined], j + 1)
        return best

    def prefix_title_at(self, i: int) -> tuple[str, int] | None:
        """A prefix title followed by a capitalised word ("H Hanafi", "Ir Yusra")."""
        t = self.title_at(i, self.lex.prefix_titles)
        return t if t and self.is_capital_word(t[1]) else None

    def rank_at(self, i: int) -> tuple[str, int, tuple[str, ...]] | None:
        """(canonical rank, end index, flags) of a rank with its "Pol."/corps suffix."""
        lex = self.lex
        if i >= self.n:
            return None
        t = self.toks[i]
        if t.text in lex.rank_typos:
            rank, j = lex.rank_typos[t.text], i + 1
        else:
            m = lex.ranks.match(self.toks, i)
            if not m or not t.text[0].isupper():  # "mayor" the word is not Mayor
                return None
            rank, j = m
        if lex.not_rank_after.ends_at(self.toks, i):  # "Jalan Jenderal Sudirman"
            return None
        flags: tuple[str, ...] = ()
        if j + 1 < self.n and self.toks[j].key == "." and self.toks[j].start == self.toks[j - 1].end \
                and self.toks[j + 1].text[:1].isupper():
            j += 1  # a dot glued to the rank, as police releases write it: "Kompol. H. Bambang"
        while j < self.n:  # "Kombes Pol.", "(Pol)", "Letkol Inf", "Kolonel Laut (P)", "(Purn)"
            k = self.toks[j].key
            if k in ("pol", "purn") or (rank in lex.military and k in lex.corps) \
                    or (k == "polisi" and self.toks[j].text[0] == "P"):  # "Brigjen Polisi A" (Antara, officials 10)
                flags += ("retired",) if k == "purn" else ()
                j += 1
                if j < self.n and self.toks[j].key == "." and self.toks[j].start == self.toks[j - 1].end:
                    j += 1  # "Kapten Inf. Sumardi"
            elif self.bracketed(j) and (len(self.toks[j + 1].key) <= 4 or lex.ranks.match(self.toks, j + 1)):
                flags += ("retired",) if self.toks[j + 1].key == "purn" else ()
                j += 3
            else:
                break
        return rank, j, flags

    def position_at(self, i: int) -> tuple[Position, int] | None:
        """The position written at ``i`` (qualifier included) and the index after it."""
        return self._positions[i] if i < self.n else None

    def _read_position(self, i: int) -> tuple[Position, int] | None:
        lex = self.lex
        qualifier = lex.qualifiers.match(self.toks, i)
        j = qualifier[1] if qualifier else i
        if qualifier and self.bracketed(j) and lex.qualifiers.match(self.toks, j + 1):
            j += 3  # "Penjabat (Pj) Bupati"
        best: tuple[Position, int] | None = None
        for table in (lex.positions, lex.unit_heads):
            m = table.match(self.toks, j)
            if m and (best is None or m[1] > best[1]):
                best = m
        head = lex.heads.match(self.toks, j)
        if head and head[0] in ("Ketua", "Wakil Ketua") and (more := lex.heads.match(self.toks, head[1])) \
                and more[0] == "Komisioner":
            head = head[0], more[1]  # "Ketua Komisioner Panwascam X": the chair
        if head:
            # "Komisioner Divisi Hukum dan Pengawasan KPU", "Kordiv Pencegahan Bawaslu"
            k = self.skip_division(head[1], bare=head[0] == "Koordinator Divisi")
            if head[0] == "Koordinator Divisi" and k < self.n and self.toks[k].key in ("pada", "di"):
                k += 1  # "Divisi Penindakan dan Pelanggaran pada Panwaslu Sumedang, A"
            if head[0] in lex.bodiless_heads and k + 1 < self.n and self.toks[k].key == "sekretariat":
                k += 1  # "Kasubbag Perencanaan, Data dan Informasi Sekretariat KPU X, A" (officials 10)
            body = lex.bodies.match(self.toks, k)
            if body and (best is None or body[1] > best[1]):
                best = Position(f"{head[0]} {body[0]}", body[0], True, head[0], body[0]), body[1]
        if best is None and (kanit := self.numbered_kanit(j)):
            best = kanit
        if best is None:
            return None
        pos, end = best
        if pos.body is None and (cmd := lex.positions.match(self.toks, end)) and cmd[0].name in COMMANDERS \
                and lex.unit_heads.match(self.toks, j) == best:
            # a staff head named after his commander: "Kasi Ops Dandim 0105/X" serves the Kodim (officials 11)
            pos, end = replace(pos, unit=cmd[0].unit, takes_place=True), cmd[1]
        if qualifier:
            pos = replace(pos, name=f"{qualifier[0]} {pos.name}")
        end2 = self.skip_acronym(end)
        if end2 == end and end - j >= 3 and self.bracketed(end) and self.toks[end + 1].text[:1].isupper() \
                and self.toks[end + 1].text.isalpha():
            end2 = end + 3  # a long post's office in brackets: "Kepala Dinas ... dan Desa (Dispermades) A" (officials 10)
        return pos, end2

    def numbered_kanit(self, j: int) -> tuple[Position, int] | None:
        """A Polres unit's numbered team head, as written: "Kanit I Satintelkam", "Kanit 2 Krimsus" (officials 11)."""
        if j + 2 >= self.n or self.toks[j].key not in ("kanit", "kepala unit") or self.toks[j].text[:1] != "K":
            return None
        number, word = self.toks[j + 1].text, self.toks[j + 2].text
        if not (number.isdigit() and len(number) == 1 or number in ("I", "II", "III", "IV", "V")):
            return None
        if not (word[:1].isupper() and word.isalpha() and len(word) > 2) or self.lex.units.match(self.toks, j + 2):
            return None
        return Position(f"Kanit {number} {word}", "Polres", False), j + 3

    def skip_acronym(self, j: int) -> int:
        """Past the short form after a long one: "Panitia Pemilihan Kecamatan (PPK)", "... (Kabag Ops)"."""
        if j + 2 >= self.n or self.toks[j].key != "(":
            return j
        lex = self.lex
        if self.toks[j + 2].key == ")" and self.toks[j + 1].text.isupper():
            return j + 3
        for table in (lex.positions, lex.unit_heads, lex.units):
            m = table.match(self.toks, j + 1)
            if m and m[1] < self.n and self.toks[m[1]].key == ")":
                return m[1] + 1
        return j

    def bracketed(self, j: int) -> bool:
        """One token in brackets starts at ``j``: "(PPK)", "(Pol)", "(Ketua)"."""
        return j + 2 < self.n and self.toks[j].key == "(" and self.toks[j + 2].key == ")"

    def skip_code(self, j: int, unit: str | None = None) -> int:
        """Past a military unit number: "Danramil 0430-02/Betung", "Dandim 0410/Bandar Lampung".

        Without its slash the number stands before the place of a military unit ("Dandim 0322
        Siak", "Danramil 12 Langgam", "Danramil 1016-03 Kurun") or alone before a rank ("Kasdim
        0410 Mayor Inf Hasan").
        """
        k = j
        while k < self.n and (self.toks[k].text[0].isdigit() or self.toks[k].key in ("/", "-")):
            k += 1
        if k > j and self.toks[k - 1].key == "/":
            return k
        if k > j + 2 and unit in self.lex.military_units and self.toks[j + 1].key == "/" \
                and self.toks[k - 1].text.isdigit() and (self.rank_at(k) or self.is_run_tok(k)):
            return k  # "Danramil 0803/13 Kebonsari": the Koramil's number after the Kodim's (officials 10)
        if k == j + 1 and MILITARY_CODE.fullmatch(self.toks[j].text) and unit in self.lex.military_units \
                and self.is_run_tok(k) and not self.rank_at(k):
            return k
        return k if k == j + 1 and len(self.toks[j].text) >= 3 and self.rank_at(k) else j

    def run_at(self, j: int, limit: int = 8) -> int:
        """End of the capitalised run of place and name words starting at ``j``.

        After a military unit's number, a short place in capitals is the place ("Koramil 0201-08/MA",
        "Kodim 0411/KM"), even where it reads like a title ("MA").
        """
        k = j
        if (whole := self.lex.place_phrases.match(self.toks, j)) is not None:
            return whole[1]  # "Pulau Ambon dan Pp Lease" (officials 10)
        if 0 < j < self.n and self.toks[j - 1].key == "/" and re.fullmatch(r"[A-Z]{2,4}", self.toks[j].text):
            k += 1
        if k == j and j < self.n and self.is_capital_word(j) and self.lex.admin.ends_at(self.toks, j) \
                and not self.rank_at(j) and not self.position_at(j):
            k += 1  # after an admin word a capitalised stop word is the place: "Bhabinkamtibmas Desa Dalam" (officials 10)
        while k < self.n and k - j < limit and self.is_run_tok(k) \
                and not (k > j and self.in_title(k) and looks_like_a_word(self.toks[k].key)):
            k += 1  # (a headline capitalises its verb: "Camat Bayongbong Kumpulkan PPK", officials 11)
        return k

    def after_comma(self, k: int) -> int:
        return k + 1 if k < self.n and self.toks[k].key == "," else k

    def clear_end(self, k: int) -> bool:
        """Nothing capitalised and unknown follows: a run or name ending at ``k`` is whole."""
        if not self.is_capital_word(k):
            return True
        if self.toks[k].key in self.lex.name_connectors:
            return True  # a capitalised connector: "anggota KPU X A dan B Bersama sekretaris KPU C" (officials 10)
        return bool(
            self.rank_at(k) or self.lex.units.match(self.toks, k) or self.position_at(k)
            or self.title_at(k, self.lex.prefix_titles) or self.title_at(k, self.lex.suffix_titles)
        )

    def skip_division(self, k: int, bare: bool = False) -> int:
        """Past a commissioner's division, which the position leaves out ("Divisi Hukum dan Pengawasan").

        ``bare``: the word "Divisi" was part of the head ("Kordiv Pencegahan").
        """
        if not bare and k + 1 < self.n and (self.toks[k].text == "divisi" or (  # in lower case up to the comma before
                self.toks[k].key == "yang" and self.toks[k + 1].key in ("membidangi", "menangani", "mengurusi"))):
            e = k + 1 + (self.toks[k].key == "yang")  # the name (issue 12): "anggota KPU X divisi sumber daya manusia, A";
            # "Anggota Bawaslu yang membidangi penanganan pelanggaran, A" (officials 9)
            while e < self.n and e - k < 8 and self.toks[e].text.isalpha() and self.toks[e].text.islower():
                e += 1
            if e > k + 1 and e < self.n and self.toks[e].key == ",":
                return e
        if not bare and (head := self.lex.heads.match(self.toks, k)) and head[0] == "Koordinator Divisi":
            return self.skip_division(head[1], bare=True)  # "Anggota Bawaslu X Koordinator Divisi Hukum, A"
        if bare:
            k -= 1
        elif k >= self.n or self.toks[k].key not in ("divisi", "fraksi"):
            return k  # a member's division or (DPRD) party group is left out: "Anggota DPRD X Fraksi Golkar A"
        d = k + 1
        # "Divisi Hukum, Penanganan Pelanggaran dan Penyelesaian Sengketa Bawaslu X": a comma
        # inside a long division name, when capitalised words go on after it
        while d < self.n and d - k < 14 and not self.lex.bodies.match(self.toks, d) \
                and (self.is_capital_word(d) or self.toks[d].key in ("dan", "&")
                     or (self.toks[d].key == "," and d > k + 1 and self.is_capital_word(d + 1)
                         and self._division_goes_on(d + 1))
                     or (self.toks[d].key == "," and d > k + 1 and d + 2 < self.n  # "..., Hubmas, dan SDM KPU X"
                         and self.toks[d + 1].key in ("dan", "serta") and self.is_capital_word(d + 2)
                         and self._division_goes_on(d + 2))):
            if d > k + 1 and (self.toks[d].start in self.hint_starts or self.toks[d].key in self.lex.given_names
                              or self.title_at(d, self.lex.prefix_titles)):
                break  # a person starts (by the model, a given name or a title): "Divisi Teknis Muhammad Yusran"
            d += 1
        while d > k + 1 and not self.is_capital_word(d - 1):  # "... Teknis dan" ends before "dan"
            d -= 1
        d = self._division_name_start(k + 1, d)
        return d if d > k + 1 else k + bare

    def _division_name_start(self, s: int, d: int) -> int:
        """Where the coordinator's name starts inside the capitalised run [s, d) read as a division.

        "Divisi Hukum Ronal Simbolon": after a division word, the first word that is none, with
        none after it, opens the name (issue 12); "Divisi Sosdiklih Parmas dan SDM" stays whole.
        """
        words = self.lex.division_words
        keys = [t.key for t in self.toks[s:d]]
        for e in range(1, len(keys)):
            if keys[e] not in words and keys[e - 1] in words and not any(x in words for x in keys[e:]) \
                    and self.is_name_tok(s + e) and all(x not in (",", "dan", "&") for x in keys[e:]):
                return s + e
        return d

    def division_words_end(self, k: int) -> int:
        """Past a division's words, commas and "dan" included: "Pencegahan, Partisipasi Masyarakat dan Humas"."""
        words = self.lex.division_words
        e = k
        while e < self.n and (self.toks[e].key in words or (
                self.toks[e].key in (",", "dan", "&") and e + 1 < self.n and self.toks[e + 1].key in words)):
            e += 1
        return e if e > k else k

    def before_titles(self, j: int) -> int:
        """Where a name ends before the suffix titles ending at ``j``: "Wahyu, S.Kom., M.Kom." -> after "Wahyu"."""
        end = j
        while end > 0:
            if self.toks[end - 1].key in (",", ".") and end - 1 > j - 12 and self._title_ending(end - 1) is not None:
                end -= 1  # the dot or comma after a title: "S.Kom., M.Kom."
                continue
            start = self._title_ending(end)
            if start is None:
                break
            end = start
        if end < j and end > 0 and self.toks[end - 1].key == ",":
            end -= 1  # "Bambang Tri Hartono, S.Sos.,": the comma before the first title
        return end

    def _title_ending(self, end: int) -> int | None:
        """Start of a suffix title written over the one to four tokens before ``end``."""
        for s in range(end - 1, max(end - 5, -1), -1):
            t = self.title_at(s, self.lex.suffix_titles)
            if t and t[1] == end:
                return s
            if t is None and s < end - 1 and not self.toks[s].text[:1].isalpha():
                break
        return None

    def _division_goes_on(self, d: int) -> bool:
        """Capitalised division words from ``d`` reach a body within a few tokens ("..., Penanganan Pelanggaran Bawaslu").

        Or division words alone reach the comma before the coordinator's name ("Divisi Perencanaan,
        Program dan Data, A": issue 12).
        """
        words = self.lex.division_words
        for e in range(d, min(d + 7, self.n)):
            if e > d and self.lex.bodies.match(self.toks, e):
                # only division words up to the body: "..., Sekretaris KPU X" is the next person's post
                return all(t.key in words or t.key in ("dan", "&") for t in self.toks[d:e])
            if e > d and self.toks[e].key == "," and all(
                    t.key in words or t.key in ("dan", "&") for t in self.toks[d:e]):
                return True
            if e > d and self.toks[e - 1].key in words and self.toks[e].key not in words and self.is_name_tok(e) \
                    and all(t.key in words or t.key in ("dan", "&") for t in self.toks[d:e]):
                return True  # "Divisi Perencanaan, Data dan Informasi Siti A": the name follows the division
            if not (self.is_capital_word(e) or self.toks[e].key in ("dan", "&")):
                return False
        return False

    def particle_at(self, j: int, k: int) -> bool:
        """A lower-case particle inside a name: "Nonato da Purificacao Sarmento", "Marthen de Fretes"."""
        return k > j and self.toks[k].key in self.lex.name_particles and self.toks[k].text.islower() \
            and k + 1 < self.n and self.is_name_tok(k + 1)

    def inner_name_word(self, j: int, k: int, strong: bool) -> bool:
        """"AKBP Bambang Hari Wibowo": a stop word that is a name word, capitalised between two name words after a rank.

        Officials 10: any capitalised stop word but a connector (``name_connectors``) is a name word between two
        name words outside a headline ("Ketua KPU Belu Agustinus Mau Leki"), and, after a rank or a comma, at the
        name's end before a comma or a title ("AKBP Yosef Mbulu Dua, S.H."): East Nusa Tenggara's names.
        """
        t = self.toks[k]
        if k <= j or not t.text.istitle() or t.key not in self.lex.stop_words:
            return False
        if strong and t.key in self.lex.inner_name_words and self.is_name_tok(k + 1) and self.toks[k + 1].text.istitle():
            return True
        return self.name_stop_word(k) and (
            (self.is_name_tok(k + 1) and self.toks[k + 1].text.istitle())
            or ((strong or self.toks[j - 1].key == ",") and k + 1 < self.n and (
                self.toks[k + 1].key == "," or self.title_at(k + 1, self.lex.suffix_titles))))

    def name_stop_word(self, k: int) -> bool:
        """A capitalised stop word that may be a name word: no connector, not in a headline (officials 10)."""
        t = self.toks[k]
        return k > 0 and t.text.istitle() and t.key in self.lex.stop_words and t.key not in self.lex.name_connectors \
            and not self.in_title(k) and self.is_name_tok(k - 1)

    def name_at(self, j: int, strong: bool) -> tuple[int, int] | None:
        """Token range of a name at ``j``; a name with no rank or title must be clearly bounded."""
        hinted = self.toks[j].start in self.hint_starts if j < self.n else False
        k = j
        set_off = j > 0 and self.toks[j - 1].key == ","  # "Ketua KPU Sumbawa, Lalu Zaenal Arifin,"
        given = j > 0 and self.is_run_tok(j - 1) and self.toks[j].key in self.lex.given_names  # "KPU Lombok Timur Lalu A"
        if (strong or set_off or given) and j + 1 < self.n and self.could_be_name(j) \
                and (self.toks[j].text.istitle() or self.toks[j].text.isupper() and self.toks[j + 1].text.isupper()) \
                and self.is_name_tok(j + 1):
            k += 1  # "AKP Lalu Muhammad Zaini": after a rank, a Sasak "Lalu" is a name, not "then"
            # (in capitals too, the whole name in capitals: "AKBP LALU MUHAMMAD ZAINI", officials 16)
        while k < self.n and k - j < 6 and (self.is_name_tok(k) or self.particle_at(j, k) or self.inner_name_word(j, k, strong)):
            if not hinted and looks_like_a_word(self.toks[k].key) and not (
                    k > j and k + 1 < self.n and self.toks[k + 1].key == ",") and (
                    not self.toks[k].text.istitle() or self.in_title(k)):
                break  # "AKBP GILANG SATRIA WIBAWA MENGHADIRI": the verb ends the name (not "Martinus Ungkan,");
                # in running text a verb is lower case, so a capitalised "Melinda", "Meliana" is a name word
            if k > j and (t := self.title_at(k, self.lex.suffix_titles)) and not (
                    len(self.toks[k].text.rstrip(".")) == 1 and self.is_name_tok(t[1]) and self.toks[t[1]].text.istitle()):
                break  # "Mursalin S. Pd": an initial that starts a title (not "Valentinus R. J. Sinambela", officials 10)
            k += 1
        if k == j or not any(len(t.text.rstrip(".")) > 1 for t in self.toks[j:k]):
            return None
        if not strong:
            if self.in_title(j) and not hinted:
                return None  # title-case headlines capitalise every word
            if not self.clear_end(k) and self.toks[k - 1].end not in self.hint_ends:
                return None  # unless the model ends a person there: "Ketua PPK X, Budi Santoso Pimpin ..."
        return j, k

    def person(self, j: int, strong: bool) -> tuple[str, tuple[int, int], tuple[str, ...], int] | None:
        """(name, name offsets, titles, end index) of a person written from ``j``."""
        pre: list[str] = []
        while (t := self.prefix_title_at(j)) is not None:
            pre.append(t[0])
            j = t[1]
        span = self.name_at(j, strong or bool(pre))
        if span is None:
            return None
        post: list[str] = []
        k = span[1]
        while k < self.n:  # "SH MH", ", S.Pd", "SH."
            t = self.title_at(self.after_comma(k), self.lex.suffix_titles)
            if not t:
                break
            post.append(t[0])
            k = t[1]
        toks = self.toks[span[0] : span[1]]
        return display_name(toks), (toks[0].start, toks[-1].end), tuple(t for t in pre + post if t), k

    def named(self, base: Mention, who, rank: str | None = None, flags: tuple[str, ...] = ()) -> Mention:
        name, span, titles, end = who
        return replace(
            base, last=end, name=name, name_span=span, titles=titles, rank=rank, flags=base.flags + flags
        )
