"""The NER seam: one small interface the rules use to find PER, ORG and LOC names.

Two taggers plug in here:

- ``rules``: patterns over capitalisation and pantau's lexicons (ranks, positions,
  organisation and region words). Always available; ``--ner rules``.
- ``stanza``: pantau's own Indonesian Stanza model, trained from ../shared/data/ner
  and shipped in ``pipeline/models`` (``pipeline.analysis.stanza_ner``); ``--ner stanza``.

``auto`` picks ``stanza`` when its files are present and ``rules`` otherwise.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, Sequence

from pipeline.errors import InputError
from pipeline.records import Doc

TAGGERS = ("auto", "stanza", "rules")


class Tagger(Protocol):
    name: str  # recorded as the ``source`` of every entity it makes

    def tag(self, docs: Sequence[Doc]) -> list[Doc]:
        """The same docs with ``entities`` filled in (batched over all their sentences)."""
        ...


class RuleTagger:
    """Names found by pantau's patterns; no model needed."""

    def __init__(self) -> None:
        from pipeline.analysis.rules import names

        self._find = names.find_entities
        self.name = f"rules:{names.NAME}@{names.VERSION}"

    def tag(self, docs: Sequence[Doc]) -> list[Doc]:
        return [replace(doc, entities=tuple(self._find(doc, self.name))) for doc in docs]


_cache: dict[str, Tagger] = {}


def get_tagger(name: str = "auto") -> Tagger:
    """The tagger called ``name``, built once per process."""
    name = resolve(name)
    if name not in _cache:
        if name == "stanza":
            from pipeline.analysis.stanza_ner import StanzaTagger

            _cache[name] = StanzaTagger(**stanza_engine())
        else:
            _cache[name] = RuleTagger()
    return _cache[name]


# How the Stanza network runs (pipeline.analysis.ner_fast.ENGINES): "cached-int8" (default:
# per-word-form cache, int8 word LSTM), "cached" (float; the same entities as Stanza's own
# pipeline), "fast-int8", "fast" (no cache) or "stanza" (Stanza's pipeline, the old path).
# docs/ner.md, "Speed", has the measurements.
# An environment variable so spawned workers inherit it; the benchmark sets it.
ENGINE_VAR = "PANTAU_NER_ENGINE"


def stanza_engine() -> dict:
    """StanzaTagger options for ``$PANTAU_NER_ENGINE`` (default ``cached-int8``)."""
    import os

    from pipeline.analysis.ner_fast import DEFAULT_ENGINE, ENGINES

    engine = os.environ.get(ENGINE_VAR, DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise InputError(f"unknown {ENGINE_VAR} {engine!r}: choose one of {', '.join(ENGINES)}")
    return dict(ENGINES[engine])


def resolve(name: str = "auto") -> str:
    """``auto`` made concrete: ``stanza`` when its files are present, else ``rules``."""
    if name not in TAGGERS:
        raise InputError(f"unknown NER tagger {name!r}: choose one of {', '.join(TAGGERS)}")
    if name == "auto":
        from pipeline.analysis import stanza_ner

        return "stanza" if stanza_ner.model_available() else "rules"
    return name


def describe(name: str = "auto") -> str:
    """The tagger's recorded name without loading a model (for the runs table)."""
    name = resolve(name)
    if name == "stanza":
        from pipeline.analysis import stanza_ner

        import json

        files = stanza_ner.model_files()
        try:
            manifest = json.loads(files["manifest"].read_text(encoding="utf-8"))
            sha = manifest["files"][stanza_ner.MODEL_FILE]["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            return "stanza"  # loading it will say what is wrong, in one line
        engine = stanza_engine()
        return stanza_ner.tagger_name(sha, engine.get("quantize", False) and engine.get("fast", True),
                                      bool(engine.get("cache")))
    from pipeline.analysis.rules import names

    return f"rules:{names.NAME}@{names.VERSION}"
