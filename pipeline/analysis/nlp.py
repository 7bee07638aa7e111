"""Sentences and tokens with character offsets (spaCy's Indonesian tokenizer).

Only the tokenizer and a rule-based sentencizer are used: no spaCy model is needed,
so nothing is downloaded. Paragraph breaks always end a sentence, because news bodies
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


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_CHUNK_CHARS + 1
    return nlp


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
