"""Roles: a holder, a stand-in, a speaker for another, or a former holder.

The words around a mention give its role (``cues`` in ``data/officials.yml``): "mewakili"
and "yang diwakili oleh" make a stand-in, "melalui" after another official a speaker,
"mantan" a former holder; a mention after "calon" or "tersangka" is no official at all.
``resolve_nameless`` passes the role of a nameless mention ("ujar Kapolsek ... mewakili")
to the one named person holding that post.

Imports: ``.tokens``, ``.words``.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.analysis.rules.officials.tokens import SENTENCE_ENDS
from pipeline.analysis.rules.officials.words import Mention, Words


class Roles(Words):
    """Roles from the cue words around each mention."""

    def assign_roles(self, mentions: list[Mention]) -> list[Mention]:
        """Roles from the words around each mention; candidates and suspects dropped."""
        lex, toks = self.lex, self.toks
        out: list[Mention] = []
        for idx, m in enumerate(mentions):
            if lex.not_official.ends_at(toks, m.first) or self.second_candidate_post(m.first):
                continue
            if lex.election_of.ends_at(toks, m.first):  # "pemilihan kepala desa X": its place only (officials 12)
                self.election_places.append(m)
                continue
            prev = mentions[idx - 1] if idx else None
            role = m.role
            speaker_cue = lex.speaker_after.ends_at(toks, m.first)
            if lex.former.ends_at(toks, m.first) or self.former_after_name(m):
                role = "former"
            elif lex.stand_in_after.ends_at(toks, m.first):
                role = "stand-in"  # "A yang diwakili oleh B"
            elif speaker_cue and prev and prev.last >= speaker_cue[1] - 1:
                role = "speaker"  # "Kapolres X melalui Kasat Y"
            elif lex.stand_in_before.match(toks, m.last + (m.last < self.n and toks[m.last].key in ("yang", ","))):
                role = "stand-in"  # "A mewakili B", "A yang mewakili B"
            elif prev and prev.last <= m.first <= prev.last + 1 and self.opens_with_stand_in(prev):
                role = "stand-in"  # "Mewakili Bupati, Asisten 1 ..."
            out.append(replace(m, role=role))
        return out

    def former_after_name(self, m: Mention) -> bool:
        """"A, mantan Ketua Panwascam X", "A, yang sebelumnya menjabat Kasi Pidum": the post after the name is a past one (officials 8)."""
        if not m.name_span or m.name_span[0] != self.toks[m.first].start:
            return False  # the post comes first: its own cue is before it
        return any(self.position_at(k) and self.lex.former.ends_at(self.toks, k) for k in range(m.first + 1, m.last))

    def second_candidate_post(self, i: int) -> bool:
        """The second post of a pair after "calon": "calon bupati dan wakil bupati X"."""
        if i < 2 or self.toks[i - 1].key not in ("dan", "/", "&"):
            return False
        for p in range(max(0, i - 6), i - 1):
            pos = self.position_at(p)
            if pos and pos[1] == i - 1 and self.lex.not_official.ends_at(self.toks, p):
                return True
        return False

    def opens_clause(self, first: int, base: Mention) -> bool:
        """"Didampingi AKBP A, Kapolda menyambangi ...": the post after the comma is the next clause's subject.

        The sentence opens with a participle (``clause_openers``) just before the name, and the
        post names no place and goes straight on into a lower-case word.
        """
        opener = self.lex.clause_openers.ends_at(self.toks, first)
        if not opener or not (opener[1] == 0 or self.toks[opener[1] - 1].key in SENTENCE_ENDS):
            return False
        nxt = self.toks[base.last] if base.last < self.n else None
        return base.place is None and nxt is not None and nxt.text[:1].islower()

    def holds_now(self, j: int) -> tuple[bool, int] | None:
        """"Kini AKP A menjabat Kasat Samapta ...": "menjabat" before the post, in a sentence that says now.

        Without "kini", "saat ini" or "sekarang" before it in the sentence the post may be a past
        one ("Pada Pilkada 2020, AKP A menjabat Kapolsek B"), and is not read as A's (issue 12).
        """
        cue = self.lex.holds.ends_at(self.toks, j)
        if not cue:
            return None
        for e in range(cue[1] - 1, max(cue[1] - 12, -1), -1):
            if self.toks[e].key in SENTENCE_ENDS:
                break
            if self.lex.now.match(self.toks, e):
                return cue
        return None

    def holds_since(self, i: int) -> tuple[None, int] | None:
        """"A, yang sejak sepekan lalu menjabat Plh Kapolsek X": a post held since then is A's current one (officials 9).

        (None, index of "yang"): "yang", then "sejak" and a few words, then "menjabat [sebagai]" just before ``i``.
        """
        cue = self.lex.holds.ends_at(self.toks, i)
        if not cue:
            return None
        for e in range(cue[1] - 1, max(cue[1] - 8, -1), -1):
            if self.toks[e].key in SENTENCE_ENDS or self.toks[e].key == ",":
                return None
            if self.toks[e].key == "yang":
                return (None, e) if any(t.key == "sejak" for t in self.toks[e + 1 : cue[1]]) else None
        return None

    def opens_with_stand_in(self, m: Mention) -> bool:
        """The sentence opens with "Mewakili" and then ``m``."""
        cue = self.lex.stand_in_before.ends_at(self.toks, m.first)
        return bool(cue) and (cue[1] == 0 or self.toks[cue[1] - 1].key in SENTENCE_ENDS)


def resolve_nameless(groups: list[list[Mention]], mentions: list[Mention]) -> None:
    """A nameless mention's role goes to the one person holding that position."""
    for m in mentions:
        if m.name or m.role == "holder" or not m.position:
            continue
        def holds(x: Mention) -> bool:
            return x.position == m.position and (m.place is None or x.org == m.org) and x.role != "former"

        holders = [g for g in groups if any(holds(x) for x in g)]
        if len(holders) == 1:
            holders[0].append(m)
