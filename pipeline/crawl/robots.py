"""robots.txt as sites write it today, read with Protego (the parser Scrapy uses).

Python's ``urllib.robotparser`` matches plain prefixes only, so the rules real sites
write (``Disallow: /*?amp``, ``Disallow: /*/cetak$``) were ignored and pantau fetched
pages their owners asked crawlers to leave alone. Protego follows RFC 9309 and Google's
conventions: ``*`` wildcards, ``$`` anchors, the longest matching rule wins (Allow on a
tie), fractional ``Crawl-delay`` and ``Sitemap`` lines. Groups are matched against the
product token ``pantau`` only, so a group for another crawler whose name appears in the
contact URL never applies to pantau.

What an answer means is RFC 9309's: a missing robots.txt (404 and other 4xx) allows
everything; 401/403, 5xx or no answer at all keeps pantau off the host for the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

AGENT = "pantau"  # the product token robots.txt groups are matched against


@dataclass(frozen=True)
class Rules:
    """One host's robots.txt: what pantau may fetch, how slowly, and its sitemaps."""

    parser: Protego | None = None  # None: no rules (everything allowed, or see ``note``)
    note: str = ""  # why the whole host is off limits, when it is
    sitemap_urls: tuple[str, ...] = field(default=())

    def allowed(self, url: str) -> bool:
        if self.note:
            return False
        return self.parser is None or self.parser.can_fetch(url, AGENT)

    def crawl_delay(self) -> float | None:
        """Seconds the host asks for between requests (None when it asks nothing)."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(AGENT)
        return float(delay) if delay else None


ALLOW_ALL = Rules()


def deny_all(note: str) -> Rules:
    """The whole host off limits for this run, for the reason given."""
    return Rules(note=note)


def parse(text: str) -> Rules:
    """The rules in a robots.txt body."""
    parser = Protego.parse(text)
    return Rules(parser, sitemap_urls=tuple(parser.sitemaps))


def from_answer(status: int, body: bytes, reason: str) -> Rules:
    """The rules an HTTP answer to /robots.txt amounts to (RFC 9309 section 2.3.1)."""
    if status in (401, 403):
        return deny_all(f"robots.txt answered HTTP {status}; host skipped")
    if 400 <= status < 500:
        return ALLOW_ALL  # no robots.txt: everything is allowed
    if not 200 <= status < 300:
        return deny_all(f"robots.txt answered {reason}; host skipped this run")
    return parse(body.decode("utf-8", errors="replace"))
