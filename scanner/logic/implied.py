"""What a condition adds to one the page has already said.

A roster's column inherits the `relevant` of every group around it inside the repeat, and a form often gives the
group inside the repeat the repeat's own condition again (UNHCR's household survey for the Americas: `group_Part1`,
the repeat `S1` and its group `S1_Household` all ask `${Intro03} = '1' and ${Intro04} = '1'`). The table's title
says the roster's condition once; each column's line then said it again before its own ("Column “Age in Years”:
answer if Question 4 is “Yes” and Question 6 is “Yes” and …"), nine times over one table. A column's line says
only the terms of its `and` that the roster's condition does not already hold; the template keeps the column's
whole condition, which the record's check applies.
"""

from __future__ import annotations

from functools import reduce

from .expression import Binary, Expr, Op, Unknown, parse_lenient, to_text


def conjuncts(expr: Expr) -> list[Expr]:
    """The terms of a condition's top-level `and` (one term when it is no `and`)."""
    if isinstance(expr, Binary) and expr.op is Op.AND:
        return conjuncts(expr.left) + conjuncts(expr.right)
    return [expr]


def beyond(condition: str, said: str) -> str:
    """`condition` without the terms `said` already holds, written back as an expression; "" when it adds nothing,
    `condition` as written when it shares no term (or either is no expression this subset reads)."""
    if not condition or not said:
        return condition
    whole, given = parse_lenient(condition), parse_lenient(said)
    if isinstance(whole, Unknown) or isinstance(given, Unknown):
        return "" if condition.strip() == said.strip() else condition
    known = conjuncts(given)
    terms = conjuncts(whole)
    rest = [t for t in terms if t not in known]
    if len(rest) == len(terms):
        return condition
    return to_text(reduce(lambda a, b: Binary(Op.AND, a, b), rest)) if rest else ""
