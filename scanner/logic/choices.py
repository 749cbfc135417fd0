"""What a constraint or a relevant says about a choice question, found by evaluating it rather than by its spelling.

Forms write "at most two" as `count-selected(.) <= 2` or `count-selected(.) < 3`,
"none excludes the others" as `not(selected(., 'none') and count-selected(.) > 1)`,
`not(selected(.,'none')) or count-selected(.)=1` or
`if(selected(.,'none'), count-selected(.)=1, true())`. Evaluating the
constraint over sets of choices and fitting the one model paper can print
(at most N, some options alone) recognises every spelling alike; a
constraint the model does not fit is kept as an expression to check.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .evaluate import Truth, to_string, truth
from .expression import Binary, Call, Expr, Literal, Negate, Op, Ref, parse_lenient, references

ALL_SUBSETS_UP_TO = 10  # choices; a longer list is probed with small, large and random subsets
RANDOM_PROBES = 400


@dataclass(frozen=True)
class ChoiceRule:
    """A select_multiple's rule as paper prints it: at most `max_choices`; each of `exclusive` only alone."""

    max_choices: int | None
    exclusive: tuple[str, ...]


def _probes(ids: Sequence[str]) -> list[tuple[str, ...]]:
    n = len(ids)
    if n <= ALL_SUBSETS_UP_TO:
        return [c for k in range(1, n + 1) for c in itertools.combinations(ids, k)]
    rng = random.Random(n)  # the same probes on every build of the same list
    out = [c for k in (1, 2, 3) for c in itertools.combinations(ids, k)]
    out += [tuple(ids[:k]) for k in range(4, n + 1)] + [tuple(ids[n - k:]) for k in range(4, n + 1)]
    for _ in range(RANDOM_PROBES):
        out.append(tuple(sorted(rng.sample(list(ids), rng.randint(1, n)), key=list(ids).index)))
    return out


def classify_constraint(text: str, choice_ids: Sequence[str]) -> ChoiceRule | None:
    """The rule a select_multiple's constraint amounts to, or None when it is not a rule on which choices go together."""
    return _classified(text, tuple(choice_ids))


@lru_cache(maxsize=256)
def _classified(text: str, choice_ids: tuple[str, ...]) -> ChoiceRule | None:
    # a form repeats one constraint over many questions of one list ("don't know" alone, REACH's MSNA 113 times):
    # each probe set is evaluated once (the probes are seeded by the list, so the answer is the same)
    expr = parse_lenient(text)
    if references(expr) or len(choice_ids) < 2:
        return None
    verdict: dict[tuple[str, ...], bool] = {}
    for subset in _probes(choice_ids):
        t = truth(expr, {}, list(subset))
        if t == Truth.unknown:
            return None
        verdict[subset] = t == Truth.yes
    if not all(verdict[(x,)] for x in choice_ids):
        return None  # forbids an option on its own: not a rule paper prints
    pairs = [p for p in verdict if len(p) == 2]
    if not any(verdict[p] for p in pairs):
        rule = ChoiceRule(1, ())
    else:
        exclusive = tuple(x for x in choice_ids if not any(verdict[p] for p in pairs if x in p))
        free = [s for s, ok in verdict.items() if ok and not set(s) & set(exclusive)]
        most = max(len(s) for s in free)
        rule = ChoiceRule(None if most >= len(choice_ids) - len(exclusive) else most, exclusive)
    if any(ok != _allows(rule, s) for s, ok in verdict.items()):
        return None
    return rule


def _allows(rule: ChoiceRule, subset: tuple[str, ...]) -> bool:
    if len(subset) == 1:
        return True
    if set(subset) & set(rule.exclusive):
        return False
    return rule.max_choices is None or len(subset) <= rule.max_choices


def _option_test(e: Expr) -> tuple[str, str] | None:
    """`selected(${q}, 'x')`, `${q} = 'x'` or `'x' = ${q}`: (q, x)."""
    match e:
        case Call("selected", (Ref(q), Literal(x))):
            return q, to_string(x)
        case Binary(Op.EQ, Ref(q), Literal(x)) | Binary(Op.EQ, Literal(x), Ref(q)):
            return q, to_string(x)
    return None


def write_in_of(text: str) -> tuple[str, str] | None:
    """The (question, option) a text question completes when its relevant is "that option was chosen"."""
    return _option_test(parse_lenient(text))


def choice_condition(text: str) -> tuple[str, frozenset[str]] | None:
    """A relevant that is "question q's answer is one of these options" (tests joined by `or`): (q, options).

    This is what a Google Form can express as "go to section based on answer"."""
    found: list[tuple[str, str]] = []

    def walk(e: Expr) -> bool:
        if isinstance(e, Binary) and e.op == Op.OR:
            return walk(e.left) and walk(e.right)
        t = _option_test(e)
        if t is None:
            return False
        found.append(t)
        return True

    if not walk(parse_lenient(text)) or len({q for q, _ in found}) != 1:
        return None
    return found[0][0], frozenset(x for _, x in found)


def option_tests(text: str) -> list[tuple[str, str]]:
    """Every (question, option) an expression tests, wherever it stands: `selected(${q}, 'x')`, `${q} = 'x'`,
    `${q} != 'x'` (either way round). An empty value tests that nothing was chosen, no option."""
    found: list[tuple[str, str]] = []

    def walk(e: Expr) -> None:
        match e:
            case Call("selected", (Ref(q), Literal(x))) | Binary(Op.EQ | Op.NE, Ref(q), Literal(x)) | \
                    Binary(Op.EQ | Op.NE, Literal(x), Ref(q)):
                if to_string(x):
                    found.append((q, to_string(x)))
            case Negate(operand):
                walk(operand)
            case Binary(_, left, right):
                walk(left)
                walk(right)
            case Call(_, args):
                for a in args:
                    walk(a)

    walk(parse_lenient(text))
    return found
