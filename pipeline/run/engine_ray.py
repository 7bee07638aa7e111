"""``pantau run --engine ray``: the same stages as Ray Data stages, stored by the same code.

Extraction runs as stateless Ray tasks; the gate, NER and rules run in an actor pool
whose actors each load the Stanza model once, when the gate first lets an article through
(Ray Data's documented pattern for models, made lazy so gated-out streams never load it);
the driver is the single SQLite writer and uses ``pipeline.run.process`` for storing, so
a Ray run and a local run give the same database for the same inputs.

Records cross stage boundaries pickled in a ``payload`` column: they are frozen
dataclasses, and pickling them keeps Ray's Arrow conversion away from nested tuples.

The item list is handed to Ray whole (for local files these are paths, so it is small);
results stream back in input order and are stored as they arrive.

Point it at a cluster with ``RAY_ADDRESS=ray://head:10001`` (or ``--ray-address``);
every node needs ``pip install pantau`` (the model ships inside the package), and the
input files must be readable from the nodes (a shared mount), because workers read
them. Without an address a local Ray instance is started with ``workers`` CPUs.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any, Iterable, Iterator

from pipeline.analysis.gate import DEFAULT as DEFAULT_GATE, Gate
from pipeline.run.engine import Item, Result, analyse_items, limit_threads, prepare


def _extract_batch(batch: dict[str, Any]) -> dict[str, list]:
    """Stage 1 (tasks): items to Articles or Failures."""
    items = [pickle.loads(p) for p in batch["payload"]]
    return {"payload": [pickle.dumps(prepare(item)) for item in items]}


class _Analyser:
    """Stage 2 (actor pool): gate, NER and rules, the model loaded at most once per actor."""

    def __init__(self, ner: str, db_path: str | None, gate: Gate = DEFAULT_GATE):
        limit_threads()
        self.ner, self.db_path, self.gate = ner, db_path, gate

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        items = [pickle.loads(p) for p in batch["payload"]]
        results = analyse_items(items, self.ner, self.db_path, self.gate)
        return {"payload": [pickle.dumps(r) for r in results]}


def map_batches(
    batches: Iterable[list[Item]], ner: str, db_path: str | None, workers: int,
    gate: Gate = DEFAULT_GATE, address: str | None = None,
) -> Iterator[tuple[list[Item], list[Result]]]:
    """Same contract as ``pipeline.run.engine.map_batches``, run on Ray Data."""
    import logging

    import ray

    logging.getLogger("ray").setLevel(logging.WARNING)
    address = address or os.environ.get("RAY_ADDRESS")
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            ray.init(
                num_cpus=workers, include_dashboard=False, log_to_driver=False,
                logging_level=logging.WARNING,
                object_store_memory=256 * 1024**2,
                # workers import pantau from wherever this process does
                runtime_env={"env_vars": {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}},
            )
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    # Workers on other machines cannot read a local database: they analyse everything
    # and the driver's store skips what is already current.
    worker_db = None if address else db_path
    batches = list(batches)
    items = [item for batch in batches for item in batch]
    if not items:
        return
    batch_size = max(len(b) for b in batches)
    ds = ray.data.from_items([{"payload": pickle.dumps(i)} for i in items])
    ds = ds.map_batches(_extract_batch, batch_size=batch_size)
    ds = ds.map_batches(
        _Analyser, batch_size=batch_size, concurrency=workers,
        fn_constructor_args=(ner, worker_db, gate), num_cpus=1,
    )
    # Results stream back in input order (preserve_order); store them as they come.
    for item, row in zip(items, ds.iter_rows()):
        yield [item], [pickle.loads(row["payload"])]
