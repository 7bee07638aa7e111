"""The run loop: inputs in, extractions stored, failures recorded, a summary out.

Producers (local files, fetched URLs, WARC files) yield ``Article`` or ``Failure``
records, or the ``Path`` of a local file that a worker extracts (``pipeline.run.engine``);
workers turn batches of articles into extractions (``pipeline.analysis.analyse``) and
``run`` stores each one in its own transaction. A run killed at any
point loses nothing: finished articles are stored whole, the rest are redone next time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.analysis.gate import DEFAULT as DEFAULT_GATE, Gate
from pipeline.errors import one_line
from pipeline.records import Article, Extraction, Failure
from pipeline.run.control import Interrupted, protected
from pipeline.storage import store

Item = Article | Failure | Path


@dataclass
class Summary:
    inputs: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    officials: int = 0
    events: int = 0
    gated_lang: int = 0  # stored, not analysed: not in an analysed language
    gated_topic: int = 0  # stored, not analysed: cannot be election-related
    elapsed: float = 0.0
    run_id: int | None = None  # the runs row, for counts added after the run (crawls)
    interrupted: int | None = None  # the signal that stopped the run, if one did
    failures: list[Failure] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "inputs": self.inputs, "processed": self.processed, "skipped": self.skipped,
            "failed": self.failed, "officials": self.officials, "events": self.events,
            "gated_lang": self.gated_lang, "gated_topic": self.gated_topic,
        }

    @property
    def ok(self) -> bool:
        """A run fails only when there was input and none of it could be used."""
        return self.inputs == 0 or self.processed + self.skipped > 0


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    db,
    items: Iterable[Item],
    ner: str = "auto",
    command: str = "run",
    options: dict | None = None,
    echo: Callable[[str], None] = print,
    batch_size: int = 16,
    workers: int = 1,
    engine_name: str = "local",
    gate: Gate = DEFAULT_GATE,
) -> Summary:
    """Store every item; returns the run's summary (also written to ``runs``).

    ``items`` are Articles, Failures, or Paths of local files (extracted by the
    workers). Analysis runs in ``workers`` processes; this process alone writes.
    """
    from pipeline.run import engine
    from pipeline.ner import describe

    started = time.perf_counter()
    run_id = store.start_run(db, command, options or {}, describe(ner))
    summary = Summary(run_id=run_id)
    db_path = db_file(db)

    def fail(f: Failure) -> None:
        summary.failed += 1
        summary.failures.append(f)
        store.record_failure(db, f, run_id)
        echo(f"failed  {f.source}: {f.reason} ({f.stage})")

    status = "interrupted"  # also what a killed run's row keeps: "running" never finished
    results_in_order = None
    try:
        if engine_name == "ray":
            from pipeline.run import engine_ray

            mapper = engine_ray.map_batches
        else:
            mapper = engine.map_batches
        results_in_order = mapper(_batches(items, batch_size), ner, db_path, workers, gate)
        for batch, results in results_in_order:
            with protected():  # a batch that came back is stored and counted whole
                summary.inputs += len(batch)
                for result in results:
                    if isinstance(result, Failure):
                        fail(result)
                    elif isinstance(result, engine.Unchanged):
                        summary.skipped += 1
                    else:
                        _save(db, result, run_id, summary, fail)
        status = "ok" if summary.ok else "failed"
    except Interrupted as exc:
        # SIGTERM or Ctrl-C: what is stored stays (each article is its own transaction;
        # one cut short rolled back), the rest is redone by the next run
        summary.interrupted = exc.signum
    finally:
        if results_in_order is not None:
            results_in_order.close()  # stops the workers now, not when garbage is collected
        summary.elapsed = time.perf_counter() - started
        store.finish_run(db, run_id, summary.counts(), status)
    return summary


def _save(db, result: Extraction, run_id: int, summary: Summary, fail) -> None:
    try:
        if store.save_extraction(db, result, run_id):
            summary.processed += 1
            summary.gated_lang += result.gate == "lang"
            summary.gated_topic += result.gate == "topic"
            summary.officials += len(result.officials)
            summary.events += len(result.events)
        else:
            summary.skipped += 1
    except Exception as exc:
        fail(Failure(result.article.source, "store", one_line(exc)))


def db_file(db) -> str | None:
    """The file behind a sqlite-utils Database (None for in-memory)."""
    for _, name, path in db.execute("pragma database_list").fetchall():
        if name == "main":
            return path or None
    return None
