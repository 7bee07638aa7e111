"""Same inputs, same database: every table, row for row, against tests/data/snapshot.json.

The snapshot was made before the packages moved (issue 9) and is regenerated only by a
change that means to alter results (``python -m tests.snapshot``; see tests/snapshot.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.snapshot import RUNS, SNAPSHOT, run

SHARED = Path(__file__).resolve().parents[2] / "shared"


def cases():
    for name in RUNS:
        for ner in ("stanza", "rules"):
            marks = [pytest.mark.slow]
            if name == "seeds":
                marks.append(pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent"))
            if ner == "stanza":
                marks.append(pytest.mark.model)
            yield pytest.param(name, ner, marks=marks, id=f"{name}-{ner}")


@pytest.mark.parametrize("name,ner", list(cases()))
def test_same_database_as_the_snapshot(name, ner):
    expected = json.loads(SNAPSHOT.read_text())[f"{name}/{ner}"]
    got = run(RUNS[name], ner)
    assert got.keys() == expected.keys()
    for table in expected:
        assert got[table] == expected[table], f"{table}: rows differ from the snapshot"
