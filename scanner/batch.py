"""A stack of files through the pipeline in worker processes, into the store, resumably.

Pages are enumerated and stored by this process alone; workers only read.
Every page is committed with its results in one transaction, so a scan
killed at any moment resumes by running the same command again: pages
already stored are skipped, none is counted twice.
"""

from __future__ import annotations

import gc
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .cv_threads import read_in_one_thread, reading_threads
from .errors import InputFileError, ProgramTimeout
from .ingest import PageSource, Recovered, count_pages, list_inputs, page_id, pages_of
from .pipeline import PageResult, read_page, set_aside
from .pool import Failure, default_jobs, run_ordered, start_method  # noqa: F401  (default_jobs: its old home)
from .store import KNOWN, Store
from .template import Template, template_at
from .vocab import PageReason, PageState, ProblemKind
from .warm import warm_sides

_worker_template: Template | None = None


def _init_worker(template_path: str) -> None:
    global _worker_template
    _return_freed_pages()
    read_in_one_thread()  # a spawned worker starts with OpenCV's pool; a forked one has the scan's setting already
    # the parse the per-side caches start from (template_at): a forked worker inherits it, and one parse serves both
    _worker_template = template_at(template_path)


WARM_PAGES_PER_SIDE_AND_JOB = 2  # from this many pages every worker is likely to read every side: made once first

# glibc's malloc in the workers: blocks from MMAP_FROM_BYTES up are mapped apart, and the heap keeps up to
# TRIM_FROM_BYTES free at its top (benchmarks.speed --malloc compares settings; None: glibc's own dynamic ones)
MMAP_FROM_BYTES: int | None = 16 * 1024 * 1024
TRIM_FROM_BYTES: int | None = 32 * 1024 * 1024


def _return_freed_pages() -> None:
    """Fixes glibc's thresholds for mapping a block apart and for giving the heap's top back, so that a page's
    working arrays are reused from page to page and the heap still cannot grow without bound.

    By default glibc raises its threshold for mapping a block apart to the size of the largest block freed, so
    the heap takes ever larger blocks and only grows (about 25 MB more per worker over a stack). Fixed as low as
    128 kB (glibc's starting value), the many working arrays of a page between 128 kB and 1 MB were mapped,
    faulted in page by page and unmapped afresh: about 7,700 page faults and 20-25 ms of CPU a page; fixed at
    1 MB (sessions 15-18), the page-sized ones (the aligned page and its darkness, 1.5 MB each; the float
    working arrays, 6 MB) still were: 1,400-1,700 faults and ~2-4 ms of system time a page (issue 26, m19).
    From 16 MB, with the heap's top kept up to 32 MB, every array of a page stays in the heap and is reused
    (~350 faults a page); only a block larger than any page's (a giant photo) is mapped apart.
    Elsewhere (Windows, macOS, musl) nothing is done.
    """
    if not sys.platform.startswith("linux") or MMAP_FROM_BYTES is None:
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-3, MMAP_FROM_BYTES)  # M_MMAP_THRESHOLD
        if TRIM_FROM_BYTES is not None:
            libc.mallopt(-1, TRIM_FROM_BYTES)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


def _trim_heap() -> None:
    """Gives the heap's free memory back to the system (glibc only; elsewhere nothing is done)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _work(src: PageSource) -> tuple[PageSource, PageResult, str | None]:
    """One page, whatever happens to it: an error becomes the page's set-aside reason (and a traceback to log)."""
    assert _worker_template is not None
    try:
        return src, read_page(src, _worker_template), None
    except (InputFileError, ProgramTimeout) as e:
        reason = PageReason.timeout if isinstance(e, ProgramTimeout) else PageReason.unreadable
        return src, set_aside(src, reason, e.message), None
    except Exception as e:
        message = (f"lỗi không lường trước khi đọc trang / unexpected error reading the page: "
                   f"{type(e).__name__}: {str(e)[:120]}")
        return src, set_aside(src, PageReason.error, message), traceback.format_exc()


@dataclass
class BatchSummary:
    batch_id: int
    files: int = 0
    files_skipped: int = 0
    copies: int = 0
    pages_new: int = 0
    pages_known: int = 0
    pages_by_other_scan: int = 0  # stored meanwhile by a scan running at the same time
    states: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)  # files refused, one line each
    skipped: list[str] = field(default_factory=list)  # files in a folder that are not scans, one line each
    notes: list[str] = field(default_factory=list)  # copies and files named twice: nothing lost, nothing doubled
    errors_logged: int = 0
    error_log: str | None = None
    streaked: Counter[str] = field(default_factory=Counter)  # file -> pages a scanner streak was painted over on
    seconds: float = 0.0
    store_seconds: float = 0.0
    stage_seconds: Counter[str] = field(default_factory=Counter)


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        # the stream of the moment, not the one at import: a caller (or a test) may have replaced sys.stderr since
        self.total, self.done, self.start, self.stream = total, 0, time.perf_counter(), stream or sys.stderr
        self.enabled = enabled and total > 0
        self.last = 0.0
        self.open_line = False

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
            self.open_line = True
            if self.done == self.total:
                self.close()
            self.stream.flush()

    def close(self) -> None:
        """Ends the progress line, so a message after it (Ctrl-C, disk full) stands on a line of its own."""
        if self.open_line:
            self.stream.write("\n")
            self.stream.flush()
            self.open_line = False


@dataclass
class _File:
    path: Path
    sha: str
    pages: int
    known: set[str]


def error_log_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".errors.log")


def scan(store: Store, template: Template, paths: list[str], unit: str | None = None, received: str | None = None,
         operator: str | None = None, jobs: int = 1, progress: bool = True, command: str = "") -> BatchSummary:
    """Reads the files into the store; every page of every file ends stored, set aside with its reason, or
    in a file refused with its reason. Files are known by their content, so a rerun from anywhere resumes."""
    t0 = time.perf_counter()
    # Everything made before the scan (the modules, numpy's and OpenCV's among them: some 50,000 objects) is left
    # out of the cycle collector's passes: each full pass would walk them all again for nothing, the one after
    # each PDF (ingest_pdf) and those Python starts on its own over a long stack. Forked workers inherit it.
    gc.freeze()
    try:
        with reading_threads():  # cv_threads.py: pages are read in parallel by --jobs, not a call by OpenCV's pool
            return _scan(store, template, paths, unit, received, operator, jobs, progress, command, t0)
    finally:
        gc.unfreeze()


def _scan(store: Store, template: Template, paths: list[str], unit: str | None, received: str | None,
          operator: str | None, jobs: int, progress: bool, command: str, t0: float) -> BatchSummary:
    files, problems = list_inputs(paths)
    batch_id = store.start_batch(operator, unit, received, command)
    summary = BatchSummary(batch_id, files=len(files))
    for p in problems:
        store.record_problem(batch_id, p.file, p.message, p.kind)
        (summary.skipped if p.kind == ProblemKind.skipped else summary.problems).append(p.message)
    plan = _plan(store, batch_id, files, summary)
    total = sum(f.pages - len(f.known) for f in plan)
    forking = jobs > 1 and start_method() == "fork"
    if forking and total >= WARM_PAGES_PER_SIDE_AND_JOB * jobs * template.pages:
        warm_sides(template)  # made once here and shared by the forked workers, not once in each
        _trim_heap()  # the warm-up's freed temporaries given back, not inherited by every worker
    bar = Progress(total, enabled=progress)
    if forking:
        # The objects made since are left out of the collector's passes too: a worker's collections would write
        # into every one of them and so copy the pages they share with this process (gc.freeze's purpose).
        gc.freeze()
    try:
        with closing(run_ordered(_work, _todo(plan), jobs, _init_worker, (template.source,))) as results:
            for src, got in results:
                _store_page(store, batch_id, src, got, summary)
                bar.step()
    finally:
        bar.close()
    store.finish_batch(batch_id)
    summary.seconds = time.perf_counter() - t0
    return summary


def _plan(store: Store, batch_id: int, files: list[Path], summary: BatchSummary) -> list[_File]:
    plan: list[_File] = []
    seen: dict[str, Path] = {}
    for f in files:
        try:
            sha, n = count_pages(f)
        except Recovered as e:  # a damaged PDF: the pages it still holds are read, and the user is told
            sha, n = e.sha, e.pages
            store.record_problem(batch_id, str(f), e.message, ProblemKind.damaged, n)
            summary.problems.append(e.message)
        except InputFileError as e:
            store.record_problem(batch_id, str(f), e.message)
            summary.problems.append(e.message)
            continue
        if sha in seen:
            if seen[sha].resolve() == f.resolve():
                summary.notes.append(f"{f}: tệp được nêu hai lần, chỉ đọc một lần / named twice; read once")
            else:
                msg = f"{f}: same content as {seen[sha]}; not counted again"
                store.record_problem(batch_id, str(f), msg, ProblemKind.copy, n)
                summary.notes.append(f"{f}: nội dung trùng với {seen[sha]}, không tính lại / {msg.split(': ', 1)[1]}")
                summary.copies += 1
            continue
        seen[sha] = f
        store.add_file(sha, str(f), f.stat().st_size, n, batch_id)
        known = store.known_pages(sha)
        summary.pages_known += len(known)
        if len(known) >= n:
            summary.files_skipped += 1
            continue
        plan.append(_File(f, sha, n, known))
    return plan


def _todo(plan: list[_File]) -> Iterator[PageSource]:
    """Every page the files count that is not stored yet; a page the file cannot give comes with its error."""
    for f in plan:
        given: set[int] = set()
        why = "trang không lấy ra được từ tệp / the file could not give this page"
        try:
            for src in pages_of(f.path, f.sha):
                given.add(src.index)
                if src.index < f.pages and src.page_id not in f.known:
                    yield src
        except InputFileError as e:
            why = e.message
        for i in range(f.pages):
            if i not in given and page_id(f.sha, i) not in f.known:
                yield PageSource(str(f.path), i, f.sha, None, "missing", f"{why} (trang {i + 1} / page {i + 1})")


def _store_page(store: Store, batch_id: int, src: PageSource, got: tuple[Any, ...] | Failure, summary: BatchSummary) -> None:
    if isinstance(got, Failure):
        res, trace = set_aside(src, got.reason, f"{src.file}: trang {src.index + 1} / page {src.index + 1}: "
                                                 f"{got.message}"), None
    else:
        _, res, trace = got
    if res.streaks:
        summary.streaked[src.file] += 1
    if trace:
        summary.error_log = str(_log_error(store, src, trace))
        summary.errors_logged += 1
    image = src.data if src.data is not None else res.rendered_png
    t_store = time.process_time()  # CPU: the store must not become the bottleneck whatever else runs
    state = store.save_page(src, res, batch_id, image)
    summary.store_seconds += time.process_time() - t_store
    if state == KNOWN:
        summary.pages_by_other_scan += 1
        return
    summary.stage_seconds.update(res.timings)
    summary.pages_new += 1
    summary.states[state] += 1
    if state == PageState.set_aside:
        summary.reasons[res.reason or "?"] += 1


def _log_error(store: Store, src: PageSource, trace: str) -> Path:
    path = error_log_path(store)
    try:
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {src.file} page {src.index + 1} ({src.page_id})\n")
            f.write(trace)
    except OSError:
        pass  # the page is set aside with its message either way; a full disk is reported by the store
    return path
