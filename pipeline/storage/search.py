"""Indonesian full-text search: stems stored next to each article, and queries stemmed alike.

SQLite's FTS tokenizers know nothing of Indonesian affixes, so "kunjungi" would never
find "mengunjungi". pantau therefore stores a stemmed copy of every article's title and
text (table ``article_stems``, FTS table ``article_stems_fts``) and stems the user's query
with the same function before matching. Stemming is PySastrawi's (Nazief-Adriani with
confix stripping), cached per word: an article costs a dictionary look-up per distinct
word, not a Sastrawi run.

Sastrawi picks a single root even where the prefixes me-/pe- hide which consonant
melted away: "mengunjungi" gives "unjung" while "kunjungi" gives "kunjung", and
"mengawal" gives "awal". For those words the other readings that Sastrawi's own
dictionary knows are kept too, so both spellings share a stem.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version

# Words are letters/digits, optionally joined by hyphens (reduplication: "kebiasaan-kebiasaan").
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# me-/pe- melt the first consonant of the root: meng+kawal -> mengawal, pem+pungut -> pemungut.
MELTED = (
    (re.compile(r"^(?:me|pe)ng([aiueo].*)$"), "k"),
    (re.compile(r"^(?:me|pe)ny([aiueo].*)$"), "s"),
    (re.compile(r"^(?:me|pe)m([aiueo].*)$"), "p"),
    (re.compile(r"^(?:me|pe)n([aiueo].*)$"), "t"),
    (re.compile(r"^(?:me|pe)nge(.{2,})$"), ""),  # monosyllabic roots: mengecek -> cek
)


@lru_cache(maxsize=1)
def stemmer_version() -> str:
    """Recorded with every stemmed row, so a stemmer upgrade can be detected."""
    return f"sastrawi@{version('PySastrawi')}+pantau@1"


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    return stemmer.delegatedStemmer.stem, stemmer.delegatedStemmer.dictionary.contains


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> tuple[str, ...]:
    """The stems of one word, Sastrawi's reading first; lower-cased."""
    word = word.lower()
    if not word.isascii() or word.isdigit():
        return (word,)  # Sastrawi would drop non-ASCII letters; numbers have no affixes
    stem, known = _sastrawi()
    first = stem(word) or word
    stems = [first]
    for pattern, consonant in MELTED:
        m = pattern.match(word)
        if m:
            other = stem(consonant + m.group(1))
            if other not in stems and known(other):
                stems.append(other)
    return tuple(stems)


def words(text: str | None) -> list[str]:
    return WORD.findall(text or "")


def stem_text(text: str | None) -> str:
    """Every word of ``text`` replaced by its stems, space-separated (what FTS indexes)."""
    return " ".join(" ".join(stem_word(w)) for w in words(text))


def stem_query(query: str | None) -> str:
    """An FTS5 query for ``query``: every word must match one of its stems.

    Example: ``stem_query("mengunjungi Polsek")`` -> ``("unjung" OR "kunjung") AND "polsek"``.
    """
    parts = []
    for w in words(query):
        stems = stem_word(w)
        quoted = [f'"{s}"' for s in stems]
        parts.append(quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})")
    # FTS5 allows no implicit AND after a bracket, so spell it out; an empty query
    # must still be valid syntax, and '""' matches nothing.
    return " AND ".join(parts) or '""'


def stem_row(article_id: str, title: str | None, text: str | None) -> dict[str, str]:
    """The ``article_stems`` row for one article (``text`` is the full text, title included)."""
    return {
        "article_id": article_id,
        "title": stem_text(title),
        "text": stem_text(text),
        "stemmer": stemmer_version(),
    }
