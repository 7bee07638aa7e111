"""Every documented example of every rule family is a test.

Each ``rules/data/<family>.yml`` with a module of that name and an ``examples`` list
plugs in here: an example's text goes through the whole chain (tokens, rule NER
tagger, the families up to its own) and its records are checked against ``expect`` (each dict a subset of one
record's fields), ``reject`` (no record may match) and ``exact`` (the records are
exactly those of ``expect``, one each, none left over).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from pipeline.analysis import examples, rules


def _families_with_examples() -> list[tuple[str, int, dict[str, Any]]]:
    cases = []
    for path in sorted(rules.DATA_DIR.glob("*.yml")):
        if importlib.util.find_spec(f"pipeline.analysis.rules.{path.stem}") is None:
            continue  # data of another stage (boilerplate.yml) has its own tests
        for n, example in enumerate(rules.load_data(path.stem).get("examples") or []):
            cases.append((path.stem, n, example))
    return cases


CASES = _families_with_examples()


def matches(record: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """``wanted`` is a subset of ``record``; YAML lists compare equal to record tuples."""
    for key, value in wanted.items():
        if key not in record:
            raise KeyError(f"example names a field {key!r} that records do not have")
        got = record[key]
        if isinstance(got, tuple):
            got = list(got)
        if isinstance(value, float) or isinstance(got, float):
            if value is None or got is None or abs(got - value) > 1e-9:
                return False
        elif got != value:
            return False
    return True


def one_to_one(records: list[dict[str, Any]], expected: list[dict[str, Any]]) -> bool:
    """Each expected dict matched by its own record (small lists: backtracking is fine)."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    for i, record in enumerate(records):
        if matches(record, first) and one_to_one(records[:i] + records[i + 1 :], rest):
            return True
    return False


def _show(records: list[dict[str, Any]]) -> str:
    skip = {"start", "end", "rule"}
    return "\n".join(str({k: v for k, v in r.items() if k not in skip}) for r in records) or "(no records)"


@pytest.mark.parametrize(
    "family,example",
    [pytest.param(f, e, id=f"{f}-{n}") for f, n, e in CASES],
)
def test_example(family: str, example: dict[str, Any]) -> None:
    records = examples.example_records(family, example)
    expected = example.get("expect") or []
    why = example.get("why", "")
    for wanted in expected:
        assert any(matches(r, wanted) for r in records), f"{why}\nmissing {wanted}\ngot:\n{_show(records)}"
    for unwanted in example.get("reject") or []:
        assert not any(matches(r, unwanted) for r in records), f"{why}\nrejected {unwanted}\ngot:\n{_show(records)}"
    if example.get("exact"):
        assert len(records) == len(expected) and one_to_one(records, expected), (
            f"{why}\nexpected exactly {expected}\ngot:\n{_show(records)}"
        )


def test_examples_found() -> None:
    """The officials family documents its cases (a broken loader would silently test nothing)."""
    assert sum(1 for f, _, _ in CASES if f == "officials") >= 30


def test_matches_is_a_subset_check() -> None:
    record = {"name": "Wagiyono", "rank": "AKP", "titles": ("SH",), "confidence": 0.6}
    assert matches(record, {"name": "Wagiyono", "titles": ["SH"]})
    assert matches(record, {"confidence": 0.6})
    assert not matches(record, {"rank": "AKBP"})
    assert not matches(record, {"titles": []})
    with pytest.raises(KeyError):
        matches(record, {"nmae": "Wagiyono"})
    assert one_to_one([record, {**record, "name": "Sopian"}], [{"name": "Sopian"}, {"rank": "AKP"}])
    assert not one_to_one([record], [{"rank": "AKP"}, {"name": "Wagiyono"}])
