"""`pantau serve` for real: a database built by the pipeline, Datasette on 127.0.0.1, its JSON API.

The database comes from `pantau run --ner rules` over articles written here, plus one
hand-built extraction per region saved through ``store.save_extraction`` (the real write
path): the rules do not yet produce officials, events and coded places for every
article, and these tests must not depend on how far they have come.
"""

from __future__ import annotations

import atexit
import csv
import datetime as dt
import io
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils

from pipeline.storage import search, store
from pipeline.browse import serve
from pipeline.records import (
    Article, Count, DateMention, Election, Event, Extraction, Official, Organization, Place,
    Topic,
)

ELECTION_SECURITY = Topic("election_security", 1.0, "test")

PANTAU = str(Path(sys.executable).with_name("pantau"))

ARTICLES = {
    "kunjungan.txt": (
        "Kapolres Tanjung Jabung Timur Kunjungi Kantor Bawaslu",
        "Muara Sabak - Kapolres Tanjung Jabung Timur mengunjungi kantor Bawaslu untuk "
        "membahas pengamanan tahapan Pilkada.",
    ),
    "koordinasi.txt": (
        "Polsek dan PPK Gelar Rapat",
        "Kapolsek bersama PPK berkoordinasi soal distribusi logistik ke 40 TPS.",
    ),
    "pasar.txt": (
        "Harga Cabai Naik di Pasar Induk",
        "Pedagang mengeluhkan harga cabai yang naik menjelang akhir tahun.",
    ),
}

UPCOMING = (dt.date.today() + dt.timedelta(days=120)).isoformat()


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def banyuasin() -> Extraction:
    """A police-KPU coordination meeting in Kecamatan Banyuasin I, with two DPT figures."""
    article = Article(
        source="fixtures/banyuasin.txt", published="2024-11-06",
        title="Kapolres Banyuasin Berkoordinasi dengan KPU",
        body=(
            "Banyuasin - Kapolres Banyuasin AKBP Gilang Satria Wibawa SIK mengunjungi kantor "
            "KPU Banyuasin, Selasa (5/11/2024), untuk berkoordinasi dengan Ketua KPU "
            "Banyuasin Rendra Maulana. Di Kecamatan Banyuasin I terdapat 63 TPS dengan DPT "
            "sejumlah 18.452 pemilih, sementara data lain menyebut DPT 18.425. Pilkada "
            f"digelar pada 27 November 2024, dan PSU dijadwalkan {UPCOMING}."
        ),
    )
    t = article.text
    return Extraction(
        article=article,
        officials=(
            Official("Gilang Satria Wibawa", "AKBP", "Kapolres", "Polres Banyuasin",
                     *_span(t, "AKBP Gilang Satria Wibawa SIK"), rule="test", titles=("SIK",)),
            Official("Rendra Maulana", None, "Ketua KPU", "KPU Banyuasin",
                     *_span(t, "Ketua KPU Banyuasin Rendra Maulana"), rule="test"),
        ),
        organizations=(
            Organization("Polres", "Polres Banyuasin", *_span(t, "Kapolres Banyuasin AKBP"),
                         rule="test", place="Banyuasin", sector="police"),
            Organization("KPU", "KPU Banyuasin", *_span(t, "KPU Banyuasin,"), rule="test",
                         place="Banyuasin", sector="election"),
        ),
        places=(
            Place("kabupaten", "Banyuasin", *_span(t, "Banyuasin -"), rule="test", code="16.07"),
            Place("kecamatan", "Banyuasin I", *_span(t, "Kecamatan Banyuasin I"), rule="test",
                  code="16.07.01"),
        ),
        dates=(DateMention("2024-11-05", "event", *_span(t, "Selasa (5/11/2024)"), rule="test"),),
        counts=(
            Count("tps", 63, *_span(t, "63 TPS"), rule="test", scope="Banyuasin I"),
            Count("dpt", 18452, *_span(t, "18.452"), rule="test", scope="Banyuasin I"),
            Count("dpt", 18425, *_span(t, "18.425"), rule="test", scope="Banyuasin I",
                  confidence=0.5, flags=("conflicting_figure",)),
        ),
        elections=(
            Election("Pilkada", 2024, "2024-11-27", *_span(t, "Pilkada"), rule="test",
                     region="Banyuasin"),
            Election("PSU", int(UPCOMING[:4]), UPCOMING, *_span(t, "PSU"), rule="test",
                     region="Banyuasin"),
        ),
        events=(
            Event("coordination", *_span(t, "untuk berkoordinasi"), rule="test",
                  date="2024-11-05", place="Banyuasin I",
                  organizations=("Polres Banyuasin", "KPU Banyuasin"),
                  officials=("Gilang Satria Wibawa", "Rendra Maulana"), election="Pilkada 2024"),
        ),
        review=("conflicting_figure",),
        topic=ELECTION_SECURITY,
    )


def curanmor() -> Extraction:
    """Police news analysed with --analyse all: its official is stored, not in the views."""
    article = Article(
        source="fixtures/curanmor.txt", published="2024-10-03",
        title="Polsek Seruyan Hilir Tangkap Pencuri Motor",
        body="Kapolsek Seruyan Hilir AKP Wagiyono menangkap pencuri motor di pasar.",
    )
    t = article.text
    return Extraction(
        article=article,
        officials=(Official("Wagiyono", "AKP", "Kapolsek", "Polsek Seruyan Hilir",
                            *_span(t, "AKP Wagiyono"), rule="test"),),
        topic=Topic("police_other", 1.0, "test"),
    )


def seruyan() -> Extraction:
    """A Kapolsek visiting the PPK of Seruyan Hilir (Kalimantan Tengah)."""
    article = Article(
        source="fixtures/seruyan.txt", published="2024-10-02",
        title="Kapolsek Seruyan Hilir Sambangi PPK",
        body=("Kuala Pembuang - Kapolsek Seruyan Hilir AKP Wagiyono menyambangi sekretariat "
              "PPK Seruyan Hilir, Rabu (2/10/2024), jelang Pilkada 2024."),
    )
    t = article.text
    return Extraction(
        article=article,
        officials=(Official("Wagiyono", "AKP", "Kapolsek", "Polsek Seruyan Hilir",
                            *_span(t, "AKP Wagiyono"), rule="test"),),
        organizations=(
            Organization("Polsek", "Polsek Seruyan Hilir", *_span(t, "Kapolsek Seruyan Hilir"),
                         rule="test", sector="police"),
            Organization("PPK", "PPK Seruyan Hilir", *_span(t, "PPK Seruyan Hilir"), rule="test",
                         sector="election"),
        ),
        places=(Place("kecamatan", "Seruyan Hilir", *_span(t, "Seruyan Hilir AKP"), rule="test",
                      code="62.07.01"),),
        events=(
            Event("visit", *_span(t, "menyambangi"), rule="test", date="2024-10-02",
                  place="Seruyan Hilir", organizations=("Polsek Seruyan Hilir", "PPK Seruyan Hilir"),
                  officials=("Wagiyono",), election="Pilkada 2024"),
        ),
        topic=ELECTION_SECURITY,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running `pantau serve` and the database behind it."""

    def __init__(self, root: Path):
        self.root = root
        self.db_path = root / "pantau.db"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log = open(root / "serve.log", "wb")
        self.proc = subprocess.Popen(
            [PANTAU, "serve", "--db", str(self.db_path), "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get_json("/-/versions.json")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError((root / "serve.log").read_text())
                time.sleep(0.3)

    def get(self, path: str, **params) -> bytes:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()

    def get_json(self, path: str, **params):
        return json.loads(self.get(path, **params))

    def rows(self, path: str, **params) -> list[dict]:
        """Rows of a table, view or canned query as dicts."""
        data = self.get_json(path, _shape="objects", **params)
        assert data.get("ok", True), data
        return data["rows"]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_server(root: Path) -> Server:
    """Build the database with the real pipeline and serve it."""
    inputs = root / "articles"
    inputs.mkdir()
    for name, (title, body) in ARTICLES.items():
        (inputs / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    db_path = root / "pantau.db"
    run = subprocess.run([PANTAU, "run", str(inputs), "--db", str(db_path), "--ner", "rules"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    db = store.open_db(db_path)
    for ex in (banyuasin(), seruyan(), curanmor()):
        assert store.save_extraction(db, ex, None)
    db.close()
    return Server(root)


_running: list[Server] = []


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Server:
    """One server per test process: test_browser.py imports this fixture too."""
    if not _running:
        _running.append(start_server(tmp_path_factory.mktemp("serve")))
    return _running[0]


def article_id(source: str) -> str:
    return Article(source=source, title="", body="").id


# --- the database describes itself --------------------------------------------------------


def test_every_table_view_and_column_is_described(served):
    assert serve.undescribed(sqlite_utils.Database(served.db_path)) == []


def test_description_check_catches_an_undocumented_column(tmp_path):
    db = store.open_db(tmp_path / "p.db")
    db["articles"].add_column("mood", str)
    db["scratch"].create({"id": int})
    assert serve.undescribed(db) == ["articles.mood", "scratch", "scratch.id"]


def test_metadata_describes_nothing_that_does_not_exist(tmp_path):
    db = store.open_db(tmp_path / "p.db")
    tables = serve.load_metadata()["databases"]["pantau"]["tables"]
    stale = [
        f"{name}.{column}" if column else name
        for name, meta in tables.items()
        for column in [None, *(meta.get("columns") or {})]
        if not (db[name].exists() or name in db.view_names())
        or (column and column not in db[name].columns_dict)
    ]
    assert stale == []


def test_served_metadata_title_licence_and_descriptions(served):
    meta = served.get_json("/-/metadata.json")
    assert meta["title"].startswith("pantau") and meta["license"] and meta["source"]
    officials = meta["databases"]["pantau"]["tables"]["officials"]
    assert officials["columns"]["rank"].startswith("Canonical rank")
    page = served.get("/pantau/officials").decode()
    assert "A person acting in an official capacity" in page


def test_pinned_datasette_with_pantau_plugins(served):
    versions = served.get_json("/-/versions.json")
    assert versions["datasette"]["version"] == serve.DATASETTE_VERSION
    plugins = {p["name"] for p in served.get_json("/-/plugins.json")}
    assert {"datasette-cluster-map", "pantau_search.py"} <= plugins


def test_database_is_served_mutable_not_immutable(served):
    [database] = served.get_json("/-/databases.json")
    assert database["name"] == "pantau"
    assert database["is_mutable"] is True


# --- tables and facets ---------------------------------------------------------------------


def test_tables_listed_with_counts(served):
    tables = {t["name"]: t for t in served.get_json("/pantau.json")["tables"]}
    assert tables["articles"]["count"] == len(ARTICLES) + 3
    assert tables["article_stems"]["count"] == len(ARTICLES) + 3
    assert tables["article_stems"]["hidden"] is True
    assert tables["regions"]["count"] >= 5  # two provinces, two kabupaten, two kecamatan


def test_views_default_to_election_news(served):
    everyone = served.rows("/pantau/officials.json", name="Wagiyono")
    roster = served.rows("/pantau/official_roster.json", name="Wagiyono")
    assert len(everyone) == 2  # the PPK visit and the police news
    assert [r["topic"] for r in roster] == ["election_security"]
    topics = served.get_json("/pantau/articles.json")["facet_results"]["topic"]["results"]
    assert {r["value"] for r in topics} >= {"election_security", "police_other"}


def test_default_facets_on_events_and_officials(served):
    data = served.get_json("/pantau/event_places.json")
    facets = data["facet_results"]
    assert {"province", "kabupaten", "type", "election_type", "month"} <= set(facets)
    kabupaten = {r["value"]: r["count"] for r in facets["kabupaten"]["results"]}
    assert kabupaten["Kabupaten Banyuasin"] == 1 and kabupaten["Kabupaten Seruyan"] == 1
    months = {r["value"] for r in facets["month"]["results"]}
    assert {"2024-11", "2024-10"} <= months
    ranks = served.get_json("/pantau/officials.json")["facet_results"]["rank"]["results"]
    assert {"AKBP", "AKP"} <= {r["value"] for r in ranks}


# --- canned queries -----------------------------------------------------------------------


def test_every_canned_query_has_title_and_description():
    queries = serve.load_metadata()["databases"]["pantau"]["queries"]
    assert {"search", "officials_by_rank_and_unit", "meetings_per_kabupaten_month",
            "tps_dpt_per_kecamatan", "upcoming_voting_days", "past_voting_days",
            "articles_needing_review", "person"} <= set(queries)
    for name, query in queries.items():
        assert query.get("title") and query.get("description"), name


def test_officials_by_rank_and_unit(served):
    rows = served.rows("/pantau/officials_by_rank_and_unit.json", rank="AKBP", unit="")
    assert [(r["unit"], r["position"], r["people"], r["names"]) for r in rows] == [
        ("Polres Banyuasin", "Kapolres", 1, "Gilang Satria Wibawa")
    ]


def test_meetings_per_kabupaten_month(served):
    rows = served.rows("/pantau/meetings_per_kabupaten_month.json", kabupaten="")
    got = {(r["province"], r["kabupaten"], r["month"]): r["meetings"] for r in rows}
    assert got[("Sumatera Selatan", "Kabupaten Banyuasin", "2024-11")] == 1
    assert got[("Kalimantan Tengah", "Kabupaten Seruyan", "2024-10")] == 1


def test_tps_dpt_per_kecamatan_lists_every_figure_and_source(served):
    rows = served.rows("/pantau/tps_dpt_per_kecamatan.json", kabupaten="Banyuasin")
    [row] = [r for r in rows if r["kecamatan"] == "Banyuasin I"]
    assert row["tps_max"] == 63 and row["dpt_max"] == 18452
    assert sorted(row["dpt_values"].split(",")) == ["18425", "18452"]
    assert json.loads(row["source_articles"]) == ["Kapolres Banyuasin Berkoordinasi dengan KPU"]


def test_upcoming_and_past_voting_days(served):
    upcoming = served.rows("/pantau/upcoming_voting_days.json", region="Sumatera Selatan")
    past = served.rows("/pantau/past_voting_days.json", region="Banyuasin")
    assert [(r["type"], r["date"], r["kabupaten"]) for r in upcoming] == [
        ("PSU", UPCOMING, "Kabupaten Banyuasin")
    ]
    assert upcoming[0]["days_from_today"] == 120
    assert [(r["type"], r["date"]) for r in past] == [("Pilkada", "2024-11-27")]


def test_articles_needing_review(served):
    rows = served.rows("/pantau/articles_needing_review.json", max_confidence="")
    by_id = {r["article_id"]: r for r in rows}
    flagged = by_id[article_id("fixtures/banyuasin.txt")]
    assert flagged["needs_review"] == 1 and flagged["conflicting_figures"] == 1
    assert flagged["lowest_confidence"] == 0.5
    assert json.loads(flagged["row_flags"]) == ["conflicting_figure"]
    assert article_id("fixtures/seruyan.txt") not in by_id
    # A stricter threshold takes in the article whose values all have confidence 1.0.
    strict = served.rows("/pantau/articles_needing_review.json", max_confidence="1.01")
    assert article_id("fixtures/seruyan.txt") in {r["article_id"] for r in strict}


def test_everything_about_one_person(served):
    rows = served.rows("/pantau/person.json", name="Gilang")
    assert [(r["name"], r["rank_here"], r["org_here"], r["article"]) for r in rows] == [
        ("Gilang Satria Wibawa", "AKBP", "Polres Banyuasin",
         "Kapolres Banyuasin Berkoordinasi dengan KPU")
    ]
    assert json.loads(rows[0]["events"]) == ["coordination 2024-11-05"]
    assert served.rows("/pantau/person.json", name="") == []


# --- Indonesian search ----------------------------------------------------------------------


def titles(rows: list[dict]) -> set[str]:
    return {r["title"] for r in rows}


def test_stemmed_search_matches_affixed_forms(served):
    # "kunjungi" -> "mengunjungi" (Sastrawi alone stems that to "unjung").
    assert "Kapolres Tanjung Jabung Timur Kunjungi Kantor Bawaslu" in titles(
        served.rows("/pantau/search.json", q="kunjungi"))
    assert titles(served.rows("/pantau/search.json", q="koordinasi")) >= {
        "Polsek dan PPK Gelar Rapat", "Kapolres Banyuasin Berkoordinasi dengan KPU"}
    found = titles(served.rows("/pantau/search.json", q="mengunjungi pengamanan"))
    assert found == {"Kapolres Tanjung Jabung Timur Kunjungi Kantor Bawaslu"}
    assert served.rows("/pantau/search.json", q="kunjungi cabai") == []
    assert served.rows("/pantau/search.json", q="") == []


def test_articles_search_box_understands_affixes(served):
    # Exact-word FTS over articles_fts misses the affixed form ...
    plain = served.rows("/pantau.json", sql="select a.title from articles a where a.rowid in "
                        "(select rowid from articles_fts where articles_fts match 'koordinasi')")
    assert "Polsek dan PPK Gelar Rapat" not in titles(plain)
    # ... the table's own search box (page, JSON, CSV) is the stemmed search.
    boxed = titles(served.rows("/pantau/articles.json", _search="koordinasi"))
    assert boxed == titles(served.rows("/pantau/search.json", q="koordinasi"))
    assert "Polsek dan PPK Gelar Rapat" in boxed
    assert "Kapolres Tanjung Jabung Timur Kunjungi Kantor Bawaslu" in titles(
        served.rows("/pantau/articles.json", _search="mengunjungi"))
    assert served.rows("/pantau/articles.json", _search="kunjungi cabai") == []
    csv_text = served.get("/pantau/articles.csv", _search="kunjungi").decode()
    assert "Kapolres Tanjung Jabung Timur Kunjungi Kantor Bawaslu" in csv_text
    # an empty box lists every article
    every = served.get_json("/pantau/articles.json")["filtered_table_rows_count"]
    assert served.get_json("/pantau/articles.json", _search="")["filtered_table_rows_count"] == every


def test_search_rewrite_keeps_other_parameters():
    from pipeline.browse.datasette.plugins.pantau_search import stemmed_search

    assert stemmed_search(b"_search=kunjungi&_size=5") == b"_stem=kunjungi&_size=5"
    assert stemmed_search(b"_size=5") == b"_size=5"
    assert stemmed_search(b"_search=&_size=5") == b"_size=5"


def test_stem_filter_on_table_pages(served):
    rows = served.rows("/pantau/event_places.json", _stem="koordinasi")
    matching = {r["article_id"] for r in served.rows("/pantau/search.json", q="koordinasi")}
    assert "coordination" in {r["type"] for r in rows}
    assert {r["article_id"] for r in rows} <= matching
    assert article_id("fixtures/seruyan.txt") not in matching
    articles = served.rows("/pantau/articles.json", _stem="sambang")
    assert titles(articles) == {"Kapolsek Seruyan Hilir Sambangi PPK"}


def test_search_sql_functions_use_the_stored_stemmer(served):
    rows = served.rows("/pantau.json", sql="select pantau_stem('berkoordinasi') as s")
    assert rows == [{"s": search.stem_text("berkoordinasi")}] == [{"s": "koordinasi"}]


# --- the map --------------------------------------------------------------------------------


def test_events_have_map_points_in_indonesia_with_their_level(served):
    fixtures = {article_id("fixtures/banyuasin.txt"), article_id("fixtures/seruyan.txt")}
    rows = [r for r in served.rows("/pantau/event_places.json") if r["article_id"] in fixtures]
    placed = {r["type"]: r for r in rows if r["latitude"] is not None}
    assert set(placed) == {"coordination", "visit"}
    for r in placed.values():
        assert -11.5 < r["latitude"] < 6.5 and 94.5 < r["longitude"] < 141.5
        assert r["point_level"] and r["located_by"] == "event place"
    assert placed["coordination"]["region_code"] == "16.07.01"
    assert placed["coordination"]["kecamatan"] == "Banyuasin I"


def test_map_plugin_is_on_the_event_places_page(served):
    page = served.get("/pantau/event_places").decode()
    assert "datasette-cluster-map.js" in page and "DATASETTE_CLUSTER_MAP_LATITUDE_COLUMN" in page


def test_incident_map_and_counts_of_incidents(served):
    page = served.get("/pantau/incident_places").decode()
    assert "datasette-cluster-map.js" in page and "DATASETTE_CLUSTER_MAP_LATITUDE_COLUMN" in page
    rows = served.rows("/pantau/incident_places.json")
    assert rows and all(r["reports"] >= 1 for r in rows)
    events = served.rows("/pantau/events.json", _size="max")
    reports = served.rows("/pantau/incident_reports.json", _size="max")
    assert sorted(r["event_id"] for r in reports if r["event_id"]) == sorted(e["id"] for e in events)
    meetings = served.rows("/pantau/incident_meetings_per_kabupaten_month.json", kabupaten="")
    got = {(r["province"], r["kabupaten"], r["month"]): r["incidents"] for r in meetings}
    assert got[("Sumatera Selatan", "Kabupaten Banyuasin", "2024-11")] == 1
    for name in ("apel_before_voting_day", "incidents_by_kind_and_province"):
        assert served.get_json(f"/pantau/{name}.json").get("ok", True)


def test_landing_page_numbers_and_chart(served):
    page = served.get("/").decode()
    incidents = served.rows("/pantau/incidents.json", _size="max")
    articles = served.get_json("/pantau.json")["tables"]
    n_articles = next(t["count"] for t in articles if t["name"] == "articles")
    assert f"<strong>{len(incidents)}</strong> incidents" in page
    assert f"<strong>{n_articles}</strong> articles" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="pantau-chart"' in page
    dated = [i for i in incidents if i["date"]]
    assert page.count("<rect ") >= len({i["date"][:7] for i in dated})  # a bar per month at least
    assert "http" not in page.split('class="pantau-chart"')[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", "")  # nothing fetched: works offline


def test_incident_dashboard_counts_incidents_with_bundled_vega(served):
    plugins = {p["name"]: p for p in served.get_json("/-/plugins.json")}
    assert "datasette-dashboards" in plugins
    # the charts' scripts are served from the plugin's own static files, not a CDN
    page = served.get("/-/dashboards/incidents").decode()
    for script in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert f"/-/static-plugins/datasette_dashboards/{script}" in page
        assert served.get(f"/-/static-plugins/datasette_dashboards/{script}")[:2000]
    # each chart's SQL, with no filter set, counts every dated incident once
    charts = serve.load_metadata()["plugins"]["datasette-dashboards"]["incidents"]["charts"]
    incidents = served.rows("/pantau/incidents.json", _size="max")
    query = re.sub(r"\[\[.*?\]\]", "", charts["by-month-kind"]["query"])
    rows = served.rows("/pantau.json", sql=query)
    assert sum(r["incidents"] for r in rows) == len([i for i in incidents if i["date"]])
    count = re.sub(r"\[\[.*?\]\]", "", charts["incident-count"]["query"])
    assert served.rows("/pantau.json", sql=count) == [{"n": len(incidents)}]


def test_dashboards_query_the_served_database_by_its_name():
    meta = serve.load_metadata("elections2024")
    dashboard = meta["plugins"]["datasette-dashboards"]["incidents"]
    assert {c["db"] for c in dashboard["charts"].values() if "db" in c} == {"elections2024"}
    assert {f["db"] for f in dashboard["filters"].values() if "db" in f} == {"elections2024"}


# --- exports ---------------------------------------------------------------------------------


def test_csv_export_of_a_table(served):
    text = served.get("/pantau/officials.csv", _size="max").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"Gilang Satria Wibawa", "Wagiyono"} <= {r["name"] for r in rows}
    assert list(rows[0]) == list(sqlite_utils.Database(served.db_path)["officials"].columns_dict)


def test_csv_and_json_export_of_a_canned_query(served):
    text = served.get("/pantau/search.csv", q="kunjungi").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "Kapolres Tanjung Jabung Timur Kunjungi Kantor Bawaslu" in {r["title"] for r in rows}
    array = served.get_json("/pantau/search.json", q="kunjungi", _shape="array")
    assert {r["title"] for r in array} == {r["title"] for r in rows}


def test_json_export_of_a_view(served):
    data = served.get_json("/pantau/voting_days.json", _shape="array")
    assert {(r["type"], r["status"]) for r in data} >= {("Pilkada", "past"), ("PSU", "upcoming")}


# --- read-only, and live while a run writes ------------------------------------------------


def test_sees_commits_and_keeps_answering_during_a_write(served):
    db = sqlite_utils.Database(served.db_path)
    before = served.get_json("/pantau/failures.json", _size="0")["filtered_table_rows_count"]
    db.conn.execute("begin immediate")  # a batch run in the middle of a transaction
    db.conn.execute("insert into failures (id, source, stage, reason, attempts, resolved) "
                    "values ('t1', 'x.txt', 'read', 'test', 1, 0)")
    during = served.get_json("/pantau/failures.json", _size="0")["filtered_table_rows_count"]
    db.conn.execute("commit")
    after = served.get_json("/pantau/failures.json", _size="0")["filtered_table_rows_count"]
    db.conn.execute("delete from failures where id = 't1'")
    db.conn.commit()
    assert (before, during, after) == (before, before, before + 1)


def test_server_cannot_write(served):
    with pytest.raises(urllib.error.HTTPError) as err:
        served.get("/pantau.json", sql="delete from failures")
    assert err.value.code == 400


def test_missing_database_is_one_clear_line(tmp_path):
    result = subprocess.run([PANTAU, "serve", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == f"pantau: no database at {tmp_path / 'none.db'}: run `pantau run` first"


def test_migration_fills_stems_and_regions_of_older_databases(tmp_path):
    db = store.open_db(tmp_path / "old.db")
    store.save_extraction(db, seruyan(), None)
    # Roll back to the shape before migration 2, as a database made by an older pantau.
    for name in ("article_stems_fts", "article_stems", "regions"):
        db[name].drop()
    db.execute("delete from _migrations where version = 2")
    db.conn.commit()
    db = store.open_db(tmp_path / "old.db")
    assert [r["title"] for r in db["article_stems"].rows] == ["kapolsek seruyan hilir sambang ppk"]
    assert {r["code"] for r in db["regions"].rows} == {"62", "62.07", "62.07.01"}
    hits = db.execute("select count(*) from article_stems_fts where article_stems_fts match ?",
                      [search.stem_query("disambangi")]).fetchone()
    assert hits == (1,)


@pytest.mark.parametrize("query, text", [
    ("kunjungi", "mengunjungi"), ("kunjungi", "dikunjungi"), ("kunjungi", "kunjungan"),
    ("kunjungi", "pengunjung"), ("mengunjungi", "kunjungi"), ("koordinasi", "berkoordinasi"),
    ("sambang", "menyambangi"), ("amankan", "pengamanan"), ("kawal", "mengawal"),
    ("pungut", "pemungutan"), ("cek", "mengecek"),
])
def test_stemmed_query_matches_affixed_text(query, text):
    """The pairs docs/datasette.md promises, through SQLite FTS5 itself."""
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table f using fts5(t)")
    conn.execute("insert into f values (?)", [search.stem_text(f"Warga {text} posko")])
    assert conn.execute("select count(*) from f where f match ?",
                        [search.stem_query(query)]).fetchone() == (1,)
    assert conn.execute("select count(*) from f where f match ?",
                        [search.stem_query(f"{query} cabai")]).fetchone() == (0,)


def test_docs_cover_every_canned_query_and_view():
    docs = (Path(__file__).parents[1] / "docs" / "datasette.md").read_text(encoding="utf-8")
    meta = serve.load_metadata()["databases"]["pantau"]
    views = [name for name, (_, _) in store.VIEWS.items()]
    missing = [name for name in [*meta["queries"], *views] if f"`{name}`" not in docs]
    assert missing == []
