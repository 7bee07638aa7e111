"""Browsing: the database in Datasette, with pantau's metadata, canned queries and plugins.

``pantau serve`` shapes the database like every pantau command does, then hands it to
Datasette (version pinned in pyproject.toml, so the metadata format holds still). Datasette
opens a file it is given as *mutable*, which means read-only connections (``mode=ro``)
that see each new commit, so a batch run can keep writing while people browse; with
``--immutable`` it would instead assume the file never changes and cache counts.

The metadata lives in ``pipeline/browse/datasette/metadata.yml`` under the database name
``pantau``; it is re-keyed to the served file's own name, so ``--db other.db`` gets it
too. This module also builds the ``regions`` rows the map and the region facets join to.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Callable

from pipeline.errors import PantauError

HERE = Path(__file__).parent / "datasette"
METADATA = HERE / "metadata.yml"
PLUGINS = HERE / "plugins"
TEMPLATES = HERE / "templates"
DATASETTE_VERSION = "0.65.5"

# Long article texts would make table pages unreadable; the row page shows them whole.
SETTINGS = {
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
    "truncate_cells_html": 300,
    "default_page_size": 50,
}

# Tables Datasette itself keeps hidden (full-text index internals) need no description.
FTS_SUFFIXES = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content")


class NoDatabase(PantauError):
    """no database at {detail}: run `pantau run` first"""


# --- metadata -------------------------------------------------------------------------


def load_metadata(database: str = "pantau") -> dict[str, Any]:
    """pantau's Datasette metadata with its database section named ``database``."""
    import yaml

    with open(METADATA, encoding="utf-8") as f:
        metadata = yaml.safe_load(f)
    metadata.pop("x-columns", None)  # only a home for the YAML anchors
    metadata["databases"] = {database: metadata["databases"]["pantau"]}
    # Dashboards name the database they query: the one being served.
    for dashboard in metadata.get("plugins", {}).get("datasette-dashboards", {}).values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if "db" in part:
                part["db"] = database
    return metadata


def undescribed(db, metadata: dict[str, Any] | None = None) -> list[str]:
    """Tables, views and columns of ``db`` that the metadata does not describe ("table.column")."""
    tables = (metadata or load_metadata())["databases"]["pantau"]["tables"]
    missing = []
    names = db.table_names() + db.view_names()
    for name in names:
        if name.endswith(FTS_SUFFIXES) or name.startswith("sqlite_"):
            continue
        meta = tables.get(name) or {}
        if not (meta.get("description") or meta.get("description_html")):
            missing.append(name)
        columns = meta.get("columns") or {}
        for column in db[name].columns_dict:
            if not columns.get(column):
                missing.append(f"{name}.{column}")
    return missing


# --- the regions lookup table -----------------------------------------------------------


# --- serving ----------------------------------------------------------------------------


def datasette_args(db_path: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    """The ``datasette serve`` command line for this database."""
    args = [
        "serve", str(db_path), "--metadata", str(metadata_file),
        "--plugins-dir", str(PLUGINS), "--host", host, "--port", str(port),
    ]
    if TEMPLATES.is_dir():
        args += ["--template-dir", str(TEMPLATES)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


def prepare(db_path: str | Path, echo: Callable[[str], None] = print) -> Path:
    """Check the database exists and bring it to the current shape; returns its path."""
    from pipeline.storage import store

    path = Path(db_path)
    if not path.is_file():
        raise NoDatabase(str(path))
    try:
        store.open_db(path).close()
    except sqlite3.OperationalError as exc:
        # A file we may not write, or a run holding its lock for long: browsing it as it
        # is beats refusing; only views or search added since it was made may be missing.
        echo(f"pantau: serving {path} as it is (could not update its shape: {exc})")
    return path


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001,
          echo: Callable[[str], None] = print) -> None:
    """Run Datasette on the database until interrupted."""
    from datasette.cli import cli as datasette_cli

    path = prepare(db_path, echo)
    with tempfile.TemporaryDirectory(prefix="pantau-serve-") as tmp:
        metadata_file = Path(tmp) / "metadata.json"
        metadata_file.write_text(json.dumps(load_metadata(path.stem)), encoding="utf-8")
        datasette_cli.main(
            args=datasette_args(path, metadata_file, host, port), prog_name="datasette",
            standalone_mode=False,
        )
