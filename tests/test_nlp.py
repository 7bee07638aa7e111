"""The tokenizer that adds spaCy's hyphenated special cases when first needed gives
spaCy's own tokens and sentences (pipeline.analysis.nlp._Tokenizer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.analysis import nlp

ROOT = Path(__file__).resolve().parent.parent
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def eager():
    """What pantau used before: spaCy's own pipeline with every special case loaded."""
    import spacy

    pipeline = spacy.blank("id")
    pipeline.add_pipe("sentencizer")
    pipeline.max_length = nlp.MAX_CHUNK_CHARS + 1
    return pipeline


def _tokens(tokenizer, text):
    return [(t.text, t.idx, t.is_sent_start) for t in tokenizer(text)]


def _corpus_texts():
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.suffix == ".txt":
            yield path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".html":
            yield _TAG.sub(" ", path.read_text(encoding="utf-8", errors="replace"))


def test_corpus_tokens_and_sentences_are_spacys(eager):
    lazy = nlp._Tokenizer()
    texts = list(_corpus_texts())
    assert len(texts) > 100
    for text in texts:
        for piece in text.split("\n"):
            assert _tokens(lazy, piece) == _tokens(eager, piece), piece[:80]
    # it did load cases on demand, and far from all of them
    loaded = len(lazy.nlp.tokenizer.rules)
    assert 349 < loaded < len(eager.tokenizer.rules) / 4


def _settings(key: str, other: str) -> list[str]:
    """``key`` where spaCy's special case, its affix rules or its phrase matcher act."""
    spaced = key.replace("-", " - ")
    return [
        f"Warga {key} datang.",
        f'("{key}"),',
        f"{key}/{other}",
        f"{other}/{key}",
        f"{key}-{other}",
        f"x{key}",
        f"{spaced} {key}",
        f"{spaced}/{key}",
    ]


def test_every_special_case_in_many_settings(eager):
    from spacy.lang.id import Indonesian

    keys = sorted(k for k in Indonesian.Defaults.tokenizer_exceptions if "-" in k)
    assert len(keys) > 15000
    lazy = nlp._Tokenizer()
    # texts of 40 cases each, so that cases meet other cases and cached pieces
    for first in range(0, len(keys), 40):
        group = keys[first : first + 40]
        text = " ".join(
            s for i, key in enumerate(group) for s in _settings(key, group[i - 1])
        )
        assert _tokens(lazy, text) == _tokens(eager, text), group[0]


def test_a_case_added_later_does_not_change_earlier_pieces(eager):
    lazy = nlp._Tokenizer()
    first = "Anak anak bermain di halaman rumah, kata-kata mereka riang."
    assert _tokens(lazy, first) == _tokens(eager, first)
    later = "Anak-anak dan ibu-ibu hadir; anak anak lain menunggu, kata-kata."
    assert _tokens(lazy, later) == _tokens(eager, later)
    assert [t.text for t in lazy("anak-anak")] == ["anak-anak"]
    assert _tokens(lazy, first) == _tokens(eager, first)
