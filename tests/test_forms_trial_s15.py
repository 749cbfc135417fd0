"""What session 14's trials left (issue #22; docs/forms_trial_s14.md, docs/forms_trial_s14_vi.md): a label's own
paragraph breaks, a `${calculate}` inside a label, a question's own lone letter, `${field}` in the Google Form's
titles, a roster's written date that is no date. Every truth is worked out from the form's own words."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from benchmarks.realforms import cli, print_faults
from scanner.phrases import phrase
from scanner.review.words import question_title
from scanner.template import load_template


def xlsform(path: Path, survey: list[dict], choices: list[tuple[str, str, str]], settings: dict) -> Path:
    """A workbook with the columns the rows use (hint, calculation … as a form writes them)."""
    columns = list(dict.fromkeys(k for row in survey for k in row))
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(columns)
    for row in survey:
        ws.append([row.get(c) for c in columns])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label"])
    for c in choices:
        ch.append(list(c))
    st = wb.create_sheet("settings")
    st.append(list(settings))
    st.append(list(settings.values()))
    wb.save(path)
    return path


def build(path: Path, out: Path):
    code, said, err = cli(["build", str(path), "--out", str(out)])
    assert code == 0, (said, err)
    return load_template(out)


HEAD, FIRST, SECOND = "Explanation", "Use this template to record every visit the office makes to a household.", \
    "Write one line for each visit."
HINT = ("The crop that brings the household the most money.", "Ask the head of household.")
CROPS = [("crop", "rice", "Rice"), ("crop", "maize", "Maize"), ("crop", "other", "Other")]


def _lines(template, *starts: str):
    """The printed lines that begin with each of these words, in order (page, baseline)."""
    out = []
    for s in starts:
        found = [t for t in template.texts if t.text.startswith(s)]
        assert len(found) == 1, (s, [t.text for t in template.texts])
        out.append(found[0])
    return out


def test_a_labels_paragraph_and_line_breaks_print_and_go_online(tmp_path):
    """IPA's "date allows don't know" note is `<b>Explanation</b>\\n\\nUse this template…`: printed as one paragraph
    "Explanation Use this template…". A paragraph break now prints as an empty line, a single line break starts a
    new line (as Enketo and ODK Collect show them), in notes and hints alike; the layout counts those lines, so
    nothing overlaps. The Google Form's note is titled by its first line, the rest its help text, breaks kept."""
    survey = [{"type": "note", "name": "intro", "label": f"<b>{HEAD}</b>\n\n{FIRST}\n{SECOND}"},
              {"type": "select_one crop", "name": "crop", "label": "Main crop", "hint": f"{HINT[0]}\n\n{HINT[1]}"},
              {"type": "text", "name": "why", "label": "Why this crop?\nGive the main reason."}]
    t = build(xlsform(tmp_path / "f.xlsx", survey, CROPS, {"form_title": "Visits", "form_id": "v"}), tmp_path / "t.json")
    head, first, second = _lines(t, HEAD, FIRST, SECOND)
    pitch = second.y - first.y  # the note's own line pitch: a single break is one line down
    assert pitch > 0 and first.page == head.page == second.page
    assert first.y - head.y == pytest.approx(2 * pitch, abs=0.05)  # a paragraph break: one empty line between
    assert [x.text for x in (head, first, second)] == [HEAD, FIRST, SECOND]  # whole lines, none run together
    hint0, hint1 = _lines(t, *HINT)
    assert hint1.y - hint0.y > 1.5 * (hint0.y - _lines(t, "Question 1.")[0].y)  # the hint's paragraph break
    assert print_faults(t) == []
    (note,) = [e for e in t.online["extras"] if e["kind"] == "note"]
    assert (note["title"], note["help"]) == (HEAD, f"{FIRST}\n{SECOND}")
    assert t.online["hints"]["crop"] == f"{HINT[0]}\n\n{HINT[1]}"
    assert t.question("crop").online_title == "Main crop"  # a title stays one line: it is the download's column
    # the review page names a question as the sheet prints it, its line break kept (the page keeps it too)
    assert question_title(t, "why").endswith("Why this crop?\nGive the main reason.")
    assert t.question("why").text == "Why this crop? Give the main reason." and t.question("why").online_title == t.question("why").text
    code, _, err = cli(["--template", str(tmp_path / "t.json"), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    script = (tmp_path / "form.gs").read_text(encoding="utf-8")
    assert f".setTitle({json.dumps(HEAD, ensure_ascii=False)}).setHelpText({json.dumps(note['help'], ensure_ascii=False)})" \
        in script


def _fields_form(tmp_path: Path) -> Path:
    survey = [{"type": "select_one crop", "name": "crop", "label": "Main crop"},
              {"type": "text", "name": "crop_other", "label": "Which other crop?", "relevant": "${crop} = 'other'"},
              # what HEDERA's and Haryana's forms do: the chosen crop's name, or what was written for "other"
              {"type": "calculate", "name": "crop_name", "label": "[CALC] name of the crop",
               "calculation": "if(${crop} = 'other', ${crop_other}, jr:choice-name(${crop}, '${crop}'))"},
              {"type": "integer", "name": "sold", "label": "Kilograms of ${crop_name} sold"},
              {"type": "integer", "name": "price", "label": "Price of one kilogram of the ${crop}",
               "hint": "As sold at the market where ${crop} is sold."}]
    return xlsform(tmp_path / "c.xlsx", survey, CROPS, {"form_title": "Crops", "form_id": "c"})


def test_a_calculate_in_a_label_is_a_blank_on_paper_and_online_never_its_own_label(tmp_path):
    """The decision for `${calc}` inside a longer label (scanner/label_marks.py says why): a blank to write in, on
    paper and on the Google Form, where `${field}` of a question is that question ("Question 1" on paper, its
    title online); a calculate's own label ("[CALC] …", a developer's note in every stored form) never prints.
    (A guard: main already printed the blank; citing the question a calculate passes on was tried and made
    UNHCR's household survey grow from 228 to 366 pages, past what is printed.)"""
    t = build(_fields_form(tmp_path), tmp_path / "t.json")
    blank = phrase("en", "blank_ref")
    assert t.question("sold").text == f"Kilograms of {blank} sold"
    assert t.question("sold").online_title == f"Kilograms of {blank} sold"
    crop = phrase("en", "question", n=t.question("crop").number)  # the answer it stands for (t21)
    assert t.question("price").text == f"Price of one kilogram of the (answer to {crop})"
    assert not [x.text for x in t.texts if "[CALC]" in x.text or "name of the crop" in x.text]


def test_a_field_in_a_google_form_title_or_help_is_named_by_its_title(tmp_path):
    """A Google Form numbers nothing, yet a question's title said "Price of one kilogram of the Question 1" (a
    note's field is a blank since t14v, conditions cite titles): a title and a help text now name the question
    by its title, quoted, as the conditions do. The title printed before stays an alias, so a form already
    made from it still imports."""
    t = build(_fields_form(tmp_path), tmp_path / "t.json")
    crop, price = t.question("crop"), t.question("price")
    assert price.online_title == f"Price of one kilogram of the “{crop.online_title}”"
    number = phrase("en", "question", n=crop.number)  # the printed words, and as printed before session 21
    assert set(price.online_aliases) == {f"Price of one kilogram of the {number}", price.text}
    assert t.online["hints"]["price"] == f"As sold at the market where “{crop.online_title}” is sold."
    assert crop.online_aliases == ()  # a title with no field is as printed
    code, _, err = cli(["--template", str(tmp_path / "t.json"), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    assert json.dumps(price.online_title, ensure_ascii=False) in (tmp_path / "form.gs").read_text("utf-8")


def _lettered(tmp_path: Path, name: str, heads: tuple[str, str], questions: tuple[str, ...]):
    survey = [{"type": "begin_group", "name": "ga", "label": heads[0]},
              {"type": "select_one yn", "name": "q1", "label": "Does anyone in the household farm?"},
              {"type": "end_group", "name": "ga"},
              {"type": "begin_group", "name": "gb", "label": heads[1]}]
    survey += [{"type": "select_one yn", "name": f"l{k}", "label": lab} for k, lab in enumerate(questions)]
    survey += [{"type": "end_group", "name": "gb"}]
    return build(xlsform(tmp_path / f"{name}.xlsx", survey, [("yn", "1", "Yes"), ("yn", "2", "No")],
                         {"form_title": "Lettered", "form_id": name}), tmp_path / f"{name}.json")


@pytest.mark.parametrize(("heads", "questions"), [
    (("A. HOUSEHOLD", "B. LIVING"), ("C. Does the household have electricity?", "D. Does it have piped water?")),
    (("I. HOUSEHOLD", "II. LIVING"), ("III. Does the household have electricity?",)),
])
def test_a_question_lettered_as_the_forms_parts_are_keeps_its_letter(tmp_path, heads, questions):
    """"C. Hộ có …" after parts A and B printed "Câu 8. C. …". Where the form's lettered parts and questions run
    A, B, C … (or I, II, III …), a question's letter is its printed number, as a roster's already was."""
    t = _lettered(tmp_path, "run", heads, questions)
    for k, label in enumerate(questions):
        letter, words = label.split(". ", 1)
        assert (t.question(f"l{k}").number, t.question(f"l{k}").text) == (letter, words)
        assert len(_lines(t, f"{letter}. {words}")) == 1  # printed as written, no "Question n." before it
    assert t.question("q1").number == "1"


@pytest.mark.parametrize("label", ["A. Smith is the head of this household: is that right?",
                                   "C. Does the household have electricity?", "a) Does the household farm?"])
def test_a_lone_letter_that_is_no_part_of_a_lettered_run_stays_words(tmp_path, label):
    """A sentence that starts with a capital and a stop, a letter out of the form's order (C after parts A and
    "Living"), or a lower-case "a)" is the label's words: the question is numbered and the letter kept."""
    t = _lettered(tmp_path, "words", ("A. HOUSEHOLD", "LIVING"), (label,))
    assert (t.question("l0").number, t.question("l0").text) == ("2", label)


def _roster_dates(tmp_path: Path):
    survey = [{"type": "integer", "name": "size", "label": "Household size"},
              {"type": "begin_repeat", "name": "m", "label": "Members", "rows": "2"},
              {"type": "text", "name": "mname", "label": "Name"},
              {"type": "date", "name": "moved", "label": "Month and year moved in", "appearance": "month-year"},
              {"type": "end_repeat", "name": "m"}]
    return build(xlsform(tmp_path / "r.xlsx", survey, [], {"form_title": "Household", "form_id": "hh"}),
                 tmp_path / "r.json")


def test_a_roster_date_that_is_no_date_is_settled_by_a_person(tmp_path):
    """A roster's written date that does not fit its column ("2024" where month and year are asked) was kept as
    written and exported as "awaiting review", yet no review item awaited it, and the record was counted. Online
    it sends the response to review (as a question's misfit date does), the flagged field shown to the reviewer,
    who must type a month and year; a transcription of a paper cell saying so is refused the same way."""
    import csv
    import io
    import zipfile

    from online_forms import online

    from scanner.cli import main
    from scanner.kinds.registry import not_understood
    from scanner.review.online import online_items, validate_online
    from scanner.review.queue import Item, validate_value
    from scanner.store import Store
    from scanner.vocab import ItemKind

    t = _roster_dates(tmp_path)
    column = next(c for c in t.rosters["m"].columns if c.id == "moved")
    cell = t.question("moved[1]")
    said = not_understood(column.holds, "2024", column.digits)  # what a question's month-year misfit is told
    # an ODK Central download: the roster's rows in their own CSV, by submission
    rows = [["SubmissionDate", "size", "meta-instanceID", "KEY"]]
    members = [["mname", "moved", "PARENT_KEY", "KEY"]]
    for i, moved in enumerate(("03/2024", "2024")):
        key = f"uuid:{i}000000-0000-4000-8000-000000000000"
        rows.append([f"2026-12-0{i + 1}T08:00:00.000Z", "1", key, key])
        members.append([f"Member {i}", moved, key, f"{key}/m[1]"])
    zipped = tmp_path / "hh.csv.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        for name, table in (("HH.csv", rows), ("HH-m.csv", members)):
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(table)
            z.writestr(name, out.getvalue())
    db = tmp_path / "o.db"
    assert main(["--template", str(tmp_path / "r.json"), "import-online", str(zipped), "--db", str(db)]) == 0
    from scanner.plan import load_plan

    plan = load_plan()
    fits, misfit = sorted(online(db, t, plan), key=lambda r: r.answers["mname[1]"])
    assert fits.answers[cell.id] == "03/2024" and not [p for p in fits.problems if cell.id in p]
    assert [p for p in misfit.problems if cell.id in p and said in p]  # the response waits for a person
    store = Store(db)
    try:
        (row,) = [i for i in online_items(store, t, plan) if i.sheet_id == misfit.record_id]
    finally:
        store.close()
    (field,) = [f for f in row.extra["fields"] if f["id"] == cell.id]
    assert field["flagged"] and field["raw"] == "2024"
    with pytest.raises(ValueError, match="tháng/năm"):  # the reviewer types what the column holds, nothing else
        validate_online(ItemKind.online_row, {"answers": {cell.id: "2024"}}, row.extra, set(), set())
    assert validate_online(ItemKind.online_row, {"answers": {cell.id: "05/2024"}}, row.extra, set(),
                           set())["answers"] == {cell.id: "05/2024"}
    # on paper the cell is transcribed: a transcription that is no month and year is refused the same way
    paper = Item("s|moved[1]", ItemKind.text, "s", cell.id, None, "p", cell.text)
    with pytest.raises(ValueError, match="tháng/năm"):
        validate_value(paper, "2024", set(), template=t)
    assert validate_value(paper, "03/2024", set(), template=t) == "03/2024"
    assert validate_value(Item("s|mname[1]", ItemKind.text, "s", "mname[1]", None, "p", ""), "2024", set(),
                          template=t) == "2024"  # a column of words takes any words


def _persian(tmp_path: Path, column: str) -> Path:
    survey = [{"type": "integer", "name": "kids", "constraint": ". <= 20", column: "چند کودک زیر پنج سال در خانه شما زندگی می‌کنند؟"},
              {"type": "select_one yn", "name": "school", column: "آیا کودکان به مدرسه می‌روند؟"}]
    return xlsform(tmp_path / f"{column.replace(':', '_')}.xlsx", survey, [("yn", "1", "بله"), ("yn", "2", "خیر")],
                   {"form_title": "خانوار", "form_id": "fa_hh", "version": "1"})


def _beside_bubbles(t, qid: str) -> list[str]:
    """The ten texts printed on the rows of a digit grid's first column (0 … 9 down the column)."""
    column = t.question(qid).options[:10]
    return [next(x.text for x in t.texts if x.page == t.question(qid).page and abs(x.y - (o.box.y + o.box.h - 1.2)) < 0.5
                 and len(x.text) == 1) for o in column]


@pytest.mark.slow  # two sheets printed and read back: about 10 CPU s
def test_a_persian_form_prints_persian_digits_and_reads_them_back(tmp_path, corpus_kept):
    """A grid's digits were printed 0–9 on a Persian form. Where the label column names Persian, they are ۰–۹ as
    its readers write numbers (the bubble's place still says the digit: filled scans read back with no silent
    error); an Arabic form, or Persian words in a plain label column, keep 0–9."""
    from benchmarks.realforms import run_form

    persian = _persian(tmp_path, "label::Persian (fa)")
    t = build(persian, tmp_path / "fa.json")
    assert _beside_bubbles(t, "kids") == list("۰۱۲۳۴۵۶۷۸۹") and print_faults(t) == []
    result = run_form(persian, tmp_path / "read", sheets=2, seed=3, keep=functools.partial(corpus_kept, "persian 2 3"))
    assert result.passed and result.silent == 0 and result.questions_read >= 2, result.failures
    for column in ("label::Arabic (ar)", "label"):
        kept = build(_persian(tmp_path, column), tmp_path / f"{column[-3:]}.json")
        assert kept.right_to_left and _beside_bubbles(kept, "kids") == list("0123456789")
