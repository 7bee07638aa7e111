"""What may stand between a post and its holder: a province, a second post, a clause, the parent unit.

"Kapolres Padang Pariaman, Sumatera Barat, AKBP A", "Ketua Bawaslu X sekaligus selaku Penasehat Y, A",
"Bhabinkamtibmas X yang bertugas di Desa Y, Brigpol A", "Kapolsek X yang baru, AKP A", "Ketua PPK X, yang
juga mantan Ketua PPS Y, A", "Kapolres X, Polda Y AKBP A", "Babinsa Koramil X Kodim Y Serka A". Each helper
takes the index just after the post (and its place) and returns where the holder's rank or name may be
looked for (the index itself when nothing of its kind stands there).

And a ranked person with no post, beside his unit: "AKP Wagiyono", "Polsek Kelumpang Tengah Iptu Fadli",
"perwakilan Polsek X, Ipda A", "Ipda A dari Polsek X" (``rank_mention``, ``unit_mention``; moved here in officials 12).

Split from ``reader`` (officials 10) to keep that module under 600 lines; ``Reader`` is made of it.

Imports: ``.tokens``, ``.places``, ``.words``.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.analysis.rules.officials.places import Places
from pipeline.analysis.rules.officials.tokens import SENTENCE_ENDS, place_name
from pipeline.analysis.rules.officials.words import Mention


class Between(Places):
    """Past what stands between a post and its holder."""

    def past_second_post(self, k: int) -> int:
        """Past "sekaligus [selaku] <capitalised post>" up to the comma before the name (officials 8)."""
        if k >= self.n or self.toks[k].key != "sekaligus":
            return k
        e = k + 1 + (k + 1 < self.n and self.toks[k + 1].key in ("selaku", "sebagai"))
        while e < self.n and e - k < 12 and self.is_capital_word(e):
            e += 1
        return e if e < self.n and e > k + 2 and self.toks[e].key == "," else k

    def past_province(self, k: int) -> int:
        """Past a province set off by commas after a place, up to its second comma: ", Sumatera Barat, A".

        Or past a chain of up to three regions, each set off by commas, before the holder: "Ketua Panitia
        Pilkades Desa Sunggingan, Miri, Sragen, Mulyoto," (the kecamatan and the kabupaten; officials 10).
        """
        if k + 2 >= self.n or self.toks[k].key != ",":
            return k
        end, c = k, k
        for _ in range(3):
            e = next((e for e in range(c + 2, min(c + 6, self.n)) if self.toks[e].key == ","), None)
            if e is None:
                break
            words = self.toks[c + 1 : e]
            key = " ".join(t.key for t in words)
            if key in self.lex.provinces:
                return e
            if not all(t.text[:1].isupper() for t in words) or not self.is_region(
                    " ".join(t.text for t in words), ("kecamatan", "kabupaten", "kota", "provinsi")):
                break
            end, c = e, e
        if end > k and (self.rank_at(end + 1) or self.person(end + 1, strong=False)):
            return end
        return k

    def past_duty(self, k: int) -> int:
        """Past a clause on where a post serves, up to its comma: "yang bertugas di Pekon Wonodadi, Brigpol A".

        Or past "saat ini" set off before the holder: "Kapolsek Tanjung Raja saat ini, Iptu A" (issue 12).
        """
        now = self.lex.now.match(self.toks, k)
        if now and now[1] < self.n and self.toks[now[1]].key == ",":
            return now[1]
        if (e := self.past_clause(k)) > k and self.rank_at(e + 1):
            return e  # "Kapolsek X yang baru, AKP A" (officials 10)
        cue = self.lex.duty_clause.match(self.toks, k)
        if not cue:
            return self.past_parent(k)
        for e in range(cue[1], min(cue[1] + 7, self.n)):
            if self.toks[e].key == ",":
                return e
            if self.toks[e].key in SENTENCE_ENDS:
                break
        return k

    def past_clause(self, k: int) -> int:
        """The comma closing a "yang" clause on the post, before its holder: "Kapolsek X yang baru, AKP A",
        "Ketua PPK X, yang juga mantan Ketua PPS Y, A"; else ``k`` (officials 10).

        A clause naming someone else (a stand-in, a companion) is no such clause.
        """
        y = k + (k < self.n and self.toks[k].key == ",")
        if y >= self.n or self.toks[y].key != "yang":
            return k
        for e in range(y + 1, min(y + 12, self.n)):
            key = self.toks[e].key
            if key == ",":
                return e if e > y + 1 else k
            if key in SENTENCE_ENDS or key in self.lex.clause_stops:
                return k
        return k

    def past_parent(self, k: int) -> int:
        """Past the parent unit between a post and the rank: "Kapolres X, Polda Y AKBP A", "Babinsa Koramil X Kodim Y Serka A".

        The end of the parent unit (or its comma), where the rank follows; else ``k`` (officials 10).
        """
        e = k
        for _ in range(2):  # two parents: "Kapolsek X, Polres Y, Polda Z, AKP A" (officials 12)
            u = self.unit_place(e + (e < self.n and self.toks[e].key == ","))
            if not u or u[0] not in self.lex.ranked_units or u[2] <= u[1]:
                return k
            if self.rank_at(self.after_comma(u[2])):
                return u[2]
            e = u[2]
        return k

    def rank_mention(self, i: int) -> tuple[list[Mention], bool] | None:
        """A ranked person: "AKP Wagiyono", "Kompol Bagus"."""
        rank = self.rank_at(i)
        who = self.person(rank[1], strong=True) if rank else None
        if not who:
            return None
        base = Mention(i, rank[1])
        k = who[3]
        if k + 1 < self.n and self.toks[k].key == "dari":  # "Ipda A dari Polsek X", "Bripka A dari Satlantas" (officials 12)
            unit = self.unit_place(k + 1)
            if unit and unit[0] in self.lex.ranked_units and unit[0] not in self.lex.placeless_units:
                kind, a, r, _ = unit
                base = replace(base, unit=kind, place=place_name(self.toks[a:r]) if r > a else None)
            elif satuan := self.lex.satuan.match(self.toks, k + 1):
                base = replace(base, unit=satuan[0])
        return [self.named(base, who, rank[0], rank[2])], False

    def unit_mention(self, i: int) -> tuple[list[Mention], bool] | None:
        """A police or military unit, then a ranked person: "Polsek Kelumpang Tengah lptu Fadli"."""
        unit = self.unit_place(i)
        if not unit or unit[0] not in self.lex.ranked_units:
            return None
        kind, j, k, _ = unit
        after = k + 3 if k > j and self.place_acronym(k) else k  # "Polres Ogan Komering Ilir (OKI) AKBP ..."
        if k > j and after < self.n and self.toks[after].key == ",":
            after += 1  # "perwakilan Polsek Tanah Jawa, Ipda A" (officials 12)
        rank = self.rank_at(after)
        who = self.person(rank[1], strong=True) if rank else None
        if not who:
            return None
        place = place_name(self.toks[j:k]) if k > j else None
        return [self.named(Mention(i, after, unit=kind, place=place), who, rank[0], rank[2])], False
