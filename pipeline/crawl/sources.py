"""Sources and discovery: which outlets to watch, and the article URLs they list.

A sources file is plain text (one URL per line: a feed, a sitemap, a home page or a
single article; ``#`` starts a comment) or YAML with per-outlet settings (see
docs/sources.md). Discovery reads RSS/Atom (trafilatura's feed parser), JSON Feed,
XML/text sitemaps and sitemap indexes, and finds the feeds a home page advertises
(trafilatura's ``determine_feed``). Every URL is canonicalised (courlan) before it is
compared, so a run skips what the database already holds and fetches nothing twice.

``Crawl`` drives it: discovery tasks and article fetches go through ``crawler.Crawler``
(per-host workers) and come back as Article or Failure records for ``process.run``.
"""

from __future__ import annotations

import io
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from pipeline.crawl import fetch
from pipeline.crawl.crawler import Crawler, Event, Task
from pipeline.crawl.responses import Response, http_reason, is_home_page, page_article, sniff
from pipeline.errors import InputError, PantauError
from pipeline.records import Article, Failure

KINDS = ("home", "feeds", "sitemaps", "urls")
OUTLET_KEYS = {"name", "region", "delay", "allow_private", *KINDS}
MAX_SITEMAP_DEPTH = 3  # index -> index -> urlset is as deep as real sites go
MAX_CHILD_SITEMAPS = 10  # newest first: a daily run needs the recent archive only


@dataclass(frozen=True)
class Source:
    """One outlet (or one bare URL) and where to look for its articles."""

    name: str | None = None
    region: str | None = None
    home: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()  # anything: sniffed after fetching
    delay: float | None = None  # seconds between requests to this outlet's hosts
    allow_private: bool = False  # its hosts may resolve to private addresses (an intranet mirror)

    def tasks(self) -> list[Task]:
        kinds = {"home": "home", "feeds": "feed", "sitemaps": "sitemap", "urls": "auto"}
        out = []
        for attr, kind in kinds.items():
            for url in getattr(self, attr):
                out.append(Task(fetch.canonical_url(url), kind, outlet=self.name))
        return out

    def all_urls(self) -> tuple[str, ...]:
        return (*self.home, *self.feeds, *self.sitemaps, *self.urls)


class DiscoveryError(PantauError):
    """{detail}"""


# --- loading sources -----------------------------------------------------------------------


def _check_url(url: Any, where: str) -> str:
    if not isinstance(url, str):
        raise InputError(f"{where}: expected a URL, got {url!r}")
    try:
        fetch.canonical_url(url)
    except fetch.FetchError as exc:
        raise InputError(f"{where}: {exc.message}") from None
    return url.strip()


def parse_text_sources(text: str, name: str = "sources") -> list[Source]:
    """One Source per URL line; blank lines and ``#`` comments ignored."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        # "#" after whitespace starts a comment; inside a URL it is a fragment
        line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if not line:
            continue
        out.append(Source(urls=(_check_url(line, f"{name} line {number}"),)))
    return out


def _as_urls(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a URL or a list of URLs")
    return tuple(_check_url(v, where) for v in value)


def parse_yaml_sources(text: str, name: str = "sources") -> list[Source]:
    """Outlets from YAML: a list, or a mapping with ``outlets`` (and optional ``defaults``)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: not valid YAML ({' '.join(str(exc).split())})") from None
    defaults: dict = {}
    if isinstance(data, dict):
        unknown = set(data) - {"outlets", "defaults"}
        if unknown:
            raise InputError(f"{name}: unknown top-level keys {sorted(unknown)} "
                             "(expected 'outlets' and optionally 'defaults')")
        defaults = data.get("defaults") or {}
        data = data.get("outlets")
    if not isinstance(data, list):
        raise InputError(f"{name}: expected a list of outlets")
    out = []
    for i, entry in enumerate(data, start=1):
        if isinstance(entry, str):
            entry = {"urls": [entry]}
        if not isinstance(entry, dict):
            raise InputError(f"{name}: outlet {i} is not a mapping")
        entry = {**defaults, **entry}
        label = f"{name}: outlet {entry.get('name') or i}"
        unknown = set(entry) - OUTLET_KEYS
        if unknown:
            raise InputError(f"{label}: unknown keys {sorted(unknown)} "
                             f"(known: {', '.join(sorted(OUTLET_KEYS))})")
        delay = entry.get("delay")
        if delay is not None and (not isinstance(delay, (int, float)) or delay < 0):
            raise InputError(f"{label}: delay must be a number of seconds, got {delay!r}")
        allow_private = entry.get("allow_private", False)
        if not isinstance(allow_private, bool):
            raise InputError(f"{label}: allow_private must be true or false, got {allow_private!r}")
        source = Source(
            name=entry.get("name"), region=entry.get("region"),
            home=_as_urls(entry.get("home"), f"{label} home"),
            feeds=_as_urls(entry.get("feeds"), f"{label} feeds"),
            sitemaps=_as_urls(entry.get("sitemaps"), f"{label} sitemaps"),
            urls=_as_urls(entry.get("urls"), f"{label} urls"),
            delay=float(delay) if delay is not None else None,
            allow_private=allow_private,
        )
        if not source.all_urls():
            raise InputError(f"{label}: no home, feeds, sitemaps or urls")
        out.append(source)
    return out


def load_sources(path: str | Path) -> list[Source]:
    """The outlets in a sources file (.yml/.yaml: YAML; anything else: one URL per line)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read sources file {path}: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".yml", ".yaml"):
        return parse_yaml_sources(text, str(path))
    return parse_text_sources(text, str(path))


def sources_from_urls(urls: Iterable[str]) -> list[Source]:
    """Command-line URLs: each is sniffed after fetching, like a line of a text file."""
    return [Source(urls=(_check_url(u, "argument"),)) for u in urls]


def host_delays(sources: Iterable[Source]) -> dict[str, float]:
    """Per-host delays that outlets ask for (the largest wins when hosts are shared)."""
    out: dict[str, float] = {}
    for s in sources:
        if s.delay is None:
            continue
        for url in s.all_urls():
            host = fetch.host_key(fetch.canonical_url(url))
            out[host] = max(out.get(host, 0.0), s.delay)
    return out


def private_hosts(sources: Iterable[Source]) -> set[str]:
    """Hosts of outlets marked ``allow_private``: fetched even from private addresses."""
    return {fetch.host_key(fetch.canonical_url(url))
            for s in sources if s.allow_private for url in s.all_urls()}


# --- discovery: parsing what was fetched ------------------------------------------------


def _resolve(links: Iterable[str], base: str, most: int | None = None) -> list[str]:
    """Absolute, canonical http(s) links, in order, without repeats (the first ``most``)."""
    out: dict[str, None] = {}
    for link in links:
        if most is not None and len(out) >= most:
            break
        link = (link or "").strip()
        if not link:
            continue
        try:
            out[fetch.canonical_url(urljoin(base, link))] = None
        except fetch.FetchError:
            continue  # mailto:, javascript: and the like: not ours to fetch
    return list(out)


def _json_feed_links(text: str) -> list[str] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return None
    links = []
    for item in data["items"]:
        if isinstance(item, dict):
            for key in ("url", "external_url", "id"):
                value = item.get(key)
                if isinstance(value, str) and value.startswith(("http://", "https://", "/")):
                    links.append(value)
                    break
    return links


def feed_links(text: str, feed_url: str) -> list[str]:
    """Article URLs listed in an RSS, Atom or JSON feed; DiscoveryError when it is unreadable."""
    from lxml import etree
    from trafilatura.feeds import FeedParameters, find_links

    text = text.strip().lstrip("\ufeff")
    head = text[:2048].lower()
    if ("<html" in head or "<!doctype html" in head) and "<rss" not in head and "<feed" not in head:
        raise DiscoveryError("not a feed: an HTML page (list the outlet's real feed, or its home page)")
    if text.startswith("{"):
        links = _json_feed_links(text)
        if links is None:
            raise DiscoveryError("malformed JSON feed")
    else:
        parts = urlsplit(feed_url)
        params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", feed_url)
        links = find_links(text, params)
        try:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            etree.fromstring(text.encode("utf-8"), parser)
            well_formed = True
        except etree.XMLSyntaxError:
            well_formed = False
        if not links and not well_formed:
            raise DiscoveryError("malformed feed: not well-formed XML and no links found")
    site_root = {f"{urlsplit(feed_url).scheme}://{urlsplit(feed_url).netloc}"}
    # Feeds link their own home page and themselves next to the articles.
    return [
        u for u in _resolve(links, feed_url)
        if u != fetch.canonical_url(feed_url) and not is_home_page(u) and u not in site_root
    ]


@dataclass(frozen=True)
class SitemapLinks:
    pages: tuple[str, ...]
    sitemaps: tuple[str, ...]  # child sitemaps of an index, newest first


def sitemap_links(body: bytes, sitemap_url: str, limit: int, max_children: int | None = None) -> SitemapLinks:
    """Pages and child sitemaps (the newest ``max_children``) in an XML or text sitemap, gzipped or not."""
    from lxml import etree

    if body[:2] == b"\x1f\x8b":
        try:
            body = fetch.decode_content(body, "gzip", limit)
        except fetch.FetchError as exc:
            raise DiscoveryError(f"unreadable gzipped sitemap: {exc.message}") from None
    head = body[:2048].lstrip().lower()
    if not (head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head):
        if b"<html" in head or b"<!doctype" in head:
            raise DiscoveryError("not a sitemap: an HTML page")
        lines = body.decode("utf-8", errors="replace").split()
        links = [line for line in lines if line.startswith(("http://", "https://"))]
        if not links:
            raise DiscoveryError("not a sitemap: no URLs found")
        return SitemapLinks(tuple(_resolve(links, sitemap_url)), ())
    pages: list[str] = []
    children: list[tuple[str, str]] = []
    root_name = None
    # Streamed (iterparse), each <url>/<sitemap> dropped once read, so a 100,000-entry index
    # costs its list of strings, not a tree; the same safe settings as trafilatura's reader.
    events = etree.iterparse(io.BytesIO(body), events=("start", "end"), resolve_entities=False,
                             no_network=True, recover=True, huge_tree=False)
    try:
        for event, element in events:
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            if event == "start":
                root_name = root_name or name
                continue
            if name not in ("url", "sitemap"):
                continue
            locs = [(c.text or "").strip() for c in element
                    if isinstance(c.tag, str) and etree.QName(c).localname == "loc"]
            if name == "sitemap":
                lastmod = next((c.text or "" for c in element if isinstance(c.tag, str)
                                and etree.QName(c).localname == "lastmod"), "")
                children.extend((lastmod.strip(), loc) for loc in locs if loc)
            else:  # not <image:loc> and the like: pictures are not articles
                pages.extend(loc for loc in locs if loc)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError:
        pass  # recover=True: what was read before the damage is kept
    if root_name is None:
        raise DiscoveryError("malformed sitemap: not XML")
    if not pages and not children and root_name not in ("urlset", "sitemapindex"):
        raise DiscoveryError("malformed sitemap: no <urlset> or <sitemapindex>")
    children.sort(key=lambda c: c[0], reverse=True)  # newest first; stable for equal dates
    return SitemapLinks(
        tuple(_resolve(pages, sitemap_url)),
        tuple(_resolve([loc for _, loc in children], sitemap_url, max_children)),
    )


def home_feeds(html: str, home_url: str) -> list[str]:
    """Feeds a home page advertises (``<link rel=alternate>``, else feed-looking links)."""
    from trafilatura.feeds import FeedParameters, determine_feed

    parts = urlsplit(home_url)
    params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", home_url)
    return _resolve(determine_feed(html, params), home_url)


# --- the crawl ---------------------------------------------------------------------------


@dataclass
class CrawlStats:
    discovered: int = 0  # distinct article URLs found (including retries of failures)
    skipped: int = 0  # already stored: not fetched
    fetched: int = 0  # article pages downloaded
    failed: int = 0  # discovery and fetch failures (extraction failures are counted later)
    documents: int = 0  # feeds, sitemaps and home pages read

    def counts(self) -> dict[str, int]:
        return {"discovered": self.discovered, "skipped": self.skipped,
                "fetched": self.fetched, "failed": self.failed}


@dataclass
class Crawl:
    """One run's discovery and fetching, yielding Article or Failure records."""

    sources: list[Source]
    client: fetch.Client
    known: set[str] = field(default_factory=set)  # canonical URLs already stored
    retry: list[str] = field(default_factory=list)  # article URLs that failed before
    report: Callable[[Event], None] = lambda event: None
    resolved: Callable[[str], None] = lambda url: None  # a discovery URL that works again
    stats: CrawlStats = field(default_factory=CrawlStats)
    max_child_sitemaps: int = MAX_CHILD_SITEMAPS
    writer: Any = None  # the WARC writer the client captures to; closed by ``close``

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[str] = set()

    def close(self) -> None:
        """Stop the client and close this run's WARC file."""
        self.client.stop()
        if self.writer is not None:
            self.writer.close()

    def items(self) -> Iterator[Article | Failure]:
        """Articles fetched and failures met, as they come; events go to ``report``."""
        seeds: list[Task] = []
        for source in self.sources:
            seeds.extend(source.tasks())
        for url in self.retry:
            seeds.append(Task(url, "article"))
        crawler = Crawler(self.client, hosts=self.client.policy.hosts)
        initial = []
        for task in seeds:
            for admitted in self._admit(task):
                if isinstance(admitted, Task):
                    initial.append(admitted)
                else:
                    self.report(admitted)
        for produced in crawler.run(initial, self._handle):
            if isinstance(produced, Event):
                if produced.kind == "resolved":
                    self.resolved(produced.url)
                else:
                    self.report(produced)
            else:
                if isinstance(produced, Failure):
                    self.report(Event("failed", produced.source, produced.reason))
                yield produced

    # -- worker side (runs in the crawler's threads)

    def _admit(self, task: Task) -> list[Any]:
        """The task, unless its URL was seen this run or is already stored."""
        is_page = task.kind in ("article", "auto")
        with self._lock:
            if task.url in self._seen:
                return []
            self._seen.add(task.url)
            if is_page and task.url in self.known:
                self.stats.discovered += 1
                self.stats.skipped += 1
                return [Event("skipped", task.url, "already stored")]
            if task.kind == "article":
                self.stats.discovered += 1
        return [Task(task.url, task.kind, task.source or task.url, task.outlet, task.depth)]

    def _fail(self, task: Task, stage: str, reason: str) -> Failure:
        with self._lock:
            self.stats.failed += 1
        return Failure(task.source or task.url, stage, reason)

    def _handle(self, task: Task) -> Iterator[Any]:
        stage = "fetch" if task.kind == "article" else "discover"
        try:
            response = self.client.fetch(task.url, task.kind, task.source)  # kind = WARC role
        except fetch.Disallowed as exc:
            yield self._fail(task, "robots", exc.message)
            return
        except fetch.Stopped:
            return
        except fetch.FetchError as exc:
            yield self._fail(task, stage, exc.message)
            return
        if not response.ok:
            yield self._fail(task, stage, http_reason(response))
            return
        kind = task.kind
        if kind == "auto":
            found = sniff(response)
            if found == "html":
                kind = "home" if is_home_page(task.url) else "article"
            elif found == "other":
                yield self._fail(task, "discover", "not a feed, sitemap or HTML page "
                                 f"({response.content_type or 'no content type'})")
                return
            else:
                kind = found
            if kind == "article":
                with self._lock:
                    self.stats.discovered += 1
        if kind == "article":
            yield from self._article(task, response)
            return
        with self._lock:
            self.stats.documents += 1
        try:
            yield from self._discover(task, kind, response)
        except DiscoveryError as exc:
            yield self._fail(task, "discover", exc.message)
            return
        yield Event("resolved", task.source or task.url)

    def _article(self, task: Task, response: Response) -> Iterator[Any]:
        with self._lock:
            self.stats.fetched += 1
        yield Event("fetched", task.url, f"{response.status}, {len(response.raw)} bytes")
        try:
            yield page_article(response, task.source or task.url)
        except Exception as exc:
            from pipeline.errors import one_line

            yield Failure(task.source or task.url, "extract", one_line(exc))

    def _discover(self, task: Task, kind: str, response: Response) -> Iterator[Any]:
        if kind == "feed":
            links = feed_links(response.text(), response.url)
            yield Event("read", task.url, f"feed: {len(links)} links")
            for link in links:
                yield from self._admit(Task(link, "article", outlet=task.outlet))
        elif kind == "sitemap":
            found = sitemap_links(response.body, response.url, self.client.policy.max_bytes,
                                  self.max_child_sitemaps)
            children = found.sitemaps
            if task.depth >= MAX_SITEMAP_DEPTH:
                children = ()
            yield Event("read", task.url, f"sitemap: {len(found.pages)} links, "
                        f"{len(children)} sitemaps")
            for child in children[: self.max_child_sitemaps]:
                yield from self._admit(Task(child, "sitemap", outlet=task.outlet, depth=task.depth + 1))
            for link in found.pages:
                yield from self._admit(Task(link, "article", outlet=task.outlet))
        else:  # home page: its feeds, else the sitemaps its robots.txt names
            feeds = [f for f in home_feeds(response.text(), response.url) if "comment" not in f]
            sitemaps: list[str] = []
            if not feeds:
                sitemaps = _resolve(self.client.robots(response.url).sitemap_urls, response.url)
            if not feeds and not sitemaps:
                raise DiscoveryError("home page advertises no feed and robots.txt names no "
                                     "sitemap: list the outlet's feeds or sitemaps explicitly")
            yield Event("read", task.url, f"home page: {len(feeds)} feeds, {len(sitemaps)} sitemaps")
            for url in feeds:
                yield from self._admit(Task(url, "feed", outlet=task.outlet))
            for url in sitemaps:
                yield from self._admit(Task(url, "sitemap", outlet=task.outlet))


_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(arg: str) -> bool:
    """True for an argument that names a URL rather than a local path."""
    return bool(_URL.match(arg))
