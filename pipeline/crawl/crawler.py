"""Per-host scheduling: ``Crawler`` runs tasks one per host at a time, hosts in parallel,
so a slow or backing-off regional server never holds up the others."""

from __future__ import annotations

import collections
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from pipeline.crawl.fetch import Client, Stopped, host_key
from pipeline.records import Failure

@dataclass(frozen=True)
class Task:
    """One URL to fetch and what it is expected to be."""

    url: str
    kind: str = "auto"  # auto | home | feed | sitemap | article
    source: str = ""  # the URL the article will be stored under ("" = url)
    outlet: str | None = None
    depth: int = 0  # sitemap-index nesting


@dataclass(frozen=True)
class Event:
    """Something to report (a page fetched, a URL skipped); not an input to store."""

    kind: str
    url: str
    detail: str = ""


_DONE = object()


class Crawler:
    """Runs ``handle`` on tasks: one task per host at a time, ``hosts`` hosts in parallel.

    Hosts take turns (one task per turn, then to the back of the line), so an outlet with
    thousands of sitemap links never holds a worker while the other outlets wait, and a
    host's delay has usually passed by the time its turn comes round again.
    """

    def __init__(self, client: Client, hosts: int = 4):
        self.client = client
        self.hosts = max(1, hosts)

    def run(self, tasks: Iterable[Task], handle: Callable[[Task], Iterable[Any]]) -> Iterator[Any]:
        """Everything ``handle`` yields that is not a new Task, as it comes (any order)."""
        import queue

        lock = threading.Lock()
        queues: dict[str, collections.deque[Task]] = {}
        active: set[str] = set()  # hosts with a turn queued or running: never two at once
        out: queue.Queue = queue.Queue()
        pending = 0  # tasks queued or running
        pool = ThreadPoolExecutor(max_workers=self.hosts, thread_name_prefix="pantau-host")

        def submit(task: Task) -> None:  # caller holds the lock
            nonlocal pending
            host = host_key(task.url)
            queues.setdefault(host, collections.deque()).append(task)
            pending += 1
            if host not in active:
                active.add(host)
                pool.submit(turn, host)

        def turn(host: str) -> None:
            nonlocal pending
            with lock:
                task = queues[host].popleft()
            try:
                for produced in handle(task):
                    if isinstance(produced, Task):
                        with lock:
                            submit(produced)
                    else:
                        out.put(produced)
            except Stopped:
                pass
            except Exception as exc:  # one bad page never ends the crawl
                from pipeline.errors import one_line

                out.put(Failure(task.source or task.url, "fetch", one_line(exc)))
            finally:
                with lock:
                    pending -= 1
                    if queues[host]:
                        pool.submit(turn, host)
                    else:
                        active.discard(host)
                    if pending == 0:
                        out.put(_DONE)

        try:
            with lock:
                for task in tasks:
                    submit(task)
                if pending == 0:
                    return
            while True:
                item = out.get()
                if item is _DONE:
                    return
                yield item
        finally:
            self.client.stop()
            pool.shutdown(wait=False, cancel_futures=True)
