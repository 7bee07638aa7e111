"""Bad input at scale from the open web: one clear line, a failures row, the batch goes on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.crawl import fetch
from tests.sites.server import make_site

__all__ = ["make_site"]

FAST = ["--allow-private", "--ner", "rules", "--workers", "1", "--delay", "0", "--backoff", "0.01",
        "--retries", "1"]
PAGE = ("<html><head><title>Pengamanan Pilkada</title></head><body><article><h1>Pengamanan Pilkada</h1>"
        "<p>Kapolsek Betung AKP Wagiyono mengamankan rapat pleno KPU Kabupaten Banyuasin untuk "
        "Pilkada 2024 bersama Bawaslu dan PPK Kecamatan Betung.</p>"
        "<p>Rapat pleno rekapitulasi suara berjalan aman dan lancar, kata Ketua KPU.</p></article></body></html>")


def rss(links: list[str]) -> str:
    return ("<?xml version='1.0'?><rss><channel><title>t</title>"
            + "".join(f"<item><title>b</title><link>{u}</link></item>" for u in links)
            + "</channel></rss>")


def crawl(tmp_path: Path, *urls: str):
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["run", *urls, "--db", str(db), "--warc-dir", str(tmp_path / "warc"), *FAST])
    return result, db


def failures(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT source, stage, reason FROM failures ORDER BY source").fetchall()


def test_credentials_in_urls_are_stripped_never_sent_logged_or_stored(make_site, tmp_path):
    site = make_site()
    secret = "rahasia-sekali"
    host = site.base.split("//")[1]
    site.add("/feed.xml", rss([f"http://warga:{secret}@{host}/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html",
                               f"http://{secret}@{host}/berita/2024/11/28/kpu-banyuasin-gelar-rapat-pleno.html"]), content_type="application/rss+xml")
    site.add("/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html", PAGE)
    site.add("/berita/2024/11/28/kpu-banyuasin-gelar-rapat-pleno.html", PAGE.replace("Betung", "Talang Kelapa"))
    result, db = crawl(tmp_path, f"http://admin:{secret}@{host}/feed.xml")
    assert result.exit_code == 0, result.output
    assert secret not in result.output
    assert sorted(site.paths()) == ["/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html", "/berita/2024/11/28/kpu-banyuasin-gelar-rapat-pleno.html", "/feed.xml", "/robots.txt"]
    assert not any("Authorization" in hit.headers or "authorization" in hit.headers for hit in site.hits)
    with sqlite3.connect(db) as con:
        stored = "\n".join(con.iterdump())
        urls = sorted(r[0] for r in con.execute("SELECT url FROM articles"))
    assert secret not in stored and "warga" not in stored and "admin" not in stored
    assert urls == [site.url("/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html"), site.url("/berita/2024/11/28/kpu-banyuasin-gelar-rapat-pleno.html")]
    warcs = list((tmp_path / "warc").rglob("*.warc*"))
    assert warcs
    from warcio.archiveiterator import ArchiveIterator

    records = 0
    for path in warcs:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                records += 1
                headers = str(record.rec_headers) + str(record.http_headers or "")
                assert secret not in headers  # target URIs, sources, requests: no credentials
                body = record.content_stream().read()
                # Only the feed's own bytes, archived as served, still carry them.
                assert secret.encode() not in body or b"<rss>" in body
    assert records >= 4


def test_stripping_keeps_everything_else():
    assert fetch.without_credentials("https://u:p%40ss@x.example.id:8443/a@b?c=d@e#f") == \
        "https://x.example.id:8443/a@b?c=d@e#f"
    assert fetch.without_credentials("http://x.example.id/a@b") == "http://x.example.id/a@b"
    assert fetch.without_credentials("http://u:p@[::1/broken") == "http://[::1/broken"
    assert fetch.canonical_url("http://user:pw@x.example.id/a") == "http://x.example.id/a"


def test_a_feed_that_is_an_html_page(make_site, tmp_path):
    site = make_site()
    site.add("/feed/", "<!DOCTYPE html><html><head><title>Beranda</title></head><body>"
             + "".join(f"<a href='/berita/{i}.html'>Berita {i}</a>" for i in range(50)) + "</body></html>")
    site.add("/feed.xml", rss([site.url("/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html")]), content_type="application/rss+xml")
    site.add("/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html", PAGE)
    sources = tmp_path / "sources.yml"
    sources.write_text(f"defaults: {{allow_private: true}}\noutlets:\n"
                       f"  - name: Rusak\n    feeds: {site.url('/feed/')}\n"
                       f"  - name: Baik\n    feeds: {site.url('/feed.xml')}\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db),
                                      "--warc-dir", str(tmp_path / "warc"), *FAST])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "not a feed" in line]
    assert len(lines) == 1 and site.url("/feed/") in lines[0] and "an HTML page" in lines[0]
    assert failures(db) == [(site.url("/feed/"), "discover",
                             "not a feed: an HTML page (list the outlet's real feed, or its home page)")]
    assert not any(p.startswith("/berita/") and p != "/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html" for p in site.paths())
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_a_feed_with_ten_thousand_items(make_site, tmp_path):
    site = make_site()
    # 10,000 items: two real articles and 9,998 the site's robots.txt keeps pantau from.
    links = [site.url("/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html"), site.url("/berita/2024/11/28/kpu-banyuasin-gelar-rapat-pleno.html")] + \
            [site.url(f"/arsip/{i}.html") for i in range(9998)]
    site.add("/robots.txt", "User-agent: *\nDisallow: /arsip/\n", content_type="text/plain")
    site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    site.add("/berita/2024/11/28/kapolsek-betung-amankan-rapat-pleno.html", PAGE)
    site.add("/berita/2024/11/28/kpu-banyuasin-gelar-rapat-pleno.html", PAGE.replace("Betung", "Talang Kelapa"))
    result, db = crawl(tmp_path, site.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    rows = failures(db)
    assert len(rows) == 9998 and {stage for _, stage, _ in rows} == {"robots"}
    assert not any(p.startswith("/arsip/") for p in site.paths())
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def sitemap_index(base: str, n: int, dated: int = 20) -> bytes:
    """An index of ``n`` child sitemaps; the first ``dated`` carry a lastmod (the rest none)."""
    entries = [f"<sitemap><loc>{base}/s/{i}.xml</loc>"
               + (f"<lastmod>2024-11-{1 + i % 28:02d}</lastmod>" if i < dated else "") + "</sitemap>"
               for i in range(n)]
    return ("<?xml version='1.0' encoding='UTF-8'?>"
            "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(entries) + "</sitemapindex>").encode()


MEMORY_PROBE = """
import resource, sys
from tests.test_bad_input import sitemap_index
from pipeline.crawl.sources import sitemap_links
body = sitemap_index("http://127.0.0.1:9", 100_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
found = sitemap_links(body, "http://127.0.0.1:9/index.xml", 50 * 2**20, 10)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(body), len(found.sitemaps), (after - before) // 1024)
"""


def test_a_sitemap_index_of_100000_entries_is_streamed_with_flat_memory():
    import subprocess
    import sys

    from tests.conftest import REPO

    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE], cwd=REPO, capture_output=True, text=True,
                         timeout=300, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    size, children, grown_mb = map(int, out.stdout.split())
    assert size > 5_000_000 and children == 10
    # Parsed whole into an lxml tree it grew the process by 60 MB; streamed, by 7 MB.
    assert grown_mb < 30, f"parsing grew the process by {grown_mb} MB"  # 7 MB here; the old tree: 60


def test_a_crawl_through_a_100000_entry_sitemap_index(make_site, tmp_path):
    site = make_site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /arsip/\n", content_type="text/plain")
    site.add("/index.xml", sitemap_index(site.base, 100_000), content_type="application/xml")
    for i in range(100):  # the newest children (dated), each listing one page
        site.add(f"/s/{i}.xml", f"<urlset><url><loc>{site.base}/arsip/{i}.html</loc></url></urlset>",
                 content_type="application/xml")
    result, db = crawl(tmp_path, site.url("/index.xml"))
    read = [p for p in site.paths() if p.startswith("/s/")]
    assert len(read) == 10  # the ten newest of 100,000, not all of them
    assert {int(p.split("/")[2].split(".")[0]) for p in read} <= set(range(20))  # dated ones first
    rows = failures(db)
    assert len(rows) == 10 and {stage for _, stage, _ in rows} == {"robots"}
    assert "Traceback" not in result.output
