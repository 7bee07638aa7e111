"""Reading bytes: size and binary checks, then text by BOM, declared charset, UTF-8 or a detector."""

from __future__ import annotations

import codecs
import re

from pipeline.errors import ExtractionError

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
