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

import hashlib
import re

import numpy as np

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
