"""One batch job: every kind of input a user can name, through the run loop, once.

``pantau run`` is a thin wrapper around ``run_batch``: local files and directories,
WARC files, URLs and a sources file are turned into one stream of items, analysed and
stored by ``pipeline.run.process.run``, with crawl progress reported as it goes.
"""

from __future__ import annotations

import dataclasses
import itertools
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from pipeline.analysis.gate import DEFAULT as DEFAULT_GATE, Gate
from pipeline.run import control, engine, process
from pipeline.crawl import crawler, fetch, inputs, warc
from pipeline.storage import store
from pipeline.crawl import sources as src


@dataclass
class BatchResult:
    summary: process.Summary
    crawl: src.CrawlStats | None  # None when nothing was fetched

    @property
    def ok(self) -> bool:
        """Failed only when there was input and none of it could be used.

        A crawl whose every URL was already stored used nothing, and that is success.
        """
        return self.summary.ok or bool(self.crawl and self.crawl.skipped)

    def lines(self, db_path: str) -> list[str]:
        """The closing summary lines."""
        c = self.summary.counts()
        out = [
            f"{c['inputs']} inputs: {c['processed']} processed{gated_text(c)}, "
            f"{c['skipped']} unchanged, "
            f"{c['failed']} failed; {c['officials']} officials, {c['events']} events "
            f"-> {db_path} ({self.summary.elapsed:.1f}s)"
        ]
        if self.crawl:
            out.append(summary_line(self.crawl, self.summary, db_path))
        if self.summary.interrupted:
            name = signal.Signals(self.summary.interrupted).name
            out.append(f"interrupted by {name}: what is stored is kept (run "
                       f"{self.summary.run_id} marked interrupted); run again to finish")
        return out

    @property
    def exit_code(self) -> int:
        """128 + the signal for an interrupted run, 1 for a failed one, else 0."""
        if self.summary.interrupted:
            return 128 + self.summary.interrupted
        return 0 if self.ok else 1


def run_batch(
    db_path: str,
    paths: Sequence[str] = (),
    sources_file: str | None = None,
    policy: fetch.Policy | None = None,
    warc_dir: str = "corpus/warc",
    max_attempts: int = 5,
    ner: str = "auto",
    batch_size: int = 16,
    workers: int | None = None,
    engine_name: str = "local",
    quiet: bool = False,
    wait: bool = False,
    gate: Gate = DEFAULT_GATE,
) -> BatchResult:
    """Run pantau over ``paths`` (files, directories, WARC files, URLs) and a sources file.

    One run at a time per database (``control.Locked``, or wait with ``wait``); SIGINT
    and SIGTERM end it cleanly (``summary.interrupted``).
    """
    with control.database_lock(db_path, wait), control.interruptible():
        return _run_batch(db_path, paths, sources_file, policy, warc_dir, max_attempts, ner,
                          batch_size, workers, engine_name, quiet, gate)


def _run_batch(db_path, paths, sources_file, policy, warc_dir, max_attempts, ner, batch_size,
               workers, engine_name, quiet, gate) -> BatchResult:
    policy = policy or fetch.Policy()
    urls = [p for p in paths if src.is_url(p)]
    warcs, local = warc.split_paths([p for p in paths if not src.is_url(p)])
    workers = workers or engine.default_workers()
    db = store.open_db(db_path)
    crawl = open_crawl(db, urls, sources_file, policy, warc_dir, max_attempts)
    items = itertools.chain(inputs.iter_files(local), warc.iter_warcs(warcs, policy.max_bytes),
                            crawl.items() if crawl else ())
    options = {"paths": [fetch.without_credentials(p) if src.is_url(p) else p for p in paths],
               "ner": ner, "workers": workers, "engine": engine_name,
               "lang": list(gate.langs), "analyse": "all" if gate.analyse_all else "election"}
    if crawl:
        options.update(sources=sources_file, **dataclasses.asdict(policy))
        if policy.proxy:  # runs rows are public: the proxy's credentials are masked
            options["proxy"] = fetch.without_credentials(policy.proxy, mask="***@")
    try:
        with Reporter(crawl.stats if crawl else src.CrawlStats(), quiet) as reporter:
            if crawl:
                crawl.report = reporter.event
            summary = process.run(
                db, items, ner=ner, command="run", options=options, batch_size=batch_size,
                workers=workers, engine_name=engine_name, echo=reporter.echo, gate=gate,
            )
    finally:
        if crawl:
            crawl.close()
    if crawl:
        store.record_crawl_counts(db, summary.run_id, crawl.stats.counts())
    return BatchResult(summary, crawl.stats if crawl else None)


def reprocess(
    db_path: str, paths: Sequence[str] = (), ner: str = "auto", batch_size: int = 16,
    workers: int | None = None, wait: bool = False, gate: Gate = DEFAULT_GATE,
) -> BatchResult:
    """Re-extract and re-analyse captured WARC files (default corpus/warc), no network."""
    from pipeline.errors import InputError

    found = warc.find_warcs(paths or [str(warc.DEFAULT_DIR)])
    if not found:
        raise InputError(f"no .warc or .warc.gz files in {', '.join(paths) or warc.DEFAULT_DIR}")
    workers = workers or engine.default_workers()
    with control.database_lock(db_path, wait), control.interruptible():
        summary = process.run(
            store.open_db(db_path), warc.iter_warcs(found), ner=ner, command="reprocess",
            options={"paths": [str(p) for p in found], "ner": ner, "workers": workers},
            batch_size=batch_size, workers=workers, gate=gate,
        )
    return BatchResult(summary, None)


def open_crawl(
    db: Any,
    urls: Iterable[str] = (),
    sources_file: str | Path | None = None,
    policy: fetch.Policy = fetch.Policy(),
    warc_dir: str | Path | None = None,
    max_attempts: int = 5,
) -> src.Crawl | None:
    """The crawl a run asked for (None when it names no URL and no sources file).

    Skips what ``db`` already holds and retries its earlier fetch failures; every
    response is captured to a new WARC file under ``warc_dir``.
    """
    outlets = src.sources_from_urls(urls)
    if sources_file:
        outlets += src.load_sources(sources_file)
    if not outlets:
        return None
    writer = warc.WarcWriter(warc_dir or warc.DEFAULT_DIR, policy=policy)
    client = fetch.Client(policy, src.host_delays(outlets), capture=writer,
                          private_hosts=src.private_hosts(outlets))

    def resolved(url: str) -> None:
        with db.conn:
            store.resolve_failures(db, url)

    crawl = src.Crawl(
        outlets, client, known=store.known_urls(db),
        retry=store.failed_urls(db, "fetch", max_attempts), resolved=resolved, writer=writer,
    )
    return crawl


# --- reporting -------------------------------------------------------------------------


class Reporter:
    """A progress bar on a terminal (rich), plain log lines otherwise."""

    def __init__(self, stats: src.CrawlStats, quiet: bool = False, tty: bool | None = None):
        self.stats = stats
        self.quiet = quiet
        self.tty = sys.stdout.isatty() if tty is None else tty
        self._progress = None
        self._task = None

    def __enter__(self) -> "Reporter":
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("[bold]pantau[/bold]"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("crawl", total=None, counts="")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.stop()

    def echo(self, line: str) -> None:
        """One log line (above the bar on a terminal)."""
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            print(line, flush=True)

    def event(self, event: crawler.Event) -> None:
        """Move the bar, or print the line an event deserves."""
        s = self.stats
        if self._progress is not None:
            self._progress.update(
                self._task, total=max(s.discovered, 1), completed=s.fetched + s.skipped + s.failed,
                counts=f"fetched {s.fetched} · skipped {s.skipped} · failed {s.failed}",
            )
        elif not self.quiet and event.kind in ("fetched", "read"):
            self.echo(f"{event.kind:8}{event.url} ({event.detail})")


def gated_text(c: dict[str, int]) -> str:
    """" (N stored only: L not in an analysed language, T not election news)", or ""."""
    parts = []
    if c.get("gated_lang"):
        parts.append(f"{c['gated_lang']} not in an analysed language")
    if c.get("gated_topic"):
        parts.append(f"{c['gated_topic']} not election news")
    total = c.get("gated_lang", 0) + c.get("gated_topic", 0)
    return f" ({total} gated out, stored only: {', '.join(parts)})" if parts else ""


def summary_line(stats: src.CrawlStats | None, summary: Any, db_path: str) -> str:
    """The end-of-run summary: discovered, fetched, skipped, failed, extracted, officials, events."""
    c = summary.counts()
    skipped = c["skipped"] + (stats.skipped if stats else 0)
    head = ""
    if stats is not None:
        head = f"{stats.discovered} discovered, {stats.fetched} fetched, "
    return (
        f"{head}{skipped} skipped, {c['failed']} failed, {c['processed']} extracted"
        f"{gated_text(c)}; "
        f"{c['officials']} officials, {c['events']} events -> {db_path} ({summary.elapsed:.1f}s)"
    )
