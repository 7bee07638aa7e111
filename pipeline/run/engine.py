"""Where analysis runs: in this process, or in a pool of worker processes.

Workers do the CPU work (extraction of local files, NER, rules) and hand back
Extraction records; the parent stays the single SQLite writer. The pool is fed a
bounded window of batches, so memory stays flat however many inputs a run has, and
results come back in input order, so a parallel run stores exactly what a serial one
does. Each worker loads the NER model once, when the gate
(``pipeline.analysis.gate``) first lets an article through to it, and uses one torch thread: two torch threads
in one process gain little on this kind of CPU and collapse when another process is
busy (../shared/notes/stanza-offline.md), so cores are used by processes instead.
"""

from __future__ import annotations

import collections
import itertools
import os
import sqlite3
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pipeline.analysis.gate import DEFAULT as DEFAULT_GATE, Gate
from pipeline.records import Article, Extraction, Failure

Item = Article | Failure | Path  # a Path is a local file, extracted where it is analysed


@dataclass(frozen=True)
class Unchanged:
    """An input whose text is already stored: nothing to redo."""

    source: str


Result = Extraction | Failure | Unchanged


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def limit_threads() -> None:
    """One intra-op thread per process (set before torch does any work)."""
    if os.environ.get("PANTAU_QUIET"):
        quiet_third_party()
    one_thread_env()
    # torch itself is not imported here (seconds per process): the tagger sets its
    # threads from PANTAU_TORCH_THREADS when it loads, so a process that only sees
    # gated-out articles never imports it. If something already did, set them now.
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(int(os.environ.get("PANTAU_TORCH_THREADS", "1")))


def one_thread_env() -> None:
    """OpenMP/MKL/OpenBLAS limited to one thread, for this process and those it starts
    (unless the user set them)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def quiet_third_party() -> None:
    """Keep Stanza's, Ray's and torch's warnings and logs out of the user's terminal.

    Set in this process and, through the environment, in every worker it starts
    (``PANTAU_QUIET``); ``pantau run --verbose`` skips it.
    """
    import logging
    import warnings

    os.environ["PANTAU_QUIET"] = "1"
    warnings.filterwarnings("ignore", module=r"(stanza|torch|ray|spacy|trafilatura)(\.|$)")
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"torch")
    for name in ("stanza", "ray", "ray.data", "torch", "trafilatura", "py.warnings"):
        logging.getLogger(name).setLevel(logging.ERROR)
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")


def prepare(item: Item) -> Article | Failure:
    """A local file becomes an Article (or a Failure); records pass through."""
    if not isinstance(item, Path):
        return item
    from pipeline import extract
    from pipeline.errors import one_line

    if not item.exists():
        return Failure(str(item), "read", "no such file")
    try:
        return extract.read_article(item)
    except Exception as exc:
        return Failure(str(item), "extract", one_line(exc))


_readers: dict[str, sqlite3.Connection] = {}


def _is_current(db_path: str | None, article: Article, analysis: str) -> bool:
    """Read-only check against the database (WAL lets workers read while the parent writes)."""
    if not db_path or not Path(db_path).exists():
        return False
    conn = _readers.get(db_path)
    if conn is None:
        conn = _readers[db_path] = sqlite3.connect(
            f"file:{Path(db_path).resolve()}?mode=ro", uri=True, check_same_thread=False
        )
    try:
        row = conn.execute(
            "select 1 from articles where id = ? and text_hash = ? and analysis = ?",
            [article.id, article.text_hash, analysis],
        ).fetchone()
    except sqlite3.OperationalError:  # no articles table (or no analysis column) yet
        return False
    return row is not None


def analyse_items(
    items: Sequence[Item], ner: str, db_path: str | None, gate: Gate = DEFAULT_GATE
) -> list[Result]:
    """Extract, skip what is stored, gate, then analyse the rest as one NER batch; input order kept."""
    from pipeline.analysis.analyse import analyse, analysis_id

    analysis = analysis_id(ner, gate)
    prepared = [prepare(item) for item in items]
    results: list[Result | None] = [None] * len(prepared)
    todo: list[int] = []
    for i, p in enumerate(prepared):
        if isinstance(p, Failure):
            results[i] = p
        elif _is_current(db_path, p, analysis):
            results[i] = Unchanged(p.source)
        else:
            todo.append(i)
    if todo:
        for i, result in zip(todo, analyse([prepared[i] for i in todo], ner, gate)):
            results[i] = result
    return results  # type: ignore[return-value]


def _init_worker(run_pid: int | None = None, environ: dict[str, str] | None = None) -> None:
    from pipeline.run import control

    if environ is not None:
        # A worker forked by the fork server starts with the environment the server was
        # started with, possibly by an earlier run of this process; the run's own (PANTAU_*
        # settings included) is what a spawned worker would have had.
        os.environ.clear()
        os.environ.update(environ)

    control.ignore_signals()  # Ctrl-C reaches the whole group: the parent stops us
    control.watch_parent(parent=run_pid)  # no orphans, even when the run is SIGKILLed
    # The model is not loaded here: a worker loads it with the first batch the gate lets
    # through, so workers that only see gated-out articles never pay for it.
    limit_threads()


# What the fork server imports before it forks workers (pipeline/run/warm.py).
PRELOAD = ["pipeline.run.warm"]


def worker_context():
    """How workers start: forked from a server that has done the start-up once.

    The server (``forkserver``) is a fresh single-threaded process that imports
    ``PRELOAD`` (spaCy's tokenizer, the gazetteer, rule data: ``pipeline.run.warm``) and
    then forks each worker, so a run pays that start-up once instead of once per worker.
    The parent itself never forks (it may hold threads and SQLite connections). Where
    there is no forkserver (not POSIX), or ``PANTAU_START=spawn``, workers are spawned and
    each does its own start-up.
    """
    import multiprocessing

    if (os.environ.get("PANTAU_START", "forkserver") != "spawn"
            and "forkserver" in multiprocessing.get_all_start_methods()):
        # Threads and quiet settings reach the server through the environment it inherits.
        one_thread_env()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # no fork after torch/threads start


# At most this many batches are extracted by the run's own process while the fork
# server preloads (memory: Articles are plain text, ~16 x 10 KB a batch).
PREFETCH_BATCHES = 64
# Batches queued or running per worker. Results are stored in input order by this
# process alone; while it stores one (the first store loads the gazetteer and the
# stemmer: seconds), a worker should still find work queued.
IN_FLIGHT_PER_WORKER = 8
_READY_ENV = "PANTAU_WARM_READY"


def start_server(context) -> Callable[[], bool]:
    """Start the pool's fork server now, without waiting for its preload; returns a
    check that says whether the preload is done (the server touches the file named by
    ``PANTAU_WARM_READY`` when it is, ``pipeline.run.warm``).

    Other start methods (spawn) preload nothing: always ready.
    """
    if context.get_start_method() != "forkserver":
        return lambda: True
    from multiprocessing import forkserver

    flag = os.environ.get(_READY_ENV)
    if not flag or not flag.endswith(f"-{os.getpid()}"):  # not ours: inherited from a parent
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="pantau-warm-")
        atexit.register(shutil.rmtree, folder, True)
        flag = os.environ[_READY_ENV] = os.path.join(folder, f"ready-{os.getpid()}")
    forkserver.ensure_running()  # returns at once; a server started earlier is kept
    # A server started before this process set the flag (another caller of
    # multiprocessing) never touches it: prefetch() then stops at its limit.
    return lambda: os.path.exists(flag)


def prefetch(
    batches: Iterator[list[Item]], ready: Callable[[], bool], limit: int
) -> list[list[Item]]:
    """The next batches, their local files extracted here until ``ready()`` (or ``limit``
    batches): work the workers then skip, done while the fork server is still preloading.

    Extraction is the same function wherever it runs (``prepare``), so the stored result
    is the same; batches stay in input order.
    """
    out: list[list[Item]] = []
    while len(out) < limit and not ready():
        batch = next(batches, None)
        if batch is None:
            break
        out.append([item if not isinstance(item, Path) or ready() else prepare(item)
                    for item in batch])
    return out


def map_batches(
    batches: Iterable[list[Item]], ner: str, db_path: str | None, workers: int,
    gate: Gate = DEFAULT_GATE,
) -> Iterator[tuple[list[Item], list[Result]]]:
    """Each batch with its results, in order; a process pool when it pays off."""
    batches = iter(batches)
    window = max(2, 2 * workers)
    head: list[list[Item]] = []
    if workers > 1:
        # Starting workers costs a process start each (and a model load for those that
        # get election articles): only worth it for more than a window's worth of input.
        for batch in batches:
            head.append(batch)
            if len(head) > window:
                break
    if workers <= 1 or len(head) <= window:
        limit_threads()
        for batch in [*head, *batches]:
            yield batch, analyse_items(batch, ner, db_path, gate)
        return
    from pipeline.ner import resolve
    from pipeline.run.control import Interrupted

    try:  # what the fork server preloads for (pipeline/run/warm.py)
        os.environ["PANTAU_WARM_NER"] = resolve(ner)
    except Exception:  # an unknown tagger: the workers say so
        pass
    context = worker_context()
    # The fork server preloads for seconds while this process would only wait for it:
    # extract the first local files here meanwhile (``prefetch``).
    ready = start_server(context)
    batches = itertools.chain(head, batches)
    head = prefetch(batches, ready, PREFETCH_BATCHES)

    pending: collections.deque[tuple[list[Item], Future]] = collections.deque()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                               initargs=(os.getpid(), dict(os.environ)))
    source = itertools.chain(head, batches)
    in_flight = IN_FLIGHT_PER_WORKER * workers

    def refill(limit: int) -> None:
        while len(pending) < limit:
            batch = next(source, None)
            if batch is None:
                return
            pending.append((batch, pool.submit(analyse_items, batch, ner, db_path, gate)))

    try:
        refill(in_flight)
        while pending:
            result = pending[0][1].result()
            # Queue more before handing this batch over: the workers keep going while
            # this process stores it (the first store also loads the writer's tables).
            refill(in_flight + 1)
            done_batch, _ = pending.popleft()
            yield done_batch, result
    except Interrupted:
        # hand back the batches already analysed (in order) so they are stored, then stop
        try:
            while pending and pending[0][1].done() and pending[0][1].exception() is None:
                done_batch, future = pending.popleft()
                yield done_batch, future.result()
        finally:
            _abandon(pool)
        raise
    except BaseException:  # an error, or the consumer closing us early
        _abandon(pool)
        raise
    else:
        pool.shutdown()


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: queued batches cancelled, running ones killed (they are redone)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()  # workers ignore SIGTERM; nothing in them is worth saving
    for process in processes:
        process.join(5)
