"""Real XLSForms written by others (tests/data/xlsforms, sources in its README) through the whole paper path.

Each form must build, pass `template check`, print without text overlapping text or a box, running off the
page or using characters the font lacks, and be read back from generated filled scans with 0 silent errors
(benchmarks/realforms.py does the work; `python -m benchmarks.realforms` prints the same as a table).

A form that does not pass yet is marked xfail(strict=True) with what stops it and whose branch of issue #22
mends it; when the mend lands, the test fails with XPASS: remove the form from NOT_YET then.
"""

from __future__ import annotations

import dataclasses
import functools
import json

import pytest

from benchmarks.realforms import DEFAULT_FORMS, forms_in, print_faults, run_form
from scanner.kinds import Kind
from scanner.template import load_template, parse_template

SHEETS = 1  # a filled sheet per form keeps this file fast; the benchmark runs more
READ_PAGES_MAX = 12  # a longer booklet is built and printed here, read by the benchmark and LONG_BOOKLETS below

# What still stops a form, the first problem first, with its owner; `python -m benchmarks.realforms_causes`
# lists every refusal. Owners: i22-in (types, languages, labels, survey codes), i22-logic (relevant and
# constraint), i22-structure (nested groups, repeat, choice_filter, one-option selects, pages).
NOT_YET: dict[str, str] = {}  # every form passes (booklets, nested groups, rosters and cascades print)

FORMS = forms_in(DEFAULT_FORMS)
# booklets past READ_PAGES_MAX that test_real_xlsforms_more.py builds, checks, prints and reads back whole (the longest
# the set reads in minutes, and one with many marked questions): the sweep below leaves them to that test, which
# asserts all it would (built, checked, printed without a fault) and reads them too (issue 26: each was built and
# printed twice)
LONG_BOOKLETS = ("belendia_llin_facility_survey.xls",  # 32 pages: a bed-net facility survey (Ethiopia)
                 "opengisch_survey_flooding_rapid_assessment.xlsx")  # 14 pages, about fifty marked questions


def test_the_set_is_real_and_documented():
    readme = (DEFAULT_FORMS / "README.md").read_text(encoding="utf-8")
    assert len(FORMS) >= 15
    for f in FORMS:
        assert f"| {f.name} |" in readme, f"{f.name} has no row in tests/data/xlsforms/README.md"
    assert set(NOT_YET) <= {f.name for f in FORMS}, "NOT_YET names a form that is not in the folder"
    assert set(LONG_BOOKLETS) <= {f.name for f in FORMS}, "LONG_BOOKLETS names a form that is not in the folder"
    assert sum(f.stat().st_size for f in FORMS) < 8_000_000 and all(f.stat().st_size < 1_000_000 for f in FORMS)


def form_params(forms: list) -> list:
    """The forms as test parameters, each named by its file and expected to fail while NOT_YET names it; the
    LONG_BOOKLETS are left to their own test."""
    forms = [f for f in forms if f.name not in LONG_BOOKLETS]
    return [pytest.param(f, id=f.stem, marks=[pytest.mark.xfail(strict=True, reason=NOT_YET[f.name] + " — if "
                                                                "this now passes, remove the form from NOT_YET")]
                         if f.name in NOT_YET else []) for f in forms]


def check_form(form, tmp_path, corpus_kept):
    """A form's filled scans are generated once and kept between runs while the form's template and the code stay
    the same (conftest.corpus_kept: the same bytes the generator would write again); build, check, print and the
    reading of those scans run every time (issue 26)."""
    keep = functools.partial(corpus_kept, f"realform {form.name} {SHEETS} 3")
    result = run_form(form, tmp_path, sheets=SHEETS, seed=3, read_pages_max=READ_PAGES_MAX, keep=keep)
    assert result.passed, f"{form.name}: " + " || ".join(result.failures)
    assert not result.print_faults


# Every other form here, the rest (and the long booklets read back) in test_real_xlsforms_more.py: a test file runs in one pytest worker
# (--dist loadfile), and the whole set in one file was the suite's longest (about 3 CPU minutes), so the two
# halves run side by side on two cores.
@pytest.mark.parametrize("form", form_params(FORMS[0::2]))
def test_real_form_builds_prints_and_reads(form, tmp_path, corpus_kept):
    check_form(form, tmp_path, corpus_kept)


def test_print_check_passes_the_shipped_questionnaires(template, tmp_path):
    assert print_faults(template) == []


def test_print_check_finds_a_label_moved_onto_a_box_and_off_the_page(raw_template):
    """The measuring would be worthless if it never saw a fault: move a label onto a box, one off the page."""
    template = parse_template(raw_template)
    q = template.choice_questions()[0]
    box = q.options[1].box
    label = next(t for t in template.texts if t.page == q.page and t.text == q.options[0].label)
    moved = dataclasses.replace(label, x=box.x - 1, y=box.y + box.h - 0.5)
    off = dataclasses.replace(template.texts[0], x=template.page_size[0] - 5, align="left")
    texts = tuple(moved if t is label else t for t in template.texts) + (off,)
    faults = print_faults(dataclasses.replace(template, texts=texts))
    assert any(f"text overlaps ô {q.id}/{q.options[1].id}" in f for f in faults), faults
    assert any("runs off the page" in f for f in faults), faults


def test_print_check_finds_characters_the_font_cannot_print(raw_template):
    template = parse_template(raw_template)
    first = template.texts[0]
    strange = dataclasses.replace(first, text="ᠮᠣᠩ survey", y=first.y)  # Mongolian: no font has it (Chinese, Amharic print)
    faults = print_faults(dataclasses.replace(template, texts=(strange,) + template.texts[1:]))
    assert any(f"cannot print {''.join(sorted('ᠮᠣᠩ'))!r}" in f for f in faults), json.dumps(faults, ensure_ascii=False)


def test_generator_answers_real_choice_names_one_option_selects_and_leaves_unknown_kinds_honest(tmp_path):
    """Choice names from real forms are words ('yes', 'no'), a consent select has one option, and a kind the
    generator cannot answer (a printed note: every kind is in the registry, so a template holds no unknown one) is
    left blank and said to be not generated, never judged as if answered."""
    import numpy as np

    from scanner.corpus.people import answer_sheet

    code, _, err = run_cli_build(DEFAULT_FORMS / "pyxform_yes_or_no_question.xlsx", tmp_path / "t.json")
    assert code == 0, err
    template = load_template(tmp_path / "t.json")
    q = template.choice_questions()[0]
    assert [o.id for o in q.options] == ["yes", "no"]
    one = dataclasses.replace(q, id="consent", options=q.options[:1])
    odd = dataclasses.replace(q, id="ranked", type=Kind.note)
    template = dataclasses.replace(template, questions=(q, one, odd))
    rng = np.random.default_rng(5)
    seen: set[tuple[str, ...]] = set()
    for _ in range(400):
        answers, _pen = answer_sheet(rng, template)
        assert answers["ranked"].generated is False and answers["ranked"].answer == []
        assert answers["consent"].answer in ([], ["yes"])
        order = {"yes": 0, "no": 1}
        assert answers[q.id].answer == sorted(answers[q.id].answer, key=order.__getitem__)
        seen.add(tuple(answers[q.id].answer))
    assert {("yes",), ("no",), ("yes", "no")} <= seen  # the ambiguous double mark is drawn too


def run_cli_build(form, out):
    from benchmarks.realforms import cli

    return cli(["build", str(form), "--out", str(out)])


ONLINE_ONLY = ("pyxform_calculate.xls", "pyxform_gps.xls", "pyxform_hidden.xls",  # nothing paper can carry
               "pyxform_pull_data.xlsx", "onadata_double_repeat.xlsx",  # a repeat holding only a repeat
               "cht_db_object_form.xlsx")  # CHT's contact pickers and hidden fields only (session 22)


def test_forms_with_nothing_for_paper_are_online_only_questionnaires(tmp_path):
    """pyxform's calculate.xls, gps.xls, hidden.xls and pull_data.xlsx have no question paper can carry: `build` accepts them
    and says so in one line, the template has no page, `forms` prints nothing (and does not fail), `scan`
    says there is no paper page to read; every other real form has pages."""
    for name in ONLINE_ONLY:
        tpl = tmp_path / f"{name}.json"
        code, out, err = run_cli_build(DEFAULT_FORMS / name, tpl)
        assert code == 0, err
        said = [ln for ln in out.splitlines() if "online only: no question paper can carry" in ln]
        assert len(said) == 1 and said[0].startswith(f"{tpl}: chỉ hỏi trực tuyến"), out
        assert "trang 1" not in out  # no page listing
        template = load_template(tpl)
        assert (template.pages, template.questions, template.texts, template.fiducials) == (0, (), (), ())
        assert template.on_paper is False
        from benchmarks.realforms import cli

        pdf = tmp_path / f"{name}.pdf"
        code, out, err = cli(["--template", str(tpl), "forms", "--out", str(pdf)])
        assert (code, pdf.exists()) == (0, False) and "nothing to print" in out, (out, err)
        code, out, err = cli(["--template", str(tpl), "scan", str(pdf), "--db", str(tmp_path / "s.db")])
        assert code != 0 and "no paper pages to read" in err, (out, err)
    assert len([f for f in FORMS if f.name in ONLINE_ONLY]) == len(ONLINE_ONLY)


def test_an_online_only_form_keeps_its_google_form_and_its_responses(tmp_path):
    """gps.xls's one question (the old `gps` type, a location) is a short answer on the Google Form; a download
    of two responses is imported as two records, with no problem (and no unit: its settings ask none)."""
    from benchmarks.realforms import cli, online_responses

    tpl = tmp_path / "gps.json"
    assert run_cli_build(DEFAULT_FORMS / "pyxform_gps.xls", tpl)[0] == 0
    template = load_template(tpl)
    assert [(o["name"], o["why"]) for o in json.loads(tpl.read_text(encoding="utf-8"))["online_only"]] == [
        ("location", "location")]
    code, out, err = cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    body = json.loads((tmp_path / "form.batchUpdate.json").read_text(encoding="utf-8"))
    items = [r["createItem"]["item"] for r in body["requests"] if "createItem" in r]
    gps = [i for i in items if i["title"] == "GPS"]
    assert len(gps) == 1 and "textQuestion" in gps[0]["questionItem"]["question"]
    assert online_responses(template, tmp_path / "r.csv") == 2  # timestamp, the location (no unit: none asked, s17)
    db = tmp_path / "online.db"
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db", str(db)])
    assert code == 0 and "2 mới (new)" in out and "0 có vấn đề" in out, (out, err)
    code, out, err = cli(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl", "--out",
                          str(tmp_path / "r.jsonl")])
    assert code == 0, err
    records = [json.loads(ln) for ln in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["unit"] for r in records] == [None, None]  # its settings ask no unit: none, and no problem for it
    assert all(r["channel"] == "online" and r["problems"] == [] and r["answers"] == {} for r in records)
