"""The database a run makes from the bundled articles, as row digests to compare runs by.

A refactor must not change what pantau stores: ``tests/test_snapshot.py`` runs the
samples, both held-out sets and (when ``../shared`` is there) the seeds with both
taggers and compares every table, row for row, with ``tests/data/snapshot.json``.
When a change is meant to alter results (better rules, a new model), regenerate the
snapshot in the same commit and say why in the commit message::

    .venv/bin/python -m tests.snapshot            # rewrites tests/data/snapshot.json
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.dbdump import dump

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "snapshot.json"
# Relative paths, as a user types them: sources (and so article ids) depend on them.
RUNS = {
    "corpus": ["corpus/samples", "corpus/heldout", "corpus/heldout2"],
    "seeds": ["../shared/seeds"],
}
TAGGERS = ("stanza", "rules")


def digest(db_path: str | Path) -> dict[str, list[str]]:
    """Each table's rows (bookkeeping columns dropped) as sorted short hashes."""
    return {
        table: sorted(hashlib.sha256(repr(row).encode()).hexdigest()[:16] for row in rows)
        for table, rows in dump(db_path).items()
    }


def run(paths: list[str], ner: str, root: Path = ROOT) -> dict[str, list[str]]:
    """Digest of a fresh database made by ``pantau run`` from ``root``."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "snap.db"
        env = {**os.environ, "PYTHONPATH": str(root)}
        subprocess.run(
            [sys.executable, "-m", "pipeline", "run", *paths, "--ner", ner, "--db", str(db),
             "--workers", "1", "--quiet"],
            cwd=root, env=env, check=True, capture_output=True, text=True,
        )
        return digest(db)


def make(root: Path = ROOT) -> dict:
    return {f"{name}/{ner}": run(paths, ner, root) for name, paths in RUNS.items() for ner in TAGGERS}


if __name__ == "__main__":
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    SNAPSHOT.write_text(json.dumps(make(root), indent=0, sort_keys=True) + "\n")
    print(f"wrote {SNAPSHOT}")
