"""Private addresses refused: loopback, private, link-local and the rest, however they are spelled."""

from __future__ import annotations

import ipaddress
import socket
import sqlite3

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.crawl import address, fetch
from pipeline.crawl.fetch import Client, Policy
from tests.sites.server import make_site

__all__ = ["make_site"]

PAGE = b"<html><body><p>Kapolsek AKP Wagiyono datang ke kantor PPK.</p></body></html>"


@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "a loopback address"),
    ("127.8.9.10", "a loopback address"),
    ("10.0.0.5", "a private address"),
    ("172.16.3.4", "a private address"),
    ("192.168.1.1", "a private address"),
    ("169.254.169.254", "a link-local address"),  # the cloud metadata address
    ("224.0.0.251", "a multicast address"),
    ("0.0.0.0", "an unspecified address"),
    ("240.0.0.1", "a reserved address"),
    ("100.64.0.1", "an address not reachable on the public internet"),  # carrier-grade NAT
    ("::1", "a loopback address"),
    ("fe80::1", "a link-local address"),
    ("fd12:3456::1", "a unique-local address"),
    ("ff02::1", "a multicast address"),
    ("::", "an unspecified address"),
    ("::ffff:127.0.0.1", "a loopback address (inside an IPv6 address)"),
    ("::ffff:10.1.2.3", "a private address (inside an IPv6 address)"),
    ("2002:7f00:1::", "a loopback address (inside an IPv6 address)"),  # 6to4 of 127.0.0.1
])
def test_non_public_addresses_are_named(ip, kind):
    assert address.private_kind(ipaddress.ip_address(ip)) == kind


@pytest.mark.parametrize("ip", ["8.8.8.8", "103.10.20.30", "2001:4860:4860::8888",
                                "::ffff:8.8.8.8"])
def test_public_addresses_pass(ip):
    assert address.private_kind(ipaddress.ip_address(ip)) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "127.1", "017700000001",
                                  "0x7f000001", "::ffff:127.0.0.1", "::1"])
def test_numeric_spellings_of_loopback_are_refused(host):
    with pytest.raises(address.NotPublic, match="is a loopback address"):
        address.vetted(host, 80)
    assert address.vetted(host, 80, allow_private=True)  # opted in: the same host resolves


def test_a_loopback_site_is_refused_before_any_request(make_site):
    site = make_site()
    site.add("/a.html", PAGE)
    port = site.server.server_address[1]
    for url in (site.url("/a.html"), f"http://2130706433:{port}/a.html",
                f"http://0x7f.1:{port}/a.html", f"http://[::ffff:127.0.0.1]:{port}/a.html"):
        with pytest.raises(fetch.Refused, match="refused: .*loopback address.*--allow-private"):
            Client(Policy(delay=0)).fetch(url)
    assert site.hits == []  # not even robots.txt was asked for
    # opted in, the numeric spelling reaches the same server
    response = Client(Policy(delay=0, allow_private=True)).fetch(f"http://2130706433:{port}/a.html")
    assert response.status == 200 and response.body == PAGE


def test_a_redirect_to_a_private_host_is_refused(make_site):
    public, internal = make_site(), make_site()  # both on loopback: one is let through
    internal.add("/rahasia.html", PAGE)
    public.add("/pindah.html", b"", status=302, headers={"Location": internal.url("/rahasia.html")})
    client = Client(Policy(delay=0), private_hosts={fetch.host_key(public.base)})
    with pytest.raises(fetch.Refused, match="loopback"):
        client.fetch(public.url("/pindah.html"))
    assert public.paths() == ["/robots.txt", "/pindah.html"]
    assert internal.hits == []


@pytest.fixture
def fake_dns(monkeypatch):
    """Names under .test resolve as this table says; every lookup is logged."""
    table: dict[str, list[str]] = {}
    lookups: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".test"):
            lookups.append(host)
            answers = table[host]
            ip = answers.pop(0) if len(answers) > 1 else answers[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table, lookups


def test_a_name_resolving_to_a_private_address_is_refused(fake_dns):
    table, lookups = fake_dns
    table["intranet.test"] = ["10.0.0.5"]
    with pytest.raises(fetch.Refused, match=r"intranet.test \(10.0.0.5\) is a private address"):
        Client(Policy(delay=0)).fetch("http://intranet.test/berita/x.html")
    assert lookups == ["intranet.test"]


def test_the_connection_goes_to_the_address_that_was_checked(make_site, fake_dns):
    """One lookup per request, no second one by the HTTP library (no DNS rebinding gap)."""
    table, lookups = fake_dns
    site = make_site()
    site.add("/a.html", PAGE)
    port = site.server.server_address[1]
    # the first answer is the one that is checked; a rebinding server would answer
    # differently the second time (here: an address nothing listens on)
    table["rebind.test"] = ["127.0.0.1", "127.0.0.1", "127.0.0.2"]
    client = Client(Policy(delay=0), private_hosts={f"rebind.test:{port}"})
    response = client.fetch(f"http://rebind.test:{port}/a.html")
    assert response.body == PAGE
    assert lookups == ["rebind.test"]  # one connection, reused for robots.txt and the page
    assert [h.host for h in site.hits] == [f"rebind.test:{port}"] * 2  # the Host header kept
    assert len({h.peer for h in site.hits}) == 1


def test_the_command_line_refuses_then_allows(make_site, tmp_path):
    site = make_site()
    site.add_outlet("banyuasin")
    article = site.url("/berita/ketua-ppk-betung-bimtek-kpps.html")
    db = tmp_path / "p.db"
    args = [article, "--db", str(db), "--warc-dir", str(tmp_path / "w"), "--ner", "rules",
            "--workers", "1", "--delay", "0"]
    result = CliRunner().invoke(cli, ["run", *args])
    assert result.exit_code == 1
    assert f"failed  {article}: refused: 127.0.0.1 is a loopback address" in result.output
    assert site.hits == []
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("select stage from failures")] == ["discover"]  # auto
    conn.close()

    path = tmp_path / "sources.yml"
    path.write_text(f"defaults:\n  allow_private: true\noutlets:\n  - urls: {article}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", "--sources", str(path), *args[1:]])
    assert "1 discovered, 1 fetched, 0 skipped, 0 failed, 1 extracted" in result.output, \
        result.output
    result = CliRunner().invoke(cli, ["run", *args, "--allow-private"])
    assert "1 discovered, 0 fetched, 1 skipped" in result.output, result.output
