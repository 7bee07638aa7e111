"""Rule family 'incidents': are two reported events one real-world event?

A pure decision on two event descriptions (plain dicts: date, date_loose, kind, region
code, units, officials, article, duplicate_of); the rules and documented examples are
in ``data/incidents.yml``. ``pipeline.storage.incidents`` finds the candidate pairs in
the database, builds the descriptions from stored rows and groups the reports. This
family is not in ``ORDER``: it compares events across articles, after storage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from pipeline.analysis import regions
from pipeline.analysis.rules import load_data

NAME = "incidents"
VERSION = 1
RULE = f"{NAME}@{VERSION}"


@dataclass(frozen=True)
class Decision:
    """Whether two events are one incident, and why (the reasons are stable words)."""

    same: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Rules:
    group_of: dict[str, int]
    generic: frozenset[str]
    loose_days: int
    unit_regions: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def linking_rules() -> _Rules:
    data = load_data(NAME)
    group_of = {k: n for n, kinds in enumerate(data["kind_groups"]) for k in kinds}
    return _Rules(group_of, frozenset(_norm(u) for u in data["generic_units"]),
                  int(data["loose_days"]),
                  {_norm(k): tuple(v) for k, v in data["unit_regions"].items()})


def _norm(name: str) -> str:
    return " ".join(str(name).lower().replace("-", " ").split())


def distinctive(names: Iterable[str]) -> set[str]:
    """Unit names that identify something: lower-cased, generic words ("KPU") dropped."""
    generic = linking_rules().generic
    return {n for n in (_norm(x) for x in names or ()) if n and n not in generic}


_ADMIN_WORD = {"kabupaten": "kabupaten", "kab.": "kabupaten", "kota": "kota"}


def region_from_units(units: Iterable[str]) -> str | None:
    """The finest region every placeable unit name agrees with ("Polsek Sokaraja" ->
    "33.02.19"), or None when none places it or two disagree."""
    table = linking_rules().unit_regions
    codes = []
    for unit in units or ():
        words = str(unit).split()
        levels = table.get(_norm(words[0])) if len(words) > 1 else None
        if not levels:
            continue
        rest = words[1:]
        if rest[0].lower() in _ADMIN_WORD and len(rest) > 1:
            levels, rest = (_ADMIN_WORD[rest[0].lower()],), rest[1:]
        code = next((c for lv in levels if (c := regions.resolve(" ".join(rest), lv))), None)
        if code:
            codes.append(code)
    if not codes:
        return None
    finest = max(codes, key=len)
    return finest if all(region_relation(finest, c) for c in codes) else None


def effective_region(event: dict[str, Any]) -> str | None:
    """The event's coded region, else the one its units' names give."""
    return event.get("region") or region_from_units(event.get("units") or ())


def region_relation(a: str | None, b: str | None) -> str | None:
    """'equal', 'inside' (one code a prefix of the other at a code boundary) or None."""
    if not a or not b:
        return None
    if a == b:
        return "equal"
    short, long_ = sorted((a, b), key=len)
    return "inside" if long_.startswith(short + ".") else None


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_relation(a: dict[str, Any], b: dict[str, Any]) -> str:
    """'same_date', 'one_day_apart_loose_date', 'dates_differ' or 'no_date'."""
    da, db_ = _day(a.get("date")), _day(b.get("date"))
    if da is None or db_ is None:
        return "no_date"
    gap = abs((da - db_).days)
    if gap == 0:
        return "same_date"
    if gap <= linking_rules().loose_days and (a.get("date_loose") or b.get("date_loose")):
        return "one_day_apart_loose_date"
    return "dates_differ"


def kind_relation(a: str | None, b: str | None) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "same_kind"
    groups = linking_rules().group_of
    if a in groups and groups.get(a) == groups.get(b):
        return "related_kind"
    return None


def same_incident(a: dict[str, Any], b: dict[str, Any]) -> Decision:
    """The linking rule on two event descriptions (see data/incidents.yml)."""
    if a.get("article") and b.get("article") and (
        a.get("duplicate_of") == b["article"] or b.get("duplicate_of") == a["article"]
        or (a.get("duplicate_of") and a.get("duplicate_of") == b.get("duplicate_of"))
    ):
        return Decision(True, ("near_duplicate",))
    ra, rb = effective_region(a), effective_region(b)
    region = region_relation(ra, rb)
    if region is None:
        missing = not ra or not rb
        return Decision(False, ("no_region" if missing else "regions_differ",))
    date = date_relation(a, b)
    if date in ("no_date", "dates_differ"):
        return Decision(False, (date,))
    reasons = [f"region_{region}", date]
    if distinctive(a.get("units") or ()) & distinctive(b.get("units") or ()):
        reasons.append("units_overlap")
    if {_norm(x) for x in a.get("officials") or ()} & {_norm(x) for x in b.get("officials") or ()}:
        reasons.append("officials_overlap")
    kind = kind_relation(a.get("kind"), b.get("kind"))
    if kind:
        reasons.append(kind)
    if len(reasons) == 2:
        return Decision(False, ("nothing_shared",))
    return Decision(True, tuple(reasons))


def example_records(example: dict[str, Any]) -> list[dict[str, Any]]:
    """A documented example (a ``pair`` of descriptions) as the records tests compare."""
    first, second = example["pair"]
    decision = same_incident(first, second)
    # The rule must not depend on which report came first.
    assert same_incident(second, first).same == decision.same
    return [{"same": decision.same, "reasons": decision.reasons}]
