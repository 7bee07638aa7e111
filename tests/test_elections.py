"""The elections rule family: the seeds, what it takes from the dates family, and its data."""

from __future__ import annotations

import pytest

from pipeline.analysis import rules
from pipeline.extract import parse_txt
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article, DateMention, Place
from pipeline.analysis.rules import elections

SEEDS = {
    # seed file prefix -> (type, year, voting day) of every election record
    "000": {("Pilgub", 2020, "2020-12-09")},  # the PSU there is only a possibility
    "001": {("Pilkada", 2024, "2024-11-27")},
    "002": {("Pilkada", 2020, None)},
    "003": {("Pemilu", 2024, None)},
    "004": {("Pemilu", 2024, None)},
}


def seed_doc(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return make_doc(parse_txt(path.read_text(encoding="utf-8"), str(path)))


def doc_of(text: str):
    return make_doc(Article(source="test", title="", body=text))


def voting_day(doc, iso: str, kind: str = "election_day") -> DateMention:
    """A DateMention for the first place ``iso``'s day number appears, as the dates family would make."""
    day = str(int(iso[8:]))
    start = doc.text.index(day + " ")
    return DateMention(iso, kind, start, start + len(day), "dates@1")


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_elections(seeds_dir, prefix):
    doc = seed_doc(seeds_dir, prefix)
    found = rules.apply_rules(doc, only="elections")["elections"]
    assert {(e.type, e.year, e.date) for e in found} == SEEDS[prefix]
    for e in found:
        assert e.rule == f"elections@{elections.VERSION}"
        evidence = doc.text[e.start:e.end]
        assert evidence.lower().startswith(("pil", "pemilu", "pemilihan")), evidence


@pytest.mark.shared
def test_seed_evidence_is_the_most_specific_mention(seeds_dir):
    doc = seed_doc(seeds_dir, "000")
    (pilgub,) = rules.apply_rules(doc, only="elections")["elections"]
    assert doc.text[pilgub.start:pilgub.end] == "Pemilihan Gubernur (Pilgub) 2020"
    doc = seed_doc(seeds_dir, "002")
    (pilkada,) = rules.apply_rules(doc, only="elections")["elections"]
    assert pilkada.region == "Kabupaten Kotabaru"


def test_only_election_days_give_the_date():
    doc = doc_of("Pilkada serentak digelar 9 Desember 2020 di seluruh daerah.")
    (with_day,) = elections.extract(doc, {"dates": (voting_day(doc, "2020-12-09"),)})
    assert (with_day.year, with_day.date) == (2020, "2020-12-09")
    (with_event,) = elections.extract(doc, {"dates": (voting_day(doc, "2020-12-09", "event"),)})
    # an ordinary date in the sentence still gives the year, never the voting day
    assert (with_event.year, with_event.date, with_event.confidence) == (2020, None, 0.8)
    (without,) = elections.extract(doc, {"dates": ()})
    assert (without.year, without.date) == (None, None)


def test_voting_day_of_another_year_is_not_taken():
    doc = doc_of("Pilkada 2024 dibahas. Pemilu digelar 14 Februari 2024. Pilkada 2020 aman.")
    found = elections.extract(doc, {"dates": (voting_day(doc, "2024-02-14"),)})
    by_key = {(e.type, e.year): e for e in found}
    assert by_key[("Pemilu", 2024)].date == "2024-02-14"
    assert by_key[("Pilkada", 2020)].date is None
    assert by_key[("Pilkada", 2024)].date is None  # the Pemilu's day, not the Pilkada's


def test_region_from_the_places_family_without_a_level_word():
    doc = doc_of("Pengamanan Pemilu di Banyuasin berjalan lancar.")
    start = doc.text.index("Banyuasin")
    place = Place("kabupaten", "Banyuasin", start, start + len("Banyuasin"), "places@1")
    (known,) = elections.extract(doc, {"places": (place,), "dates": ()})
    assert known.region == "Banyuasin"
    (unknown,) = elections.extract(doc, {"places": (), "dates": ()})
    assert unknown.region is None  # "di Banyuasin" alone could be any capitalised word


def test_hypothetical_psu_is_dropped_but_a_held_one_kept():
    doc = doc_of("Kami berupaya agar tidak terjadi Pemungutan Suara Ulang (PSU) di TPS 3.")
    assert elections.extract(doc, {"dates": ()}) == ()
    doc = doc_of("KPU menggelar Pemungutan Suara Ulang (PSU) di TPS 3 Desa Sukamaju.")
    assert [e.type for e in elections.extract(doc, {"dates": ()})] == ["PSU"]


def test_generic_pemilu_alone_is_kept_without_a_year():
    doc = doc_of("Polsek mengajak warga menyukseskan pemilu yang damai.")
    (found,) = elections.extract(doc, {"dates": ()})
    assert (found.type, found.year, found.confidence) == ("Pemilu", None, 0.6)


def test_one_record_per_type_and_year():
    doc = doc_of("Pilkada 2020 aman. Pilkada 2020 lancar. Pilkada berjalan. Pilkada 2024 disiapkan.")
    found = elections.extract(doc, {"dates": ()})
    assert sorted((e.type, e.year) for e in found) == [("Pilkada", 2020), ("Pilkada", 2024)]


def test_every_type_is_documented_by_an_example():
    data = rules.load_data("elections")
    documented = {e["type"] for ex in data["examples"] for e in ex.get("expect") or []}
    assert set(data["types"]) <= documented
    for example in data["examples"]:
        assert example.get("why") and example.get("text"), example


# --- round 2: past elections, the right election for each voting day ----------------------


def doc_published(text: str, published: str):
    return make_doc(Article(source="test", title="", body=text, published=published))


def test_past_elections_go_when_a_current_one_is_named():
    doc = doc_of("Pengalaman Pilkada 2018 dan Pemilu 2019 lalu jadi pelajaran untuk Pilkada 2024.")
    found = elections.extract(doc, {"dates": ()})
    assert [(e.type, e.year, e.flags) for e in found] == [("Pilkada", 2024, ())]


def test_only_past_elections_are_kept_flagged():
    doc = doc_of("Polres mengevaluasi pengamanan Pemilu 2019 lalu.")
    (found,) = elections.extract(doc, {"dates": ()})
    assert (found.year, found.flags, found.confidence) == (2019, ("past",), 0.7)


def test_a_yearless_past_mention_lends_no_year_and_takes_none():
    doc = doc_of("Pada Pilkada sebelumnya terjadi gesekan. Pilkada 2024 harus damai.")
    found = elections.extract(doc, {"dates": ()})
    assert [(e.type, e.year) for e in found] == [("Pilkada", 2024)]


def test_stale_year_is_past_only_with_a_publication_date():
    text = "Pilkada 2018 aman. Kini Polres siap mengamankan Pilkada 2024."
    assert {e.year for e in elections.extract(doc_of(text), {"dates": ()})} == {2018, 2024}
    dated = doc_published(text, "2024-09-01")
    assert {e.year for e in elections.extract(dated, {"dates": ()})} == {2024}


def test_nearest_mention_takes_the_day_and_a_psu_takes_it_from_the_election_it_repeats():
    doc = doc_of("KPU menggelar PSU Pemilu 2024 di TPS 3 pada 24 Februari 2024.")
    found = elections.extract(doc, {"dates": (voting_day(doc, "2024-02-24"),)})
    assert {(e.type, e.year, e.date) for e in found} == {("PSU", 2024, "2024-02-24"), ("Pemilu", 2024, None)}


def test_a_known_day_goes_to_its_family_in_the_sentence():
    doc = doc_of("Pilkada dan Pemilu 2024 berbeda: pemungutan suara digelar 14 Februari 2024.")
    found = elections.extract(doc, {"dates": (voting_day(doc, "2024-02-14"),)})
    by_type = {e.type: e.date for e in found}
    assert by_type == {"Pilkada": None, "Pemilu": "2024-02-14"}


def test_simultaneous_contests_share_a_day_but_a_pilkades_does_not():
    doc = doc_of("Pilkada 2024 dan Pilkades 2024 dibahas. Pemilihan Bupati 2024 digelar 27 November 2024.")
    found = elections.extract(doc, {"dates": (voting_day(doc, "2024-11-27"),)})
    assert {e.type: e.date for e in found} == {
        "Pilkada": "2024-11-27", "Pilkades": None, "Pilbup": "2024-11-27"}


def test_without_a_publication_date_the_latest_event_date_says_an_election_is_over():
    text = ("Kapolsek menyambangi Panwascam, Kamis 10 Oktober 2024. Gesekan pada Pemilu 2024 "
            "kerap bermula dari media sosial. Pilkada 2024 harus aman.")
    doc = doc_of(text)
    found = rules.apply_rules(doc, only="elections")["elections"]
    assert [(e.type, e.year) for e in found] == [("Pilkada", 2024)]
    # with no event date there is no "now": both stay
    doc = doc_of(text.replace("Kamis 10 Oktober 2024", "pekan ini"))
    found = rules.apply_rules(doc, only="elections")["elections"]
    assert {(e.type, e.year) for e in found} == {("Pemilu", 2024), ("Pilkada", 2024)}
