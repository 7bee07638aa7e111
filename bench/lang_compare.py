"""Language identification libraries compared on pantau's own pages (README "Language").

    python -m bench.lang_compare [corpus/stream]

Each library classifies the whole text of every page that has a gold file with ``lang``;
prints right/total per language, ms per article and load time. py3langid is a pantau
dependency; langdetect and lingua are not (``pip install langdetect==1.0.9
lingua-language-detector==2.1.1`` to include them; missing ones are skipped).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]


def pages(folder: Path) -> list[tuple[str, str, str]]:
    """(name, gold language, text) for every page of ``folder`` with a gold file."""
    from pipeline import extract

    out = []
    for gold in sorted((folder / "gold").glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        path = folder.parent / data["source"]
        if path.is_file():
            out.append((gold.stem, data.get("lang", "id"), extract.read_article(path).text))
    return out


def libraries() -> dict[str, tuple[Callable[[], Callable[[str], str]]]]:
    def py3langid():
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE)
        return lambda t: ident.classify(t)[0]

    def langdetect():
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0
        return detect

    def lingua_small():
        from lingua import Language, LanguageDetectorBuilder

        d = LanguageDetectorBuilder.from_languages(
            Language.INDONESIAN, Language.MALAY, Language.ENGLISH).build()
        return lambda t: (d.detect_language_of(t).iso_code_639_1.name.lower())

    def lingua_all():
        from lingua import LanguageDetectorBuilder

        d = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
        return lambda t: (lambda x: x.iso_code_639_1.name.lower() if x else "und")(
            d.detect_language_of(t))

    return {"py3langid": py3langid, "langdetect": langdetect,
            "lingua (id, ms, en)": lingua_small, "lingua (all)": lingua_all}


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else ROOT / "corpus" / "stream"
    data = pages(folder)
    langs = sorted({g for _, g, _ in data})
    print(f"{len(data)} pages: " + ", ".join(f"{l} {sum(g == l for _, g, _ in data)}" for l in langs))
    for name, make in libraries().items():
        try:
            t0 = time.perf_counter()
            classify = make()
            classify("warm up")
            load = time.perf_counter() - t0
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        t0 = time.perf_counter()
        got = [classify(text) for _, _, text in data]
        ms = 1000 * (time.perf_counter() - t0) / len(data)
        right = {l: sum(p == g == l for p, (_, g, _) in zip(got, data)) for l in langs}
        total = {l: sum(g == l for _, g, _ in data) for l in langs}
        wrong = [f"{n} {g}->{p}" for p, (n, g, _) in zip(got, data) if p != g]
        print(f"{name}: {sum(right.values())}/{len(data)} right; "
              + ", ".join(f"{l} {right[l]}/{total[l]}" for l in langs)
              + f"; {ms:.2f} ms/article; load {load:.2f}s")
        for w in wrong[:10]:
            print("   ", w)


if __name__ == "__main__":
    main(sys.argv[1:])
