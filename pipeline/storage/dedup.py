"""Near-duplicate texts: MinHash over word shingles, banded for lookup, confirmed exactly.

Police press releases are syndicated: five outlets print the same text with a new
first line, a different dateline or a cut last paragraph. Each article body gets a
MinHash signature of its word 3-shingles; the signature is cut into bands, and two
articles that share a band are candidates. A candidate pair is a near-duplicate when the
exact Jaccard similarity of their shingle sets is at least ``THRESHOLD``.

With 20 bands of 3 rows a pair at Jaccard 0.5 becomes a candidate with probability
0.93, at 0.6 with 0.99; pairs are confirmed exactly, so candidates never cause false
links. Everything is seeded and deterministic: the same two texts are always judged the
same way, whichever was stored first.
"""

from __future__ import annotations

import collections
import hashlib
import re

import numpy as np
import sqlite_utils

from pipeline.records import Article

SHINGLE = 3  # words per shingle
BANDS = 20
ROWS = 3
THRESHOLD = 0.5  # Jaccard similarity of shingle sets
MIN_WORDS = 30  # shorter texts are too short to call duplicates
VERSION = f"minhash{BANDS}x{ROWS}-w{SHINGLE}"

_PRIME = 4294967311  # smallest prime above 2**32
# a, b and the shingle hashes are below 2**32, so a*x + b stays below 2**64: no overflow
_rng = np.random.default_rng(20240917)
_A = _rng.integers(1, 2**32, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 2**32, size=BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """32-bit hashes of the text's lower-cased word 3-shingles (empty for short texts)."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return set()
    return {
        int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=4).digest(),
            "little",
        )
        for i in range(len(words) - SHINGLE + 1)
    }


def band_keys(shingle_set: set[int]) -> list[str]:
    """One lookup key per band of the MinHash signature ("band:hex")."""
    if not shingle_set:
        return []
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    signature = ((_A[:, None] * values[None, :] + _B[:, None]) % _PRIME).min(axis=1)
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return keys


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# --- linking in the database (inside the caller's transaction) ----------------------------------------------------------------------

_NO_DATE = "9999-99-99"  # undated articles sort after dated ones


# A syndicated press release can be printed by dozens of outlets: only the candidates that
# share the most MinHash bands are confirmed exactly, and their shingle sets are cached, so
# storing one article costs a bounded amount of work however large its cluster grows.
MAX_CANDIDATES = 32
_shingle_cache: collections.OrderedDict[tuple[str, int], set[int]] = collections.OrderedDict()
_SHINGLE_CACHE_SIZE = 2048


def _cached_shingles(aid: str, body: str) -> set[int]:
    key = (aid, hash(body))
    found = _shingle_cache.get(key)
    if found is None:
        found = _shingle_cache[key] = shingles(body)
        if len(_shingle_cache) > _SHINGLE_CACHE_SIZE:
            _shingle_cache.popitem(last=False)
    else:
        _shingle_cache.move_to_end(key)
    return found


def _near(db: sqlite_utils.Database, aid: str, bands: list[str], shingles: set[int]):
    """(order key, id, similarity) of stored articles that are near-duplicates of ``aid``."""
    if not bands:
        return []
    rows = db.conn.execute(
        "select a.id, a.published, a.text, a.body_start from articles a join ("
        "  select article_id, count(*) as shared from article_bands"
        f"  where band in ({', '.join('?' * len(bands))}) and article_id != ?"
        "  group by article_id order by shared desc, article_id limit ?"
        ") c on c.article_id = a.id",
        [*bands, aid, MAX_CANDIDATES],
    ).fetchall()
    near = []
    for other, published, text, body_start in rows:
        similarity = jaccard(shingles, _cached_shingles(other, text[body_start or 0:]))
        if similarity >= THRESHOLD:
            near.append(((published or _NO_DATE, other), other, round(similarity, 3)))
    return near


def _link(db: sqlite_utils.Database, aid: str, key: tuple[str, str], near) -> None:
    # The earliest-published near-duplicate (then the smallest id) is the original: a
    # rule on the set of stored articles, so the order they arrive in never matters.
    earlier = [n for n in near if n[0] < key]
    original, similarity = (min(earlier)[1:]) if earlier else (None, None)
    db.conn.execute("update articles set duplicate_of = ?, similarity = ? where id = ?",
                    [original, similarity, aid])


def relink(db: sqlite_utils.Database, aid: str) -> None:
    row = db.conn.execute("select published, text, body_start from articles where id = ?",
                          [aid]).fetchone()
    if row is None:
        return
    bands = [r[0] for r in db.conn.execute(
        "select band from article_bands where article_id = ?", [aid]).fetchall()]
    near = _near(db, aid, bands, _cached_shingles(aid, row[1][row[2] or 0:]))
    _link(db, aid, (row[0] or _NO_DATE, aid), near)


def _adopt_later(db: sqlite_utils.Database, aid: str, key: tuple[str, str], near) -> None:
    """Later articles near ``aid`` take it as their original when it is earlier than theirs.

    Their original is the earliest of their near-duplicates; ``aid`` only joins that set,
    so comparing keys is enough (no need to recompute their neighbourhoods).
    """
    for other_key, other, similarity in near:
        if other_key <= key:
            continue
        current = db.conn.execute(
            "select o.published, o.id from articles a join articles o on o.id = a.duplicate_of "
            "where a.id = ?", [other]).fetchone()
        if current is None or key < (current[0] or _NO_DATE, current[1]):
            db.conn.execute("update articles set duplicate_of = ?, similarity = ? where id = ?",
                            [aid, similarity, other])


def link_near_duplicates(db: sqlite_utils.Database, article: Article) -> None:
    """Store ``article``'s MinHash bands and link it, and the articles near it, to their
    originals (inside the caller's transaction)."""
    aid = article.id
    article_shingles = shingles(article.body)
    bands = band_keys(article_shingles)
    db.conn.execute("delete from article_bands where article_id = ?", [aid])
    db.conn.executemany("insert or ignore into article_bands (article_id, band) values (?, ?)",
                        [(aid, b) for b in bands])
    key = (article.published or _NO_DATE, aid)
    near = _near(db, aid, bands, article_shingles)
    _link(db, aid, key, near)
    # Articles that pointed here before this version of the article may no longer be
    # near it: recompute theirs. Later articles near it may now point here.
    for (other,) in db.conn.execute(
        "select id from articles where duplicate_of = ? and id != ? order by id", [aid, aid]
    ).fetchall():
        relink(db, other)
    _adopt_later(db, aid, key, near)
