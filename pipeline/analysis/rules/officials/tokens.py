"""The officials' tokens: spaCy's tokens of the Doc, re-split only where the lexicons need it.

The rules get spaCy's tokens in ``doc.sentences`` (``pipeline.analysis.nlp``); this module does not
tokenise the text a second time. It reads those tokens line by line and turns them into
``Tok`` records, adding what the officials' lexicons match on:

- a ``key`` (lower case, no trailing full stop), and a newline token closing each line,
  because a line break ends a list item, a dateline or a caption;
- lines the lexicon marks as not the story (``skip_lines``: "Baca juga", related
  headlines) are left out;
- a few pieces split the way the lexicons were written, which spaCy's Indonesian
  tokenizer does not: dotted titles stay whole ("S.I.K.", "M.Si", "S.Pd" - spaCy gives
  "S.I.K" and "."), a short word keeps its full stop ("Kab.", "Pol.", "Moh."), words glued
  by a full stop come apart ("Seruyan.Sabtu"), and a unit code splits at its slash
  ("0430-02/Betung" is one spaCy token).

Where spaCy's token is a plain word or a punctuation mark standing alone between spaces
(most tokens), it is taken as it is. Only a run of tokens written without a space between
them ("S.I.K.,", "0410/Bandar", "(Pol)") is re-split, by ``_PIECES``, within that run;
since no piece ever spans a space, this gives exactly the pieces the family was written
against. ``tokenize`` on a bare string (lexicon phrases, tests) tokenises it with spaCy
first, through ``pipeline.analysis.nlp.split_sentences``, so every text goes the same way.

Imports: ``pipeline.analysis.nlp`` (spaCy's tokens for a bare string), ``pipeline.records``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from pipeline.records import Sentence, Token

# How one run of characters without a space comes apart: dotted abbreviations ("S.Pd",
# "S.I.K.", "M.Si") stay one piece, and so do a capital with its dot ("M.") and the few
# short words written with a full stop ("Kab.", "ABD." in capitals, "Bpk.", "sdr."); words, numbers and marks otherwise.
_PIECES = re.compile(
    r"[A-Za-z]{1,3}(?:\.[A-Za-z]{1,3})+\.?(?![A-Za-z])"
    r"|(?i:Kab|Kec|Kel|Prov|Pol|Jl|Jln|Gg|Muh|Moh|Mhd|Moch|Mochd|Much|Ach|Abd|Hj|KH|Dr|dr|Drs|Dra|Ir|Prof|Ust|Tgk"
    r"|Plt|Pj|Plh|Pjs|Ps|Ds|Jend|Bpk|Sdr|Sdri|Kordiv|Tb|Dt|Hi|Dg)"
    r"\.(?=\s|$|,)"
    r"|[A-Z]\.(?=\s)"
    r"|(?:Drs|Dra|Dr|Ir|Hj|Prof|KH|Tgk)\.(?=[A-Z][a-z])"  # a title glued to the name: "Camat X Drs.Heru U" (officials 10)
    r"|[A-Z]\.(?=[A-Z][a-z]{2,}\b)(?!Farm\b)"  # an initial glued to the surname: "Serka S.Lubis" (officials 10)
    r"|[A-Z]{1,4}\d[A-Z\d]*(?![A-Za-z\d])"  # an acronym with a figure stays whole: "P2K", "P3S" (officials 10)
    r"|[^\W\d_]+(?:['\-][^\W\d_]+)*"
    r"|\d+(?:[.,:\-]\d+)*"
    r"|[^\w\s]"
)
# A word glued to the rank or title after it, the space lost in a release (officials 11):
# "Kapolsek Tebas KempasAKP Yusuf", "Camat Tebas MahyuddinMSi". Only these suffixes, written so.
_GLUED = re.compile(
    r"([A-Z][a-z]{2,})(AKBP|AKP|Kompol|Kombes|Iptu|Ipda|Aiptu|Aipda|Bripka|Brigpol|Briptu|Bripda"
    r"|Serka|Sertu|Serda|Serma|Kapten|Lettu|Letda|Mayor|Letkol|MSi|MSc|SH|MH|SE|MM|SIK|SPd|SSos|SIP|ST)"
)
# A mark standing alone is one piece as it is (``_PIECES``' last branch).
_MARKS = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~“”‘’–—…•·«»")
NEWLINE = "\n"
SENTENCE_ENDS = (NEWLINE, ".", "!", "?")


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    key: str  # lower case without a trailing full stop: what lexicons match on


def tokenize(
    text: str, skip_line: re.Pattern | None = None, sentences: Iterable[Sentence] | None = None
) -> tuple[Tok, ...]:
    """Tokens of ``text`` from spaCy's ``sentences`` of it, a newline token closing each line.

    ``sentences``: the Doc's (``doc.sentences``); for a bare string they are made here.
    Lines matching ``skip_line`` are left out; a ``skip_line`` heading alone on its line
    ("Berita Terkait") takes the headlines under it along.
    """
    if sentences is None:
        from pipeline.analysis.nlp import split_sentences

        sentences = split_sentences(text)
    words = [t for s in sentences for t in s.tokens]
    starts = [t.start for t in words]
    p = 0  # the next spaCy token
    toks: list[Tok] = []
    offset = 0
    headlines = 0  # how many more lines may be headlines under a heading
    for line in text.split("\n"):
        line_end = offset + len(line)
        heading = skip_line.match(line) if skip_line else None
        stripped = line.strip()
        if heading:
            headlines = 5 if not line[heading.end() :].strip(" :-–—|>»") else 0
        elif headlines and stripped and len(stripped) < 160 and not stripped.endswith((".", '"', "”")):
            headlines -= 1
            heading = True  # a related headline
        elif stripped or headlines < 5:
            headlines = 0
        first, p = p, bisect.bisect_left(starts, line_end, p)
        if not heading:
            _line_toks(line, offset, words, first, p, toks)
        toks.append(Tok(NEWLINE, line_end, line_end, NEWLINE))
        offset = line_end + 1
    return tuple(toks)


def _line_toks(line: str, offset: int, words: list[Token], i: int, last: int, out: list[Tok]) -> None:
    """The tokens of one line from its spaCy tokens ``words[i:last]``.

    Between two tokens spaCy leaves only spaces (its space tokens are not in
    ``doc.sentences``), so tokens are written on without a space exactly where one
    ends where the next starts.
    """
    while i < last:
        w = words[i]
        start, end = w.start, w.end
        j = i + 1
        while j < last and words[j].start == end:
            end = words[j].end
            j += 1
        word = w.text
        if j == i + 1 and word.isalpha() and (g := _GLUED.fullmatch(word)):  # "MahyuddinMSi" (officials 11)
            cut = start + g.end(1)
            out.append(Tok(g.group(1), start, cut, g.group(1).lower()))
            out.append(Tok(g.group(2), cut, end, g.group(2).lower()))
        elif j == i + 1 and (word.isalpha() or word in _MARKS):  # a word or a mark alone: as spaCy gives it
            out.append(Tok(word, start, end, word.lower() if len(word) == 1 else word.lower().rstrip(".")))
        else:  # re-split the run; one character past it shows what follows (a space, or the line's end)
            for m in _PIECES.finditer(line, start - offset, min(end - offset + 1, len(line))):
                t = m.group()
                out.append(Tok(t, offset + m.start(), offset + m.end(), t.lower() if len(t) == 1 else t.lower().rstrip(".")))
        i = j


@lru_cache(maxsize=8192)
def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The keys a lexicon phrase is matched on."""
    return tuple(t.key for t in tokenize(phrase) if t.key != NEWLINE)


def display_name(toks: Iterable[Tok], acronyms: bool = False) -> str:
    """Words as written, or in title case when written in capitals ("AGUS TRIMULYO").

    ``acronyms``: short words stay in capitals, as places write them ("OKU TIMUR" -> "OKU Timur").
    """
    words = [t.text for t in toks]
    letters = "".join(c for w in words for c in w if c.isalpha())
    if len(letters) > 1 and letters.isupper():
        words = [w if acronyms and max(len(p) for p in w.split("-")) <= 3 else _title_case(w) for w in words]
    return " ".join(words)


def _title_case(word: str) -> str:
    return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))


def place_name(toks: Iterable[Tok]) -> str:
    return display_name(toks, acronyms=True)


def looks_like_a_word(key: str) -> bool:
    """Verbs and nouns that title-case headlines capitalise: "Lakukan", "Sambutannya"."""
    return len(key) > 5 and (
        key.endswith(("kan", "nya"))
        or key.startswith(("meng", "meny", "memb", "memp", "mend", "peng", "peny"))
        or (key[:3] in ("men", "mem", "mel", "mer") and key[3] in "aeiou")  # "meninjau", "memimpin", "melihat"
    )
