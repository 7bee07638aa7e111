"""The scorer reads gold written the text's way through docs/gold.md's conventions
(pipeline/quality/conventions.py): the same fact scores once, a different one still differs."""

import pytest

from pipeline.quality import conventions, evaluate

SAME_RANK = [("Kombes Pol", "Kombes"), ("Irjen Pol.", "Irjen"), ("AKBP (Pol)", "AKBP"), ("Letkol Inf", "Letkol"),
             ("Kapten Czi", "Kapten"), ("Ajun Komisaris Polisi", "AKP"), ("Brigjen TNI", "Brigjen")]
SAME_ORG = [
    ("Kodim 0707/Wonosobo", "Kodim Wonosobo"), ("Koramil 0824/04 Kalisat", "Koramil Kalisat"),
    ("Koramil 424-03/Talang Padang", "Koramil Talang Padang"), ("Kodim 0322 Siak", "Kodim Siak"),
    ("KPU Kota Jambi", "KPU Jambi"), ("KPU Provinsi Gorontalo", "KPU Gorontalo"),
    ("Bawaslu Kabupaten Bima", "Bawaslu Bima"), ("Satpol PP Kota Tasikmalaya", "Satpol PP Tasikmalaya"),
    ("Panwaslih Kecamatan Kuta Alam", "Panwascam Kuta Alam"), ("Panwaslu Kecamatan Muara Beliti", "Panwascam Muara Beliti"),
    ("Komisi Pemilihan Umum Kota Medan", "KPU Medan"), ("Pemerintah Kabupaten Serang", "Pemkab Serang"),
    ("Kabupaten Poso", "Pemkab Poso"), ("PPS Desa Bukit Raya", "PPS Bukit Raya"),
    ("Disdukcapil Ende", "Pemkab Ende"), ("DPMD Kabupaten Serang", "Pemkab Serang"),
    ("Disdik Kota Kupang", "Pemkot Kupang"), ("Kesbangpol Gowa", "Pemkab Gowa"),
]
KEPT_ORG = ["Polres Kota Bengkulu", "Polsek Kota Arga Makmur", "Kecamatan Koja", "Desa Kualu", "KPPS TPS 04 Talabiu"]
SAME_POSITION = [
    ("Koordinator Divisi Hukum, Penanganan Pelanggaran dan Sengketa", "Bawaslu Kabupaten Bima", "Koordinator Divisi Bawaslu"),
    ("Kordiv Teknis Penyelenggaraan", "KPU Kota Ternate", "Koordinator Divisi KPU"),
    ("Ketua Panwaslih Kecamatan", "Panwaslih Kecamatan Karang Baru", "Ketua Panwascam"),
    ("Kasubbag Keuangan, Umum dan Logistik", "KPU Tapanuli Utara", "Kasubbag Keuangan"),
    ("Kepala Satpol PP", "Satpol PP Merauke", "Kasatpol PP"),
    ("Kepala Satuan Binmas", "Polres Bantul", "Kasat Binmas"),
    ("Ketua KPU", "KPU Belu", "Ketua KPU"),
    ("Penjabat Kepala Desa", "Desa Sukamaju", "Pj Kades"), ("Plt Kepala Satuan Binmas", "Polres Bantul", "Plt Kasat Binmas"),
    ("Plt Ketua KPU", "KPU Belu", "Plt Ketua KPU"),
]


@pytest.mark.parametrize("written, house", SAME_RANK)
def test_a_rank_written_with_suffix_corps_or_in_full_is_its_short_form(written, house):
    assert conventions.rank(written) == house == conventions.rank(house)


@pytest.mark.parametrize("written, house", SAME_ORG)
def test_an_org_as_written_is_the_house_org(written, house):
    assert conventions.org(written) == house == conventions.org(house)


@pytest.mark.parametrize("org", KEPT_ORG)
def test_a_kota_in_a_units_name_a_camats_kecamatan_and_a_village_stay(org):
    assert conventions.org(org) == org


@pytest.mark.parametrize("written, org, house", SAME_POSITION)
def test_a_position_as_written_is_its_short_form(written, org, house):
    assert conventions.position(written, org) == house


def test_the_same_official_written_two_ways_scores_once_and_a_different_one_still_differs():
    text_way = {"name": "Arief Nugraha", "rank": "Letkol Inf", "position": "Dandim", "org": "Kodim 0707/Wonosobo"}
    house_way = {"name": "Arief Nugraha", "rank": "Letkol", "position": "Dandim", "org": "Kodim Wonosobo"}
    assert evaluate.official_tuples([text_way]) == evaluate.official_tuples([house_way])
    for changed in ({"rank": "Mayor"}, {"org": "Kodim 0706/Temanggung"}, {"position": "Kasdim"}):
        assert evaluate.official_tuples([{**text_way, **changed}]) != evaluate.official_tuples([house_way])
    member = {"name": "Dewi L", "rank": None, "position": "Koordinator Divisi Pencegahan", "org": "Bawaslu Kabupaten Bantul"}
    assert evaluate.official_tuples([member]) == evaluate.official_tuples(
        [{**member, "position": "Anggota Bawaslu", "org": "Bawaslu Bantul"}])
    assert evaluate.official_tuples([member]) != evaluate.official_tuples(
        [{**member, "position": "Ketua Bawaslu", "org": "Bawaslu Bantul"}])
    # another kabupaten of the same name stem is another org
    assert conventions.org("KPU Kabupaten Muaro Jambi") != conventions.org("KPU Kota Jambi")


def test_an_events_unit_is_compared_the_same_way():
    from pipeline.quality.events import _unit_key

    assert _unit_key("Panwaslih Kecamatan Karang Baru") == _unit_key("Panwascam Karang Baru")
    assert _unit_key("Koramil 1608-04/Woha") == _unit_key("Koramil Woha")
    assert _unit_key("Panwaslih Kecamatan Karang Baru") != _unit_key("Panwascam Seruway")


def _el(*rows):
    return evaluate.election_tuples([{"type": t, "year": y, "date": d} for t, y, d in rows])


def test_an_umbrella_only_one_side_lists_beside_a_shared_contest_is_neither_found_nor_missed():
    day = "2024-11-27"
    gold, out = _el(("Pilkada", 2024, day), ("Pilbup", 2024, None)), _el(("Pilbup", 2024, day))
    assert evaluate._optional_umbrellas(gold, out) == ({("Pilbup", 2024, day)}, {("Pilbup", 2024, day)})
    scores = evaluate.score_article({"elections": [{"type": "Pilbup", "year": 2015, "date": None}]},
                                    {"elections": [{"type": "Pilbup", "year": 2015, "date": None},
                                                   {"type": "Pilkada", "year": 2015, "date": None}]})
    assert (scores["elections"].tp, scores["elections"].fp, scores["elections"].fn) == (1, 0, 0)
    # listed by both it counts; alone, or without the contest on the other side, it still differs
    both = _el(("Pilkada", 2024, None), ("Pilbup", 2024, None))
    assert evaluate._optional_umbrellas(both, both) == (both, both)
    alone, contest = _el(("Pilkada", 2024, None)), _el(("Pilbup", 2024, None))
    assert evaluate._optional_umbrellas(alone, contest) == (alone, contest)
    other_year = _el(("Pemilu", 2019, None), ("Pilpres", 2019, None))
    assert evaluate._optional_umbrellas(other_year, _el(("Pilpres", 2024, None))) == (
        other_year, _el(("Pilpres", 2024, None)))


def test_an_events_unit_drops_its_territorial_number_through_conventions_alone():
    from pipeline.quality.events import _unit_key

    for written, house in (("Kodim 0717/Purwodadi", "Kodim Purwodadi"), ("Koramil 0815/16 Pacet", "Koramil Pacet"),
                           ("Koramil 1204-15 Sekadau Hilir", "Koramil Sekadau Hilir")):
        assert _unit_key(written) == _unit_key(house)
