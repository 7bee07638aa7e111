"""Cost of one long article: time and peak memory for 10 KB, 100 KB and 1 MB texts.

    python -m bench.long            # or: make bench-long (about two minutes)

Each case is one synthetic article (election and police vocabulary, no real article
text), with sentence punctuation (sentences of 6-24 words ending in a full stop, five to a
paragraph) or without any (one paragraph of words, the worst case for the sentence
splitter and every rule that looks within a sentence). Each case runs in a fresh process:
the model is loaded and warmed on a short article first, then the long article is
analysed (``pipeline.analysis.analyse``, the code a worker runs) and timed. Peak memory is
the process's peak RSS, sampled with psutil every 20 ms from the parent (model included).

Rows: the default tagger with the default limits (texts over ``PANTAU_MAX_TEXT_CHARS``,
200,000, are recorded as a failure at once), 190 KB (the most the default analyses), then 1 MB with the limit off, rules tagger,
and one case at the 5 MB page cap. Writes ``outputs/bench/long-latest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("Kapolsek Betung AKP Wagiyono datang ke kantor PPK Kecamatan Betung bersama Ketua KPU "
         "Kabupaten Banyuasin membahas Pilkada 2024 dan DPT sebanyak 1.234 pemilih di TPS "
         "Bawaslu Desa Sukamaju pengamanan rapat pleno rekapitulasi suara pada Rabu 27 November "
         "Kapolres Kombes Budi Santoso mengatakan personel gabungan TNI Polri apel").split()
CASES = [  # (label, kilobytes, punctuated, ner, max chars or None for the default)
    *[(f"{kb} KB {'punctuated' if p else 'no punctuation'}", kb, p, "auto", None)
      for kb in (10, 100, 1024) for p in (True, False)],
    *[(f"190 KB {'punctuated' if p else 'no punctuation'} (just under the limit)", 190, p, "auto", None)
      for p in (True, False)],
    ("1 MB punctuated, limit off, --ner rules", 1024, True, "rules", 0),
    ("1 MB no punctuation, limit off, --ner rules", 1024, False, "rules", 0),
    ("5 MB no punctuation (page cap)", 5 * 1024, False, "auto", None),
]


def make_text(kb: int, punctuated: bool, seed: int = 1) -> str:
    rnd = random.Random(seed)
    out: list[str] = []
    size, in_sentence, in_paragraph = 0, 0, 0
    target = rnd.randint(6, 24)
    while size < kb * 1024:
        word = rnd.choice(WORDS)
        in_sentence += 1
        if punctuated and in_sentence >= target:
            word += "."
            in_sentence, target = 0, rnd.randint(6, 24)
            in_paragraph += 1
            if in_paragraph == 5:
                word += "\n"
                in_paragraph = 0
        out.append(word)
        size += len(word) + 1
    return " ".join(out).replace("\n ", "\n")


def child(kb: int, punctuated: bool, ner: str) -> None:
    from pipeline.analysis.analyse import analyse
    from pipeline.records import Article

    analyse([Article(source="warm", title="Judul", body=make_text(2, True))], ner)
    article = Article(source="long", title="Judul", body=make_text(kb, punctuated))
    start = time.perf_counter()
    (result,) = analyse([article], ner)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "chars": len(article.text),
                      "outcome": "failure: " + result.reason if hasattr(result, "reason") else "analysed"}))


def measure(kb: int, punctuated: bool, ner: str, limit: int | None) -> dict:
    import psutil

    env = dict(os.environ, PYTHONPATH=str(ROOT), PANTAU_QUIET="1")
    if limit is not None:
        env["PANTAU_MAX_TEXT_CHARS"] = str(limit)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.long", "--child", str(kb), "1" if punctuated else "0", ner],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.02)
    out = proc.stdout.read() if proc.stdout else ""
    proc.wait()
    row = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"outcome": f"exit {proc.returncode}"}
    row["peak_rss_mb"] = peak / 2**20
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("KB", "PUNCTUATED", "NER"), help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "long-latest.json"))
    args = parser.parse_args(argv)
    if args.child:
        child(int(args.child[0]), args.child[1] == "1", args.child[2])
        return 0
    from pipeline.ner import describe

    rows = []
    for label, kb, punctuated, ner, limit in CASES:
        row = {"case": label, "kb": kb, "punctuated": punctuated, "ner": describe(ner),
               "max_chars": limit, **measure(kb, punctuated, ner, limit)}
        print(f"{label}: {row.get('seconds', float('nan')):.1f} s, peak {row['peak_rss_mb']:.0f} MB, "
              f"{row['outcome']}", flush=True)
        rows.append(row)
    report = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "rows": rows,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "targets": {"peak_rss_mb": 1536}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
