"""Raw capture: every fetched response into WARC files, and WARC files back into articles.

Each run writes one new ``.warc.gz`` under ``corpus/warc/`` (never appending to an old
one, so a file cut short by a killed run stays cut short and is read up to the break).
A record reaches the disk before the article made from it can reach the database, so
the WARC files always hold at least what the database was built from.

Records carry two extension headers: ``Pantau-Role`` (robots, home, feed, sitemap,
article, auto) and ``Pantau-Source`` (the URL the article is stored under, which is the
URL pantau asked for, before redirects). Reading uses the same decoding and the same
extraction as a live fetch (``responses.page_article``), so ``pantau reprocess`` over the
WARC files rebuilds the article tables a crawl produced. WARC files from other tools
(no Pantau headers) are read too: every HTML response below a site's root is an article.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from pipeline import __version__
from pipeline.crawl import fetch, responses
from pipeline.records import Article, Failure

ROLE_HEADER = "Pantau-Role"
SOURCE_HEADER = "Pantau-Source"
DEFAULT_DIR = Path("corpus/warc")
SUFFIXES = (".warc", ".warc.gz")
# Hop-by-hop framing: the body is stored de-chunked, so the header would lie.
_DROP_HEADERS = {"transfer-encoding"}


def is_warc(path: str | Path) -> bool:
    """A .warc or .warc.gz file name."""
    return str(path).lower().endswith(SUFFIXES)


class WarcWriter:
    """Writes each response (and its request) to this run's WARC file; thread-safe."""

    def __init__(self, directory: str | Path = DEFAULT_DIR, prefix: str = "pantau",
                 policy: fetch.Policy | None = None):
        self.directory = Path(directory)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        # names sort in time order, which is the order reprocessing reads them in
        self.path = self.directory / f"{prefix}-{stamp}-{os.getpid()}.warc.gz"
        self.policy = policy or fetch.Policy()
        self.records = 0
        self._lock = threading.Lock()
        self._file = None
        self._writer = None

    def _open(self) -> None:
        from warcio.warcwriter import WARCWriter

        self.directory.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "xb")
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(self.path.name, {
            "software": f"pantau/{__version__}",
            "http-header-user-agent": self.policy.user_agent,
            "robots": "obey",
            "format": "WARC File Format 1.1",
        })
        self._writer.write_record(info)

    def __call__(self, response: responses.Response, role: str, source: str) -> None:
        """Capture one response (``fetch.Client`` calls this for every response)."""
        from warcio.statusandheaders import StatusAndHeaders

        parts = urlsplit(response.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        http_headers = StatusAndHeaders(
            f"{response.status} {response.reason}".strip(),
            [(k, v) for k, v in response.headers if k.lower() not in _DROP_HEADERS],
            protocol="HTTP/1.1",
        )
        request_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1", [("Host", parts.netloc), *response.request_headers],
            protocol="HTTP/1.1", is_http_request=True,
        )
        with self._lock:
            if self._writer is None:
                self._open()
            resp = self._writer.create_warc_record(
                response.url, "response", payload=io.BytesIO(response.raw),
                length=len(response.raw), http_headers=http_headers,
                warc_headers_dict={ROLE_HEADER: role, SOURCE_HEADER: source},
            )
            req = self._writer.create_warc_record(
                response.url, "request", payload=io.BytesIO(b""), length=0,
                http_headers=request_headers,
            )
            self._writer.write_request_response_pair(req, resp)
            self._file.flush()  # on disk (in the OS) before the article can be stored
            self.records += 1

    def close(self) -> None:
        """Close the file; this writer is done."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
                self._writer = None


# --- reading --------------------------------------------------------------------------------


def find_warcs(paths: Iterable[str | Path]) -> list[Path]:
    """WARC files named or under the directories named; directories in name (= time) order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and is_warc(f)))
        else:
            out.append(p)
    return out


def split_paths(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """(WARC files, other paths) from command-line paths; directories feed both."""
    warcs: list[Path] = []
    others: list[str] = []
    for p in paths:
        if is_warc(p):
            warcs.append(Path(p))
        else:
            others.append(p)
            if Path(p).is_dir():
                warcs.extend(find_warcs([p]))
    return warcs, others


class CutShort(Exception):
    """A record whose body ends before its stated length (a run killed while writing)."""


def _payload(record, limit: int) -> bytes:
    data = record.raw_stream.read(limit + 1)
    if len(data) > limit:
        raise fetch.TooLarge(f"archived body is over the {limit} byte cap")
    # warcio checks digests only at the stated end, so a short read must be caught here
    if record.payload_length is not None and 0 <= len(data) < record.payload_length:
        raise CutShort(f"record for {record.rec_headers.get_header('WARC-Target-URI')} "
                       f"ends after {len(data)} of {record.payload_length} bytes")
    if (record.http_headers.get_header("transfer-encoding") or "").lower() == "chunked":
        from warcio.bufferedreaders import ChunkedDataReader

        data = ChunkedDataReader(io.BytesIO(data)).read()
    return data


def record_response(record, limit: int) -> responses.Response:
    """A WARC response record as the Response a live fetch would have given."""
    http = record.http_headers
    raw = _payload(record, limit)
    status = int(http.get_statuscode() or 0)
    statusline = http.statusline or ""
    reason = statusline.split(" ", 1)[1] if " " in statusline else ""
    return responses.Response(
        url=record.rec_headers.get_header("WARC-Target-URI"), status=status, reason=reason,
        headers=tuple(http.headers), raw=raw,
        body=fetch.decode_content(raw, http.get_header("content-encoding"), limit),
    )


def _is_article(response: responses.Response, role: str | None, source: str) -> bool:
    """Whether the crawl that wrote this record made an article of it."""
    if role == "article":
        return True
    if role == "auto" or role is None:  # sniffed, as the crawl sniffed it
        return responses.sniff(response) == "html" and not responses.is_home_page(source)
    return False


def iter_warc(path: str | Path, limit: int | None = None) -> Iterator[Article | Failure]:
    """Articles in one WARC file (and a Failure for each page or stretch that cannot be read)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from pipeline.errors import one_line

    limit = limit or fetch.Policy().max_bytes
    path = Path(path)
    records = 0
    try:
        with open(path, "rb") as f:
            # digests are checked as each body is read: a record cut short by a killed
            # run raises instead of passing for a shorter page
            for record in ArchiveIterator(f, check_digests="raise"):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                role = record.rec_headers.get_header(ROLE_HEADER)
                if role not in (None, "article", "auto"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                try:
                    source = record.rec_headers.get_header(SOURCE_HEADER) or fetch.canonical_url(uri)
                except fetch.FetchError:
                    continue
                if not (200 <= int(record.http_headers.get_statuscode() or 0) < 300):
                    continue
                try:
                    response = record_response(record, limit)
                    if not _is_article(response, role, source):
                        continue
                    yield responses.page_article(response, source)
                except (ArchiveLoadFailed, CutShort):
                    raise
                except Exception as exc:
                    yield Failure(source, "extract", one_line(exc))
    except FileNotFoundError:
        yield Failure(str(path), "read", "no such file")
    except CutShort as exc:
        yield Failure(str(path), "read", f"WARC file cut short: {exc}")
    except Exception as exc:  # a run killed mid-record leaves a cut-off tail
        yield Failure(str(path), "read",
                      f"WARC file unreadable after {records} records ({one_line(exc)})")


def iter_warcs(paths: Iterable[str | Path], limit: int | None = None) -> Iterator[Article | Failure]:
    """Articles in each WARC file, file by file."""
    for path in paths:
        yield from iter_warc(path, limit)
