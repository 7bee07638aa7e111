"""A per-article time budget: an article the rules cannot finish is a failure, not a stall."""

from __future__ import annotations

import time

from pipeline.analysis import analyse as analysis
from pipeline.analysis.gate import Gate
from pipeline.analysis.rules import places
from pipeline.records import Article, Extraction, Failure


def test_an_article_over_budget_fails_and_the_batch_goes_on(monkeypatch):
    # Election news, so that the gate lets both through to the rules.
    normal_text = ("Kapolsek Betung AKP Wagiyono mengamankan rapat pleno KPU Kabupaten Banyuasin "
                   "untuk Pilkada 2024 bersama Bawaslu.")
    slow_text = normal_text + " LAMBAT"
    real_extract = places.extract

    def extract(doc, found):
        if "LAMBAT" in doc.article.text:
            time.sleep(30)  # stands in for a rule loop that would run for minutes
        return real_extract(doc, found)

    analysis.analyse([Article(source="panas", title="Judul", body="Camat datang.")], "rules")
    monkeypatch.setattr(places, "extract", extract)  # after the warm-up: data loaded once
    monkeypatch.setenv("PANTAU_ANALYSIS_BUDGET", "2")
    articles = [Article(source="lambat", title="Judul", body=slow_text),
                Article(source="biasa", title="Judul", body=normal_text)]
    started = time.monotonic()
    # every article analysed: the topic gate would store these police lines unanalysed
    slow, normal = analysis.analyse(articles, "rules", Gate(analyse_all=True))
    assert time.monotonic() - started < 12  # not the 30 s the rule would take
    assert slow == Failure("lambat", "rules", "analysis took too long (over 2 s)")
    assert isinstance(normal, Extraction) and normal.officials


def test_no_budget_when_set_to_zero(monkeypatch):
    monkeypatch.setenv("PANTAU_ANALYSIS_BUDGET", "0")
    with analysis.time_budget(analysis.budget_seconds()):
        time.sleep(0.05)  # no alarm armed: nothing raised
    assert analysis.budget_seconds() == 0
