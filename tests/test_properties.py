"""Random and adversarial text through every rule family: nothing escapes, every offset holds.

Hypothesis builds texts from the words the rules look for (ranks, offices, places,
elections, dates, counts) mixed with arbitrary unicode, odd spacing and punctuation. The
budget is bounded (``max_examples``) so `make test` stays quick; raise it locally with
``HYPOTHESIS_PROFILE=thorough``.
"""

from __future__ import annotations

import json

import os

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from pipeline.analysis import assemble  # noqa: E402
from pipeline.analysis.nlp import make_doc  # noqa: E402
from pipeline.analysis.rules import ORDER, apply_rules  # noqa: E402
from pipeline.ner import get_tagger  # noqa: E402
from pipeline.records import Article  # noqa: E402

settings.register_profile("bounded", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bounded"))

WORDS = [
    "Kapolsek", "Kapolres", "AKP", "AKBP", "Iptu", "Ipda", "Letkol", "Danramil", "Ketua",
    "Plt", "KPU", "Bawaslu", "PPK", "PPS", "KPPS", "Panwascam", "Polsek", "Polres", "Polda",
    "Kabupaten", "Kota", "Kecamatan", "Desa", "Kelurahan", "Provinsi", "Banyuasin", "Betung",
    "Sampit", "Seruyan", "Hilir", "Kalimantan", "Tengah", "Pilkada", "Pilbup", "Pilgub",
    "Pemilu", "Pileg", "PSU", "2024", "2019", "TPS", "DPT", "pemilih", "orang", "sebanyak",
    "Senin", "Selasa", "(12/2/2024)", "12", "Februari", "Desember", "pukul", "10.00", "WIB",
    "tanggal", "hari", "pemungutan", "suara", "Wagiyono", "S.H.", "S.I.K.", "H.", "M.Si",
    "mengatakan", "ujar", "kata", "dan", "di", "ke", "oleh", "bimtek", "rapat", "koordinasi",
    "patroli", "apel", "Mapolsek", "1.234.567", "0", "99999999999999999999", "-", "—", "/",
    # whole phrases the families are written for, so records come out to be checked
    "Kapolsek Betung AKP Wagiyono", "Ketua KPU Kabupaten Banyuasin", "Pilkada 2024",
    "Senin (12/2/2024)", "sebanyak 1.234 TPS", "DPT sebanyak 250.000 pemilih",
    "Kecamatan Betung", "Polsek Seruyan Hilir", "pada 14 Februari 2024", "Ketua PPK Betung",
    "Kapolres Banyuasin AKBP H. Ruri Prastowo, S.I.K., M.Si", "Pilbup Kotawaringin Timur 2020",
]
PUNCT = [" ", " ", " ", "\n", "\n\n", ". ", ", ", "; ", ": ", "(", ")", '"', "'", "\t", "\u00a0",
         "\u200b", "...", "!", "?"]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.text(max_size=12))
texts = st.lists(st.tuples(token, st.sampled_from(PUNCT)), max_size=120).map(
    lambda parts: "".join(w + p for w, p in parts))


def _records(found: dict) -> list:
    return [r for name in ORDER for r in found.get(name, ())]


def _check_offsets(text: str, records) -> None:
    for r in records:
        assert 0 <= r.start < r.end <= len(text), (type(r).__name__, r.start, r.end, len(text))
        assert text[r.start:r.end].strip(), (type(r).__name__, repr(text[r.start:r.end]))


@given(title=st.text(max_size=80), body=texts)
def test_no_exception_escapes_and_every_offset_points_into_the_text(title, body):
    article = Article(source="hypothesis", title=title.strip(), body=body)
    doc = get_tagger("rules").tag([make_doc(article)])[0]
    found = apply_rules(doc)  # every family, in order: any exception fails the test
    extraction = assemble.build_extraction(doc, found)
    text = article.text
    _check_offsets(text, [*_records(found), *extraction.officials, *extraction.dates,
                          *extraction.elections, *extraction.counts, *extraction.places,
                          *extraction.organizations, *extraction.events, *extraction.entities])


@settings(max_examples=10)
@given(body=texts)
def test_stored_evidence_is_the_text_at_its_offsets(tmp_path_factory, body):
    import sqlite3

    from pipeline.analysis.analyse import analyse
    from pipeline.records import Extraction
    from pipeline.storage import store

    article = Article(source="hypothesis", title="Judul", body=body)
    (result,) = analyse([article], "rules")
    assert isinstance(result, Extraction), result  # analysis turned an exception into a Failure
    db_path = tmp_path_factory.mktemp("prop") / "p.db"
    db = store.open_db(db_path)
    store.save_extraction(db, result, None)
    db.conn.close()
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")
                  if {"start", "end", "evidence"} <= {c[1] for c in conn.execute(
                      f"pragma table_info([{r[0]}])")}]
        assert {"officials", "dates", "events"} <= set(tables)
        for table in tables:
            for start, end, evidence in conn.execute(f"select start, end, evidence from [{table}]"):
                assert article.text[start:end] == evidence and evidence, (table, start, end)
        # the topic's cues carry offsets too
        for (cues,) in conn.execute("select topic_evidence from articles"):
            for cue in json.loads(cues or "[]"):
                assert article.text[cue["start"]:cue["end"]] == cue["phrase"], cue
    finally:
        conn.close()
