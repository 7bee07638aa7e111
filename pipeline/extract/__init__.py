"""Extraction: an input file's bytes to an ``Article`` (main text and metadata). The entry
points are here (``read_article``, ``extract_html``, ``parse_txt``, ``Settings``); bytes
become text in ``decoding`` (size, binary and charset checks), page furniture goes in
``boilerplate``, ``pages`` tells one article from a feed, home or list page, ``titles``
takes the site's name off a title, and ``metadata`` reads title, author, date and site.

.html pages go through trafilatura (settings measured in docs/extraction.md); .txt
files are the seed format (title line, blank line, body). Both get the same Unicode
normalisation and the same Indonesian boilerplate removal (rules/data/boilerplate.yml).
Anything that is not one article -- an empty, binary or oversized file, a feed, a home
or index page -- raises ``ExtractionError`` with one readable sentence.

May import: the base (``records``, ``errors``, ``text``) and ``pipeline.analysis``
(``rules.load_data``, for the boilerplate rules). Never crawl, storage, run, browse or
the CLI: crawl hands it bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ExtractionError
from pipeline.extract.boilerplate import boilerplate_rule, has_prose, remove_boilerplate
from pipeline.extract.decoding import MAX_PAGE_BYTES, check_not_binary, check_size, decode
from pipeline.extract.metadata import date_like, drop_dateless_scripts, page_author, page_metadata, warm_up
from pipeline.extract.pages import (
    FEED_START, canonical_url, claims_article, list_page_reason, meta_content, published_meta,
)
from pipeline.extract.titles import clean_site, strip_site_from_title, without_title_line
from pipeline.records import Article
from pipeline.text import normalize

__all__ = [
    "MAX_PAGE_BYTES", "SETTINGS", "SUFFIXES", "Settings", "boilerplate_rule", "check_not_binary",
    "check_size", "date_like", "decode", "drop_dateless_scripts", "extract_html", "has_prose",
    "list_page_reason", "page_author", "page_metadata", "parse_txt", "read_article",
    "remove_boilerplate", "strip_site_from_title", "warm_up",
]

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html"}


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
    if FEED_START.match(html[:4096]):
        raise ExtractionError("page is an RSS/Atom feed (a list of links), not an article")
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("page could not be parsed as HTML")
    page_url = url or canonical_url(tree)  # the fetch URL is the truth when there is one
    reason = list_page_reason(page_url, meta_content(tree, "og:type"), claims_article(tree))
    if reason:
        raise ExtractionError(reason)
    if not published_meta(tree):
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
        body = without_title_line(body, title)
    return Article(
        source=source, title=title, body=body, published=doc.date, author=doc.author or None,
        site=clean_site(doc.sitename, label), url=doc.url or url, format="html",
    )


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
