"""Analysis of a batch of articles: tokens, names (NER), rule families, assembly.

``analyse`` is what a worker runs: the tagger is loaded once per process and batched
over all the sentences of a batch; one failing article never sinks the others.
Imports the analysis stages only: no storage, no run loop.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from pipeline.analysis import assemble
from pipeline.analysis.nlp import make_doc
from pipeline.analysis.rules import apply_rules
from pipeline.errors import one_line
from pipeline.ner import Tagger, get_tagger
from pipeline.records import Article, Extraction, Failure


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
    for doc in docs:
        if isinstance(doc, Failure):
            out.append(doc)
            continue
        try:
            found = apply_rules(doc)
            out.append(replace(assemble.build_extraction(doc, found), analysis=analysis))
        except Exception as exc:
            out.append(Failure(doc.article.source, "rules", one_line(exc)))
    return out


def analyse(articles: Sequence[Article], ner: str = "auto") -> list[Extraction | Failure]:
    """Analyse articles with the named tagger (loaded once per process)."""
    return analyse_doc_batch(articles, get_tagger(ner), analysis_id(ner))
