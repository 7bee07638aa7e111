"""The derived-data cache (pipeline/analysis/cache.py) and what is built through it."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.analysis import cache
from tests.conftest import REPO


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PANTAU_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_then_read_from_disk(folder, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    build, calls = counting_build({"a": [1, 2], "b": ("x", 2.5, None)})
    assert cache.cached("t", [source], "1", build) == {"a": [1, 2], "b": ("x", 2.5, None)}
    assert cache.cached("t", [source], "1", build) == {"a": [1, 2], "b": ("x", 2.5, None)}
    assert len(calls) == 1
    assert len(list(folder.glob("t-*.marshal"))) == 1
    assert not list(folder.glob(".t-*")), "no temporary file left behind"


def test_a_changed_source_or_version_is_a_new_entry(folder, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    build, calls = counting_build([1])
    cache.cached("t", [source], "1", build)
    source.write_text("two")
    cache.cached("t", [source], "1", build)
    cache.cached("t", [source], "2", build)
    assert len(calls) == 3
    assert len(list(folder.glob("t-*.marshal"))) == 3


@pytest.mark.parametrize("damage", [b"", b"garbage", b"pantau-cache-1\n\x00\x01", None])
def test_a_corrupt_entry_is_rebuilt_and_rewritten(folder, tmp_path, damage):
    source = tmp_path / "source.txt"
    source.write_text("one")
    build, calls = counting_build(["value"])
    cache.cached("t", [source], "1", build)
    (entry,) = folder.glob("t-*.marshal")
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2] if damage is None else damage)
    assert cache.cached("t", [source], "1", build) == ["value"]
    assert len(calls) == 2
    assert entry.read_bytes() == good


def test_off_and_unwritable_directories_still_give_the_value(monkeypatch, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    build, calls = counting_build([1])
    monkeypatch.setenv("PANTAU_CACHE", "off")
    assert cache.directory() is None
    assert cache.cached("t", [source], "1", build) == [1]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("PANTAU_CACHE", str(blocker / "cache"))
    assert cache.cached("t", [source], "1", build) == [1]
    assert len(calls) == 2


def test_default_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("PANTAU_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "pantau"


def test_entries_are_plain_marshal_data(folder, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    cache.cached("t", [source], "1", lambda: {"k": [("a", 1)]})
    (entry,) = folder.glob("t-*.marshal")
    raw = entry.read_bytes()
    assert marshal.loads(raw[raw.index(b"\n") + 1:]) == {"k": [("a", 1)]}


def _index_in_subprocess(cache_dir: Path) -> str:
    """A digest of the region index and the GeoNames places, built in a fresh process."""
    code = (
        "import hashlib\nfrom pipeline.analysis import regions as r\n"
        "i = r._idx(True); p = r._pts()\n"
        "h = hashlib.sha256(repr((list(i.by_code.values()), i.by_key, i.children,"
        " sorted((k, [(q.name, q.lat, q.lon, q.population, q.admin1) for q in v])"
        " for k, v in p.by_key.items()), sorted(p.seats.items()))).encode())\n"
        "print(h.hexdigest())\n"
    )
    env = {**os.environ, "PANTAU_CACHE": str(cache_dir), "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


@pytest.mark.slow
def test_the_region_index_is_the_same_built_or_cached(tmp_path):
    off = _index_in_subprocess(Path("off"))  # PANTAU_CACHE=off: built from lokal and GeoNames
    first = _index_in_subprocess(tmp_path / "c")  # built, then written
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "c").glob("*.marshal")) == [
        "geonames", "regions", "villages"]
    second = _index_in_subprocess(tmp_path / "c")  # read back
    assert off == first == second


def test_region_lookups_work_from_a_cached_index(tmp_path):
    env = {**os.environ, "PANTAU_CACHE": str(tmp_path), "PYTHONPATH": str(REPO)}
    code = ("from pipeline.analysis import regions as r\n"
            "print(r.resolve('Seruyan', 'kabupaten'), r.coordinates('62.07')[2])")
    for _ in range(2):  # built, then cached
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                             capture_output=True, text=True, check=True)
        assert out.stdout.split() == ["62.07", "kabupaten", "seat"]
