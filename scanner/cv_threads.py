"""OpenCV's own threads while pages are read: none beside the reading thread (issue 26).

A page's OpenCV calls (a resize, a warp, a closing over a page of 1.5 million pixels) each last a
millisecond or two; split over OpenCV's thread pool, every call pays for waking the pool and for its threads
waiting out their spin before they sleep, in CPU that reads nothing. On feeder20's 80 pages, the pool (2
threads on 2 cores) cost 4-12 % more CPU than none whenever a core was free, nothing measurable on a saturated
machine (benchmarks/results/speed_issue26_o23.txt); at --jobs 1 on a quiet machine it bought 4-7 % of wall. Pages
are what a scan reads in parallel (`--jobs`, one worker per core by default), and each worker with a pool
of its own would only have its threads compete with the other workers for the same cores. The values are
the same either way: OpenCV splits a call's rows among threads, each pixel computed alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import cv2

READING_THREADS = 1  # OpenCV's setNumThreads while pages are read: 0 or 1, no pool


def read_in_one_thread() -> int:
    """OpenCV's calls made in the calling thread from now on; returns the number of threads it had before."""
    before = cv2.getNumThreads()
    cv2.setNumThreads(READING_THREADS)
    return before


@contextmanager
def reading_threads() -> Iterator[None]:
    """OpenCV without its pool for the time pages are read, as it was afterwards (a review server or a test
    in the same process keeps its own setting)."""
    before = read_in_one_thread()
    try:
        yield
    finally:
        cv2.setNumThreads(before)
