"""The realistic-stream benchmark: mostly not election news, heavy news-site pages.

    python -m bench.stream --articles 200            # or: make bench-stream

Pages are drawn (seeded) from the labelled stream ``corpus/stream`` in the proportions
of a regional outlet's feed (``MIX``: 10% election_security, 15% election, 5% pilkades,
30% police_other, 40% other; Indonesian pages only, drawn again when a topic has fewer
pages than its share), and each is wrapped in a generated heavy news-site page of 60-100 KB
(mega-menu, trending and related-headline lists with election headlines in them, a
"Baca Juga" box inside the article, ad and tracking scripts, JSON-LD, comment form,
footer). Then, in one run and each in a fresh process so its peak RSS is its own:

- ``trafilatura``: bare ``trafilatura.extract`` of every page, one core (the floor);
- pantau end to end (``process.run``, the code behind ``pantau run``) with 1 and 2
  workers, the gate on (the default);
- pantau with 2 workers and ``--analyse all`` (every page through the model: the speed
  before the gate).

It also checks that the heavy template does not change what the gate decides: the topic
of each heavy page against the topic of its plain text. Writes
``outputs/bench/stream-N.json`` and ``stream-latest.json``.

``--mix election`` draws election_security, election and pilkades pages only (1/3, 1/2,
1/6: their proportions in the stream), issue 13's "heavy pages, all election articles",
in the same template and measured the same way (no ``--analyse all`` row: every page
passes the gate); it writes ``stream-election-N.json`` and ``stream-election-latest.json``.

CPU seconds count this process, its joined children and the pool's fork server with the
workers it forked (``_forkserver_cpu``); peak RSS is the largest of any of them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIX = {"election_security": 0.10, "election": 0.15, "pilkades": 0.05, "police_other": 0.30,
       "other": 0.40}
# ``--mix election`` (issue 13's "heavy pages, all election articles"): only the three
# election topics, in the same proportions to one another as in the stream.
MIXES = {
    "stream": MIX,
    "election": {"election_security": 1 / 3, "election": 1 / 2, "pilkades": 1 / 6},
}
TARGETS = {"stream": 1.2, "election": 3.0}  # issue 10; issue 13 (goal 2x)

# Invented headlines for menus, trending and related lists (election words included:
# real sidebars are full of them).
HEADLINES = [
    "KPU Tetapkan Jadwal Debat Kandidat Pilkada", "Harga Cabai Merah Naik Jelang Akhir Pekan",
    "Bawaslu Temukan Ratusan APK Melanggar Aturan", "Tim SAR Cari Nelayan Hilang di Perairan Utara",
    "Polres Gelar Operasi Zebra, Ratusan Pengendara Ditilang", "Jadwal Pencoblosan Pilkada Serentak",
    "Banjir Rendam Tiga Kecamatan, Warga Mengungsi", "Pemkab Salurkan Bantuan Bibit untuk Petani",
    "Ribuan Personel Siap Amankan TPS Saat Pemungutan Suara", "Klub Lokal Menang Tipis di Laga Kandang",
    "Rekrutmen KPPS Dibuka, Ini Syaratnya", "Pasar Murah Digelar di Halaman Kantor Camat",
    "Dua Pelaku Curanmor Diringkus di Perumahan", "DPRD Sahkan APBD Perubahan",
    "Festival Budaya Tarik Ribuan Wisatawan", "Pilkades Serentak Digelar Bulan Depan",
    "Warga Keluhkan Jalan Rusak di Jalur Provinsi", "Sekolah Diliburkan Saat Hari Pemungutan Suara",
    "Kapolda Tinjau Gudang Logistik Pemilu", "Vaksinasi Rabies Sasar Ribuan Hewan Peliharaan",
]
MENU = ["Beranda", "Berita", "Daerah", "Politik", "Hukum", "Kriminal", "Ekonomi", "Bisnis",
        "Olahraga", "Sepak Bola", "Hiburan", "Gaya Hidup", "Kesehatan", "Pendidikan",
        "Teknologi", "Otomotif", "Wisata", "Kuliner", "Opini", "Video", "Foto", "Indeks",
        "Pemilu 2024", "Pilkada", "Nasional", "Internasional", "Infografis", "Cek Fakta"]


def _ad_script(rng: random.Random, kb: int) -> str:
    """Minified-looking ad and tracking JavaScript of about ``kb`` kilobytes."""
    parts, size = [], 0
    while size < kb * 1024:
        name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
        chunk = (f"window.{name}=window.{name}||[];function {name}_i(a,b){{var c=document."
                 f"createElement('script');c.async=!0;c.src='https://ads{rng.randint(1, 9)}."
                 f"example/tag.js?id={rng.randint(10**6, 10**7)}&slot='+a;b.appendChild(c)}}"
                 f"{name}.push({{slot:'div-gpt-{rng.randint(100, 999)}',size:[[300,250],"
                 f"[728,90]],targeting:{{kanal:'daerah',pos:'{rng.choice(['atf', 'btf'])}'}}}});")
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)


def _links(rng: random.Random, n: int, cls: str) -> str:
    items = "".join(
        f'<li class="{cls}-item"><a href="/berita/{rng.randint(10**5, 10**6)}/'
        f'{h.lower().replace(" ", "-").replace(",", "")}"><img src="/img/{rng.randint(1, 999)}.jpg" '
        f'alt="" loading="lazy"><span>{escape(h)}</span></a></li>'
        for h in rng.sample(HEADLINES, min(n, len(HEADLINES)))
    )
    return f'<ul class="{cls}">{items}</ul>'


def heavy_page(title: str, body: str, published: str | None, rng: random.Random) -> str:
    """A generated heavy news-site page around ``title`` and ``body``: 60-100 KB."""
    target_kb = rng.randint(60, 100)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    cut = max(1, len(paragraphs) // 2)
    related_box = ('<div class="baca-juga"><strong>Baca Juga:</strong> '
                   f'<a href="/berita/{rng.randint(10**5, 10**6)}">{escape(rng.choice(HEADLINES))}</a></div>')
    article_html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:cut]) + related_box + \
        "".join(f"<p>{escape(p)}</p>" for p in paragraphs[cut:])
    menu = "".join(f'<li><a href="/{m.lower().replace(" ", "-")}">{m}</a>'
                   f'<ul class="sub">{"".join(f"<li><a href=/{m.lower()}/{i}>{m} {i}</a></li>" for i in range(1, 6))}</ul></li>'
                   for m in MENU)
    # No date where the source states none: an invented one would move year-less dates.
    date = published or ""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "publisher": {"@type": "Organization", "name": "Portal Daerah"}}
    if published:
        ld["datePublished"] = f"{published}T08:00:00+07:00"
    head = (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{escape(title)} - '
            f'Portal Daerah</title><meta property="og:type" content="article">'
            f'<meta property="og:title" content="{escape(title)}">'
            + (f'<meta property="article:published_time" content="{published}T08:00:00+07:00">'
               if published else "")
            + f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    page_top = (f'</head><body><header><div class="logo">Portal Daerah</div><nav class="mega">'
                f'<ul>{menu}</ul></nav><div class="ticker">{_links(rng, 8, "ticker")}</div></header>'
                f'<div class="ad-top" id="div-gpt-ad-top"></div><main><article class="detail">'
                f'<h1 class="title">{escape(title)}</h1><div class="byline">Reporter: Redaksi | '
                f'{date}</div><div class="share"><a href="#">Facebook</a><a href="#">X</a>'
                f'<a href="#">WhatsApp</a></div><div class="content">{article_html}</div>'
                f'<div class="tags"><a href="/tag/daerah">daerah</a><a href="/tag/pemilu">pemilu</a>'
                f'</div></article><section class="related"><h3>Berita Terkait</h3>'
                f'{_links(rng, 8, "related")}</section><section class="comments"><h3>Komentar</h3>'
                f'<form><textarea name="c"></textarea><button>Kirim</button></form></section></main>'
                f'<aside><h3>Terpopuler</h3>{_links(rng, 10, "popular")}<h3>Pilihan Redaksi</h3>'
                f'{_links(rng, 6, "pilihan")}</aside><footer><ul>{"".join(f"<li><a href=/p/{i}>Halaman {i}</a></li>" for i in range(40))}'
                f'</ul><p>Hak cipta Portal Daerah. Dilarang mengambil konten tanpa izin.</p></footer>')
    so_far = len(head) + len(page_top) + 40
    script = _ad_script(rng, max(1, target_kb - so_far // 1024))
    return f"{head}<script>{script}</script>{page_top}</body></html>"


def build(out: Path, n: int, seed: int = 10, mix: dict[str, float] = MIX) -> list[dict]:
    """Write ``n`` heavy pages drawn from corpus/stream by ``mix``; returns what was drawn."""
    from pipeline import extract

    stream = ROOT / "corpus" / "stream"
    by_topic: dict[str, list[tuple[str, Path]]] = {t: [] for t in mix}
    for gold in sorted((stream / "gold").glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        if data.get("lang", "id") == "id" and data.get("topic") in mix:
            by_topic[data["topic"]].append((data["topic"], stream.parent / data["source"]))
    rng = random.Random(seed)
    drawn = []
    for topic, share in mix.items():
        want = round(n * share)
        pool = by_topic[topic]
        picks = rng.sample(pool, min(want, len(pool)))
        picks += [rng.choice(pool) for _ in range(want - len(picks))]  # again, when short
        drawn += picks
    rng.shuffle(drawn)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, (topic, path) in enumerate(drawn):
        article = extract.read_article(path)
        page = heavy_page(article.title, article.body, article.published, rng)
        name = f"p{i:04d}_{path.stem}.html"
        (out / name).write_text(page, encoding="utf-8")
        rows.append({"page": name, "from": path.name, "topic": topic, "bytes": len(page.encode())})
    return rows


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _proc_stat(pid: int) -> list[str] | None:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _forkserver_cpu() -> float:
    """CPU seconds of the pool's fork server and of the workers it forked and reaped.

    Workers forked by the server (``engine.worker_context``) are its children, not ours,
    so our RUSAGE_CHILDREN misses them; the server's own and its children's times are in
    /proc (fields utime, stime, cutime, cstime).
    """
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    stat = _proc_stat(pid) if pid else None
    if not stat:
        return 0.0
    return sum(int(x) for x in stat[11:15]) / os.sysconf("SC_CLK_TCK")


class _PeakRss:
    """The largest VmHWM of any process below this one, sampled every 0.2 s."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            todo, seen = [os.getpid()], set()
            while todo:  # our descendants, from /proc/<pid>/task/<pid>/children
                pid = todo.pop()
                try:
                    kids = (Path("/proc") / str(pid) / "task" / str(pid) / "children").read_text()
                except OSError:
                    continue
                for kid in map(int, kids.split()):
                    if kid not in seen:
                        seen.add(kid)
                        todo.append(kid)
            for pid in seen:
                try:
                    for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except OSError:
                    pass

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def measure(kind: str, corpus: Path, ner: str, workers: int) -> dict:
    """One measurement in this process (called in a fresh subprocess)."""
    paths = sorted(corpus.glob("*.html"))
    if kind == "trafilatura":
        import trafilatura

        t0, c0 = time.perf_counter(), _cpu_seconds()
        for p in paths:
            trafilatura.extract(p.read_bytes())
        seconds = time.perf_counter() - t0
        return {"stage": kind, "workers": 1, "seconds": seconds, "cpu_seconds": _cpu_seconds() - c0,
                "load_average": os.getloadavg()[0], "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_SELF)}
    from pipeline.analysis.gate import Gate
    from pipeline.run import engine, process
    from pipeline.storage import store

    engine.quiet_third_party()
    gate = Gate(analyse_all=kind == "pantau --analyse all")
    db = store.open_db(Path(tempfile.mkdtemp()) / "stream.db")
    sampler = _PeakRss()
    t0, c0 = time.perf_counter(), _cpu_seconds()
    summary = process.run(db, iter(paths), ner=ner, workers=workers, echo=lambda s: None,
                          gate=gate)
    seconds = time.perf_counter() - t0
    assert summary.processed == len(paths), summary.counts()
    time.sleep(0.5)  # the fork server reaps its workers
    # CPU of this process, of its (joined) children and of the fork server with the
    # workers it forked: less sensitive than wall time to what else runs on a shared
    # machine. It includes every process's start-up.
    return {"stage": kind, "workers": workers, "seconds": seconds,
            "cpu_seconds": _cpu_seconds() - c0 + _forkserver_cpu(),
            "gated_topic": summary.gated_topic, "gated_lang": summary.gated_lang,
            "load_average": os.getloadavg()[0],
            "peak_rss_mb": max(_peak_rss_mb(resource.RUSAGE_SELF),
                               _peak_rss_mb(resource.RUSAGE_CHILDREN), sampler.stop())}


def _subprocess(kind: str, corpus: Path, ner: str, workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.stream", "--one", kind, "--corpus", str(corpus),
         "--ner", ner, "--workers", str(workers)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def topic_agreement(corpus: Path, drawn: list[dict]) -> dict:
    """Does the heavy template change the gate's decision? Heavy page vs its plain text."""
    from pipeline import extract
    from pipeline.analysis.gate import decide
    from pipeline.analysis.nlp import split_sentences

    same_topic = same_gate = 0
    for row in drawn:
        heavy = extract.read_article(corpus / row["page"])
        plain = extract.read_article(ROOT / "corpus" / "stream" / row["from"])
        _, th, gh = decide(heavy, split_sentences(heavy.text))
        _, tp, gp = decide(plain, split_sentences(plain.text))
        same_topic += th.label == tp.label
        same_gate += (gh is None) == (gp is None)
    return {"pages": len(drawn), "same_topic": same_topic, "same_gate": same_gate}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="pages (100 or more; README and bench/README use 600 and 1,500)")
    parser.add_argument("--ner", default="auto", help="auto | stanza | rules")
    parser.add_argument("--mix", choices=sorted(MIXES), default="stream",
                        help="stream: the outlet's proportions (issue 10); election: election "
                             "topics only, 'heavy pages, all election articles' (issue 13)")
    parser.add_argument("--out", default=str(ROOT / "outputs" / "bench"))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, Path(args.corpus), args.ner, args.workers)))
        return {}

    from pipeline.ner import describe

    mix = MIXES[args.mix]
    name = "stream" if args.mix == "stream" else f"stream-{args.mix}"
    corpus = Path(args.out) / "stream" / (f"n{args.articles}" + ("" if args.mix == "stream" else f"-{args.mix}"))
    if corpus.exists():
        for old in corpus.glob("*.html"):
            old.unlink()
    drawn = build(corpus, args.articles, mix=mix)
    sizes = sorted(r["bytes"] for r in drawn)
    rows = [_subprocess("trafilatura", corpus, args.ner, 1),
            _subprocess("pantau", corpus, args.ner, 1),
            _subprocess("pantau", corpus, args.ner, 2)]
    if args.mix == "stream":  # every election page passes the gate: nothing to compare there
        rows.append(_subprocess("pantau --analyse all", corpus, args.ner, 2))
    by = {(r["stage"], r["workers"]): r for r in rows}
    bare = by[("trafilatura", 1)]["seconds"]
    all_row = by.get(("pantau --analyse all", 2))
    report = {
        "articles": len(drawn), "ner": describe(args.ner), "mix_name": args.mix, "mix": mix,
        "page_kb": {"min": sizes[0] / 1024, "median": sizes[len(sizes) // 2] / 1024,
                    "max": sizes[-1] / 1024},
        "drawn": {t: sum(r["topic"] == t for r in drawn) for t in mix},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rows": rows,
        "derived": {
            "ratio_1w": by[("pantau", 1)]["seconds"] / bare,
            "ratio_2w": by[("pantau", 2)]["seconds"] / bare,
            "ratio_2w_analyse_all": all_row["seconds"] / bare if all_row else None,
            "cpu_ratio_2w": by[("pantau", 2)]["cpu_seconds"] / by[("trafilatura", 1)]["cpu_seconds"],
            "cpu_ms_per_page": {f"{r['stage']} ({r['workers']}w)": 1000 * r["cpu_seconds"] / len(drawn)
                                for r in rows},
            "cpu_ratio_1w": by[("pantau", 1)]["cpu_seconds"] / by[("trafilatura", 1)]["cpu_seconds"],
        },
        "target_ratio_2w": TARGETS[args.mix],
        "template_check": topic_agreement(corpus, drawn),
    }
    _print(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}-{len(drawn)}.json").write_text(json.dumps(report, indent=2))
    (out / f"{name}-latest.json").write_text(json.dumps(report, indent=2))
    return report


def _print(report: dict) -> None:
    n = report["articles"]
    k = report["page_kb"]
    print(f"pantau stream bench: {n} pages ({', '.join(f'{t} {c}' for t, c in report['drawn'].items())}), "
          f"{k['min']:.0f}-{k['max']:.0f} KB (median {k['median']:.0f}), NER {report['ner']}")
    print(f"{'what':<24}{'workers':>8}{'seconds':>10}{'pages/s':>10}{'x bare':>9}"
          f"{'CPU ms/page':>13}{'CPU x bare':>12}{'peak RSS MB':>13}")
    bare = report["rows"][0]["seconds"]
    bare_cpu = report["rows"][0]["cpu_seconds"]
    for r in report["rows"]:
        print(f"{r['stage']:<24}{r['workers']:>8}{r['seconds']:>10.2f}{n / r['seconds']:>10.1f}"
              f"{r['seconds'] / bare:>9.2f}{1000 * r['cpu_seconds'] / n:>13.1f}"
              f"{r['cpu_seconds'] / bare_cpu:>12.2f}{r['peak_rss_mb']:>13.0f}")
    d = report["derived"]
    ok = "met" if d["ratio_2w"] <= report["target_ratio_2w"] else "NOT met"
    before = (f"; before the gate (--analyse all): {d['ratio_2w_analyse_all']:.2f}x"
              if d["ratio_2w_analyse_all"] else "")
    print(f"pantau, 2 workers: {d['ratio_2w']:.2f}x bare trafilatura on one core "
          f"(target <= {report['target_ratio_2w']}x: {ok}){before}")
    c = report["template_check"]
    print(f"heavy template vs plain text: same topic {c['same_topic']}/{c['pages']}, "
          f"same gate decision {c['same_gate']}/{c['pages']}")


if __name__ == "__main__":
    main()
