"""Shared fixtures. ../shared is present in CI and for developers, absent in a user's clone."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Derived-data cache (pipeline/analysis/cache.py): the tests' own, never the user's
# ~/.cache; one per test session, inherited by the runs the tests start.
os.environ.setdefault("PANTAU_CACHE", tempfile.mkdtemp(prefix="pantau-test-cache-"))


def seed_gold() -> dict[str, dict]:
    """Seed file name -> its gold (corpus/gold/seed_*.json) as ``load_gold`` resolves it: names and
    counts stand off in the seed text, so they are there only when ../shared is (docs/gold.md)."""
    from pipeline.quality import evaluate

    return {g.source.removeprefix("seeds/"): g.data
            for g in evaluate.load_gold(REPO / "corpus" / "gold") if g.source.startswith("seeds/")}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: it holds the seeds, NER data and real pages, which a user's clone lacks."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (it ships with the team's checkout, not with pantau)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
