"""Two 1-bit fax sides whose plain ballpoint answers were asked about for what the page rules took as a lost pen
(scanner/fax_blank_ink.py, scanner/fax_dense_like_mate.py).

Both pages are real faxed sides, stored as the benchmark wrote them (1-bit Group 4 TIFF, 200 dpi):
benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --seed 63 --hands fax (the fax tuning seed), the answers below
the generator's truth (truth.jsonl).
- circle_arcs_beside_blank.tif (stack005_flatbed_001, sheet S00009 side 1, blue ballpoint): Câu 3 (a3) circled
  round its box 3, kept by the fax as a few arcs (0.64 mm² of ink beside the boxes; the truth calls it ambiguous,
  "marked outside the box"), q2 truly blank. 3b17b93 took both for marks the fax lost and asked about the side's
  five answers (marks_lost_on_page).
- two_pens_dense_slash.tif (stack001_flatbed_003, S00001 side 2): the side's blue ballpoint broken into remains,
  q7 slashed twice in a black ballpoint kept whole (coverage 0.208 and 0.197); 3b17b93 asked about q7 for the
  denser slash (a fill-in's kept X among broken remains?)."""

from pathlib import Path

from scanner.fax_dense_like_mate import dense_like_mate
from scanner.ingest import PageSource
from scanner.ink import DEFAULT, BoxReading
from scanner.pipeline import read_page
from scanner.rules import apply_rules, page_rules
from scanner.vocab import AnswerStatus, BoxState, ReviewReason

HERE = Path(__file__).parent / "data" / "fax"
CIRCLE = {"a1": ("4",), "a2": ("1",), "a4": ("2",), "a5": ("3",), "q1": ("3", "4"), "q2": ()}
SLASHES = {"q3": ("3",), "q4": ("1",), "q5a": ("1",), "q5b": ("4",), "q5c": ("1",), "q5d": ("2",), "q5e": ("2",),
           "q6": ("1", "3", "4"), "q7": ("3", "6")}


def _read(name, template):
    page = HERE / name
    res = read_page(PageSource(page.name, 0, "0" * 64, page.read_bytes(), "tiff"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def _silent(res, truth):
    return {q: tuple(res.questions[q].answer) for q, want in truth.items()
            if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}


def test_a_circle_kept_in_arcs_is_no_lost_pen(template):
    res = _read("circle_arcs_beside_blank.tif", template)
    for q in ("a1", "a2", "a4", "a5", "q1"):
        got = res.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, CIRCLE[q]), (q, got)
    circled = res.questions["a3"]
    assert circled.status == AnswerStatus.review and ReviewReason.stray_ink in circled.reasons
    assert res.questions["q2"].reasons == (ReviewReason.blank_on_bilevel,)  # a blank is still asked on a fax
    assert not _silent(res, CIRCLE)


def test_blanks_with_no_ink_beside_them_still_ask_the_side(template):
    """Two blanks with nothing beside their boxes are still a lost pen: the side's answers are asked about."""
    a1, a2, q2 = (template.question(q) for q in ("a1", "a2", "q2"))

    def blank(q, stray):
        return apply_rules(q, [BoxReading(q.id, o.id, BoxState.empty, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0) for o in q.options],
                           stray, bilevel=True)

    answered = apply_rules(a1, [BoxReading("a1", o.id, BoxState.marked if o.id == "1" else BoxState.empty, 1.0,
                                           0.2 if o.id == "1" else 0.0, 0.5, 0.0, 0.0, 0.0) for o in a1.options],
                           bilevel=True)
    assert blank(a2, 0.0).reasons == (ReviewReason.blank_on_bilevel,)
    lost = page_rules({"a1": answered, "a2": blank(a2, 0.0), "q2": blank(q2, 0.0)})
    assert lost["a1"].reasons == (ReviewReason.marks_lost_on_page,)
    inked = page_rules({"a1": answered, "a2": blank(a2, DEFAULT.stray_seen_1bit_mm2), "q2": blank(q2, 0.0)})
    assert inked["a1"].status == AnswerStatus.answered
    assert inked["a2"].reasons == (ReviewReason.blank_on_bilevel, ReviewReason.stray_ink)


def test_a_whole_slash_beside_its_question_s_plain_slash_is_read(template):
    res = _read("two_pens_dense_slash.tif", template)
    got = res.questions["q7"]
    assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, ("3", "6")), got
    assert res.questions["q6"].status == AnswerStatus.review  # box 3's X the fax took to nothing: still asked
    assert not _silent(res, SLASHES)


def test_a_dense_mark_unlike_its_question_s_plain_mark_stays_asked():
    plain = BoxReading("q7", "6", BoxState.marked, 1.0, 0.197, 0.60, 0.0, 0.0, 0.0)

    def asked(dense):
        before = [dense, plain]
        after = [BoxReading(dense.question_id, dense.option_id, BoxState.uncertain, 0.3, dense.coverage, dense.holes,
                            0.0, 0.0, 0.0, dense.specks), plain]
        return dense_like_mate(before, after, DEFAULT)[0].state == BoxState.uncertain

    assert not asked(BoxReading("q7", "3", BoxState.marked, 1.0, 0.208, 0.59, 0.0, 0.0, 0.0))
    assert asked(BoxReading("q7", "3", BoxState.marked, 1.0, 0.208, 0.59, 0.0, 0.0, 0.0, specks=3))  # grain: a fill's
    assert asked(BoxReading("q7", "3", BoxState.marked, 1.0, 0.208, 0.35, 0.0, 0.0, 0.0))  # its holes closed: a fill
    assert asked(BoxReading("q7", "3", BoxState.marked, 1.0, 0.30, 0.59, 0.0, 0.0, 0.0))  # far denser than the mark
    assert asked(BoxReading("q6", "3", BoxState.marked, 1.0, 0.208, 0.59, 0.0, 0.0, 0.0))  # no plain mate in its question
