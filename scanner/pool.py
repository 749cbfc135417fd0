"""Worker processes that cannot hang the scan: an ordered parallel map that notices dead and stuck workers.

`multiprocessing.Pool` waits for ever when the OOM killer (or anyone) kills a
worker, and can hang in its own shutdown after Ctrl-C. Here each worker has
its own pipe and works on one item at a time, so the parent always knows
which item a dead worker held: it is given once more to a fresh worker, and
if that one dies too the item comes back as a `Failure`, as does an item that
runs past the time limit. Workers ignore Ctrl-C (the parent stops them) and
leave when the parent is gone.

Workers start by `fork` on Linux (quick, nothing to re-import) and by `spawn`
elsewhere (Windows has no fork; macOS's fork is unsafe); SURVEY_START_METHOD
forces one, so the tests prove the Windows way here. Under spawn a worker
inherits nothing: the work function, its initialiser and their arguments are
pickled (module-level functions and plain values), and it opens what it needs.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

from .vocab import PageReason

START_METHOD_ENV = "SURVEY_START_METHOD"
PAGE_TIMEOUT_S = 300.0  # a page takes well under a second, OCR and rendering included
ATTEMPTS = 2  # an item whose worker died is tried once more in a fresh worker
START_S = 120.0  # a worker's start-up (a spawned interpreter's imports on a loaded machine) is not the item's time


@dataclass(frozen=True)
class Failure:
    """An item no worker could finish: `reason` is worker_died or timeout."""

    reason: PageReason
    message: str


def start_method() -> str:
    """fork where it is safe and quick (Linux), spawn elsewhere; SURVEY_START_METHOD=spawn|fork|forkserver forces.
    multiprocessing is imported only here and by the pool (issue 26: a one-job scan never starts a process, and
    its import, socket's among it, is about 10 ms of CPU at start-up)."""
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    asked = os.environ.get(START_METHOD_ENV, "").strip().lower()
    if asked in methods:
        return asked
    return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"


def _block_sigint() -> Any:
    """Blocks Ctrl-C in this thread (where signals can be masked: not on Windows) and returns the old mask."""
    if hasattr(signal, "pthread_sigmask"):
        return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    return None


def _restore_mask(old: Any) -> None:
    if old is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _serve(conn: Connection, others: list[Connection], fn: Callable, init: Callable, initargs: tuple,
           parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for c in others:
        c.close()
    init(*initargs)
    try:
        conn.send(None)  # started: the parent's clock for this worker's item runs from here
    except OSError:
        return
    while True:
        try:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return
                continue
            msg = conn.recv()
            if msg is None:
                return
            conn.send((msg[0], fn(msg[1])))
        except (EOFError, OSError):
            return


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    task: tuple[int, Any, int] | None = None  # (index, item, attempt)
    since: float = 0.0
    started: bool = False

    def overdue(self, now: float, timeout: float) -> bool:
        return now - self.since > (timeout if self.started else timeout + START_S)


class WorkerPool:
    def __init__(self, jobs: int, fn: Callable, init: Callable, initargs: tuple, timeout: float) -> None:
        import multiprocessing as mp

        self.method = start_method()
        self.ctx: Any = mp.get_context(self.method)
        self.fn, self.init, self.initargs, self.timeout = fn, init, initargs, timeout
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        mine, theirs = self.ctx.Pipe()
        # The child closes the parent's ends it inherits through fork, its own included: holding them, it would
        # never see the parent go, and could block for ever writing a result only it could read. A spawned child
        # inherits none (sending them would give it copies).
        others = [w.conn for w in self.workers] + [mine] if self.method == "fork" else []
        # Ctrl-C goes to the whole process group: a worker must not see it before it has set it aside (the mask
        # outlives a spawned child's exec, so it holds while the child imports).
        old = _block_sigint()
        try:
            proc = self.ctx.Process(target=_serve, args=(theirs, others, self.fn, self.init, self.initargs,
                                                         os.getpid()), daemon=True)
            proc.start()
        finally:
            _restore_mask(old)
        theirs.close()
        return _Worker(proc, mine)

    def replace(self, w: _Worker) -> None:
        self._stop(w, at_once=True)
        self.workers[self.workers.index(w)] = self._spawn()

    def idle(self) -> list[_Worker]:
        return [w for w in self.workers if w.task is None]

    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.task is not None]

    def give(self, w: _Worker, task: tuple[int, Any, int]) -> None:
        w.task, w.since = task, time.monotonic()
        try:
            w.conn.send((task[0], task[1]))
        except OSError:
            pass  # it died while idle: the loop sees it dead holding this task, and hands the task on

    @staticmethod
    def _stop(w: _Worker, at_once: bool) -> None:
        if not at_once:
            try:
                w.conn.send(None)
            except OSError:
                pass
        w.conn.close()
        if at_once and w.proc.is_alive():
            w.proc.kill()

    def close(self, at_once: bool) -> None:
        """Stops every worker within a couple of seconds, whatever state it is in."""
        for w in self.workers:
            self._stop(w, at_once)
        deadline = time.monotonic() + 2.0
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(1.0)


def run_ordered(fn: Callable, items: Iterable, jobs: int, init: Callable, initargs: tuple, window: int = 8,
                timeout: float = PAGE_TIMEOUT_S) -> Generator[tuple[Any, Any], None, None]:
    """(item, fn(item) or a Failure) in the items' order, with at most `window * jobs` items in flight.

    One job runs in this process (the serial twin: the same code path for
    tests and debugging, without the guard against dying workers).
    """
    if jobs <= 1:
        init(*initargs)
        for item in items:
            yield item, fn(item)
        return
    pool = WorkerPool(jobs, fn, init, initargs, timeout)
    clean = False
    try:
        yield from _drive(pool, iter(items), window * jobs)
        clean = True
    finally:
        pool.close(at_once=not clean)


def _drive(pool: WorkerPool, items: Iterator, limit: int) -> Iterator[tuple[Any, Any]]:
    from multiprocessing.connection import wait

    held: dict[int, Any] = {}  # index -> item, until it is yielded
    done: dict[int, Any] = {}
    queue: deque[tuple[int, Any, int]] = deque()
    taken = following = 0
    exhausted = False
    while True:
        while not exhausted and len(held) < limit:
            try:
                item = next(items)
            except StopIteration:
                exhausted = True
                break
            held[taken] = item
            queue.append((taken, item, 1))
            taken += 1
        for w in pool.idle():
            if not queue:
                break
            pool.give(w, queue.popleft())
        while following in done:
            yield held.pop(following), done.pop(following)
            following += 1
        if exhausted and not held:
            return
        busy = pool.busy()
        if not busy:
            continue
        ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=0.5))
        now = time.monotonic()
        for w in busy:
            assert w.task is not None
            index, item, attempt = w.task
            if w.conn in ready:
                try:
                    msg = w.conn.recv()
                    if msg is None:
                        w.started, w.since = True, max(w.since, now)
                        continue
                    got, result = msg
                    done[got] = result
                    w.task = None
                    continue
                except (EOFError, OSError):
                    pass
            elif w.proc.sentinel not in ready and w.proc.is_alive() and not w.overdue(now, pool.timeout):
                continue
            if w.proc.is_alive() and w.overdue(now, pool.timeout):
                done[index] = Failure(PageReason.timeout, f"quá {pool.timeout:.0f} giây cho một trang / over "
                                                 f"{pool.timeout:.0f} s on one page")
            elif attempt >= ATTEMPTS:
                w.proc.join(2.0)  # its pipe can close a moment before the process is reaped
                code = w.proc.exitcode
                how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                done[index] = Failure(PageReason.worker_died, f"tiến trình đọc trang chết hai lần ({how}) / the worker "
                                                     f"reading this page died twice ({how})")
            else:
                queue.appendleft((index, item, attempt + 1))
            w.task = None
            pool.replace(w)


def default_jobs() -> int:
    """One worker per core this process may run on."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
