"""A `calculate` a condition cites, put back as the questions it is computed from, for the printed instruction.

Paper prints no calculation, so "Answer if is_adult" has nothing to point at
and used to read "Answer only if instructed". Where the calculation is a plain
expression of printed questions (comparisons, and/or/not, selected(),
count-selected(), arithmetic on one number: `${age} >= 18`, `${age} * 12`,
`count-selected(${src})`), the condition is rewritten in terms of those
questions ("${age} * 12 >= 600" as "${age} >= 50") and then worded as any
other. Only the wording changes: the record is still judged on the condition
as the form writes it, a calculation being unknown on paper (logic.apply).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .expression import COMPARISONS, Binary, Call, Expr, Literal, Op, Ref, parse_lenient, references

_PLAIN_CALLS = frozenset({"selected", "count-selected", "not", "true", "false", "string-length"})
_ARITHMETIC = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV})
_NEGATED = {Op.GE: Op.LT, Op.GT: Op.LE, Op.LE: Op.GT, Op.LT: Op.GE, Op.EQ: Op.NE, Op.NE: Op.EQ}
_FLIPPED = {Op.GE: Op.LE, Op.GT: Op.LT, Op.LE: Op.GE, Op.LT: Op.GT, Op.EQ: Op.EQ, Op.NE: Op.NE}
_DEPTH = 8  # a calculation citing a calculation …: deeper than this is left as it is (and a cycle ends)


def plain(expr: Expr) -> bool:
    """Whether a calculation can stand in a condition's words: nothing but answers, literals, comparisons,
    and/or/not, selected(), count-selected() and arithmetic (no if(), pulldata(), position()…)."""
    match expr:
        case Literal() | Ref():
            return True
        case Binary(_, left, right):
            return plain(left) and plain(right)
        case Call("if", (test, Literal(), Literal())):  # `if(selected(${src}, 'tv'), 1, 0)`: a yes/no as 1/0
            return plain(test)
        case Call(name, args):
            return name in _PLAIN_CALLS and all(plain(a) for a in args)
    return False


def plain_formulas(calculations: Mapping[str, str], conditions: Iterable[str]) -> dict[str, str]:
    """The form's calculations (name -> expression) that plain() accepts and a condition cites (or a calculation it
    cites does), for the template to carry."""
    cited: set[str] = set()
    todo = [n for text in conditions for n in references(parse_lenient(text))]
    while todo:
        name = todo.pop()
        if name in calculations and name not in cited:
            cited.add(name)
            todo += references(parse_lenient(calculations[name]))
    return {name: text for name, text in calculations.items()
            if name in cited and text.strip() and plain(parse_lenient(text))}


def _boolean(expr: Expr) -> bool:
    match expr:
        case Binary(op, _, _):
            return op in COMPARISONS or op in (Op.AND, Op.OR)
        case Call(name, _):
            return name in ("selected", "not", "true", "false")
    return False


def _truth(expr: Expr) -> bool | None:
    """true()/false(), 1/0, 'true'/'false' as a calculation's yes or no is compared with; None otherwise."""
    match expr:
        case Call("true", ()):
            return True
        case Call("false", ()):
            return False
        case Literal(value) if str(value).strip().lower() in ("1", "1.0", "true"):
            return True
        case Literal(value) if str(value).strip().lower() in ("0", "0.0", "false"):
            return False
    return None


def negate(expr: Expr) -> Expr:
    """not(expr), pushed into its comparisons where words say it better ("less than 18", not "not 18 or more")."""
    match expr:
        case Binary(op, left, right) if op in _NEGATED and op != Op.EQ:
            return Binary(_NEGATED[op], left, right)
        case Binary(Op.AND | Op.OR as op, left, right):
            return Binary(Op.OR if op == Op.AND else Op.AND, negate(left), negate(right))
        case Call("not", (inner,)):
            return inner
    return Call("not", (expr,))


def _solved(op: Op, left: Expr, value: float) -> tuple[Op, Expr, float] | None:
    """`x + 2 >= 10` as `x >= 8`: one arithmetic step on a literal undone, the comparison turned where a negative
    factor asks; None when the left side is no such step."""
    match left:
        case Binary(arith, inner, Literal(float() as k)) if arith in _ARITHMETIC:
            pass
        case Binary(Op.ADD | Op.MUL as arith, Literal(float() as k), inner):
            pass
        case _:
            return None
    if arith in (Op.MUL, Op.DIV) and k == 0:
        return None
    if arith == Op.ADD:
        return op, inner, value - k
    if arith == Op.SUB:
        return op, inner, value + k
    turned = op if k > 0 else _FLIPPED[op]
    return turned, inner, value / k if arith == Op.MUL else value * k


def simplify(expr: Expr) -> Expr:
    """The inlined condition in the shapes the wording knows: a yes/no calculation compared with true or 1 as the
    condition itself (or its negation), arithmetic on one number undone into the comparison's value."""
    match expr:
        case Binary(Op.AND | Op.OR as op, left, right):
            return Binary(op, simplify(left), simplify(right))
        case Call("not", (inner,)):
            return negate(simplify(inner))
        case Binary(Op.EQ | Op.NE as op, Call("if", (test, Literal(yes), Literal(no))), Literal(v)) if yes != no and v in (
                yes, no):
            return simplify(test) if (v == yes) == (op == Op.EQ) else negate(simplify(test))
        case Binary(Op.EQ | Op.NE as op, left, right) if _boolean(left) and _truth(right) is not None:
            return simplify(left) if (_truth(right) is True) == (op == Op.EQ) else negate(simplify(left))
        case Binary(Op.EQ | Op.NE as op, left, right) if _boolean(right) and _truth(left) is not None:
            return simplify(Binary(op, right, left))
        case Binary(op, Literal() as v, right) if op in _FLIPPED and not isinstance(right, Literal):
            return simplify(Binary(_FLIPPED[op], right, v))
        case Binary(op, left, Literal(float() as v)) if op in COMPARISONS:
            for _ in range(_DEPTH):
                solved = _solved(op, left, v)
                if solved is None:
                    break
                op, left, v = solved
            return Binary(op, left, Literal(float(v)))
    return expr


def inline(expr: Expr, formulas: Mapping[str, Expr], depth: int = 0) -> Expr:
    """The expression with each calculation it cites replaced by its own (plain) expression, to _DEPTH levels."""
    if depth > _DEPTH:
        return expr
    match expr:
        case Ref(name) if name in formulas:
            return inline(formulas[name], formulas, depth + 1)
        case Binary(op, left, right):
            return Binary(op, inline(left, formulas, depth), inline(right, formulas, depth))
        case Call(name, args):
            return Call(name, tuple(inline(a, formulas, depth) for a in args))
    return expr


def as_questions(expr: Expr, formulas: Mapping[str, str]) -> Expr:
    """A condition read in terms of the printed questions its calculations are computed from (unchanged when it
    cites none)."""
    parsed = {name: parse_lenient(text) for name, text in formulas.items()}
    inlined = inline(expr, parsed)
    return expr if inlined == expr else simplify(inlined)
