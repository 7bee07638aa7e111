"""Compare pantau databases by what they hold, ignoring run bookkeeping."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Columns that record when/which run wrote a row, not what was found.
VOLATILE = {"run_id", "processed_at", "first_seen", "last_seen"}
TABLES = (
    "articles", "people", "entities", "officials", "dates", "elections", "counts",
    "places", "organizations", "events", "event_officials", "incidents", "incident_reports",
)


def dump(path: str | Path) -> dict[str, list[tuple]]:
    """Every row of the article-derived tables, volatile columns dropped, sorted."""
    conn = sqlite3.connect(path)
    out = {}
    for table in TABLES:
        cols = [r[1] for r in conn.execute(f"pragma table_info([{table}])") if r[1] not in VOLATILE]
        rows = conn.execute(f"select {', '.join(f'[{c}]' for c in cols)} from [{table}]").fetchall()
        out[table] = sorted(rows, key=repr)
    conn.close()
    return out
