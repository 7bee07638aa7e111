"""The dates rule family: the seeds, year inference, typos, times, and its documented data."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.analysis import rules
from pipeline.extract import parse_txt
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article
from pipeline.analysis.rules import dates
from pipeline.analysis.rules.dates import lexicon, stated, voting

SEEDS = {
    # seed file prefix -> (date, kind) of every date mention, in text order
    "000": [("2020-11-03", "caption"), ("2020-11-03", "event"), ("2020-12-09", "election_day")],
    "001": [("2024-05-21", "event"), ("2024-11-27", "election_day"), ("2024-05-22", "report")],
    "002": [("2020-03-19", "event")],
    "003": [("2023-10-24", "event")],
    "004": [("2023-12-09", "event")],
}


def seed_doc(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return make_doc(parse_txt(path.read_text(encoding="utf-8"), str(path)))


def dates_of(text: str, published: str | None = None):
    doc = make_doc(Article(source="test", title="", body=text, published=published))
    return dates.extract(doc, {})


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_dates(seeds_dir, prefix):
    doc = seed_doc(seeds_dir, prefix)
    found = rules.apply_rules(doc, only="dates")["dates"]
    assert [(d.date, d.kind) for d in found] == SEEDS[prefix]
    for d in found:
        assert d.rule == f"dates@{dates.VERSION}"
        # the evidence is the stated date: its day number is in it
        assert str(int(d.date[8:])) in doc.text[d.start:d.end]


@pytest.mark.shared
def test_seed_details(seeds_dir):
    seed_003 = dates.extract(seed_doc(seeds_dir, "003"), {})
    assert seed_003[0].time == "10:00"
    seed_004 = dates.extract(seed_doc(seeds_dir, "004"), {})
    assert seed_004[0].flags == ("year_inferred",)
    assert seed_004[0].confidence < 1.0
    seed_001 = seed_doc(seeds_dir, "001")
    extraction_dates = {d.date for d in dates.extract(seed_001, {}) if d.kind == "event"}
    assert extraction_dates == {"2024-05-21"}  # the confirmation day is no event day


@pytest.mark.shared
def test_seeds_never_ask_dateparser(seeds_dir, monkeypatch):
    """Known month words are read from the lexicon: dateparser is only a fallback."""

    def refuse(word):
        raise AssertionError(f"dateparser asked about {word!r}")

    monkeypatch.setattr(stated, "month_by_dateparser", refuse)  # where find_stated calls it
    for prefix in SEEDS:
        assert dates.extract(seed_doc(seeds_dir, prefix), {})


def test_year_inferred_across_new_year():
    # 30 December 2023 is a Saturday; 30 December 2024 a Monday.
    (found,) = dates_of("Apel siaga digelar Sabtu (30/12).", published="2024-01-02")
    assert (found.date, found.flags) == ("2023-12-30", ("year_inferred",))


def test_year_inferred_weekday_fits_no_nearby_year():
    (found,) = dates_of("Apel siaga digelar Kamis (30/12).", published="2024-01-02")
    assert found.date == "2023-12-30"  # the nearest, kept, with both doubts flagged
    assert found.flags == ("weekday_mismatch", "year_inferred")
    assert found.confidence <= 0.5


def test_year_inferred_without_weekday_is_nearest_to_publication():
    (found,) = dates_of("Rapat pleno digelar pada 5 Januari.", published="2023-12-20")
    assert found.date == "2024-01-05"
    assert found.kind == "schedule"  # after publication: planned, not reported


def test_typo_needs_evidence():
    # No weekday and a plausible year: the stated year stays even if it differs.
    (found,) = dates_of("Rakor digelar 9 Januari 2023.", published="2024-01-10")
    assert (found.date, found.flags) == ("2023-01-09", ())


def test_two_digit_years():
    assert stated.expand_year("24") == 2024
    assert stated.expand_year("99") == 1999
    assert stated.expand_year("2020") == 2020


@pytest.mark.parametrize(
    "a, b, expected",
    [(2023, 2024, True), (2202, 2022, True), (2020, 2002, True), (2020, 2021, True),
     (2020, 2031, False), (2019, 2024, False), (2020, 2020, False)],
)
def test_one_edit_apart(a, b, expected):
    assert stated.one_edit_apart(a, b) is expected


def test_time_in_next_sentence_of_a_one_date_paragraph():
    (found,) = dates_of("Apel digelar Senin (5/2/2024) di Mapolres. Acara dimulai pukul 08.00 WIB.")
    assert found.time == "08:00"


def test_time_not_given_to_an_ambiguous_paragraph():
    found = dates_of("Rapat Senin (5/2/2024) dan Selasa (6/2/2024). Acara dimulai pukul 08.00 WIB.")
    assert [d.time for d in found] == [None, None]


def test_time_goes_to_the_date_in_its_own_sentence():
    found = dates_of("Rapat digelar Senin (5/2/2024). Apel Selasa (6/2/2024) pukul 07.30 WIB.")
    assert [(d.date, d.time) for d in found] == [("2024-02-05", None), ("2024-02-06", "07:30")]


def test_published_with_time_suffix_is_read():
    (found,) = dates_of("Apel digelar Sabtu (16/12).", published="2023-12-17T08:00:00+07:00")
    assert found.date == "2023-12-16"


def test_title_offsets_point_into_article_text():
    article = Article(source="t", title="Apel Siaga", body="Apel digelar Senin (5/2/2024).")
    doc = make_doc(article)
    (found,) = dates.extract(doc, {})
    assert doc.text[found.start:found.end] == "Senin (5/2/2024)"


def test_month_lexicon_agrees_with_dateparser():
    """Every month word dateparser knows means the same month in our lexicon."""
    import dateparser

    months = rules.load_data("dates")["months"]
    known = 0
    for word, month in months.items():
        parsed = dateparser.parse(f"15 {word} 2020", languages=["id", "en"],
                                  settings={"STRICT_PARSING": True})
        if parsed is not None:
            known += 1
            assert parsed.month == month, word
    assert known >= len(months) * 3 // 4


def test_dateparser_fallback_rejects_non_months():
    assert lexicon.month_by_dateparser("Djuli") == 7
    assert lexicon.month_by_dateparser("Tahun") is None


def test_examples_are_documented():
    data = rules.load_data("dates")
    assert data["description"].strip()
    assert len(data["examples"]) >= 20
    for example in data["examples"]:
        assert example.get("why") and example.get("text"), example
        assert "expect" in example or "reject" in example, example
    # both an accepted and a refused form are documented
    assert any(e.get("expect") == [] for e in data["examples"])


def test_date_is_valid_iso():
    for d in dates_of("Pleno 29 Februari 2024, rapat 29 Februari 2023, apel 1 Maret 2023."):
        assert date.fromisoformat(d.date)
    assert [d.date for d in dates_of("Pleno 29 Februari 2023.")] == []


# --- round 2: voting days, the activity's day, directions ---------------------------------


def kinds(text: str, published: str | None = None):
    return [(d.date, d.kind) for d in dates_of(text, published)]


def test_gap_between_voting_words_and_date_holds_only_fillers():
    lex = lexicon.load_lexicon()
    d = date(2024, 11, 27)
    assert voting.gap_ok(lex, " Pilkada Bintan yang tinggal dua hari lagi, ", d)
    assert voting.gap_ok(lex, " di TPS 05 Kelurahan Kota Uneng, ", d)
    assert not voting.gap_ok(lex, " selesai, Polres menggelar apel, ", d)
    assert not voting.gap_ok(lex, " 2020 ", d)  # another year between: another election
    assert not voting.gap_ok(lex, " usai. Kapolres ", d)  # a sentence ends in between


@pytest.mark.parametrize(
    "after, expected",
    [(" lalu, Polres", "past"), (") lalu", "past"), (" silam", "past"), (" nanti.", "future"),
     (" mendatang", "future"), (", lalu meninjau", None), (" di Mapolres", None)],
)
def test_direction_after_a_date(after, expected):
    assert stated.direction_after(lexicon.load_lexicon(), "14 Februari" + after, len("14 Februari")) == expected


def test_direction_picks_the_side_of_the_publication_date():
    # 27 November nearest to 2024-01-10 is 2023-11-27; "nanti" points to 2024
    assert kinds("Pilkada digelar tanggal 27 November nanti.", "2024-01-10") == [("2024-11-27", "election_day")]
    # "lalu" keeps a year-less date before publication even when the next one is nearer
    assert kinds("Apel digelar 5 Desember lalu.", "2024-10-01")[0][0] == "2023-12-05"


def test_a_known_voting_day_fills_a_year_only_where_the_words_make_it_a_voting_day():
    assert kinds("Pencoblosan jatuh pada Rabu, 14 Februari.") == [("2024-02-14", "election_day")]
    assert kinds("Apel digelar Rabu, 14 Februari.") == []  # no year to take, none invented
    # 9 December was voting day in 2015 and 2020: no single year to fill
    assert kinds("Pilkada serentak digelar pada 9 Desember.") == []


def test_known_days_agree_between_dates_and_elections():
    known = {str(d) for d in rules.load_data("dates")["known_voting_days"]}
    by_family = rules.load_data("elections")["voting_days"]
    assert known == {str(d) for days in by_family.values() for d in days}


def test_voting_day_twin_shares_the_evidence():
    found = dates_of("Kapolres meninjau TPS saat pencoblosan, Rabu (27/11/2024).", "2024-11-27")
    assert [(d.kind, d.flags) for d in found] == [("election_day", ()), ("event", ("voting_day",))]
    assert found[0].start == found[1].start and found[0].end == found[1].end


def test_work_on_a_voting_day_still_ahead_is_no_event():
    # after the publication date, or promised ("akan"), or "nanti" after the date
    assert kinds("Kapolres meninjau TPS saat pencoblosan, Rabu (27/11/2024).", "2024-11-20") == [
        ("2024-11-27", "election_day")]
    assert kinds("Personel akan berjaga di TPS saat pencoblosan, Rabu (27/11/2024).") == [
        ("2024-11-27", "election_day")]


def test_range_joined_by_hingga_but_not_two_separate_dates():
    assert kinds("Patroli digelar Senin (4/11/2024) hingga Rabu (6/11/2024).") == [
        ("2024-11-04", "schedule"), ("2024-11-06", "schedule")]
    assert kinds("Apel digelar Senin (4/11/2024) dan rapat Rabu (6/11/2024).") == [
        ("2024-11-04", "event"), ("2024-11-06", "event")]


def test_future_words_in_a_closed_quote_do_not_plan_the_statement_day():
    found = kinds("“Patroli akan kami tingkatkan,” kata Kapolres, Senin (4/11/2024).")
    assert found == [("2024-11-04", "event")]
    found = kinds("Kapolres mengatakan patroli akan ditingkatkan pada Senin (4/11/2024).")
    assert found == [("2024-11-04", "schedule")]
