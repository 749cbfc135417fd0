"""The worker pool under real process deaths: an item whose worker is SIGKILLed, once or every time, or that hangs."""

import os
import signal
import time
from pathlib import Path

import pytest

from scanner.pool import START_METHOD_ENV, Failure, run_ordered, start_method

_marks: Path | None = None


def _init(folder: str) -> None:
    global _marks
    _marks = Path(folder)


def _square(x: int) -> int:
    """Kills its own worker on 3 every time, on 5 only the first time, and hangs on 7 (when asked to)."""
    assert _marks is not None
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    if x == 5 and not (_marks / "five").exists():
        (_marks / "five").write_text("died once")
        os.kill(os.getpid(), signal.SIGKILL)
    if x == 7 and (_marks / "hang").exists():
        time.sleep(3600)
    return x * x


@pytest.fixture(autouse=True, params=["fork", "spawn"])
def method(request, monkeypatch):
    """Every test under fork (Linux's default) and spawn (Windows's only way): the pool must behave the same."""
    monkeypatch.setenv(START_METHOD_ENV, request.param)
    return request.param


@pytest.fixture()
def deadline():
    """Fails the test instead of letting a hang hold the suite."""

    def hung(*_):
        raise TimeoutError("the pool hung")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_dead_workers_are_replaced_and_items_come_back_in_order(tmp_path, deadline):
    got = list(run_ordered(_square, range(12), 2, _init, (str(tmp_path),), window=2))
    assert [x for x, _ in got] == list(range(12))
    for x, result in got:
        if x == 3:
            assert isinstance(result, Failure) and result.reason == "worker_died" and "signal 9" in result.message
        else:
            assert result == x * x  # 5 died once and was read again by a fresh worker
    assert (tmp_path / "five").exists()


def test_a_stuck_item_times_out_and_the_rest_go_on(tmp_path, deadline):
    (tmp_path / "hang").write_text("")
    t0 = time.monotonic()
    got = dict(run_ordered(_square, [6, 7, 8, 9], 2, _init, (str(tmp_path),), timeout=2.0))
    assert time.monotonic() - t0 < 30
    assert isinstance(got[7], Failure) and got[7].reason == "timeout"
    assert got[6] == 36 and got[8] == 64 and got[9] == 81


def test_leaving_early_stops_every_worker(tmp_path, deadline, method):
    gen = run_ordered(_square, range(100), 2, _init, (str(tmp_path),))
    next(gen)
    import multiprocessing as mp

    workers = mp.active_children()
    assert workers
    assert start_method() == method
    for w in workers:  # a spawned worker is a fresh interpreter, not a copy of this one
        if w.name.startswith("Process"):
            spawned = b"spawn_main" in Path(f"/proc/{w.pid}/cmdline").read_bytes()
            assert spawned == (start_method() == "spawn")
    gen.close()
    time.sleep(0.1)
    assert not [w for w in workers if w.is_alive()]


def _die_when_idle(x: int) -> int:
    """Answers at once, then the worker is killed while it waits for its next item (as the OOM killer may do)."""
    if x == 0:
        import threading

        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGKILL)).start()
    return x + 100


def _slow_items():
    yield from (0, 1)
    time.sleep(1.0)  # the first worker is dead and idle before the next item is handed out
    yield from range(2, 6)


def test_a_worker_killed_while_idle_loses_nothing(tmp_path, deadline):
    got = list(run_ordered(_die_when_idle, _slow_items(), 2, _init, (str(tmp_path),), window=1))
    assert got == [(x, x + 100) for x in range(6)]
