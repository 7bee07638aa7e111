"""One batch job: every kind of input a user can name, through the run loop, once.

``pantau run`` is a thin wrapper around ``run_batch``: local files and directories,
WARC files, URLs and a sources file are turned into one stream of items, analysed and
stored by ``pipeline.process.run``, with crawl progress reported as it goes.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import Sequence

from pipeline import engine, fetch, inputs, process, store, warc
from pipeline import sources as src


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
            f"{c['inputs']} inputs: {c['processed']} processed, {c['skipped']} unchanged, "
            f"{c['failed']} failed; {c['officials']} officials, {c['events']} events "
            f"-> {db_path} ({self.summary.elapsed:.1f}s)"
        ]
        if self.crawl:
            out.append(src.summary_line(self.crawl, self.summary, db_path))
        return out


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
) -> BatchResult:
    """Run pantau over ``paths`` (files, directories, WARC files, URLs) and a sources file."""
    policy = policy or fetch.Policy()
    urls = [p for p in paths if src.is_url(p)]
    warcs, local = warc.split_paths([p for p in paths if not src.is_url(p)])
    workers = workers or engine.default_workers()
    db = store.open_db(db_path)
    crawl = src.open_crawl(db, urls, sources_file, policy, warc_dir, max_attempts)
    items = itertools.chain(inputs.iter_files(local), warc.iter_warcs(warcs, policy.max_bytes),
                            crawl.items() if crawl else ())
    options = {"paths": list(paths), "ner": ner, "workers": workers, "engine": engine_name}
    if crawl:
        options.update(sources=sources_file, **dataclasses.asdict(policy))
    try:
        with src.Reporter(crawl.stats if crawl else src.CrawlStats(), quiet) as reporter:
            if crawl:
                crawl.report = reporter.event
            summary = process.run(
                db, items, ner=ner, command="run", options=options, batch_size=batch_size,
                workers=workers, engine_name=engine_name, echo=reporter.echo,
            )
    finally:
        if crawl:
            crawl.close()
    if crawl:
        store.record_crawl_counts(db, summary.run_id, crawl.stats.counts())
    return BatchResult(summary, crawl.stats if crawl else None)


def reprocess(
    db_path: str, paths: Sequence[str] = (), ner: str = "auto", batch_size: int = 16,
    workers: int | None = None,
) -> BatchResult:
    """Re-extract and re-analyse captured WARC files (default corpus/warc), no network."""
    from pipeline.errors import InputError

    found = warc.find_warcs(paths or [str(warc.DEFAULT_DIR)])
    if not found:
        raise InputError(f"no .warc or .warc.gz files in {', '.join(paths) or warc.DEFAULT_DIR}")
    workers = workers or engine.default_workers()
    summary = process.run(
        store.open_db(db_path), warc.iter_warcs(found), ner=ner, command="reprocess",
        options={"paths": [str(p) for p in found], "ner": ner, "workers": workers},
        batch_size=batch_size, workers=workers,
    )
    return BatchResult(summary, None)
