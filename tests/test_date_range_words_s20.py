"""A date question's range in words (the s20 review trial): the reviewer read the expression
`. >= '2023-11-08' and . <= '2023-11-15'` when a typed date broke it; and a day the calendar has not is said so."""

from __future__ import annotations

from scanner.kinds import Kind
from scanner.kinds.registry import not_understood
from scanner.logic.wording import constraint_said, constraint_words


def test_a_date_range_is_said_with_days_as_viet_nam_writes_them():
    assert constraint_words(". >= '2023-11-08' and . <= '2023-11-15'") == "phải từ 08/11/2023 đến 15/11/2023"
    assert constraint_words(". >= date('2023-11-08')") == "sớm nhất là ngày 08/11/2023"
    assert constraint_words(". <= '2023-11-15'") == "muộn nhất là ngày 15/11/2023"
    assert constraint_words(". > '2023-01-01' and . < '2024-01-01'") == "phải sau ngày 01/01/2023 và phải trước ngày 01/01/2024"
    assert constraint_words(". >= '2023-11-08' and . <= today()") == ". >= '2023-11-08' and . <= today()"  # not a range
    assert constraint_words(". >= 18 and . <= 80") == "phải từ 18 đến 80"


def test_the_bundled_forms_date_question_reads_its_range_in_words(template):
    dated = [q for q in template.questions if q.type == Kind.date and q.constraint]
    assert dated
    for q in dated:
        said = constraint_said(template, q.id)
        assert ". >=" not in said and ". <=" not in said, said


def test_a_day_the_calendar_has_not_is_said_so_not_called_unreadable():
    """31/04/2026 was "không đọc được là ngày tháng", as if it were no date at all."""
    assert not_understood(Kind.date, "31/04/2026") == \
        '"31/04/2026": tháng 4/2026 không có ngày 31 (chỉ có 30 ngày); ghi một ngày có thật, ngày/tháng/năm'
    assert not_understood(Kind.date, "29/02/2023").startswith('"29/02/2023": tháng 2/2023 không có ngày 29 (chỉ có 28')
    assert not_understood(Kind.date, "40/13/2023") == '"40/13/2023": không có tháng 13; ghi một ngày có thật, ngày/tháng/năm'
    assert "không đọc được là ngày tháng" in not_understood(Kind.date, "12/13/2023")  # a day read month first: no claim
    assert "không đọc được là ngày tháng" in not_understood(Kind.date, "x")
