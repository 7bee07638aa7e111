"""Sentences and tokens with character offsets (spaCy's Indonesian tokenizer).

Only the tokenizer and a rule-based sentencizer are used: no spaCy model is needed,
so nothing is downloaded. The tokenizer is spaCy's, built in 0.1 s instead of 1.7 s by
adding its 15,614 hyphenated special cases only when a text contains them (``_Tokenizer``;
same tokens, tested on every special case). Paragraph breaks always end a sentence, because news bodies
put datelines, captions and list items on lines of their own without a full stop.

Cost is bounded per article: a paragraph is handed to spaCy in pieces of at most
``MAX_CHUNK_CHARS`` (cut at whitespace), and a sentence longer than
``MAX_SENTENCE_TOKENS`` tokens (a page with no punctuation) is split into windows of
at most that many tokens, preferably after a comma or similar. Every rule that looks
within a sentence, and the NER model, then sees a bounded neighbourhood. Real sentences
are far shorter (the longest in the bundled corpus has 72 tokens), so they are unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from pipeline.records import Article, Doc, Sentence, Token

MAX_SENTENCE_TOKENS = 200
MAX_CHUNK_CHARS = 100_000
# Tokens a long sentence is preferably split after, within the last half of a window.
_SOFT_BREAKS = {",", ";", ":", "-", "–", "—", "|", "/"}
_SPACE = re.compile(r"\s")


class _Tokenizer:
    """spaCy's Indonesian pipeline whose hyphenated special cases are added when first needed.

    Building the tokenizer with all 15,963 special cases costs ~1.7 s CPU per process,
    nearly all of it for 15,614 hyphenated words ("anak-anak", "Abu-Abu") that each cost
    an affix tokenization and a phrase-matcher entry. A special case can change the tokens
    of a text only when its string occurs in it: spaCy looks special cases up by a
    piece's own text, and its phrase matcher's hits are applied only where the matched
    span's text is the special case's string (a match across spaces, "anak - anak", is
    kept as it was, though it may hide an overlapping one). So before a text is
    tokenized, every hyphenated special case that occurs in the text *with its whitespace
    removed* (which covers both) is added; the 349 others are loaded up front. The tokens
    are then those of ``spacy.blank("id")``: ``tests/test_nlp.py`` compares the two on
    every corpus text and on each special case in many settings.
    """

    def __init__(self):
        from spacy.lang.id import Indonesian

        exceptions = Indonesian.Defaults.tokenizer_exceptions

        class Lazy(Indonesian):
            class Defaults(Indonesian.Defaults):
                tokenizer_exceptions = {k: v for k, v in exceptions.items() if "-" not in k}

        self.nlp = Lazy()
        self.nlp.tokenizer = _keeping_cache(self.nlp.tokenizer)
        self.pending: dict[str, list[str]] = {}  # text before a case's first "-" -> cases
        for key in exceptions:
            if "-" in key:
                self.pending.setdefault(key[: key.index("-")], []).append(key)
        self.nlp.add_pipe("sentencizer")
        self.nlp.max_length = MAX_CHUNK_CHARS + 1
        self._exceptions = exceptions
        self._longest_left = max((len(left) for left in self.pending), default=0)

    def _load_cases_in(self, text: str) -> None:
        if not self.pending or "-" not in text:
            return
        squeezed = _SPACES.sub("", text)
        found = []
        for hyphen in _HYPHEN.finditer(squeezed):
            at = hyphen.start()
            for start in range(max(0, at - self._longest_left), at + 1):
                keys = self.pending.get(squeezed[start:at])
                if keys:
                    found += [k for k in keys if squeezed.startswith(k, start)]
        for key in dict.fromkeys(found):  # each found in pending above, once
            left = key[: key.index("-")]
            self.pending[left].remove(key)
            if not self.pending[left]:
                del self.pending[left]
            self.nlp.tokenizer.add_without_flush(key, self._exceptions[key])

    def __call__(self, text: str):
        self._load_cases_in(text)
        return self.nlp(text)


def _keeping_cache(tokenizer):
    """A copy of ``tokenizer`` that can add a special case without emptying its cache.

    spaCy empties the tokenizer's cache of whitespace-separated pieces whenever a special
    case is added, since a cached piece might contain it. Here a case is added the first
    time it occurs in a text (whitespace removed), so no piece tokenized before can
    contain it, and the cache stays right; emptying it made the first few hundred
    articles cost as much again.
    """
    from spacy.tokenizer import Tokenizer

    class KeepingCache(Tokenizer):
        keep = False

        def _flush_cache(self):
            if not self.keep:
                super()._flush_cache()

        def add_without_flush(self, key, substrings):
            self.keep = True
            try:
                self.add_special_case(key, substrings)
            finally:
                self.keep = False

    return KeepingCache(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
    )


_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile("-")


@lru_cache(maxsize=1)
def _nlp() -> _Tokenizer:
    return _Tokenizer()


def _chunks(paragraph: str, size: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) of ``paragraph`` in pieces of at most ``size`` chars, cut at whitespace."""
    start = 0
    while len(paragraph) - start > size:
        cut = start + size
        space = paragraph.rfind(" ", start + size // 2, cut)
        if space < 0:
            m = _SPACE.search(paragraph, start + size // 2, cut)
            space = m.start() if m else -1
        if space > start:
            cut = space
        yield start, paragraph[start:cut]
        start = cut
    yield start, paragraph[start:]


def windows(tokens: tuple[Token, ...], limit: int = MAX_SENTENCE_TOKENS) -> Iterator[tuple[Token, ...]]:
    """``tokens`` in runs of at most ``limit``, split after a comma-like token when one is near."""
    first = 0
    while len(tokens) - first > limit:
        end = first + limit
        for k in range(end - 1, first + limit // 2 - 1, -1):
            if tokens[k].text in _SOFT_BREAKS:
                end = k + 1
                break
        yield tokens[first:end]
        first = end
    if first < len(tokens):
        yield tokens[first:]


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with token offsets into ``text``."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            for at, piece in _chunks(paragraph):
                base = offset + at
                for sent in _nlp()(piece).sents:
                    tokens = tuple(
                        Token(t.text, base + t.idx, base + t.idx + len(t.text))
                        for t in sent
                        if not t.is_space
                    )
                    for window in windows(tokens):
                        sentences.append(Sentence(window[0].start, window[-1].end, window))
        offset += len(paragraph) + 1
    return tuple(sentences)


def make_doc(article: Article) -> Doc:
    """The Doc the NER tagger and the rules work on."""
    return Doc(article=article, sentences=split_sentences(article.text))
