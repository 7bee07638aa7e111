"""Real HTTP servers on 127.0.0.1 for the fetch tests: fixture sites and faults.

A ``Site`` is a ThreadingHTTPServer on a free loopback port with a table of routes.
Fixture outlets live in folders beside this file: static files (feeds, sitemaps,
robots.txt, home pages) with ``{base}`` standing for the server's own address, and
articles as .txt (title line, blank line, body) rendered into ``article.html``.
Fault routes (stall, drip, huge body, gzip bomb, redirect loop, flaky statuses) are
small functions; every request is logged so tests can assert what was (not) fetched.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest

HERE = Path(__file__).resolve().parent
CONTENT_TYPES = {
    ".xml": "application/xml; charset=utf-8", ".json": "application/feed+json",
    ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8",
}

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Hit:
    path: str
    at: float
    headers: dict
    host: str
    peer: int = 0  # the client's port: one per connection


@dataclass
class Site:
    """One loopback HTTP server with its routes and a log of the requests it got."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    max_concurrent: int = 0
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._current = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site._lock:
                    site.hits.append(Hit(self.path, time.monotonic(), dict(self.headers),
                                         self.headers.get("Host", ""), self.client_address[1]))
                    site._current += 1
                    site.max_concurrent = max(site.max_concurrent, site._current)
                try:
                    route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                    if route is None:
                        send(self, 404, b"<html><body>tidak ditemukan</body></html>")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up: that is what the caps are for
                finally:
                    with site._lock:
                        site._current -= 1

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def handle(self) -> None:
                try:
                    super().handle()
                except ConnectionResetError:
                    pass  # a kept-alive connection the client dropped (after a cap tripped)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.release.set()  # let stalled handlers go
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def add(self, path: str, body: bytes | str = b"", status: int = 200,
            content_type: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda h: send(h, status, data, content_type, headers)

    def add_outlet(self, name: str) -> list[str]:
        """Serve tests/sites/<name>: its files, and its articles at /berita/<stem>.html."""
        folder = HERE / name
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.parent.name != "articles":
                path = "/" + f.relative_to(folder).as_posix()
                if path == "/index.html":
                    path = "/"
                text = f.read_text(encoding="utf-8").replace("{base}", self.base)
                self.add(path, text, content_type=CONTENT_TYPES.get(f.suffix, "text/plain"))
        pages = []
        for f in sorted((folder / "articles").glob("*.txt")):
            path = f"/berita/{f.stem}.html"
            self.add(path, render_article(f, self.base + path, name))
            pages.append(path)
        return pages


def send(h: BaseHTTPRequestHandler, status: int, body: bytes,
         content_type: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def render_article(path: Path, url: str, outlet: str, encoding: str = "utf-8") -> bytes:
    """An article .txt (title, blank line, meta lines 'key: value', blank line, body) as HTML."""
    title, meta, body = path.read_text(encoding="utf-8").split("\n\n", 2)
    fields = dict(line.split(": ", 1) for line in meta.splitlines())
    paragraphs = "\n".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip())
    template = (HERE / "article.html").read_text(encoding="utf-8")
    html = (template.replace("{title}", title.strip()).replace("{url}", url)
            .replace("{site}", fields.get("site", outlet)).replace("{date}", fields["date"])
            .replace("{author}", fields.get("author", "Redaksi")).replace("{body}", paragraphs)
            .replace("{charset}", fields.get("charset", "utf-8")))
    return html.encode(fields.get("encoding", encoding))


# --- fault routes ---------------------------------------------------------------------------


def stall(site: Site, limit: float = 10.0) -> Route:
    """Accepts the request and never answers (until the test ends)."""
    return lambda h: site.release.wait(limit)


def drip(interval: float = 0.05, limit: float = 10.0) -> Route:
    """Answers headers, then one byte per ``interval``: each read is quick, the whole is not."""
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            h.wfile.write(b"a")
            h.wfile.flush()
            time.sleep(interval)
    return route


@dataclass
class Counter:
    sent: int = 0


def huge(size: int, counter: Counter, declare_length: bool = True) -> Route:
    """A body of ``size`` zero bytes, streamed in 64 KiB writes (never built in memory)."""
    chunk = b"0" * 65536

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declare_length:
            h.send_header("Content-Length", str(size))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        while counter.sent < size:
            h.wfile.write(chunk)
            counter.sent += len(chunk)
    return route


def gzip_bomb(decompressed: int = 50 * 2**20) -> bytes:
    """gzip of ``decompressed`` zero bytes (about 1000x smaller), built a chunk at a time."""
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 2**20
    parts = [c.compress(block) for _ in range(decompressed // 2**20)]
    parts.append(c.flush())
    return b"".join(parts)


def gzipped(body: bytes) -> bytes:
    return gzip.compress(body)


def redirect(to: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", headers={"Location": to})


def sequence(*responses: tuple[int, bytes, dict]) -> Route:
    """Answers each request with the next (status, body, headers); the last one repeats."""
    lock = threading.Lock()
    state = {"i": 0}

    def route(h: BaseHTTPRequestHandler) -> None:
        with lock:
            status, body, headers = responses[min(state["i"], len(responses) - 1)]
            state["i"] += 1
        send(h, status, body, headers=headers)
    return route


@pytest.fixture
def make_site():
    """Start loopback sites on demand; all are shut down after the test."""
    sites: list[Site] = []

    def make() -> Site:
        site = Site()
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.close()
