"""Rule families: documented, versioned data plus the code that applies it.

Each family is a module here with a YAML file in ``rules/data/`` of the same name. The
module exposes ``NAME``, ``VERSION`` and ``extract(doc, found) -> tuple[record, ...]``,
where ``found`` holds what earlier families produced (families run in ``ORDER``). The
YAML holds the lexicons and an ``examples`` list; every example is a test case
(``tests/test_rule_examples.py``, run through ``pipeline.analysis.examples``) and
appears in ``docs/rules.md``.

An example looks like::

    - text: "Kapolsek Seruyan Hilir AKP Wagiyono melakukan kunjungan"
      published: 2020-10-06          # optional, for year-less dates
      expect:                        # each dict must match one record (subset of fields)
        - {name: Wagiyono, rank: AKP, position: Kapolsek, org: Polsek Seruyan Hilir}
      reject:                        # no record may match any of these
        - {name: Hilir AKP Wagiyono}
      exact: false                   # true: the records are exactly ``expect``
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from pipeline.records import Doc

DATA_DIR = Path(__file__).parent / "data"

# Order matters: later families read what earlier ones found (officials use
# organisations; elections use the election-day dates).
ORDER = ("places", "organizations", "dates", "elections", "counts", "officials")


# libyaml's safe loader when PyYAML was built with it: the same data, ~10x faster to
# parse (every worker reads every family's YAML at start-up; officials.yml is the largest).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_data(name: str) -> dict[str, Any]:
    """The YAML data of one rule family."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=SAFE_LOADER)


def phrases(words) -> str:
    """A regex alternation of ``words``: longest first, any run of spaces between the words
    of a phrase ("kepala desa" matches "kepala  desa")."""
    escaped = (re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return "|".join(escaped).replace(r"\ ", r"\s+")


def family(name: str) -> ModuleType:
    return importlib.import_module(f"pipeline.analysis.rules.{name}")


def rule_id(name: str) -> str:
    """What goes in the ``rule`` column: family@version."""
    return f"{name}@{family(name).VERSION}"


def versions() -> str:
    """Every rule family's id, events and topic included: part of what makes a stored result current."""
    return ",".join(rule_id(name) for name in (*ORDER, "events", "topic"))


def apply_rules(doc: Doc, only: str | None = None) -> dict[str, tuple]:
    """Run the families in order (up to and including ``only`` when given)."""
    found: dict[str, tuple] = {}
    for name in ORDER:
        found[name] = tuple(family(name).extract(doc, found))
        if name == only:
            break
    return found
