"""The organizations family: units, their regions, sectors and the naming convention."""

from __future__ import annotations

import pytest

from pipeline.extract import read_article
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article
from pipeline.analysis.rules import apply_rules, organizations


def orgs(body: str, title: str = "") -> list[tuple[str, str, str | None, str]]:
    doc = make_doc(Article(source="t", title=title, body=body))
    found = apply_rules(doc, only="places")
    return [(o.kind, o.name, o.place, o.sector) for o in organizations.extract(doc, found)]


def test_every_kind_in_the_data_has_a_valid_sector():
    kinds = {u.kind: u.sector for u in organizations.rules().unit_of.values()}
    assert set(kinds.values()) <= {"police", "election", "military", "government", "other"}
    assert kinds["Satpol PP"] == kinds["Linmas"] == "government"  # not the police
    assert kinds["Polsek"] == kinds["Polres"] == kinds["Polda"] == "police"
    assert kinds["Koramil"] == "military"


def test_a_station_building_and_a_head_name_the_unit():
    assert orgs("Kunjungan ke Mapolsek Betung.") == [("Polsek", "Polsek Betung", "Betung", "police")]
    assert orgs("Kapolres Seruyan AKBP Galih hadir.") == [("Polres", "Polres Seruyan", "Seruyan", "police")]


def test_admin_words_are_dropped_and_abbreviated_regions_kept_as_written():
    assert orgs("KPU Kabupaten Banyuasin dan Bawaslu Kota Palembang bertemu Polda Sumsel.") == [
        ("KPU", "KPU Banyuasin", "Banyuasin", "election"),
        ("Bawaslu", "Bawaslu Palembang", "Palembang", "election"),
        ("Polda", "Polda Sumsel", "Sumatera Selatan", "police"),
    ]


def test_full_forms_become_their_short_kind():
    got = orgs("Panitia Pemilihan Kecamatan (PPK) Betung dan Kelompok Penyelenggara Pemungutan Suara (KPPS) hadir.")
    assert got == [("PPK", "PPK Betung", "Betung", "election"), ("KPPS", "KPPS", None, "election")]
    assert orgs("Panitia Pengawas Pemilu Kecamatan Pangarengan hadir.") == [
        ("Panwascam", "Panwascam Pangarengan", "Pangarengan", "election")
    ]


def test_bare_units_are_dropped_when_a_named_one_is_in_the_article():
    assert orgs("Ketua PPK Rusdianoor hadir.") == [("PPK", "PPK", None, "election")]
    assert orgs("PPK Kecamatan Betung hadir. Ketua PPK Rusdianoor menyambut.") == [
        ("PPK", "PPK Betung", "Betung", "election")
    ]


def test_generic_police_mentions_are_not_units():
    assert orgs("Acara semacam ini baru pertama di adakan di tingkat Polsek.") == []


def test_police_names_need_not_be_regions_but_stop_at_ranks():
    assert orgs("Kapolsek Pantaujaya Barat Kompol Bagus hadir.") == [
        ("Polsek", "Polsek Pantaujaya Barat", None, "police")
    ]


def test_title_case_lines_take_only_known_names():
    assert orgs("", title="Polsek Betung Terima Kunjungan PPK") == [
        ("Polsek", "Polsek Betung", "Betung", "police"), ("PPK", "PPK", None, "election"),
    ]
    # A free (non-region) Polsek name from the prose ends its name in the headline too.
    got = orgs("Kapolsek Pantaujaya Barat Kompol Bagus hadir.", title="Polsek Pantaujaya Barat Gelar Patroli")
    assert got == [("Polsek", "Polsek Pantaujaya Barat", None, "police")]


def test_find_mentions_keeps_every_mention_with_its_span():
    doc = make_doc(Article(source="t", title="", body="Polsek Betung hadir. Kapolsek Betung Iptu Yanto bicara."))
    mentions = organizations.find_mentions(doc, {})
    assert [(o.name, doc.text[o.start:o.end]) for o in mentions] == [
        ("Polsek Betung", "Polsek Betung"), ("Polsek Betung", "Kapolsek Betung"),
    ]


SEEDS = {
    "000_d4e044f956df876a.txt": {"Polsek Seruyan Hilir", "PPK Seruyan Hilir", "Polres Seruyan"},
    "001_f682ceb3ac58e006.txt": {"Polsek Betung", "PPK Betung"},
    "002_70362c1bb441659c.txt": {"Polsek Kelumpang Tengah", "Muspika Kelumpang Tengah", "Panwascam", "PPK",
                                 "KPPS", "KPU"},
    "003_7345c5bd44ae0719.txt": {"Polsek Pangarengan", "Panwascam Pangarengan", "PPK"},
    "004_ec8fc8b76a8dd484.txt": {"Polres Banyuasin", "KPPS", "Polri", "Bawaslu", "Linmas", "KPU Banyuasin",
                                 "PPS", "KPU Sumsel"},
}


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_organizations(seeds_dir, seed):
    doc = make_doc(read_article(seeds_dir / seed))
    got = apply_rules(doc, only="organizations")["organizations"]
    assert {o.name for o in got} == SEEDS[seed]
    assert len({o.name for o in got}) == len(got)  # one per name
