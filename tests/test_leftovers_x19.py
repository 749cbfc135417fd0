"""Three leftovers of session 19's reports (t19, g19, m19), each on the smallest case that shows it; truths are
written out by hand."""

from __future__ import annotations

from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.kinds import Kind
from scanner.online_only import Why
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

SETTINGS = {"form_title": "T", "form_id": "t"}


def _items(q):
    return {i.id: i for s in q.sections for i in s.items}


def test_a_read_only_question_prints_its_default_as_a_note_or_stays_online_only(tmp_path):
    """A `read_only` question with no `calculation` cannot be changed by anyone: it printed a box to write in.
    With a default it now prints as a note, its label then the value a phone shows (a choice by its label); with
    none it is listed online only as read-only; a dynamic default (`today()`) is computed, as a calculation is."""
    survey = [{"type": "text", "name": "your_name", "label": "Your name"},
              {"type": "text", "name": "shown", "label": "Your district is", "read_only": "yes", "default": "Ba Đình"},
              {"type": "text", "name": "blank", "label": "Shown only", "read_only": "yes"},
              {"type": "date", "name": "when", "label": "Today", "read_only": "yes", "default": "today()"},
              {"type": "select_one yn", "name": "agree", "label": "Agreed?", "read_only": "yes", "default": "y"},
              {"type": "text", "name": "free", "label": "Anything else", "default": "none"}]
    choices = [("yn", "y", "Yes"), ("yn", "n", "No")]
    form = xlsform(tmp_path / "f.xlsx", survey, choices, SETTINGS)
    q = load_questionnaire(form)
    items = _items(q)
    assert items["shown"].kind is Kind.note and items["shown"].label == "Your district is: Ba Đình"
    assert items["agree"].kind is Kind.note and items["agree"].label == "Agreed? Yes"
    assert items["free"].kind is Kind.text  # a default a respondent may change: still a box to write in
    off = {o.name: o.why for o in q.online_only}
    assert off == {"blank": Why.read_only, "when": Why.computed}
    code, said, err = cli(["build", str(form), "--out", str(tmp_path / "t.json")])
    assert code == 0, (said, err)
    t = load_template(tmp_path / "t.json")
    assert {x.id for x in t.questions} == {"your_name", "free"}
    printed = " ".join(x.text for x in t.texts)
    assert "Ba Đình" in printed and "Agreed? Yes" in printed
    assert "read-only with no default to print: a phone shows it, nobody fills it: blank" in said + err


def test_a_read_only_roster_cell_is_said_under_the_title_or_listed(tmp_path):
    """In a roster, a read-only cell with a default is the same for every member: said once under the table's
    title, never a column; one with none is listed online only (neither was dropped unsaid)."""
    survey = [{"type": "integer", "name": "n", "label": "How many"},
              {"type": "begin_repeat", "name": "m", "label": "Members", "repeat_count": "${n}"},
              {"type": "text", "name": "who", "label": "Name"},
              {"type": "text", "name": "tag", "label": "Programme", "read_only": "yes", "default": "WASH"},
              {"type": "text", "name": "ro", "label": "Shown", "read_only": "yes"},
              {"type": "end_repeat", "name": "m"}]
    form = xlsform(tmp_path / "r.xlsx", survey, [], SETTINGS)
    q = load_questionnaire(form)
    assert [c.id for c in _items(q)["m"].columns] == ["who"] and "Programme: WASH" in _items(q)["m"].hint
    assert {o.name: o.why for o in q.online_only} == {"ro": Why.read_only}
    code, said, err = cli(["build", str(form), "--out", str(tmp_path / "t.json")])
    assert code == 0, (said, err)
    assert "Programme: WASH" in " ".join(x.text for x in load_template(tmp_path / "t.json").texts)


def test_the_review_widget_of_pyxforms_widgets_form_is_not_a_box(tmp_path):
    """pyxform's widgets form: "review widget. is your email still ${my_trigger}?" is read-only with no default."""
    q = load_questionnaire(DEFAULT_FORMS / "pyxform_widgets.xls")
    assert "my_output" not in _items(q)
    assert {o.name: o.why for o in q.online_only}["my_output"] is Why.read_only


def _odk_zip(path, members, size):
    """ODK Central's zip of one household (test_online_repeats' shape) whose count says `size`."""
    import csv
    import io
    import zipfile

    def text(rows):
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue()

    key = "uuid:c3000000-0000-4000-8000-000000000001"
    main_rows = [["SubmissionDate", "hh-own", "hh-size", "hh-after", "meta-instanceID", "KEY"],
                 ["2026-12-01T08:00:00.000Z", "1", str(size), "2", key, key]]
    rep = [[f"hh-member-{c}" for c in ("mname", "sex", "age", "school")] + ["PARENT_KEY", "KEY"]]
    rep += [[*m, key, f"{key}/hh/member[{n}]"] for n, m in enumerate(members, start=1)]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("HH.csv", text(main_rows))
        z.writestr("HH-member.csv", text(rep))
    return path


def test_an_online_roster_past_its_printed_rows_is_one_problem_at_its_count(tmp_path, plan):
    """Seven members downloaded for a 5-row roster whose count says 7 gave two problems for one cause: "dòng thứ
    6/7 vượt quá 5 dòng in" and more_members at the count. Now one, at the count question, naming it, the count and
    the rows kept aside; the record still waits for a person. Rows past the printed ones under a count that does
    not ask for them keep their own problem."""
    from online_forms import online
    from test_structure_forms import roster_form

    from scanner.cli import main

    layout = tmp_path / "hh.json"
    assert main(["build", str(roster_form(tmp_path / "hh.xlsx", rows="5", count="${size}")), "--out", str(layout)]) == 0
    t = load_template(layout)
    assert t.rosters["member"].rows == 5 and t.rosters["member"].count == "${size}"
    seven = [(f"Người {n}", "1", str(20 + n), "3") for n in range(1, 8)]
    for name, size, members in (("over", 7, seven), ("inside", 5, seven[:6])):
        db = tmp_path / f"{name}.db"
        assert main(["--template", str(layout), "import-online", str(_odk_zip(tmp_path / f"{name}.csv.zip", members,
                                                                             size)), "--db", str(db)]) == 0
        (r,) = online(db, t, plan)
        assert r.status == "needs_review" and r.rosters["member"] == [
            {"row": n, "mname": f"Người {n}", "sex": ["1"], "age": str(20 + n), "school": ["3"]} for n in range(1, 6)]
        roster_said = [p for p in r.problems if "member" in p or "thành viên" in p]
        assert len(roster_said) == 1, r.problems
        (said,) = roster_said
        if name == "over":
            assert r.logic == {"size": "more_members"}
            assert "câu size" in said and "số khai là 7" in said and "chỉ có 5 dòng" in said
            assert "dòng thứ 6 (mname=Người 6;" in said and "dòng thứ 7 (mname=Người 7;" in said
        else:  # 6 rows for a count of 5: nothing at the count, the sixth row on its own
            assert r.logic == {} and "dòng thứ 6 vượt quá 5 dòng in" in said and "Người 6" in said


def test_kept_arrays_are_plain_npy_records_read_whole_or_not_at_all(tmp_path, monkeypatch):
    """The side store kept each side's arrays as a .npz (a zip read member by member, its CRC computed): now one
    file of uncompressed .npy records, the names, their CRC-32s, then each array, read back bit for bit; never pickled; a file
    cut short, grown, changed by one bit, or holding a pickled array is not read (the side is drawn again)."""
    import zlib

    import numpy as np

    from scanner import side_store

    kept = tmp_path / "kept"
    monkeypatch.setenv(side_store.CACHE_ENV, str(kept))
    arrays = {"4.0:-12": np.linspace(0, 1, 35, dtype=np.float32).reshape(5, 7), "side": np.arange(12, dtype=np.uint8),
              "shape": np.array([1485, 1050]), "patches": np.arange(8, dtype=np.int64).reshape(2, 4)[:, ::-1]}
    side_store.save("gates-x", arrays)
    (path,) = kept.iterdir()
    assert path.name == "gates-x.npy"
    with open(path, "rb") as f:  # numpy's own format, record after record, as any numpy reads it
        assert np.load(f, allow_pickle=False).tolist() == list(arrays)
        assert np.load(f, allow_pickle=False).tolist() == [zlib.crc32(np.ascontiguousarray(v).tobytes())
                                                           for v in arrays.values()]
        assert np.load(f, allow_pickle=False).tobytes() == arrays["4.0:-12"].tobytes()
    got = side_store.load("gates-x")
    assert got is not None and list(got) == list(arrays)
    for k, v in arrays.items():
        assert got[k].dtype == v.dtype and got[k].shape == v.shape and np.array_equal(got[k], v)
    whole = path.read_bytes()
    flipped = bytearray(whole)
    flipped[-30] ^= 1  # one bit of the last array's data
    for damaged in (whole[:-1], whole[: len(whole) // 2], whole + b"\0", whole[:100], b"", bytes(flipped)):
        path.write_bytes(damaged)
        assert side_store.load("gates-x") is None
    with open(path, "wb") as f:  # a pickled array in the file: refused, never unpickled
        np.save(f, np.array(["a"]))
        np.save(f, np.array([object()], dtype=object), allow_pickle=True)
    assert side_store.load("gates-x") is None
