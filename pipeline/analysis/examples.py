"""A rule family's documented examples, run the way an article is run.

Each example in ``rules/data/<family>.yml`` is tokenised, tagged with the rule tagger
and passed through the families up to the one it documents; tests and docs read the
records it yields. Lives apart from ``rules`` because it needs the tagger (``ner``),
which itself uses the ``names`` family.

An example may list ``model_persons``: the person spans a NER model would find in its
text (each occurrence of each string becomes a PER entity from "model:example"), so a
rule that reads the model's spans is documented and tested without loading a model.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from typing import Any

from pipeline.analysis.nlp import make_doc
from pipeline.analysis.rules import ORDER, apply_rules, family
from pipeline.ner import get_tagger
from pipeline.records import Article, Doc, Entity


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
    if example.get("model_persons"):
        doc = with_model_persons(doc, example["model_persons"])
    found = apply_rules(doc, only=name if name in ORDER else None)
    if name not in found:  # a stage after the families (events) documents examples too
        found[name] = tuple(family(name).extract(doc, found))
    return [asdict(r) for r in found[name]]


def with_model_persons(doc: Doc, names: list[str]) -> Doc:
    """``doc`` as a NER model would tag it: every whole-word occurrence of ``names`` a PER span."""
    text = doc.article.text
    found = [Entity("PER", m.start(), m.end(), m.group(0), "model:example")
             for name in names for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return replace(doc, entities=doc.entities + tuple(found))
