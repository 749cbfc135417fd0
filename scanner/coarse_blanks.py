"""A question read blank on a coarse, grainy phone photo is asked about: a hard pencil's light tick may be gone.

Chat apps send a page photographed by phone at about 1,100 x 1,500 pixels, some 5 pixels a millimetre. There a hard
(2H) pencil's tick, a line 0.3 mm wide and 6-11 % darker than the paper, is averaged with the paper into less than
the photo's grain: on heldout_augraphy photo seed 21 (stack005_flatbed_005, a blue ballpoint side) a1's 2H tick in
box 4 left nothing a box's crop shows (its mean darkness against the paper round it equal to its empty mates', its
straightest line 0.031 against 0.023-0.028), and a1 was read blank, unflagged, beside the side's plain answers.
Nothing on such a picture says a blank question is blank, so on a grey side whose source gives fewer than
coarse_px_per_mm pixels a millimetre, lit unevenly as a phone's photo is (the paper's darkest block at most
coarse_light_max of the brightest: seed 21's photos 0.40-0.91, the silent side 0.64; scanned textured and copied
sides 0.97-1.0, unless a copier's blotches darken a block), and whose empty boxes reach a line response
(marks.PageMarks.floor) of at least hidden_floor_min by themselves (the lightest 2H pencil's darkness), a question
read blank is asked about, unless the form asks it only of some respondents (then the record's skip logic judges
it). A scan at 200 dpi (7.9 pixels a millimetre) or a photo of 8 megapixels shows such a tick, and a clean
picture's boxes stay below the floor. An evenly lit coarse photo hides it just as well: the same side with its light
flattened (evenness 0.91) read a1 blank, unflagged (tests/test_photos_coarse_even_light.py). Light alone does not
tell such a photo from a 150 dpi copy (5.9 pixels a millimetre, lit 0.89-0.99: tests/data/copies), whose blanks
stay blank, so an evenly lit side (up to even_light_max) is asked only where its source is coarser than
even_px_per_mm, as a chat app's photo is (5.0-5.2). On the photo corpora p21, p40 and w31 the coarse grainy sides
lit 0.85-0.92 (8 sides) held no question read blank. A photo an app has flattened to a scanner's evenness (0.97
and more), or sent at more than 5.5 pixels a millimetre, still keeps its blanks.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from .ink import DEFAULT, Thresholds
from .rules import QuestionResult
from .vocab import AnswerStatus, ReviewReason


def source_px_per_mm(homography: Sequence[Sequence[float]], page_mm: tuple[float, float]) -> float:
    """Pixels a millimetre of the source picture at the page's middle (homography: the page's millimetres to the
    source's pixels, as pipeline.PageResult keeps it), the lesser of across and down."""
    h = np.asarray(homography, dtype=float)
    w, ht = page_mm

    def px(x: float, y: float) -> np.ndarray:
        v = h @ np.array([x, y, 1.0])
        return v[:2] / v[2]

    mid = px(w / 2, ht / 2)
    return float(min(np.linalg.norm(px(w / 2 + 1, ht / 2) - mid), np.linalg.norm(px(w / 2, ht / 2 + 1) - mid)))


def light_evenness(canon: np.ndarray) -> float:
    """How evenly the aligned grey page is lit: the paper's level (the 90th percentile) in the darkest of 8 x 6 blocks
    over that in the brightest (1.0 on a scanner's glass)."""
    h, w = canon.shape
    bh, bw = h // 8, w // 6
    if not bh or not bw:
        return 1.0
    papers = [float(np.percentile(canon[i * bh:(i + 1) * bh:2, j * bw:(j + 1) * bw:2], 90))
              for i in range(8) for j in range(6)]
    return min(papers) / max(max(papers), 1.0)


def may_hide_ticks(px_per_mm: float, floor: float, bilevel: bool, th: Thresholds = DEFAULT) -> bool:
    """The cheap half of blanks_unseen's test: a coarse grey source whose empty boxes reach the floor. Asked first, so
    that light_evenness (3-10 ms a page) is measured only on such pages."""
    return not bilevel and px_per_mm < th.coarse_px_per_mm and floor >= th.hidden_floor_min


def blanks_unseen(results: dict[str, QuestionResult], px_per_mm: float, evenness: float, floor: float,
                  bilevel: bool, conditional: Collection[str] = (),
                  th: Thresholds = DEFAULT) -> dict[str, QuestionResult]:
    """The side's results with each question read blank asked about where the picture can hide a hard pencil's
    tick (the module's docstring); a 1-bit side has its own rule (rules.apply_rules: blank_on_bilevel).
    evenness: light_evenness of the aligned page."""
    if not may_hide_ticks(px_per_mm, floor, bilevel, th) or (evenness > th.coarse_light_max and not (
            px_per_mm < th.even_px_per_mm and evenness <= th.even_light_max)):
        return results
    return {q: QuestionResult(q, r.answer, AnswerStatus.review, (ReviewReason.blank_on_coarse_photo,), r.confidence)
            if r.status == AnswerStatus.blank and q not in conditional else r for q, r in results.items()}
