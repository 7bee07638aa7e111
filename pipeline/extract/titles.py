"""Titles without the site's name ("... - Kompas.com"), and bodies without a repeated title."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»·]\s+|\s*\|\s*|:\s+")


# Second-level suffixes under which the registered name is one label further left.
_SECOND_LEVEL = (".co.id", ".go.id", ".or.id", ".ac.id", ".sch.id", ".web.id", ".my.id", ".co.uk")


def _registered_name(host: str) -> str:
    """"kompas" for bola.kompas.com, "wartasampit" for www.wartasampit.co.id."""
    labels = host.lower().split(".")
    depth = 3 if host.lower().endswith(_SECOND_LEVEL) else 2
    return labels[-depth] if len(labels) >= depth else labels[0]


def _site_keys(site: str | None, host: str | None) -> set[str]:
    """Lower-case alphanumeric forms a site can take in a title (kompascom, kompas)."""
    keys: set[str] = set()
    if site and not site.startswith("http"):
        site = site.lower()
        keys.add(re.sub(r"[^a-z0-9]", "", site))
        keys.add(re.sub(r"[^a-z0-9]", "", re.sub(r"\.(co\.id|com|id|net|org|co)\b.*", "", site)))
    if host:
        keys.add(_registered_name(host))
    return {k for k in keys if len(k) >= 3}


_DOMAIN = re.compile(r"\b[\w-]+\.(com|co\.id|id|net|org|tv)\b")


def _is_site_label(segment: str, keys: set[str]) -> bool:
    """A title segment that names the site: "Kompas.com", "Republika Online", "KBS.com"."""
    flat = re.sub(r"[^a-z0-9]", "", segment.lower())
    if not flat:
        return True
    if len(segment.split()) <= 3 and _DOMAIN.search(segment.lower()):
        return True
    return any(flat == k or (flat.startswith(k) and len(segment.split()) <= 3) for k in keys)


def strip_site_from_title(title: str, site: str | None, url: str | None) -> tuple[str, str | None]:
    """The title without a leading or trailing site label, and that label (or None)."""
    keys = _site_keys(site, urlsplit(url).hostname if url else None)
    parts = _TITLE_SEPARATORS.split(title)
    seps = _TITLE_SEPARATORS.findall(title)
    if len(parts) < 2:
        return title, None
    if _is_site_label(parts[-1], keys):
        label = parts[-1]
        cut = title[: len(title) - len(parts[-1]) - len(seps[-1])]
    elif _is_site_label(parts[0], keys):
        label = parts[0]
        cut = title[len(parts[0]) + len(seps[0]):]
        # "Kapanlagi.com: Musik - Judul": a one-word section right after the site label
        rest = cut.split(" - ", 1)
        if len(rest) == 2 and len(rest[0].split()) == 1 and len(rest[1].split()) >= 3:
            cut = rest[1]
    else:
        return title, None
    cut = cut.strip()
    return (cut, label.strip()) if len(cut.split()) >= 2 else (title, None)


def without_title_line(body: str, title: str) -> str:
    """The body without a line that repeats the title (the <h1> trafilatura sometimes keeps)."""
    if len(title.split()) < 3:
        return body
    lines = body.split("\n")
    if title in lines:
        lines.remove(title)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() or body


def clean_site(site: str | None, label: str | None) -> str | None:
    if site and not site.startswith("http"):
        return site
    return label or None
