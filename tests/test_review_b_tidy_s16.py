"""Review B's tidy-ups (notes/s16/review_B.md, 8-10): one rule where two copies were, the behaviour kept; and a note's
leading separator line ("———") no longer taken for the blank a `${calc}` leaves."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pytest
from test_real_forms_s16 import SETTINGS, YN, xlsform

from benchmarks.realforms import cli
from scanner.online_titles import _in_googles_other
from scanner.questionnaire import load_questionnaire
from scanner.spellings import norm
from scanner.write_ins import google_other, reads_other

# option labels that say "other" or not, in the frame languages and the ones forms are written in
LABELS = ["Khác (ghi rõ)", "KHÁC", "Lý do khác:", "Đảng viên khác", "Đồng ý", "Không đồng ý", "Dân tộc Hà Nhì",
          "Other (specify)", "Others, please specify", "Yes, other", "Brother", "Another reason", "don't know",
          "Autre (préciser)", "Autres raisons", "Hôpital/centre de santé", "L'autre", "Sœur",
          "Otro (especifique)", "Otra razón", "Ñandú", "¿Otros?", "NS/NR",
          "Outro (especificar)", "Outras: especifique", "Sim. Especificar", "Não", "Coração",
          "Andere (bitte angeben)", "Sonstiges", "Größe", "STRASSE", "Straße",
          "Nyingine (taja)", "Lainnya", "ﬁ ligature", "Ⅻ", "²other", "other_1", "other-1", "", "  ", "——— * * *"]


def _old_words(text: str) -> set[str]:
    """write_ins._words as it was before it used spellings.norm: the truth the one rule must keep."""
    s = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return set(re.sub(r"[^\w]+", " ", "".join(c for c in s if not unicodedata.combining(c))).split())


@pytest.mark.parametrize("label", LABELS)
def test_norm_folds_an_options_words_as_the_old_copy_did(label):
    assert set(norm(label).split()) == _old_words(label)


def test_reads_other_says_the_same_on_every_language():
    said = {x for x in LABELS if reads_other(x)}
    assert said == {"Khác (ghi rõ)", "KHÁC", "Lý do khác:", "Đảng viên khác", "Other (specify)",
                    "Others, please specify", "Yes, other", "Autre (préciser)", "Autres raisons", "Otro (especifique)",
                    "Otra razón", "¿Otros?", "Outro (especificar)", "Outras: especifique", "Andere (bitte angeben)",
                    "Sonstiges", "Nyingine (taja)", "Lainnya", "L'autre", "other-1"}  # ("other_1" is one word)


def test_the_layout_and_the_import_agree_on_googles_other(template):
    """The laid-out question (online_titles) and the template's (write_ins.google_other) use one rule, whatever the
    write-in option's label says."""
    questions = [q for q in template.questions if q.other_option is not None]
    assert questions
    for q in questions:
        for label in LABELS:
            q2 = replace(q, options=tuple(replace(o, label=label) if o.id == q.other_option else o
                                          for o in q.options))
            laid = {"id": q.id, "other_option": q.other_option,
                    "options": [{"id": o.id, "label": o.label} for o in q2.options]}
            assert _in_googles_other(laid) == google_other(q2) == reads_other(label), (q.id, label)
    assert not _in_googles_other({"id": "x", "options": [{"id": "9", "label": "Khác"}]})  # no write-in option
    assert not _in_googles_other({"id": "x", "other_option": "8", "options": [{"id": "9", "label": "Khác"}]})
    assert _in_googles_other({"id": "x", "other_option": "9", "options": [{"id": "9", "label": "Khác"}]})


@pytest.mark.parametrize("first", ["———", "* * *", "· · ·"])
def test_a_notes_separator_line_is_kept_on_paper_and_online(tmp_path, first):
    """A note whose first line is a separator the author drew has no word, but it is no blank a `${calc}` left: it
    was dropped on paper and online; both keep it now. A note opening on `${calc}` still drops that line. (An
    emoji line is left out before this, on paper and online alike: the fonts have no emoji.)"""
    from scanner.template import load_template

    survey = [{"type": "calculate", "name": "form_name", "label": "", "calculation": "'Entrega'"},
              {"type": "note", "name": "sep", "label": f"{first}<br/>Parte dois: a casa."},
              {"type": "note", "name": "intro", "label": "<br/> <span>${form_name}</span> <br/> Este formulário "
               "regista a entrega."},
              {"type": "select_one yn", "name": "ok", "label": "Recebeu?"}]
    path = xlsform(tmp_path / "n.xlsx", survey, YN, {**SETTINGS, "frame_language": "pt"})
    q = load_questionnaire(path)
    assert q.item("sep").label == f"{first} Parte dois: a casa."
    assert q.item("intro").label == "Este formulário regista a entrega."
    assert cli(["build", str(path), "--out", str(tmp_path / "n.json")])[0] == 0
    t = load_template(tmp_path / "n.json")
    printed = [x.text for x in t.texts]
    assert first in printed and printed[printed.index(first) + 1] == "Parte dois: a casa."
    assert not [x for x in printed if x.strip() == "……"], printed
    notes = {e["title"]: e.get("help") for e in t.online["extras"] if e["kind"] == "note"}
    assert notes.get(first) == "Parte dois: a casa.", notes
    assert "Este formulário regista a entrega." in notes and "……" not in notes, notes
