"""The parts of the officials family (``pipeline/analysis/rules/officials/``), each on small inputs.

Whole articles and the documented examples are in tests/test_officials.py and
tests/test_rule_examples.py; these tests pin what each module does on its own.
"""

from __future__ import annotations

import pytest

from pipeline.analysis.nlp import make_doc, split_sentences
from pipeline.records import Article, Doc
from pipeline.analysis.rules import apply_rules
from pipeline.analysis.rules.officials import lexicons as lexicon_mod
from pipeline.analysis.rules.officials import people, places, reader, roles, tokens, words
from pipeline.analysis.rules.officials.lexicons import Phrases, lexicon, spelling_key
from pipeline.analysis.rules.officials.people import merge, same_person, to_official
from pipeline.analysis.rules.officials.reader import Reader
from pipeline.analysis.rules.officials.roles import resolve_nameless
from pipeline.analysis.rules.officials.tokens import NEWLINE, display_name, phrase_keys, place_name, tokenize
from pipeline.analysis.rules.officials.words import Mention


def _doc(text: str, title: str = "") -> Doc:
    return make_doc(Article(source="t", title=title, body=text))


def _reader(text: str, found: dict | None = None) -> Reader:
    return Reader(_doc(text), found)


def _at(r: Reader, text: str, nth: int = 0) -> int:
    """Index of the ``nth`` token written ``text``."""
    return [i for i, t in enumerate(r.toks) if t.text == text][nth]


def _texts(toks) -> list[str]:
    return [t.text for t in toks if t.text != NEWLINE]


def _mentions(text: str) -> list[Mention]:
    r = _reader(text)
    return r.finish_orgs(r.assign_roles(r.read()))


# -- modules -------------------------------------------------------------------------


@pytest.mark.parametrize("module", [tokens, lexicon_mod, words, places, roles, reader, people])
def test_each_part_says_what_it_does_and_imports(module):
    assert module.__doc__ and "Imports:" in module.__doc__
    source = open(module.__file__, encoding="utf-8").read()
    assert len(source.splitlines()) <= 600


# -- tokens: spaCy's tokens, re-split where the lexicons need it -------------------


def test_tokens_are_spacys_where_they_agree():
    text = "Kapolsek Betung hadir, lalu pulang."
    spacy_words = [t.text for s in split_sentences(text) for t in s.tokens]
    assert _texts(tokenize(text)) == spacy_words == ["Kapolsek", "Betung", "hadir", ",", "lalu", "pulang", "."]


def test_tokens_re_split_only_runs_the_lexicons_read_otherwise():
    text = "Budi, S.I.K., di Kab. Seruyan dan Danramil 0430-02/Betung serta Kombes Pol. Ali"
    spacy_words = [t.text for s in split_sentences(text) for t in s.tokens]
    assert "Kab" in spacy_words and "0430" in spacy_words  # spaCy's cut, which the lexicons were not written for
    got = _texts(tokenize(text))
    assert got[:5] == ["Budi", ",", "S.I.K.", ",", "di"]
    assert "Kab." in got and "Pol." in got
    assert got[got.index("Danramil") + 1 : got.index("Danramil") + 4] == ["0430-02", "/", "Betung"]


def test_tokens_come_from_the_sentences_given_not_a_second_pass():
    text = "Kapolsek Betung hadir."
    doc = _doc(text)
    assert tokenize(doc.text, sentences=doc.sentences) == tokenize(doc.text)
    # with no spaCy tokens there is nothing to read: only the lines' ends
    assert [t.text for t in tokenize(text, sentences=())] == [NEWLINE]


def test_tokens_keys_offsets_and_line_ends():
    text = "Kab. Seruyan\nKETUA PPS"
    toks = tokenize(text)
    assert [(t.text, t.key) for t in toks] == [
        ("Kab.", "kab"), ("Seruyan", "seruyan"), (NEWLINE, NEWLINE), ("KETUA", "ketua"), ("PPS", "pps"), (NEWLINE, NEWLINE)
    ]
    assert all(text[t.start : t.end] == t.text for t in toks if t.text != NEWLINE)
    assert toks[2].start == toks[2].end == text.index("\n")


def test_tokens_skip_lines_and_the_headlines_under_them():
    skip = lexicon().skip_line
    text = "Kapolres hadir.\nBaca Juga:\nKapolsek Koja Pimpin Apel\nAcara lancar."
    assert _texts(tokenize(text, skip)) == ["Kapolres", "hadir", ".", "Acara", "lancar", "."]
    assert "Koja" in _texts(tokenize(text))


def test_names_as_written_or_title_cased():
    assert display_name(tokenize("AGUS TRIMULYO")[:2]) == "Agus Trimulyo"
    assert place_name(tokenize("OKU TIMUR")[:2]) == "OKU Timur"
    assert display_name(tokenize("OKU TIMUR")[:2]) == "Oku Timur"
    assert phrase_keys("Kab. Banyuasin") == ("kab", "banyuasin")


def test_words_headlines_capitalise():
    assert tokens.looks_like_a_word("menghadiri") and tokens.looks_like_a_word("sambutannya")
    assert not tokens.looks_like_a_word("Mursalin".lower())


# -- lexicon -------------------------------------------------------------------------


def test_phrases_longest_first_both_ways():
    table = Phrases([("Ketua", "K"), ("Ketua KPU", "KK"), ("KPU", "B")])
    toks = tokenize("Plt Ketua KPU Banyuasin")
    assert table.match(toks, 1) == ("KK", 3)
    assert table.match(toks, 2) == ("B", 3)
    assert table.match(toks, 0) is None
    assert table.ends_at(toks, 3) == ("KK", 1)
    assert table.ends_at(toks, 2) == ("K", 1)


def test_lexicon_compiles_the_yaml_once():
    lex = lexicon()
    assert lex is lexicon()
    toks = tokenize("Kasatreskrim AKBP Kapolsek")
    assert lex.unit_heads.match(toks, 0)[0].name == "Kasat Reskrim"
    assert lex.ranks.match(toks, 1) == ("AKBP", 2)
    pos, end = lex.positions.match(toks, 2)
    assert (pos.name, pos.unit, pos.takes_place, end) == ("Kapolsek", "Polsek", True, 3)
    assert "sumatera selatan" in lex.provinces and "kapolsek" in lex.not_names


def test_one_key_for_a_places_spellings():
    assert spelling_key("Palangka Raya") == spelling_key("Palangkaraya")
    assert spelling_key("Kota Manna", "Polres") == spelling_key("Manna", "Polres")
    assert spelling_key("Kota Manna") != spelling_key("Manna")


# -- words: what one token is --------------------------------------------------------


def test_ranks_with_their_suffixes():
    r = _reader("Kombes Pol. Ali hadir, Kolonel Inf (Purn) Budi juga, bukan Jalan Jenderal Sudirman")
    i = _at(r, "Kombes")
    assert r.rank_at(i) == ("Kombes", i + 2, ())
    i = _at(r, "Kolonel")
    assert r.rank_at(i) == ("Kolonel", i + 5, ("retired",))
    assert r.rank_at(_at(r, "Jenderal")) is None


def test_titles_names_and_persons():
    r = _reader("Iptu Yanto Mursalin S. Pd menghadiri acara. AKBP GILANG SATRIA WIBAWA MENGHADIRI rapat.")
    i = _at(r, "Yanto")
    assert r.title_at(_at(r, "S."), r.lex.suffix_titles) == ("SPd", _at(r, "Pd") + 1)
    name, span, titles, end = r.person(i, strong=True)
    assert (name, titles, end) == ("Yanto Mursalin", ("SPd",), _at(r, "menghadiri"))
    assert r.toks[i].start == span[0]
    assert r.person(_at(r, "GILANG"), strong=True)[0] == "Gilang Satria Wibawa"  # the verb ends the name
    assert r.is_name_tok(i) and not r.is_name_tok(_at(r, "menghadiri")) and not r.is_name_tok(_at(r, "Iptu"))


def test_positions_with_qualifiers_and_short_forms():
    r = _reader("Plt Ketua KPU Banyuasin hadir. Panitia Pemilihan Kecamatan (PPK) Betung juga.")
    pos, end = r.position_at(_at(r, "Plt"))
    assert (pos.name, pos.unit, pos.head, pos.body, end) == ("Plt Ketua KPU", "KPU", "Ketua", "KPU", _at(r, "Banyuasin"))
    assert r.skip_acronym(_at(r, "(")) == _at(r, ")") + 1
    assert r.run_at(_at(r, "Banyuasin")) == _at(r, "hadir")


# -- places: place or name, and each mention's org -----------------------------------


def test_known_places_and_short_forms():
    r = _reader("Kapolres Ogan Komering Ilir (OKI) AKBP Dili Yanto hadir. Polsek Betung dan Sekda Banyuasin.")
    assert r.aliases == {"oki": "Ogan Komering Ilir"}
    assert "betung" in r.known and "sumatera selatan" in r.known
    assert r.context["Polsek"] == {"betung": "Betung"}
    assert r.place_acronym(_at(r, "(")) == "OKI"


def test_split_run_at_a_known_place_a_title_or_a_given_name():
    r = _reader("Polsek Betung menjaga. Kapolsek Betung Yanto hadir. Camat Koja H Yusuf hadir.")
    pos = r.position_at(_at(r, "Kapolsek"))[0]
    j = _at(r, "Betung", 1)
    assert r.split_run(j, j + 2, pos) == (j + 1, False)  # "betung" is named elsewhere
    cpos = r.position_at(_at(r, "Camat"))[0]
    k = _at(r, "Koja")
    assert r.split_run(k, k + 3, cpos) == (k + 1, False)  # "H" opens the name


def test_government_of_a_place():
    r = _reader("Sekda hadir.")
    assert r.government_of("Banyuasin", None) == "Pemkab"
    assert r.government_of("Sumatera Selatan", None) == "Pemprov"


def test_a_placeless_post_takes_the_one_unit_named():
    ms = _mentions("Polsek Betung menggelar apel. Kapolsek Iptu Yanto Mursalin hadir.")
    (m,) = [m for m in ms if m.name]
    assert (m.position, m.org, m.flags) == ("Kapolsek", "Polsek Betung", ())
    ms = _mentions("Polsek Betung dan Polsek Talang Kelapa menggelar apel.\n\nKapolsek Iptu Yanto Mursalin hadir.")
    (m,) = [m for m in ms if m.name]
    assert (m.org, m.flags) == ("Polsek", ("org_from_context_ambiguous",))  # two units, nothing to choose by


def test_of_several_units_the_one_named_last_before_is_a_flagged_guess():
    ms = _mentions("Kapolsek Betung Iptu Yanto Mursalin hadir. Kapolsek Talang Kelapa Iptu Budi Santoso hadir.\n\n"
                   "Kapolsek AKP Joko Susilo juga hadir.")
    (m,) = [m for m in ms if m.name == "Joko Susilo"]
    assert (m.org, m.flags) == ("Polsek Talang Kelapa", ("org_from_context_nearest",))


# -- roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,name,role",
    [
        ("Kapolsek Betung Iptu Yanto Mursalin mewakili Kapolres Banyuasin hadir.", "Yanto Mursalin", "stand-in"),
        ("Hadir mantan Kapolsek Betung AKP Budi Santoso.", "Budi Santoso", "former"),
        ("Kapolres Banyuasin AKBP Gilang Satria Wibawa melalui Kasat Binmas AKP Joko Santoso menyampaikan.", "Joko Santoso", "speaker"),
        ("Kapolsek Betung Iptu Yanto Mursalin hadir.", "Yanto Mursalin", "holder"),
    ],
)
def test_roles_from_cue_words(text, name, role):
    (m,) = [m for m in _mentions(text) if m.name == name]
    assert m.role == role


def test_candidates_are_dropped_and_nameless_roles_pass_to_the_holder():
    assert not [m for m in _mentions("Calon Bupati Banyuasin Askolani berkampanye.") if m.name]
    r = _reader("Kapolsek Betung Iptu Yanto Mursalin hadir. Sambutan disampaikan Kapolsek Betung mewakili Kapolres Banyuasin.")
    ms = r.finish_orgs(r.assign_roles(r.read()))
    assert [(m.name, m.role) for m in ms] == [("Yanto Mursalin", "holder"), (None, "stand-in"), (None, "holder")]
    groups = merge(ms)
    resolve_nameless(groups, ms)
    assert [[m.role for m in g] for g in groups] == [["holder", "stand-in"]]
    o = to_official(groups[0], r, "officials@2")
    assert (o.name, o.role) == ("Yanto Mursalin", "stand-in")
    nameless = Mention(0, 1, position="Kapolsek", unit="Polsek", role="stand-in")
    holder = Mention(0, 1, name="Budi", position="Kapolsek", unit="Polsek")
    other = Mention(0, 1, name="Ali", position="Camat")
    groups = [[holder], [other]]
    resolve_nameless(groups, [nameless])
    assert groups == [[holder, nameless], [other]]


# -- reader: mentions in text order --------------------------------------------------


def test_reader_finds_each_shape():
    ms = [m for m in _mentions(
        "Kapolsek Betung Iptu Yanto Mursalin hadir. Yusuf Majid Camat Koja juga. "
        "Polsek Kelumpang Tengah Iptu Fadli berjaga. AKP Wagiyono datang."
    ) if m.name]
    assert [(m.name, m.rank, m.position, m.org) for m in ms] == [
        ("Yanto Mursalin", "Iptu", "Kapolsek", "Polsek Betung"),
        ("Yusuf Majid", None, "Camat", "Kecamatan Koja"),
        ("Fadli", "Iptu", None, "Polsek Kelumpang Tengah"),
        ("Wagiyono", "AKP", None, None),
    ]


def test_reader_reads_a_list_with_roles():
    ms = _mentions("Komisioner PPK Kecamatan Betung: Hendri Kurniadi S.Pd (Ketua), Sopian (Anggota) dan Rian (Anggota).")
    assert [(m.name, m.position, m.org, m.titles) for m in ms] == [
        ("Hendri Kurniadi", "Ketua PPK", "PPK Betung", ("SPd",)),
        ("Sopian", "Anggota PPK", "PPK Betung", ()),
        ("Rian", "Anggota PPK", "PPK Betung", ()),
    ]


# -- people: merging mentions, one Official each -------------------------------------


def test_same_person_kinds():
    assert same_person("Moh. Rasyid", "Moh Rasyid") == "same"
    assert same_person("Bagus", "Bagus Suryo Wibowo") == "short"
    assert same_person("Yanto Mursalin", "Yanto Mursalim") == "spelling"
    assert same_person("Sopian", "Hendri Kurniadi") is None


def test_merge_short_forms_and_spellings():
    long = Mention(0, 3, name="Bagus Suryo Wibowo", rank="Kompol", position="Kapolsek", org="Polsek Koja")
    short = Mention(5, 7, name="Bagus", rank="Kompol")
    other_rank = Mention(12, 14, name="Bagus", rank="AKP")
    groups = merge([long, short, other_rank])
    assert groups == [[long, short], [other_rank]]  # a rank that contradicts starts another person
    respelled = Mention(9, 11, name="Bagus Surya Wibowo", rank="Kompol")
    (group,) = merge([long, respelled])
    assert group[1].flags == ("name_spelling_merged",)
    # a respelling with nothing else in common is another person
    assert len(merge([long, Mention(9, 11, name="Bagus Surya Wibowo")])) == 2
    # a short form that could be either of two people joins neither
    two = merge([Mention(0, 1, name="Bagus Santoso"), Mention(2, 3, name="Bagus Wibowo"), Mention(4, 5, name="Bagus")])
    assert [[m.name for m in g] for g in two] == [["Bagus Santoso"], ["Bagus Wibowo"]]


def test_to_official_takes_agreed_facts_and_flags_conflicts():
    r = _reader("Kapolsek Betung Iptu Yanto Mursalin hadir. Yanto hadir.")
    a = Mention(0, 5, name="Yanto Mursalin", rank="Iptu", position="Kapolsek", unit="Polsek", place="Betung",
                org="Polsek Betung", titles=("SH",))
    b = Mention(6, 7, name="Yanto", rank="AKP")
    o = to_official([a, b], r, "officials@2")
    assert (o.name, o.rank, o.position, o.org, o.titles) == ("Yanto Mursalin", None, "Kapolsek", "Polsek Betung", ("SH",))
    assert o.flags == ("rank_conflict",) and o.confidence < 1.0
    assert (o.start, o.end) == (r.toks[0].start, r.toks[4].end)


def test_the_package_keeps_the_familys_interface():
    from pipeline.analysis.rules import officials, rule_id

    assert rule_id("officials") == f"officials@{officials.VERSION}"
    doc = _doc("Kapolsek Betung Iptu Yanto Mursalin hadir.")
    assert apply_rules(doc)["officials"] == officials.extract(doc, {})
    r, ms = officials.find_mentions(doc)
    assert isinstance(r, officials.Reader) and ms[0].name == "Yanto Mursalin"
