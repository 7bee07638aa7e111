"""A rule family's documented examples, run the way an article is run.

Each example in ``rules/data/<family>.yml`` is tokenised, tagged with the rule tagger
and passed through the families up to the one it documents; tests and docs read the
records it yields. Lives apart from ``rules`` because it needs the tagger (``ner``),
which itself uses the ``names`` family.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pipeline.analysis.nlp import make_doc
from pipeline.analysis.rules import ORDER, apply_rules, family
from pipeline.ner import get_tagger
from pipeline.records import Article


def example_records(name: str, example: dict[str, Any]) -> list[dict[str, Any]]:
    """Records one family yields for one documented example, as dicts."""
    if "pair" in example:  # a family that compares two events (incidents) decides a pair
        return family(name).example_records(example)
    published = example.get("published")
    article = Article(
        source="example",
        title=example.get("title", ""),
        body=example["text"],
        published=str(published) if published else None,
    )
    doc = make_doc(article)
    doc = get_tagger("rules").tag([doc])[0]
    found = apply_rules(doc, only=name if name in ORDER else None)
    if name not in found:  # a stage after the families (events) documents examples too
        found[name] = tuple(family(name).extract(doc, found))
    return [asdict(r) for r in found[name]]
