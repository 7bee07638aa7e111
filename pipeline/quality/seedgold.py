"""Seed gold: the values of ``corpus/gold/seed_*.json`` that stand off in the seed text.

The five real seed articles live in ``../shared/seeds``, never in the repository, and so do
their people's names and figures: the seed gold writes an official's name or a TPS/DPT count
as a reference into the seed text (``{"at": [start, end]}``, pipeline.analysis.standoff;
docs/gold.md, "Stand-off values") beside the text's SHA-256 (``text_sha256``). ``load_gold``
resolves them when the seed is there; on a user's clone it is not, and eval skips the seeds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.analysis import standoff

# Where a reference may stand: the values that would otherwise spell out a seed's words.
NAME_KEY = "name"
COUNT_KEYS = ("tps_count", "dpt_count")


def placement_problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with a gold record's references (none when it has none).

    References are for seeds/ sources only: every other source's text is in the repository
    (or, for a user's own set, is theirs), so its gold writes values out, readable and
    reviewable beside the text. Within seed gold they stand for official names and counts."""
    if not standoff.has_refs(data):
        return []
    source = data.get("source")
    if not (isinstance(source, str) and source.split("/")[0] == "seeds"):
        return ["stand-off references (\"at\") are for seeds/ sources only: gold of a text "
                "in the repository writes its values out"]
    problems = []
    officials = data.get("officials") if isinstance(data.get("officials"), list) else []
    refs = [(f"{k}", data.get(k), "number") for k in COUNT_KEYS]
    refs += [(f"officials[{i}] name", o.get(NAME_KEY), None) for i, o in enumerate(officials)
             if isinstance(o, dict)]
    for where, value, form in refs:
        problem = standoff.ref_problem(value, form) if standoff.is_ref(value) else None
        if problem:
            problems.append(f"{where}: {problem}")
    rest = [v for k, v in data.items() if k != "officials" and k not in COUNT_KEYS]
    rest += [{k: v for k, v in o.items() if k != NAME_KEY} for o in officials if isinstance(o, dict)]
    stray = sum(standoff.has_refs(v) for v in rest)
    if stray:
        problems.append(f"stand-off references stand only for official names and TPS/DPT "
                        f"counts ({stray} elsewhere)")
    if not isinstance(data.get("text_sha256"), str):
        problems.append("stand-off references need \"text_sha256\", the SHA-256 of the seed "
                        "text they point into")
    return problems


def resolve(data: dict[str, Any], text_path: Path, gold_path: Path) -> dict[str, Any]:
    """The record with every reference replaced by the seed text's words (a new dict).

    A seed text changed since the references were written is one clear InputError."""
    text = standoff.read_text(text_path, data.get("text_sha256"), str(gold_path))
    return standoff.resolve(data, text, str(gold_path))
