"""Events: one per reported activity, merged across its mentions (pipeline/analysis/rules/events/)."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from pipeline.analysis import assemble, examples, rules
from pipeline.analysis.rules import events as event_family
from pipeline.extract import read_article
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article, DateMention, Election, Official, Organization, Place
from tests.test_rule_examples import matches, one_to_one
from tests.seed_alias import alias, digest

EXAMPLES = rules.load_data("events")["examples"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"events-{n}" for n in range(len(EXAMPLES))])
def test_documented_example(example):
    records = examples.example_records("events", example)
    expected = example.get("expect") or []
    for wanted in expected:
        assert any(matches(r, wanted) for r in records), (wanted, records)
    for unwanted in example.get("reject") or []:
        assert not any(matches(r, unwanted) for r in records), (unwanted, records)
    if example.get("exact"):
        assert len(records) == len(expected) and one_to_one(records, expected), records


# --- hand-built findings: the events logic on its own -----------------------------------


def doc_of(body: str, title: str = ""):
    return make_doc(Article(source="t", title=title, body=body))


def at(doc, needle: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of ``needle`` in the doc's text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return start, start + len(needle)


def date(doc, needle, iso, kind="event", nth=0):
    return DateMention(iso, kind, *at(doc, needle, nth), rule="dates@test")


def official(doc, needle, name, role="holder", org=None, nth=0):
    return Official(name, None, None, org, *at(doc, needle, nth), rule="officials@test", role=role)


def org(doc, needle, kind, name, sector, nth=0):
    return Organization(kind, name, *at(doc, needle, nth), rule="organizations@test", sector=sector)


def place(doc, needle, level, name, code=None):
    return Place(level, name, *at(doc, needle), rule="places@test", code=code)


VISIT = (
    "Kapolsek Betung Iptu Yanto melakukan kunjungan ke Kantor PPK Kecamatan Betung, Selasa (11/6/2024).\n\n"
    "Kunjungan ini dalam rangka koordinasi jelang Pilkada 2024.\n\n"
    "Dalam pertemuan itu Ketua PPK Betung Hendri Kurniadi menyambut baik, ujarnya, Rabu (12/6/2024).\n\n"
    "Ke depan Polsek juga akan mengadakan sosialisasi di desa-desa."
)


def visit_found(doc):
    return {
        "places": (place(doc, "Kecamatan Betung", "kecamatan", "Betung", "16.07.05"),),
        "organizations": (
            org(doc, "Kapolsek Betung", "Polsek", "Polsek Betung", "police"),
            org(doc, "PPK Kecamatan Betung", "PPK", "PPK Betung", "election"),
        ),
        "dates": (date(doc, "Selasa (11/6/2024)", "2024-06-11"),
                  date(doc, "Rabu (12/6/2024)", "2024-06-12", kind="report")),
        "elections": (Election("Pilkada", 2024, None, *at(doc, "Pilkada 2024"), rule="elections@test"),),
        "officials": (official(doc, "Yanto", "Yanto"), official(doc, "Hendri Kurniadi", "Hendri Kurniadi")),
    }


def test_mentions_of_one_activity_make_one_event():
    doc = doc_of(VISIT, title="Polsek Betung Kunjungi PPK")
    events = event_family.build_events(doc, visit_found(doc))
    assert len(events) == 1
    e = events[0]
    assert (e.type, e.date, e.place, e.venue, e.election) == (
        "visit", "2024-06-11", "Betung", "Kantor PPK Kecamatan Betung", "Pilkada 2024")
    assert e.organizations == ("Polsek Betung", "PPK Betung")
    assert e.officials == ("Yanto", "Hendri Kurniadi")
    assert e.flags == () and e.confidence == 0.9
    # Evidence: the first body sentence that reports it, not the headline.
    assert doc.text[e.start:e.end].startswith("Kapolsek Betung Iptu Yanto melakukan kunjungan")


def test_a_report_date_is_not_the_event_date_and_a_plan_is_not_an_event():
    doc = doc_of(VISIT)
    found = visit_found(doc)
    found["dates"] = found["dates"][1:]  # only the report date is left
    (e,) = event_family.build_events(doc, found)
    assert e.type == "visit" and e.date is None
    assert e.flags == ("no_date",) and e.confidence == pytest.approx(0.65)
    assert "no_date" in assemble.build_extraction(doc, found).review


def test_an_activity_on_another_date_is_a_second_event():
    body = ("Polsek Betung menggelar patroli di Kecamatan Betung, Senin (10/6/2024).\n\n"
            "Sehari kemudian, Polsek Betung melakukan sosialisasi Pilkada di Kantor Camat Betung, "
            "Selasa (11/6/2024).\n\nPatroli itu diikuti 20 personel.")
    doc = doc_of(body)
    found = {"dates": (date(doc, "Senin (10/6/2024)", "2024-06-10"), date(doc, "Selasa (11/6/2024)", "2024-06-11"))}
    events = event_family.build_events(doc, found)
    assert [(e.type, e.date, e.venue) for e in events] == [
        ("patrol", "2024-06-10", None), ("sosialisasi", "2024-06-11", "Kantor Camat Betung")]
    assert events[0].flags == ("no_place",)


def test_the_most_specific_activity_in_the_lead_is_the_type():
    body = "Polsek Kelumpang Tengah menggelar coffee morning bersama PPK dalam rangka silaturahmi dan koordinasi."
    (e,) = event_family.build_events(doc_of(body), {})
    assert e.type == "coffee_morning"


def test_an_activity_only_in_the_body_is_flagged():
    body = "Polres Banyuasin menjamin Pemilu aman.\n\nKapolres menyebut situasi kondusif.\n\nKemarin digelar apel siaga."
    (e,) = event_family.build_events(doc_of(body), {})
    assert e.type == "apel" and "type_from_body" in e.flags


def test_advice_plans_and_habits_are_not_events():
    body = ("Kapolsek berpesan agar PPK lebih sering memberikan bimtek tambahan.\n\n"
            "Polres juga akan mengadakan pelatihan Linmas.\n\n"
            "Biasanya kita adakan deklarasi damai, kalau bisa juga di adakan rapat.\n\n"
            "Beberapa upaya yang akan dilakukan antara lain:\n\nMelakukan pengawalan logistik pemilu.")
    assert event_family.build_events(doc_of(body), {}) == ()


def test_no_activity_no_event():
    assert event_family.build_events(doc_of("KPU menetapkan DPT sejumlah 18452."), {}) == ()


def test_officials_who_were_represented_or_are_former_holders_are_left_out():
    body = ("Kapolsek Seruyan Hilir AKP Wagiyono melakukan kunjungan mewakili Kapolres Seruyan AKBP Galih, "
            "bersama mantan Kapolsek Budi dan Ketua PPK Rusdianoor.")
    doc = doc_of(body)
    found = {
        "officials": (official(doc, "Wagiyono", "Wagiyono"), official(doc, "Galih", "Galih"),
                      official(doc, "Budi", "Budi", role="former"), official(doc, "Rusdianoor", "Rusdianoor")),
        "organizations": (org(doc, "Kapolsek Seruyan Hilir", "Polsek", "Polsek Seruyan Hilir", "police"),
                          org(doc, "Kapolres Seruyan", "Polres", "Polres Seruyan", "police"),
                          org(doc, "PPK", "PPK", "PPK", "election")),
    }
    (e,) = event_family.build_events(doc, found)
    assert e.officials == ("Wagiyono", "Rusdianoor")
    # events 6: a bare PPK is the committee of the one kecamatan unit's place (the Polsek's)
    assert e.organizations == ("Polsek Seruyan Hilir", "PPK Seruyan Hilir")


def test_police_military_and_election_units_are_involved_not_local_government():
    # Events 6: the gold lists Koramil/Kodim beside the police (corpus brief, "events"), so the
    # military takes part too; Satpol PP and Linmas (local government) still do not.
    body = "Polsek Betung, Satpol PP Banyuasin dan Koramil Betung melakukan patroli bersama Panwascam Betung."
    doc = doc_of(body)
    found = {"organizations": (
        org(doc, "Polsek Betung", "Polsek", "Polsek Betung", "police"),
        org(doc, "Satpol PP Banyuasin", "Satpol PP", "Satpol PP Banyuasin", "government"),
        org(doc, "Koramil Betung", "Koramil", "Koramil Betung", "military"),
        org(doc, "Panwascam Betung", "Panwascam", "Panwascam Betung", "election"),
    )}
    (e,) = event_family.build_events(doc, found)
    assert e.organizations == ("Polsek Betung", "Koramil Betung", "Panwascam Betung")


def test_the_election_named_most_wins_with_its_year():
    doc = doc_of("Pilgub 2020 dan PSU dibahas. Koordinasi Pilgub berjalan. Pilgub aman.")
    spans = [at(doc, "Pilgub 2020"), at(doc, "PSU"), at(doc, "Pilgub", 1), at(doc, "Pilgub", 2)]
    found = {"elections": (
        Election("Pilgub", 2020, None, *spans[0], rule="e"), Election("PSU", None, None, *spans[1], rule="e"),
        Election("Pilgub", None, None, *spans[2], rule="e"), Election("Pilgub", None, None, *spans[3], rule="e"),
    )}
    (e,) = event_family.build_events(doc, found)
    assert e.election == "Pilgub 2020"


def test_review_reasons_gather_every_look_flag_once():
    doc = doc_of("Apel siaga digelar.")
    found = {"dates": (DateMention("2023-12-16", "event", 0, 4, "d", flags=("year_inferred",)),
                       DateMention("2023-12-10", "report", 0, 4, "d", flags=("weekday_mismatch",)))}
    ex = assemble.build_extraction(doc, found)
    assert ex.events[0].flags == ("no_place",)  # informational, like year_inferred
    assert ex.review == ("weekday_mismatch",)
    dated = (DateMention("2023-12-16", "event", 0, 4, "d", flags=("weekday_mismatch",)),) * 2
    assert assemble.review_reasons({"a": (), "b": dated}) == ("weekday_mismatch",)


def test_informational_flags_alone_need_no_review():
    doc = doc_of("Polsek mengamankan Pilkades.")
    found = {"elections": (Election("Pilkades", 2023, None, 0, 4, "e", flags=("not_kpu",)),),
             "officials": (Official("Yohanes", "AKBP", None, None, 0, 4, "o", flags=("retired",)),)}
    assert assemble.review_reasons(found) == ()


def test_a_flag_review_yml_does_not_list_counts_as_look():
    found = {"dates": (DateMention("2023-12-16", "event", 0, 4, "d", flags=("brand_new_doubt",)),)}
    assert assemble.review_reasons(found) == ("brand_new_doubt",)


REVIEW = rules.load_data("review")


def test_review_lists_are_disjoint_and_documented():
    look, informational = assemble.review_flags()
    assert look and informational and not look & informational
    assert REVIEW["description"].strip() and REVIEW["version"] >= 1


def _every_flag(found: dict) -> set[str]:
    return {f for records in found.values() for r in records for f in getattr(r, "flags", ())}


def test_every_flag_the_examples_raise_is_filed():
    """A flag neither in look nor informational would silently make articles need review."""
    look, informational = assemble.review_flags()
    raised: set[str] = set()
    for name in [*rules.ORDER, "events"]:
        for example in rules.load_data(name).get("examples") or []:
            raised |= {f for r in examples.example_records(name, example) for f in r.get("flags") or ()}
    for example in REVIEW["examples"]:
        raised |= _every_flag(_whole_chain(example)[1])
    assert raised - (look | informational) == set()
    # and the flags the code can raise beyond the examples
    assert {"implausible_year", "rank_conflict", "position_conflict", "name_place_split_guessed",
            "org_from_context_ambiguous", "name_spelling_merged", "type_from_body"} <= look | informational


def _whole_chain(example: dict):
    from pipeline.ner import get_tagger

    article = Article(source="example", title=example.get("title", ""), body=example["text"],
                      published=str(example["published"]) if example.get("published") else None)
    doc = get_tagger("rules").tag([make_doc(article)])[0]
    found = rules.apply_rules(doc)
    extraction = assemble.build_extraction(doc, found)
    return extraction, {**found, "events": extraction.events}


@pytest.mark.parametrize("example", REVIEW["examples"],
                         ids=[f"review-{n}" for n in range(len(REVIEW["examples"]))])
def test_review_example(example):
    extraction, _ = _whole_chain(example)
    assert list(extraction.review) == example["expect"], example["why"]


# --- the seeds, through every rule family -----------------------------------------------

SEEDS = {
    "000_d4e044f956df876a.txt": dict(
        type="visit", date="2020-11-03", place="Seruyan Hilir",
        venue_digest="91263c161a3109c7",  # the PPK office as the seed names it (tests/seed_alias.py)
        organizations=["Polsek Seruyan Hilir", "PPK Seruyan Hilir"], election="Pilgub 2020",
        officials={"Wagiyono", "Rusdianoor"}),
    "001_f682ceb3ac58e006.txt": dict(
        type="visit", date="2024-05-21", place="Betung", venue="Mapolsek Betung",
        organizations=["Polsek Betung", "PPK Betung"], election="Pilkada 2024",
        officials={"Yanto Mursalin", "Hendri Kurniadi"}),
    "002_70362c1bb441659c.txt": dict(
        type="coffee_morning", date="2020-03-19", place="Kotabaru",
        venue="ruangan mapolsek Kelumpang Tengah",
        # events 6: the bare committees are those of the Polsek's kecamatan
        organizations=["Panwascam Kelumpang Tengah", "PPK Kelumpang Tengah", "Polsek Kelumpang Tengah"],
        election="Pilkada 2020",
        officials={"Fadli Harsono"}),
    "003_7345c5bd44ae0719.txt": dict(
        type="visit", date="2023-10-24", place="Pangarengan",
        venue="Sekretariat Panwaslu Kecamatan Pangarengan",
        organizations=["Polsek Pangarengan", "Panwascam Pangarengan"], election="Pemilu 2024",
        officials={"Agus Trimulyo"}),
    "004_ec8fc8b76a8dd484.txt": dict(
        type="bimtek", date="2023-12-09", place="Palembang",
        venue_digest="9f8c50af5afad585",  # the hotel room as the seed names it
        # events 6: provinces in full, as officials 4 names orgs
        organizations=["Polres Banyuasin", "KPPS", "KPU Banyuasin", "KPU Sumatera Selatan"], election="Pemilu 2024",
        officials={"Gilang Satria Wibawa", "Rendra Maulana"}),
}


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_event(seeds_dir, seed):
    missing = [name for name in rules.ORDER if rules.family(name).VERSION == 0]
    if missing:  # a family still a placeholder: the seed cannot be whole yet
        pytest.xfail(f"rule families not landed yet: {', '.join(missing)}")
    doc = make_doc(read_article(seeds_dir / seed))
    found = rules.apply_rules(doc)
    events = event_family.build_events(doc, found)
    assert len(events) == 1, events
    got = asdict(events[0])
    want = dict(SEEDS[seed])
    officials = want.pop("officials")
    if "venue_digest" in want:  # a venue worded as the seed words it: compared by digest
        assert digest(got["venue"]) == want.pop("venue_digest"), got["venue"]
    assert {k: (list(got[k]) if isinstance(got[k], tuple) else got[k]) for k in want} == want
    assert officials <= {alias(name) for name in got["officials"]}
    assert "no_date" not in got["flags"]
