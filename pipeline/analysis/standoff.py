"""Stand-off values: a place in a text that lives outside the repository, read when needed.

The five real seed articles (``../shared/seeds``) may not be copied into the repository,
and neither may their people's names or their figures. Their gold (``corpus/gold/seed_*.json``)
and the seed persons the NER model is scored on (``models/ner/indomain/seeds_persons.json``)
therefore point into the seed text instead of spelling a value out (docs/gold.md,
"Stand-off values"):

    {"at": [121, 129]}                   the text between two character offsets
    {"at": [170, 181], "as": "title"}    the same in title case (an ALL-CAPS name)
    {"at": [1952, 1954], "as": "number"} a whole number (dots as thousands separators)

Offsets count Unicode characters of the file decoded as UTF-8, newlines as stored. The file
that holds the references also carries the SHA-256 of the text they point into: when the text
changes, every offset may point elsewhere, so resolving fails with one line instead of scoring
against whatever now sits there. This module is the resolver only; ``pipeline.quality.evaluate``
(gold) and ``train_ner`` (seed persons) use it. It lives in analysis because ``train_ner`` does
and may not import quality.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

FORMS = ("text", "title", "number")
GUIDE = "docs/gold.md, 'Stand-off values'"
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")


def is_ref(value: Any) -> bool:
    """Whether ``value`` is a stand-off reference (a JSON object with ``at``)."""
    return isinstance(value, dict) and "at" in value


def ref_problem(value: Any, form: str | None = None) -> str | None:
    """What is malformed in one reference (None when it is well formed).

    ``form``: the form the place needs (``number`` for a count); None accepts text forms."""
    if set(value) - {"at", "as"}:
        return "a reference has only 'at' and 'as'"
    at = value["at"]
    if not (isinstance(at, list) and len(at) == 2 and all(type(x) is int for x in at)
            and 0 <= at[0] < at[1]):
        return "'at' must be [start, end], two character offsets with start < end"
    got = value.get("as", "text")
    if got not in FORMS:
        return f"'as' must be one of {', '.join(FORMS)}"
    if form == "number" and got != "number":
        return "a count's reference needs \"as\": \"number\""
    if form != "number" and got == "number":
        return "\"as\": \"number\" is for counts only"
    return None


def has_refs(value: Any) -> bool:
    """Whether any reference sits anywhere inside ``value``."""
    if is_ref(value):
        return True
    if isinstance(value, dict):
        return any(has_refs(v) for v in value.values())
    if isinstance(value, list):
        return any(has_refs(v) for v in value)
    return False


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path: Path, sha256: str | None, where: str) -> str:
    """The text references point into, or one line saying it changed since they were written."""
    text = Path(path).read_bytes().decode("utf-8")
    if not isinstance(sha256, str) or not sha256:
        raise InputError(f"{where}: stand-off references need the text's \"text_sha256\" ({GUIDE})")
    if text_sha256(text) != sha256:
        raise InputError(
            f"{where}: {Path(path).name} changed since its stand-off references were written "
            f"(sha256 {text_sha256(text)[:12]}..., expected {sha256[:12]}...): they may point "
            f"at other words now; re-anchor them ({GUIDE})")
    return text


def resolve_ref(ref: dict[str, Any], text: str, where: str) -> str | int:
    """The value one reference stands for, checked to be a whole word (or number) of ``text``."""
    start, end = ref["at"]
    span = text[start:end]
    form = ref.get("as", "text")
    whole = (end <= len(text) and span == span.strip() and "\n" not in span
             and not (start > 0 and text[start - 1].isalnum())
             and not (end < len(text) and text[end].isalnum()))
    if not whole or (form == "number" and not _NUMBER.match(span)):
        kind = "number" if form == "number" else "whole word(s) on one line"
        raise InputError(f"{where}: reference at {start}-{end} is not a {kind} of the text "
                         f"({GUIDE})")
    if form == "number":
        return int(span.replace(".", ""))
    if form == "title":
        return " ".join(w[:1].upper() + w[1:].lower() for w in span.split(" "))
    return span


def resolve(value: Any, text: str, where: str) -> Any:
    """``value`` with every reference inside it replaced by what it stands for (a new object)."""
    if is_ref(value):
        return resolve_ref(value, text, where)
    if isinstance(value, dict):
        return {k: resolve(v, text, where) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, text, where) for v in value]
    return value


def load_per_text(path: Path, texts_dir: Path) -> dict[str, Any]:
    """A JSON file of references into several texts, resolved (``seeds_persons.json``).

    Its ``text_sha256`` maps each text's file name (in ``texts_dir``) to its hash; every other
    top-level object keyed by those file names has its references resolved against that text.
    """
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    hashes = spec.get("text_sha256") or {}
    texts = {name: read_text(Path(texts_dir) / name, sha, str(path)) for name, sha in hashes.items()}
    out = dict(spec)
    for key, value in spec.items():
        if key != "text_sha256" and isinstance(value, dict) and has_refs(value):
            if set(value) - set(texts):
                raise InputError(f"{path}: {key} names texts without a \"text_sha256\" ({GUIDE})")
            out[key] = {name: resolve(v, texts[name], str(path)) for name, v in value.items()}
    return out
