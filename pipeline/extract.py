"""Extraction: an input file's bytes to an ``Article`` (main text and metadata).

First version: .txt (title line, blank line, body) and .html via trafilatura. The
extraction work replaces this with measured settings and boilerplate removal.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ExtractionError
from pipeline.records import Article
from pipeline.text import normalize

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html"}


def parse_txt(text: str, source: str) -> Article:
    text = normalize(text)
    if not text:
        raise ExtractionError("empty article")
    title, _, body = text.partition("\n\n")
    return Article(source=source, title=title.strip(), body=body.strip(), format="txt")


def extract_html(html: str | bytes, source: str, url: str | None = None) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True)
    if not doc or not doc.text:
        raise ExtractionError("no article text found in the page")
    return Article(
        source=source, title=normalize(doc.title or ""), body=normalize(doc.text),
        published=doc.date, author=doc.author, site=doc.sitename, url=doc.url or url,
        format="html",
    )


def read_article(path: Path) -> Article:
    """The article in one local file."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ExtractionError(f"unsupported file type {path.suffix!r}")
    data = path.read_bytes()
    if not data.strip():
        raise ExtractionError("empty file")
    if kind == "txt":
        return parse_txt(data.decode("utf-8"), str(path))
    return extract_html(data, str(path))
