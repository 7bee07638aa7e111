"""The HTTP layer under the polite client: connections reused, cookies kept, proxies used."""

from __future__ import annotations

import pytest

from pipeline.crawl import fetch
from pipeline.crawl.fetch import Client, Policy
from tests.sites.server import make_site, send

__all__ = ["make_site"]

PAGE = b"<html><body><p>Kapolsek AKP Wagiyono datang ke kantor PPK.</p></body></html>"


def local(**settings) -> Policy:
    return Policy(delay=0, allow_private=True, **settings)


@pytest.fixture(autouse=True)
def no_environment_proxies(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy",
                "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(var, raising=False)


def test_one_connection_per_host_is_reused(make_site):
    site = make_site()
    for i in range(3):
        site.add(f"/p{i}.html", PAGE)
    client = Client(local())
    for i in range(3):
        assert client.fetch(site.url(f"/p{i}.html")).body == PAGE
    assert site.paths() == ["/robots.txt", "/p0.html", "/p1.html", "/p2.html"]
    assert len({h.peer for h in site.hits}) == 1  # four requests, one TCP connection
    assert "Connection" not in dict(client.fetch(site.url("/p0.html")).request_headers)


def test_cookies_are_kept_within_a_run_not_across_runs(make_site):
    site = make_site()
    site.routes["/masuk.html"] = lambda h: send(h, 200, PAGE, headers={
        "Set-Cookie": "sesi=abc123; Path=/"})
    site.add("/lagi.html", PAGE)
    client = Client(local())
    client.fetch(site.url("/masuk.html"))
    client.fetch(site.url("/lagi.html"))
    Client(local()).fetch(site.url("/lagi.html"))  # the next run starts without cookies
    cookies = [h.headers.get("Cookie") for h in site.hits if h.path == "/lagi.html"]
    assert cookies == ["sesi=abc123", None]


def _proxy_for(make_site, target, paths):
    """A 'proxy' on loopback: answers the absolute-URI requests a proxy client sends."""
    proxy = make_site()
    proxy.routes[target.url("/robots.txt")] = lambda h: send(h, 404, b"")
    for path in paths:
        proxy.routes[target.url(path)] = lambda h: send(h, 200, PAGE)
    return proxy


def test_proxy_from_the_command_line_policy(make_site):
    target = make_site()
    target.add("/a.html", PAGE)
    proxy = _proxy_for(make_site, target, ["/a.html"])
    response = Client(local(proxy=proxy.base)).fetch(target.url("/a.html"))
    assert response.body == PAGE
    assert proxy.paths() == [target.url("/robots.txt"), target.url("/a.html")]
    assert target.hits == []  # everything went through the proxy


def test_proxy_from_the_environment(make_site, monkeypatch):
    target = make_site()
    proxy = _proxy_for(make_site, target, ["/a.html"])
    monkeypatch.setenv("HTTP_PROXY", proxy.base)
    assert Client(local()).fetch(target.url("/a.html")).body == PAGE
    assert proxy.paths() == [target.url("/robots.txt"), target.url("/a.html")]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    target.add("/b.html", PAGE)
    assert Client(local()).fetch(target.url("/b.html")).body == PAGE
    assert target.paths() == ["/robots.txt", "/b.html"]  # NO_PROXY: straight to the host


def test_through_a_proxy_private_targets_are_still_refused(make_site):
    target = make_site()
    proxy = _proxy_for(make_site, target, ["/a.html"])
    # the proxy itself is on loopback (the operator's choice); the target is refused
    with pytest.raises(fetch.Refused, match="loopback"):
        Client(Policy(delay=0, proxy=proxy.base)).fetch(target.url("/a.html"))
    assert proxy.hits == [] and target.hits == []


def test_a_proxy_password_is_not_stored_in_runs(make_site, tmp_path):
    import sqlite3

    from click.testing import CliRunner

    from pipeline.cli import cli

    target = make_site()
    proxy = _proxy_for(make_site, target, ["/a.html"])
    proxy_url = proxy.base.replace("http://", "http://tim:rahasia@")
    db = tmp_path / "p.db"
    CliRunner().invoke(cli, ["run", target.url("/a.html"), "--db", str(db), "--proxy", proxy_url,
                             "--allow-private", "--delay", "0", "--ner", "rules", "--workers", "1",
                             "--warc-dir", str(tmp_path / "w")])
    assert proxy.paths() == [target.url("/robots.txt"), target.url("/a.html")]
    assert proxy.hits[0].headers.get("Proxy-Authorization", "").startswith("Basic ")
    conn = sqlite3.connect(db)
    (options,), = conn.execute("select options from runs").fetchall()
    conn.close()
    assert "rahasia" not in options and '"proxy": "http://***@127.0.0.1:' in options
