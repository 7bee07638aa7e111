"""Rows of the ``regions`` table: a coded place and every region above it, with a map point.

Written beside the articles that name them (``pipeline.storage.store``) so that views,
the map and Datasette facets can join on Kemendagri codes. Reads the gazetteer in
``pipeline.analysis.regions``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from pipeline.analysis import regions


def map_region_rows(codes: Iterable[str | None]) -> list[dict[str, Any]]:
    """``regions`` rows for these Kemendagri codes and every region above them."""
    wanted: set[str] = set()
    for code in codes:
        if code:
            parts = code.split(".")
            wanted.update(".".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return [row for row in map(_region_row, sorted(wanted)) if row]


@lru_cache(maxsize=100_000)
def _region_row(code: str) -> dict[str, Any] | None:
    region = regions.region(code)
    if region is None:
        return None
    parts = code.split(".")

    def name_at(depth: int) -> str | None:
        if len(parts) < depth:
            return None
        above = regions.region(".".join(parts[:depth]))
        return above.name if above else None

    point = regions.coordinates(code)
    return {
        "code": code, "name": region.name, "level": region.type,
        "parent_code": region.parent_code, "province": name_at(1), "kabupaten": name_at(2),
        "kecamatan": name_at(3),
        "latitude": point[0] if point else None, "longitude": point[1] if point else None,
        "point_level": point[2] if point else None,
    }
