"""Generated documentation: README and docs/ blocks are rebuilt from the code with cog.

``cog -r README.md docs/rules.md`` rewrites them; ``tests/test_docs.py`` runs
``cog --check`` so a changed command, column or rule fails the tests until the docs
are regenerated. Nothing here is written by hand twice.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml

from pipeline.quality.goldsets import SETS

ROOT = Path(__file__).resolve().parents[2]


def cli_help(cli) -> str:
    """``pantau --help`` and every command's ``--help``, as markdown.

    Takes the click group (``pipeline.cli.cli``) rather than importing it: nothing in
    the library imports the CLI.
    """
    from click.testing import CliRunner

    runner = CliRunner()
    parts = []
    for args in [[], *([name] for name in sorted(cli.commands))]:
        result = runner.invoke(cli, [*args, "--help"], prog_name="pantau", terminal_width=88)
        title = "pantau " + " ".join(args) if args else "pantau"
        parts.append(f"### `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def schema() -> str:
    """The SQL of every table and view of a fresh database."""
    from pipeline.storage import store

    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "schema.db")
        parts = []
        for table in db.table_names():
            if table.startswith("_") or "_fts" in table:
                continue
            parts.append(db[table].schema.strip() + ";")
        for view in db.view_names():
            parts.append(f"-- view {view}\n" + db[view].schema.strip() + ";")
        db.close()
    return "```sql\n" + "\n\n".join(parts) + "\n```\n"


def _cell(value) -> str:
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return str(value).replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    """Every rule family: its description, version and documented examples."""
    from pipeline.analysis.rules import DATA_DIR, ORDER, family

    names = list(ORDER) + sorted(
        p.stem for p in DATA_DIR.glob("*.yml") if p.stem not in ORDER
    )
    out = []
    for name in names:
        path = DATA_DIR / f"{name}.yml"
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        try:
            version = family(name).VERSION
        except ModuleNotFoundError:
            version = data.get("version", "-")
        out.append(f"## {name} (version {version})\n")
        out.append(f"Data: [`pipeline/analysis/rules/data/{name}.yml`](../pipeline/analysis/rules/data/{name}.yml)\n")
        if data.get("description"):
            out.append(str(data["description"]).strip() + "\n")
        examples = data.get("examples") or []
        if examples:
            out.append("| text | expect | reject | why |\n|---|---|---|---|")
            for ex in examples:
                out.append(
                    f"| {_cell(ex.get('text', ex.get('pair', '')))} | {_cell(ex.get('expect', ''))} "
                    f"| {_cell(ex.get('reject', ''))} | {_cell(ex.get('why', ''))} |"
                )
            out.append("")
    return "\n".join(out)


SCORES_DIR = ROOT / "docs" / "scores"
# (label, gold set, tagger) -> docs/scores/eval-<set>-<tagger>.json, written by `make scores`
EVAL_RUNS = [
    (f"{s.title}, {ner}", s.name, ner)
    for s in SETS if s.fields
    for ner in (("rules", "stanza") if s.stanza else ("rules",))
]


def quality_table() -> str:
    """F1 per field (columns) for each gold set and tagger (rows), from the committed eval JSON
    files; the last column counts TPS/DPT totals that are false or wrong."""
    from pipeline.quality.evaluate import FIELDS

    rows = []
    for label, gold, ner in EVAL_RUNS:
        path = SCORES_DIR / f"eval-{gold}-{ner}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        scores = data["scores"]
        cells = []
        for name in FIELDS:
            f1 = scores.get(name, {}).get("f1")
            cells.append("-" if f1 is None else f"{f1:.3f}")
        # A wrong total is worse than none: how many TPS/DPT totals were false or wrong.
        cells.append(str(scores.get("tps_count", {}).get("fp", 0) + scores.get("dpt_count", {}).get("fp", 0)))
        rows.append(f"| {label} | {data['articles_scored']} | " + " | ".join(cells) + " |")
    if not rows:
        return "_No scores recorded yet: run `make scores`._\n"
    head = ("| gold set, tagger | articles | " + " | ".join(f.replace("_", " ") for f in FIELDS)
            + " | false or wrong TPS/DPT totals |")
    rule = "|---|---:|" + "---:|" * (len(FIELDS) + 1)
    return "\n".join([head, rule, *rows]) + "\n"


def ner_gain_table() -> str:
    """Where ``--ner stanza`` and ``--ner rules`` differ, field by field (F1, stanza minus rules)."""
    from pipeline.quality.evaluate import FIELDS

    sets: dict[str, dict[str, dict]] = {}
    for label, gold, ner in EVAL_RUNS:
        path = SCORES_DIR / f"eval-{gold}-{ner}.json"
        if path.exists():
            name = label.rsplit(",", 1)[0]
            sets.setdefault(name, {})[ner] = json.loads(path.read_text(encoding="utf-8"))["scores"]
    rows = []
    for name, runs in sets.items():
        if set(runs) != {"rules", "stanza"}:
            continue
        for field in FIELDS:
            r, s = (runs[n].get(field, {}).get("f1") for n in ("rules", "stanza"))
            if r is not None and s is not None and round(s, 3) != round(r, 3):
                rows.append(f"| {name} | {field} | {r:.3f} | {s:.3f} | {s - r:+.3f} |")
    if not rows:
        return "_`--ner stanza` and `--ner rules` score the same on every field of every set._\n"
    head = "| gold set | field | rules | stanza | stanza − rules |\n|---|---|---:|---:|---:|"
    return head + "\n" + "\n".join(rows) + "\n"


EVENT_SETS = [(f"{s.title} ({s.written})" if s.written else s.title, s.name)
              for s in SETS if s.fields]


def events_table() -> str:
    """Events (date + place + unit) and incident grouping per gold set, `--ner rules`
    (docs/scores/eval-<set>-rules.json, written by `make scores`)."""
    rows = ["| set | articles | events P | events R | primary found | units R | units P "
            "| incident pairs P | pairs R | pairs F1 | B-cubed F1 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, name in EVENT_SETS:
        path = SCORES_DIR / f"eval-{name}-rules.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        block = (data.get("events") or {})
        ev, inc = block.get("events"), block.get("incidents")
        if not ev:
            continue
        pr, un = block.get("primary") or {}, block.get("units") or {}
        cells = [f"{ev['precision']:.3f}", f"{ev['recall']:.3f}",
                 f"{pr['share']:.3f}" if pr.get("share") is not None else "",
                 f"{un['recall']:.3f}" if un.get("recall") is not None else "",
                 f"{un['precision']:.3f}" if un.get("precision") is not None else ""]
        if inc:
            pw = inc["pairwise"]
            cells += [f"{pw['precision']:.3f} ({pw['fp']} false pairs)", f"{pw['recall']:.3f}",
                      f"{pw['f1']:.3f}", f"{inc['bcubed']['f1']:.3f}"]
        else:
            cells += [""] * 4
        articles = len(data.get("articles", [])) or data.get("articles_scored", 0)
        rows.append(f"| {label} | {articles} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


TOPIC_SETS = [(s.title, s.name) for s in sorted(SETS, key=lambda s: s.fields)]  # streams first


def _margin(d: dict) -> str:
    """Lowest election evidence of an election article / highest of a non-election one."""
    m = d.get("gate_margin") or {}
    side = lambda a: "-" if not a else f"{a['evidence']:g}"  # noqa: E731
    return "-" if not m else f"{side(m.get('lowest_election'))} / {side(m.get('highest_other'))}"


def topics_table() -> str:
    """Topic precision/recall and the gate's recall, one row per gold set (docs/scores/topics-*.json)."""
    from pipeline.quality.topics import LABELS

    def pr(t: dict) -> str:
        f = lambda x: "-" if x is None else f"{x:.2f}"  # noqa: E731
        return f"{f(t['precision'])} / {f(t['recall'])}"

    rows = []
    for label, name in TOPIC_SETS:
        path = SCORES_DIR / f"topics-{name}.json"
        if not path.exists():
            continue
        d = json.loads(path.read_text(encoding="utf-8"))
        cells = [str(d["articles_scored"]), *(pr(d["topics"][k]) for k in LABELS),
                 f"{d['gate_recall']:.3f} ({d['gate_total']})" if d["gate_recall"] is not None else "-",
                 str(d["gated_out"]),
                 f"{d['leaked']}/{d['non_election']}" if d.get("non_election") else "-",
                 _margin(d),
                 "-" if d["lang_accuracy"] is None else f"{d['lang_accuracy']:.3f}"]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    if not rows:
        return "_No topic scores recorded yet: run `make scores`._\n"
    head = ("| gold set | articles | " + " | ".join(f"{k} P / R" for k in LABELS)
            + " | **gate recall** (election articles analysed) | gated out | non-election articles"
            " with an election topic | gate margin: lowest evidence of an election article / highest"
            " of another | language accuracy |")
    rule = "|---|---:|" + "---:|" * (len(LABELS) + 5)
    return "\n".join([head, rule, *rows]) + "\n"


def bench_table() -> str:
    """The latest benchmark figures, from docs/scores/bench.json (written by `make bench`)."""
    path = SCORES_DIR / "bench.json"
    if not path.exists():
        return "_No benchmark recorded yet: run `make bench`._\n"
    r = json.loads(path.read_text(encoding="utf-8"))
    n = r["articles"]
    lines = [
        f"{n} articles, NER `{r['ner']}`, {r['machine']['cpus']} CPUs, "
        f"Python {r['machine']['python']}, measured {r['when'][:10]}.\n",
        "| stage | NER path | workers | seconds | articles/s | peak RSS MB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in r["rows"]:
        lines.append(f"| {row['stage']} | {row.get('engine', 'stanza')} | {row['workers']} "
                     f"| {row['seconds']:.2f} | {n / row['seconds']:.1f} | {row['peak_rss_mb']:.0f} |")
    d, t = r["derived"], r["targets"]
    lines += [
        "",
        "| target | goal | measured |",
        "|---|---|---:|",
        f"| end-to-end throughput, 2 workers | >= {t['articles_per_s']:.0f} articles/s "
        f"| {d['articles_per_s_2w']:.1f} |",
        f"| peak RSS per worker | <= {t['peak_rss_mb_per_worker']:.0f} MB "
        f"| {d['peak_rss_mb_per_worker']:.0f} |",
        f"| pipeline overhead over the stages alone | <= {t['overhead']:.0%} "
        f"| {d['overhead']:+.1%} |",
        f"| scaling 1 -> 2 workers | >= {t['scaling_2w']}x | {d['scaling_2w']:.2f}x |",
    ]
    if "e2e_2w_over_trafilatura" in d:
        lines.append(f"| 2 workers ÷ bare trafilatura on 1 core (time) | <= 3x (goal 2x) "
                     f"| {d['e2e_2w_over_trafilatura']:.2f}x |")
    if "ner_speedup" in d:
        lines += [
            f"| same, old NER path (`{d['old_engine']}`) | - | {d['old_e2e_2w_over_trafilatura']:.2f}x |",
            f"| NER stage, new ÷ old path speed | - | {d['ner_speedup']:.2f}x |",
            f"| end to end, new ÷ old, 1 / 2 workers | - "
            f"| {d['e2e_1w_speedup']:.2f}x / {d['e2e_2w_speedup']:.2f}x |",
        ]
    return "\n".join(lines) + "\n"


def long_bench_table() -> str:
    """One long article: time and peak memory (docs/scores/long_bench.json, `make bench-long`)."""
    path = SCORES_DIR / "long_bench.json"
    if not path.exists():
        return "_No long-article benchmark recorded yet: run `make bench-long`._\n"
    r = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        f"One synthetic article per row, each in a fresh process, {r['machine']['cpus']} CPUs, "
        f"Python {r['machine']['python']}, measured {r['when'][:10]}; peak RSS includes the model.\n",
        "| article | NER | seconds | peak RSS MB | outcome |",
        "|---|---|---:|---:|---|",
    ]
    for row in r["rows"]:
        seconds = f"{row['seconds']:.1f}" if "seconds" in row else "-"
        lines.append(f"| {row['case']} | `{row['ner']}` | {seconds} | {row['peak_rss_mb']:.0f} "
                     f"| {_cell(row['outcome'])} |")
    peak = max(row["peak_rss_mb"] for row in r["rows"])
    lines += ["", f"Target: peak RSS within {r['targets']['peak_rss_mb']} MB per worker for any input "
                  f"up to the page cap; measured at most {peak:.0f} MB."]
    return "\n".join(lines) + "\n"


def stream_bench_table(file: str = "stream_bench.json") -> str:
    """The realistic-stream benchmark (docs/scores/stream_bench.json, `make bench-stream`;
    stream_election_bench.json for `--mix election`, `make bench-stream-election`)."""
    path = SCORES_DIR / file
    if not path.exists():
        return f"_No benchmark recorded in docs/scores/{file} yet: run `make bench-stream`._\n"
    r = json.loads(path.read_text(encoding="utf-8"))
    n, k = r["articles"], r["page_kb"]
    bare = r["rows"][0]["seconds"]
    drawn = ", ".join(f"{c} {t}" for t, c in r["drawn"].items())
    loads = [row["load_average"] for row in r["rows"] if row.get("load_average") is not None]
    load = f", load average {min(loads):.1f}-{max(loads):.1f}" if loads else ""
    lines = [
        f"{n} heavy pages ({k['min']:.0f}-{k['max']:.0f} KB, median {k['median']:.0f}) drawn "
        f"from corpus/stream: {drawn}; NER `{r['ner']}`, {r['machine']['cpus']} CPUs{load}, "
        f"measured {r['when'][:10]}.\n",
        "| what | workers | seconds | pages/s | x bare trafilatura | CPU ms/page | CPU x bare "
        "| peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    bare_cpu = r["rows"][0].get("cpu_seconds")  # absent in runs before CPU was recorded
    for row in r["rows"]:
        cpu = row.get("cpu_seconds")
        cpu_cells = (f"{1000 * cpu / n:.1f} | {cpu / bare_cpu:.2f}" if cpu and bare_cpu
                     else "- | -")
        lines.append(f"| {row['stage']} | {row['workers']} | {row['seconds']:.2f} "
                     f"| {n / row['seconds']:.1f} | {row['seconds'] / bare:.2f} "
                     f"| {cpu_cells} | {row['peak_rss_mb']:.0f} |")
    d, c = r["derived"], r["template_check"]
    before = (f" (before the gate, `--analyse all`: {d['ratio_2w_analyse_all']:.2f}x)"
              if d.get("ratio_2w_analyse_all") else "")
    cpu_2w = f"; in CPU time {d['cpu_ratio_2w']:.2f}x" if d.get("cpu_ratio_2w") else ""
    lines += [
        "",
        f"Target: pantau with 2 workers at most {r['target_ratio_2w']}x bare trafilatura on one "
        f"core; measured {d['ratio_2w']:.2f}x{before}{cpu_2w}. The heavy template leaves the "
        f"gate's decision unchanged on {c['same_gate']}/{c['pages']} pages (topic "
        f"{c['same_topic']}/{c['pages']}).",
    ]
    return "\n".join(lines) + "\n"


# Published IndoNLU test macro F1 (Wilie et al. 2020, Table 5) to show beside ours.
PUBLISHED = {
    "indonlu-nergrit": "fastText 38.69 · mBERT 75.02 · IndoBERT-large 77.60 · XLM-R base 79.09",
    "indonlu-nerp": "fastText 46.79 · mBERT 69.27 · IndoBERT-large 79.25",
    "idner-news-2k": "none published (paper reports BiLSTM-CRF only)",
}


def ner_table() -> str:
    """The shipped model's test scores (docs/scores/ner.json, from `pantau eval-ner`)."""
    path = SCORES_DIR / "ner.json"
    if not path.exists():
        return "_No NER scores recorded yet: run `make scores`._\n"
    scores = json.loads(path.read_text(encoding="utf-8"))
    lines = ["| test set | micro F1 | macro F1 | published macro F1 (IndoNLU) |",
             "|---|---:|---:|---|"]
    for name, s in scores.items():
        if not isinstance(s, dict) or "micro_f1" not in s:
            continue
        lines.append(f"| {name} | {s['micro_f1']:.3f} | {s['macro_f1']:.3f} "
                     f"| {PUBLISHED.get(name, 'ours: in-domain sentences written for pantau')} |")
    speed = scores.get("speed") or {}
    if speed:
        lines.append("")
        lines.append(
            f"Inference: {speed['tokens_per_s']:,.0f} tokens/s, "
            f"{speed['sentences_per_s']:,.0f} sentences/s on {speed.get('threads', 1)} CPU thread(s), "
            f"engine `{speed.get('engine', 'stanza')}`, model loaded, wall clock on this shared "
            "2-core machine (compare paths only within one run, as below)."
        )
    lines += ner_speed_table()
    return "\n".join(lines) + "\n"


def ner_speed_table() -> list[str]:
    """Old and new NER paths side by side (docs/scores/ner-speed.json, `python -m bench.ner_speed`)."""
    path = SCORES_DIR / "ner-speed.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text(encoding="utf-8"))
    t = r["test_sentences"]
    lines = ["", f"Old and new inference paths, same run, interleaved, median of {t['rounds']} rounds "
                 f"in process CPU time, one thread ({t['sentences']:,} test sentences, "
                 f"{t['tokens']:,} tokens; measured {r['when'][:10]}):", "",
             "| path | sentences/s | tokens/s | ÷ old | sentences differing from old | from fast+int8 |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, p in t["paths"].items():
        lines.append(f"| {name} | {p['sentences_per_s']:,.0f} | {p['tokens_per_s']:,} "
                     f"| {p['speedup']:.2f}x | {p['sentences_differing_from_old']} "
                     f"| {p.get('sentences_differing_from_fast+int8', '–')} |")
    captions = {
        "articles": "bench pages (generated from a few templates: a small vocabulary, which "
                    "flatters the per-form cache)",
        "real_articles": "real articles (the snapshot's: samples, heldout, heldout2, seeds)",
    }
    for key, caption in captions.items():
        a = r.get(key)
        if not a:
            continue
        forms = f", {a['distinct_forms']:,} distinct word forms" if "distinct_forms" in a else ""
        lines += ["", f"The same paths on {a['articles']} {caption}: {a['sentences']:,} sentences{forms}, "
                      "16 articles per call as `pantau run` does; the cold rows start each round "
                      "with an empty cache:", "",
                  "| path | articles/s | ÷ old | entities | differing from old | from fast+int8 |",
                  "|---|---:|---:|---:|---:|---:|"]
        for name, p in a["paths"].items():
            lines.append(f"| {name} | {p['articles_per_s']:,.1f} | {p['speedup']:.2f}x | {p['entities']:,} "
                         f"| {p['entities_differing_from_old']} "
                         f"| {p.get('entities_differing_from_fast+int8', '–')} |")
    return lines


def architecture() -> str:
    """The packages of pipeline/: what each holds, its modules and what it may import,
    read from the package docstrings and the code itself (sizes are kept by
    tests/test_architecture.py, not listed here, so the table changes only with the layout)."""
    import ast

    pipeline_dir = ROOT / "pipeline"
    rows = ["| package | modules | what it holds · what it may import |", "|---|---|---|"]
    top = sorted(p for p in pipeline_dir.glob("*.py") if p.name != "__init__.py")
    rows.append(
        "| `pipeline/` | " + ", ".join(f"`{p.name}`" for p in top)
        + " | the base every stage shares (`records`, `errors`, `text`), the two stage modules "
        "the product asked for at the top (`extract`, `ner`), and the thin `cli` |"
    )
    for init in sorted(pipeline_dir.glob("*/__init__.py")):
        package = init.parent
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        mods = sorted(p for p in package.rglob("*.py") if p.name != "__init__.py")
        listed = ", ".join(f"`{p.relative_to(package).as_posix()}`" for p in mods)
        paras = [" ".join(part.split()).replace("``", "`") for part in doc.split("\n\n")]
        allowed = next((part for part in paras if part.startswith("May import")), "")
        rows.append(f"| `pipeline/{package.name}/` | {listed} | {_cell(paras[0])} *{_cell(allowed)}* |")
    return "\n".join(rows) + "\n"


def records_table() -> str:
    """The typed records that flow between the stages (pipeline/records.py)."""
    import dataclasses
    import inspect

    from pipeline import records

    rows = ["| record | what it is | fields |", "|---|---|---|"]
    for name, cls in inspect.getmembers(records, dataclasses.is_dataclass):
        if cls.__module__ != records.__name__:
            continue
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        fields = ", ".join(f.name for f in dataclasses.fields(cls))
        rows.append(f"| `{name}` | {_cell(doc)} | {fields} |")
    return "\n".join(rows) + "\n"
