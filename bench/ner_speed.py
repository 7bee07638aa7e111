"""NER speed, old path against new, measured in the same process and interleaved.

    python -m bench.ner_speed                      # test splits + 100 bench pages
    python -m bench.ner_speed --rounds 5 --articles 200 --out outputs/bench/ner.json
    python -m bench.ner_speed --baseline build/ner-old --model build/nochar/model  # two models

Sentences: every test sentence `pantau eval-ner` scores (pretokenised). Paths:

- ``old``: Stanza's pipeline (a Document, batches of 64 in arrival order, CRF loss computed);
- ``fast``: ``ner_fast.FastNER`` (sorted token-budget batches, inference_mode, no loss);
- ``fast+int8``: the same with dynamic int8 LSTM/Linear layers;
- ``cached`` / ``cached+int8``: ``FastNER`` with its per-word-form cache (the layers below
  the word LSTM once per distinct form, float; ``+int8``: word LSTM and tag layer int8), the
  cache kept across rounds as a running worker keeps it (warm); ``(cold)``: the cache
  emptied before every call, so each call computes every form it holds once.

``old`` and the two ``fast`` paths run the ``--baseline`` model (default: the shipped one).
With ``--model DIR`` (another trained model), ``model`` and ``model+int8`` run that model
through ``FastNER`` in the same rounds, so a retrained network is compared with today's.

Each round runs every path once, in turn, and is timed in process CPU time (one torch
thread), so other jobs on a shared machine slow the figures less; the median round is
reported with the ratio to ``old``. Then the bench pages (``bench/corpus.py``), and the real
articles of ``REAL_DIRS`` (unless ``--no-real``), go through
``StanzaTagger`` old (``fast=False``) and new (float, float with sentence skipping, int8): entity
differences are counted, and entities the old path found on sentences the new one skips.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_sentences() -> list[list[str]]:
    from pipeline.analysis import train_ner as tn

    sents = []
    for name, ds in tn.DATASETS.items():
        folder = tn.DEFAULT_DATA_DIR / name
        if folder.is_dir():
            sents += [t for t, _ in tn.load_split(ds, "test", folder)]
    sents += [t for t, _ in tn.load_split(tn.INDOMAIN, "test", tn.INDOMAIN_DIR)]
    return sents


def _rounds(paths: dict, arg, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, fn in paths.items():
            t0 = time.process_time()
            fn(arg)
            times[name].append(time.process_time() - t0)
    return times


def sentences_bench(rounds: int, baseline: Path | None = None, model: Path | None = None) -> dict:
    from pipeline.analysis import ner_fast, stanza_ner

    baseline = baseline or stanza_ner.MODEL_DIR
    sents = _test_sentences()
    tokens = sum(map(len, sents))
    pipe = stanza_ner.load_pipeline(baseline)
    fast = ner_fast.FastNER(pipe)
    quant = ner_fast.FastNER(stanza_ner.load_pipeline(baseline), quantize=True)
    cached = ner_fast.FastNER(stanza_ner.load_pipeline(baseline), cache=ner_fast.CACHE_FORMS)
    cached_q = ner_fast.FastNER(stanza_ner.load_pipeline(baseline), quantize=True, cache=ner_fast.CACHE_FORMS)

    def cold(tagger, s):
        tagger.cache.clear()
        return stanza_ner.tag_token_lists(tagger, s)

    paths = {
        "old": lambda s: stanza_ner.tag_token_lists(pipe, s),
        "fast": lambda s: stanza_ner.tag_token_lists(fast, s),
        "fast+int8": lambda s: stanza_ner.tag_token_lists(quant, s),
        "cached (cold)": lambda s: cold(cached, s),
        "cached": lambda s: stanza_ner.tag_token_lists(cached, s),
        "cached+int8 (cold)": lambda s: cold(cached_q, s),
        "cached+int8": lambda s: stanza_ner.tag_token_lists(cached_q, s),
    }
    if model:
        m_fast = ner_fast.FastNER(stanza_ner.load_pipeline(model))
        m_quant = ner_fast.FastNER(stanza_ner.load_pipeline(model), quantize=True)
        paths["model"] = lambda s: stanza_ner.tag_token_lists(m_fast, s)
        paths["model+int8"] = lambda s: stanza_ner.tag_token_lists(m_quant, s)
    outputs = {name: fn(sents) for name, fn in paths.items()}  # warm-up, and the outputs
    times = _rounds(paths, sents, rounds)
    rows = {}
    for name, ts in times.items():
        sec = statistics.median(ts)
        rows[name] = {
            "sentences_per_s": round(len(sents) / sec, 1), "tokens_per_s": round(tokens / sec),
            "cpu_seconds": [round(t, 3) for t in ts],
            "speedup": round(statistics.median(times["old"]) / sec, 2),
            "sentences_differing_from_old": sum(a != b for a, b in zip(outputs["old"], outputs[name])),
            "sentences_differing_from_fast+int8": sum(a != b for a, b in zip(outputs["fast+int8"], outputs[name])),
        }
    return {"sentences": len(sents), "tokens": tokens, "distinct_forms": len({w for s in sents for w in s}),
            "rounds": rounds, "paths": rows}


# Real articles (the snapshot's: samples, both held-out dev sets, the seeds when ../shared is
# there). The bench pages are generated from a few templates (~400 distinct word forms in
# 100 pages), which flatters a per-form cache; these have a real vocabulary.
REAL_DIRS = ("corpus/samples", "corpus/heldout", "corpus/heldout2", "../shared/seeds")


def real_docs() -> list:
    from pipeline import extract
    from pipeline.analysis.nlp import make_doc

    files = sorted(f for d in REAL_DIRS if (ROOT / d).is_dir() for f in (ROOT / d).rglob("*")
                   if f.is_file() and f.suffix.lower() in extract.SUFFIXES)
    return [make_doc(extract.read_article(f)) for f in files]


def articles_bench(n: int, rounds: int, baseline: Path | None = None, model: Path | None = None,
                   docs: list | None = None) -> dict:
    from bench.corpus import build
    from pipeline import extract
    from pipeline.analysis.nlp import make_doc
    from pipeline.analysis.ner_fast import CACHE_FORMS, can_hold_name
    from pipeline.analysis.stanza_ner import StanzaTagger

    if docs is None:
        paths = build(ROOT / "outputs" / "bench" / "corpus" / f"n{n}", n)
        docs = [make_doc(extract.read_article(p)) for p in paths]
    base = {"model_dir": baseline} if baseline else {}
    taggers = {
        "old": StanzaTagger(fast=False, **base),
        "fast": StanzaTagger(**base),
        "fast+skip": StanzaTagger(skip=True, **base),
        "fast+int8": StanzaTagger(quantize=True, **base),
        "cached (cold)": StanzaTagger(cache=CACHE_FORMS, **base),
        "cached": StanzaTagger(cache=CACHE_FORMS, **base),
        "cached+int8 (cold)": StanzaTagger(quantize=True, cache=CACHE_FORMS, **base),
        "cached+int8": StanzaTagger(quantize=True, cache=CACHE_FORMS, **base),
    }
    if model:
        taggers["model"] = StanzaTagger(model_dir=model)
        taggers["model+int8"] = StanzaTagger(model_dir=model, quantize=True)

    def run(tagger, name=""):
        if name.endswith("(cold)"):  # a worker that starts on these articles
            tagger.fast.cache.clear()
        return [d for i in range(0, len(docs), 16) for d in tagger.tag(docs[i:i + 16])]

    outputs = {name: run(t, name) for name, t in taggers.items()}
    times = _rounds({name: (lambda _, t=t, n=name: run(t, n)) for name, t in taggers.items()}, None, rounds)
    sentences = sum(len(d.sentences) for d in docs)
    skipped = [(n_, s) for n_, d in enumerate(docs) for s in d.sentences
               if not can_hold_name([t.text for t in s.tokens], any(c.isupper() for c in d.text))]
    lost = sum(1 for n_, s in skipped for e in outputs["old"][n_].entities if s.start <= e.start < s.end)

    def ents(ds):
        return [{(e.label, e.start, e.end) for e in d.entities} for d in ds]

    old = ents(outputs["old"])
    rows = {}
    for name, ts in times.items():
        new = ents(outputs[name])
        sec = statistics.median(ts)
        rows[name] = {
            "articles_per_s": round(len(docs) / sec, 1), "sentences_per_s": round(sentences / sec, 1),
            "cpu_seconds": [round(t, 3) for t in ts],
            "speedup": round(statistics.median(times["old"]) / sec, 2),
            "entities": sum(map(len, new)),
            "entities_differing_from_old": sum(len(a ^ b) for a, b in zip(old, new)),
            "entities_differing_from_fast+int8": sum(len(a ^ b) for a, b in zip(ents(outputs["fast+int8"]), new)),
        }
    return {"articles": len(docs), "sentences": sentences,
            "tokens": sum(len(s.tokens) for d in docs for s in d.sentences),
            "distinct_forms": len({t.text for d in docs for s in d.sentences for t in s.tokens}),
            "sentences_skipped": len(skipped),
            "old_entities_on_skipped_sentences": lost, "rounds": rounds, "paths": rows}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "ner.json"))
    parser.add_argument("--baseline", type=Path, default=None,
                        help="Model directory of the old paths (default: the shipped model).")
    parser.add_argument("--model", type=Path, default=None,
                        help="Another model directory, run as 'model' and 'model+int8'.")
    parser.add_argument("--no-real", action="store_true",
                        help="Skip the real articles (REAL_DIRS), measured like the bench pages.")
    args = parser.parse_args(argv)
    from pipeline.run import engine

    engine.limit_threads()
    report = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "clock": "process CPU time, 1 torch thread",
              "baseline": str(args.baseline or "shipped"), "model": str(args.model) if args.model else None,
              "test_sentences": sentences_bench(args.rounds, args.baseline, args.model),
              "articles": articles_bench(args.articles, args.rounds, args.baseline, args.model)}
    if not args.no_real:
        report["real_articles"] = articles_bench(0, args.rounds, args.baseline, args.model, real_docs())
        report["real_articles"]["dirs"] = list(REAL_DIRS)
    print(json.dumps(report, indent=1))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
