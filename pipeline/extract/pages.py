"""Is an HTML page one article? Its own markup (canonical URL, og:type, publication meta,
Article JSON-LD) and its URL's shape tell a feed, a home, index or tag page from an article."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# og:type values that mean "this page is not one article".
NON_ARTICLE_OG_TYPES = {"website", "blog", "profile", "object", "video.other", "music.song"}

# URL path segments of index, tag and search pages (Indonesian and English).
LIST_PATH_SEGMENTS = {
    "tag", "tags", "topik", "topic", "topics", "kategori", "category", "categories",
    "kanal", "channel", "indeks", "index", "arsip", "archive", "archives", "search",
    "cari", "page", "author", "penulis", "label", "feed", "rss",
}


# A feed's root element, after any XML declaration, stylesheet line or comment.
FEED_START = re.compile(r"\s*(<\?xml[^>]*>\s*|<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
_ARTICLE_LD_TYPE = re.compile(r'"@type"\s*:\s*"(News|Blog|ReportageNews)?(Article|Posting)"')


def meta_content(tree, *names: str) -> str | None:
    """The first non-empty <meta> content for any of the property/name values."""
    for name in names:
        for value in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            if value.strip():
                return value.strip()
    return None


def canonical_url(tree) -> str | None:
    """The URL the page states for itself: <link rel=canonical>, else og:url."""
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if href.strip().startswith("http"):
            return href.strip()
    url = meta_content(tree, "og:url")
    return url if url and url.startswith("http") else None


def published_meta(tree) -> str | None:
    """The publication time a <meta> states (article:published_time and the like)."""
    return meta_content(tree, "article:published_time", "datePublished", "pubdate")


def claims_article(tree) -> bool:
    """The page's own markup says it is one article (JSON-LD or article:* meta)."""
    if published_meta(tree):
        return True
    scripts = " ".join(tree.xpath('//script[@type="application/ld+json"]/text()'))
    return _ARTICLE_LD_TYPE.search(scripts) is not None


def list_page_reason(url: str | None, og_type: str | None, claims_article: bool) -> str | None:
    """Why a page is a home, index or tag page rather than one article (None if it is not)."""
    if claims_article:  # a publication time or Article JSON-LD outweighs any URL shape
        return None
    if og_type and og_type.lower() in NON_ARTICLE_OG_TYPES:
        return (
            f"page is a list or home page (og:type {og_type!r}, no article markup), not an article"
        )
    if url:
        parts = urlsplit(url)
        segments = [s for s in parts.path.lower().split("/") if s]
        host = parts.hostname or ""
        if {host.split(".")[0], *segments} & LIST_PATH_SEGMENTS:
            return f"page is an index, tag or search page ({url}), not an article"
        if not _article_like_path(segments, parts.query):
            return f"page is a home or section page ({url}: no article slug or id), not an article"
    return None


def _article_like_path(segments: list[str], query: str) -> bool:
    """Article URLs carry a slug of several words or a numeric id; home/section URLs do not."""
    if re.search(r"(^|&)(p|id|page_id|newsid|berita_id)=\d+", query):
        return True
    for seg in segments:
        words = [w for w in re.split(r"[-_.+,]", re.sub(r"\.s?html?$|\.php$", "", seg)) if w]
        if len(words) >= 3 or re.search(r"\d{5,}", seg):
            return True
        # a short numeric id ("/berita/4821"), but not a year or month of a date archive
        if seg.isdigit() and len(seg) >= 3 and not 1900 <= int(seg) <= 2099:
            return True
    return False
