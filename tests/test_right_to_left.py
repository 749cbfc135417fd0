"""Issue 22: a right-to-left label language (Arabic, Persian, Hebrew…) builds as pyxform accepts it and goes
online (the Google Form in its own words, the import, the tally); paper is not printed for it: `build` says so
once and `forms` and `scan` refuse in one line naming what to do. The form's other languages still print."""

import csv
import json

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.plan import load_plan
from scanner.template import load_template
from tests.test_way_in import form

UNHCR = DEFAULT_FORMS / "unhcr_household_survey_americas.xlsx"
ONADATA_ARABIC = DEFAULT_FORMS / "onadata_tutorial_arabic_labels.xlsx"  # label:English and label:Arabic
NOT_PRINTED = "paper is not printed for this language"


def _forms_and_scan_refuse(tpl, tmp_path):
    pdf = tmp_path / "f.pdf"
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(pdf)])
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code != 0 and not pdf.exists() and len(lines) == 1, (out, err)
    assert "right-to-left" in lines[0] and "online-form" in lines[0] and "--lang" in lines[0]
    code, out, err = cli(["--template", str(tpl), "scan", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert code != 0 and "right-to-left" in err, (out, err)


def test_arabic_chosen_from_several_builds_online_only_and_says_so_once(tmp_path):
    tpl = tmp_path / "ar.json"
    code, out, err = cli(["build", str(UNHCR), "--out", str(tpl), "--lang", "ar"])
    assert code == 0, err
    said = [ln for ln in (out + err).splitlines() if NOT_PRINTED in ln]
    assert len(said) == 1 and said[0].endswith("English (en), Spanish (es), French (fr)"), out + err
    assert "trang 1" not in out  # no page listing: nothing is printed
    template = load_template(tpl)
    assert template.right_to_left and template.questions
    _forms_and_scan_refuse(tpl, tmp_path)
    code, out, err = cli(["build", str(UNHCR), "--out", str(tmp_path / "en.json"), "--lang", "en"])
    assert code == 0 and NOT_PRINTED not in out + err and not load_template(tmp_path / "en.json").right_to_left


def test_an_arabic_only_form_builds_and_a_latin_one_prints(tmp_path):
    arabic = form(tmp_path / "ar.xlsx", [{"type": "select_one yn", "name": "q1", "label": "هل توافق على المشاركة؟"}],
                  [{"list_name": "yn", "name": "yes", "label": "نعم"}, {"list_name": "yn", "name": "no", "label": "لا"}],
                  {"form_title": "مسح", "form_id": "ar_only", "version": "1"})
    code, out, err = cli(["build", str(arabic), "--out", str(tmp_path / "a.json")])
    assert code == 0 and NOT_PRINTED in err and "--lang" not in err.split(NOT_PRINTED)[1], err
    q = load_template(tmp_path / "a.json").question("q1")
    assert (q.text, [o.label for o in q.options]) == ("هل توافق على المشاركة؟", ["نعم", "لا"])  # letters kept
    _forms_and_scan_refuse(tmp_path / "a.json", tmp_path)
    latin = form(tmp_path / "fr.xlsx", [{"type": "select_one yn", "name": "q1", "label": "Êtes-vous d'accord ?"}],
                 [{"list_name": "yn", "name": "yes", "label": "Oui"}, {"list_name": "yn", "name": "no", "label": "Non"}],
                 {"form_title": "Enquête", "form_id": "fr_only", "version": "1"})
    code, out, err = cli(["build", str(latin), "--out", str(tmp_path / "f.json")])
    assert code == 0 and NOT_PRINTED not in err and "trang 1" in out, err
    pdf = tmp_path / "fr.pdf"
    assert cli(["--template", str(tmp_path / "f.json"), "forms", "--blank", "1", "--out", str(pdf)])[0] == 0
    assert pdf.exists()


def test_a_real_arabic_form_goes_online_imports_and_tallies(tmp_path):
    """onadata's tutorial with Arabic labels, printed in Arabic (`--lang Arabic`): the Google Form asks in
    Arabic, two downloaded responses import as two records with the answers given (its yes/no list is named
    1/0), and the tally counts them."""
    tpl = tmp_path / "ar.json"
    code, out, err = cli(["build", str(ONADATA_ARABIC), "--out", str(tpl), "--lang", "Arabic"])
    assert code == 0 and NOT_PRINTED in err, err
    template = load_template(tpl)
    code, out, err = cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    body = json.loads((tmp_path / "form.batchUpdate.json").read_text(encoding="utf-8"))
    titles = [r["createItem"]["item"]["title"] for r in body["requests"] if "createItem" in r]
    assert {"ما هو اسمك؟", "كم عمرك؟", "هل لديك أي أطفال؟", "ما متصفحات الويب التي تستخدمها؟"} <= set(titles)
    browsers = next(r["createItem"]["item"] for r in body["requests"]
                    if "createItem" in r and r["createItem"]["item"]["title"] == "ما متصفحات الويب التي تستخدمها؟")
    options = [o["value"] for o in browsers["questionItem"]["question"]["choiceQuestion"]["options"]]
    assert options == ["موزيلا فايرفوكس", "جوجل كروم", "إنترنت إكسبلورر", "رحلات السفاري"]

    units = load_plan().online_choices()[:2]
    header = ["Timestamp", template.online["unit_title"], "ما هو اسمك؟", "كم عمرك؟", "هل لديك أي أطفال؟",
              "5. تسجيل الإحداثيات GPS الخاص بك.", "ما متصفحات الويب التي تستخدمها؟"]
    rows = [["2023/11/08 9:15:32 AM GMT+7", units[0].name, "أحمد", "34", "نعم", "", "جوجل كروم, رحلات السفاري"],
            ["2023/11/09 9:15:32 AM GMT+7", units[1].name, "ليلى", "27", "لا", "", "موزيلا فايرفوكس"]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    db = tmp_path / "online.db"
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db", str(db)])
    assert code == 0 and "2 mới (new)" in out and "0 có vấn đề" in out, (out, err)
    code, out, err = cli(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl", "--out",
                          str(tmp_path / "r.jsonl")])
    assert code == 0, err
    records = {r["unit"]: r for r in map(json.loads, (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines())}
    first, second = records[units[0].code]["answers"], records[units[1].code]["answers"]
    assert (first["name"], first["has_children"], sorted(first["web_browsers"])) == ("أحمد", ["1"],
                                                                                      ["chrome", "safari"])
    assert (second["name"], second["has_children"], second["web_browsers"]) == ("ليلى", ["0"], ["firefox"])
    code, out, err = cli(["--template", str(tpl), "tally", "--db", str(db), "--out", str(tmp_path / "tally")])
    assert code == 0, err
    with (tmp_path / "tally" / "counts.csv").open(encoding="utf-8") as fh:
        counts = {(r["question"], r["option"]): r["count"] for r in csv.DictReader(fh)
                  if r["channel"] == "online" and r["group"] == "all"}
    assert (counts[("has_children", "1")], counts[("has_children", "0")]) == ("1", "1")
    assert [counts[("web_browsers", b)] for b in ("firefox", "chrome", "ie", "safari")] == ["1", "1", "0", "1"]
    numbers = (tmp_path / "tally" / "numbers.csv").read_text(encoding="utf-8")
    assert "online,age,number,2,30.5" in numbers
