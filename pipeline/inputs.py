"""Local inputs: files and directories to Article or Failure records."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from pipeline import extract
from pipeline.records import Article, Failure


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Input files under ``paths`` in a stable order (directories recursively)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in extract.SUFFIXES
            )
        else:
            yield p


def iter_local(paths: Iterable[str | Path]) -> Iterator[Article | Failure]:
    """Each file as an Article, or a Failure saying in one line why it could not be read."""
    from pipeline.process import one_line

    for path in iter_files(paths):
        if not path.exists():
            yield Failure(str(path), "read", "no such file")
            continue
        try:
            yield extract.read_article(path)
        except Exception as exc:
            yield Failure(str(path), "extract", one_line(exc))
