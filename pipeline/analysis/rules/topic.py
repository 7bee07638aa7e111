"""Rule family 'topic': what an article is about, from plain text and sentences only.

It runs before the NER model (``pipeline.analysis.gate`` decides from it which articles
the model and the other families see), so it reads no entities and no other family's
findings. The lexicons, weights and thresholds live in ``data/topic.yml``, whose
description is the reference for how the label is chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from pipeline.analysis import rules
from pipeline.records import Article, Cue, Doc, Sentence, Topic

NAME = "topic"
VERSION = 4

# Election cues that pilkades articles use as much as general-election ones: they do not
# outweigh the Pilkades cues.
_SHARED = {"tps", "dpt", "surat suara", "pemungutan suara", "rekapitulasi", "kampanye",
           "paslon", "debat publik"}
_FORCE_GROUPS = 4  # security groups before this index are forces (polisi, polres, ...)


def _pattern(words: Iterable[str]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{rules.phrases(words)})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Lexicon:
    cues: re.Pattern  # election, weak and pilkades forms in one: the longest form wins
    kind_of: dict  # normalised form -> (kind, group id)
    security: re.Pattern
    security_group: dict  # normalised form -> group index
    passing_before: re.Pattern
    elected_before: re.Pattern
    themes: re.Pattern
    related: re.Pattern
    crime: re.Pattern
    weights: dict
    thresholds: dict
    lead: int
    window: int


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = rules.load_data(NAME)
    kind_of: dict[str, tuple[str, str]] = {}
    for kind in ("election", "weak", "pilkades"):
        for group in data[kind]:
            for form in group:
                kind_of.setdefault(_norm(form), (kind, _norm(group[0])))
    security_group = {
        _norm(form): i for i, group in enumerate(data["security"]) for form in group
    }
    return _Lexicon(
        cues=_pattern(kind_of),
        kind_of=kind_of,
        security=_pattern(security_group),
        security_group=security_group,
        passing_before=re.compile(
            rf"(?<!\w)(?:{rules.phrases(data['passing_before'])})\s+(?:\S+\s+){{0,3}}$",
            re.IGNORECASE,
        ),
        elected_before=re.compile(
            rf"(?<!\w)(?:{rules.phrases(data['elected_before'])})\s+(?:\S+\s+)?$", re.IGNORECASE
        ),
        themes=_pattern(data["themes"]),
        related=re.compile(rf"^\W*(?:{rules.phrases(data['related'])})\b", re.IGNORECASE),
        crime=_pattern(data["crime"]),
        weights=data["weights"],
        thresholds=data["thresholds"],
        lead=int(data["lead_sentences"]),
        window=int(data["passing_window"]),
    )


def _position_weights(article: Article, sentences: Sequence[Sentence]) -> list[float]:
    lex = _lexicon()
    body = article.body_offset if article.title else 0
    out, lead_left = [], lex.lead
    for s in sentences:
        if s.start < body:
            out.append(lex.weights["title"])
        elif lead_left > 0:
            out.append(lex.weights["lead"])
            lead_left -= 1
        else:
            out.append(lex.weights["body"])
    return out


def classify(article: Article, sentences: Sequence[Sentence]) -> Topic:
    """The article's topic, score and evidence (no tagger, no other family)."""
    lex = _lexicon()
    text = article.text
    rule = rules.rule_id(NAME)
    evidence: list[Cue] = []
    election = pilkades = specific = 0.0
    distinct: set[str] = set()
    title_groups: set[str] = set()
    body_groups: set[str] = set()
    security_force = 0.0
    cooccur = 0.0
    weights = _position_weights(article, sentences)
    chunks = [text[sent.start : sent.end] for sent in sentences]
    crime_sentences = sum(
        1 for chunk in chunks if not lex.related.match(chunk) and lex.crime.search(chunk)
    )
    crime_read = crime_sentences >= 2
    for sent, pos, chunk in zip(sentences, weights, chunks):
        if lex.related.match(chunk):
            continue
        themes = [(m.start(), m.end()) for m in lex.themes.finditer(chunk)]
        strong_here = ahead_here = False
        for m in lex.cues.finditer(chunk):
            kind, group = lex.kind_of[_norm(m.group())]
            start, end = sent.start + m.start(), sent.start + m.end()
            before = chunk[max(0, m.start() - lex.window) : m.start()]
            passing = any(a <= m.start() and m.end() <= b for a, b in themes) or bool(
                lex.passing_before.search(before)
            )
            # In a crime story, a person named by the election that put them in office
            # ("kepala desa hasil Pilkades 2021") is passing, for Pilkades cues too (an
            # inauguration of "kuwu hasil Pilwu" is a Pilkades story; "menjelang Pilkades"
            # is not passing either).
            elected = crime_read and lex.elected_before.search(before)
            if (passing and kind != "pilkades") or elected:
                # "Patroli Skala Besar Jelang Pilgub": an election still ahead, named by the
                # frame of a sentence that may report the forces' work for it
                ahead_here = ahead_here or (kind == "election" and not elected and bool(
                    lex.passing_before.search(before)))
                kind = "passing"
            weight = pos * (lex.weights["weak"] if kind in ("weak", "passing") else 1.0)
            evidence.append(Cue(m.group(), start, end, kind, weight))
            if kind == "pilkades":
                pilkades += weight
                continue
            election += weight
            if kind == "election":
                strong_here = True
                distinct.add(group)
                (title_groups if pos == lex.weights["title"] else body_groups).add(group)
                if group not in _SHARED:
                    specific += weight
        forces = generic = False
        for m in lex.security.finditer(chunk):
            group = lex.security_group[_norm(m.group())]
            if group < _FORCE_GROUPS or group >= 5:
                forces = True
                security_force += pos
            else:
                generic = True
            evidence.append(Cue(m.group(), sent.start + m.start(), sent.start + m.end(),
                                "security", pos))
        if strong_here and (forces or generic):
            cooccur += pos if forces else pos / 2
        elif ahead_here and forces and generic:
            cooccur += pos / 2  # forces at work ("patroli", "apel") before the vote
    t = lex.thresholds
    enough_distinct = len(distinct) >= 2
    # Three different election things named outright (logistics, the KPU, the vote) make an
    # election story even in a short portal piece whose cues all sit in the body.
    is_election = (election >= t["election"] and enough_distinct) or len(distinct) >= t["distinct"]
    if pilkades >= t["pilkades"] and pilkades >= specific:
        label, side = "pilkades", pilkades
    elif is_election:
        crime_story = crime_read and cooccur < 2 * t["security_sentences"]
        if cooccur >= t["security_sentences"] and not crime_story:
            label = "election_security"
        else:
            label = "election"
        side = election
    elif security_force >= 2.0:
        label, side = "police_other", security_force
    else:
        label, side = "other", 0.0
    if label in ("election_security", "election", "pilkades"):
        bar = t["pilkades"] if label == "pilkades" else t["election"]
        score = min(1.0, 0.5 + (side - bar) / (4 * bar))
    else:  # the less election evidence, the surer it is not an election story
        score = max(0.5, 1.0 - (election + pilkades) / (2 * t["election"]))
    kept = tuple(sorted(evidence, key=lambda c: (c.start, c.kind)))[:40]
    return Topic(label, round(score, 3), rule, kept, round(election + pilkades, 3))


def extract(doc: Doc, found: dict) -> tuple[Topic, ...]:
    """One Topic record (the family interface; the gate calls ``classify`` directly)."""
    return (classify(doc.article, doc.sentences),)
