"""A question kind has one home (issue 24): stages ask the kind's behaviour, they do not compare kinds.

The rule is checked on the source, as tests/test_vocab.py checks bare strings: outside scanner/kinds, no
comparison or match case may test a question's Kind (`q.type == Kind.text`, `in (Kind.a, Kind.b)`, membership
in a kind set such as DIGIT_KINDS) beyond ALLOWED, the modules not yet taught and their exact counts. The
counts must match exactly, so a module taught to ask its kind lowers its entry: the list only shrinks.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import statistics
from pathlib import Path

import pytest

import scanner.kinds.kind as kind_module
from scanner.kinds import Kind
from scanner.kinds.behaviour import Held, QuestionKind
from scanner.kinds.registry import REGISTRY, behaviour
from scanner.vocab import FormItemKind

SCANNER = Path(__file__).resolve().parents[1] / "scanner"

# Where the question Kind is imported from under its own name or an alias (QKind...).
KIND_HOMES = {"kinds", "kind", "questionnaire_model", "template_model", "template", "questionnaire"}
KIND_SETS = {name for name, v in vars(kind_module).items() if isinstance(v, frozenset)}

# The modules that may still compare kinds themselves, with how many comparisons. On main before this rule there
# were 159 in 37 modules; every one now asks its kind, so the list is empty and must stay so (a module that cannot
# yet be taught would be listed here with its count, to be lowered as it is).
ALLOWED: dict[str, int] = {}


def kind_comparisons(source: str) -> list[int]:
    """Lines of every comparison or match case in `source` that tests a question Kind or a kind set."""
    tree = ast.parse(source)
    kinds, sets = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                if a.name == "Kind" and (node.module or "").split(".")[-1] in KIND_HOMES:
                    kinds.add(a.asname or a.name)
                if a.name in KIND_SETS:
                    sets.add(a.asname or a.name)

    def is_kind(e: ast.AST) -> bool:
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
            return e.value.id in kinds
        if isinstance(e, (ast.Tuple, ast.Set, ast.List)):
            return any(is_kind(x) for x in e.elts)
        if isinstance(e, ast.BinOp):  # WRITTEN_KINDS | DIGIT_KINDS
            return is_kind(e.left) or is_kind(e.right)
        return isinstance(e, ast.Name) and e.id in sets

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(is_kind(x) for x in (node.left, *node.comparators)):
            lines.append(node.lineno)
        elif isinstance(node, ast.MatchValue) and is_kind(node.value):
            lines.append(node.lineno)
    return sorted(lines)


def counts() -> dict[str, int]:
    out = {}
    for path in sorted(SCANNER.rglob("*.py")):
        rel = path.relative_to(SCANNER.parent).as_posix()
        if rel.startswith("scanner/kinds/"):
            continue
        n = len(kind_comparisons(path.read_text(encoding="utf-8")))
        if n:
            out[rel] = n
    return out


def test_the_checker_finds_every_way_of_comparing_a_kind() -> None:
    src = """
from .kinds import Kind as QKind, DIGIT_KINDS, WRITTEN_KINDS
from .vocab import ItemKind as Kind2
def f(q, kind):
    a = q.type == QKind.text
    b = q.type in (QKind.single, QKind.multiple)
    c = q.type in DIGIT_KINDS
    d = q.type not in WRITTEN_KINDS | DIGIT_KINDS
    e = kind == Kind2.online_row
    match kind:
        case QKind.date:
            pass
"""
    lines = kind_comparisons(src)
    assert lines == [5, 6, 7, 8, 11]


def test_no_stage_compares_kinds_beyond_the_shrinking_allow_list() -> None:
    found = counts()
    new = {m: n for m, n in found.items() if n > ALLOWED.get(m, 0)}
    assert not new, f"compare kinds here by asking the kind (kinds/behaviour.py), not with ==/in: {new}"
    fewer = {m: (ALLOWED[m], found.get(m, 0)) for m in ALLOWED if found.get(m, 0) < ALLOWED[m]}
    assert not fewer, f"fewer kind comparisons than allowed: lower ALLOWED to the new counts {fewer}"
    assert sum(ALLOWED.values()) <= 159


def test_every_kind_has_one_behaviour_from_its_own_module() -> None:
    assert set(REGISTRY) == set(Kind)
    for kind, b in REGISTRY.items():
        assert isinstance(b, QuestionKind) and b.kind == kind
        assert b.label_vi and b.label_vi == b.label_vi.strip()
    home = {Kind.single: "choice", Kind.multiple: "choice", Kind.grid: "grid", Kind.text: "text", Kind.note: "note",
            Kind.roster: "roster", Kind.number: "number", Kind.date: "date"}
    for kind, module in home.items():
        found = vars(importlib.import_module(f"scanner.kinds.{module}")).values()
        assert any(v is REGISTRY[kind] for v in found), (kind, module)


@pytest.mark.parametrize(("kind", "max_choices", "most"), [
    (Kind.single, 1, 1), (Kind.single, None, 1), (Kind.multiple, 3, 3), (Kind.multiple, None, None),
    (Kind.text, None, None), (Kind.number, None, None), (Kind.date, None, None), (Kind.note, None, None)])
def test_how_many_options_an_answer_may_hold(kind: Kind, max_choices: int | None, most: int | None) -> None:
    assert behaviour(kind).most_options(max_choices) == most


def test_what_a_record_holds_and_how_it_is_tallied() -> None:
    assert {k for k, b in REGISTRY.items() if b.held == Held.options} == {Kind.single, Kind.multiple}
    assert {k for k, b in REGISTRY.items() if b.held == Held.number} == {Kind.number}
    assert {k for k, b in REGISTRY.items() if b.held == Held.text} == {Kind.text, Kind.date}
    assert {k for k, b in REGISTRY.items() if b.shares} == set(kind_module.CHOICE_KINDS)
    assert {k for k, b in REGISTRY.items() if b.digit_grid} == set(kind_module.DIGIT_KINDS)
    assert {k for k, b in REGISTRY.items() if b.handwritten} == set(kind_module.WRITTEN_KINDS)
    assert {k for k, b in REGISTRY.items() if b.expands} == set(kind_module.CONTAINER_KINDS)
    assert {k for k, b in REGISTRY.items() if not b.asked} == {Kind.note}


def test_figures_of_numbers_and_dates() -> None:
    nums = [3, 10, 4, 7]
    assert behaviour(Kind.number).summary(nums) == (6.0, 5.5, 3.0, 10.0)
    assert behaviour(Kind.number).summary([]) == (None, None, None, None)
    dates = ["2024-03-01", "2023-12-31", "2024-01-15", "2024-02-10"]
    lower_middle = sorted(dates)[(len(dates) - 1) // 2]  # the earlier of the two middle days
    assert behaviour(Kind.date).summary(dates) == (None, lower_middle, "2023-12-31", "2024-03-01")
    assert statistics.median_low([dt.date.fromisoformat(d).toordinal() for d in dates]) == \
        dt.date.fromisoformat(lower_middle).toordinal()
    with pytest.raises(ValueError):
        behaviour(Kind.single).summary(["a"])


def test_how_the_online_form_asks_each_kind() -> None:
    assert behaviour(Kind.number).asked_online(0, 3, "", None, 0).kind == FormItemKind.integer
    assert behaviour(Kind.number).asked_online(1, 3, "", None, 0).kind == FormItemKind.decimal
    assert behaviour(Kind.date).asked_online(0, 8, "", None, 0).kind == FormItemKind.date
    month_year = behaviour(Kind.date).asked_online(0, 6, "", None, 0)
    assert (month_year.kind, month_year.shape) == (FormItemKind.short, "MM/YYYY")
    assert behaviour(Kind.text).asked_online(0, 0, "time", None, 0).kind == FormItemKind.time
    assert behaviour(Kind.text).asked_online(0, 0, "", None, 0).kind == FormItemKind.text
    many = behaviour(Kind.multiple).asked_online(0, 0, "", 2, 5)
    assert (many.kind, many.choices, many.at_most) == (FormItemKind.multiple, True, 2)
    assert behaviour(Kind.multiple).asked_online(0, 0, "", 5, 5).at_most is None  # no limit below all five
    assert behaviour(Kind.single).asked_online(0, 0, "", 1, 3).at_most is None
