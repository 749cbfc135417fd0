"""What session 15 left of issue #22 (notes/s15/closing.md): a grid's or roster's own title with `${field}` in the
Google Form, HTML paragraphs in labels, a question's extra paragraphs in its Google Form title, Thai broken inside
words. Every truth is worked out from the form's own words."""

from __future__ import annotations

import json

from test_forms_trial_s15 import CROPS, build, xlsform

from benchmarks.realforms import cli, print_faults
from scanner.online.columns import norm, title_index
from scanner.online_form import export_header, form_items
from scanner.phrases import phrase
from scanner.review.words import question_title
from scanner.vocab import FormItemKind

FREQ = [("freq", "often", "Often"), ("freq", "rarely", "Rarely")]


def _cited_form(tmp_path):
    survey = [{"type": "select_one crop", "name": "crop", "label": "Main crop"},
              {"type": "begin_group", "name": "sales", "label": "How often do you sell ${crop}?",
               "appearance": "table-list"},
              {"type": "select_one freq", "name": "market", "label": "At the market"},
              {"type": "select_one freq", "name": "trader", "label": "To a trader"},
              {"type": "end_group", "name": "sales"},
              {"type": "begin_repeat", "name": "growers", "label": "People who grow ${crop}", "repeat_count": "2"},
              {"type": "text", "name": "gname", "label": "Name"},
              {"type": "integer", "name": "gage", "label": "Age"},
              {"type": "end_repeat", "name": "growers"}]
    return build(xlsform(tmp_path / "g.xlsx", survey, CROPS + FREQ, {"form_title": "Grids", "form_id": "g"}),
                 tmp_path / "t.json")


def test_a_grids_and_a_rosters_own_field_is_named_by_its_title_online(tmp_path, plan):
    """A grid's title "How often do you sell ${crop}?" went online as "How often do you sell Question 1?" (and its
    rows' download columns so), a roster's cells "People who grow Question 1 — Name [1]": a Google Form numbers
    nothing. They now name the question by its title, as a question's own title does; the titles printed before stay
    aliases, so a download of a form made earlier still imports."""
    t = _cited_form(tmp_path)
    crop = t.question("crop")
    cited, printed = f"“{crop.online_title}”", phrase("en", "question", n=crop.number)
    grid_title = f"How often do you sell {cited}?"
    for rid, row in (("market", "At the market"), ("trader", "To a trader")):
        q = t.question(rid)
        assert q.online_title == f"{grid_title} [{row}]"
        assert f"How often do you sell {printed}? [{row}]" in q.online_aliases  # a form made before session 16
    for n in (1, 2):
        for cid, col in (("gname", "Name"), ("gage", "Age")):
            q = t.question(f"{cid}[{n}]")
            assert q.online_title == f"People who grow {cited} — {col} [{n}]"
            assert f"People who grow {printed} — {col} [{n}]" in q.online_aliases
    (grid,) = [it for it in form_items(t, plan) if it.kind == FormItemKind.grid]
    assert grid.title == grid_title
    header = export_header(t, plan)
    assert not [h for h in header if printed in h]
    index = title_index(t)  # every column of the new form's download, and of the old one's, finds its question
    assert [index[norm(h)] for h in header] == ["crop", "market", "trader", "gname[1]", "gage[1]", "gname[2]",
                                                "gage[2]"]
    assert index[norm(f"How often do you sell {printed}? [To a trader]")] == "trader"
    assert index[norm(f"People who grow {printed} — Age [2]")] == "gage[2]"
    code, _, err = cli(["--template", str(tmp_path / "t.json"), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    script = (tmp_path / "form.gs").read_text("utf-8")
    assert json.dumps(grid_title, ensure_ascii=False) in script and printed not in script


P1, P2, P3 = "Which crop did you grow most this year?", "Count only the fields the household farms itself.", \
    "Do not count a kitchen garden."


def test_html_paragraphs_and_line_breaks_are_breaks_on_paper_on_the_review_page_and_online(tmp_path):
    """Enketo and ODK Collect show `<p>…</p><p>…</p>` as paragraphs and `<br>`, `<br/>` as line breaks; the labels
    printed "…this year?Count only…" (the words run together) and went online so. Now they are breaks as a newline
    and an empty line are: printed on their own lines (the layout counts them), on the review page, online."""
    survey = [{"type": "note", "name": "intro", "label": f"<p><b>{P1}</b></p><p>{P2}</p><p>{P3}</p>"},
              {"type": "select_one crop", "name": "crop", "label": f"<p>{P1}</p>\n<p>{P2}<br/>{P3}</p>",
               "hint": f"{P2}<br>{P3}"},
              {"type": "text", "name": "why", "label": f"{P2}<BR />{P3}"}]
    t = build(xlsform(tmp_path / "f.xlsx", survey, CROPS, {"form_title": "Paragraphs", "form_id": "p"}),
              tmp_path / "t.json")
    assert t.question("crop").text == f"{P1} {P2} {P3}"  # one line, never "…year?Count…"
    assert t.question("why").text == f"{P2} {P3}"
    lines = [x for x in t.texts if x.text.endswith((P1, P2, P3))]  # a question's first line after its number
    said = [next(w for w in (P1, P2, P3) if x.text.endswith(w)) for x in lines]
    assert said == [P1, P2, P3] * 2 + [P2, P3] * 2  # the note, the question, its hint, the text: whole lines
    note, crop, hint, why = lines[0:3], lines[3:6], lines[6:8], lines[8:10]
    pitch = crop[2].y - crop[1].y  # a line break: one line down
    assert pitch > 0 and crop[1].y - crop[0].y > 1.5 * pitch  # a paragraph break: an empty line between
    assert note[2].y - note[1].y > 1.5 * (hint[1].y - hint[0].y) > 0 and why[1].y > why[0].y
    assert print_faults(t) == []
    assert question_title(t, "crop").endswith(f"{P1}\n\n{P2}\n{P3}")
    assert question_title(t, "why").endswith(f"{P2}\n{P3}")
    (n,) = [e for e in t.online["extras"] if e["kind"] == "note"]
    assert (n["title"], n["help"]) == (P1, f"{P2}\n\n{P3}")
    assert t.online["hints"]["crop"] == f"{P2}\n{P3}"


def test_a_questions_extra_paragraphs_are_its_google_form_help_and_its_answers_still_import(tmp_path, plan):
    """A Google Form's title is one line (and the download's column): a question's first paragraph is its title, the
    others its help text before its own hint; its old one-line title stays an alias, so a download of a form made
    before still finds the question."""
    survey = [{"type": "select_one crop", "name": "crop", "label": f"{P1}\n\n{P2}\n{P3}", "hint": "Tick one."},
              {"type": "text", "name": "why", "label": f"Why this crop?\n\n{P3}"},
              {"type": "begin_group", "name": "sales", "label": f"How often do you sell it?\n\n{P3}",
               "appearance": "table-list"},
              {"type": "select_one freq", "name": "market", "label": "At the market"},
              {"type": "select_one freq", "name": "trader", "label": "To a trader"},
              {"type": "end_group", "name": "sales"}]
    t = build(xlsform(tmp_path / "q.xlsx", survey, CROPS + FREQ, {"form_title": "Help", "form_id": "h"}),
              tmp_path / "t.json")
    crop, why = t.question("crop"), t.question("why")
    assert (crop.online_title, crop.online_aliases) == (P1, (f"{P1} {P2} {P3}",))
    assert (why.online_title, why.online_aliases) == ("Why this crop?", (f"Why this crop? {P3}",))
    items = {it.question_ids[0]: it for it in form_items(t, plan)}
    assert (items["crop"].title, items["crop"].help) == (P1, f"{P2}\n{P3}\n\nTick one.")
    assert (items["why"].title, items["why"].help) == ("Why this crop?", P3)
    assert (items["market"].title, items["market"].help) == ("How often do you sell it?", P3)
    assert t.question("trader").online_title == "How often do you sell it? [To a trader]"
    index = title_index(t)
    header = export_header(t, plan)
    assert [index[norm(h)] for h in header] == ["crop", "why", "market", "trader"]  # (no unit: none asked, s17)
    for q in (crop, why, t.question("trader")):  # the one-line titles a form made before had
        assert index[norm(q.text if not q.group else f"{t.group_texts[q.group]} [{q.text}]")] == q.id
    code, _, err = cli(["--template", str(tmp_path / "t.json"), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    script = (tmp_path / "form.gs").read_text("utf-8")
    assert f".setTitle({json.dumps(P1, ensure_ascii=False)})" in script
    assert f"item.setHelpText({json.dumps(items['crop'].help, ensure_ascii=False)})" in script


# Thai words as a dictionary lists them ("kitchen", "house", "of", "you", "have", "members", "how many", "people" …):
# a question written as Thai is, without spaces between them
THAI_WORDS = ("ครัว", "เรือน", "ของ", "ท่าน", "มี", "สมาชิก", "กี่", "คน", "ที่", "อาศัย", "อยู่", "ใน", "บ้าน", "หลัง",
              "นี้", "เป็น", "ประจำ", "ตลอด", "ทั้ง", "ปี", "ที่", "ผ่าน", "มา") * 3  # wider than a line


def _thai_lines(tmp_path, label: str) -> list[str]:
    survey = [{"type": "select_one yn", "name": "members", "label": label},
              {"type": "select_one yn", "name": "more", "label": "มีไหม"}]
    t = build(xlsform(tmp_path / "th.xlsx", survey, [("yn", "1", "ใช่"), ("yn", "2", "ไม่ใช่")],
                      {"form_title": "แบบสอบถาม", "form_id": "th"}), tmp_path / "th.json")
    number = f"{phrase('en', 'question', n=t.question('members').number)}."
    at = next(k for k, x in enumerate(t.texts) if x.text.startswith(number))
    lines = [t.texts[at].text.removeprefix(number).strip()]
    while "".join(lines) != label.replace("\u200b", ""):  # the label's next lines, to its end
        at += 1
        lines.append(t.texts[at].text)
    assert print_faults(t) == []
    return lines


def _cuts(lines: list[str]) -> set[int]:
    """Where the lines of a text broke (its letters before each break)."""
    return {len("".join(lines[:k])) for k in range(1, len(lines))}


def _ends(words) -> set[int]:
    return {sum(len(w) for w in words[:k]) for k in range(len(words) + 1)}


def test_thai_wider_than_a_line_breaks_between_words_where_libthai_is(tmp_path):
    """Thai writes no space between words, and a question wider than its line broke between letter clusters,
    inside words. Where the machine has libthai (Debian's libthai0, as here) lines now break between words."""
    from scanner.thai_words import available

    if not available():  # the README's Windows path: no libthai, so the next test's zero-width spaces
        import pytest

        pytest.skip("no libthai on this machine")
    from scanner.fonts import wrap

    lines = _thai_lines(tmp_path, "".join(THAI_WORDS))
    assert len(lines) > 1 and lines[0]  # the first words beside the question's number, not a line of their own
    assert _cuts(lines) <= _ends(THAI_WORDS), lines
    for width in range(20, 100, 3):  # whatever the line's width
        assert _cuts(wrap("".join(THAI_WORDS), "regular", 10, width)) <= _ends(THAI_WORDS), width


def test_thai_breaks_at_its_writers_zero_width_spaces_without_libthai(tmp_path, monkeypatch):
    """Without libthai (Windows) a Thai line breaks at the zero-width spaces (U+200B) its writer put between words,
    which print as nothing; between letter clusters only inside a word wider than a line."""
    from scanner import thai_words
    from scanner.fonts import wrap

    monkeypatch.setattr(thai_words, "_breaker", lambda: None)
    lines = _thai_lines(tmp_path, "\u200b".join(THAI_WORDS))
    assert len(lines) > 1 and not any("\u200b" in x for x in lines)
    assert _cuts(lines) <= _ends(THAI_WORDS), lines
    for width in range(20, 100, 3):
        lines = wrap("\u200b".join(THAI_WORDS), "regular", 10, width)
        assert _cuts(lines) <= _ends(THAI_WORDS) and not any("\u200b" in x for x in lines), width


def test_questions_sharing_a_title_get_their_own_google_form_columns(tmp_path, plan, capsys):
    """UNHCR's weekly report asks "Description" and "Do you have any information to report in this section this
    week?" in each of its parts: the Google Form's download had six columns of one name, and the import sent all six
    answers to the last question (five questions silently lost theirs). A title shared is now told apart by the
    question's part, then by its place; a download comes back with every answer under its own question."""
    import csv
    import io

    from scanner.cli import main
    from scanner.corpus.online import responses

    survey = []
    for part in ("Context", "Trends"):
        survey += [{"type": "begin_group", "name": f"g_{part}", "label": part},
                   {"type": "select_one yn", "name": f"any_{part}", "label": "Anything to report?"},
                   {"type": "text", "name": f"desc_{part}", "label": "Description"},
                   {"type": "text", "name": f"more_{part}", "label": "Description"},
                   {"type": "end_group", "name": f"g_{part}"}]
    t = build(xlsform(tmp_path / "d.xlsx", survey, [("yn", "1", "Yes"), ("yn", "2", "No")],
                      {"form_title": "Weekly", "form_id": "w"}), tmp_path / "t.json")
    header = export_header(t, plan)
    assert len({norm(h) for h in header}) == len(header) == 6  # (no unit question: the settings ask none, s17)
    assert t.question("any_Trends").online_title == "Anything to report? (Trends)"
    assert [t.question(f"{q}_Context").online_title for q in ("desc", "more")] == ["Description (Context) (1)",
                                                                                   "Description (Context) (2)"]
    text, truth = responses(t, plan, 12, 5, vietnamese=True, shape="download")
    assert next(csv.reader(io.StringIO(text)))[1:] == header
    (tmp_path / "online.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(tmp_path / "t.json"), "import-online", str(tmp_path / "online.csv"),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(tmp_path / "t.json"), "export", "--db", str(db)]) == 0
    records = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    ids = [q.id for q in t.questions]
    got = [{q: r["answers"].get(q) or None for q in ids} for r in records]
    want = [{q: w["answers"].get(q) or None for q in ids} for w in sorted(truth, key=lambda x: x["submitted_at"])]
    assert got == want and any(w["desc_Context"] for w in want)


def test_a_notes_hint_is_printed_and_online_and_a_dot_note_is_nothing(tmp_path):
    """OccTax's first note is "OccTaxODK" with a hint saying what the form is for, and its "Pré-remplissage
    identité:" note's hint says how: a phone shows a note's hint under it, paper and the Google Form left it out.
    UNHCR's weekly report opens on a note "." (a phone's logo holder), printed and put online as a lone dot."""
    survey = [{"type": "note", "name": "logo", "label": "."},
              {"type": "note", "name": "intro", "label": "OccTax", "hint": f"{P2}\n{P3}"},
              {"type": "select_one crop", "name": "crop", "label": P1}]
    t = build(xlsform(tmp_path / "n.xlsx", survey, CROPS, {"form_title": "Notes", "form_id": "n"}), tmp_path / "t.json")
    head, first, second = _lines_of(t, "OccTax", P2, P3)
    assert head.y < first.y < second.y and first.font == second.font == "italic"
    assert not [x for x in t.texts if x.text.strip() == "."]
    assert print_faults(t) == []
    notes = [(e["title"], e.get("help")) for e in t.online["extras"] if e["kind"] == "note"]
    assert notes == [("OccTax", f"{P2}\n{P3}")]


def _lines_of(template, *texts: str):
    out = []
    for s in texts:
        (found,) = [x for x in template.texts if x.text == s]
        out.append(found)
    return out


def test_a_heading_row_of_choices_is_no_question(tmp_path, plan):
    """A select with appearance `label` is the heading row a phone shows above `list-nolabel` rows (OccTax's
    preferences; pyxform adds one to a table-list): only the choices' labels, nothing to choose. It printed and went
    online as a question with no words, whose boxes a respondent could only guess at. Its own words, when it has
    some, are the prompt of the rows under it: a note."""
    survey = [{"type": "begin_group", "name": "prefs", "label": "Preferences", "appearance": "field-list"},
              {"type": "select_one yn", "name": "head", "appearance": "label"},
              {"type": "select_one yn", "name": "rate", "label": "Rate these tools", "appearance": "label"},
              {"type": "select_one yn", "name": "points", "label": "Points", "appearance": "list-nolabel"},
              {"type": "select_one yn", "name": "lines", "label": "Lines", "appearance": "list-nolabel"},
              {"type": "end_group", "name": "prefs"},
              {"type": "begin_group", "name": "moods", "label": "Moods", "appearance": "table-list"},
              {"type": "select_multiple mood", "name": "brian", "label": "Brian"},
              {"type": "select_multiple mood", "name": "maria", "label": "Maria"},
              {"type": "end_group", "name": "moods"}]
    choices = [("yn", "1", "Yes"), ("yn", "2", "No"), ("mood", "happy", "Happy"), ("mood", "sad", "Sad")]
    t = build(xlsform(tmp_path / "h.xlsx", survey, choices, {"form_title": "Heads", "form_id": "h"}),
              tmp_path / "t.json")
    assert [q.id for q in t.questions] == ["points", "lines", "brian", "maria"]
    assert all(q.text for q in t.questions)
    said = json.loads((tmp_path / "t.json").read_text("utf-8"))["online_only"]
    assert [(o["name"], o["why"]) for o in said] == [("head", "header")]  # "rate" prints: not left off (review B)
    code, out, _ = cli(["build", str(tmp_path / "h.xlsx"), "--out", str(tmp_path / "t2.json")])
    left_off = out.split("online only, not on paper")[1].splitlines()
    assert code == 0 and left_off[-1].endswith("nothing to choose: head"), out
    # a heading row's own words are the rows' prompt (CorrelAid's "Bitte bewerte Deine Erfahrung …"); since session
    # 22 a heading row with `list-nolabel` rows of its list after it is the grid they make (xlsform_matrix)
    assert [x.text for x in t.texts if "Rate these tools" in x.text] == ["Question 1. Rate these tools"]
    assert [t.question(q).number for q in ("points", "lines")] == ["1a", "1b"]
    assert "Rate these tools" in [it.title for it in form_items(t, plan)]
    assert all(it.title for it in form_items(t, plan) if it.kind != FormItemKind.section)


def test_a_members_position_is_not_asked_once_for_nobody(tmp_path, plan):
    """OccTax's places roster records a GPS point per place: the Google Form asks a roster's cells row by row, but
    asked its three "point automatique" once each at the form's end, nobody's point. A roster's online-only field is
    now left off the Google Form (still listed by `build`); a position outside a roster is still asked, and in its
    place: what came before a roster (a note, a position) went to the form's end."""
    survey = [{"type": "geopoint", "name": "home", "label": "Home position"},
              {"type": "note", "name": "about", "label": "About the places"},
              {"type": "begin_repeat", "name": "places", "label": "Places", "repeat_count": "2"},
              {"type": "text", "name": "pname", "label": "Place name"},
              {"type": "geopoint", "name": "ppoint", "label": "Point of the place"},
              {"type": "end_repeat", "name": "places"}]
    t = build(xlsform(tmp_path / "p.xlsx", survey, [], {"form_title": "Places", "form_id": "p"}), tmp_path / "t.json")
    titles = [it.title for it in form_items(t, plan)]
    assert not [x for x in titles if "Point of the place" in x]
    # what comes before a roster is asked before it (it went to the form's end: no cell is the roster itself)
    assert titles.index("Home position") < titles.index("About the places") < titles.index("Places — Place name [1]")
    said = json.loads((tmp_path / "t.json").read_text("utf-8"))["online_only"]
    assert {o["name"] for o in said} == {"home", "ppoint"}


def test_a_links_address_is_said_on_paper_and_online(tmp_path, plan):
    """UNHCR's weekly report: "Check the week number … in this [Weekly calendar](https://…)" printed and went
    online as "… in this Weekly calendar.", HEDERA's "read [here](http://www.fao.org/…)" as "read here": the
    address a phone opens was lost. Paper and the Google Form's help now say it after the words."""
    url = "https://www.calendario-365.es/calendario_2021.html"
    survey = [{"type": "select_one crop", "name": "crop", "label": "Main crop",
               "hint": f"Check the week in this [Weekly calendar]({url})"}]
    t = build(xlsform(tmp_path / "l.xlsx", survey, CROPS, {"form_title": "Links", "form_id": "l"}), tmp_path / "t.json")
    said = f"Check the week in this Weekly calendar ({url})"
    assert [x.text for x in t.texts if x.text.startswith("Check the week")] == [said]
    (item,) = [it for it in form_items(t, plan) if it.question_ids == ("crop",)]
    assert item.help.startswith(said)
    assert print_faults(t) == []


def test_a_write_in_of_an_option_that_is_no_other_is_asked_apart(tmp_path, plan, capsys):
    """Sofala's "A Sra. … faz parte de algum grupo …?" completes its option "Sim" with "Sim. Especificar": the Google
    Form put Google's own "Other" in the place of "Sim", so a respondent read "Não | NS | SR | Other" and no "Sim".
    Google's "Other" now stands only for an option that reads "other"; another keeps its label, and its write-in is
    asked after it as a question of its own, its own column (a title of its own too: Sofala's three "Sim.
    Especificar" went to one question), every answer coming back where it belongs."""
    import csv
    import io

    from scanner.cli import main
    from scanner.corpus.online import responses

    survey = [{"type": "select_one yn", "name": "group", "label": "Do you belong to a community group?"},
              {"type": "text", "name": "group_specify", "label": "Yes. Specify", "relevant": "selected(${group}, '1')"},
              {"type": "select_one yn", "name": "talk", "label": "Did you attend a talk?"},  # Sofala asks three so
              {"type": "text", "name": "talk_specify", "label": "Yes. Specify", "relevant": "selected(${talk}, '1')"},
              {"type": "select_one crop", "name": "crop", "label": "Main crop"},
              {"type": "text", "name": "crop_other", "label": "Which other crop?", "relevant": "${crop} = 'other'"}]
    t = build(xlsform(tmp_path / "w.xlsx", survey, [("yn", "1", "Yes"), ("yn", "2", "No")] + CROPS,
                      {"form_title": "Write-ins", "form_id": "w"}), tmp_path / "t.json")
    assert t.question("group_specify").other_of == "group" and t.question("crop_other").other_of == "crop"
    items = {it.question_ids[0]: it for it in form_items(t, plan)}
    assert (items["group"].choices, items["group"].other) == (("Yes", "No"), False)
    assert items["group_specify"].title == t.question("group_specify").online_title != items["talk_specify"].title
    assert (items["crop"].choices, items["crop"].other) == (("Rice", "Maize"), True) and "crop_other" not in items
    text, truth = responses(t, plan, 30, 3, vietnamese=True, shape="download")
    assert next(csv.reader(io.StringIO(text)))[1:] == export_header(t, plan)
    (tmp_path / "online.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(tmp_path / "t.json"), "import-online", str(tmp_path / "online.csv"),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(tmp_path / "t.json"), "export", "--db", str(db)]) == 0
    records = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    ids = [q.id for q in t.questions]
    got = [{q: r["answers"].get(q) or None for q in ids} for r in records]
    want = [{q: w["answers"].get(q) or None for q in ids} for w in sorted(truth, key=lambda x: x["submitted_at"])]
    assert got == want
    assert any(w["group_specify"] for w in want) and any(w["crop_other"] for w in want)


def test_a_rosters_columns_sharing_a_label_get_their_own_google_form_columns(tmp_path, plan, capsys):
    """FMTM's slum survey asks "B5. Gender" of an adult and of a child in one household member: two columns of one
    name in the Google Form's download, the first's answers lost. The later column is told apart by its place."""
    import csv
    import io

    from scanner.cli import main
    from scanner.corpus.online import responses

    survey = [{"type": "begin_repeat", "name": "member", "label": "Household Member", "repeat_count": "2"},
              {"type": "begin_group", "name": "adult", "label": "Adult"},
              {"type": "select_one sex", "name": "gender", "label": "Gender"},
              {"type": "end_group", "name": "adult"},
              {"type": "begin_group", "name": "child", "label": "Child"},
              {"type": "select_one sex", "name": "gender", "label": "Gender"},
              {"type": "end_group", "name": "child"},
              {"type": "end_repeat", "name": "member"}]
    t = build(xlsform(tmp_path / "r.xlsx", survey, [("sex", "m", "Male"), ("sex", "f", "Female")],
                      {"form_title": "Members", "form_id": "m"}), tmp_path / "t.json")
    header = export_header(t, plan)
    assert len({norm(h) for h in header}) == len(header) == 4  # (no unit question: the settings ask none, s17)
    text, truth = responses(t, plan, 20, 5, vietnamese=True, shape="download")
    assert next(csv.reader(io.StringIO(text)))[1:] == header
    (tmp_path / "online.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(tmp_path / "t.json"), "import-online", str(tmp_path / "online.csv"),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(tmp_path / "t.json"), "export", "--db", str(db)]) == 0
    records = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    ids = [q.id for q in t.questions]
    got = [{q: r["answers"].get(q) or None for q in ids} for r in records]
    want = [{q: w["answers"].get(q) or None for q in ids} for w in sorted(truth, key=lambda x: x["submitted_at"])]
    assert got == want and len(ids) == 4


def test_a_rosters_columns_sharing_a_label_in_a_download_of_a_form_made_before_go_by_order(tmp_path, plan, capsys):
    """A Google Form made before a roster's later "Gender" cell was titled "Gender (2)" has two download columns
    "… — Gender [n]" per member: Google writes them in the form's order, so the k-th goes to the k-th cell with that
    title, old or new (the child's answer was stored as the adult's, joined into one value)."""
    import csv
    import io

    from scanner.cli import main
    from scanner.corpus.online import responses

    survey = [{"type": "begin_repeat", "name": "member", "label": "Household Member", "repeat_count": "2"},
              {"type": "begin_group", "name": "adult", "label": "Adult"},
              {"type": "select_one sex", "name": "gender", "label": "Gender"},
              {"type": "end_group", "name": "adult"},
              {"type": "begin_group", "name": "child", "label": "Child"},
              {"type": "select_one sex", "name": "gender", "label": "Gender"},
              {"type": "end_group", "name": "child"},
              {"type": "end_repeat", "name": "member"}]
    t = build(xlsform(tmp_path / "r.xlsx", survey, [("sex", "m", "Male"), ("sex", "f", "Female")],
                      {"form_title": "Members", "form_id": "m"}), tmp_path / "t.json")
    text, truth = responses(t, plan, 20, 5, vietnamese=True, shape="download")
    rows = list(csv.reader(io.StringIO(text)))
    renamed = [h for h in rows[0] if "(2)" in h]
    assert len(renamed) == 2
    rows[0] = [h.replace(" (2)", "") for h in rows[0]]  # the old form's titles: two of one name per member
    assert len(set(rows[0])) == len(rows[0]) - 2
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    (tmp_path / "online.csv").write_text(out.getvalue(), encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(tmp_path / "t.json"), "import-online", str(tmp_path / "online.csv"),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(tmp_path / "t.json"), "export", "--db", str(db)]) == 0
    records = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    ids = [q.id for q in t.questions]
    got = [{q: r["answers"].get(q) or None for q in ids} for r in records]
    want = [{q: w["answers"].get(q) or None for q in ids} for w in sorted(truth, key=lambda x: x["submitted_at"])]
    assert got == want and len(ids) == 4
    assert sum(1 for w in want for q in ids if w[q]) > 10  # the answers are there to be told apart
