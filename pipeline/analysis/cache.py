"""Derived data kept on disk between runs, keyed by the sha256 of what it was built from.

Some of pantau's look-up tables are slow to build and never change between runs: the
region index (every Kemendagri region and village by name, ~1.2 s per process) and
GeoNames' Indonesian towns (parsed out of an 80 MB JSON of the world's towns, ~2 s).
``cached`` keeps such a table in a file named by the sha256 of its source files and of
a version string (bump it when the code that builds the table changes), so a new source
or new code is a new file, never a stale one.

Where: ``$PANTAU_CACHE`` when set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/pantau``, else ``~/.cache/pantau``. Files are ``marshal`` data (plain
dicts, lists, tuples, strings and numbers: loading runs no code), written to a temporary
file and moved into place with ``os.replace``, so concurrent writers never leave half a
file. A file that cannot be read (corrupt, truncated, another Python's format) is
rebuilt and rewritten; a cache directory that cannot be written is skipped. The cache
can always be deleted.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
_FORMAT = b"pantau-cache-1\n"


def directory() -> Path | None:
    """The cache directory, or None when the cache is off."""
    env = os.environ.get("PANTAU_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pantau"


def key(sources: Iterable[Path], version: str) -> str:
    """sha256 of the sources' bytes (in order, each with its name) and of ``version``."""
    h = hashlib.sha256(version.encode())
    for path in sources:
        h.update(b"\0" + Path(path).name.encode() + b"\0")
        with open(path, "rb") as f:
            h.update(hashlib.file_digest(f, "sha256").digest())
    return h.hexdigest()


def cached(name: str, sources: Iterable[Path], version: str, build: Callable[[], T]) -> T:
    """``build()``'s value (marshal-able data), from the cache when its sources are unchanged."""
    folder = directory()
    if folder is None:
        return build()
    try:
        path = folder / f"{name}-{key(sources, version)[:32]}.marshal"
    except OSError:  # a source cannot be read: build() will say why
        return build()
    try:
        raw = path.read_bytes()
        if raw.startswith(_FORMAT):
            return marshal.loads(raw[len(_FORMAT):])
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError):
        pass  # unreadable or corrupt: rebuilt below
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_FORMAT + marshal.dumps(value))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass  # read-only home, full disk, unmarshal-able value: run without the cache
    return value
