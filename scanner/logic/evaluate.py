"""Evaluating an expression against one record's answers, with XPath 1.0's rules and a third value, unknown.

XPath's conversions decide what forms mean: an unanswered question is the
empty string, so `${q}='other'` is false and `${age} >= 18` is false (NaN);
a select_multiple's answer is its option names separated by spaces, which
`selected()` splits. Unknown (a function the subset lacks, a question paper
does not carry) propagates as in Kleene's logic: `false and unknown` is
false, `true and unknown` unknown, so a rule is applied exactly as far as it
can be known and never guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from .expression import Binary, Call, Current, Expr, Literal, Negate, Op, Ref, Unknown, parse_lenient


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
Value = str | float | bool | _Unknown


class Truth(StrEnum):
    yes = "yes"
    no = "no"
    unknown = "unknown"


def answer_value(answer: Any) -> Value:
    """A stored answer as XPath sees it: None is "", a list of options is their names joined by spaces."""
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, list | tuple):
        return " ".join(str(a) for a in answer)
    if isinstance(answer, int | float):
        return to_string(float(answer))
    return str(answer)


def _is_number_text(s: str) -> bool:
    body = s[1:] if s.startswith("-") else s
    digits = body.replace(".", "", 1)
    return bool(digits) and digits.isascii() and digits.isdigit()


def to_number(v: Value) -> float:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    s = str(v).strip()
    if _is_number_text(s):
        return float(s)
    days = _iso_days(s)
    return math.nan if days is None else float(days)


def _iso_days(s: str) -> int | None:
    """An ISO date as XPath compares it: days since 1970-01-01 (so `. >= '2026-01-01'` orders dates)."""
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        return None
    try:
        return (dt.date.fromisoformat(s) - dt.date(1970, 1, 1)).days
    except ValueError:
        return None


def to_string(v: Value) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def to_bool(v: Value) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return not (v == 0 or math.isnan(v))
    return len(str(v)) > 0


def _compare(op: Op, a: Value, b: Value) -> bool:
    if op in (Op.EQ, Op.NE):
        if isinstance(a, bool) or isinstance(b, bool):
            same = to_bool(a) == to_bool(b)
        elif isinstance(a, float) or isinstance(b, float):
            same = to_number(a) == to_number(b)
        else:
            same = to_string(a) == to_string(b)
        return same if op == Op.EQ else not same
    x, y = to_number(a), to_number(b)
    return {Op.LT: x < y, Op.LE: x <= y, Op.GT: x > y, Op.GE: x >= y}[op]


def _arith(op: Op, x: float, y: float) -> float:
    if op == Op.ADD:
        return x + y
    if op == Op.SUB:
        return x - y
    if op == Op.MUL:
        return x * y
    if op == Op.DIV:
        if y == 0:
            return math.nan if x == 0 or math.isnan(x) else math.copysign(math.inf, x) * math.copysign(1, y)
        return x / y
    if y == 0 or math.isinf(x):
        return math.nan
    return math.fmod(x, y)


def _round(x: float, places: float = 0.0) -> float:
    if math.isnan(x) or math.isinf(x):
        return x
    k: float = 10 ** int(places)
    return math.floor(x * k + 0.5) / k


def _substr(s: str, start: float, end: float | None = None) -> str:
    a = max(0, int(start))
    return s[a:] if end is None else s[a:max(a, int(end))]


def _regex(s: str, pattern: str) -> Value:
    try:
        return re.search(pattern, s) is not None
    except re.error:
        return UNKNOWN


def _int(x: float) -> float:
    return x if math.isnan(x) or math.isinf(x) else float(math.trunc(x))


def _selected_at(s: str, n: float) -> str:
    parts = s.split()
    return parts[int(n)] if not math.isnan(n) and 0 <= int(n) < len(parts) else ""


_S, _N = to_string, to_number
# name -> (fewest args, most args (-1: any), the function of the evaluated args)
FUNCTIONS: dict[str, tuple[int, int, Callable[[Sequence[Value]], Value]]] = {
    "selected": (2, 2, lambda a: _S(a[1]).strip() in _S(a[0]).split()),
    "count-selected": (1, 1, lambda a: float(len(_S(a[0]).split()))),
    "selected-at": (2, 2, lambda a: _selected_at(_S(a[0]), _N(a[1]))),
    "not": (1, 1, lambda a: not to_bool(a[0])),
    "true": (0, 0, lambda a: True),
    "false": (0, 0, lambda a: False),
    "boolean": (1, 1, lambda a: to_bool(a[0])),
    "string": (1, 1, lambda a: _S(a[0])),
    "string-length": (1, 1, lambda a: float(len(_S(a[0])))),
    "normalize-space": (1, 1, lambda a: " ".join(_S(a[0]).split())),
    "concat": (0, -1, lambda a: "".join(_S(x) for x in a)),
    "contains": (2, 2, lambda a: _S(a[1]) in _S(a[0])),
    "starts-with": (2, 2, lambda a: _S(a[0]).startswith(_S(a[1]))),
    "ends-with": (2, 2, lambda a: _S(a[0]).endswith(_S(a[1]))),
    "substr": (2, 3, lambda a: _substr(_S(a[0]), _N(a[1]), _N(a[2]) if len(a) > 2 else None)),
    "number": (1, 1, lambda a: _N(a[0])),
    "int": (1, 1, lambda a: _int(_N(a[0]))),
    "round": (1, 2, lambda a: _round(_N(a[0]), _N(a[1]) if len(a) > 1 else 0.0)),
    "floor": (1, 1, lambda a: float(math.floor(_N(a[0]))) if math.isfinite(_N(a[0])) else _N(a[0])),
    "ceiling": (1, 1, lambda a: float(math.ceil(_N(a[0]))) if math.isfinite(_N(a[0])) else _N(a[0])),
    "abs": (1, 1, lambda a: abs(_N(a[0]))),
    "min": (1, -1, lambda a: min(_N(x) for x in a)),
    "max": (1, -1, lambda a: max(_N(x) for x in a)),
    "pow": (2, 2, lambda a: _N(a[0]) ** _N(a[1]) if _N(a[0]) >= 0 or _N(a[1]).is_integer() else math.nan),
    "regex": (2, 2, lambda a: _regex(_S(a[0]), _S(a[1]))),
    "date": (1, 1, lambda a: _date(a[0])),
}


def _date(v: Value) -> Value:
    """ODK's date(): an ISO date (its time, if any, dropped) or a count of days since 1970-01-01, as the ISO
    date comparisons read as days (so `. >= date('1950-01-01')` bounds a date question); NaN otherwise."""
    if isinstance(v, float):
        if not math.isfinite(v):
            return math.nan
        try:
            return (dt.date(1970, 1, 1) + dt.timedelta(days=math.floor(v))).isoformat()
        except OverflowError:
            return math.nan
    s = _S(v).strip()[:10]
    return s if _iso_days(s) is not None else math.nan


def evaluate(expr: Expr, answers: Mapping[str, Any], current: Any = None) -> Value:
    """The value of `expr` for a record: answers maps question name to its answer; a name it lacks is unknown."""
    match expr:
        case Literal(value):
            return value
        case Ref(name):
            return answer_value(answers[name]) if name in answers else UNKNOWN
        case Current():
            return answer_value(current)
        case Negate(operand):
            v = evaluate(operand, answers, current)
            return UNKNOWN if v is UNKNOWN else -to_number(v)
        case Binary(op, left, right):
            return _binary(op, left, right, answers, current)
        case Call(name, args):
            return _call(name, args, answers, current)
        case Unknown():
            return UNKNOWN
    raise AssertionError(expr)


def _binary(op: Op, left: Expr, right: Expr, answers: Mapping[str, Any], current: Any) -> Value:
    a = evaluate(left, answers, current)
    if op in (Op.AND, Op.OR):
        decisive = op == Op.OR  # the value of one side that settles the whole
        if a is not UNKNOWN and to_bool(a) == decisive:
            return decisive
        b = evaluate(right, answers, current)
        if b is not UNKNOWN and to_bool(b) == decisive:
            return decisive
        return UNKNOWN if a is UNKNOWN or b is UNKNOWN else not decisive
    b = evaluate(right, answers, current)
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if op in (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE):
        return _compare(op, a, b)
    return _arith(op, to_number(a), to_number(b))


def _call(name: str, args: tuple[Expr, ...], answers: Mapping[str, Any], current: Any) -> Value:
    if name == "if" and len(args) == 3:
        cond = evaluate(args[0], answers, current)
        then, other = (evaluate(a, answers, current) for a in args[1:])
        if cond is UNKNOWN:
            return then if then is not UNKNOWN and then == other else UNKNOWN
        return then if to_bool(cond) else other
    if name == "coalesce" and len(args) == 2:
        first = evaluate(args[0], answers, current)
        if first is UNKNOWN:
            return UNKNOWN
        return first if to_string(first) else evaluate(args[1], answers, current)
    spec = FUNCTIONS.get(name)
    if spec is None or len(args) < spec[0] or (spec[1] >= 0 and len(args) > spec[1]):
        return UNKNOWN
    values = [evaluate(a, answers, current) for a in args]
    if any(v is UNKNOWN for v in values):
        return UNKNOWN
    return spec[2](values)


Compiled = Callable[[Mapping[str, Any], Any], Value]


def compile_expr(expr: Expr) -> Compiled:
    """The expression as nested closures (answers, current) -> value: what `evaluate` does, without walking the
    tree for every record. Every record of a survey is checked against the same few conditions."""
    match expr:
        case Literal(value):
            return lambda a, c: value
        case Ref(name):
            return lambda a, c: answer_value(a[name]) if name in a else UNKNOWN
        case Current():
            return lambda a, c: answer_value(c)
        case Negate(operand):
            inner = compile_expr(operand)

            def negate(a: Mapping[str, Any], c: Any) -> Value:
                v = inner(a, c)
                return UNKNOWN if v is UNKNOWN else -to_number(v)
            return negate
        case Binary(op, left, right):
            return _compiled_binary(op, compile_expr(left), compile_expr(right))
        case Call(name, args):
            return _compiled_call(name, args)
        case Unknown():
            return lambda a, c: UNKNOWN
    raise AssertionError(expr)


def _compiled_binary(op: Op, left: Compiled, right: Compiled) -> Compiled:
    if op in (Op.AND, Op.OR):
        decisive = op == Op.OR

        def logical(a: Mapping[str, Any], c: Any) -> Value:
            x = left(a, c)
            if x is not UNKNOWN and to_bool(x) == decisive:
                return decisive
            y = right(a, c)
            if y is not UNKNOWN and to_bool(y) == decisive:
                return decisive
            return UNKNOWN if x is UNKNOWN or y is UNKNOWN else not decisive
        return logical
    comparison = op in (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE)

    def binary(a: Mapping[str, Any], c: Any) -> Value:
        x, y = left(a, c), right(a, c)
        if x is UNKNOWN or y is UNKNOWN:
            return UNKNOWN
        return _compare(op, x, y) if comparison else _arith(op, to_number(x), to_number(y))
    return binary


def _compiled_call(name: str, args: tuple[Expr, ...]) -> Compiled:
    parts = [compile_expr(x) for x in args]
    if name in ("if", "coalesce") and len(args) == (3 if name == "if" else 2):
        return lambda a, c: _call(name, args, a, c)  # rare, and lazy in its own way: the interpreter's
    spec = FUNCTIONS.get(name)
    if spec is None or len(args) < spec[0] or (spec[1] >= 0 and len(args) > spec[1]):
        return lambda a, c: UNKNOWN
    fn = spec[2]

    def call(a: Mapping[str, Any], c: Any) -> Value:
        values = [p(a, c) for p in parts]
        return UNKNOWN if any(v is UNKNOWN for v in values) else fn(values)
    return call


def truth_of(value: Value) -> Truth:
    if value is UNKNOWN:
        return Truth.unknown
    return Truth.yes if to_bool(value) else Truth.no


def truth(expr: Expr, answers: Mapping[str, Any], current: Any = None) -> Truth:
    v = evaluate(expr, answers, current)
    if v is UNKNOWN:
        return Truth.unknown
    return Truth.yes if to_bool(v) else Truth.no


def holds(text: str, answers: Mapping[str, Any], current: Any = None) -> Truth:
    """The truth of an expression given as text (text that does not parse is unknown)."""
    return truth(parse_lenient(text), answers, current)
