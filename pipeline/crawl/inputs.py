"""Local inputs: the files under the paths a user gives (extracted later, by a worker)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from pipeline import extract


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Input files under ``paths`` in a stable order (directories recursively)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in extract.SUFFIXES
            )
        else:
            yield p
