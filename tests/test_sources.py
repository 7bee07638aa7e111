"""Sources files, discovery (feeds, sitemaps, home pages) and whole crawls against local sites."""

from __future__ import annotations

import gzip
import sqlite3

import pytest
from click.testing import CliRunner

from pipeline.crawl import fetch, sources
from pipeline.cli import cli
from pipeline.errors import InputError
from tests.conftest import REPO
from tests.dbdump import dump
from tests.sites.server import HERE, make_site, sequence

__all__ = ["make_site"]

SAMPIT = [
    "bawaslu-kotim-awasi-kampanye", "kapolsek-seruyan-hilir-sambangi-ppk",
    "polres-kotim-apel-pengamanan-pilkada", "rilis-polda-kalteng-netralitas",
]
BANYUASIN = [
    "danramil-kapolsek-patroli-tps", "kapolres-banyuasin-koordinasi-kpu",
    "ketua-ppk-betung-bimtek-kpps", "polda-kalteng-ingatkan-netralitas-anggota",
]
FAST = ["--allow-private", "--ner", "rules", "--workers", "1", "--delay", "0", "--backoff", "0.01",
        "--retries", "1"]


def served(site, name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8").replace("{base}", site.base)


# --- sources files ----------------------------------------------------------------------------


def test_text_sources_one_url_per_line(tmp_path):
    path = tmp_path / "sources.txt"
    path.write_text(
        "# outlets in Kalimantan Tengah\n\n"
        "https://wartasampit.example.id/feed/   # RSS\n"
        "https://kalteng.example.id/berita/a.html#komentar\n",
        encoding="utf-8",
    )
    assert sources.load_sources(path) == [
        sources.Source(urls=("https://wartasampit.example.id/feed/",)),
        sources.Source(urls=("https://kalteng.example.id/berita/a.html#komentar",)),
    ]
    path.write_text("https://ok.example.id/\nftp://files.example.id/feed\n", encoding="utf-8")
    with pytest.raises(InputError, match="sources.txt line 2: only http and https"):
        sources.load_sources(path)


def test_yaml_sources_with_outlet_settings(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(
        "defaults:\n  delay: 3\n"
        "outlets:\n"
        "  - name: Warta Sampit\n    region: Kotawaringin Timur\n"
        "    feeds: [https://wartasampit.example.id/feed/]\n"
        "    sitemaps: https://wartasampit.example.id/sitemap_index.xml\n"
        "    delay: 5\n"
        "  - name: Banyuasin Pos\n    home: https://banyuasinpos.example.id/\n",
        encoding="utf-8",
    )
    sampit, banyuasin = sources.load_sources(path)
    assert sampit == sources.Source(
        name="Warta Sampit", region="Kotawaringin Timur",
        feeds=("https://wartasampit.example.id/feed/",),
        sitemaps=("https://wartasampit.example.id/sitemap_index.xml",), delay=5.0,
    )
    assert banyuasin.delay == 3.0 and banyuasin.home == ("https://banyuasinpos.example.id/",)
    assert [(t.kind, t.outlet) for t in sampit.tasks()] == [
        ("feed", "Warta Sampit"), ("sitemap", "Warta Sampit")]
    assert sources.host_delays([sampit, banyuasin]) == {
        "wartasampit.example.id": 5.0, "banyuasinpos.example.id": 3.0}


def test_the_shipped_example_sources_file_loads():
    outlets = sources.load_sources(REPO / "sources.example.yml")
    assert [o.name for o in outlets] == [
        "Warta Sampit", "Banyuasin Pos", "Tribrata News Polres Seruyan"]
    assert [o.delay for o in outlets] == [3.0, 5.0, 3.0]


@pytest.mark.parametrize("text, message", [
    ("outlets:\n  - name: X\n    feed: https://x.example.id/feed\n", r"unknown keys \['feed'\]"),
    ("outlets:\n  - name: X\n    feeds: [https://x.example.id/]\n    delay: soon\n",
     "delay must be a number"),
    ("outlets:\n  - name: X\n", "no home, feeds, sitemaps or urls"),
    ("outlets: [\n", "not valid YAML"),
    ("sources:\n  - https://x.example.id/\n", "unknown top-level keys"),
])
def test_yaml_mistakes_are_one_clear_line(tmp_path, text, message):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        sources.load_sources(path)


# --- discovery ------------------------------------------------------------------------------


def test_rss_feed_links_are_absolute_canonical_and_exclude_the_site(make_site):
    site = make_site()
    links = sources.feed_links(served(site, "sampit/feed.xml"), site.url("/feed.xml"))
    assert links == [
        site.url("/berita/bawaslu-kotim-awasi-kampanye.html"),  # utm_* dropped
        site.url("/berita/rilis-polda-kalteng-netralitas.html"),
        site.url("/berita/polres-kotim-apel-pengamanan-pilkada.html"),
        site.url("/berita/kapolsek-seruyan-hilir-sambangi-ppk.html"),  # relative, #fragment dropped
        site.url("/rahasia/draft.html"),
        site.url("/berita/hilang.html"),
    ]


def test_atom_and_json_feed_links(make_site):
    site = make_site()
    atom = sources.feed_links(served(site, "banyuasin/atom.xml"), site.url("/atom.xml"))
    assert atom == [site.url("/berita/danramil-kapolsek-patroli-tps.html"),
                    site.url("/berita/ketua-ppk-betung-bimtek-kpps.html")]
    json_feed = sources.feed_links(served(site, "banyuasin/feed.json"), site.url("/feed.json"))
    assert json_feed == [site.url("/berita/kapolres-banyuasin-koordinasi-kpu.html"),
                         site.url("/berita/ketua-ppk-betung-bimtek-kpps.html")]


@pytest.mark.parametrize("text", [
    "<rss><channel><item><title>Berita terpotong",
    "\x00\x01 bukan feed sama sekali",
    '{"items": "bukan daftar"',
])
def test_malformed_feeds_raise(text):
    with pytest.raises(sources.DiscoveryError, match="malformed"):
        sources.feed_links(text, "http://127.0.0.1:9/feed.xml")


def test_an_empty_but_valid_feed_is_no_error():
    assert sources.feed_links("<rss><channel><title>Sepi</title></channel></rss>",
                              "http://127.0.0.1:9/feed.xml") == []


def test_sitemap_index_children_newest_first_and_pages(make_site):
    site = make_site()
    index = sources.sitemap_links(served(site, "banyuasin/sitemap_index.xml").encode(),
                                  site.url("/sitemap_index.xml"), 2**20)
    assert index.sitemaps == (site.url("/sitemap-2024-11.xml"), site.url("/sitemap-2024-10.xml"))
    assert index.pages == ()
    xml = served(site, "banyuasin/sitemap-2024-11.xml").encode()
    for body in (xml, gzip.compress(xml)):  # sitemap.xml.gz files too
        urlset = sources.sitemap_links(body, site.url("/sitemap-2024-11.xml"), 2**20)
        assert len(urlset.pages) == 3 and urlset.sitemaps == ()
    images = sources.sitemap_links(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url>'
        b"<loc>https://a.example.id/berita/1</loc><image:image>"
        b"<image:loc>https://a.example.id/foto/1.jpg</image:loc></image:image></url></urlset>",
        "https://a.example.id/sitemap.xml", 2**20)
    assert images.pages == ("https://a.example.id/berita/1",)
    text = sources.sitemap_links(b"https://a.example.id/1\nhttps://a.example.id/2\n",
                                 "https://a.example.id/sitemap.txt", 2**20)
    assert text.pages == ("https://a.example.id/1", "https://a.example.id/2")
    with pytest.raises(sources.DiscoveryError, match="HTML page"):
        sources.sitemap_links(b"<!DOCTYPE html><html></html>", "https://a.example.id/s.xml", 2**20)


def test_home_page_advertises_its_feed_not_the_comments(make_site):
    site = make_site()
    feeds = sources.home_feeds(served(site, "banyuasin/index.html"), site.url("/"))
    assert [f for f in feeds if "comment" not in f] == [site.url("/atom.xml")]


# --- whole crawls -------------------------------------------------------------------------


def _run(*args):
    result = CliRunner().invoke(cli, ["run", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _rows(db, sql):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def outlets(make_site, tmp_path):
    """Two outlets and a site of faults, and a sources.txt naming their feeds and sitemaps."""
    sampit, banyuasin, faults = make_site(), make_site(), make_site()
    sampit.add_outlet("sampit")
    banyuasin.add_outlet("banyuasin")
    faults.add("/robots.txt", b"", status=404)
    faults.add("/rusak.xml", "<rss><channel><item><link>", content_type="application/rss+xml")
    faults.add("/feed.xml", f"""<rss><channel>
        <item><link>{faults.base}/berita/error.html</link></item>
        <item><link>{faults.base}/berita/pelan.html</link></item></channel></rss>""",
               content_type="application/rss+xml")
    faults.add("/berita/error.html", b"", status=500)
    faults.routes["/berita/pelan.html"] = sequence(
        (429, b"", {"Retry-After": "0"}),
        (200, (HERE / "article.html").read_bytes(), {}),  # an empty template: no text
    )
    path = tmp_path / "sources.txt"
    path.write_text(
        f"# two outlets, one site of faults\n{sampit.base}/feed.xml\n{banyuasin.base}/\n"
        f"{banyuasin.base}/sitemap_index.xml\n{banyuasin.base}/feed.json\n"
        f"{faults.base}/feed.xml\n{faults.base}/rusak.xml\n",
        encoding="utf-8",
    )
    return sampit, banyuasin, faults, path


def test_crawl_then_rerun_then_reprocess(outlets, tmp_path):
    sampit, banyuasin, faults, path = outlets
    db, warcs = tmp_path / "crawl.db", tmp_path / "warc"
    out = _run("--sources", str(path), "--db", str(db), "--warc-dir", str(warcs), *FAST).output
    assert "12 discovered, 9 fetched, 0 skipped, 5 failed, 8 extracted" in out

    stored = {r[0] for r in _rows(db, "select source from articles")}
    assert stored == {sampit.url(f"/berita/{p}.html") for p in SAMPIT} | {
        banyuasin.url(f"/berita/{p}.html") for p in BANYUASIN}
    failures = {(r[0].replace(sampit.base, "S").replace(faults.base, "F"), r[1], r[2], r[3])
                for r in _rows(db, "select source, stage, reason, attempts from failures")}
    extract_failure = next(f for f in failures if f[1] == "extract")
    assert extract_failure[0] == "F/berita/pelan.html"  # the reason is extract.py's to word
    assert failures - {extract_failure} == {
        ("S/rahasia/draft.html", "robots", "disallowed by robots.txt", 1),
        ("S/berita/hilang.html", "fetch", "HTTP 404 Not Found", 1),
        ("F/berita/error.html", "fetch", "HTTP 500 Internal Server Error after 2 tries", 1),
        ("F/rusak.xml", "discover", "malformed feed: not well-formed XML and no links found", 1),
    }
    assert "/rahasia/draft.html" not in sampit.paths()
    assert faults.paths().count("/berita/pelan.html") == 2  # a 429, then the page
    # the syndicated release is linked to the earlier-published copy, not stored as unrelated
    dupes = _rows(db, "select a.source, o.source, a.similarity from articles a "
                      "join articles o on o.id = a.duplicate_of")
    assert [(a.rsplit("/", 1)[1], o.rsplit("/", 1)[1]) for a, o, _ in dupes] == [
        ("polda-kalteng-ingatkan-netralitas-anggota.html", "rilis-polda-kalteng-netralitas.html")]
    assert 0.5 <= dupes[0][2] < 1
    assert _rows(db, "select status, discovered, fetched, skipped, processed from runs") == [
        ("ok", 12, 9, 0, 8)]

    # A second run fetches no article again: only feeds, sitemaps and the failed fetches.
    before = {s.base: len(s.hits) for s in (sampit, banyuasin, faults)}
    out = _run("--sources", str(path), "--db", str(db), "--warc-dir", str(warcs), *FAST).output
    assert "12 discovered, 0 fetched, 9 skipped, 4 failed, 0 extracted" in out
    again = [h.path for s in (sampit, banyuasin, faults) for h in s.hits[before[s.base]:]]
    pages = sorted(p for p in again if p.startswith("/berita/"))
    assert pages == ["/berita/error.html", "/berita/error.html", "/berita/hilang.html"]
    assert _rows(db, "select attempts from failures where source like '%error.html'") == [(2,)]
    assert _rows(db, "select status, discovered, fetched, skipped from runs where id = 2") == [
        ("ok", 12, 0, 9)]

    # Done when: the WARC files alone rebuild the same article tables, with no network.
    for s in (sampit, banyuasin, faults):
        s.close()
    reprocessed, rerun = tmp_path / "reprocessed.db", tmp_path / "from-warc.db"
    result = CliRunner().invoke(cli, ["reprocess", str(warcs), "--db", str(reprocessed),
                                      "--ner", "rules", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "9 inputs: 8 processed" in result.output  # 8 articles, the empty page fails again
    _run(str(warcs), "--db", str(rerun), "--ner", "rules", "--workers", "1")
    assert dump(reprocessed) == dump(db) == dump(rerun)
    assert _rows(reprocessed, "select * from article_bands order by 1, 2") == \
        _rows(db, "select * from article_bands order by 1, 2")


def test_outlet_delay_from_yaml_spaces_requests(make_site, tmp_path):
    site = make_site()
    site.add_outlet("banyuasin")
    path = tmp_path / "sources.yml"
    path.write_text(f"outlets:\n  - name: Banyuasin Pos\n    feeds: {site.base}/atom.xml\n"
                    "    delay: 0.3\n    allow_private: true\n", encoding="utf-8")
    outlets = sources.load_sources(path)
    client = fetch.Client(fetch.Policy(delay=0), sources.host_delays(outlets),
                          private_hosts=sources.private_hosts(outlets))
    crawl = sources.Crawl(outlets, client)
    items = list(crawl.items())
    assert sorted(a.title for a in items) == [
        "Danramil dan Kapolsek Rambutan Patroli Gabungan Cek Lokasi TPS",
        "PPK Betung Gelar Bimtek untuk Ratusan Anggota KPPS"]
    times = [h.at for h in site.hits]
    assert len(times) == 4 and all(b - a >= 0.29 for a, b in zip(times, times[1:]))


def test_command_line_urls_and_usage_errors(make_site, tmp_path):
    site = make_site()
    site.add_outlet("banyuasin")
    article = site.url("/berita/ketua-ppk-betung-bimtek-kpps.html")
    db = tmp_path / "p.db"
    out = _run(article, "--db", str(db), "--warc-dir", str(tmp_path / "w"), *FAST).output
    assert "1 discovered, 1 fetched, 0 skipped, 0 failed, 1 extracted" in out
    hits = len(site.hits)
    out = _run(article, "--db", str(db), "--warc-dir", str(tmp_path / "w"), *FAST).output
    assert "1 discovered, 0 fetched, 1 skipped, 0 failed, 0 extracted" in out
    assert len(site.hits) == hits  # stored already: not even robots.txt is asked for
    result = CliRunner().invoke(cli, ["run", "ftp://x.example.id/feed", "--db", str(db)])
    assert result.exit_code == 1 and "only http and https" in result.output
    result = CliRunner().invoke(cli, ["run", "--db", str(db)])
    assert result.exit_code == 2 and "--sources FILE" in result.output
