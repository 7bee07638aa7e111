"""Rule family 'officials': people named with a rank or a position, one per person.

Mentions are read token by token around the lexicons of ``data/officials.yml`` (the
shapes are listed in ``reader``). The capitalised run after a position may be a place, a
name or both ("KPU Banyuasin Rendra Maulana"). It is split at a prefix title, else at the longest place the
article names elsewhere (after an admin word or a unit, in the dateline, or found by
the places family), else at the longest region of the Kemendagri gazetteer opening it
(``pipeline.analysis.regions``; the levels a unit is named after, ``region_levels``), else where
the NER model starts a person (``doc.entities`` from a model; our own rule tagger's
persons come from these very rules and would only echo them), else by documented
guesses that are flagged and lower the confidence.

A position with no place takes the one unit of its kind the article names; of several,
the one named in its sentence, else (for a Bhabinkamtibmas or Babinsa) the one whose
kecamatan holds the village served, else the one named last before it, flagged as a guess.
A unit is never made from the village a Bhabinkamtibmas or Babinsa serves.

Mentions of one person merge (short later forms, the same name spelled twice);
nameless mentions ("ujar Kapolsek Seruyan Hilir mewakili ...") pass their role to the
one named holder of that position. A former post ("mantan Kapolsek") is not the
position: the current one is, when written ("yang kini menjabat ..."), else none.
``find_mentions`` also feeds the rule-based NER tagger (``pipeline.analysis.rules.names``).

The family in parts, each importing only those before it:

- ``tokens``: the Doc's spaCy tokens as the lexicons match them (one tokenisation);
- ``lexicons``: ``data/officials.yml`` compiled into lookup tables, once per process;
- ``words``: what one token is (name word, title, rank, position) and the ``Mention`` record;
- ``places``: places told from names, and each mention's org;
- ``between``: what stands between a post and its holder (a province, a clause, the parent unit);
- ``roles``: holder, stand-in, speaker or former holder;
- ``reader``: ``Reader``, which strings these into every mention in a document;
- ``people``: mentions merged into people, one ``Official`` each.

``Words``, ``Places`` and ``Roles`` are the parts of one reader: they answer questions
about the same document's tokens and share its state (what is known so far), so
``Reader`` is made of them (``class Reader(Between, Roles)``, ``Between`` built on ``Places``, all on ``Words``) and
each part reads as a module of its own.

This module keeps the family's interface (``NAME``, ``VERSION``, ``extract``) and what
other modules use (``find_mentions``, ``Reader``, ``display_name`` ...).

The phrase tables stay dict lookups (``lexicons.Phrases``) rather than spaCy's
``PhraseMatcher``: the rules get our ``records.Doc`` (spaCy's tokens as plain records, no
spaCy ``Doc``), and the reader asks at one index at a time, forwards and backwards
("a position starting here", "a cue ending just before this mention"), in the middle of
its own decisions; a matcher would need a spaCy ``Doc`` built per article and every match
of every table computed up front, for lookups that are already one dict probe.
"""

from __future__ import annotations

from pipeline.records import Doc, Official
from pipeline.analysis.rules import rule_id
from pipeline.analysis.rules.officials.lexicons import Lexicon, Phrases, Position, lexicon, spelling_key
from pipeline.analysis.rules.officials.people import merge, same_person, to_official
from pipeline.analysis.rules.officials.reader import Reader
from pipeline.analysis.rules.officials.roles import resolve_nameless
from pipeline.analysis.rules.officials.tokens import NEWLINE, Tok, display_name, phrase_keys, place_name, tokenize
from pipeline.analysis.rules.officials.words import Mention

NAME = "officials"
VERSION = 15  # data/officials.yml version 16 (versions 6 and 15 changed the data only)

__all__ = [
    "NAME", "VERSION", "extract", "find_mentions", "Reader", "Mention", "Lexicon", "Phrases", "Position",
    "lexicon", "spelling_key", "merge", "same_person", "to_official", "resolve_nameless", "NEWLINE", "Tok",
    "display_name", "phrase_keys", "place_name", "tokenize",
]


def find_mentions(doc: Doc, found: dict[str, tuple] | None = None) -> tuple[Reader, list[Mention]]:
    """Every mention of an official in ``doc`` with roles and orgs, and the reader that read them."""
    reader = Reader(doc, found)
    mentions = reader.finish_orgs(reader.assign_roles(reader.read()))
    return reader, mentions


def extract(doc: Doc, found: dict[str, tuple]) -> tuple[Official, ...]:
    """One Official per person named with a rank or a position in the article."""
    reader, mentions = find_mentions(doc, found)
    # someone known only by a former post and no rank ("mantan kades X, Sabri") holds no office now (officials 11)
    groups = [g for g in merge(mentions) if any(m.role != "former" or m.rank for m in g)]
    resolve_nameless(groups, mentions)
    rule = rule_id(NAME)
    return tuple(sorted((to_official(g, reader, rule) for g in groups), key=lambda o: o.start))
