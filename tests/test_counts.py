"""The counts rule family: the seeds, number reading, scopes, conflicts, and its data."""

from __future__ import annotations

import pytest

from pipeline.analysis import rules
from pipeline.extract import parse_txt
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article, Place
from pipeline.analysis.rules import counts
from tests.conftest import seed_gold

SEEDS = {
    # seed file prefix -> (kind, gold key, scope) of every count; the value is the seed gold's,
    # which stands off in the seed text (docs/gold.md, "Stand-off values"): no seed figure here
    "000": {("tps", "tps_count", "Kecamatan Seruyan Hilir"), ("dpt", "dpt_count", "Kecamatan Seruyan Hilir")},
    "001": set(),
    "002": set(),  # "bimteknya cuma 1 kali" counts sessions, not stations
    "003": set(),
    "004": set(),  # "pengamanan TPS" names no figure
}


def seed_doc(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return make_doc(parse_txt(path.read_text(encoding="utf-8"), str(path)))


def counts_of(text: str, places=()):
    doc = make_doc(Article(source="test", title="", body=text))
    return doc, counts.extract(doc, {"places": places})


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_counts(seeds_dir, prefix):
    doc = seed_doc(seeds_dir, prefix)
    found = rules.apply_rules(doc, only="counts")["counts"]
    gold = next(data for name, data in seed_gold().items() if name.startswith(f"{prefix}_"))
    assert {(c.kind, c.value, c.scope) for c in found} == {
        (kind, gold[key], scope) for kind, key, scope in SEEDS[prefix]}
    for c in found:
        assert c.rule == f"counts@{counts.VERSION}"
        assert c.flags == ()
        # the evidence holds the figure as written
        assert str(c.value) in doc.text[c.start:c.end].replace(".", "")


@pytest.mark.parametrize(
    "digits, mult, expected",
    [("18452", None, 18452), ("18.452", None, 18452), ("1.234.567", None, 1234567),
     ("18,452", None, 18452), ("25", "ribu", 25000), ("1,2", "juta", 1200000),
     ("1.2", "juta", 1200000), ("6,35", "juta", 6350000), ("1.250", "ribu", 1250000),
     ("2,5", None, None), ("1.2", None, None), ("12.34.5", None, None)],
)
def test_parse_digits(digits, mult, expected):
    assert counts.parse_number(digits, None, mult) == expected


@pytest.mark.parametrize(
    "words, expected",
    [("tiga", 3), ("sepuluh", 10), ("sebelas", 11), ("dua belas", 12), ("dua puluh lima", 25),
     ("seratus dua puluh", 120), ("tiga ratus", 300), ("tiga ratus ribu", 300000),
     ("seribu dua ratus", 1200), ("dua juta lima ratus ribu", 2500000),
     ("dua tiga", None), ("puluh", None), ("belas", None), ("sepuluh belas", None)],
)
def test_parse_number_words(words, expected):
    assert counts.parse_number_words(words) == expected


def test_number_words_with_a_multiplier():
    assert counts.parse_number(None, "dua", "juta") == 2000000


def test_scope_from_the_places_family_without_a_level_word():
    text = "DPT Banyuasin sebanyak 589.000 pemilih."
    start = text.index("Banyuasin")
    place = Place("kabupaten", "Banyuasin", start, start + len("Banyuasin"), "places@1")
    _, (known,) = counts_of(text, places=(place,))
    assert (known.kind, known.value, known.scope) == ("dpt", 589000, "Banyuasin")
    _, (unknown,) = counts_of(text)
    assert unknown.scope is None


def test_scope_after_the_figure_beats_the_one_before():
    _, (found,) = counts_of("Di Kabupaten Seruyan ada 63 TPS di Kecamatan Seruyan Hilir.")
    assert found.scope == "Kecamatan Seruyan Hilir"


def test_scope_stays_in_its_sentence():
    _, (found,) = counts_of("Kapolres mengunjungi Kecamatan Betung. Total ada 63 TPS.")
    assert found.scope is None


def test_conflict_needs_the_same_scope_and_kind():
    _, found = counts_of("Kecamatan Betung memiliki 63 TPS. DPT Kecamatan Betung sebanyak 63.000 pemilih.")
    assert all(c.flags == () for c in found)
    _, found = counts_of("Terdapat 63 TPS. Kemudian disebut ada 64 TPS.")
    assert sorted((c.value, c.flags, c.confidence) for c in found) == [
        (63, ("conflicting_counts",), 0.6), (64, ("conflicting_counts",), 0.6)]


def test_identifier_after_term_is_not_a_count_but_a_later_total_is():
    _, found = counts_of("Di TPS 57 Kecamatan Betung terdapat 300 pemilih. Jumlah TPS sebanyak 63.")
    assert [(c.kind, c.value) for c in found] == [("tps", 63)]


def test_evidence_offsets():
    doc, (found,) = counts_of("Kecamatan Betung memiliki 112 TPS.")
    assert doc.text[found.start:found.end] == "112 TPS"


def test_examples_are_documented():
    data = rules.load_data("counts")
    assert len(data["examples"]) >= 15
    kinds = {e["kind"] for ex in data["examples"] for e in ex.get("expect") or []}
    assert kinds == {"tps", "dpt"}
    for example in data["examples"]:
        assert example.get("why") and example.get("text"), example


def test_voters_frames_take_every_cue_of_the_data():
    # one source: a cue added to counts.yml also ends the voters frames ("jumlah hak pilih ... N")
    from pipeline.analysis.rules.counts import voters

    for cue in rules.load_data("counts")["cues"]:
        assert voters._RIGHTS_FRAME.search(f"jumlah hak pilih {cue} "), cue


def test_a_figure_glossed_in_words_is_read_once_with_its_gloss():
    doc, found = counts_of("Di desa itu terdapat 12 (dua belas) TPS dengan 3.605 (tiga ribu enam ratus lima) "
                           "pemilih terdaftar dalam DPT.")
    assert [(c.kind, c.value) for c in found] == [("tps", 12), ("dpt", 3605)]
    assert doc.text[found[0].start:found[0].end] == "12 (dua belas) TPS"


def test_a_text_table_gives_only_its_total_row_under_a_header_of_the_kind():
    # v12: "Jumlah | 208 | 51.514" under "Kecamatan | TPS | DPT"; a column the header names
    # otherwise ("Desa") and a table without a total row give nothing
    table = "Kecamatan | TPS | Desa | DPT\nAlas | 120 | 9 | 30.114\nBatu | 88 | 7 | 21.400\nJumlah | 208 | 16 | 51.514\n"
    doc, found = counts_of("Data per kecamatan:\n\n" + table + "\nData itu dipakai Polres.")
    assert [(c.kind, c.value) for c in found] == [("tps", 208), ("dpt", 51514)]
    assert doc.text[found[0].start:found[0].end] == "208"
    _, found = counts_of("Data per kecamatan:\n\n" + table.rsplit("Jumlah", 1)[0] + "\nData itu dipakai Polres.")
    assert found == ()


def test_the_sum_of_parts_needs_every_total_of_its_kind():
    from pipeline.analysis.rules.counts.lexicon import Figure
    from pipeline.analysis.rules.counts.wholes import sum_of_parts

    parts = [Figure("tps", 150, 0, 1, 0, 1.0), Figure("tps", 95, 2, 3, 2, 1.0)]
    whole = Figure("tps", 245, 4, 5, 4, 1.0, reason="described_subset")
    out = sum_of_parts(parts + [whole])
    assert [f.reason for f in out] == ["breakdown", "breakdown", None] and "sum_of_parts" in out[2].flags
    # a third total the candidate does not add up: no whole
    out = sum_of_parts(parts + [Figure("tps", 60, 6, 7, 6, 1.0), whole])
    assert [f.reason for f in out] == [None, None, None, "described_subset"]
    # a figure refused for another reason (last election's) is no whole
    out = sum_of_parts(parts + [Figure("tps", 245, 4, 5, 4, 1.0, reason="past_figure")])
    assert [f.reason for f in out] == [None, None, "past_figure"]
