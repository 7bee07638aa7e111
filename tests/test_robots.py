"""robots.txt as real sites write it: wildcards, `$`, longest match, Crawl-delay, Sitemap lines."""

from __future__ import annotations

import pytest

from pipeline.crawl import robots, sources
from pipeline.crawl.fetch import Client, Policy
from tests.sites.server import make_site

__all__ = ["make_site"]

PAGE = b"<html><body><p>Kapolsek AKP Wagiyono datang ke kantor PPK.</p></body></html>"
BASE = "https://wartasampit.example.id"

ROBOTS = """\
User-agent: *
Disallow: /

User-agent: pantau
Disallow: /*?amp
Disallow: /*/cetak$
Disallow: /berita/
Allow: /berita/daerah/
Crawl-delay: 0.25

User-agent: example
Disallow: /berita/daerah/

Sitemap: https://wartasampit.example.id/sitemap_index.xml
Sitemap: https://wartasampit.example.id/news-sitemap.xml
"""


@pytest.mark.parametrize("path, allowed", [
    ("/berita/daerah/tps-aman.html", True),  # the longer Allow wins over Disallow: /berita/
    ("/berita/nasional/tps-aman.html", False),
    ("/opini/tps-aman.html?amp", False),  # "*" matches any run of characters
    ("/opini/tps-aman.html?amp=1", False),
    ("/opini/tps-aman.html?page=2", True),
    ("/opini/tps-aman/cetak", False),  # "$" anchors the end
    ("/opini/tps-aman/cetak/2", True),
    ("/berita/daerah/tps-aman.html?amp", True),  # the longer Allow beats the wildcard too
    ("/", True),  # the "*" group does not apply: pantau has its own
])
def test_wildcards_anchors_and_longest_match(path, allowed):
    rules = robots.parse(ROBOTS)
    assert rules.allowed(BASE + path) is allowed


def test_crawl_delay_and_sitemaps_are_read():
    rules = robots.parse(ROBOTS)
    assert rules.crawl_delay() == 0.25
    assert rules.sitemap_urls == (f"{BASE}/sitemap_index.xml", f"{BASE}/news-sitemap.xml")


def test_only_the_pantau_token_is_matched():
    # pantau's User-Agent carries its contact URL; a group for a crawler named like a
    # word in that URL must not apply
    rules = robots.parse("User-agent: example\nDisallow: /\n")
    assert rules.allowed(BASE + "/berita/x.html")
    rules = robots.parse("User-agent: Pantau\nDisallow: /\n")  # case does not matter
    assert not rules.allowed(BASE + "/berita/x.html")


@pytest.mark.parametrize("status, allowed", [(200, True), (404, True), (410, True),
                                             (401, False), (403, False), (500, False)])
def test_what_an_answer_means(status, allowed):
    rules = robots.from_answer(status, b"", f"HTTP {status}")
    assert rules.allowed(BASE + "/berita/x.html") is allowed


def test_a_wildcard_rule_is_obeyed_by_a_crawl(make_site):
    site = make_site()
    site.add("/robots.txt", "User-agent: pantau\nDisallow: /*?amp\nDisallow: /*/cetak$\n",
             content_type="text/plain")
    links = ["/berita/a.html", "/berita/a.html?amp=1", "/berita/b/cetak", "/berita/b/cetak/2"]
    site.add("/feed.xml", "<rss><channel>" + "".join(
        f"<item><link>{site.url(link).replace('&', '&amp;')}</link></item>" for link in links)
        + "</channel></rss>", content_type="application/rss+xml")
    for link in links:
        site.add(link.split("?")[0], PAGE)
    client = Client(Policy(delay=0, allow_private=True))
    crawl = sources.Crawl(sources.sources_from_urls([site.url("/feed.xml")]), client)
    items = list(crawl.items())
    refused = sorted(f.source for f in items if getattr(f, "stage", "") == "robots")
    assert refused == [site.url("/berita/a.html?amp=1"), site.url("/berita/b/cetak")]
    assert sorted(p for p in site.paths() if p.startswith("/berita/")) == [
        "/berita/a.html", "/berita/b/cetak/2"]


def test_a_home_page_without_feeds_is_crawled_through_robots_sitemaps(make_site):
    site = make_site()
    site.add("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.base}/peta.xml\n",
             content_type="text/plain")
    site.add("/", "<html><body><p>Beranda tanpa feed.</p></body></html>")
    site.add("/peta.xml", f"<urlset><url><loc>{site.base}/berita/x.html</loc></url></urlset>",
             content_type="application/xml")
    site.add("/berita/x.html", PAGE)
    client = Client(Policy(delay=0, allow_private=True))
    crawl = sources.Crawl([sources.Source(home=(site.base + "/",))], client)
    list(crawl.items())
    assert site.paths() == ["/robots.txt", "/", "/peta.xml", "/berita/x.html"]
    assert client.robots(site.base + "/").sitemap_urls == (f"{site.base}/peta.xml",)
