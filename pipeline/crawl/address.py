"""Which addresses pantau may connect to: public ones, unless the operator opts in.

A feed written by a stranger can point at ``http://127.0.0.1:8080/``, ``http://10.0.0.5/``
or the cloud metadata address ``http://169.254.169.254/``; pantau would fetch the page,
keep it in WARC and the database and show it to anyone browsing Datasette. So every
host is resolved here, every address it resolves to is checked, and the connection is
then made to an address that was checked (never a second DNS lookup, so an answer that
changes in between cannot slip a private address through). Numeric tricks
(``http://2130706433/``, ``http://0x7f.1/``, ``http://[::ffff:127.0.0.1]/``) need no
special care: the resolver turns them into the address they mean, and that is checked.
"""

from __future__ import annotations

import ipaddress
import socket

from pipeline.errors import PantauError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


class NotPublic(PantauError):
    """{detail}"""


class Unresolved(PantauError):
    """{detail}"""


def private_kind(ip: Address) -> str | None:
    """What makes ``ip`` an address pantau does not fetch from by default (None: public)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is not None:
            kind = private_kind(inner)
            return f"{kind} (inside an IPv6 address)" if kind else None
        if ip in _UNIQUE_LOCAL:
            return "a unique-local address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_reserved:  # before is_private, which also covers 240.0.0.0/4
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "an address not reachable on the public internet"
    return None


def resolve(host: str, port: int) -> list[tuple[int, tuple]]:
    """(family, sockaddr) pairs for ``host`` (a name or any numeric form), in resolver order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolved(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from None
    out: list[tuple[int, tuple]] = []
    for family, _, _, _, sockaddr in infos:
        if (family, sockaddr) not in out:
            out.append((family, sockaddr))
    return out


def vetted(host: str, port: int, allow_private: bool = False) -> list[tuple[int, tuple]]:
    """The addresses to connect to for ``host``; NotPublic if any of them is not public.

    One private answer among public ones refuses the host: a name that resolves inside
    the network is not a news outlet's.
    """
    addresses = resolve(host, port)
    if not addresses:
        raise Unresolved(f"cannot resolve {host}: no addresses")
    if allow_private:
        return addresses
    for _, sockaddr in addresses:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        kind = private_kind(ip)
        if kind:
            shown = host if host == str(ip) else f"{host} ({ip})"
            raise NotPublic(f"refused: {shown} is {kind}; "
                            "pass --allow-private to fetch from private networks")
    return addresses


def connect(addresses: list[tuple[int, tuple]], timeout: float | None,
            source_address: tuple | None = None) -> socket.socket:
    """A TCP connection to the first of ``addresses`` that answers (as socket.create_connection)."""
    error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError("no address to connect to")
