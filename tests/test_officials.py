"""Officials on the five seed articles, the rule NER tagger, and the rules' building blocks.

The YAML examples of data/officials.yml run in tests/test_rule_examples.py; this file
checks whole articles and the pieces the examples cannot reach directly; each module of
the family (``pipeline/analysis/rules/officials/``) has its own tests in tests/test_officials_parts.py.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from pipeline.extract import parse_txt
from pipeline.ner import get_tagger
from pipeline.analysis.nlp import make_doc
from pipeline.records import Article, Entity
from pipeline.analysis.rules import apply_rules, load_data, officials
from pipeline.analysis.rules.names import find_entities
from pipeline.analysis.rules.officials import display_name, same_person, tokenize
from tests.seed_alias import alias, aliased_names

# What a careful reader finds in each seed: name -> the fields that must hold. The names are
# the invented stand-ins of tests/seed_alias.py: what is found is compared through `alias`.
SEEDS = {
    "000": {
        "Wagiyono": dict(rank="AKP", position="Kapolsek", org="Polsek Seruyan Hilir", role="stand-in"),
        "Rusdianoor": dict(rank=None, position="Ketua PPK", org="PPK Seruyan Hilir", role="holder"),
        "Galih Pramudito": dict(rank="AKBP", position="Kapolres", org="Polres Seruyan", role="holder"),
    },
    "001": {
        "Yanto Mursalin": dict(rank="Iptu", position="Kapolsek", org="Polsek Betung", titles=("SH",)),
        "Hendri Kurniadi": dict(rank=None, position="Ketua PPK", org="PPK Betung", titles=("SPd",)),
        "Sopian": dict(position="Anggota PPK", org="PPK Betung"),
        "Rian Saputro": dict(position="Anggota PPK", org="PPK Betung"),
        "Dimas Arwendo": dict(position="Anggota PPK", org="PPK Betung"),
        "Zulkarnaensyah": dict(position="Anggota PPK", org="PPK Betung"),
    },
    "002": {
        "Fadli Harsono": dict(rank="Iptu", position="Kapolsek", org="Polsek Kelumpang Tengah", titles=("SIK",)),
    },
    "003": {
        "Agus Trimulyo": dict(rank="Ipda", position="Kapolsek", org="Polsek Pangarengan", titles=("SH",)),
    },
    "004": {
        "Gilang Satria Wibawa": dict(rank="AKBP", position="Kapolres", org="Polres Banyuasin", titles=("SIK",)),
        "Rendra Maulana": dict(rank=None, position="Plt Ketua KPU", org="KPU Banyuasin", titles=("SH", "MH")),
        "Hanafi Darsun Rustam": dict(position="Pj Bupati", org="Pemkab Banyuasin", titles=("H",)),
        "Yusra Maidani": dict(position="Asisten 1 Pemerintahan", titles=("Ir", "MSi")),
        "Syamsul Hadiwijaya": dict(position="Komisioner KPU", org="KPU Sumatera Selatan", titles=("H", "SE", "MSi")),
    },
}


def seed_doc(seeds_dir, prefix: str):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    doc = make_doc(parse_txt(path.read_text(encoding="utf-8"), str(path)))
    return get_tagger("rules").tag([doc])[0]


@pytest.fixture(scope="module")
def seed_officials(seeds_dir):
    out = {}
    for prefix in SEEDS:
        doc = seed_doc(seeds_dir, prefix)
        out[prefix] = (doc, [replace(o, name=alias(o.name)) for o in apply_rules(doc)["officials"]])
    return out


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_officials(seed_officials, prefix):
    _, found = seed_officials[prefix]
    by_name = {o.name: o for o in found}
    assert sorted(by_name) == sorted(SEEDS[prefix]), "one official per person, nobody else"
    for name, fields in SEEDS[prefix].items():
        official = by_name[name]
        for field, value in fields.items():
            assert getattr(official, field) == value, f"{name}.{field}"
        assert official.rule == f"officials@{officials.VERSION}"


@pytest.mark.shared
def test_pemda_staff_take_the_articles_one_regional_government(seed_officials):
    _, found = seed_officials["004"]
    yusra = next(o for o in found if o.name == "Yusra Maidani")
    assert yusra.org == "Pemkab Banyuasin"  # from "Pj Bupati Banyuasin" in the same article


@pytest.mark.shared
def test_byline_is_not_an_official(seed_officials):
    doc, found = seed_officials["001"]
    assert "Doni Sarwit" in aliased_names(doc.text)
    assert not [o for o in found if "Doni" in o.name or "Sarwit" in o.name]


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_evidence_spans_hold_the_name(seed_officials, prefix):
    doc, found = seed_officials[prefix]
    for o in found:
        evidence = doc.text[o.start : o.end]
        assert o.name.lower() in {n.lower() for n in aliased_names(evidence)}, (o.name, evidence)
        assert o.confidence == 1.0 and not o.flags, "the seeds need no guesses"


@pytest.mark.shared
def test_no_dependency_on_organisations_family(seeds_dir, seed_officials):
    """With nothing from earlier families the rules find the same people and posts."""
    for prefix in SEEDS:
        doc, found = seed_officials[prefix]
        alone = [replace(o, name=alias(o.name)) for o in officials.extract(doc, {})]
        assert [(o.name, o.rank, o.position, o.org) for o in alone] == [(o.name, o.rank, o.position, o.org) for o in found]


@pytest.mark.shared
def test_fast_enough(seeds_dir):
    doc = seed_doc(seeds_dir, "004")
    officials.extract(doc, {})  # lexicons load once
    times = []
    for _ in range(5):
        t = time.perf_counter()
        officials.extract(doc, {})
        times.append(time.perf_counter() - t)
    assert sorted(times)[2] < 0.1, "a 300-word article should take a few milliseconds"


# -- the NER model's persons help; our own rule tagger's do not feed back ------------


def _doc(text: str, entities=()):
    doc = make_doc(Article(source="t", title="", body=text))
    return replace(doc, entities=tuple(entities))


def _person(text: str, name: str, source: str) -> Entity:
    start = text.index(name)
    return Entity("PER", start, start + len(name), name, source)


def test_model_persons_split_place_from_name():
    text = "Ketua KPU Teluk Sirih Kurniawan Saputra mengatakan tahapan berjalan."  # a place no gazetteer knows
    guessed = officials.extract(_doc(text), {})
    assert [o.name for o in guessed] == ["Sirih Kurniawan Saputra"]
    assert guessed[0].confidence < 1.0 and "name_place_split_guessed" in guessed[0].flags

    hinted = officials.extract(_doc(text, [_person(text, "Kurniawan Saputra", "stanza:id_pantau@abc")]), {})
    assert [(o.name, o.org, o.flags) for o in hinted] == [("Kurniawan Saputra", "KPU Teluk Sirih", ())]

    echoed = officials.extract(_doc(text, [_person(text, "Kurniawan Saputra", "rules:names@1")]), {})
    assert echoed == guessed


def test_gazetteer_regions_split_place_from_name():
    """A kabupaten the Kemendagri gazetteer knows ends the place, with no guess and no model."""
    (o,) = officials.extract(_doc("Ketua KPU Muara Enim Kurniawan Saputra mengatakan tahapan berjalan."), {})
    assert (o.name, o.org, o.flags, o.confidence) == ("Kurniawan Saputra", "KPU Muara Enim", (), 1.0)
    (o,) = officials.extract(_doc("Sekda Lahat Chandra Wijaya membuka rapat."), {})
    assert (o.name, o.position, o.org) == ("Chandra Wijaya", "Sekda", "Pemkab Lahat")


def test_model_persons_do_not_override_rank_or_position():
    text = "Kapolsek Betung Iptu Yanto Mursalin SH menerima kunjungan."
    wide = Entity("PER", 0, text.index(" menerima"), text[: text.index(" menerima")], "stanza:x")
    (o,) = officials.extract(_doc(text, [wide]), {})
    assert (o.name, o.rank, o.position, o.org, o.titles) == ("Yanto Mursalin", "Iptu", "Kapolsek", "Polsek Betung", ("SH",))


def test_look_alike_letters_and_spaces_are_normalised_first():
    """A Cyrillic "А" in "АKP" and a non-breaking space: pipeline.text fixes them before the rules."""
    article = parse_txt("Judul\n\nKapolsek Betung \u0410KP\u00a0Budi Santoso hadir.", "t.txt")
    doc = get_tagger("rules").tag([make_doc(article)])[0]
    (o,) = apply_rules(doc)["officials"]
    assert (o.name, o.rank, o.org) == ("Budi Santoso", "AKP", "Polsek Betung")


# -- building blocks -----------------------------------------------------------------


def test_tokens_keep_dotted_titles_whole_and_offsets_exact():
    text = "Budi Santoso, S.I.K., M.Si. dan Kombes Pol. Ali di Kab. Seruyan.Sabtu"
    toks = [t for t in tokenize(text) if t.text != "\n"]
    assert [t.text for t in toks][:8] == ["Budi", "Santoso", ",", "S.I.K.", ",", "M.Si.", "dan", "Kombes"]
    assert "Pol." in [t.text for t in toks] and "Kab." in [t.text for t in toks]
    assert [t.text for t in toks][-3:] == ["Seruyan", ".", "Sabtu"]  # glued words come apart
    assert all(text[t.start : t.end] == t.text for t in toks)


@pytest.mark.parametrize(
    "written,canonical",
    [("S.I.K.", "SIK"), ("S.Pd", "SPd"), ("S. Pd", "SPd"), ("M.Si", "MSi"), ("S.Th.I", "SThI"), ("SH.", "SH"), ("MSI", "MSi")],
)
def test_titles_lose_dots_and_spaces(written, canonical):
    (o,) = officials.extract(_doc(f"Kapolsek Betung Iptu Yanto Mursalin {written} hadir."), {})
    assert o.titles == (canonical,)


def test_display_name_title_cases_capitals_only():
    toks = lambda s: [t for t in tokenize(s) if t.text != "\n"]  # noqa: E731
    assert display_name(toks("AGUS TRIMULYO")) == "Agus Trimulyo"
    assert display_name(toks("MA'RUF AMIN-JAYA")) == "Ma'ruf Amin-Jaya"
    assert display_name(toks("Yanto McKenzie")) == "Yanto McKenzie"


def test_same_person():
    assert same_person("Bagus", "Bagus Suryo Wibowo") == "short"
    assert same_person("Yanto Mursalin", "Yanto Mursalim") == "spelling"
    assert same_person("Moh. Rasyid", "Moh Rasyid") == "same"
    assert same_person("Sopian", "Hendri Kurniadi") is None


def test_short_mention_of_two_people_stays_apart():
    text = "Kompol Bagus Santoso dan Kompol Bagus Wijaya hadir. Kompol Bagus memimpin doa."
    names = sorted(o.name for o in officials.extract(_doc(text), {}))
    assert names == ["Bagus Santoso", "Bagus Wijaya"], "the short mention is one of them, not a third"



def test_conflicting_ranks_are_not_guessed():
    text = "AKP Wagiyono hadir. Kapolsek Seruyan Hilir AKP Wagiyono mengatakan. Iptu Wagiyono juga hadir."
    found = officials.extract(_doc(text), {})
    wagiyono = [o for o in found if o.name == "Wagiyono"]
    assert wagiyono and all(o.rank in ("AKP", "Iptu") for o in wagiyono)
    assert len(wagiyono) == 2, "different ranks are different people"


# -- the rule NER tagger ---------------------------------------------------------------


@pytest.mark.parametrize("example", load_data("names")["entity_examples"], ids=lambda e: e["why"][:40])
def test_name_examples(example):
    doc = make_doc(Article(source="t", title="", body=example["text"]))
    got = {(e.label, e.text) for e in find_entities(doc, "rules:names@1")}
    for label, text in example.get("expect", []):
        assert (label, text) in got, f"{example['why']}: missing {label} {text!r} in {sorted(got)}"
    for label, text in example.get("reject", []):
        assert (label, text) not in got, f"{example['why']}: {label} {text!r} should not be found"


@pytest.mark.shared
def test_rule_tagger_on_seeds(seeds_dir):
    for prefix in SEEDS:
        doc = seed_doc(seeds_dir, prefix)
        spans = [(e.start, e.end) for e in doc.entities]
        assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "no overlaps"
        assert all(doc.text[e.start : e.end] == e.text and e.label in ("PER", "ORG", "LOC") for e in doc.entities)
        persons = {alias(e.text) for e in doc.entities if e.label == "PER"}
        for name in SEEDS[prefix]:
            assert name in persons or name.upper() in persons, (prefix, name)
