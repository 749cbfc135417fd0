"""Markdown and HTML bold/italic inside a label print in their fonts; everything else reads the plain label."""

import json

import pytest

from scanner.cli import main
from scanner.errors import TemplateError
from scanner.template import load_template, parse_template
from tests.test_way_in import form

SURVEY = [{"type": "note", "name": "intro", "label": "Please read **carefully**."},
          {"type": "select_one agree", "name": "rule", "label": "Do you **agree** with the *new* rule?"},
          {"type": "text", "name": "why", "label": "Why <i>exactly</i>?"}]
CHOICES = [{"list_name": "agree", "name": "yes", "label": "Yes, <b>fully</b>"},
           {"list_name": "agree", "name": "no", "label": "No"}]


@pytest.fixture
def built(tmp_path):
    path = form(tmp_path / "f.xlsx", SURVEY, CHOICES, {"form_title": "Rules", "form_id": "rules", "version": "1"})
    out = tmp_path / "t.json"
    assert main(["build", str(path), "--out", str(out)]) == 0
    return out


def test_the_template_carries_runs_and_plain_labels(built):
    raw = json.loads(built.read_text())
    with_runs = {x["text"]: x["runs"] for x in raw["texts"] if "runs" in x}
    title = next(v for k, v in with_runs.items() if k.endswith("Do you agree with the new rule?"))
    assert ("new", "bolditalic") in [(r["text"], r["font"]) for r in title]  # italic inside the bold title
    assert [(r["text"], r["font"]) for r in with_runs["Yes, fully"]] == [("Yes, ", "regular"), ("fully", "bold")]
    assert ("exactly", "bolditalic") in [(r["text"], r["font"]) for r in next(v for k, v in with_runs.items()
                                                                                if k.endswith("Why exactly?"))]
    assert [(r["text"], r["font"]) for r in with_runs["Please read carefully."]] == [
        ("Please read ", "italic"), ("carefully", "bolditalic"), (".", "italic")]
    assert next(x for x in raw["online"]["extras"] if x["kind"] == "note")["title"] == "Please read carefully."
    rule = next(q for q in raw["questions"] if q["id"] == "rule")
    assert rule["text"] == rule["online_title"] == "Do you agree with the new rule?"
    assert [o["label"] for o in rule["options"]] == ["Yes, fully", "No"]
    leaked = json.dumps({k: v for k, v in raw.items() if k != "texts"}, ensure_ascii=False)
    assert not any(c in leaked for c in "*<>\x0e\x0f")
    assert not any(c in x["text"] for x in raw["texts"] for c in "*<>\x0e\x0f")


def test_the_printed_form_sets_the_emphasised_words_in_their_fonts(built, tmp_path):
    from pypdf import PdfReader

    from scanner.forms import SheetSpec, render_forms

    pdf = tmp_path / "forms.pdf"
    render_forms(load_template(built), [SheetSpec(None, 0)], pdf)
    chunks: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            chunks.append((text.strip(), str(font.get("/BaseFont", ""))))

    page = PdfReader(pdf).pages[0]
    page.extract_text(visitor_text=visit)
    fonts = {t: f for t, f in chunks}
    assert "Bold" in fonts["fully"] and "Italic" not in fonts["fully"]
    assert "BoldItalic" in fonts["new"] and "BoldItalic" in fonts["exactly"]
    assert "Yes," in fonts and "Bold" not in fonts["Yes,"]
    assert "agree" in page.extract_text() and "*" not in page.extract_text()


def test_runs_must_say_the_text(raw_template):
    raw_template["texts"][0]["runs"] = [{"text": "nothing like it", "font": "bold"}]
    with pytest.raises(TemplateError, match="runs together"):
        parse_template(raw_template)
    raw_template["texts"][0]["runs"] = [{"text": raw_template["texts"][0]["text"], "font": "fancy"}]
    with pytest.raises(TemplateError, match="unknown font"):
        parse_template(raw_template)


def test_runs_stay_inside_the_margin(built):
    from scanner.fonts import text_width_mm
    from scanner.layout_geometry import RIGHT

    t = load_template(built)
    ran = [x for x in t.texts if x.runs]
    assert len(ran) == 4
    for x in ran:
        assert x.x + sum(text_width_mm(s, f, x.size_pt) for s, f in x.runs) <= RIGHT + 0.01


def test_a_long_emphasised_label_wraps_within_its_width_and_keeps_its_emphasis():
    from scanner.fonts import bare, runs, text_width_mm, wrap
    from scanner.xlsform_text import marked, plain

    label = "Before we start, **please tell us honestly whether the new opening hours suit you** and *why* or why not"
    lines = wrap(marked(label), "regular", 11, 60)
    assert len(lines) > 2 and all(text_width_mm(x, "regular", 11) <= 60 for x in lines)
    assert " ".join(bare(x) for x in lines) == plain(label)
    assert all(f == "bold" for x in lines[1:-1] for s, f in runs(x, "regular") if "honestly" in s or "hours" in s)
