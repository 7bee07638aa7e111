"""Language, topic and the gate: floors on every gold set, and a mixed folder run for real.

The gate must never drop an election article: its recall is 1.0 on every gold set with
a floor (corpus/gold/floors.json, "topics"). The texts below are invented for the test.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from pipeline.analysis import analyse, gate, lang
from pipeline.analysis.rules import load_data
from pipeline.quality import evaluate, goldsets, topics
from pipeline.records import Article
from pipeline.run import batch
from tests.conftest import REPO

FLOORS = json.loads((REPO / "corpus" / "gold" / "floors.json").read_text(encoding="utf-8"))["topics"]
# Topic floors are keyed by the set's folder ("gold" for corpus/gold); goldsets.py lists them all.
GOLD_DIRS = {s.folder: REPO / s.gold_dir for s in goldsets.SETS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_topics_and_gate_stay_above_their_floors(name):
    assert name in GOLD_DIRS, f"{name} has a topic floor but is not in pipeline/quality/goldsets.py"
    if not GOLD_DIRS[name].is_dir():
        pytest.skip(f"corpus/{name} not in this checkout")
    report = evaluate.score_topics(GOLD_DIRS[name])
    assert report.gate_total > 0
    assert report.gate_recall == 1.0, [
        a["source"] for a in report.articles
        if a["gated"] and a["gold"] not in ("police_other", "other")
    ]
    problems = topics.check_topic_floors(report, FLOORS[name])
    assert not problems, "topic quality dropped:\n" + "\n".join(problems)


def test_every_gold_set_has_a_topic_floor():
    # tests/test_goldsets.py checks that goldsets.py lists every corpus/*/gold folder
    assert set(GOLD_DIRS) == set(FLOORS)
    assert all(f["gate_recall"] == 1.0 for f in FLOORS.values())


def test_the_gate_margin_names_the_weakest_election_and_strongest_other_article():
    report = topics.TopicReport("invented")
    row = {"lang": "id", "gold_lang": "id", "gated": None, "score": 0.5, "topic": "other"}
    report.articles = [
        {**row, "source": "x/low_election.txt", "gold": "pilkades", "evidence": 3.5},
        {**row, "source": "x/high_election.txt", "gold": "election", "evidence": 9.0},
        {**row, "source": "x/older_gold.txt", "gold": topics.ELECTION, "evidence": 4.0},
        {**row, "source": "x/crime.txt", "gold": "police_other", "evidence": 1.25},
        {**row, "source": "x/budget.txt", "gold": "other", "evidence": 2.75},
        {**row, "source": "x/english.txt", "gold": "other", "evidence": 8.0, "gold_lang": "en"},
    ]
    low, high = report.evidence_extremes()
    assert (low["source"], high["source"]) == ("x/low_election.txt", "x/budget.txt")
    assert report.as_dict()["gate_margin"] == {
        "lowest_election": {"source": "x/low_election.txt", "evidence": 3.5},
        "highest_other": {"source": "x/budget.txt", "evidence": 2.75},
    }
    bar = load_data("topic")["thresholds"]["gate"]
    assert topics.format_topics(report).splitlines()[-1] == (
        f"gate margin (bar {bar:g}): lowest election evidence of an election article "
        "3.5, highest of a non-election one 2.75"
    )


@pytest.mark.skipif(not GOLD_DIRS["stream"].is_dir(), reason="no stream corpus")
def test_stream_languages_are_recognised():
    report = evaluate.score_topics(GOLD_DIRS["stream"])
    for a in report.articles:
        if a["gold_lang"] == "id":
            assert a["lang"] == "id", a["source"]  # Indonesian pages are always analysed
        else:
            assert a["lang"] != "id" and a["gated"] == "lang", a["source"]
        if a["gold_lang"] in ("en", "ms"):
            assert a["lang"] == a["gold_lang"], a["source"]


ID_ELECTION = (
    "Kapolres Sukamaju Tinjau Gudang Logistik KPU",
    "Kapolres Sukamaju AKBP Budi Santoso meninjau gudang logistik KPU Kabupaten Sukamaju, "
    "Senin (12/2/2024). Personel Polres berjaga di gudang yang menyimpan surat suara Pemilu "
    "2024. Ketua KPU mengatakan surat suara akan didistribusikan ke PPK dan PPS. Polres "
    "menyiagakan 300 personel untuk mengamankan 1.200 TPS.",
)
ID_POLICE = (
    "Polsek Sukamaju Tangkap Pencuri Sepeda Motor",
    "Unit Reskrim Polsek Sukamaju menangkap seorang pria yang diduga mencuri sepeda motor "
    "di pasar, Senin (12/2/2024). Kapolsek Sukamaju AKP Dedi Pratama mengatakan tersangka "
    "ditangkap di rumahnya bersama barang bukti. Polisi masih memburu satu pelaku lain.",
)
EN_POLICE = (
    "Police arrest motorcycle thief at city market",
    "Police in the city arrested a man suspected of stealing a motorcycle at the market on "
    "Monday. The district police chief said the suspect was caught at his home with the "
    "stolen vehicle, and officers are still looking for a second man.",
)
MS_ELECTION = (
    "Polis kawal peti undi ke pusat mengundi",
    "Pasukan polis mengiringi peti undi dari pejabat pengurus pilihan raya ke semua pusat "
    "mengundi di daerah itu semalam. Ketua polis daerah berkata seramai 300 anggota "
    "ditugaskan bagi memastikan pengundian berjalan lancar dan selamat esok.",
)


@pytest.mark.parametrize("text,code", [
    (" ".join(ID_POLICE), "id"), (" ".join(EN_POLICE), "en"), (" ".join(MS_ELECTION), "ms"),
])
def test_language_of_invented_pages(text, code):
    assert lang.identify(text) == code


def test_gated_batches_never_load_the_model(monkeypatch):
    def boom(name):
        raise AssertionError("the tagger was loaded for articles the gate held back")

    monkeypatch.setattr(analyse, "get_tagger", boom)
    articles = [Article("a.txt", *ID_POLICE), Article("b.txt", *EN_POLICE)]
    results = analyse.analyse(articles, "rules")
    assert [r.gate for r in results] == ["topic", "lang"]
    assert [r.article.lang for r in results] == ["id", "en"]
    assert results[0].topic.label == "police_other" and not results[0].officials


def _write(folder, name, title_body):
    (folder / name).write_text(f"{title_body[0]}\n\n{title_body[1]}\n", encoding="utf-8")


def test_mixed_folder_run_stores_all_analyses_election_news_only(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, tb in [("election.txt", ID_ELECTION), ("police.txt", ID_POLICE),
                     ("english.txt", EN_POLICE), ("malay.txt", MS_ELECTION)]:
        _write(inputs, name, tb)
    db = str(tmp_path / "p.db")
    result = batch.run_batch(db, [str(inputs)], ner="rules", workers=1, quiet=True)
    assert "(3 gated out, stored only: 2 not in an analysed language, 1 not election news)" \
        in result.lines(db)[0]
    conn = sqlite3.connect(db)
    rows = {r[0].rsplit("/", 1)[-1]: r[1:] for r in conn.execute(
        "select source, lang, topic, gate, topic_evidence is not null, "
        "(select count(*) from officials o where o.article_id = a.id), "
        "(select count(*) from events e where e.article_id = a.id) from articles a")}
    assert rows["election.txt"][:3] == ("id", "election_security", None)
    assert rows["election.txt"][4] > 0  # analysed: officials found
    assert rows["police.txt"][:3] == ("id", "police_other", "topic")
    assert rows["police.txt"][4:] == (0, 0)
    assert rows["english.txt"][0] == "en" and rows["english.txt"][2] == "lang"
    assert rows["malay.txt"][0] == "ms" and rows["malay.txt"][2] == "lang"
    # stored whole: full-text search finds a gated-out article
    assert conn.execute("select count(*) from articles_fts where articles_fts match 'pencuri'"
                        ).fetchone()[0] == 1
    evidence = json.loads(conn.execute(
        "select topic_evidence from articles where source like '%election.txt'").fetchone()[0])
    text = conn.execute("select text from articles where source like '%election.txt'").fetchone()[0]
    assert evidence and all(text[c["start"]:c["end"]] == c["phrase"] for c in evidence)
    conn.close()

    again = batch.run_batch(db, [str(inputs)], ner="rules", workers=1, quiet=True)
    assert again.summary.skipped == 4 and again.summary.processed == 0

    wide = batch.run_batch(db, [str(inputs)], ner="rules", workers=1, quiet=True,
                           gate=gate.Gate(langs=("id", "ms"), analyse_all=True))
    assert wide.summary.processed == 4 and wide.summary.gated_lang == 1
    conn = sqlite3.connect(db)
    police = conn.execute(
        "select gate, (select count(*) from officials o where o.article_id = a.id), "
        "(select count(*) from events e where e.article_id = a.id) "
        "from articles a where source like '%police.txt'").fetchone()
    assert police[0] is None and police[1] > 0  # analysed now, officials found
    assert police[2] == 0  # but police news gets no events
    conn.close()


@pytest.mark.slow
@pytest.mark.model
def test_third_party_noise_only_with_verbose(tmp_path):
    """Stanza's "unsupported language" warning reaches the terminal only with --verbose."""
    import subprocess
    import sys

    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs, "election.txt", ID_ELECTION)
    # Without PANTAU_QUIET: an earlier in-process `pantau run` (CliRunner) sets it in os.environ.
    env = {k: v for k, v in __import__("os").environ.items() if k != "PANTAU_QUIET"}
    env["PYTHONPATH"] = str(REPO)
    # The old Stanza path builds Stanza's own pipeline, which warns about Indonesian; the
    # default fast path is quiet by itself, so it would not show the filter at work.
    env["PANTAU_NER_ENGINE"] = "stanza"
    outputs = {}
    for flag in ([], ["--verbose"]):
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", str(inputs), "--ner", "stanza",
             "--workers", "1", "--db", str(tmp_path / f"db{len(flag)}.db"), *flag],
            capture_output=True, text=True, env=env, cwd=REPO,
        )
        assert run.returncode == 0, run.stderr
        outputs[bool(flag)] = run.stdout + run.stderr
    assert "unsupported language" not in outputs[False]
    assert "1 inputs: 1 processed" in outputs[False]
    assert "unsupported language" in outputs[True]


@pytest.mark.slow
@pytest.mark.model
def test_eval_keeps_third_party_noise_out_unless_verbose(tmp_path):
    """`pantau eval` runs the tagger too: Stanza's warning shows only with --verbose."""
    import shutil
    import subprocess
    import sys

    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(REPO / "corpus" / "gold" / "s01_makassar_polsek_bontoala_ppk.json", gold)
    (tmp_path / "samples").mkdir()  # sources resolve beside the gold folder
    shutil.copy(REPO / "corpus" / "samples" / "s01_makassar_polsek_bontoala_ppk.html",
                tmp_path / "samples")
    env = {k: v for k, v in __import__("os").environ.items() if k != "PANTAU_QUIET"}
    env["PYTHONPATH"] = str(REPO)
    env["PANTAU_NER_ENGINE"] = "stanza"  # the old path builds Stanza's pipeline, which warns
    outputs = {}
    for flag in ([], ["--verbose"]):
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "eval", "--gold", str(gold), "--ner", "stanza",
             *flag], capture_output=True, text=True, env=env, cwd=REPO,
        )
        assert run.returncode == 0, run.stderr
        outputs[bool(flag)] = run.stdout + run.stderr
    assert "1 articles scored" in outputs[False]
    assert "unsupported language" not in outputs[False]
    assert "unsupported language" in outputs[True]
