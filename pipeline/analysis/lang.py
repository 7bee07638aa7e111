"""Which language an article is written in: py3langid, whose model ships in its wheel.

Chosen over langdetect and lingua on pantau's own pages (docs/notes/issue-10.md, README
"Language"): it alone tells Malay from Indonesian *and* Javanese from Indonesian, in
under a millisecond an article, with no download. Sundanese is not one of its languages;
it reads Sundanese pages as Javanese, which is still "not Indonesian", and that is all the
gate needs. Codes are ISO 639-1 ("id", "ms", "en", "jv").
"""

from __future__ import annotations

from functools import lru_cache

NAME = "py3langid"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def identify(text: str) -> str:
    """ISO 639-1 code of the language ``text`` is written in ("id" for empty text)."""
    if not text.strip():
        return "id"
    return str(_identifier().classify(text)[0])


def version() -> str:
    """What identified the language: part of the analysis id."""
    from importlib.metadata import version as dist_version

    return f"{NAME}@{dist_version('py3langid')}"
