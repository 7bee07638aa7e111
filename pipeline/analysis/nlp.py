"""Sentences and tokens with character offsets (spaCy's Indonesian tokenizer).

Only the tokenizer and a rule-based sentencizer are used: no spaCy model is needed,
so nothing is downloaded. Paragraph breaks always end a sentence, because news bodies
put datelines, captions and list items on lines of their own without a full stop.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.records import Article, Doc, Sentence, Token


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with token offsets into ``text``."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            for sent in _nlp()(paragraph).sents:
                tokens = tuple(
                    Token(t.text, offset + t.idx, offset + t.idx + len(t.text))
                    for t in sent
                    if not t.is_space
                )
                if tokens:
                    sentences.append(Sentence(tokens[0].start, tokens[-1].end, tokens))
        offset += len(paragraph) + 1
    return tuple(sentences)


def make_doc(article: Article) -> Doc:
    """The Doc the NER tagger and the rules work on."""
    return Doc(article=article, sentences=split_sentences(article.text))
