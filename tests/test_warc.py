"""Raw capture to WARC and reading WARC files back into the articles a crawl made."""

from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.crawl import fetch, sources, warc
from pipeline.records import Article, Failure
from tests.sites.server import HERE, gzip_bomb, make_site, redirect, render_article

__all__ = ["make_site"]

FAST = fetch.Policy(allow_private=True, delay=0, backoff=0.01, retries=0)
ARTICLE = HERE / "banyuasin" / "articles" / "ketua-ppk-betung-bimtek-kpps.txt"


def _records(path):
    with open(path, "rb") as f:
        return [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             r.rec_headers.get_header(warc.ROLE_HEADER),
             r.http_headers.get_statuscode() if r.rec_type == "response" else None)
            for r in ArchiveIterator(f)
        ]


def _crawl(site, tmp_path, *urls):
    writer = warc.WarcWriter(tmp_path / "warc", policy=FAST)
    client = fetch.Client(FAST, capture=writer)
    crawl = sources.Crawl(sources.sources_from_urls(urls), client, writer=writer)
    items = list(crawl.items())
    crawl.close()
    return items, writer.path


def test_every_response_is_captured_with_its_role(make_site, tmp_path):
    site = make_site()
    site.add_outlet("banyuasin")
    site.routes["/lama.html"] = redirect("/berita/ketua-ppk-betung-bimtek-kpps.html", 301)
    items, path = _crawl(site, tmp_path, site.url("/atom.xml"), site.url("/lama.html"),
                         site.url("/berita/tidak-ada.html"))
    assert path.name.startswith("pantau-") and path.name.endswith(".warc.gz")
    responses = sorted((uri.replace(site.base, ""), role, status)
                       for kind, uri, role, status in _records(path) if kind == "response")
    assert responses == [
        ("/atom.xml", "auto", "200"),
        ("/berita/danramil-kapolsek-patroli-tps.html", "article", "200"),
        ("/berita/ketua-ppk-betung-bimtek-kpps.html", "article", "200"),
        ("/berita/ketua-ppk-betung-bimtek-kpps.html", "auto", "200"),  # after the redirect
        ("/berita/tidak-ada.html", "auto", "404"),
        ("/lama.html", "auto", "301"),
        ("/robots.txt", "robots", "200"),
    ]
    kinds = [kind for kind, *_ in _records(path)]
    assert kinds[0] == "warcinfo" and kinds.count("request") == kinds.count("response") == 7
    # the redirected article is stored under the URL that was asked for
    articles = sorted(a.source.replace(site.base, "") for a in items if isinstance(a, Article))
    assert articles == ["/berita/danramil-kapolsek-patroli-tps.html",
                        "/berita/ketua-ppk-betung-bimtek-kpps.html", "/lama.html"]


def test_reading_back_gives_the_articles_the_crawl_made(make_site, tmp_path):
    site = make_site()
    site.add_outlet("banyuasin")
    site.add_outlet("sampit")  # the same host now also serves a windows-1252 page
    items, path = _crawl(site, tmp_path, site.url("/"), site.url("/feed.xml"))
    fetched = sorted((i for i in items if isinstance(i, Article)), key=lambda a: a.source)
    read = sorted((i for i in warc.iter_warc(path) if isinstance(i, Article)),
                  key=lambda a: a.source)
    assert len(fetched) == 6 and read == fetched


def _foreign_warc(path, responses):
    """A WARC written by another tool: no Pantau headers, chunked and gzipped bodies."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=str(path).endswith(".gz"))
        for url, status, headers, payload in responses:
            http = StatusAndHeaders(f"{status} X", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload),
                http_headers=http))


def test_warc_files_from_other_tools(tmp_path):
    page = render_article(ARTICLE, "https://banyuasinpos.example.id/berita/bimtek.html", "Banyuasin Pos")
    import gzip

    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gzip.compress(page)), gzip.compress(page))
    path = tmp_path / "other.warc"
    _foreign_warc(path, [
        ("https://banyuasinpos.example.id/", 200, [("Content-Type", "text/html")], page),
        ("https://banyuasinpos.example.id/berita/bimtek.html", 200,
         [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
          ("Transfer-Encoding", "chunked")], chunked),
        ("https://banyuasinpos.example.id/berita/hilang.html", 404,
         [("Content-Type", "text/html")], b"<html>404</html>"),
        ("https://banyuasinpos.example.id/logo.png", 200, [("Content-Type", "image/png")],
         b"\x89PNG\r\n"),
        ("https://banyuasinpos.example.id/berita/bom.html", 200,
         [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], gzip_bomb(20 * 2**20)),
    ])
    items = list(warc.iter_warc(path, limit=2**20))
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]
    assert items[0].title == "PPK Betung Gelar Bimtek untuk Ratusan Anggota KPPS"
    assert items[0].source == "https://banyuasinpos.example.id/berita/bimtek.html"
    assert items[1].source.endswith("/bom.html") and "decompresses to more than" in items[1].reason


def test_a_cut_off_warc_is_read_up_to_the_break(make_site, tmp_path):
    site = make_site()
    site.add_outlet("banyuasin")
    items, path = _crawl(site, tmp_path, site.url("/atom.xml"))
    whole = [i for i in warc.iter_warc(path)]
    assert len(whole) == 2 and all(isinstance(i, Article) for i in whole)
    with open(path, "rb") as f:
        records = ArchiveIterator(f)
        spans = [(r.rec_type, records.get_record_offset(), records.get_record_length())
                 for r in records]
    _, start, length = [s for s in spans if s[0] == "response"][-1]
    data = path.read_bytes()
    for end in (start + length // 2, start + length - 20):  # killed while writing the last page
        path.write_bytes(data[:end])
        cut = list(warc.iter_warc(path))
        assert cut[:-1] == whole[:1]  # the whole record before the break is kept ...
        assert cut[-1].stage == "read" and cut[-1].source == str(path)  # ... the cut one is not
        assert cut[-1].reason.startswith(("WARC file cut short", "WARC file unreadable"))


def test_directories_and_paths(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("pantau-2.warc.gz", "pantau-1.warc.gz", "notes.txt", "x.warc"):
        (tmp_path / "a" / name).write_bytes(b"")
    assert [p.name for p in warc.find_warcs([tmp_path / "a"])] == [
        "pantau-1.warc.gz", "pantau-2.warc.gz", "x.warc"]
    warcs, others = warc.split_paths([str(tmp_path / "a"), "page.html", "b.warc.gz"])
    assert [p.name for p in warcs] == ["pantau-1.warc.gz", "pantau-2.warc.gz", "x.warc", "b.warc.gz"]
    assert others == [str(tmp_path / "a"), "page.html"]
    assert list(warc.iter_warc(tmp_path / "missing.warc.gz")) == [
        Failure(str(tmp_path / "missing.warc.gz"), "read", "no such file")]
