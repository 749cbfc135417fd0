"""The store returns named rows (issue 24): no public Store method hands back a JSON-shaped dict or a tuple of
columns that its callers would read by key or by position.

The check reads the methods' annotations, so a reader written tomorrow that returns `dict[str, Any]` fails here
before any caller grows around it."""

from __future__ import annotations

import inspect
import typing
from dataclasses import FrozenInstanceError, fields, is_dataclass
from typing import Any

import pytest

from scanner.records import Decision
from scanner.store import Store
from scanner.store import rows as rows_module
from scanner.store.rows import Generation, QueueItem, ReviewSheetRow
from scanner.vocab import ItemKind

# method -> why a dict keyed by strings or a tuple is the right thing there (anything else is a named row)
ALLOWED = {
    "text_crop_keys": "a set of (page, question) keys tested for membership, never unpacked by position",
    "province_put": "its parameters are the district's own JSON (facts, records), stored as sent",
}


def _json_shaped(tp: Any) -> list[str]:
    """What in a type is a row in disguise: a dict keyed by str with Any values, or a tuple."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    found = []
    if origin is dict and args and args[0] is str and args[1] is Any:
        found.append(repr(tp))
    if origin is tuple or tp is tuple:
        found.append(repr(tp))
    return found + [f for a in args for f in _json_shaped(a)]


def _public_methods() -> list[tuple[str, Any]]:
    return [(name, fn) for name, fn in inspect.getmembers(Store, inspect.isfunction) if not name.startswith("_")]


def test_no_store_method_returns_or_takes_an_unnamed_row() -> None:
    offenders = {}
    for name, fn in _public_methods():
        hints = typing.get_type_hints(fn, vars(inspect.getmodule(fn)))
        shaped = [f"{arg}: {s}" for arg, tp in hints.items() for s in _json_shaped(tp)]
        if shaped and name not in ALLOWED:
            offenders[name] = shaped
    assert not offenders, f"return a frozen dataclass from scanner/store/rows.py instead: {offenders}"


def test_the_allowed_ones_are_still_needed() -> None:
    """An exception no longer needed would let a new one slip in under its name."""
    methods = dict(_public_methods())
    for name in ALLOWED:
        hints = typing.get_type_hints(methods[name], vars(inspect.getmodule(methods[name])))
        assert any(_json_shaped(tp) for tp in hints.values()), name


def test_the_check_finds_a_dict_and_a_tuple() -> None:
    assert _json_shaped(dict[str, Any] | None)
    assert _json_shaped(list[dict[str, Any]])
    assert _json_shaped(typing.Iterator[tuple[str, str]])
    assert not _json_shaped(dict[str, int]) and not _json_shaped(list[QueueItem] | None)


def test_every_row_is_frozen() -> None:
    """Rows are values read from the store: a caller changing one would change nothing stored."""
    for name, cls in vars(rows_module).items():
        if isinstance(cls, type) and is_dataclass(cls) and cls.__module__ == rows_module.__name__:
            assert cls.__dataclass_params__.frozen, name  # type: ignore[attr-defined]


def test_queue_rows_and_decisions_read_back_by_name(tmp_path: Any) -> None:
    """What is stored comes back field by field, and the wire form of an undo is the stored decision's."""
    store = Store(tmp_path / "s.db")
    try:
        store.add_decision(Decision("s1", "q1", ["2"], "Lan", "2023-11-20T08:00:00+07:00"), session="a")
        items = [QueueItem("s1|q1", ItemKind.question, "s1", "q1", "KD", 0.25, False, {"title": "Câu 1"}),
                 QueueItem("s1|_unit", ItemKind.unit, "s1", "_unit", None, 0.0, True, {"title": "Đơn vị"})]
        store.review_replace([ReviewSheetRow("s1", "Phiếu 1", "KD", "needs_review", "[]")], items,
                             Generation("1:1", "1:0:0"))
        assert store.review_stored_generation() == Generation("1:1", "1:0:0")
        got = store.review_item("s1|q1")
        assert got == QueueItem("s1|q1", ItemKind.question, "s1", "q1", "KD", 0.25, False, {"title": "Câu 1"})
        with pytest.raises(FrozenInstanceError):
            got.key = "q2"  # type: ignore[misc]
        assert [it.id for it in store.review_open_items()] == ["s1|q1", "s1|_unit"]  # deferred last
        counts = store.review_counts()
        assert (counts.open, counts.deferred, counts.done) == (1, 1, 1)
        assert counts.to_json()["by_unit"] == {"KD": {"open": 1, "done": 1}}
        assert [d.value for d in store.review_settled()] == [["2"]]
        undone = store.undo_last("a")
        assert undone is not None and undone.to_json() == {"id": 1, "sheet_id": "s1", "key": "q1", "value": ["2"]}
        [row] = store.trail()
        assert [f.name for f in fields(row)][:4] == ["id", "sheet_id", "key", "value"]
        assert (row.value, row.undone_at is not None) == ('["2"]', True)
    finally:
        store.close()
