"""A number's step on the Google Form (`range` with `step`, a constraint `. mod 5 = 0`).

A Google Form takes one validation per short answer. A number rule checks a range but no step; a text rule
takes a regular expression. Where the values the range and step allow are few enough to list (0 to 100 by 5: 21
values), the item gets a pattern naming each of them, which checks the range and the step at once; otherwise it
keeps its number rule for the range, its help text says the step is checked when the answers are imported, and
`online-form` says which questions those are. Either way `validate` and the import check the constraint itself
(logic.apply), so a value off the step is never counted silently.
"""

from __future__ import annotations

from math import ceil, floor

from .logic.bounds import Bounds, constraint_bounds, constraint_step

MAX_LISTED = 120  # values a pattern lists at most (0 to 600 by 5); past that the step is checked on import


def stepped(constraint: str) -> tuple[Bounds, float, float] | None:
    """The range a constraint with a step allows, its step and the value it counts from; None without a step."""
    found = constraint_step(constraint) if constraint else None
    if found is None:
        return None
    rest, by, start = found
    return constraint_bounds(rest), by, start


def step_pattern(bounds: Bounds, by: float, start: float) -> str:
    """A regular expression matching exactly the whole numbers the range and step allow (spaces around them
    allowed), or "" when no pattern says them: a step or start that is not whole, more than MAX_LISTED values,
    or a range open above whose step is not a divisor of a power of ten counted from 0."""
    if not all(float(x).is_integer() for x in (by, start)):
        return ""
    step, origin = int(by), int(start)
    if bounds.high is None:
        closed_at_0 = bounds.low == 0 and not bounds.low_open
        return _endings(step, bounds.low is None) if origin % step == 0 and (bounds.low is None or closed_at_0) \
            else ""
    if bounds.low is None:
        return ""
    low, high = ceil(bounds.low), floor(bounds.high)
    low += 1 if bounds.low_open and low == bounds.low else 0
    high -= 1 if bounds.high_open and high == bounds.high else 0
    values = list(range(low + (origin - low) % step, high + 1, step))
    if not values or len(values) > MAX_LISTED:
        return ""
    return r"^\s*(" + "|".join(str(v).replace("-", r"\-") for v in values) + r")\s*$"


def _endings(step: int, signed: bool) -> str:
    """Every multiple of a step that divides a power of ten (2, 5, 10, 25, 50, 100…), from 0 up (and down, when
    `signed`), by its last digits: those shorter than the digits the step decides listed, the others by what
    they end in."""
    width = next((k for k in range(1, 4) if 10 ** k % step == 0), 0)
    if not width:
        return ""
    short = [str(v) for v in range(0, 10 ** width, step)]  # fewer than `width` digits, or exactly that many
    ends = [f"{v:0{width}d}" for v in range(0, 10 ** width, step)]
    return (r"^\s*" + (r"\-?" if signed else "") + "(" + "|".join(short) + r"|[1-9]\d*(" + "|".join(ends)
            + r"))\s*$")
