"""The polite client against real servers on 127.0.0.1: faults, caps, robots.txt, politeness."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest

from pipeline.crawl import crawler, fetch, responses
from pipeline.crawl.fetch import Client, Policy
from tests.sites.server import (
    Counter, drip, gzip_bomb, huge, make_site, redirect, render_article, sequence, stall,
    HERE,
)

__all__ = ["make_site"]  # the fixture, imported for pytest

def local_policy(**settings) -> Policy:
    """A policy for the servers on 127.0.0.1, which pantau refuses unless told otherwise."""
    return Policy(allow_private=True, **settings)


FAST = local_policy(delay=0, backoff=0.01, timeout=5, retries=2)
PAGE = b"<html><body><p>Kapolsek AKP Wagiyono datang ke kantor PPK.</p></body></html>"


def wait_idle(site, limit: float = 5.0) -> None:
    """Until the server has finished every request (bounded)."""
    end = time.monotonic() + limit
    while site._current and time.monotonic() < end:
        time.sleep(0.01)


def gaps(site, path: str) -> list[float]:
    times = [h.at for h in site.hits if h.path == path]
    return [b - a for a, b in zip(times, times[1:])]


def test_requests_name_pantau_with_a_contact_and_ask_for_compression(make_site):
    site = make_site()
    site.add("/a.html", PAGE)
    Client(local_policy(delay=0, contact="mailto:tim@pantau.example")).fetch(site.url("/a.html"))
    headers = site.hits[-1].headers
    assert headers["User-Agent"].startswith("pantau/")
    assert "mailto:tim@pantau.example" in headers["User-Agent"]
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert [h.path for h in site.hits] == ["/robots.txt", "/a.html"]


def test_404_is_an_answer_not_retried(make_site):
    site = make_site()
    response = Client(FAST).fetch(site.url("/hilang.html"))
    assert (response.status, response.tries) == (404, 1)
    assert site.paths() == ["/robots.txt", "/hilang.html"]
    assert responses.http_reason(response) == "HTTP 404 Not Found"


def test_500_is_retried_with_growing_backoff_then_reported(make_site):
    site = make_site()
    site.add("/rusak", b"error", status=500)
    response = Client(local_policy(delay=0, backoff=0.1, retries=2)).fetch(site.url("/rusak"))
    assert (response.status, response.tries) == (500, 3)
    assert responses.http_reason(response) == "HTTP 500 Internal Server Error after 3 tries"
    first, second = gaps(site, "/rusak")
    assert 0.1 <= first < 0.6 and 0.2 <= second < 0.9  # base*2**n plus up to base of jitter


def test_503_then_200_recovers(make_site):
    site = make_site()
    site.routes["/sibuk"] = sequence((503, b"", {}), (200, PAGE, {}))
    response = Client(FAST).fetch(site.url("/sibuk"))
    assert (response.status, response.tries, response.body) == (200, 2, PAGE)


def test_429_waits_as_long_as_retry_after_asks(make_site):
    site = make_site()
    site.routes["/pelan"] = sequence((429, b"", {"Retry-After": "1"}), (200, PAGE, {}))
    response = Client(FAST).fetch(site.url("/pelan"))
    assert response.status == 200
    assert gaps(site, "/pelan")[0] >= 0.95  # backoff alone would be ~0.01 s


def test_429_with_a_long_retry_after_is_left_for_the_next_run(make_site):
    site = make_site()
    site.add("/nanti", b"", status=429, headers={"Retry-After": "3600"})
    site.add("/lain.html", PAGE)
    client = Client(FAST)
    started = time.monotonic()
    response = client.fetch(site.url("/nanti"))
    assert time.monotonic() - started < 2
    assert responses.http_reason(response) == "HTTP 429 Too Many Requests (Retry-After 3600 s)"
    with pytest.raises(fetch.FetchError, match="host asked for a 3600 s pause"):
        client.fetch(site.url("/lain.html"))  # the whole host is left alone, not just one URL
    assert site.paths() == ["/robots.txt", "/nanti"]


def test_retry_after_as_an_http_date():
    assert responses.parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480) == 30
    assert responses.parse_retry_after("120") == 120
    assert responses.parse_retry_after("soon") is None


def test_a_stalling_server_times_out_and_is_retried(make_site):
    site = make_site()
    site.routes["/macet"] = stall(site)
    started = time.monotonic()
    with pytest.raises(fetch.TransientError, match=r"timed out after 0.3 s \(after 2 tries\)"):
        Client(local_policy(delay=0, backoff=0.01, timeout=0.3, retries=1)).fetch(site.url("/macet"))
    assert time.monotonic() - started < 2
    assert site.paths().count("/macet") == 2


def test_a_server_dripping_bytes_hits_the_whole_request_deadline(make_site):
    site = make_site()
    site.routes["/netes"] = drip(interval=0.02)
    started = time.monotonic()
    with pytest.raises(fetch.TransientError, match="timed out"):
        Client(local_policy(delay=0, timeout=0.5, retries=0)).fetch(site.url("/netes"))
    assert time.monotonic() - started < 1.5


def test_redirects_are_followed_and_remembered(make_site):
    site = make_site()
    site.routes["/lama"] = redirect("/baru", 301)
    site.add("/baru", PAGE)
    response = Client(FAST).fetch(site.url("/lama"))
    assert response.url == site.url("/baru")
    assert response.history == (site.url("/lama"),)


def test_a_redirect_loop_is_caught(make_site):
    site = make_site()
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")
    with pytest.raises(fetch.FetchError, match=r"redirect loop: .*/a -> .*/b -> .*/a$"):
        Client(FAST).fetch(site.url("/a"))
    assert site.paths().count("/a") == 1


def test_redirect_chains_are_capped(make_site):
    site = make_site()
    for i in range(10):
        site.routes[f"/r{i}"] = redirect(f"/r{i + 1}")
    with pytest.raises(fetch.FetchError, match="more than 3 redirects"):
        Client(local_policy(delay=0, max_redirects=3)).fetch(site.url("/r0"))
    assert "/r4" not in site.paths()


def test_only_http_and_https_are_fetched(make_site):
    site = make_site()
    site.routes["/keluar"] = redirect("ftp://127.0.0.1/berkas.txt")
    client = Client(FAST)
    for url in ("ftp://127.0.0.1/berkas.txt", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(fetch.FetchError, match="only http and https"):
            client.fetch(url)
    with pytest.raises(fetch.FetchError, match="only http and https"):
        client.fetch(site.url("/keluar"))


def test_a_declared_50_mb_body_is_refused_before_it_is_read(make_site):
    site = make_site()
    counter = Counter()
    site.routes["/besar"] = huge(50 * 2**20, counter, declare_length=True)
    with pytest.raises(fetch.TooLarge, match="52428800 bytes, over the 1048576 byte cap"):
        Client(local_policy(delay=0, max_bytes=2**20)).fetch(site.url("/besar"))
    wait_idle(site)
    assert counter.sent < 10 * 2**20  # socket buffers at most; the server gave up early


def test_an_undeclared_50_mb_body_is_cut_off_at_the_cap(make_site):
    site = make_site()
    counter = Counter()
    site.routes["/besar"] = huge(50 * 2**20, counter, declare_length=False)
    with pytest.raises(fetch.TooLarge, match="over the 1048576 byte cap"):
        Client(local_policy(delay=0, max_bytes=2**20)).fetch(site.url("/besar"))
    wait_idle(site)
    assert counter.sent < 10 * 2**20


def test_a_gzip_bomb_stops_at_the_decompressed_cap(make_site):
    site = make_site()
    bomb = gzip_bomb(50 * 2**20)
    assert len(bomb) < 200_000  # small on the wire ...
    site.add("/bom", bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(fetch.TooLarge, match="decompresses to more than the 1048576 byte cap"):
            Client(local_policy(delay=0, max_bytes=2**20)).fetch(site.url("/bom"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * 2**20  # ... and never inflated to its 50 MB


@pytest.mark.parametrize("encoding, encode", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),  # zlib-wrapped, as the spec says
    ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw, as some servers send it
])
def test_compressed_bodies_are_decoded(make_site, encoding, encode):
    site = make_site()
    body = encode(PAGE)  # once: gzip stamps the current second into its header
    site.add("/z", body, headers={"Content-Encoding": encoding})
    response = Client(FAST).fetch(site.url("/z"))
    assert response.body == PAGE and response.raw == body


def test_windows_1252_labelled_utf8_is_read_as_windows_1252(make_site):
    site = make_site()
    path = HERE / "sampit" / "articles" / "bawaslu-kotim-awasi-kampanye.txt"
    page = render_article(path, site.url("/berita/x.html"), "Warta Sampit")
    assert b"Andr\xe9" in page and b'<meta charset="utf-8">' in page  # mislabelled for real
    site.add("/berita/x.html", page, content_type="text/html; charset=utf-8")
    response = Client(FAST).fetch(site.url("/berita/x.html"))
    article = responses.page_article(response, response.url)
    assert "Réné Saputra" in article.body and "\ufffd" not in article.text
    assert "André Wijaya" == article.author


def test_robots_txt_disallow_and_crawl_delay_are_obeyed(make_site):
    site = make_site()
    site.add("/robots.txt", "User-agent: pantau\nDisallow: /rahasia/\nCrawl-delay: 0.5\n",
             content_type="text/plain")
    site.add("/rahasia/draf.html", PAGE)
    site.add("/a.html", PAGE)
    site.add("/b.html", PAGE)
    client = Client(local_policy(delay=0))
    with pytest.raises(fetch.Disallowed, match="^disallowed by robots.txt$"):
        client.fetch(site.url("/rahasia/draf.html"))
    client.fetch(site.url("/a.html"))
    client.fetch(site.url("/b.html"))
    assert site.paths() == ["/robots.txt", "/a.html", "/b.html"]  # robots.txt read once
    a, b = (h.at for h in site.hits[1:])
    assert b - a >= 0.49  # a fractional Crawl-delay is honoured as written
    assert client.delay_for(site.base) == 0.5


@pytest.mark.parametrize("status, allowed", [(404, True), (403, False), (503, False)])
def test_a_missing_robots_txt_allows_an_unreachable_one_does_not(make_site, status, allowed):
    site = make_site()
    site.add("/robots.txt", b"", status=status)
    site.add("/a.html", PAGE)
    client = Client(local_policy(delay=0, retries=0))
    if allowed:
        assert client.fetch(site.url("/a.html")).status == 200
    else:
        with pytest.raises(fetch.Disallowed, match="host skipped"):
            client.fetch(site.url("/a.html"))
        assert "/a.html" not in site.paths()


def test_one_request_at_a_time_per_host_and_hosts_in_parallel(make_site):
    sites = [make_site(), make_site()]
    for site in sites:
        site.add("/robots.txt", b"", status=404)
        for i in range(4):
            def slow(h, site=site):
                time.sleep(0.15)
                h.send_response(200)
                h.send_header("Content-Length", str(len(PAGE)))
                h.end_headers()
                h.wfile.write(PAGE)
            site.routes[f"/p{i}"] = slow
    client = Client(local_policy(delay=0.05))
    tasks = [crawler.Task(s.url(f"/p{i}"), "article") for s in sites for i in range(4)]
    started = time.monotonic()
    statuses = list(crawler.Crawler(client, hosts=2).run(tasks, lambda t: [client.fetch(t.url).status]))
    elapsed = time.monotonic() - started
    assert statuses == [200] * 8
    assert [s.max_concurrent for s in sites] == [1, 1]
    for site in sites:  # the delay holds between the end of one request and the next
        for a, b in zip(site.hits[1:], site.hits[2:]):
            assert b.at - a.at >= 0.15 + 0.05 - 0.01
    assert elapsed < 8 * 0.2  # serial would take 8 x (0.15 s + delay)


def test_canonical_urls():
    assert fetch.canonical_url("HTTP://Berita.Example.ID:80/a.html?utm_source=rss&id=3#komentar") \
        == "http://berita.example.id/a.html?id=3"
    assert fetch.canonical_url("https://x.example/b?z=1&a=2") == "https://x.example/b?a=2&z=1"
    with pytest.raises(fetch.FetchError):
        fetch.canonical_url("http:///no-host")
