"""A ballpoint tick under a phone photo's cast shadow is read as the mark it is (scanner/shadow_marks.py).

Under a shadow every pixel of a box's inside stands above the faint-ink level of the page's lit paper, so read_box's
test for a box shaded all over in a hard pencil to cancel it put the tick in doubt (heldout_augraphy photo seed 20:
stack003_flatbed_005 a1, stack001_flatbed_007 q6, stack001_flatbed_001 a3, each a plain ballpoint mark sent to a
reviewer). Against the paper round the box, under the same shadow, the tick reads marked; a box shaded in pencil
keeps its doubt there, and so does a shaded box on lit paper.

The page is drawn here: darkness 0 paper .. 1 ink, at the aligned page's scale (scanner.ink.K, 5 px per mm), a
17 x 17 inside as marks.py cuts it, a printed outline round it and the paper beyond."""

import numpy as np

from scanner.box_state import read_box
from scanner.fine import Fine, line_response
from scanner.ink import DEFAULT, BoxReading
from scanner.shadow_marks import marks_in_shadow
from scanner.template import load_template
from scanner.vocab import BoxState

PLACE = (30, 47, 30, 47)  # the inside (y0, y1, x0, x1)


def _page(shadow: float, inside_fill: float, tick: float) -> np.ndarray:
    """A page's darkness: paper under a shadow of this darkness, a printed outline round the inside, the inside
    filled to inside_fill (above the shadow) and a tick two pixels wide of this darkness drawn across it."""
    rng = np.random.default_rng(3)
    page = np.clip(shadow + rng.normal(0, 0.015, (80, 80)), 0, 1).astype(np.float32)
    y0, y1, x0, x1 = PLACE
    page[y0 - 2:y1 + 2, x0 - 2:x1 + 2] = 0.85  # the outline, 2 px
    page[y0:y1, x0:x1] = np.clip(shadow + inside_fill + rng.normal(0, 0.015, (17, 17)), 0, 1)
    for i in range(8, 16):  # the tick's long arm, rising to the right, and its short one
        for d in (0, 1):
            page[y0 + 16 - i, x0 + i - 1 + d] = tick
    for i in range(4, 9):
        for d in (0, 1):
            page[y0 + i + 4, x0 + i - 1 + d] = tick
    return page


def _read(page: np.ndarray) -> tuple[BoxReading, BoxReading]:
    """The box read alone (read_box), then again by marks_in_shadow."""
    y0, y1, x0, x1 = PLACE
    inside = page[y0:y1, x0:x1].copy()
    line = line_response(inside)[1:-1, 1:-1]
    first = read_box("a1", "5", inside, line, 0, 0, 0.05, DEFAULT)
    q = load_template().question("a1")
    fine = Fine.of(((1 - page) * 255).astype(np.uint8), (255.0, 255.0))  # the grey page, white paper 255
    again = marks_in_shadow([first], [(q, q.options[-1])], [inside], [PLACE], [(0, 0)], [line],
                            (page * 255).astype(np.uint8), fine, 0.05, DEFAULT)[0]
    return first, again


def test_a_tick_under_a_cast_shadow_is_read_marked():
    first, again = _read(_page(shadow=0.2, inside_fill=0.0, tick=0.75))
    assert first.state == BoxState.uncertain  # faint all over: read_box took it for a pencil's shading
    assert again.state == BoxState.marked and again.confidence <= DEFAULT.shadow_mark_confidence


def test_a_box_shaded_in_pencil_on_grey_paper_keeps_its_doubt():
    """A hard pencil's shading (0.14 above a paper 0.06 grey) over its own X, a little darker: against the paper
    round it the shading alone would pass under faint ink, but its strokes are no pen's (shadow_stroke_min)."""
    first, again = _read(_page(shadow=0.06, inside_fill=0.14, tick=0.4))
    assert first.state == BoxState.uncertain and again.state == BoxState.uncertain
