"""What a fetch brings back: the ``Response`` record, what it is (``sniff``: feed, sitemap,
HTML page), the article in it (``page_article``), and one line for a status that ended a
fetch (``http_reason``). Read the same way for a live fetch and a WARC record."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from pipeline.errors import ExtractionError
from pipeline.records import Article

# Scrapy's list: statuses that usually mean "try again later", not "this is gone".
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Response:
    """One HTTP response, body read in full (and under the caps)."""

    url: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    raw: bytes  # as sent, still content-encoded: what the WARC keeps
    body: bytes  # content-decoded
    request_headers: tuple[tuple[str, str], ...] = ()
    history: tuple[str, ...] = ()  # URLs that redirected here, first to last
    tries: int = 1

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def charset(self) -> str | None:
        return header_charset(self.header("content-type"))

    def text(self) -> str:
        """The body as text: the declared charset, the page's own, else detected."""
        from pipeline import extract

        return extract.decode(self.body, self.charset)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds that a Retry-After header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


def header_charset(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares, if any."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def is_html(response: Response) -> bool:
    """An HTML page by its Content-Type, or by its first bytes when the type says nothing."""
    ctype = response.content_type
    if ctype in HTML_TYPES:
        return True
    head = response.body[:1024].lstrip().lower()
    return ctype in ("", "text/plain", "application/octet-stream") and (
        head.startswith(b"<!doctype html") or b"<html" in head
    )


def sniff(response: Response) -> str:
    """What a fetched document is: feed, sitemap, html or other."""
    head = response.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ctype = response.content_type
    if head.startswith(b"\x1f\x8b"):
        return "sitemap"  # a gzipped sitemap file (sitemap.xml.gz)
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if "json" in ctype or head.startswith(b"{"):
        return "feed"
    if is_html(response):
        return "html"
    if ctype == "text/plain":
        return "sitemap"  # the text sitemap format: one URL per line
    return "other"


def is_home_page(url: str) -> bool:
    """A root URL is a home page; anything deeper is taken for an article."""
    return urlsplit(url).path in ("", "/") and not urlsplit(url).query


def page_article(response: Response, source: str) -> Article:
    """The article in a fetched (or archived) HTML page; ExtractionError when there is none."""
    from pipeline import extract

    if not is_html(response):
        raise ExtractionError(f"not an HTML page ({response.content_type or 'no content type'})")
    # bytes and the HTTP charset: extract decodes (declared, meta, detector) exactly as
    # it does for saved pages, so a fetch and a reprocess of the same bytes agree
    return extract.extract_html(response.body, source, url=response.url, charset=response.charset)


def http_reason(response: Response) -> str:
    """One line for a response that ended a fetch without a usable page."""
    text = f"HTTP {response.status} {response.reason}".strip()
    if response.tries > 1:
        text += f" after {response.tries} tries"
    wait = parse_retry_after(response.header("retry-after"))
    if response.status in RETRY_STATUSES and wait is not None:
        text += f" (Retry-After {wait:.0f} s)"
    return text
