"""Cost bounded per article: long sentences in windows, the model in bounded calls, a text limit."""

from __future__ import annotations

import random
import sqlite3
import time

from click.testing import CliRunner

from pipeline.analysis import analyse as analysis
from pipeline.analysis import nlp
from pipeline.cli import cli
from pipeline.records import Article, Doc, Entity, Extraction, Failure

WORDS = ("Kapolsek Betung AKP Wagiyono datang ke kantor PPK Kecamatan Betung bersama Ketua KPU "
         "Kabupaten Banyuasin membahas Pilkada 2024 dan DPT sebanyak 1.234 pemilih di TPS").split()


def unpunctuated(n_words: int, seed: int = 3) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n_words))


def test_a_sentence_without_punctuation_is_cut_into_windows_with_true_offsets():
    text = "Judul\n\n" + unpunctuated(5000)
    sentences = nlp.split_sentences(text)
    assert max(len(s.tokens) for s in sentences) <= nlp.MAX_SENTENCE_TOKENS
    assert len(sentences) >= 5000 // nlp.MAX_SENTENCE_TOKENS
    tokens = [t for s in sentences for t in s.tokens]
    assert len(tokens) == len(text.split())  # every word once, none lost at a window edge
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert all(text[s.start:s.end].startswith(s.tokens[0].text) and s.end == s.tokens[-1].end
               for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))


def test_a_long_sentence_is_cut_after_a_comma_when_there_is_one():
    words = [f"kata{i}" for i in range(300)]
    words[170] += ","
    first, second = nlp.split_sentences(" ".join(words))
    assert first.tokens[-1].text == "," and len(first.tokens) == 172  # 171 words and the comma
    assert second.tokens[0].text == "kata171"


def test_ordinary_sentences_are_left_alone():
    text = "Kapolsek Betung AKP Wagiyono datang ke kantor KPU, kata dia. Rapat pleno digelar Rabu.\nFoto: ist"
    sentences = nlp.split_sentences(text)
    assert [text[s.start:s.end] for s in sentences] == [
        "Kapolsek Betung AKP Wagiyono datang ke kantor KPU, kata dia.", "Rapat pleno digelar Rabu.",
        "Foto: ist"]


def test_a_huge_paragraph_goes_to_spacy_in_pieces_and_offsets_stay_right(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHUNK_CHARS", 1000)
    text = unpunctuated(2000)  # ~13,000 characters in one paragraph
    pieces = list(nlp._chunks(text, 1000))
    assert all(len(p) <= 1000 for _, p in pieces) and "".join(p for _, p in pieces) == text
    tokens = [t for s in nlp.split_sentences(text) for t in s.tokens]
    assert [t.text for t in tokens] == text.split()
    assert all(text[t.start:t.end] == t.text for t in tokens)


class CountingTagger:
    """A stand-in model: every capitalised token is a LOC; records each call's token count."""

    name = "counting"

    def __init__(self):
        self.calls: list[int] = []

    def tag(self, docs):
        from dataclasses import replace

        self.calls.append(sum(len(s.tokens) for d in docs for s in d.sentences))
        return [replace(d, entities=tuple(Entity("LOC", t.start, t.end, t.text, self.name)
                                          for s in d.sentences for t in s.tokens if t.text[0].isupper()))
                for d in docs]


def test_the_model_is_called_with_bounded_token_counts_and_entities_come_back_whole():
    docs = [nlp.make_doc(Article(source=f"a{i}", title="Judul", body=unpunctuated(n, seed=i)))
            for i, n in enumerate((30, 4000, 50, 900))]
    whole = CountingTagger().tag(docs)
    bounded = CountingTagger()
    tagged = analysis.tag_bounded(bounded, docs, limit=500)
    assert max(bounded.calls) <= 500 and len(bounded.calls) >= 5000 // 500
    assert sum(bounded.calls) == sum(len(s.tokens) for d in docs for s in d.sentences)
    assert [d.entities for d in tagged] == [d.entities for d in whole]
    assert [d.sentences for d in tagged] == [d.sentences for d in docs]  # the docs themselves are whole


def test_a_small_batch_is_one_call():
    docs = [nlp.make_doc(Article(source=f"a{i}", title="Judul", body=unpunctuated(40, seed=i))) for i in range(3)]
    tagger = CountingTagger()
    analysis.tag_bounded(tagger, docs)
    assert len(tagger.calls) == 1


def test_the_rules_take_a_long_unpunctuated_article_in_linear_time(monkeypatch):
    monkeypatch.setenv("PANTAU_MAX_TEXT_CHARS", "0")
    monkeypatch.setenv("PANTAU_ANALYSIS_BUDGET", "0")
    analysis.analyse([Article(source="warm", title="Judul", body=unpunctuated(300))], "rules")
    article = Article(source="long", title="Judul", body=unpunctuated(50_000))  # ~330 KB
    started = time.monotonic()
    (result,) = analysis.analyse([article], "rules")
    # Before the windows and indexes this took over two minutes (quadratic rule loops).
    assert time.monotonic() - started < 45
    assert isinstance(result, Extraction) and result.officials


def test_a_text_over_the_limit_is_a_failure_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setenv("PANTAU_MAX_TEXT_CHARS", "5000")
    long = Article(source="panjang", title="Judul", body=unpunctuated(2000))
    normal = Article(source="biasa", title="Pengamanan Pilkada",
                     body="Kapolsek Betung AKP Wagiyono mengamankan rapat pleno KPU Kabupaten Banyuasin "
                          "untuk Pilkada 2024 bersama Bawaslu.")
    started = time.monotonic()
    failed, done = analysis.analyse([long, normal], "rules")
    assert time.monotonic() - started < 10
    assert isinstance(failed, Failure) and failed.stage == "nlp"
    assert failed.reason == (f"article text is too long to analyse ({len(long.text):,} characters, "
                             "over the 5,000 analysed; PANTAU_MAX_TEXT_CHARS raises the limit)")
    assert isinstance(done, Extraction) and done.officials


def test_a_run_records_the_too_long_article_in_failures(tmp_path, monkeypatch):
    monkeypatch.setenv("PANTAU_MAX_TEXT_CHARS", "5000")
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "panjang.txt").write_text("Judul\n\n" + unpunctuated(2000), encoding="utf-8")
    (articles / "biasa.txt").write_text("Judul\n\nKapolsek Betung AKP Wagiyono datang ke kantor KPU.\n",
                                        encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["run", str(articles), "--db", str(db), "--ner", "rules", "--workers", "1"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as con:
        failures = con.execute("SELECT source, stage, reason FROM failures").fetchall()
        stored = [r[0] for r in con.execute("SELECT source FROM articles")]
    assert len(failures) == 1 and failures[0][0].endswith("panjang.txt")
    assert "too long to analyse" in failures[0][2]
    assert len(stored) == 1 and stored[0].endswith("biasa.txt")


def test_a_doc_with_no_sentences_passes_through_the_bounded_tagger():
    empty = Doc(article=Article(source="kosong", title="", body=""), sentences=())
    (doc,) = analysis.tag_bounded(CountingTagger(), [empty], limit=10)
    assert doc.entities == ()
