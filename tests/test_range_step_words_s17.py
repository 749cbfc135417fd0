"""A range with a step is checked by a `mod` term (`. >= 0 and . <= 100 and . mod 5 = 0`, scanner.xlsform_items);
the reviewer and the validation read it in words, not as the expression."""

from __future__ import annotations

from test_forms_trial_s15 import xlsform
from test_real_forms_s17 import SETTINGS, YN, _build

from scanner.logic.wording import constraint_said, constraint_words, logic_reason
from scanner.vocab import ReviewReason


def test_a_range_with_a_step_is_worded_with_its_multiple(tmp_path):
    ranges = {"fives": (0, 100, 5), "from10": (10, 100, 5), "ones": (0, 100, 1)}
    survey = [{"type": "range", "name": n, "label": f"How many {n}?", "parameters": f"start={a} end={b} step={c}"}
              for n, (a, b, c) in ranges.items()]
    t, _ = _build(xlsform(tmp_path / "r.xlsx", survey, YN, SETTINGS), tmp_path / "r.json")
    assert constraint_said(t, "fives") == "phải từ 0 đến 100 và là bội số của 5"
    assert constraint_said(t, "from10") == "phải từ 10 đến 100 và theo bước 5 tính từ 10"
    assert constraint_said(t, "ones") == "phải từ 0 đến 100"
    reason = logic_reason(t, "fives", ReviewReason.constraint_broken)
    assert "mod" not in reason and "bội số của 5" in reason


def test_a_step_alone_or_beside_what_words_cannot_say():
    assert constraint_words(". mod 5 = 0") == "phải là bội số của 5"
    assert constraint_words(". > 2 and . mod 2.5 = 0") == "phải lớn hơn 2 và là bội số của 2,5"
    kept = [". >= 0 and ${x} > 1 and . mod 5 = 0", ". mod 5 = 0 and . mod 3 = 0", ". mod 5 = 1", ". mod 0 = 0"]
    for c in kept:  # nothing said on a guess: the expression as the form wrote it
        assert constraint_words(c) == c
