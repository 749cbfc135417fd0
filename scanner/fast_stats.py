"""np.median's value without its per-call machinery, for the many small arrays a page's boxes ask it of (issue 26).

np.median of a few dozen values spends most of its time in argument handling (axis, out, keepdims, overwrite,
the NaN check's set-up) rather than in the partition itself; a page asks it of each box's inside and traces
(about thirty calls). This is the same computation for the whole array (axis None): the same partition around
the same middle positions, the mean of the one or two middle values by the same `mean`, NaN checked the same
way, so the value and its numpy type are np.median's to the bit (tests/test_fast_stats.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def median(values: np.ndarray | Sequence[float] | Sequence[int]) -> Any:
    """np.median(values) over all of them: a numpy scalar of the same type and value (NaN if any is NaN)."""
    a = np.asanyarray(values)
    n = a.size
    if n == 0:
        return np.median(a)  # numpy's own warning and NaN
    flat = a.ravel()
    k = n // 2
    nans = np.issubdtype(flat.dtype, np.inexact)  # float or complex: the types a NaN can be in
    kth = [k - 1, k] if n % 2 == 0 else [k]
    if nans:
        kth.append(-1)  # as np.median: a NaN, sorted last, is seen at the end
    part = np.partition(flat, kth)
    if nans and np.isnan(part[-1]):
        return part[-1:].mean()  # a NaN of the mean's type, as np.median returns
    return part[k - 1:k + 1].mean() if n % 2 == 0 else part[k:k + 1].mean()
