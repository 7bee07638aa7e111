"""Polite HTTP: every request pantau sends goes through here (sockets: ``transport``).

A ``Client`` sends every request through a per-host gate: one request at a time per
host, and between two requests the larger of pantau's delay, the outlet's delay and the
host's robots.txt ``Crawl-delay``. robots.txt is read once per host and obeyed; a host
whose robots.txt cannot be read (5xx, timeouts) is left alone for the run, as RFC 9309
asks. Bodies are read as a stream and abandoned as soon as a cap trips (declared or
streamed size, decompressed size), so a 50 MB page or a gzip bomb costs a few reads.
429, 5xx and connection errors are retried with exponential backoff and jitter, never
sooner than Retry-After asks. Every complete response is handed to ``capture`` (the
WARC writer) before anything else looks at it.

What comes back is a ``responses.Response``; ``crawler.Crawler`` schedules fetches per
host (threads; parallel across hosts, serial within one).
"""

from __future__ import annotations

import collections
import random
import re
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable
from urllib.parse import urldefrag, urljoin, urlsplit

from pipeline import __version__
import httpx

from pipeline.crawl import address, robots as robotstxt, transport
from pipeline.crawl.responses import RETRY_STATUSES, Response, http_reason, parse_retry_after
from pipeline.errors import PantauError

# A placeholder: operators put their own page here (`--contact`), so a site owner who
# sees pantau in their logs can find out who is crawling and how to ask them to stop.
DEFAULT_CONTACT = "https://example.org/pantau-contact"
ROBOTS_AGENT = robotstxt.AGENT  # the product token robots.txt groups are matched against

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Policy:
    """How politely to fetch; every default can be changed from the command line."""

    contact: str = DEFAULT_CONTACT
    delay: float = 2.0  # seconds between two requests to one host
    timeout: float = 30.0  # seconds for one whole request: connect, headers and body
    max_redirects: int = 5
    max_bytes: int = 10 * 2**20  # raw and decompressed body cap
    retries: int = 3  # extra tries after the first, for retryable failures only
    backoff: float = 1.0  # first retry waits about this long, doubling each time
    max_backoff: float = 60.0
    max_retry_after: float = 120.0  # a longer Retry-After means "give up until next run"
    max_crawl_delay: float = 60.0  # robots.txt Crawl-delay is obeyed up to this
    hosts: int = 4  # hosts fetched in parallel
    allow_private: bool = False  # fetch from loopback/private/link-local addresses too
    proxy: str | None = None  # proxy URL; None: HTTP(S)_PROXY/NO_PROXY from the environment

    @property
    def user_agent(self) -> str:
        return f"pantau/{__version__} (+{self.contact})"


class FetchError(PantauError):
    """{detail}"""

    retryable = False
    tries = 1


class TransientError(FetchError):
    """{detail}"""

    retryable = True


class TooLarge(FetchError):
    """{detail}"""


class Disallowed(FetchError):
    """{detail}"""


class Refused(FetchError):
    """{detail}"""


class Stopped(FetchError):
    """stopped before {detail} was fetched"""


# --- URLs ----------------------------------------------------------------------------


_CREDENTIALS = re.compile(r"^(\s*[A-Za-z][A-Za-z0-9+.-]*:)?(//)[^/?#\\]*@")


def without_credentials(url: str, mask: str = "") -> str:
    """``url`` without a ``user:password@`` part: never sent, logged or stored.

    ``mask`` stands where the credentials were ("***@" keeps a stored proxy URL showing
    that it had some). A plain pattern, not urlsplit, so even a URL too broken to parse
    loses them before it appears in a failure's reason.
    """
    return _CREDENTIALS.sub(lambda m: (m.group(1) or "") + m.group(2) + mask, url, count=1)


def canonical_url(url: str) -> str:
    """The form a URL is stored and compared in (courlan, fragment and credentials dropped)."""
    from courlan import normalize_url

    url = without_credentials(urldefrag(url.strip())[0])
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {url!r}")
    try:
        canon = normalize_url(url)
    except ValueError as exc:
        raise FetchError(f"not a usable URL {url!r}: {exc}") from None
    if not urlsplit(canon).hostname:
        raise FetchError(f"not a usable URL {url!r}: no host")
    return canon


def host_key(url: str) -> str:
    """Politeness is per host and port (http and https of one host share it)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host




# --- bodies ------------------------------------------------------------------------------


class BodyDecoder:
    """Content-Encoding undone chunk by chunk, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str | None, limit: int):
        self.encoding = (encoding or "identity").strip().lower()
        self.limit = limit
        self.size = 0
        self._parts: list[bytes] = []
        self._d: Any = None
        if self.encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding not in ("identity", "", "deflate"):
            raise FetchError(f"unsupported content encoding {self.encoding!r}")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(
                f"body decompresses to more than the {self.limit} byte cap "
                f"({self.encoding}; a decompression bomb or an oversized page)"
            )
        self._parts.append(data)

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if self.encoding == "deflate" and self._d is None:
            # "deflate" is zlib-wrapped by the spec, raw by some servers: the header says which
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        if self._d is None:
            self._keep(data)
            return
        try:
            out = self._d.decompress(data, self.limit - self.size + 1)
            self._keep(out)
            while self._d.unconsumed_tail:
                out = self._d.decompress(self._d.unconsumed_tail, self.limit - self.size + 1)
                self._keep(out)
        except zlib.error as exc:
            raise FetchError(f"corrupt {self.encoding} body: {exc}") from None

    def finish(self) -> bytes:
        if self._d is not None:
            try:
                self._keep(self._d.flush(self.limit - self.size + 1))
            except zlib.error as exc:
                raise FetchError(f"corrupt {self.encoding} body: {exc}") from None
        return b"".join(self._parts)


def decode_content(raw: bytes, encoding: str | None, limit: int) -> bytes:
    """``raw`` with its Content-Encoding undone, under the same cap as a live fetch."""
    decoder = BodyDecoder(encoding, limit)
    for i in range(0, len(raw), CHUNK):
        decoder.feed(raw[i : i + CHUNK])
    return decoder.finish()


# --- the client ---------------------------------------------------------------------------


class _Gate:
    """One host's turn: a lock held for each request and the earliest time of the next."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next_time = 0.0


Capture = Callable[[Response, str, str], None]  # response, role, source


class Client:
    """A polite HTTP client: gates, robots.txt, caps, retries; one per run, shared by threads."""

    def __init__(
        self,
        policy: Policy = Policy(),
        host_delays: dict[str, float] | None = None,
        capture: Capture | None = None,
        private_hosts: Iterable[str] = (),
    ):
        self.policy = policy
        self.host_delays = dict(host_delays or {})
        self.private_hosts = frozenset(private_hosts)  # host keys allowed to be private
        self.capture = capture
        self._lock = threading.Lock()
        self._gates: dict[str, _Gate] = {}
        self._robots: dict[str, robotstxt.Rules] = {}
        self._robots_locks: dict[str, threading.Lock] = collections.defaultdict(threading.Lock)
        self._stop = threading.Event()
        self._backend = transport.VettingBackend(
            lambda host, port: (policy.allow_private or f"{host}:{port}" in self.private_hosts
                                or host in self.private_hosts),
            transport.proxy_hosts(policy.proxy))
        self._http = transport.make_client(self._backend, policy.timeout, policy.proxy)
        self._paused: dict[str, str] = {}  # host -> why it is left alone for the rest of the run

    # -- public

    def fetch(self, url: str, role: str = "page", source: str | None = None) -> Response:
        """The response for ``url`` after redirects; every hop obeys robots.txt and is captured."""
        url = canonical_url(url)
        history: list[str] = []
        while True:
            self.check_robots(url)
            response = self._get(url, role, source or url)
            location = response.header("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return replace(response, history=tuple(history))
            target = canonical_url(urljoin(url, location))
            chain = [*history, url]
            if target in chain:
                raise FetchError("redirect loop: " + " -> ".join([*chain, target]))
            if len(chain) > self.policy.max_redirects:
                raise FetchError(f"more than {self.policy.max_redirects} redirects from {chain[0]}")
            history, url = chain, target

    def check_robots(self, url: str) -> None:
        """Raise Disallowed unless robots.txt lets pantau fetch ``url``."""
        robots = self.robots(url)
        if robots.note:
            raise Disallowed(robots.note)
        if not robots.allowed(url):
            raise Disallowed("disallowed by robots.txt")

    def robots(self, url: str) -> robotstxt.Rules:
        """The robots.txt rules for the scheme, host and port of ``url`` (read once)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks[key]
        with lock:
            if key not in self._robots:
                self._robots[key] = self._load_robots(key)
            return self._robots[key]

    def delay_for(self, url_or_host: str) -> float:
        """Seconds between two requests to this host."""
        host = host_key(url_or_host) if "://" in url_or_host else url_or_host
        delay = max(self.policy.delay, self.host_delays.get(host, 0.0))
        with self._lock:
            robots = [r for k, r in self._robots.items() if host_key(k) == host]
        for r in robots:
            asked = r.crawl_delay()
            if asked:
                delay = max(delay, min(asked, self.policy.max_crawl_delay))
        return delay

    def stop(self) -> None:
        """Make sleeping, running and future requests give up at once (the run is ending)."""
        self._stop.set()
        self._backend.cut()  # a read stalled on a slow server returns now, not at the timeout
        self._http.close()

    # -- internals

    def _load_robots(self, key: str) -> robotstxt.Rules:
        try:
            response = self._get_following(key + "/robots.txt")
        except (Stopped, Refused):
            raise
        except FetchError as exc:  # RFC 9309: unreachable robots.txt means stay away
            return robotstxt.deny_all(
                f"robots.txt unreachable ({exc.message}); host skipped this run")
        return robotstxt.from_answer(response.status, response.body, http_reason(response))

    def _get_following(self, url: str) -> Response:
        """robots.txt itself: redirects followed, no robots check."""
        for _ in range(self.policy.max_redirects + 1):
            response = self._get(url, "robots", url)
            location = response.header("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            url = canonical_url(urljoin(url, location))
        raise FetchError(f"more than {self.policy.max_redirects} redirects for robots.txt")

    def _gate(self, url: str) -> _Gate:
        with self._lock:
            return self._gates.setdefault(host_key(url), _Gate())

    def _sleep(self, seconds: float, url: str) -> None:
        if seconds > 0 and self._stop.wait(seconds):
            raise Stopped(url)
        if self._stop.is_set():
            raise Stopped(url)

    def _backoff(self, tries: int) -> float:
        base = self.policy.backoff
        return min(self.policy.max_backoff, base * 2 ** (tries - 1)) + random.uniform(0, base)

    def _get(self, url: str, role: str, source: str) -> Response:
        """One URL with retries; the last response (or error) wins."""
        tries = 0
        while True:
            tries += 1
            paused = self._paused.get(host_key(url))
            if paused:
                raise FetchError(paused)
            gate = self._gate(url)
            try:
                with gate.lock:
                    self._sleep(gate.next_time - time.monotonic(), url)
                    try:
                        response = self._send(url)
                    finally:
                        gate.next_time = time.monotonic() + self.delay_for(url)
            except FetchError as exc:
                if not exc.retryable or tries > self.policy.retries:
                    if tries == 1:
                        raise
                    final = type(exc)(f"{exc.detail} (after {tries} tries)")
                    final.tries = tries
                    raise final from None
                wait = self._backoff(tries)
            else:
                response = replace(response, tries=tries)
                if self.capture is not None:
                    self.capture(response, role, source)
                if response.status not in RETRY_STATUSES or tries > self.policy.retries:
                    return response
                asked = parse_retry_after(response.header("retry-after"))
                if asked is not None and asked > self.policy.max_retry_after:
                    # the host asked for a long pause: none of its URLs until the next run
                    self._paused[host_key(url)] = (
                        f"host asked for a {asked:.0f} s pause (Retry-After); "
                        "left alone until the next run")
                    return response
                wait = max(self._backoff(tries), asked or 0.0)
            with gate.lock:  # the whole host waits, not just this URL
                gate.next_time = max(gate.next_time, time.monotonic() + wait)

    def _send(self, url: str) -> Response:
        """One GET, streamed under the caps."""
        policy = self.policy
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"only http and https URLs are fetched, not {url!r}")
        if self._stop.is_set():
            raise Stopped(url)
        request_headers = (
            ("User-Agent", policy.user_agent),
            ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Accept-Language", "id,en;q=0.5"),
        )
        deadline = time.monotonic() + policy.timeout
        try:
            if transport.uses_proxy(self._http, url):  # the proxy resolves: check it ourselves
                port = parts.port or (443 if parts.scheme == "https" else 80)
                address.vetted(parts.hostname or "", port, self._may_be_private(url))
            with self._http.stream("GET", url, headers=dict(request_headers)) as resp:
                headers = tuple((k.decode("latin-1"), v.decode("latin-1"))
                                for k, v in resp.headers.raw)
                declared = resp.headers.get("content-length")
                length = int(declared) if declared and declared.strip().isdigit() else None
                if length is not None and length > policy.max_bytes:
                    raise TooLarge(f"page is {length} bytes, over the {policy.max_bytes} byte cap")
                decoder = BodyDecoder(resp.headers.get("content-encoding"), policy.max_bytes)
                raw = bytearray()
                for chunk in resp.iter_raw():
                    if time.monotonic() > deadline:
                        raise TransientError(
                            f"timed out after {policy.timeout:g} s reading the body")
                    raw += chunk
                    if len(raw) > policy.max_bytes:
                        raise TooLarge(f"page is over the {policy.max_bytes} byte cap")
                    decoder.feed(chunk)
                    if self._stop.is_set():
                        raise Stopped(url)
                if self._stop.is_set():  # the body may have been cut short by ``stop``
                    raise Stopped(url)
                return Response(
                    url=url, status=resp.status_code, reason=resp.reason_phrase or "",
                    headers=headers, raw=bytes(raw), body=decoder.finish(),
                    request_headers=request_headers,
                )
        except address.NotPublic as exc:
            raise Refused(exc.message) from None
        except address.Unresolved as exc:  # DNS hiccups pass: retried like a reset connection
            raise TransientError(exc.message) from None
        except httpx.TimeoutException:
            raise TransientError(f"timed out after {policy.timeout:g} s") from None
        except httpx.TransportError as exc:
            if self._stop.is_set():
                raise Stopped(url) from None
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, ssl.SSLError) or "SSL" in type(cause).__name__:
                raise FetchError(f"TLS error: {getattr(cause, 'reason', None) or cause}") from None
            text = " ".join(str(exc).split()) or "no details"
            raise TransientError(f"{type(exc).__name__}: {text}") from None

    def _may_be_private(self, url: str) -> bool:
        return self.policy.allow_private or host_key(url) in self.private_hosts
