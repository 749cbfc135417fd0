"""The shared vocabularies: one home for every state, the stored strings unchanged, and no bare-string comparisons."""

from __future__ import annotations

import ast
import functools
import json
import re
import sqlite3
from pathlib import Path

import pytest

from scanner.kinds import Kind
from scanner.kinds.xlsform import OFF_PAPER, PAPER_KIND, XlsType
from scanner.store.schema import MIGRATIONS
from scanner.vocab import (
    VOCABULARIES,
    BoxKind,
    BoxState,
    ExtraKind,
    FormItemKind,
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
}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
        return [s for e in node.elts for s in _strings(e)]
    return []


@functools.cache
def _nodes(source: str) -> tuple[ast.AST, ...]:
    """Every node of a source, parsed once for all the scans of this file (each scan reads the whole package)."""
    return tuple(ast.walk(ast.parse(source)))


def bare_comparisons(root: Path, values: set[str]) -> list[tuple[str, int, str]]:
    """(file, line, value) of every comparison or match case that tests a vocabulary value spelt as a string."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "vocab.py" and path.parent == root:
            continue
        rel = path.relative_to(root.parent).as_posix()
        for node in _nodes(path.read_text(encoding="utf-8")):
            if isinstance(node, ast.Compare):
                strings = [s for part in (node.left, *node.comparators) for s in _strings(part)]
            elif isinstance(node, ast.MatchValue):
                strings = _strings(node.value)
            else:
                continue
            found += [(rel, node.lineno, s) for s in strings if s in values]
    return found


# Kinds share words with one another and with the XLSForm ("date", "note", "text"): they are caught by the
# attribute they are compared through (test_no_kind_is_compared_as_a_bare_string), not by their words.
KIND_VOCABULARIES: tuple[type[Vocabulary], ...] = (BoxKind, FormItemKind, ExtraKind)


def all_values() -> set[str]:
    states = [v for v in VOCABULARIES if v not in KIND_VOCABULARIES]
    return set().union(*(v.values() for v in states)) - QUESTION_KINDS


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
    """Questions first, wordings with the unit, set-aside pages before the sheets missing a side (attaching a page
    settles its sheet), handwriting last."""
    ordered = sorted(ItemKind, key=lambda k: k.order)
    assert ordered[0] is ItemKind.question and ordered[-1] is ItemKind.text
    assert ItemKind.text.order > ItemKind.reused_serial.order >= ItemKind.missing_page.order > ItemKind.page.order
    assert ItemKind.page.order > ItemKind.unit.order
    assert {k for k in ItemKind if k.online} == {ItemKind.online_unit, ItemKind.online_answer, ItemKind.online_column,
                                                 ItemKind.online_row}


@pytest.mark.parametrize("vocab", VOCABULARIES, ids=lambda v: v.__name__)
def test_vocabularies_are_str_enums(vocab: type[Vocabulary]) -> None:
    for member in vocab:
        assert isinstance(member, str) and member == member.value and vocab(member.value) is member


KIND_NAMES = {"kind", "type", "state", "status"}

# Modules whose kinds are another program's words, read there and turned into an enum: module -> why.
OTHER_WORDS = {
    "scanner/plan_sheet.py": "the plan spreadsheet's column kinds (list, int, date), read there",
    "scanner/ingest.py": "a file's format as its first bytes say (pdf, tiff)",
    "scanner/corpus/generate.py": "the corpus's output file formats",
    "scanner/corpus/degrade.py": "the corpus's degradation names",
}


def _kindish(node: ast.AST) -> bool:
    """`x.kind`, `d["type"]`, `d.get("state")` or a variable so named."""
    if isinstance(node, ast.Attribute):
        return node.attr in KIND_NAMES
    if isinstance(node, ast.Name):
        return node.id in KIND_NAMES
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value in KIND_NAMES
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        return isinstance(node.args[0], ast.Constant) and node.args[0].value in KIND_NAMES
    return False


def kind_comparisons(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, value) of every comparison or match of a kind or state, named so, with a string literal."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel == "scanner/vocab.py" or path.parent.name == "kinds":
            continue
        for node in _nodes(path.read_text(encoding="utf-8")):
            if isinstance(node, ast.Compare) and any(_kindish(p) for p in (node.left, *node.comparators)):
                found += [(rel, node.lineno, s) for p in (node.left, *node.comparators) for s in _strings(p)]
            elif isinstance(node, ast.Match) and _kindish(node.subject):
                found += [(rel, c.pattern.lineno, s) for c in node.cases if isinstance(c.pattern, ast.MatchValue)
                          for s in _strings(c.pattern.value)]
    return sorted(found)


def test_no_kind_is_compared_as_a_bare_string() -> None:
    hits = [h for h in kind_comparisons(SCANNER) if h[0] not in OTHER_WORDS]
    assert not hits, "compare with Kind (scanner/kinds) or an enum of scanner/vocab.py instead:\n" + "\n".join(
        f"{f}:{line}: {v!r}" for f, line, v in hits)


def test_there_is_one_kind() -> None:
    """`Kind` means a question's kind (scanner/kinds); another enum of that name (the report's paragraph kinds were
    one) would be imported in its place without mypy noticing where both meet."""
    homes = sorted(path.relative_to(SCANNER.parent).as_posix() for path in SCANNER.rglob("*.py")
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(node, ast.ClassDef) and node.name == "Kind")
    assert homes == ["scanner/kinds/kind.py"]


def test_the_other_words_are_still_there() -> None:
    used = {f for f, _, _ in kind_comparisons(SCANNER)}
    assert set(OTHER_WORDS) <= used, f"no longer needed, remove: {set(OTHER_WORDS) - used}"


def test_the_kind_scan_finds_what_it_is_meant_to(tmp_path: Path) -> None:
    pkg = tmp_path / "scanner"
    (pkg / "kinds").mkdir(parents=True)
    (pkg / "kinds" / "own.py").write_text('def f(k):\n    return k.kind == "number"\n', encoding="utf-8")
    (pkg / "bad.py").write_text(
        'def f(q, d, box, kind):\n'
        '    if q.type == "date" or d["type"] in ("grid", "roster") or d.get("kind") != "note":\n'
        '        return 1\n'
        '    if box.kind == BoxKind.checkbox or kind == "pdf" or q.label == "date":\n'
        '        return 2\n'
        '    match q.kind:\n'
        '        case "section":\n'
        '            return 3\n'
        '    return "integer"\n', encoding="utf-8")
    assert kind_comparisons(pkg) == [
        ("scanner/bad.py", 2, "date"), ("scanner/bad.py", 2, "grid"), ("scanner/bad.py", 2, "note"),
        ("scanner/bad.py", 2, "roster"), ("scanner/bad.py", 4, "pdf"), ("scanner/bad.py", 7, "section")]


def test_the_kinds_enums_compare_as_the_strings_stored() -> None:
    """Templates, the online form's JSON and the review page keep the words they had before the enums."""
    assert json.dumps([BoxKind.comb, FormItemKind.datetime, ExtraKind.rank, Kind.number]) == (
        '["comb", "datetime", "rank", "number"]')
    assert FormItemKind("integer") is FormItemKind.integer and {"note": 1}[ExtraKind.note] == 1


# An XLSForm type word compared elsewhere is another word spelt the same: (file, word) -> what it is there.
NOT_AN_XLSFORM_TYPE = {
    ("scanner/corpus/generate.py", "photo"): "the corpus's phone-photo degradation",
    ("scanner/corpus/world.py", "photo"): "the corpus's phone-photo degradation",
    ("scanner/plan_sheet.py", "date"): "the plan spreadsheet's column kind",
    ("scanner/online_only.py", "hidden"): "an appearance word (the Community Health Toolkit's hidden fields)",
}


def xlsform_comparisons(root: Path) -> list[tuple[str, int, str]]:
    """Comparisons with an XLSForm type word, whatever is compared: the reader names types through XlsType
    (scanner/kinds/xlsform.py), the one place that says which kind each type becomes."""
    return [h for h in bare_comparisons(root, {t.value for t in XlsType}) if not h[0].startswith("scanner/kinds/")]


def test_no_xlsform_type_is_compared_as_a_bare_string() -> None:
    hits = [h for h in xlsform_comparisons(SCANNER) if (h[0], h[2]) not in NOT_AN_XLSFORM_TYPE]
    assert not hits, "name the type through XlsType and PAPER_KIND (scanner/kinds/xlsform.py):\n" + "\n".join(
        f"{f}:{line}: {v!r}" for f, line, v in hits)


def test_the_xlsform_exceptions_are_still_needed() -> None:
    used = {(f, v) for f, _, v in xlsform_comparisons(SCANNER)}
    assert set(NOT_AN_XLSFORM_TYPE) <= used, f"no longer needed, remove: {set(NOT_AN_XLSFORM_TYPE) - used}"


def test_the_xlsform_scan_finds_what_it_is_meant_to(tmp_path: Path) -> None:
    """Whatever the variable is called: the questionnaire reader's old `t == "select all that apply"`."""
    pkg = tmp_path / "scanner"
    (pkg / "kinds").mkdir(parents=True)
    (pkg / "kinds" / "xlsform.py").write_text('def f(t):\n    return t == "integer"\n', encoding="utf-8")
    (pkg / "reader.py").write_text(
        'def f(node, t):\n'
        '    if t == "select all that apply" or node.get("type") in ("select one", "text"):\n'
        '        return 1\n'
        '    match t:\n'
        '        case "decimal":\n'
        '            return 2\n'
        '    return "repeat" if t.startswith("x") else t is XlsType.group\n', encoding="utf-8")
    assert xlsform_comparisons(pkg) == [
        ("scanner/reader.py", 2, "select all that apply"), ("scanner/reader.py", 2, "select one"),
        ("scanner/reader.py", 2, "text"), ("scanner/reader.py", 5, "decimal")]


def test_every_xlsform_type_is_printed_or_kept_online_in_one_table() -> None:
    """A group is a section or a grid; every other word is in exactly one of the two tables."""
    placed = set(PAPER_KIND) | set(OFF_PAPER)
    assert set(XlsType) - placed == {XlsType.group}
    assert not set(PAPER_KIND) & set(OFF_PAPER)
    assert XlsType("select all that apply") is XlsType.select_multiple and XlsType.of({"type": "integer"}) is (
        XlsType.integer)
    assert XlsType.of({"type": "hologram"}) is None and XlsType.of({}) is None


def sql_kind_literals(root: Path) -> list[tuple[str, int, str]]:
    """Review item kinds spelt as SQL literals ('question') in the store's queries, outside its schema."""
    kinds = {k.value for k in ItemKind}
    found = []
    for path in sorted((root / "store").glob("*.py")):
        if path.name == "schema.py":  # the tables' own CHECK constraints and migrations are the stored truth
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += [(f"scanner/store/{path.name}", node.lineno, v)
                          for v in re.findall(r"'([a-z_]+)'", node.value) if v in kinds]
    return found


def test_the_store_spells_no_item_kind_in_its_sql() -> None:
    assert sql_kind_literals(SCANNER) == []


def test_the_sql_kind_scan_finds_what_it_is_meant_to(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "bad.py").write_text('Q = "SELECT 1 WHERE kind IN (\'question\', \'text\')"\n', encoding="utf-8")
    assert sql_kind_literals(tmp_path) == [("scanner/store/bad.py", 1, "question"), ("scanner/store/bad.py", 1, "text")]
