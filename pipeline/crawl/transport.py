"""The connections under ``fetch.Client``: httpx, with pantau's address checks at the socket.

httpx (over httpcore) brings what the hand-written ``http.client`` code lacked: connections
kept alive and reused per host, cookies kept for the run (a cookie jar with the usual
domain rules), proxies from ``HTTP(S)_PROXY``/``NO_PROXY`` or ``--proxy``. pantau's own
layer (gates, robots.txt, retries, caps, redirects, WARC capture) stays in ``fetch``.

Address checks live in the network backend: every new TCP connection resolves its host,
refuses non-public answers (``address.vetted``) and connects to the address it checked,
while httpcore keeps the host name for the Host header and TLS (SNI and certificate).
Through a proxy the proxy resolves the target, so ``fetch`` checks the target with pantau's
own lookup first (a check, not a pin), and the proxy's own address is always allowed.
"""

from __future__ import annotations

import socket
import threading
import urllib.request
from typing import Any, Callable, Iterable

import httpcore
import httpx
from httpcore._backends.sync import SyncStream

from pipeline.crawl import address

Allowed = Callable[[str, int], bool]  # may this host:port resolve to a private address?


class VettingBackend(httpcore.NetworkBackend):
    """TCP connections only to vetted addresses; every open socket can be cut by ``cut``."""

    def __init__(self, allowed: Allowed, exempt: Iterable[str] = ()):
        self.allowed = allowed
        self.exempt = {h.lower() for h in exempt}  # proxies: the operator's own choice
        self._lock = threading.Lock()
        self._socks: set[socket.socket] = set()
        self.cut_all = False

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        if self.cut_all:
            raise httpcore.ConnectError("the run is stopping")
        allow = host.lower() in self.exempt or self.allowed(host, port)
        addresses = address.vetted(host, port, allow)  # NotPublic/Unresolved pass through
        try:
            sock = address.connect(addresses, timeout,
                                   (local_address, 0) if local_address else None)
        except socket.timeout as exc:
            raise httpcore.ConnectTimeout(str(exc)) from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        for option in socket_options or ():
            sock.setsockopt(*option)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._socks = {s for s in self._socks if s.fileno() != -1}
            self._socks.add(sock)
        return SyncStream(sock)

    def cut(self) -> None:
        """Shut every socket down: reads stalled on a slow server return at once."""
        self.cut_all = True
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def proxy_hosts(proxy: str | None) -> set[str]:
    """Host names of the proxies in use (``--proxy``, else the environment's)."""
    urls = [proxy] if proxy else list(urllib.request.getproxies().values())
    out = set()
    for url in urls:
        try:
            host = httpx.URL(url).host
        except (httpx.InvalidURL, TypeError):
            continue
        if host:
            out.add(host.lower())
    return out


def make_client(backend: VettingBackend, timeout: float, proxy: str | None = None) -> httpx.Client:
    """An httpx client whose every transport (direct and proxied) connects through ``backend``."""
    client = httpx.Client(
        proxy=proxy, trust_env=proxy is None, follow_redirects=False,
        timeout=httpx.Timeout(timeout), limits=httpx.Limits(max_keepalive_connections=32),
    )
    # a None mount (NO_PROXY) means "the default transport"
    transports = [client._transport, *filter(None, client._mounts.values())]  # noqa: SLF001
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if pool is None or not hasattr(pool, "_network_backend"):
            raise RuntimeError("httpx/httpcore changed: cannot route connections through the "
                               "address checks (pin compatible versions in pyproject.toml)")
        pool._network_backend = backend  # noqa: SLF001
    return client


def uses_proxy(client: httpx.Client, url: str) -> bool:
    """Whether ``url`` goes through a proxy (its target is then resolved by the proxy)."""
    transport = client._transport_for_url(httpx.URL(url))  # noqa: SLF001
    return type(getattr(transport, "_pool", None)).__name__.endswith("Proxy")
