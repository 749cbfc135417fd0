"""The range a number question's constraint allows, read from its parsed tree.

A constraint such as `. >= 15 and . <= 99` says what an online form can
check as it is typed (number between 15 and 99) and which of the question's
bands no answer can fall in (an age band "under 15"). Only a conjunction of
comparisons of `.` with a number says a range; anything else (an `or`, a
comparison with another answer) says none, so nothing is checked or left out
on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from .expression import Binary, Current, Expr, ExpressionError, Literal, Negate, Op, parse

_FLIPPED = {Op.LT: Op.GT, Op.LE: Op.GE, Op.GT: Op.LT, Op.GE: Op.LE, Op.EQ: Op.EQ}


@dataclass(frozen=True)
class Bounds:
    """The least and greatest answer allowed (None: no bound), and whether each bound itself is excluded."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @property
    def any(self) -> bool:
        return self.low is not None or self.high is not None

    def meets(self, lo: float, hi: float) -> bool:
        """Whether any answer in [lo, hi) is allowed."""
        if self.low is not None and hi <= self.low:
            return False
        if self.high is not None and (lo > self.high or (self.high_open and lo >= self.high)):
            return False
        return True

    def whole(self) -> Bounds:
        """For a whole number: open bounds closed on the next whole number inside (`. > 14` is `. >= 15`)."""
        low, high = self.low, self.high
        if low is not None and (self.low_open or not float(low).is_integer()):
            low = float(int(low // 1) + 1)
        if high is not None and (self.high_open or not float(high).is_integer()):
            high = float(-int(-high // 1) - 1)
        return Bounds(low, high)


def constraint_bounds(text: str) -> Bounds:
    """The range the constraint allows `.` when it is a conjunction of `.` compared with numbers, else no range."""
    if not text.strip():
        return Bounds()
    try:
        expr = parse(text)
    except ExpressionError:
        return Bounds()
    out = Bounds()
    for term in _conjuncts(expr):
        found = _comparison(term)
        if found is None:
            return Bounds()
        op, value = found
        if op in (Op.GE, Op.GT, Op.EQ) and (out.low is None or value > out.low or (value == out.low and op == Op.GT)):
            out = Bounds(value, out.high, op == Op.GT, out.high_open)
        if op in (Op.LE, Op.LT, Op.EQ) and (out.high is None or value < out.high or (value == out.high and op == Op.LT)):
            out = Bounds(out.low, value, out.low_open, op == Op.LT)
    return out


def constraint_step(text: str) -> tuple[str, float, float] | None:
    """A range with a step (`. >= 0 and . <= 100 and . mod 5 = 0`, `(. - 3) mod 5 = 0`): the constraint without its
    step, the step and the value it counts from; None when the constraint has no such term (or another term a
    range does not say)."""
    try:
        expr = parse(text)
    except ExpressionError:
        return None
    terms = _conjuncts(expr)
    steps = [found for t in terms if (found := _step(t)) is not None]
    if len(steps) != 1:
        return None
    rest = [t for t in terms if _step(t) is None]
    if any(_comparison(t) is None for t in rest):
        return None
    by, start = steps[0]
    return " and ".join(_said(t) for t in rest), by, start


def _step(e: Expr) -> tuple[float, float] | None:
    """`. mod by = 0` or `(. - start) mod by = 0`, as (by, start)."""
    if not (isinstance(e, Binary) and e.op == Op.EQ and _number(e.right) == 0.0):
        return None
    m = e.left
    if not (isinstance(m, Binary) and m.op == Op.MOD and (by := _number(m.right)) is not None and by > 0):
        return None
    if isinstance(m.left, Current):
        return by, 0.0
    inner = m.left
    if isinstance(inner, Binary) and inner.op == Op.SUB and isinstance(inner.left, Current):
        start = _number(inner.right)
        if start is not None:
            return by, start
    return None


def _said(e: Expr) -> str:
    """A comparison `. op number` written back as a constraint."""
    found = _comparison(e)
    assert found is not None
    op, value = found
    return f". {op.value} {value:g}"


def _conjuncts(e: Expr) -> list[Expr]:
    if isinstance(e, Binary) and e.op == Op.AND:
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


def _comparison(e: Expr) -> tuple[Op, float] | None:
    """`. op number` (or `number op .`, turned round), as (op, number)."""
    if not isinstance(e, Binary) or e.op not in _FLIPPED:
        return None
    right, left = _number(e.right), _number(e.left)
    if isinstance(e.left, Current) and right is not None:
        return e.op, right
    if isinstance(e.right, Current) and left is not None:
        return _FLIPPED[e.op], left
    return None


def _number(e: Expr) -> float | None:
    if isinstance(e, Negate):
        inner = _number(e.operand)
        return None if inner is None else -inner
    if isinstance(e, Literal) and isinstance(e.value, float | int):
        return float(e.value)
    return None
