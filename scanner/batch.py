"""A stack of files through the pipeline in worker processes, into the store, resumably.

Pages are enumerated and stored by this process alone; workers only read.
Every page is committed with its results in one transaction, so a scan
killed at any moment resumes by running the same command again: pages
already stored are skipped, none is counted twice.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputFileError
from .ingest import PageSource, count_pages, list_inputs, page_id, pages_of
from .pipeline import PageResult, read_page
from .store import Store
from .template import Template, load_template

_worker_template: Template | None = None


def _init_worker(template_path: str) -> None:
    global _worker_template
    _worker_template = load_template(template_path)


def _work(src: PageSource) -> tuple[PageSource, PageResult]:
    assert _worker_template is not None
    return src, read_page(src, _worker_template)


def run_ordered(fn: Callable, items: Iterable, jobs: int, init: Callable, initargs: tuple,
                window: int = 8) -> Iterator:
    """Ordered parallel map with a bounded number of items in flight (page bytes stay few in memory)."""
    if jobs <= 1:
        init(*initargs)
        yield from map(fn, items)
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=init, initargs=initargs) as pool:
        pending = []
        for item in items:
            pending.append(pool.apply_async(fn, (item,)))
            if len(pending) >= window * jobs:
                yield pending.pop(0).get()
        while pending:
            yield pending.pop(0).get()


@dataclass
class BatchSummary:
    batch_id: int
    files: int = 0
    files_skipped: int = 0
    copies: int = 0
    pages_new: int = 0
    pages_known: int = 0
    states: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    store_seconds: float = 0.0
    stage_seconds: Counter = field(default_factory=Counter)


class Progress:
    def __init__(self, total: int, stream=sys.stderr, enabled: bool = True) -> None:
        self.total, self.done, self.start, self.stream = total, 0, time.perf_counter(), stream
        self.enabled = enabled and total > 0
        self.last = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.perf_counter()
        if self.enabled and (now - self.last > 0.3 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            bar = "#" * int(30 * self.done / self.total)
            self.stream.write(f"\r[{bar:<30}] {self.done}/{self.total} trang  {rate:5.1f} trang/s  "
                              f"còn {int(left // 60)}:{int(left % 60):02d}  ")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


def scan(store: Store, template: Template, paths: list[str], unit: str | None = None, received: str | None = None,
         operator: str | None = None, jobs: int = 1, progress: bool = True, command: str = "") -> BatchSummary:
    t0 = time.perf_counter()
    files, problems = list_inputs(paths)
    batch_id = store.start_batch(operator, unit, received, command)
    summary = BatchSummary(batch_id, files=len(files))
    for p in problems:
        store.record_problem(batch_id, p.file, p.message)
        summary.problems.append(p.message)
    good: list[tuple[Path, set[str]]] = []
    total = 0
    seen: dict[str, str] = {}
    for f in files:
        try:
            sha, n = count_pages(f)
            ids = [page_id(sha, i) for i in range(n)]
        except InputFileError as e:
            store.record_problem(batch_id, str(f), e.message)
            summary.problems.append(e.message)
            continue
        original = seen.get(sha) or store.file_path(sha)
        if original is not None and original != str(f):
            store.record_problem(batch_id, str(f), f"{f}: same content as {original}; not counted again",
                                 "copy", len(ids))
            summary.copies += 1
            continue
        seen[sha] = str(f)
        store.add_file(sha, str(f), f.stat().st_size, len(ids), batch_id)
        known = store.known_pages(sha)
        summary.pages_known += len(known & set(ids))
        if known >= set(ids):
            summary.files_skipped += 1
            continue
        total += len(set(ids) - known)
        good.append((f, known))

    def todo() -> Iterator[PageSource]:
        for f, known in good:
            try:
                for src in pages_of(f):
                    if src.page_id not in known:
                        yield src
            except InputFileError as e:  # a page damaged part-way: the pages before it are kept
                store.record_problem(batch_id, str(f), e.message)
                summary.problems.append(e.message)

    bar = Progress(total, enabled=progress)
    for src, res in run_ordered(_work, todo(), jobs, _init_worker, (template.source,)):
        image = src.data if src.data is not None else res.rendered_png
        t_store = time.perf_counter()
        state = store.save_page(src, res, batch_id, image)
        summary.store_seconds += time.perf_counter() - t_store
        summary.stage_seconds.update(res.timings)
        summary.pages_new += 1
        summary.states[state] += 1
        if state == "set_aside":
            summary.reasons[res.reason or "?"] += 1
        bar.step()
    store.finish_batch(batch_id)
    summary.seconds = time.perf_counter() - t0
    return summary


def default_jobs() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


