"""The shared vocabularies: one home for every state, the stored strings unchanged, and no bare-string comparisons."""

from __future__ import annotations

import ast
import json
import re
import sqlite3
from pathlib import Path

import pytest

from scanner.store.schema import MIGRATIONS
from scanner.vocab import (
    VOCABULARIES,
    BoxState,
    ItemKind,
    PageReason,
    PageState,
    RecordStatus,
    ReviewReason,
    Vocabulary,
)

SCANNER = Path(__file__).resolve().parents[1] / "scanner"

# Question kinds are the kinds module's vocabulary (issue 24, the other half): "text" is both a kind and a review
# item, and the scan leaves it to the kinds' own check.
QUESTION_KINDS = {"text"}

# The same word with another meaning: (file, value) -> why it is not a state.
NOT_A_STATE = {
    ("scanner/_exec/tesseract.py", "timeout"): "a word looked for in Tesseract's error message",
    ("scanner/online/channels.py", "rejected"): "KoboToolbox's validation status as its export spells it",
    ("scanner/online_form.py", "unit"): "an online form item's kind (the question kinds' vocabulary)",
    ("scanner/online_branching.py", "unit"): "an online form item's kind (the question kinds' vocabulary)",
}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
        return [s for e in node.elts for s in _strings(e)]
    return []


def bare_comparisons(root: Path, values: set[str]) -> list[tuple[str, int, str]]:
    """(file, line, value) of every comparison or match case that tests a vocabulary value spelt as a string."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "vocab.py" and path.parent == root:
            continue
        rel = path.relative_to(root.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                strings = [s for part in (node.left, *node.comparators) for s in _strings(part)]
            elif isinstance(node, ast.MatchValue):
                strings = _strings(node.value)
            else:
                continue
            found += [(rel, node.lineno, s) for s in strings if s in values]
    return found


def all_values() -> set[str]:
    return set().union(*(v.values() for v in VOCABULARIES)) - QUESTION_KINDS


def test_no_state_is_compared_as_a_bare_string() -> None:
    hits = [h for h in bare_comparisons(SCANNER, all_values()) if (h[0], h[2]) not in NOT_A_STATE]
    assert not hits, "compare with the enum in scanner/vocab.py instead:\n" + "\n".join(
        f"{f}:{line}: {v!r}" for f, line, v in hits)


def test_the_exceptions_are_still_needed() -> None:
    used = {(f, v) for f, _, v in bare_comparisons(SCANNER, all_values())}
    assert set(NOT_A_STATE) <= used, f"no longer needed, remove: {set(NOT_A_STATE) - used}"


def test_the_scan_finds_what_it_is_meant_to(tmp_path: Path) -> None:
    pkg = tmp_path / "scanner"
    pkg.mkdir()
    (pkg / "bad.py").write_text(
        'def f(r, s):\n'
        '    if r.state == "marked" or s in ("final", "other"):\n'
        '        return 1\n'
        '    match s:\n'
        '        case "set_aside":\n'
        '            return 2\n'
        '    return "needs_review"\n', encoding="utf-8")
    assert bare_comparisons(pkg, all_values()) == [
        ("scanner/bad.py", 2, "marked"), ("scanner/bad.py", 2, "final"), ("scanner/bad.py", 5, "set_aside")]


def test_stored_strings_are_the_schemas() -> None:
    """The pages table's CHECK constraint is the independent truth for page states."""
    check = re.search(r"state IN \(([^)]*)\)", MIGRATIONS[1])
    assert check is not None
    assert {s.strip().strip("'") for s in check.group(1).split(",")} == PageState.values()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (state TEXT)")
    db.execute("INSERT INTO t VALUES (?)", (PageState.set_aside,))
    assert db.execute("SELECT state FROM t").fetchone()[0] == "set_aside"
    assert json.dumps({"s": RecordStatus.needs_review, "b": [BoxState.marked]}) == '{"s": "needs_review", "b": ["marked"]}'


def test_every_value_has_a_vietnamese_label() -> None:
    for vocab in VOCABULARIES:
        for member in vocab:
            assert member.label and (member.label != member.value or not member.value.isascii()), member
        assert len({m.value for m in vocab}) == len(vocab), vocab.__name__


def test_label_of_a_value_this_version_does_not_know() -> None:
    assert PageReason.label_of("blank") == "Trang trắng"
    assert PageReason.label_of("scanner_on_fire") == "scanner_on_fire"
    assert PageReason.label_of("scanner_on_fire", "lý do khác") == "lý do khác"
    assert PageReason.label_of(None) == ""
    assert ReviewReason.label_of(ReviewReason.skipped_answered).startswith("Có trả lời ở câu")


def test_review_queue_order() -> None:
    """Questions first, wordings with the unit, then sheets, handwriting and set-aside pages last."""
    ordered = sorted(ItemKind, key=lambda k: k.order)
    assert ordered[0] is ItemKind.question and ordered[-1] is ItemKind.page
    assert ItemKind.text.order > ItemKind.reused_serial.order > ItemKind.missing_page.order > ItemKind.unit.order
    assert {k for k in ItemKind if k.online} == {ItemKind.online_unit, ItemKind.online_answer, ItemKind.online_column,
                                                 ItemKind.online_row}


@pytest.mark.parametrize("vocab", VOCABULARIES, ids=lambda v: v.__name__)
def test_vocabularies_are_str_enums(vocab: type[Vocabulary]) -> None:
    for member in vocab:
        assert isinstance(member, str) and member == member.value and vocab(member.value) is member
