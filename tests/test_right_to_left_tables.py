"""Issue 22: on a right-to-left form the tables are mirrored too. A grid's row labels stand on the right and its
first option's column next to them; a roster's member number is on the right and its first column by it; a number's
digit grid stands against the right margin with its 0-9 on the right, but its columns keep the most significant
digit on the left, as Arabic writes a number's digits. The template carries the millimetres, so the reading follows:
filled scans are read back with no silent error."""

import pytest

from benchmarks.realforms import cli, print_faults, run_form
from scanner.layout_geometry import BOX, GRID_LABEL_W, PAGE_W, RIGHT, WIDTH
from scanner.template import load_template
from tests.test_way_in import form

EN, AR = "label::English (en)", "label::Arabic (ar)"
SURVEY = [
    {"type": "begin_group", "name": "views", EN: "How satisfied are you with", AR: "ما مدى رضاك عن",
     "appearance": "table-list"},
    {"type": "select_one sat", "name": "water", EN: "the water", AR: "المياه"},
    {"type": "select_one sat", "name": "roads", EN: "the roads", AR: "الطرق"},
    {"type": "end_group", "name": "views"},
    {"type": "integer", "name": "age", EN: "How old are you?", AR: "كم عمرك؟", "digits": 3},
    {"type": "begin_repeat", "name": "member", EN: "Household members", AR: "أفراد الأسرة", "repeat_count": "3"},
    {"type": "select_one sex", "name": "sex", EN: "Sex", AR: "الجنس"},
    {"type": "text", "name": "who", EN: "Name", AR: "الاسم"},
    {"type": "end_repeat", "name": "member"},
]
CHOICES = [{"list_name": "sat", "name": str(k), EN: en, AR: ar}
           for k, (en, ar) in enumerate([("Good", "جيد"), ("Fair", "مقبول"), ("Poor", "سيئ")], 1)]
CHOICES += [{"list_name": "sex", "name": "m", EN: "Male", AR: "ذكر"}, {"list_name": "sex", "name": "f", EN: "Female", AR: "أنثى"}]


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rtl_tables")
    xlsx = form(tmp / "tables.xlsx", SURVEY, CHOICES, {"form_title": "Survey", "form_id": "rtl_tables", "version": "1"})
    out = {}
    for lang in ("en", "ar"):
        code, said, err = cli(["build", str(xlsx), "--out", str(tmp / f"{lang}.json"), "--lang", lang])
        assert code == 0, err
        out[lang] = load_template(tmp / f"{lang}.json")
    assert out["ar"].right_to_left and not out["en"].right_to_left
    return xlsx, out["en"], out["ar"], tmp


def test_a_grid_is_mirrored(bilingual):
    _, en, ar, _ = bilingual
    assert print_faults(ar) == []
    for row in ("water", "roads"):
        ltr, rtl = en.question(row), ar.question(row)
        xs = [o.box.x for o in rtl.options]
        # the same table reflected about the page's centre: the first option's column nearest the row labels
        assert xs == pytest.approx([PAGE_W - o.box.x - BOX for o in ltr.options])
        assert xs == sorted(xs, reverse=True)
        colw = (WIDTH - GRID_LABEL_W) / 3
        assert xs[0] + BOX / 2 == pytest.approx(RIGHT - GRID_LABEL_W - colw / 2, abs=0.01)
        label = [t for t in ar.texts if t.page == rtl.page and t.text.endswith(rtl.text)]
        assert label and all(t.align == "right" and t.x == pytest.approx(RIGHT) for t in label), label
    heads = {t.text: t.x for t in ar.texts if t.text in ("جيد", "مقبول", "سيئ")}
    assert heads["جيد"] > heads["مقبول"] > heads["سيئ"]  # the headings over their columns, right to left


def test_a_roster_table_is_mirrored(bilingual):
    _, en, ar, _ = bilingual
    for n in (1, 2, 3):
        sex, who = ar.question(f"sex[{n}]"), ar.question(f"who[{n}]")
        male, female = (o.box.x for o in sex.options)
        # member number rightmost, then Sex (Male right of Female), then the name's write-in cell on the left
        assert male > female > who.area.x + who.area.w - 0.01
        number = [t for t in ar.texts if t.page == sex.page and t.text == str(n) and abs(t.y - sex.options[0].box.y - 3.8) < 1]
        assert number and number[0].x > male + BOX, number
        ltr = en.question(f"sex[{n}]")
        assert [o.box.x for o in ltr.options] == sorted(o.box.x for o in ltr.options)  # English: left to right


def _columns(q):
    """A digit grid's columns of bubbles 0-9, in the order the number's digits are read (most significant first)."""
    return [[o.box for o in q.options[c * 10:(c + 1) * 10]] for c in range(q.digits)]


def test_a_digit_grid_stands_right_and_reads_left_to_right(bilingual):
    _, en, ar, _ = bilingual
    ltr, rtl = en.question("age"), ar.question("age")
    assert rtl.digits == 3
    cols = [c[0].x for c in _columns(rtl)]
    # hundreds, tens, units from left to right, as the number is written, the block against the right margin
    assert cols == sorted(cols) and cols == pytest.approx([PAGE_W - _columns(ltr)[-1][0].x - BOX + (c[0].x - _columns(ltr)[0][0].x)
                                                           for c in _columns(ltr)])
    assert [c.x for c in rtl.comb] == sorted(c.x for c in rtl.comb)
    zero_to_nine = [t for t in ar.texts if t.page == rtl.page and t.text in "0123456789" and len(t.text) == 1
                    and _columns(rtl)[0][0].y - 1 < t.y < _columns(rtl)[0][-1].y + 6]
    assert len(zero_to_nine) == 10 and all(t.align == "left" and t.x > cols[-1] + BOX for t in zero_to_nine)
    assert max(t.x for t in zero_to_nine) < RIGHT


def test_a_mirrored_form_prints_and_is_read_back(bilingual, tmp_path):
    """Printed with no overlap, cut text or missing letter; filled scans generated from the template read back
    with no silent error, the grid, the roster and the digits included."""
    xlsx, _, _, _ = bilingual
    result = run_form(xlsx, tmp_path, sheets=3, seed=11, lang="ar")
    assert result.passed and result.printed and result.read, " || ".join(result.failures)
    assert not result.print_faults and result.silent == 0 and result.questions_read == 3 * (2 + 1 + 3)  # rows, age, sex ×3
