"""Extraction: an input file's bytes to an ``Article`` (main text and metadata).

.html pages go through trafilatura (settings measured in docs/extraction.md); .txt
files are the seed format (title line, blank line, body). Both get the same Unicode
normalisation and the same Indonesian boilerplate removal (rules/data/boilerplate.yml).
Anything that is not one article -- an empty, binary or oversized file, a feed, a home
or index page -- raises ``ExtractionError`` with one readable sentence.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import ExtractionError
from pipeline.records import Article
from pipeline.text import normalize

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html"}

# Real article pages are well under 1 MB (the largest of our 30 test pages is 0.3 MB);
# a bigger input is a dump or a mistake, and trafilatura's time grows with page size.
MAX_PAGE_BYTES = 5_000_000

# File signatures of things that get renamed .html/.txt by accident.
BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"RIFF": "a RIFF media file",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-zip archive",
    b"Rar!": "a RAR archive",
    b"\x7fELF": "a program",
    b"SQLite format 3": "an SQLite database",
}

# og:type values that mean "this page is not one article".
NON_ARTICLE_OG_TYPES = {"website", "blog", "profile", "object", "video.other", "music.song"}

# URL path segments of index, tag and search pages (Indonesian and English).
LIST_PATH_SEGMENTS = {
    "tag", "tags", "topik", "topic", "topics", "kategori", "category", "categories",
    "kanal", "channel", "indeks", "index", "arsip", "archive", "archives", "search",
    "cari", "page", "author", "penulis", "label", "feed", "rss",
}


@dataclass(frozen=True)
class Settings:
    """How an HTML page is turned into an article (the measured choice is ``SETTINGS``)."""

    mode: str = "precision"  # trafilatura: precision | balanced | recall
    fallback: str | None = "balanced"  # mode to retry with when ``mode`` finds no prose
    clean: bool = True  # apply rules/data/boilerplate.yml
    site_free_titles: bool = True  # drop " - Kompas.com" and the like from titles
    fast: bool = False  # trafilatura without its jusText/readability second opinion

    def trafilatura_options(self, mode: str | None = None) -> dict:
        mode = mode or self.mode
        return {
            "favor_precision": mode == "precision",
            "favor_recall": mode == "recall",
            "include_comments": False,  # reader comments are not the article
            "fast": self.fast,
            "with_metadata": False,  # read once by page_metadata, whatever the mode
        }


SETTINGS = Settings()


# --- reading bytes ------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse inputs over ``MAX_PAGE_BYTES`` before anything reads them."""
    if size > MAX_PAGE_BYTES:
        raise ExtractionError(
            f"page is {size / 1e6:.1f} MB, over the {MAX_PAGE_BYTES / 1e6:g} MB limit"
        )


def check_not_binary(data: bytes) -> None:
    """Refuse images, archives and other non-text bytes with a name for what they are."""
    for magic, what in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise ExtractionError(f"file is {what}, not a text or HTML page")
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # UTF-16 text is full of NUL bytes
    if b"\x00" in head:
        raise ExtractionError("file is binary data, not a text or HTML page")


_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_LATIN_FAMILY = re.compile(r"cp125\d|windows-125\d|iso8859|iso-8859|latin|mac_|ascii", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a page states in a <meta> or XML declaration near its top."""
    m = _DECLARED.search(data[:4096])
    return _charset_name((m.group(1) or m.group(2)).decode("ascii", "ignore")) if m else None


def _charset_name(name: str | None) -> str | None:
    """Python's name for a charset label ("UTF8" -> "utf-8"); None when unknown."""
    try:
        return codecs.lookup(name.strip()).name if name else None
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, then the declared charset, then UTF-8, then a detector."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    declared = _charset_name(declared) or declared_charset(data)
    if declared and declared.startswith(("utf-16", "utf-32")):
        declared = None  # no BOM and no NUL bytes: the label is wrong (browsers ignore it too)
    if declared and declared != "utf-8":
        # Valid UTF-8 with non-ASCII bytes is almost never a legacy code page, so a page
        # labelled latin-1 but written in UTF-8 (a common CMS mistake) reads as UTF-8.
        if not data.isascii() and _is_utf8(data):
            return data.decode("utf-8")
        if declared in ("iso8859-1", "ascii"):
            declared = "cp1252"  # browsers read these labels as windows-1252 too
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # mislabelled: fall through to the evidence in the bytes
    if _is_utf8(data):
        return data.decode("utf-8")
    return data.decode(_guess_charset(data), errors="replace")


def _guess_charset(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    # On Indonesian text (nearly all ASCII) the detector cannot tell the Latin code
    # pages apart and often says cp1250; windows-1252 is what such pages really use.
    if best is None or _LATIN_FAMILY.search(best.encoding):
        return "cp1252"
    return best.encoding


# --- boilerplate ----------------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRule:
    """One documented pattern from rules/data/boilerplate.yml."""

    name: str
    pattern: re.Pattern
    list_header: bool = False

    def matches(self, line: str) -> bool:
        return self.pattern.fullmatch(line) is not None


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The boilerplate rules, compiled once."""
    from pipeline.analysis.rules import load_data

    return tuple(
        BoilerplateRule(r["name"], re.compile(r["pattern"]), bool(r.get("list_header")))
        for r in load_data("boilerplate")["rules"]
    )


def boilerplate_rule(line: str) -> BoilerplateRule | None:
    """The first rule that matches the whole (stripped) line, if any."""
    line = line.strip()
    return next((r for r in boilerplate_rules() if r.matches(line)), None)


_SENTENCE_END = re.compile(r"[.!?:;,\"')\]]$")


def _headline_like(line: str) -> bool:
    """A related-story headline: short and without sentence-final punctuation."""
    return len(line.split()) <= 16 and not _SENTENCE_END.search(line)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def has_prose(text: str) -> bool:
    """Some sentence of six words or more ends in . ! or ?; menus and headlines have none."""
    return any(len(m.group().split()) >= 6 for m in _SENTENCE.finditer(text))


def remove_boilerplate(text: str) -> str:
    """Text without the boilerplate lines (and related-headline lists after a header)."""
    kept: list[str] = []
    in_list = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        rule = boilerplate_rule(stripped)
        if rule is not None:
            in_list = in_list or rule.list_header
            continue
        if in_list and _headline_like(stripped):
            continue
        in_list = False
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# --- .txt -----------------------------------------------------------------------------


def parse_txt(text: str, source: str) -> Article:
    """An article from the seed format: title line, blank line, body."""
    text = remove_boilerplate(normalize(text))
    if not text:
        raise ExtractionError("file has no text")
    title, _, body = text.partition("\n\n")
    if "\n" in title:  # no blank line after the title: the first line is the title
        title, _, rest = title.partition("\n")
        body = f"{rest}\n\n{body}".strip()
    return Article(source=source, title=title.strip(), body=body.strip(), format="txt")


# --- .html ----------------------------------------------------------------------------

# A feed's root element, after any XML declaration, stylesheet line or comment.
_FEED_START = re.compile(r"\s*(<\?xml[^>]*>\s*|<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
_ARTICLE_LD_TYPE = re.compile(r'"@type"\s*:\s*"(News|Blog|ReportageNews)?(Article|Posting)"')


def _meta(tree, *names: str) -> str | None:
    """The first non-empty <meta> content for any of the property/name values."""
    for name in names:
        for value in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            if value.strip():
                return value.strip()
    return None


def _canonical_url(tree) -> str | None:
    """The URL the page states for itself: <link rel=canonical>, else og:url."""
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if href.strip().startswith("http"):
            return href.strip()
    url = _meta(tree, "og:url")
    return url if url and url.startswith("http") else None


def _published_meta(tree) -> str | None:
    """The publication time a <meta> states (article:published_time and the like)."""
    return _meta(tree, "article:published_time", "datePublished", "pubdate")


def _claims_article(tree) -> bool:
    """The page's own markup says it is one article (JSON-LD or article:* meta)."""
    if _published_meta(tree):
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


def _without_title_line(body: str, title: str) -> str:
    """The body without a line that repeats the title (the <h1> trafilatura sometimes keeps)."""
    if len(title.split()) < 3:
        return body
    lines = body.split("\n")
    if title in lines:
        lines.remove(title)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() or body


def _clean_site(site: str | None, label: str | None) -> str | None:
    if site and not site.startswith("http"):
        return site
    return label or None


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


def _main_text(tree, url: str | None, settings: Settings, mode: str) -> str:
    """trafilatura's main text of the page, normalised and cleaned, for one mode."""
    import trafilatura

    options = settings.trafilatura_options(mode)
    doc = trafilatura.bare_extraction(tree, url=url, **options)
    body = normalize(doc.text or "") if doc else ""
    return remove_boilerplate(body) if settings.clean else body


def extract_html(
    html: str | bytes,
    source: str,
    url: str | None = None,
    *,
    charset: str | None = None,
    settings: Settings = SETTINGS,
) -> Article:
    """The article in one HTML page (bytes as fetched, with the HTTP charset if any, or text)."""
    from trafilatura.utils import load_html

    if isinstance(html, bytes):
        check_size(len(html))
        if not html.strip():
            raise ExtractionError("file is empty")
        check_not_binary(html)
        html = decode(html, charset)
    else:
        check_size(len(html))  # characters: a lower bound on the bytes
    if not html.strip():
        raise ExtractionError("file is empty")
    if _FEED_START.match(html[:4096]):
        raise ExtractionError("page is an RSS/Atom feed (a list of links), not an article")
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("page could not be parsed as HTML")
    page_url = url or _canonical_url(tree)  # the fetch URL is the truth when there is one
    reason = list_page_reason(page_url, _meta(tree, "og:type"), _claims_article(tree))
    if reason:
        raise ExtractionError(reason)
    if not _published_meta(tree):
        # pages with a publication meta get their date before htmldate's page search,
        # so only the others are worth the scan (the result is the same either way)
        drop_dateless_scripts(tree)  # after the list-page checks, which read JSON-LD only
    doc = page_metadata(tree, url)
    text_url = url or doc.url  # what trafilatura's own metadata step handed its extractor
    body = _main_text(tree, text_url, settings, settings.mode)
    if not has_prose(body) and settings.fallback:
        # precision sometimes keeps a stray headline and drops a short article (photo
        # captions on liputan6); a second, looser pass recovers it (measured in docs)
        body2 = _main_text(tree, text_url, settings, settings.fallback)
        if has_prose(body2):
            body = body2
    if not body:
        raise ExtractionError("page has no article text that could be extracted")
    if not has_prose(body):
        raise ExtractionError("page has only headlines, menus or captions, no article text")
    title = normalize(doc.title or "")
    label = None
    if settings.site_free_titles and title:
        title, label = strip_site_from_title(title, doc.sitename, doc.url or url)
    if settings.clean:
        body = _without_title_line(body, title)
    return Article(
        source=source, title=title, body=body, published=doc.date, author=doc.author or None,
        site=_clean_site(doc.sitename, label), url=doc.url or url, format="html",
    )


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


def read_article(path: Path) -> Article:
    """The article in one local file."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ExtractionError(f"unsupported file type {path.suffix!r}")
    check_size(path.stat().st_size)  # before reading: a 20 GB file fails just as fast
    data = path.read_bytes()
    if not data.strip():
        raise ExtractionError("file is empty")
    check_not_binary(data)
    if kind == "txt":
        return parse_txt(decode(data), str(path))
    return extract_html(data, str(path))
