"""A digit grid on a 1-bit fax whose blue ballpoint the threshold broke into a few pixels a bubble
(scanner/fax_grid_remains.py).

Both pages are real faxed sides, stored as the benchmark wrote them (1-bit Group 4 TIFF, 200 dpi):
benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --seed 63 --hands fax (f21's fax tuning seed), the answers
below the generator's truth (truth.jsonl), none of them ambiguous.
- grid_remains_date.tif (stack005_flatbed_003, sheet S00009 side 3): every mark of q9 ("53") and q10 ("2023-11-12")
  kept as 2-10 pixels, each bubble read in doubt; 8b69900 asked about both questions.
- grid_remains_beside_marks.tif (stack003_flatbed_003, S00005 side 3): the same pen kept better; q9's second column
  ("33") and q10's sixth ("2023-11-12") alone in doubt beside plain marks; 8b69900 asked about both."""

from pathlib import Path

import numpy as np

from scanner.fax_grid_remains import paper_clean, pen_remains
from scanner.ingest import PageSource
from scanner.ink import DEFAULT
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

HERE = Path(__file__).parent / "data" / "fax"
DATE = {"a1": ("4",), "a2": ("1",), "a4": ("2",), "a5": ("3",), "q1": ("3", "4"), "q2": (), "q3": ("2",),
        "q4": ("4",), "q5a": ("2",), "q5b": ("1",), "q5d": ("1",), "q5e": ("1",), "q6": ("1", "2", "3"),
        "q7": ("3",), "q9": ("53",), "q10": ("2023-11-12",)}
BESIDE = {"a1": ("5",), "a2": ("1",), "a3": ("5",), "a4": ("4",), "a5": ("4",), "q2": ("4",), "q3": ("4",),
          "q4": ("5",), "q5a": ("4",), "q5b": ("4",), "q5c": ("4",), "q5d": ("4",), "q5e": ("4",),
          "q6": ("1", "2", "4"), "q7": ("5",), "q9": ("33",), "q10": ("2023-11-12",)}


def _read(name, template):
    page = HERE / name
    res = read_page(PageSource(page.name, 0, "0" * 64, page.read_bytes(), "tiff"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def _silent(res, truth):
    return {q: tuple(res.questions[q].answer) for q, want in truth.items()
            if q in res.questions and res.questions[q].status != AnswerStatus.review
            and tuple(res.questions[q].answer) != want}


def test_a_grid_kept_as_a_few_pixels_a_bubble_is_read(template):
    res = _read("grid_remains_date.tif", template)
    for q in ("q9", "q10"):
        got = res.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, DATE[q]), (q, got)
    assert not _silent(res, DATE)


def test_a_column_of_remains_beside_plain_marks_is_read(template):
    res = _read("grid_remains_beside_marks.tif", template)
    for q in ("q9", "q10"):
        got = res.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, BESIDE[q]), (q, got)
    assert not _silent(res, BESIDE)


def test_a_streak_or_a_lone_pixel_is_no_pen_and_specked_paper_no_clean_page():
    bubble = np.zeros((17, 17), np.float32)
    one = bubble.copy()
    one[8, 8] = 1.0
    assert not pen_remains(one, DEFAULT)  # a lone pixel: nothing a person reads
    level = bubble.copy()
    level[8:10, 1:16] = 1.0
    assert not pen_remains(level, DEFAULT)  # a fax's streak across the bubble
    upright = bubble.copy()
    upright[1:16, 7] = 1.0
    assert not pen_remains(upright, DEFAULT)
    dashes = bubble.copy()
    dashes[3, 3] = dashes[4, 4] = dashes[11, 11] = dashes[12, 12] = 1.0  # a slash cut into dashes
    assert pen_remains(dashes, DEFAULT)
    sparse = bubble.copy()
    sparse[2, 4] = sparse[9, 5] = sparse[14, 3] = 1.0  # a stroke's remains in a narrow column, no unbroken line
    assert pen_remains(sparse, DEFAULT)
    squares = [np.zeros((17, 17), np.uint8) for _ in range(40)]
    assert paper_clean(squares, DEFAULT)
    squares[7][3, 3] = 255  # one speck of the fax's own on the paper: ink in a bubble may be the fax's too
    assert not paper_clean(squares, DEFAULT) and not paper_clean([], DEFAULT)


def test_a_grid_with_a_column_gone_is_left_in_doubt(template):
    """A number whose first column's mark the fax took entirely: the second column's remains alone would read a
    shorter number, unflagged, so the grid keeps its doubt; with both columns' remains it reads."""
    from scanner.fax_grid_remains import remains_in_columns
    from scanner.ink import BoxReading
    from scanner.vocab import BoxState

    pairs = [(q, o) for q in (template.question("q1"), template.question("q9")) for o in q.options]
    dashes = np.zeros((17, 17), np.float32)
    dashes[3, 3] = dashes[4, 4] = dashes[11, 11] = dashes[12, 12] = 1.0

    def side(doubts):
        readings, insides = [], []
        for q, o in pairs:
            held = (q.id, o.id) in doubts or (q.id == "q1" and o.id in ("1", "2", "3"))  # q1: the side's broken pen
            readings.append(BoxReading(q.id, o.id, BoxState.uncertain if held else BoxState.empty, 0.3,
                                       0.01 if held else 0.0, 1.0, 0.0, 0.0, 0.0))
            insides.append(dashes if held else np.zeros((17, 17), np.float32))
        return readings, insides

    clean = lambda: [np.zeros((17, 17), np.uint8) for _ in range(40)]  # noqa: E731
    readings, insides = side({("q9", "c2d3")})
    assert remains_in_columns(readings, pairs, insides, clean, DEFAULT) == readings
    readings, insides = side({("q9", "c1d5"), ("q9", "c2d3")})
    read = {(r.question_id, r.option_id): r.state for r in remains_in_columns(readings, pairs, insides, clean, DEFAULT)}
    assert read["q9", "c1d5"] == read["q9", "c2d3"] == BoxState.marked
    assert read["q1", "1"] == BoxState.uncertain  # a checkbox question's remains are not a grid's: left alone
