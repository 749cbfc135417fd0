"""The bars of fibre_paper.py are Thresholds (scanner/ink.py), and each sits where the real sides say it must.

Read through the whole pipeline with one threshold moved (read_page_marks given other Thresholds), on the real
texture sides of tests/data/texture (their provenance in tests/test_fibre_beside_mates.py):

- fibre_page_mark_share (0.85): pencil_x_short.jpg's q1 box 2 is a pencil X whose trace is 0.92 as dark as the
  median of the page's own marks read from light traces (0.098 against 0.107); a rubbed-out X (a fifth of the
  pencil) or one at half of it stays below (tests/test_fibre_beside_mates.py). A share above 0.92 asks about q1,
  when own_pen_share (own_pen_traces.py, which reads the same X by its length and darkness) is moved with it.
- fibre_blank_cross_margin: hard_pencil_x.jpg's q7 box 1, a hard pencil's X read empty, runs at 0.064 along its
  diagonals where the page's strongest plain square runs at 0.058: the margin must stay under that lead, or the
  X is read blank without a flag (main's silent error on texture seed 21).
- fibre_diagonal_share: pencil_x_fibres.jpg's q7 holds three light pencil X's read from light traces, each corner
  to corner; a share no diagonal can reach (above 1) leaves them in doubt, once strokes_above_paper.py is set aside
  too (above_paper_ratio out of reach): their lines stand above the page's straightest plain square, and it reads
  the same three X's by itself; so does crossed_strokes.py (crossed_paper_ratio out of reach too): each X's two
  strokes stand above the page's plain squares and its mates.
"""

from dataclasses import replace
from functools import partial
from pathlib import Path

import cv2
import numpy as np
import pytest

import scanner.pipeline as pipeline
from scanner.ingest import PageSource
from scanner.ink import DEFAULT
from scanner.marks import read_page_marks
from scanner.vocab import AnswerStatus

DATA = Path(__file__).parent / "data" / "texture"


def _read(name: str, template, monkeypatch=None, **moved: float):
    image = cv2.imdecode(np.frombuffer((DATA / name).read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    if moved:
        assert monkeypatch is not None
        monkeypatch.setattr(pipeline, "read_page_marks", partial(read_page_marks, th=replace(DEFAULT, **moved)))
    data = cv2.imencode(".png", image)[1].tobytes()
    return pipeline.read_page(PageSource("p.png", 0, "0" * 64, data, "png"), template, use_ocr=False)


def test_the_fibre_bars_are_thresholds():
    assert (DEFAULT.fibre_diagonal_share, DEFAULT.fibre_faint_ratio, DEFAULT.fibre_page_mark_share) == (0.8, 3.0, 0.85)
    assert 0.0 <= DEFAULT.fibre_blank_cross_margin < 0.006  # under the hard pencil X's lead (below)


def test_the_page_mark_share_reads_the_pencil_x_as_dark_as_the_page_s(template, monkeypatch):
    assert _read("pencil_x_short.jpg", template).questions["q1"].answer == ("2", "4", "5")
    got = _read("pencil_x_short.jpg", template, monkeypatch, fibre_page_mark_share=0.95,
                own_pen_share=0.95).questions["q1"]
    assert got.status == AnswerStatus.review, got


@pytest.mark.parametrize("margin, asked", [(DEFAULT.fibre_blank_cross_margin, True), (0.01, False)])
def test_the_blank_cross_margin_stays_under_the_hard_pencil_x_s_lead(template, monkeypatch, margin, asked):
    got = _read("hard_pencil_x.jpg", template, monkeypatch, fibre_blank_cross_margin=margin).questions["q7"]
    assert (got.status == AnswerStatus.review) == asked, got
    if not asked:
        assert got.status == AnswerStatus.blank  # what a wider margin would cost: the X read blank, unflagged


def test_the_diagonal_share_is_what_tells_a_light_x_from_fibres(template, monkeypatch):
    assert _read("pencil_x_fibres.jpg", template).questions["q7"].answer == ("2", "3", "4")
    got = _read("pencil_x_fibres.jpg", template, monkeypatch, fibre_diagonal_share=1.01,
                above_paper_ratio=100.0, crossed_paper_ratio=100.0, diagonal_paper_ratio=100.0).questions["q7"]
    assert got.status == AnswerStatus.review, got
    crossed = _read("pencil_x_fibres.jpg", template, monkeypatch, fibre_diagonal_share=1.01,
                    above_paper_ratio=100.0).questions["q7"]
    assert (crossed.status, crossed.answer) == (AnswerStatus.answered, ("2", "3", "4")), crossed
