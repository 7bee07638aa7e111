"""Analysis of a batch of articles: tokens, names (NER), rule families, assembly.

``analyse`` is what a worker runs: the tagger is loaded once per process and batched
over all the sentences of a batch; one failing article never sinks the others.
Imports the analysis stages only: no storage, no run loop.
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
from pipeline.analysis.nlp import make_doc
from pipeline.analysis.rules import apply_rules
from pipeline.errors import PantauError, one_line
from pipeline.ner import Tagger, get_tagger
from pipeline.records import Article, Extraction, Failure


# Seconds the rules may spend on one article before it is recorded as a failure instead
# of stalling its batch (a 1 MB page of repeated, unpunctuated text is the usual culprit).
DEFAULT_BUDGET = 60.0


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
def analysis_id(ner: str) -> str:
    """What made an extraction: the tagger and every rule family's version.

    Stored with each article; a stored article counts as current only when both its
    text and this id match, so improved rules or a new model reprocess old articles.
    """
    from pipeline.ner import describe
    from pipeline.analysis.rules import versions

    return f"{describe(ner)}|{versions()}"


def analyse_doc_batch(
    articles: Sequence[Article], tagger: Tagger, analysis: str = ""
) -> list[Extraction | Failure]:
    """Extractions for a batch of articles; one failing article never sinks the others."""
    docs = [make_doc(a) for a in articles]
    try:
        docs = tagger.tag(docs)
    except Exception:  # retry one by one so only the culprit fails
        tagged = []
        for doc in docs:
            try:
                tagged.extend(tagger.tag([doc]))
            except Exception as exc:
                tagged.append(Failure(doc.article.source, "ner", one_line(exc)))
        docs = tagged
    out: list[Extraction | Failure] = []
    seconds = budget_seconds()
    for doc in docs:
        if isinstance(doc, Failure):
            out.append(doc)
            continue
        try:
            with time_budget(seconds):
                found = apply_rules(doc)
                extraction = assemble.build_extraction(doc, found)
            out.append(replace(extraction, analysis=analysis))
        except Exception as exc:
            out.append(Failure(doc.article.source, "rules", one_line(exc)))
    return out


def analyse(articles: Sequence[Article], ner: str = "auto") -> list[Extraction | Failure]:
    """Analyse articles with the named tagger (loaded once per process)."""
    return analyse_doc_batch(articles, get_tagger(ner), analysis_id(ner))
