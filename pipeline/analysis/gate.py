"""The cheap gate before the model: language, topic, and whether to analyse at all.

Runs on plain text and sentences (``pipeline.analysis.lang`` and the ``topic`` rule
family): no tagger. An article that is not in an analysed language, or cannot be
election-related, skips the NER model and the other rule families; it is still stored
with its text, language and topic, so search finds it and reruns skip it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.analysis import lang
from pipeline.analysis.rules import load_data, topic as topic_family
from pipeline.records import ELECTION_TOPICS, Article, Sentence, Topic


@dataclass(frozen=True)
class Gate:
    """What a run analyses: ``langs`` (ISO 639-1 codes) and everything or election topics."""

    langs: tuple[str, ...] = ("id",)
    analyse_all: bool = False

    def describe(self) -> str:
        """Part of the analysis id: a run with other gate settings reprocesses."""
        mode = "all" if self.analyse_all else "election"
        return f"gate:{mode}:{'+'.join(self.langs)}:{lang.version()}"


DEFAULT = Gate()


def could_be_election(t: Topic) -> bool:
    """The gate's bar: an election topic, or election cues above the gate threshold."""
    bar = load_data(topic_family.NAME)["thresholds"]["gate"]
    return t.label in ELECTION_TOPICS or t.election_evidence >= bar


def decide(
    article: Article, sentences: tuple[Sentence, ...], gate: Gate = DEFAULT
) -> tuple[Article, Topic, str | None]:
    """The article with its language, its topic, and why it is gated out (None: analyse)."""
    code = lang.identify(article.text)
    if code != article.lang:
        from dataclasses import replace

        article = replace(article, lang=code)
    t = topic_family.classify(article, sentences)
    if code not in gate.langs:
        return article, t, "lang"
    if not gate.analyse_all and not could_be_election(t):
        return article, t, "topic"
    return article, t, None
