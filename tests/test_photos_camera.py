"""Phone photos through a camera turned out of the page's plane, with the frame's lower edge cutting both lower
registration marks off while every box stays in the picture: the two upper marks and the QR code lie along one
edge and fix no perspective, so the printed boxes must carry the registration down the page. The side is drawn
with known answers (the generator's own marks), photographed here (benchmarks.photos_heldout's camera), and read:
the page must be read, not set aside, with the drawn answers."""

import cv2
import numpy as np
import pytest

from benchmarks.photos_heldout import camera, place, project
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from tests.photo_support import blank_side, side_one_answers


@pytest.fixture(scope="module")
def blank(template, tmp_path_factory):
    return blank_side(template, tmp_path_factory.mktemp("form"), 41)



def _photo_cut_below_boxes(page: np.ndarray, template, rng: np.random.Generator) -> bytes:
    """The page through a camera tilted 6-12° out of its plane on a 2-megapixel frame, the frame's lower edge
    just below the last row of boxes (4 mm clear of it), so both lower marks are out of the picture."""
    h, w = page.shape
    px_mm = w / template.page_size[0]
    fw, fh = 1224, 1632
    hm = place(camera(w, h, float(rng.uniform(6, 12)), float(rng.uniform(-1, 1)), rng), w, h, fw, fh, rng)
    last = max(b.rect.y + b.rect.h for b in template.boxes(1))
    edge = project(hm, np.array([[x, (last + 4) * px_mm] for x in np.linspace(0, w, 21)]))
    img = cv2.warpPerspective(page, hm, (fw, fh), flags=cv2.INTER_AREA, borderValue=90)
    img = img[:int(np.ceil(edge[:, 1].max())), :]
    noisy = np.clip(img + rng.normal(0, 3, img.shape), 0, 255).astype(np.uint8)
    return cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes()


def test_photo_with_both_lower_marks_cut_off_is_read_by_its_boxes(template, blank):
    """Six tilted photos, each with both lower marks cut off: all read, every answer the drawn one."""
    from scanner.corpus.generate import PX_PER_MM

    aside, wrong, asked, total = [], [], [], 0
    for seed in range(6):
        rng = np.random.default_rng(100 + seed)
        answers = side_one_answers(template, rng, several=False)
        paper = blank.copy()
        cv = Canvas(paper, PX_PER_MM, rng)
        for qid, oids in answers.items():
            for oid in oids:
                draw_mark(cv, template.question(qid).option(oid).box, "x", PENS["ballpoint_blue"])
        res = read_page(PageSource("p.jpg", 0, "0" * 64, _photo_cut_below_boxes(paper, template, rng), "jpeg"),
                        template, use_ocr=False)
        if res.status != "form":
            aside.append((seed, res.message))
            continue
        assert len(res.markers) <= 2, res.markers  # the lower marks really are gone
        for qid, want in answers.items():
            r = res.questions[qid]
            total += 1
            if r.status == "review":
                asked.append((seed, qid))
            elif tuple(sorted(r.answer)) != want:
                wrong.append((seed, qid, r.answer, want))
    assert aside == []
    assert wrong == []
    assert len(asked) <= 0.1 * total, asked
