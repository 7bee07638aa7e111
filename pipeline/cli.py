"""pantau's command line: parse, call the library, turn errors into one clear line."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import PantauError

DEFAULT_DB = "outputs/pantau.db"


def db_option(f):
    return click.option(
        "--db", "db_path", default=DEFAULT_DB, show_default=True,
        type=click.Path(dir_okay=False), help="SQLite database file.",
    )(f)


def friendly(f):
    """Library errors become one line on stderr and exit code 1, never a traceback.

    A signal that stops a command before its run loop started exits with 128 + its number.
    """
    from pipeline.run.control import Interrupted

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except PantauError as exc:
            click.echo(f"pantau: {exc.message}", err=True)
            sys.exit(1)
        except Interrupted as exc:
            click.echo("pantau: interrupted before anything was stored", err=True)
            sys.exit(exc.exit_code)

    return wrapper


# Politeness options of `pantau run` for URLs and --sources; defaults from fetch.Policy.
POLICY_OPTIONS = ("delay", "timeout", "retries", "backoff", "max_bytes", "max_redirects",
                  "hosts", "contact", "allow_private", "proxy")


def crawl_options(f):
    from pipeline.crawl.fetch import Policy

    p = Policy()
    for option in reversed([
        click.option("--delay", type=click.FloatRange(min=0), default=p.delay, show_default=True,
                     help="Seconds between requests to one host (robots.txt Crawl-delay and "
                          "an outlet's own delay win when larger)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=p.timeout,
                     show_default=True, help="Seconds for one whole request."),
        click.option("--retries", type=click.IntRange(min=0), default=p.retries, show_default=True,
                     help="Retries on 429, 5xx and connection errors (exponential backoff)."),
        click.option("--backoff", type=click.FloatRange(min=0), default=p.backoff,
                     show_default=True, help="Seconds before the first retry (doubles each time)."),
        click.option("--max-bytes", type=click.IntRange(min=1024), default=p.max_bytes,
                     show_default=True, help="Largest page kept, raw and decompressed."),
        click.option("--max-redirects", type=click.IntRange(min=0), default=p.max_redirects,
                     show_default=True, help="Redirects followed per URL."),
        click.option("--hosts", type=click.IntRange(min=1), default=p.hosts, show_default=True,
                     help="Hosts fetched in parallel (always one request at a time per host)."),
        click.option("--contact", default=p.contact, show_default=True,
                     help="URL or e-mail put in the User-Agent so site owners can reach you."),
        click.option("--allow-private", is_flag=True,
                     help="Also fetch from loopback, private, link-local and other non-public "
                          "addresses (refused by default: a feed could point pantau at an "
                          "internal server). For intranet mirrors and tests."),
        click.option("--proxy", default=None, metavar="URL",
                     help="Proxy for every request (an http:// or https:// URL) "
                          "[default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment]."),
        click.option("--warc-dir", type=click.Path(file_okay=False), default="corpus/warc",
                     show_default=True, help="Where every fetched response is captured."),
        click.option("--max-attempts", type=click.IntRange(min=1), default=5, show_default=True,
                     help="Runs that retry a failed fetch before giving up on it."),
    ]):
        f = option(f)
    return f


def gate_options(f):
    """--lang, --analyse and --verbose: what a run analyses, and how much it says."""
    for option in reversed([
        click.option("--lang", "langs", default="id", show_default=True,
                     help="Languages analysed, ISO 639-1 codes separated by commas (id,ms); "
                          "articles in others are stored with their language and title only."),
        click.option("--analyse", "analyse", type=click.Choice(["election", "all"]),
                     default="election", show_default=True,
                     help="election: articles the topic gate says cannot be election news are "
                          "stored (text, search, topic) but skip NER and the rules; all: "
                          "analyse every article."),
        click.option("--verbose", is_flag=True,
                     help="Let third-party warnings and logs (Stanza, Ray, torch) through."),
    ]):
        f = option(f)
    return f


def make_gate(langs: str, analyse: str, verbose: bool):
    """The Gate the options ask for; third-party noise silenced unless --verbose."""
    from pipeline.analysis.gate import Gate
    from pipeline.run.engine import quiet_third_party

    if not verbose:
        quiet_third_party()
    codes = tuple(dict.fromkeys(c.strip().lower() for c in langs.split(",") if c.strip()))
    if not codes:
        raise click.BadParameter("name at least one language, e.g. --lang id", param_hint="--lang")
    return Gate(langs=codes, analyse_all=analyse == "all")


@click.group()
@click.version_option(__version__, prog_name="pantau")
def cli():
    """pantau: Indonesian regional news in, a queryable record of election-security
    activity out."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--ner", default="auto", show_default=True,
              type=click.Choice(["auto", "stanza", "rules"]),
              help="Name finder: the shipped Stanza model, pantau's rules, or auto "
                   "(the model when its files are present).")
@click.option("--batch-size", default=16, show_default=True, type=int,
              help="Articles analysed together (NER is batched over their sentences).")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Worker processes for extraction, NER and rules [default: one per core].")
@click.option("--engine", "engine_name", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="local: a process pool here; ray: Ray Data stages (RAY_ADDRESS picks a cluster).")
@click.option("--wait", is_flag=True,
              help="When another run is writing the database, wait for it instead of "
                   "exiting.")
@click.option("--quiet", is_flag=True, help="Only print failures and the summary.")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False),
              help="Outlets to crawl: one URL per line, or YAML with per-outlet settings "
                   "(docs/sources.md).")
@gate_options
@crawl_options
@friendly
def run(paths, db_path, ner, batch_size, workers, engine_name, wait, quiet, sources_file, langs,
        analyse, verbose, **crawl_opts):
    """Extract, tag and store articles from files, directories, WARC files and URLs.

    PATHS are .html/.htm pages, .txt articles (first line the title, a blank
    line, then the body), .warc/.warc.gz files, directories holding them, or
    http(s) URLs: a feed, a sitemap, a home page or a single article, fetched
    politely (robots.txt, per-host delay) and captured to WARC. Articles already
    stored with the same text are skipped, and URLs already stored are not fetched;
    changed ones are reprocessed; inputs that cannot be used get one line here and
    a row in the failures table (failed fetches are retried on later runs).

    SIGTERM or Ctrl-C stops a run cleanly: what is stored stays, the run is marked
    interrupted and pantau exits with 143 or 130 (a second signal stops it at once).
    One run at a time writes a database: another one exits at once, or waits (--wait).

    Every article gets its language and topic first (a cheap gate, no model):
    articles not in --lang, or that cannot be election news, are stored with their
    text, language and topic, so search finds them and reruns skip them, but skip
    NER and the rules (--analyse all analyses everything).

    Example:

    \b
        pantau run corpus/samples --db outputs/pantau.db
        pantau run --sources sources.yml --db outputs/pantau.db
        pantau run corpus/stream --lang id,ms --analyse all
    """
    from pipeline.run import batch
    from pipeline.crawl import fetch

    if not paths and not sources_file:
        raise click.UsageError("give at least one file, directory or URL, or --sources FILE")
    gate = make_gate(langs, analyse, verbose)
    result = batch.run_batch(
        db_path, paths, sources_file, gate=gate,
        policy=fetch.Policy(**{k: v for k, v in crawl_opts.items() if k in POLICY_OPTIONS}),
        warc_dir=crawl_opts["warc_dir"], max_attempts=crawl_opts["max_attempts"], ner=ner,
        batch_size=batch_size, workers=workers, engine_name=engine_name, quiet=quiet,
        wait=wait,
    )
    for line in result.lines(db_path):
        click.echo(line)
    if result.exit_code:
        sys.exit(result.exit_code)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@click.option("--ner", default="auto", show_default=True,
              type=click.Choice(["auto", "stanza", "rules"]), help="Name finder (as for run).")
@click.option("--batch-size", default=16, show_default=True, type=int,
              help="Articles analysed together.")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Worker processes [default: one per core].")
@click.option("--quiet", is_flag=True, help="Only print failures and the summary.")
@click.option("--wait", is_flag=True,
              help="When another run is writing the database, wait for it instead of "
                   "exiting.")
@gate_options
@friendly
def reprocess(paths, db_path, ner, batch_size, workers, quiet, wait, langs, analyse, verbose):
    """Re-run extraction and rules over captured WARC files, with no network.

    PATHS are .warc/.warc.gz files or directories holding them (default
    corpus/warc, where `pantau run` captures every response). Pages are read,
    decoded and extracted exactly as when they were fetched; articles whose text
    and analysis (tagger and rule versions) are unchanged are skipped, so improved
    rules are applied to everything captured.

    Example:

        pantau reprocess corpus/warc --db outputs/pantau.db
    """
    from pipeline.run import batch

    result = batch.reprocess(db_path, paths, ner=ner, batch_size=batch_size, workers=workers,
                             wait=wait, gate=make_gate(langs, analyse, verbose))
    for line in result.lines(db_path):
        click.echo(line)
    if result.exit_code:
        sys.exit(result.exit_code)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="jsonl: one object per article; csv: one file per table.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File (jsonl, default stdout) or directory (csv, default outputs/csv).")
@click.option("--what", type=click.Choice(["articles", "incidents"]), default="articles",
              show_default=True,
              help="jsonl only: one object per article, or per incident with its reports "
                   "(csv always writes every table, incidents included).")
@friendly
def export(db_path, fmt, output, what):
    """Export the database: one JSON object per article or incident, or one CSV per table.

    Example:

        pantau export --format jsonl -o outputs/articles.jsonl
        pantau export --format jsonl --what incidents -o outputs/incidents.jsonl
        pantau export --format csv -o outputs/csv
    """
    from pipeline.browse import export as exporter
    from pipeline.storage import store

    if not Path(db_path).exists():
        raise PantauError(f"no database at {db_path}: run `pantau run` first")
    db = store.open_db(db_path)
    if fmt == "jsonl":
        if output:
            with open(output, "w", encoding="utf-8") as f:
                n = exporter.write_jsonl(db, f, what)
            click.echo(f"{n} {what} -> {output}", err=True)
        else:
            exporter.write_jsonl(db, sys.stdout, what)
    else:
        written = exporter.write_csv(db, Path(output or "outputs/csv"))
        click.echo(f"{len(written)} tables -> {Path(output or 'outputs/csv')}", err=True)


@cli.command()
@db_option
@click.option("--limit", type=int, default=None, help="Show at most this many articles.")
@friendly
def report(db_path, limit):
    """Print what the database holds: per article its officials, events and figures.

    Example:

        pantau report --db outputs/pantau.db --limit 20
    """
    from pipeline.browse import report as reporter
    from pipeline.storage import store

    if not Path(db_path).exists():
        raise PantauError(f"no database at {db_path}: run `pantau run` first")
    for line in reporter.lines(store.open_db(db_path), limit=limit):
        click.echo(line)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes it to the network).")
@click.option("-p", "--port", default=8001, show_default=True, type=int,
              help="Port to listen on (0 picks a free one).")
@friendly
def serve(db_path, host, port):
    """Browse the database in Datasette: described tables, facets, canned queries,
    Indonesian search and a map of events.

    The database is opened read-only and may be written by a running batch at the
    same time. See docs/datasette.md.

    Example:

        pantau serve --db outputs/pantau.db --port 8001
    """
    from pipeline.browse import serve as server

    server.serve(db_path, host=host, port=port, echo=lambda line: click.echo(line, err=True))


@cli.command("train-ner")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="The NER datasets (default ../shared/data/ner beside the repo).")
@click.option("--out-dir", type=click.Path(file_okay=False), default=None,
              help="Where the model files go (default pipeline/models/ner).")
@click.option("--work-dir", type=click.Path(file_okay=False), default="build/ner",
              show_default=True, help="Scratch files: training JSON, vectors, the nlp-id wheel.")
@click.option("--mix", default="all", show_default=True,
              type=click.Choice(["idner", "idner+nergrit", "all"]),
              help="Which datasets' labels to train on.")
@click.option("--steps", default=2500, show_default=True, type=int, help="Training steps (batches of 32).")
@click.option("--seed", default=1234, show_default=True, type=int,
              help="Random seed for the vectors and the tagger.")
@click.option("--threads", default=1, show_default=True, type=int, help="Torch threads.")
@click.option("--hidden-dim", default=256, show_default=True, type=int,
              help="Size of the tagger's word-level BiLSTM.")
@click.option("--char/--no-char", default=True, show_default=True,
              help="Character BiLSTM beside the word vectors.")
@click.option("--no-indomain", is_flag=True, help="Leave out pantau's own in-domain sentences.")
@click.option("--no-extra-text", is_flag=True,
              help="Train the vectors on the NER training texts only (no nlp-id download).")
@friendly
def train_ner(data_dir, out_dir, work_dir, mix, steps, seed, threads, hidden_dim, char,
              no_indomain, no_extra_text):
    """Train pantau's Indonesian Stanza NER model from the shared datasets.

    Harmonises the datasets to PER/ORG/LOC, trains word2vec vectors, trains the
    tagger on one CPU thread with a fixed seed, scores it on every test split and
    writes the model files, model.json (sha256s, settings, scores) and MODEL.md.

    Example:

        pantau train-ner
    """
    from pipeline.analysis import stanza_ner
    from pipeline.analysis import train_ner as trainer

    manifest = trainer.train(
        data_dir=Path(data_dir) if data_dir else trainer.DEFAULT_DATA_DIR,
        out_dir=Path(out_dir) if out_dir else stanza_ner.MODEL_DIR,
        work_dir=Path(work_dir), mix=mix, steps=steps, seed=seed, threads=threads,
        hidden_dim=hidden_dim, char=char, indomain=not no_indomain, extra_text=not no_extra_text, echo=click.echo,
    )
    click.echo(trainer.model_card(manifest))


@cli.command("eval-ner")
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              default="outputs/ner_scores.json", show_default=True, help="JSON file to write.")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="The NER datasets (default ../shared/data/ner beside the repo).")
@click.option("--model-dir", type=click.Path(file_okay=False), default=None,
              help="The model to score (default the shipped one in pipeline/models/ner).")
@click.option("--split", default="test", show_default=True, type=click.Choice(["test", "dev"]),
              help="Which split to score (dev for choosing settings, test for reporting).")
@click.option("--threads", default=1, show_default=True, type=int, help="Torch threads.")
@click.option("--engine", default="cached-int8", show_default=True,
              type=click.Choice(["cached-int8", "cached", "fast-int8", "fast", "stanza"]),
              help="How the network is run: cached-int8 (what `pantau run` uses: per-word-form "
                   "cache, int8 word LSTM), cached (float, same entities as Stanza's pipeline), "
                   "fast-int8 / fast (no cache), stanza (Stanza's own pipeline, the old path).")
@friendly
def eval_ner(out_path, data_dir, model_dir, split, threads, engine):
    """Score the NER model on each dataset's test split and write JSON.

    Keys are the dataset folder names (micro_f1, macro_f1, per_type), plus
    pantau-indomain, seeds-persons and speed (tokens/s, sentences/s).

    Example:

    \b
        pantau eval-ner --out outputs/ner_scores.json
        pantau eval-ner --engine stanza --out outputs/ner_scores_old.json
    """
    import json

    from pipeline.analysis import stanza_ner
    from pipeline.analysis import train_ner as trainer

    scores = trainer.evaluate(
        data_dir=Path(data_dir) if data_dir else trainer.DEFAULT_DATA_DIR,
        model_dir=Path(model_dir) if model_dir else stanza_ner.MODEL_DIR,
        split=split, threads=threads, engine=engine,
    )
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    Path(out_path).write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    for name, result in scores.items():
        if isinstance(result, dict) and "micro_f1" in result:
            click.echo(f"{name}: micro F1 {result['micro_f1']:.4f}, macro F1 {result['macro_f1']:.4f}")
    click.echo(f"-> {out_path}")


@cli.command(name="eval")
@click.option("--gold", "gold_dir", default="corpus/gold", show_default=True,
              type=click.Path(file_okay=False, exists=True),
              help="Directory of gold JSON files (see docs/gold.md).")
@click.option("--ner", default="auto", show_default=True,
              type=click.Choice(["auto", "stanza", "rules"]),
              help="Name finder the pipeline runs with.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the scores and per-article differences to this JSON file.")
@click.option("--topics-only", is_flag=True,
              help="Score only language, topic and the gate (no tagger: seconds, not minutes).")
@click.option("--verbose", is_flag=True,
              help="Let third-party warnings and logs (Stanza, torch) through.")
@friendly
def eval_command(gold_dir, ner, json_path, topics_only, verbose):
    """Score the pipeline against annotated gold: precision, recall and F1 per field.

    Runs the real pipeline over every article a gold file names (samples/ under
    corpus/, seeds/ under ../shared/seeds, skipped when absent) in a temporary
    database, and compares officials, event dates, elections and TPS/DPT counts.
    Where the gold has events (corpus/dev2/gold, corpus/multi/gold) it also prints
    event precision/recall (date + place + units) and, where it has incidents, how
    reports were grouped into incidents (pairwise and B-cubed precision/recall/F1).
    Then it scores topics (precision and recall per class) and the gate's recall
    (the share of election articles analysed, which must stay 1.0). A gold set with
    a scope.json (the labelled streams) has its fields scored on its Indonesian
    election articles only; the output names them.

    Example:

    \b
        pantau eval --gold corpus/gold --ner rules --json outputs/eval.json
        pantau eval --gold corpus/multi/gold --ner rules
        pantau eval --gold corpus/stream/gold --topics-only
    """
    import json

    from pipeline.quality import evaluate, topics
    from pipeline.run.engine import quiet_third_party

    if not verbose:
        quiet_third_party()
    if topics_only:
        report = evaluate.score_topics(Path(gold_dir))
        click.echo(topics.format_topics(report))
    else:
        report = evaluate.evaluate(Path(gold_dir), ner=ner)
        click.echo(evaluate.format_table(report))
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(
            json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        click.echo(f"-> {json_path}")


if __name__ == "__main__":
    cli()
