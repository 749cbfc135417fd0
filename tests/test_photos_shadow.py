"""Phone photos with a hand's or the phone's shadow across the page and darkened corners: in the shadow, the
camera's noise (about as many grey levels as in the light) weighs more against the darker paper, and empty boxes
there showed "traces" barely above the page's noise floor. The side is drawn with known answers (the generator's
own marks), shaded and photographed here, and read: the answers must be the drawn ones, and a clear mark must not
wait for a reviewer because its question's empty boxes lie in the shadow."""

import cv2
import numpy as np
import pytest

from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.fine import in_shade
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from tests.photo_support import blank_side, side_one_answers


@pytest.fixture(scope="module")
def blank(template, tmp_path_factory):
    return blank_side(template, tmp_path_factory.mktemp("form"), 31)



def _shaded_photo(img: np.ndarray, rng: np.random.Generator) -> bytes:
    """A soft-edged shadow over 35-60 % of the page, 40-50 % darker, corners vignetted; then the camera's noise
    (a few grey levels, the same in light and shade), a 1,500-pixel picture and a chat app's JPEG."""
    h, w = img.shape
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, 2 * np.pi)
    side = (gx / w - 0.5) * np.cos(a) + (gy / h - 0.5) * np.sin(a) - rng.uniform(-0.1, 0.15)
    shadow = np.clip(0.5 + side / rng.uniform(0.02, 0.05), 0, 1)
    light = (1 - rng.uniform(0.4, 0.5) * shadow) * (1 - 0.2 * (((gx - w / 2) / w) ** 2 + ((gy - h / 2) / h) ** 2) * 2)
    scale = 1500 / max(h, w)
    small = cv2.resize(img.astype(np.float32) * light, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = np.clip(small * 0.92 + rng.normal(0, rng.uniform(3, 5), small.shape), 0, 255).astype(np.uint8)
    return cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes()


def _read(template, blank, seed):
    from scanner.corpus.generate import PX_PER_MM

    rng = np.random.default_rng(seed)
    answers = side_one_answers(template, rng)
    paper = blank.copy()
    cv = Canvas(paper, PX_PER_MM, rng)
    for qid, oids in answers.items():
        for oid in oids:
            draw_mark(cv, template.question(qid).option(oid).box, str(rng.choice(["x", "tick"])), PENS["ballpoint_blue"])
    data = _shaded_photo(paper, rng)
    return answers, read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)


def test_shaded_photo_read_without_a_reviewer(template, blank):
    """Over six shaded photos: never an answer other than the drawn one, and at most one question in twenty sent
    to a person though its mark is clear."""
    wrong, asked, total, aside = [], [], 0, []
    for seed in range(6):
        answers, res = _read(template, blank, seed)
        if res.status != "form":
            aside.append((seed, res.message))
            continue
        for qid, want in answers.items():
            r = res.questions[qid]
            total += 1
            if r.status == "review":
                asked.append((seed, qid, [x.value for x in r.reasons]))
            elif tuple(sorted(r.answer)) != want:
                wrong.append((seed, qid, r.answer, want))
    assert aside == []
    assert wrong == []
    assert total >= 30, total
    assert len(asked) <= 0.05 * total, asked


def test_only_boxes_in_a_shadow_are_scaled():
    """A box lit as the page's typical box keeps its response exactly; one at half the light has it halved."""
    lines = [np.full((4, 4), 0.2, np.float32) for _ in range(5)]
    out = in_shade(lines, [200.0, 198.0, 203.0, 180.0, 100.0])
    assert all(np.array_equal(a, b) for a, b in zip(out[:4], lines[:4]))
    assert np.allclose(out[4], 0.2 * 100.0 / 198.0)  # against the median box, lit at 198


def test_a_wide_fill_in_a_lit_box_is_not_taken_for_a_shadow():
    """A box's light is the paper's round it: a fill wider than the paper-level closing darkens the inside, not
    the band round it, so its response is left as it is; a box in a real shadow (paper round it darker) is scaled."""
    from scanner.fine import Fine

    canon = np.full((60, 200), 220, np.uint8)
    canon[:, 100:] = 120  # the shadow's half
    canon[20:40, 20:40] = 150  # a light fill, 20 px wide
    canon[28:31, 135:145] = 60  # a stroke in the shadow
    fine = Fine(canon, 220.0, 180.0)
    filled, shaded, plain = fine.lines([(20, 40, 20, 40), (20, 40, 130, 150), (20, 40, 60, 80)])
    assert np.array_equal(filled, fine.lines([(20, 40, 20, 40)])[0])
    assert np.allclose(shaded, fine.lines([(20, 40, 130, 150)])[0] * 120 / 220, atol=1e-5)
    assert float(plain.max()) == 0.0


def test_a_hazy_box_in_a_shadow_keeps_its_full_response():
    """Haze in the inside (the page's coarse darkness) says something may be there: a light pencil stroke in a
    shadow is as faint as the noise, so such a box is not scaled and its trace still asks for a reviewer."""
    lines = [np.full((4, 4), 0.2, np.float32) for _ in range(5)]
    out = in_shade(lines, [200.0, 198.0, 203.0, 100.0, 100.0], [False, False, False, False, True])
    assert np.allclose(out[3], 0.2 * 100.0 / 198.0)  # against the median box, lit at 198
    assert np.array_equal(out[4], lines[4])
