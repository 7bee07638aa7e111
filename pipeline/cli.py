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
    """Library errors become one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except PantauError as exc:
            click.echo(f"pantau: {exc.message}", err=True)
            sys.exit(1)

    return wrapper


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
@click.option("--quiet", is_flag=True, help="Only print failures and the summary.")
@friendly
def run(paths, db_path, ner, batch_size, workers, engine_name, quiet):
    """Extract, tag and store articles from files and directories.

    PATHS are .html/.htm pages and .txt articles (first line the title, a blank
    line, then the body), or directories holding them. Articles already stored with
    the same text are skipped; changed ones are reprocessed; files that cannot be
    read get one line here and a row in the failures table.

    Example:

        pantau run corpus/samples --db outputs/pantau.db
    """
    from pipeline import engine, inputs, process, store

    if not paths:
        raise click.UsageError("give at least one file or directory")
    workers = workers or engine.default_workers()
    db = store.open_db(db_path)
    summary = process.run(
        db, inputs.iter_files(paths), ner=ner, command="run",
        options={"paths": list(paths), "ner": ner, "workers": workers, "engine": engine_name},
        batch_size=batch_size, workers=workers, engine_name=engine_name, echo=click.echo,
    )
    _print_summary(db_path, summary, quiet)
    if not summary.ok:
        sys.exit(1)


def _print_summary(db_path: str, summary, quiet: bool) -> None:
    c = summary.counts()
    click.echo(
        f"{c['inputs']} inputs: {c['processed']} processed, {c['skipped']} unchanged, "
        f"{c['failed']} failed; {c['officials']} officials, {c['events']} events "
        f"-> {db_path} ({summary.elapsed:.1f}s)"
    )


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="jsonl: one object per article; csv: one file per table.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File (jsonl, default stdout) or directory (csv, default outputs/csv).")
@friendly
def export(db_path, fmt, output):
    """Export the database: one JSON object per article, or one CSV per table.

    Example:

        pantau export --format jsonl -o outputs/articles.jsonl
    """
    from pipeline import export as exporter
    from pipeline import store

    if not Path(db_path).exists():
        raise PantauError(f"no database at {db_path}: run `pantau run` first")
    db = store.open_db(db_path)
    if fmt == "jsonl":
        if output:
            with open(output, "w", encoding="utf-8") as f:
                n = exporter.write_jsonl(db, f)
            click.echo(f"{n} articles -> {output}", err=True)
        else:
            exporter.write_jsonl(db, sys.stdout)
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
    from pipeline import report as reporter
    from pipeline import store

    if not Path(db_path).exists():
        raise PantauError(f"no database at {db_path}: run `pantau run` first")
    for line in reporter.lines(store.open_db(db_path), limit=limit):
        click.echo(line)


if __name__ == "__main__":
    cli()
