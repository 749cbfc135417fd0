"""Fibrous, textured paper (issue 23): a paper texture made here with numpy alone, of the kind Augraphy's
NoiseTexturize lays over a page (layers of smooth Gaussian noise on coarse random grids), over the same filled
sheets scanned plain. The texture is no one's ink: it must send no marked question to review that the plain sheet did
not, few blank ones, and never be read as an answer or hide one."""

import cv2
import numpy as np
import pytest

from scanner._exec.poppler import render_pages
from scanner.corpus.degrade import degrade
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.pipeline import read_page

SRC_DPI = 300
PEN_MARKS = (("a1", "2", "x"), ("a4", "3", "tick"), ("q1", "1", "x"), ("q1", "4", "slash"), ("q2", "2", "x"))
PENCIL_MARKS = (("a3", "4", "x"), ("a5", "1", "tick"))
ANSWERS = {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"], "q2": ["2"], "a3": ["4"], "a5": ["1"]}


@pytest.fixture(scope="module")
def filled(tmp_path_factory, template):
    tmp = tmp_path_factory.mktemp("textured")
    render_forms(template, [SheetSpec("MS", 12)], tmp / "f.pdf")
    img = render_pages(tmp / "f.pdf", SRC_DPI, 1, 1)[0].copy()
    for marks, pen, seed in ((PEN_MARKS, "ballpoint_blue", 1), (PENCIL_MARKS, "pencil", 2)):
        cv = Canvas(img, SRC_DPI / 25.4, np.random.default_rng(seed))
        for qid, oid, style in marks:
            draw_mark(cv, template.question(qid).option(oid).box, style, PENS[pen])
    return img


def texture(shape, sigma, rng):
    """Paper fibres: smooth Gaussian noise on coarse grids (100-500 cells a side, drawn apart for each axis, so
    the blotches run long one way), laid on several times over, as recycled or fibrous paper looks scanned."""
    h, w = shape
    out = np.zeros(shape, np.float32)
    for _ in range(int(np.log(w) / np.log(3))):
        grid = rng.normal(0.0, sigma, (int(rng.integers(100, 500)), int(rng.integers(100, 500)))).astype(np.float32)
        out += cv2.resize(grid, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def _scan(img, seed, sigma=None):
    scan = degrade(img, SRC_DPI, "flatbed", np.random.default_rng(seed)).image
    if sigma is not None:
        scan = np.clip(scan.astype(np.float32) + texture(scan.shape, sigma, np.random.default_rng(seed)), 0, 255)
    data = cv2.imencode(".jpg", scan.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    return PageSource("p.jpg", 0, "0" * 64, data, "jpeg")


def _reviewed(res):
    return {q for q, r in res.questions.items() if r.status == "review"}


@pytest.mark.parametrize("seed, sigma", [(3, 3.0), (4, 5.0), (7, 5.0)])
def test_a_textured_paper_sends_no_more_to_review_than_plain_paper(filled, template, seed, sigma):
    plain = read_page(_scan(filled, seed), template, use_ocr=False)
    textured = read_page(_scan(filled, seed, sigma), template, use_ocr=False)
    assert plain.status == textured.status == "form"
    for res in (plain, textured):
        accepted = {q: list(r.answer) for q, r in res.questions.items() if r.status != "review"}
        assert all(accepted[q] == ANSWERS.get(q, []) for q in accepted), accepted  # never silently wrong
    # a question with a clear mark is never sent to review for the texture around it ...
    strayed = {q for q, r in textured.questions.items() if "stray_ink" in r.reasons}
    assert not strayed & set(ANSWERS) - _reviewed(plain), (_reviewed(plain), textured.stray)
    # ... while a blank one keeps its stray traces asked about (a pencil lost in the texture may have left only those)
    assert len(_reviewed(textured)) <= len(_reviewed(plain)) + 3, (_reviewed(plain), textured.stray)


def test_the_texture_is_measured_on_the_page_and_clean_paper_keeps_its_bars(filled, template):
    """On a plain scan the bars for faint ink stay where they are; on textured paper they rise above its fibres."""
    from scanner.ink import DEFAULT
    from scanner.texture import above_texture

    assert above_texture(DEFAULT, 0.0) is DEFAULT
    raised = above_texture(DEFAULT, 0.2)
    assert raised.faint_trace_ink > 0.2 and raised.faint_ink > 0.2 and raised.stray_ink >= DEFAULT.stray_ink


def test_the_plain_squares_are_measured_once_per_page(filled, template, monkeypatch):
    """Judging a clean page and measuring the paper's texture both read the page's plain squares: one measure
    serves both (counted on the real function; the readings are those of the pages read without counting)."""
    import scanner.marks as marks

    calls = {"squares": 0, "clean": 0, "texture": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    scans = [_scan(filled, 7, 5.0), _scan(filled, 3, None)]
    before = [read_page(s, template, use_ocr=False) for s in scans]
    monkeypatch.setattr(marks, "plain_squares", counted("squares", marks.plain_squares))
    monkeypatch.setattr(marks, "_paper_clear_of", counted("clean", marks._paper_clear_of))
    monkeypatch.setattr(marks, "paper_texture", counted("texture", marks.paper_texture))
    both = 0
    for scan, plain in zip(scans, before, strict=True):
        calls.update(squares=0, clean=0, texture=0)
        res = read_page(scan, template, use_ocr=False)
        assert {q: (r.answer, r.status) for q, r in res.questions.items()} == \
            {q: (r.answer, r.status) for q, r in plain.questions.items()}
        assert calls["squares"] == (1 if calls["clean"] or calls["texture"] else 0), calls
        both += bool(calls["clean"] and calls["texture"])
    assert both, "no page asked both questions of its plain squares; the test would prove nothing"
