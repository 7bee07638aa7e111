"""Analysis of a batch of articles: the gate, tokens, names (NER), rule families, assembly.

``analyse`` is what a worker runs. Every article first passes the cheap gate
(``pipeline.analysis.gate``: language and topic from plain text and sentences); only the
articles it lets through meet the tagger, which is loaded on first use (a worker whose
batches are all gated out never loads the model) and batched over all their sentences.
One failing article never sinks the others. Imports the analysis stages only: no
storage, no run loop.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from dataclasses import replace
from functools import lru_cache
from typing import Iterator, Sequence

from pipeline.analysis import assemble
from pipeline.analysis.gate import DEFAULT, Gate, decide
from pipeline.analysis.nlp import make_doc
from pipeline.analysis.rules import apply_rules
from pipeline.errors import PantauError, one_line
from pipeline.ner import Tagger, get_tagger
from pipeline.records import Article, Doc, Extraction, Failure, Topic


# Seconds the rules may spend on one article before it is recorded as a failure instead
# of stalling its batch (a 1 MB page of repeated, unpunctuated text is the usual culprit).
DEFAULT_BUDGET = 60.0
# Tokens per call to the NER model: bounds its memory whatever the batch or article size
# (a batch of short articles is one call, as before; a 1 MB page is spread over many).
MAX_TAG_TOKENS = 5000


# Characters of text analysed per article. The longest real article we have seen is
# under 40,000; a longer text is a dump, a list or a broken page, and analysing it would
# cost seconds per 100 KB (the NER model most). Over it: a failure, in no time.
DEFAULT_MAX_CHARS = 200_000


def max_chars() -> int:
    """PANTAU_MAX_TEXT_CHARS, else DEFAULT_MAX_CHARS (0: no limit)."""
    try:
        return int(os.environ.get("PANTAU_MAX_TEXT_CHARS", DEFAULT_MAX_CHARS))
    except ValueError:
        return DEFAULT_MAX_CHARS


class TextTooLong(PantauError):
    """article text is too long to analyse ({detail})"""


class TooLong(PantauError):
    """analysis took too long (over {detail} s)"""


def budget_seconds() -> float:
    """The per-article budget: PANTAU_ANALYSIS_BUDGET seconds, else DEFAULT_BUDGET (0: none)."""
    try:
        return float(os.environ.get("PANTAU_ANALYSIS_BUDGET", DEFAULT_BUDGET))
    except ValueError:
        return DEFAULT_BUDGET


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise TooLong in this block after ``seconds`` (SIGALRM: main thread on POSIX only)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise TooLong(f"{seconds:g}")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@lru_cache(maxsize=None)
def analysis_id(ner: str, gate: Gate = DEFAULT) -> str:
    """What made an extraction: the tagger, every rule family's version and the gate.

    Stored with each article; a stored article counts as current only when both its
    text and this id match, so improved rules, a new model or other gate settings
    (``--lang``, ``--analyse``) reprocess old articles.
    """
    from pipeline.ner import describe
    from pipeline.analysis.rules import versions

    return f"{describe(ner)}|{versions()}|{gate.describe()}"


def analyse_doc_batch(
    articles: Sequence[Article], tagger: Tagger | str, analysis: str = "", gate: Gate = DEFAULT
) -> list[Extraction | Failure]:
    """Extractions for a batch of articles; one failing article never sinks the others.

    ``tagger`` is a Tagger or the name of one, loaded only when an article passes the gate.
    """
    out: list[Extraction | Failure | None] = [None] * len(articles)
    docs: list[Doc] = []
    topics: list[Topic] = []
    where: list[int] = []
    limit = max_chars()
    for i, article in enumerate(articles):
        try:
            if limit and len(article.text) > limit:
                raise TextTooLong(f"{len(article.text):,} characters, over the {limit:,} analysed;"
                                  " PANTAU_MAX_TEXT_CHARS raises the limit")
            doc = make_doc(article)
            article, topic, gated = decide(article, doc.sentences, gate)
        except Exception as exc:
            out[i] = Failure(article.source, "nlp", one_line(exc))
            continue
        if gated:
            out[i] = Extraction(article=article, topic=topic, gate=gated, analysis=analysis)
        else:
            docs.append(replace(doc, article=article))
            topics.append(topic)
            where.append(i)
    if docs:
        if isinstance(tagger, str):
            tagger = get_tagger(tagger)
        for i, topic, result in zip(where, topics, _tag_and_apply(docs, tagger, topics)):
            out[i] = replace(result, analysis=analysis) if isinstance(result, Extraction) else result
    return out  # type: ignore[return-value]


def _token_bounded(docs: Sequence[Doc], limit: int) -> Iterator[list[tuple[int, Doc]]]:
    """Calls of at most ``limit`` tokens: (doc index, doc with some of its sentences).

    A long doc is spread over several calls; a sentence is never cut (``nlp`` already
    keeps every sentence within ``MAX_SENTENCE_TOKENS``).
    """
    call: list[tuple[int, Doc]] = []
    size = 0
    for n, doc in enumerate(docs):
        part: list = []
        for sent in doc.sentences:
            if size + len(sent.tokens) > limit and (part or call):
                if part:
                    call.append((n, replace(doc, sentences=tuple(part))))
                    part = []
                yield call
                call, size = [], 0
            part.append(sent)
            size += len(sent.tokens)
        call.append((n, replace(doc, sentences=tuple(part))))
    if call:
        yield call


def tag_bounded(tagger: Tagger, docs: Sequence[Doc], limit: int = MAX_TAG_TOKENS) -> list[Doc]:
    """``tagger.tag(docs)`` in calls of at most ``limit`` tokens, so a model's memory is bounded.

    The rules tagger reads a whole article at once (names repeated across sentences), and is
    linear, so it gets the docs whole; a model tags each sentence on its own.
    """
    from pipeline.ner import RuleTagger

    if isinstance(tagger, RuleTagger) or sum(len(s.tokens) for d in docs for s in d.sentences) <= limit:
        return list(tagger.tag(docs))
    found: list[list] = [[] for _ in docs]
    for call in _token_bounded(docs, limit):
        for (n, _), tagged in zip(call, tagger.tag([part for _, part in call])):
            found[n].extend(tagged.entities)
    return [replace(doc, entities=tuple(ents)) for doc, ents in zip(docs, found)]


def _tag_and_apply(
    docs: list[Doc], tagger: Tagger, topics: list[Topic]
) -> list[Extraction | Failure]:
    try:
        tagged: list[Doc | Failure] = tag_bounded(tagger, docs)
    except Exception:  # retry one by one so only the culprit fails
        tagged = []
        for doc in docs:
            try:
                tagged.extend(tag_bounded(tagger, [doc]))
            except Exception as exc:
                tagged.append(Failure(doc.article.source, "ner", one_line(exc)))
    out: list[Extraction | Failure] = []
    seconds = budget_seconds()
    for doc, topic in zip(tagged, topics):
        if isinstance(doc, Failure):
            out.append(doc)
            continue
        try:
            with time_budget(seconds):
                found = apply_rules(doc)
                extraction = assemble.build_extraction(doc, found, topic)
            out.append(extraction)
        except Exception as exc:
            out.append(Failure(doc.article.source, "rules", one_line(exc)))
    return out


def analyse(
    articles: Sequence[Article], ner: str = "auto", gate: Gate = DEFAULT
) -> list[Extraction | Failure]:
    """Analyse articles with the named tagger (loaded once per process, when first needed)."""
    return analyse_doc_batch(articles, ner, analysis_id(ner, gate), gate)
