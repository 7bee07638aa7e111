"""The places family: cues, abbreviations, datelines, one Place per (level, name), codes."""

from __future__ import annotations

import pytest

from pipeline.extract import read_article
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article
from pipeline.analysis.rules import apply_rules, places


def found_places(body: str, title: str = "") -> list[tuple[str, str, str | None]]:
    doc = make_doc(Article(source="t", title=title, body=body))
    return [(p.level, p.name, p.code) for p in places.extract(doc, {})]


def test_one_place_per_level_and_name_at_its_first_mention():
    body = ("Kecamatan Seruyan Hilir siap. Warga Kecamatan Seruyan Hilir dan KECAMATAN SERUYAN HILIR "
            "menyambut Pilgub.")
    doc = make_doc(Article(source="t", title="", body=body))
    got = places.extract(doc, {})
    assert [(p.level, p.name, p.code) for p in got] == [("kecamatan", "Seruyan Hilir", "62.07.01")]
    assert doc.text[got[0].start:got[0].end] == "Kecamatan Seruyan Hilir"
    assert got[0].rule == f"places@{places.VERSION}"


def test_unknown_capitalised_names_are_kept_without_a_code():
    got = places.extract(make_doc(Article(source="t", title="", body="Warga Desa Pantauwangi Lestari Indah Dan sekitarnya.")), {})
    assert [(p.level, p.name, p.code) for p in got] == [("desa", "Pantauwangi Lestari Indah", None)]
    assert got[0].confidence < 0.7


def test_lower_case_names_count_only_when_the_gazetteer_pins_them_down():
    assert found_places("kegiatan di desa yang jauh dan di kota ini.") == []
    assert found_places("di kecamatan pangarengan aman.") == [("kecamatan", "Pangarengan", "35.27.13")]


def test_kota_cue_needs_a_known_kota():
    assert found_places("Surabaya dijuluki Kota Pahlawan oleh warga.") == []
    assert found_places("Rapat di Kota Palembang.") == [("kota", "Palembang", "16.71")]


def test_related_headlines_are_not_places():
    body = "Kapolsek hadir.\nBACA JUGA: Warga Kecamatan Ketapang dan Baamang Terima Bantuan Bibit dari Pemprov\nSelesai."
    assert found_places(body) == []


def test_a_dateline_seat_disambiguates_a_kecamatan():
    # Ketapang is a kecamatan in Lampung Selatan and in Sampang; Sampang's seat is Sampang.
    assert ("kecamatan", "Ketapang", None) in found_places("Warga Kecamatan Ketapang datang.")
    got = found_places("SAMPANG - Warga Kecamatan Ketapang datang.")
    assert ("kecamatan", "Ketapang", "35.27.12") in got


def test_abbreviations_inside_a_cue_are_expanded():
    assert found_places("Pemilu di Kabupaten OKU Timur aman.") == [
        ("kabupaten", "Ogan Komering Ulu Timur", "16.08")
    ]


def test_outlet_datelines_and_photo_credits():
    assert found_places("Ist/WARTA SAMPIT - Kapolsek hadir.") == []
    assert found_places("Sampang, Garam.News - Kapolsek hadir.") == [("kabupaten", "Sampang", "35.27")]
    # A title-case opening without an outlet is a sentence, not a dateline.
    assert found_places("Kapolsek Betung - yang baru - hadir.") == []


SEEDS = {
    "000_d4e044f956df876a.txt": {
        ("kecamatan", "Seruyan Hilir", "62.07.01"), ("kabupaten", "Seruyan", "62.07"),
        ("unknown", "Kuala Pembuang", None), ("desa", "Tanjung Rangas", "62.07.01.2007"),
    },
    "001_f682ceb3ac58e006.txt": {("kabupaten", "Banyuasin", "16.07"), ("kecamatan", "Betung", "16.07.05")},
    "002_70362c1bb441659c.txt": {("kabupaten", "Kotabaru", "63.02")},
    "003_7345c5bd44ae0719.txt": {("kabupaten", "Sampang", "35.27"), ("kecamatan", "Pangarengan", "35.27.13")},
    "004_ec8fc8b76a8dd484.txt": {
        ("unknown", "Pangkalan Balai", None), ("kabupaten", "Banyuasin", "16.07"),
        ("kota", "Palembang", "16.71"), ("provinsi", "Sumatera Selatan", "16"),
    },
}


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_places(seeds_dir, seed):
    doc = make_doc(read_article(seeds_dir / seed))
    got = apply_rules(doc, only="places")["places"]
    assert {(p.level, p.name, p.code) for p in got} == SEEDS[seed]
    for p in got:  # every Place's evidence names it
        evidence = doc.text[p.start:p.end].lower()
        assert p.name.lower() in evidence or p.level == "provinsi", (p, evidence)
