"""Page metadata: trafilatura's steps for the fields pantau stores, a cheaper author search,
dateless scripts dropped before htmldate's page search, and htmldate's date parser asked
only in the languages pantau reads (measured in docs/extraction.md and bench/README.md)."""

from __future__ import annotations

import re
from functools import lru_cache

# Anything that could be a date htmldate's page search reads out of a script (2024-05-06,
# 6/5/2024, 06.05.2024, 20240506 in a URL); broad on purpose (a false hit keeps a script).
# Tried only where "19"/"20" starts: a whole-text search's answer, 8x faster on ad scripts.
_DATE_LIKE = re.compile(r"(?<=[-/.])(?:19|20)\d\d\b|(?:19|20)\d\d(?:[-/.]\d|[01]\d[0-3]\d)")


def date_like(text: str) -> bool:
    """Some year of 19xx/20xx in ``text`` has a date's separators or digits around it."""
    for century in ("19", "20"):
        i = text.find(century)
        while i != -1:
            if _DATE_LIKE.match(text, i):
                return True
            i = text.find(century, i + 1)
    return False


def drop_dateless_scripts(tree) -> int:
    """Remove <script> elements that hold no JSON-LD and nothing date-like; how many.

    Nothing trafilatura reads is lost: its text extraction drops scripts anyway and its
    metadata reads JSON-LD, which stays. But with no date in the page's meta tags,
    htmldate's fallback searches the whole serialised page, ad and tracking scripts
    included (tens of KB on a news site): without them, extraction of such a page costs
    about half (bench/README.md). A script that holds a date-like string is kept, so a
    date only stated in JavaScript (a dataLayer) is still found. Tail text is kept.
    """
    dropped = 0
    for script in list(tree.iter("script")):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            continue
        if date_like(script.text or "") or date_like(script.get("src") or ""):
            continue
        parent = script.getparent()
        if parent is None:
            continue
        if script.tail:
            prev = script.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + script.tail
            else:
                parent.text = (parent.text or "") + script.tail
        parent.remove(script)
        dropped += 1
    return dropped


# Every element trafilatura's author search can match or prune (``AUTHOR_XPATHS``,
# ``AUTHOR_DISCARD_XPATHS``) is a <author>, <time> or <figure>, or has one of these in its
# class, id, itemprop, rel, data-testid or data-component (without case: a superset).
_AUTHOR_NODES = ("//@class|//@id|//@itemprop|//@rel|//@data-testid|//@data-component"
                 "|//author|//time|//figure|//rel")
_AUTHOR_WORDS = re.compile(
    r"author|byl|bbl|username|screenname|writer|zuozhe|bianji|xiaobian|channel-name"
    r"|submitted-by|posted-by|journalist-name|comment|productreviews|title|date|sidebar"
    r"|hidden|quote|embedly|article-share|article-support|print|categor|reviewer|figure",
    re.IGNORECASE)
_AUTHOR_ATTRS = ("class", "id", "itemprop", "rel", "data-testid", "data-component")
_PLAIN_TAG = re.compile(r"[a-z][a-z0-9]*")


def page_author(tree) -> str | None:
    """``trafilatura.metadata.extract_author(tree)`` at a sixth of its cost on a heavy page.

    trafilatura copies the page, deletes comment/sidebar/date/<time>/<figure> elements and
    runs three XPaths over every element (~3.5 ms on 80 KB). Here its XPaths run on flat
    copies of only the elements they can match, and the byline's text is read in the page:
    the same answer unless a deleted element lies inside the byline (or the page has a
    <rel>), where trafilatura's own function runs (tests/test_extract_metadata.py).
    """
    from lxml import etree
    from trafilatura import metadata as meta
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    elements: dict = {}  # in document order
    for node in tree.xpath(_AUTHOR_NODES):
        if isinstance(node, str):
            if _AUTHOR_WORDS.search(node):
                elements.setdefault(node.getparent())
        elif node.tag == "rel":  # the first XPath reads a <rel> child's text
            return meta.extract_author(tree)
        else:
            elements.setdefault(node)
    if not elements:
        return None
    flat = etree.Element("flat")
    for el in elements:
        tag = el.tag if isinstance(el.tag, str) and _PLAIN_TAG.fullmatch(el.tag) else "x"
        try:
            etree.SubElement(flat, tag, {a: v for a in _AUTHOR_ATTRS if (v := el.get(a)) is not None})
        except ValueError:  # a value XML cannot hold (a control character)
            return meta.extract_author(tree)
    original = dict(zip(flat, elements))

    def matches(xpath) -> list:
        return [original[f] for f in xpath(flat) if f in original]

    deleted = {el for xpath in AUTHOR_DISCARD_XPATHS for el in matches(xpath)}
    for xpath in AUTHOR_XPATHS:
        for el in matches(xpath):
            if el in deleted or any(a in deleted for a in el.iterancestors()):
                continue
            if deleted and any(d in deleted for d in el.iterdescendants()):
                return meta.extract_author(tree)
            content = trim(" ".join(el.itertext()))
            if content and 2 < len(content) < 120:
                return meta.normalize_authors(None, content)
    return None


def page_metadata(tree, url: str | None):
    """trafilatura's metadata for the fields pantau stores: title, author, url, date, site.

    The same steps as ``trafilatura.metadata.extract_metadata`` (trafilatura 2.3; a test
    compares the two on real pages), on pantau's own parsed tree, without what pantau does
    not store (categories, tags, licence, hostname), with a cheaper author search
    (``page_author``). None of these steps changes the tree.
    """
    from htmldate import find_date
    from trafilatura import metadata as meta
    from trafilatura.settings import set_date_params

    _use_our_date_parser()

    doc = meta.examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None
    try:
        doc = meta.extract_meta_json(tree, doc)
    except Exception:  # noqa: BLE001 -- trafilatura's own guard: bugs in its JSON-LD reader
        pass
    if not doc.title:
        doc.title = meta.extract_title(tree)
    if not doc.author:
        doc.author = page_author(tree)
    if not doc.url:
        doc.url = meta.extract_url(tree, url)
    # trafilatura's defaults (EXTENSIVE_DATE_SEARCH on): original date, extensive search
    date_params = set_date_params(True)
    doc.date = find_date(tree, url=doc.url, **date_params)
    if not doc.sitename:
        doc.sitename = meta.extract_sitename(tree)
    if doc.sitename:
        doc.sitename = doc.sitename.lstrip("@")
        if doc.sitename and "." not in doc.sitename and not doc.sitename[0].isupper():
            doc.sitename = doc.sitename.title()
    elif doc.url and (m := meta.META_URL.match(doc.url)):
        doc.sitename = m[1]
    doc.filedate = date_params["max_date"]
    doc.clean_and_trim()
    return doc


# The languages whose dates htmldate may hand to dateparser: those of the outlets pantau
# reads (Indonesian, and the English and Malay pages it must recognise and skip).
DATE_LANGUAGES = ("id", "ms", "en")


@lru_cache(maxsize=1)
def _date_parser():
    """htmldate's dateparser (same settings), asked only in ``DATE_LANGUAGES``.

    htmldate hands a date-like string it cannot read itself (a rare thing: one of 869
    bench, corpus and real pages, and that one no date) to a parser that tries each of
    dateparser's 205 locales, building every locale's patterns on its first call in a
    process: 1.3-1.7 s CPU, which every process meeting such a string paid, or the fork
    server up front. With three languages the first call costs ~0.1 s. A date written in
    another language is then not read from the page's text (meta tags still are).
    """
    from dateparser import DateDataParser

    return DateDataParser(languages=list(DATE_LANGUAGES), settings=dict(HTMLDATE_PARSER_SETTINGS))


# htmldate's settings for its parser (htmldate.extractors.get_external_parser; a test
# compares them with the installed htmldate's).
HTMLDATE_PARSER_SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


def _use_our_date_parser() -> None:
    import htmldate.extractors

    htmldate.extractors.get_external_parser = _date_parser


def warm_up() -> None:
    """Pay extraction's one-off start-up now, e.g. in a fork server before its workers fork:
    the date parser's patterns for ``DATE_LANGUAGES`` (pipeline/run/warm.py calls it)."""
    _use_our_date_parser()
    _date_parser().get_date_data("Operasi Lilin 2023, Polres Tindak 2 Pelanggar")
