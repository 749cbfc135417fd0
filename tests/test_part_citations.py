"""Issue 22: a printed condition that cites "Câu 2" is ambiguous on a form whose numbering restarts in each part
(the labels carry their own numbers, starting again at 1 in every PHẦN); there a number printed in two parts is cited
with its part, "Câu 1 (Phần B)", "Question 1 (Part B)" — in the skip instruction under a question and in a `${field}`
inside a label. A number printed once is cited as before."""

import pytest

from benchmarks.realforms import cli
from scanner.part_names import cited_parts, part_label
from scanner.template import load_template
from tests.test_way_in import form

YN = {"vi": [("yes", "Có"), ("no", "Không")], "en": [("yes", "Yes"), ("no", "No")]}
WORDS = {"vi": ("PHẦN A. Thông tin chung", "PHẦN B. Vay vốn", "Hộ có người dưới 6 tuổi không?", "Có đi khám không?",
                "Hộ có vay vốn không?", "Vay từ đâu?", "Số tiền vay theo ${b1}"),
         "en": ("Part A: General", "Part B: Loans", "Is there a child under 6?", "Was the child seen by a doctor?",
                "Has the household borrowed money?", "From whom?", "Amount borrowed, see ${b1}")}


def survey(lang: str, own_numbers: bool) -> list[dict]:
    a, b, a1, a2, b1, b2, b3 = WORDS[lang]
    n = (lambda k, s: f"{k}. {s}") if own_numbers else (lambda k, s: s)
    return [{"type": "begin_group", "name": "pa", "label": a},
            {"type": "select_one yn", "name": "a1", "label": n(1, a1)},
            {"type": "select_one yn", "name": "a2", "label": n(2, a2), "relevant": "${a1} = 'yes'"},
            {"type": "end_group", "name": "pa"},
            {"type": "begin_group", "name": "pb", "label": b},
            {"type": "select_one yn", "name": "b1", "label": n(1, b1)},
            {"type": "select_one yn", "name": "b2", "label": n(2, b2), "relevant": "${b1} = 'yes'"},
            {"type": "text", "name": "b3", "label": n(3, b3)},
            {"type": "end_group", "name": "pb"}]


def printed(tmp_path, lang: str, own_numbers: bool) -> str:
    choices = [{"list_name": "yn", "name": k, "label": v} for k, v in YN[lang]]
    title = "PHIẾU KHẢO SÁT" if lang == "vi" else "Household survey"
    xlsx = form(tmp_path / f"{lang}{own_numbers}.xlsx", survey(lang, own_numbers), choices,
                {"form_title": title, "form_id": "parts", "version": "1"})
    tpl = tmp_path / f"{lang}{own_numbers}.json"
    code, out, err = cli(["build", str(xlsx), "--out", str(tpl)])
    assert code == 0, err
    return "\n".join(t.text for t in load_template(tpl).texts)


@pytest.mark.parametrize(("lang", "a1", "b1", "q"), [("vi", "Câu 1 (Phần A)", "Câu 1 (Phần B)", "Câu"),
                                                     ("en", "Question 1 (Part A)", "Question 1 (Part B)", "Question")])
def test_a_form_numbered_afresh_in_each_part_cites_the_part(tmp_path, lang, a1, b1, q):
    text = printed(tmp_path, lang, own_numbers=True)
    said = [ln for ln in text.splitlines() if f"{q} 1" in ln and "(" in ln]
    assert any(a1 in ln for ln in said) and any(b1 in ln for ln in said), said  # each condition names its part
    amount, answer = ("Số tiền vay theo", "câu trả lời ở") if lang == "vi" else ("Amount borrowed, see", "answer to")
    part = b1.split(" (")[1].rstrip(")")
    assert f"{amount} ({answer} {q} 1, {part})" in text  # ${b1} in a label too: the answer it stands for (t21)
    through = printed(tmp_path, lang, own_numbers=False)  # numbered 1..5 through the form: no part needed
    assert f"{q} 1" in through and f"{q} 3" in through and "(Phần" not in through and "(Part" not in through
    assert f"{amount} ({answer} {q} 3)" in through


def test_a_part_is_named_by_its_own_letter_or_number_else_its_short_heading_else_its_place():
    long = "Thông tin về điều kiện sống và nhà ở của hộ gia đình"
    assert [part_label(t, 4, "vi") for t in ("PHẦN B. Thu nhập", "Phần II: Y tế", "Section 3 – Income", "C. Nhà ở",
                                             "Thông tin chung", long)] == [
        "Phần B", "Phần II", "Phần 3", "Phần C", "Thông tin chung", "Phần 4"]
    assert part_label("Partie 2 : Revenus", 1, "fr") == "Partie 2"
    # "A1", "B1": numbers that carry their part do not restart, so nothing more is cited
    assert cited_parts([("A", [("x", "A1")]), ("B", [("y", "B1")])], "en") == {}
    assert cited_parts([("PHẦN A", [("x", "1"), ("w", "2")]), ("PHẦN B", [("y", "1"), ("z", "")])], "vi") == {
        "x": "Phần A", "y": "Phần B"}  # "2" is printed once: cited as it is
    # questions before the first heading have no part to name; the titled parts are counted from there
    assert cited_parts([("", [("a", "1")]), ("Household", [("b", "1")]), (long, [("c", "1")])], "en") == {
        "b": "Household", "c": "Part 2"}
