"""pantau's own Indonesian Stanza NER model, loaded fully offline from ``pipeline/models/ner``.

Stanza publishes no Indonesian NER model and nothing may be fetched at run time, so the
pipeline is built from our shipped files only: downloads off, explicit model and
pretrain paths (the word vectors are *not* inside the model file; without them Stanza
silently tags with random vectors), and our own spaCy tokens handed over pretokenised
with their character offsets so entities map back onto ``Article.text``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterator, Sequence

from pipeline.errors import ModelMissing
from pipeline.records import Doc, Entity

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"
MODEL_FILE = "id_pantau_nertagger.pt"
PRETRAIN_FILE = "id_pantau.pretrain.pt"
MANIFEST_FILE = "model.json"
# With download_method=None Stanza still opens <dir>/resources.json; "{}" satisfies it.
RESOURCES_FILE = "resources.json"
SHORTHAND = "id_pantau"
REBUILD_HINT = "rebuild it with `pantau train-ner`, or run with `--ner rules`"

# Police and military ranks: never part of a name. The abbreviations are unambiguous, so
# a span right after one is a person and a span with one inside starts its name after it
# ("Hilir AKP Wagiyono"). Spelled-out ranks double as ordinary words ("Sekretaris Jenderal
# Partai Golkar", "mayor" = majority), so they are only trimmed off a person's edges.
RANKS = {
    "komjen", "irjen", "brigjen", "kombes", "kombespol", "akbp", "akp", "kompol", "iptu",
    "lptu", "ipda", "aiptu", "aipda", "bripka", "brigpol", "briptu", "bripda", "bharada",
    "bharatu", "bharaka", "letjen", "mayjen", "letkol", "lettu", "letda", "peltu", "pelda",
    "serma", "serka", "sertu", "serda", "kopda", "koptu", "praka", "pratu", "prada",
}
SPELLED_RANKS = {"jenderal", "kolonel", "mayor", "kapten", "brigadir", "pol", "inf", "kav",
                 "arh", "cpm", "czi"}
# Academic and religious titles: never part of a name either, but nothing follows from them.
TITLES = {
    "sh", "s.h", "sik", "s.i.k", "mh", "m.h", "msi", "m.si", "spd", "s.pd", "se", "s.e",
    "sthi", "s.th.i", "s.th", "sth", "ssos", "s.sos", "sip", "s.ip", "mm", "m.m", "st", "s.t",
    "sstp", "s.stp", "ir", "dr", "drs", "hj", "h", "kh", "mpd", "m.pd", "ma", "m.a", "skom",
    "s.kom", "shi", "s.hi", "mkn", "m.kn", "sag", "s.ag",
}
_EDGE_WORDS = RANKS | SPELLED_RANKS | TITLES
# "Ketua PPK Rusdianoor": after a position, an election body's acronym followed by words
# that are no place is the body and then a person. The model, which has seen many
# "PPK Betung"-like names, tags the whole run ORG; the gazetteer tells the two apart.
_BODIES = {"ppk", "pps", "kpps", "kpu", "bawaslu", "panwascam", "panwaslu"}
_POSITIONS = {"ketua", "anggota", "komisioner", "sekretaris", "koordinator", "kordiv"}
_ADMIN_WORDS = {"kecamatan", "kabupaten", "kota", "desa", "kelurahan", "provinsi", "kab",
                "kec", "kel", "ri", "pusat", "se"}
_STRIP_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def model_files(model_dir: Path = MODEL_DIR) -> dict[str, Path]:
    """Paths of the files that make up a shipped model."""
    model_dir = Path(model_dir)
    return {
        "model": model_dir / MODEL_FILE,
        "pretrain": model_dir / PRETRAIN_FILE,
        "manifest": model_dir / MANIFEST_FILE,
        "resources": model_dir / RESOURCES_FILE,
    }


def model_available(model_dir: Path = MODEL_DIR) -> bool:
    """True when every model file is present (cheap: no loading, no hashing)."""
    return all(p.is_file() for p in model_files(model_dir).values())


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_model(model_dir: Path = MODEL_DIR) -> dict:
    """The model's manifest, after checking every file is there and matches its sha256."""
    files = model_files(model_dir)
    missing = [p.name for p in files.values() if not p.is_file()]
    if missing:
        raise ModelMissing(
            f"the NER model in {model_dir} is missing {', '.join(missing)}: {REBUILD_HINT}"
        )
    try:
        manifest = json.loads(files["manifest"].read_text(encoding="utf-8"))
        recorded = manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelMissing(
            f"the NER model manifest {files['manifest']} is unreadable ({exc}): {REBUILD_HINT}"
        ) from exc
    for key in ("model", "pretrain"):
        path = files[key]
        expected = (recorded.get(path.name) or {}).get("sha256")
        if expected != file_sha256(path):
            raise ModelMissing(
                f"the NER model file {path} is corrupt (its sha256 differs from {MANIFEST_FILE}): "
                f"{REBUILD_HINT}"
            )
    return manifest


@contextlib.contextmanager
def _no_optimizer() -> Iterator[None]:
    """Stanza's NER trainer builds an Adam optimiser when it loads a model; tagging never
    uses it, and building one imports ``torch._dynamo`` (~1 s CPU per process). While a
    model loads, stanza's ``get_optimizer`` returns None (restored after)."""
    from stanza.models.common import utils

    original = utils.get_optimizer
    utils.get_optimizer = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.get_optimizer = original


def load_pipeline(model_dir: Path = MODEL_DIR, threads: int | None = 1, batch_size: int = 64):
    """A Stanza pipeline for the shipped model; never touches the network."""
    check_model(model_dir)
    import torch

    if threads:
        # Two threads gain little and collapse when another process wants the other core.
        torch.set_num_threads(threads)
    import stanza

    files = model_files(model_dir)
    # Stanza warns on every load that "id" is an unsupported language (we bring our own
    # model); pantau run --verbose lets it through (PANTAU_QUIET unset).
    quiet = bool(os.environ.get("PANTAU_QUIET"))
    try:
        with _no_optimizer():
            return stanza.Pipeline(
                lang="id",
                dir=str(Path(model_dir)),
                download_method=None,
                allow_unknown_language=True,
                processors="tokenize,ner",
                tokenize_pretokenized=True,
                ner_model_path=str(files["model"]),
                ner_pretrain_path=str(files["pretrain"]),
                ner_batch_size=batch_size,
                use_gpu=False,
                logging_level="ERROR" if quiet else "WARN",
            )
    except Exception as exc:  # torch/pickle raise many kinds on a damaged file
        raise ModelMissing(
            f"the NER model in {model_dir} could not be loaded ({type(exc).__name__}): {REBUILD_HINT}"
        ) from exc


def _word(text: str) -> str:
    return _STRIP_PUNCT.sub("", text).lower()


def _is_edge_word(text: str) -> bool:
    word = _word(text)
    return word in _EDGE_WORDS or word.replace(".", "") in _EDGE_WORDS


def _is_rank(text: str) -> bool:
    return _word(text) in RANKS


def trim_person(words: Sequence[str]) -> tuple[int, int]:
    """Index range of a PER span's words left after dropping ranks/titles at its edges."""
    lo, hi = 0, len(words)
    while lo < hi and (_is_edge_word(words[lo]) or not _word(words[lo])):
        lo += 1
    while hi > lo and (_is_edge_word(words[hi - 1]) or not _word(words[hi - 1])):
        hi -= 1
    return lo, hi


def _is_place(name: str) -> bool:
    from pipeline.analysis import regions
    from pipeline.analysis.rules.places import rules

    if name in rules().abbreviations:
        return True
    return any(regions.is_known(name, level) for level in regions.LEVEL_TYPES)


def _body_then_person(words: Sequence[str], first: int, last: int) -> bool:
    """True for an ORG run like "[Ketua] PPK Rusdianoor": a body, then a name that is no place."""
    rest = words[first + 1:last]
    if not (first > 0 and _word(words[first - 1]) in _POSITIONS and _word(words[first]) in _BODIES):
        return False
    if not 1 <= len(rest) <= 4 or _word(rest[0]) in _ADMIN_WORDS:
        return False
    if not all(w.isalpha() and w[0].isupper() and w[1:].islower() and len(w) >= 3 for w in rest):
        return False
    return not _is_place(" ".join(rest))


def correct_spans(words: Sequence[str], spans: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The model's (label, first, end) token spans after the certain rank/title corrections."""
    out = []
    for label, first, last in spans:
        inner = [i for i in range(first + 1, last) if _is_rank(words[i])]
        if inner:  # "Hilir AKP Wagiyono": the name starts after the last rank
            if label != "PER" and not _is_rank(words[first]):
                out.append((label, first, inner[0]))
            label, first = "PER", inner[-1] + 1
        if label == "ORG" and _body_then_person(words, first, last):
            out.append(("ORG", first, first + 1))
            label, first = "PER", first + 1
        before = first - 1
        while before >= 0 and (words[before] in {".", "(", ")"} or _word(words[before]) == "pol"):
            before -= 1  # "Kombes Pol. Budi", "AKBP (Pol) Budi"
        if before >= 0 and _is_rank(words[before]):  # "IPDA AGUS TRIMULYO" tagged ORG
            label = "PER"
        if label == "PER":
            lo, hi = trim_person(words[first:last])
            first, last = first + lo, first + hi
            # A name has a word of two letters or more ("S.Th. I" is a title's debris).
            if not any(len(_word(w)) >= 2 for w in words[first:last]):
                continue
        if first < last:
            out.append((label, first, last))
    return out


def token_spans(sentence) -> list[tuple[str, int, int]]:
    """(label, first token index, end token index) of each entity in a tagged Stanza sentence."""
    index = {id(t): i for i, t in enumerate(sentence.tokens)}
    spans = [(ent.type, index[id(ent.tokens[0])], index[id(ent.tokens[-1])] + 1) for ent in sentence.ents]
    return correct_spans([t.text for t in sentence.tokens], spans)


def tag_token_lists(pipeline, sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, int, int]]]:
    """Entity token spans for pretokenised sentences (used for scoring on CoNLL data).

    ``pipeline`` is Stanza's pipeline (the old path) or a ``ner_fast.FastNER`` (the new one).
    """
    if not sentences:
        return []
    if hasattr(pipeline, "tag_tokens"):
        return [correct_spans(list(s), spans) for s, spans in zip(sentences, pipeline.tag_tokens(sentences))]
    doc = pipeline([list(s) for s in sentences])
    return [token_spans(s) for s in doc.sentences]


def tagger_name(sha256: str, int8: bool = False, cached: bool = False) -> str:
    """The ``source`` of the entities: the model's sha256 prefix, and ``+int8`` when quantised
    (``+cached-int8`` when the per-form layers stay float, the cache's int8). The float cache
    gives the same entities as no cache, so it has no suffix."""
    suffix = ("+cached-int8" if cached else "+int8") if int8 else ""
    return f"stanza:{SHORTHAND}@{sha256[:8]}" + suffix


class StanzaTagger:
    """PER/ORG/LOC from pantau's Stanza model, batched over every sentence of every doc.

    ``fast`` (the default) runs the network through ``ner_fast.FastNER`` (sorted, token-
    budget batches, no Stanza Document, no CRF loss; same entities as Stanza's pipeline);
    ``fast=False`` is Stanza's own pipeline (the old path, kept for the benchmark).
    ``quantize`` runs the LSTMs and linear layers as dynamic int8 (F1 kept, a few entities
    differ). ``cache`` (a number of word forms) computes the layers below the word LSTM once
    per distinct form, in a bounded LRU cache (``ner_fast.FormCache``). ``skip`` leaves out
    sentences with no capital letter in cased text; off by default: in cased news nearly
    every sentence has one, and the few that do not are reporter codes like "(ans/fk)" that
    the model tags PER (docs/ner.md, "Speed").
    """

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int | None = None, batch_size: int = 64,
                 fast: bool = True, quantize: bool = False, skip: bool = False, cache: int = 0):
        manifest = check_model(model_dir)
        if threads is None:  # one torch thread unless PANTAU_TORCH_THREADS says otherwise
            threads = int(os.environ.get("PANTAU_TORCH_THREADS", "1"))
        self.pipeline = load_pipeline(model_dir, threads=threads, batch_size=batch_size)
        self.name = tagger_name(manifest["files"][MODEL_FILE]["sha256"], quantize and fast, bool(cache))
        self.fast = None
        self.skip = skip and fast
        if fast:
            from pipeline.analysis.ner_fast import FastNER

            self.fast = FastNER(self.pipeline, quantize=quantize, cache=cache)

    def tag(self, docs: Sequence[Doc]) -> list[Doc]:
        from dataclasses import replace

        if self.fast is None:
            return self._tag_stanza(docs)
        from pipeline.analysis.ner_fast import can_hold_name

        owners, sentences = [], []
        for n, doc in enumerate(docs):
            cased = not self.skip or any(c.isupper() for c in doc.text)
            for sent in doc.sentences:
                words = [t.text for t in sent.tokens]
                if words and (not self.skip or can_hold_name(words, cased)):
                    owners.append((n, sent.tokens))
                    sentences.append(words)
        found: list[list[Entity]] = [[] for _ in docs]
        for (n, tokens), words, spans in zip(owners, sentences, self.fast.tag_tokens(sentences)):
            text = docs[n].text
            for label, first, last in correct_spans(words, spans):
                start, end = tokens[first].start, tokens[last - 1].end
                found[n].append(Entity(label, start, end, text[start:end], self.name))
        return [replace(doc, entities=tuple(ents)) for doc, ents in zip(docs, found)]

    def _tag_stanza(self, docs: Sequence[Doc]) -> list[Doc]:
        from dataclasses import replace

        from stanza.models.common.doc import Document

        owners, sentences, texts = [], [], []
        for n, doc in enumerate(docs):
            for sent in doc.sentences:
                owners.append(n)
                texts.append(doc.text[sent.start:sent.end])
                sentences.append([
                    {"id": (i + 1,), "text": t.text, "misc": f"start_char={t.start}|end_char={t.end}"}
                    for i, t in enumerate(sent.tokens)
                ])
        found: list[list[Entity]] = [[] for _ in docs]
        if sentences:
            # One Document for every sentence of every doc, so the tagger batches them all.
            # Offsets of different docs overlap, so it gets no document text; each sentence
            # carries its own, which Stanza needs to build entity spans.
            batch = Document(sentences)
            for stanza_sentence, text in zip(batch.sentences, texts):
                stanza_sentence.text = text
            tagged = self.pipeline(batch)
            for n, sent in zip(owners, tagged.sentences):
                text = docs[n].text
                for label, first, last in token_spans(sent):
                    start = sent.tokens[first].start_char
                    end = sent.tokens[last - 1].end_char
                    found[n].append(Entity(label, start, end, text[start:end], self.name))
        return [replace(doc, entities=tuple(ents)) for doc, ents in zip(docs, found)]
