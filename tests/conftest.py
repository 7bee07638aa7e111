"""Shared fixtures. ../shared is present in CI and for developers, absent in a user's clone."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: it holds the seeds, NER data and real pages, which a user's clone lacks."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (it ships with the team's checkout, not with pantau)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
