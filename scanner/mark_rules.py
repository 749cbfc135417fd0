"""The rules that read a side's boxes again after their first reading (marks.read_page_marks reads each box alone,
box_batch.read_boxes): against the page's own paper, its blotches and specks, a fax's remains, a light hand, the
boxes' mates and lines run through them. Each rule sees every box's reading as the one before left it; their order
is read_again's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .blotches import Blotched, blotched_page, flat_grey_boxes, may_be_blotch
from .box_batch import InsideCounts
from .box_place import Found
from .box_state import read_box
from .broken_marks import read_broken_singles, read_light_singles
from .clean_light_hand import light_marks_on_clean
from .copy_specks import specks_beside_marks
from .crossed_strokes import PaperCrossings, crossed_strokes
from .dense_crosses import dense_crosses
from .diagonal_strokes import PaperDiagonals, diagonal_strokes
from .faint_beside_light_marks import faint_beside_light_marks
from .fast_stats import median
from .fax_dashes import strokes_in_dashes
from .fax_dense_like_mate import dense_like_mate
from .fax_fills import fills_kept_in_part
from .fax_grid_remains import remains_in_columns
from .fibre_paper import (
    crosses_in_blanks,
    crosses_like_the_page,
    fibres_beside_marks,
    filled_on_paper,
    light_crosses,
    mottled_fill,
)
from .fine import Fine, line_response
from .grain_beside_marks import grain_beside_marks
from .ink import DEFAULT, BoxReading, K, Thresholds, share_above
from .light_fills import fills_read_as_light_marks
from .light_hand import light_and_inked
from .light_lines_through import light_lines_through
from .light_pen_below_floor import full_strokes_of_own_pen
from .local_blotches import grey_boxes, strokes_page
from .mates import Mottle, strokes_among_mates
from .own_pen_traces import traces_like_own_pen
from .paper_lines import lines_against_paper
from .pencil_beside_pen import still_held, strokes_kept
from .pencil_left_empty import strokes_left_empty
from .reference import paper_patches
from .shadow_marks import marks_in_shadow
from .speckled_rings import specks_in_rings
from .speckled_through import runs_through_paper
from .speckled_window import specks_in_window
from .specks_beside_ring_mark import specks_beside_ring_mark
from .straight_beyond_paper import straight_beyond_paper
from .strokes import stands_out, straightest
from .strokes_above_paper import strokes_above_paper
from .strokes_above_ring import strokes_above_ring
from .template import Option, Question, Template
from .traces import Paper, Trace, paper_envelope, trace
from .traces_beside_ink import traces_beside_ink
from .vocab import BoxState


@dataclass(frozen=True)
class Side:
    """One side's boxes as read_page_marks found and first read them, for the rules that read them again."""

    dark8: np.ndarray
    printed: np.ndarray
    template: Template
    page: int
    questions: list[Question]
    pairs: list[tuple[Question, Option]]
    found: list[Found]
    ins: list[np.ndarray]  # the boxes' insides
    places: list[tuple[int, int, int, int]]
    lines: list[np.ndarray]  # their line responses
    floor: float  # the line response the side's empty boxes reach by themselves (noise_floor)
    fine: Fine | None
    th: Thresholds
    bilevel: bool
    plain: Callable[[], list[np.ndarray]]  # the page's plain squares, measured once when first asked for


@dataclass(frozen=True)
class Ruled:
    """The readings after the rules, and what read_page_marks still asks of them (its stray ink's rules)."""

    readings: list[BoxReading]
    paper: Paper | None  # the page's own paper, when a box in doubt asked for it
    doubtful: list[int]  # the boxes the first reading left in doubt or read from a light trace alone
    blotches: Blotched | None  # the page's blotches, when it has any
    ringed: dict[str, float]  # per question under a local blotch, that blotch's level (local_blotches.grey_boxes)
    gone: set[str]  # the questions a blotch or the paper's specks cleared a box of
    cleared: list[Question]  # ... the same, as questions
    from_remains: frozenset[str]  # questions read from a light pen's remains (1-bit sides)
    settled: frozenset[int] = frozenset()  # the boxes whose inkless doubts the page's own paper settled (still
    # counted as doubts by the page's rules, light_hand and rules.page_rules: they tell of a light hand as they did)


def read_again(side: Side, readings: list[BoxReading]) -> Ruled:
    """The first readings of a side's boxes read again by each rule in turn (moved here from read_page_marks)."""
    dark8, printed, template, page, questions = side.dark8, side.printed, side.template, side.page, side.questions
    pairs, found, ins, places, lines = side.pairs, side.found, side.ins, side.places, side.lines
    floor, fine, th, bilevel, plain = side.floor, side.fine, side.th, side.bilevel, side.plain
    if not bilevel:  # a felt X a copier's spread or a photo's blur closed (dense_crosses.py)
        readings = dense_crosses(readings, ins, th)
    if not bilevel and fine is not None:  # a pen's mark under a photo's cast shadow (shadow_marks.py)
        readings = marks_in_shadow(readings, pairs, ins, places, [(dx, dy) for _, _, dx, dy in found], lines, dark8,
                                   fine, floor, th)
    # The page's own paper is measured only when a box is in doubt or read from a light trace alone (most pages
    # have none): a box that plainly holds ink, or plainly none, reads the same against any paper.
    doubtful = [k for k, r in enumerate(readings) if _paper_may_explain(r, lines[k], floor, th)]
    squared = _squares(dark8, template, page, found, fine) if doubtful else ([], [])
    paper = paper_envelope(squared[0], squared[1], floor, th) if squared[0] else None
    explained: list[int] = []  # boxes read empty as the page's own paper
    hazed: list[int] = []  # ... and those of them a haze line put in doubt (mates.strokes_among_mates)
    if paper is not None:  # on speckled or fibrous paper two specks side by side can pass for a short light stroke ...
        # ... as long as the page's own paper shows them, and a stroke must be clearly longer
        th_paper = replace(th, trace_marked_mm=min(th.trace_marked_mm + th.paper_marked_extra_mm,
                                                   max(th.trace_marked_mm, paper.length_mm + th.paper_marked_extra_mm)))
        for k in doubtful:
            (q, o), (inside, _, dx, dy) = pairs[k], found[k]
            readings[k] = read_box(q.id, o.id, inside, lines[k], dx, dy, floor, th_paper, bilevel, paper)
        explained = [k for k in doubtful if readings[k].state == BoxState.empty]
        readings = _strokes_in_haze(readings, explained, pairs, ins, th)
        if paper.faint <= th.mate_alone_faint_max:  # fibres, not a photo's haze over every square (mates.py)
            hazed = [k for k in explained if readings[k].state != BoxState.empty]
        explained = [k for k in explained if readings[k].state == BoxState.empty]  # still the paper's
        if not bilevel:  # a copy's specks joined into a faint trace beside a plain mark; fibres likewise
            readings = specks_beside_marks(readings, pairs, ins, lines, floor, paper, th)
            readings = fibres_beside_marks(readings, pairs, ins, lines, floor, paper,
                                           lambda: squared[1], th)
            readings = crosses_in_blanks(readings, lines, squared[1], paper, th)  # a pencil X under the floor
    if not bilevel and any(mottled_fill(r, found[k][0], th) for k, r in enumerate(readings)):
        readings = filled_on_paper(readings, ins, th)  # a fill mottled by the paper or the pen (fibre_paper.py)
    # a copy of a copy's grey blotches fill empty boxes (blotches.py; never on a clean page: no blotched page)
    blotched = [] if bilevel or fine is None else [k for k, r in enumerate(readings) if may_be_blotch(r, found[k][0], th)]
    blotches = blotched_page(plain(), fine, template, page, _inside_size(found), th) if blotched and fine else None
    held: dict[int, BoxReading] = {}  # boxes of a light stroke beside a plain mark, kept in doubt (pencil_beside_pen.py)
    grey = strokes_kept(readings, flat_grey_boxes(readings, pairs, ins, places, blotches, blotched, th), pairs, ins, th,
                        held)
    ringed: dict[str, float] = {}
    if blotches is None and fine is not None and not bilevel:  # ... or a few boxes only (local_blotches.py)
        grey, ringed, empty = grey_boxes(grey, pairs, ins, places, blotched, dark8, printed, fine, th)
        if ringed:
            blotches = strokes_page(fine, lambda: paper_patches(template, page, _inside_size(found), K), empty, th)
    if blotched and fine is not None:  # ... or a copy's toner specks, as on the paper round the box (speckled_rings.py)
        grey = strokes_kept(grey, specks_in_rings(grey, pairs, ins, places, blotched, dark8, printed, fine, th), pairs,
                            ins, th, held)
    gone = {a.question_id for a, b in zip(grey, readings, strict=True) if a.state != b.state}
    cleared, readings = [q for q in questions if q.id in gone], grey
    from_remains: frozenset[str] = frozenset()
    settled: frozenset[int] = frozenset()
    if bilevel:
        readings = fills_kept_in_part(readings, ins, th)  # a fill the fax notched (fax_fills.py)
        readings = strokes_in_dashes(readings, ins, th)  # a pen's strokes the fax cut into dashes (fax_dashes.py)
        kept = dense_like_mate(readings, _dense_among_broken(readings, th), th)  # fax_dense_like_mate.py
        readings = read_broken_singles(kept, questions, th)
        readings = remains_in_columns(readings, pairs, ins, plain, th)  # a grid's broken marks, column by column
        from_remains = frozenset(r.question_id for r, k in zip(readings, kept, strict=True) if r.state != k.state)
    else:
        readings = read_light_singles(readings, questions, _light_strokes(readings, lines, floor, th), th)
        if any(_from_trace_alone(r, th) for r in readings):
            paper = paper or (None if doubtful else _paper(dark8, template, page, found, fine, floor, th))
            readings = _speckled_traces(readings, paper, th,
                                        light_crosses(readings, ins, lines, floor, paper, th))
            readings = traces_beside_ink(readings, paper, th)  # ... even on a side of traces (traces_beside_ink.py)
        if paper is not None and any(r.state == BoxState.uncertain and r.coverage < th.marked_min for r in readings):
            readings = crosses_like_the_page(readings, ins, lines, floor, paper, th)  # fibre_paper.py
    if fine is not None and not bilevel:
        patches = lambda: paper_patches(template, page, _inside_size(found), K)  # noqa: E731
        mottle = Mottle(fine, patches, th)  # the page's paper's lines, measured once when first asked for
        readings = strokes_among_mates(readings, pairs, places, ins, fine, th, patches, mottle, hazed)
        readings = lines_against_paper(readings, pairs, places, ins, fine, explained, mottle, th)  # paper_lines.py
        readings = grain_beside_marks(readings, pairs, places, fine, th)  # a photo's grain beside pen marks
        readings = still_held(readings, held)
        before = readings
        readings = strokes_above_paper(readings, pairs, places, fine, mottle, th)  # a light stroke above the paper
        readings = crossed_strokes(readings, pairs, places, fine, PaperCrossings(mottle, th), th)  # an X
        readings = diagonal_strokes(readings, pairs, places, fine, PaperDiagonals(mottle, th), th, hazed)  # corner to corner
        settled = frozenset(k for k, (a, b) in enumerate(zip(readings, before, strict=True)) if a.state != b.state)
    if not bilevel:  # a hard pencil on clean paper, against the side's own empty boxes (clean_light_hand.py)
        unweighed = readings
        readings = light_marks_on_clean(readings, pairs, ins, th)
    if not bilevel:  # a light pencil's doubt drawn as the side's own plain marks (own_pen_traces.py)
        readings = traces_like_own_pen(readings, lines, floor, paper,
                                       lambda: squared[1] or _squares(dark8, template, page, found, fine)[1], th)
        readings = straight_beyond_paper(readings, ins, lines, floor, paper,  # straight_beyond_paper.py
                                         lambda: squared[0] or _squares(dark8, template, page, found, fine)[0], th)
        readings = full_strokes_of_own_pen(readings, lines, floor, paper,  # light_pen_below_floor.py
                                           lambda: squared[1] or _squares(dark8, template, page, found, fine)[1], th)
        readings = faint_beside_light_marks(readings, pairs, lines, floor, th)  # faint_beside_light_marks.py
        readings = fills_read_as_light_marks(unweighed, readings, ins, th)  # ... none of them a fill (light_fills.py)
    if not bilevel and fine is not None:  # a copy's specks beside a plain mark, as the paper round them (speckled_window.py)
        readings = specks_in_window(readings, pairs, ins, places, printed, fine, th)
    if not bilevel:  # a light stroke above the specks right round its box (strokes_above_ring.py), and specks beside it
        before = readings  # (specks_beside_ring_mark.py): still counted as doubts by the page's rules, as they were read
        readings = strokes_above_ring(readings, pairs, ins, places, dark8, printed, plain, th)
        readings = specks_beside_ring_mark(readings, pairs, ins, places, dark8, printed, th)
        settled = settled | frozenset(k for k, (a, b) in enumerate(zip(readings, before, strict=True)) if a.state != b.state)
    if not bilevel:  # a light pencil's stroke read empty beside a pen's marks (pencil_left_empty.py)
        readings = strokes_left_empty(readings, pairs, ins, th)
    for k, r in enumerate(readings):
        if r.state == BoxState.marked and r.coverage <= th.through_coverage_max and runs_through_paper(
                dark8, printed, places, k, r.shift, ins[k], fine, th):
            readings[k] = replace(r, state=BoxState.uncertain, confidence=0.3)
    if not bilevel:  # ... and a light line across the page, followed at its own level (light_lines_through.py)
        readings = light_lines_through(readings, dark8, places, ins, fine, th, printed)
    return Ruled(readings, paper, doubtful, blotches, ringed, gone, cleared, from_remains, settled)


def _dense_among_broken(readings: list[BoxReading], th: Thresholds) -> list[BoxReading]:
    """On a 1-bit page whose marks are mostly broken remains (a light pencil the threshold took most of), a full
    X standing out among them is asked about.

    That X may be a box the person filled in with the same pencil to cancel
    it: drawn twice over, its X survived the threshold while its shading and
    the chosen box's own X did not.
    """
    inked = [r.coverage for r in readings if r.state != BoxState.empty]
    if len(inked) < 3 or float(np.median(inked)) >= th.marked_min:
        return readings
    return [replace(r, state=BoxState.uncertain, confidence=0.3) if r.state == BoxState.marked and r.coverage >= th.broken_dense_min
            else r for r in readings]


def _light_strokes(readings: list[BoxReading], lines: list[np.ndarray], floor: float, th: Thresholds) -> dict[int, Trace]:
    """The doubtful boxes' strokes longer than two specks side by side can be and above the noise, though lighter
    than a mark must be alone."""
    out = {}
    for k, r in enumerate(readings):
        if r.state != BoxState.uncertain or r.coverage >= th.marked_min:
            continue
        tr = trace(lines[k], floor, th)
        span = (float(np.hypot(lines[k].shape[0] - 2 * th.rim_px, lines[k].shape[1] - 2 * th.rim_px)) / K
                if th.rim_px and lines[k].size else None)
        needed = th.trace_marked_mm + th.paper_marked_extra_mm
        if span is not None:
            needed = min(needed, th.trace_span_share * span)
        if tr is not None and tr.length_mm >= needed and tr.darkness >= th.trace_short_ratio * tr.level:
            out[k] = tr
    return out


def _from_trace_alone(r: BoxReading, th: Thresholds) -> bool:
    return r.state == BoxState.marked and r.coverage < th.marked_min


def _speckled_traces(readings: list[BoxReading], paper: Paper | None, th: Thresholds,
                     crosses: set[int] | frozenset[int] = frozenset()) -> list[BoxReading]:
    """On a page whose plain paper holds specks of ink (a copier's toner, recycled paper's fibres), a box read
    marked from a light trace alone is asked about: specks in a row, joined by the line detector, and a copier's
    faint line make the same trace as a light pen (heldout_augraphy copies, seed 11: 13 of the 15 such boxes were
    empty), and on a single choice left blank it would be the answer, unflagged. Unless the side's own hand is
    light: when most of its marks are such traces (light_page_min at least), a light pencil drew them all.
    crosses: boxes whose trace is a person's X corner to corner, which the paper's fibres never draw (fibre_paper)."""
    if paper is None or paper.coverage <= 0:
        return readings
    light, inked = light_and_inked(readings, th, doubts=False)  # light: the boxes _from_trace_alone
    if light >= th.light_page_min and light >= inked:  # at a tie too (light_hand asks for more light than inked)
        return readings
    return [replace(r, state=BoxState.uncertain, confidence=0.3) if _from_trace_alone(r, th) and k not in crosses else r
            for k, r in enumerate(readings)]


def _strokes_in_haze(readings: list[BoxReading], explained: list[int], pairs: list[tuple[Question, Option]],
                     insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """Boxes the page's paper explained that hold a straight line standing out from their question's other boxes
    are asked about: a light pencil in a phone photo's mottled haze is no darker, pixel by pixel, than the haze
    (heldout_augraphy photo seed 13 read a whole pencilled side blank), but it is straight and the haze is not.
    A box with little haze (faint_max) must stand out further (stroke_clear_margin): a copy's specks lined up
    draw a straight line too, though a hard pencil's X on a copy stands out further still (world seed 21).
    A question of one answer that already holds a plain mark is left as read: its answer stands on that mark,
    and the haze's straightest line beside it would only send it to a person."""
    if not explained:
        return readings
    out = list(readings)
    scores: dict[int, float] = {}
    for k in explained:
        q = pairs[k][0]
        mates = [j for j, (qj, _) in enumerate(pairs) if qj is q]
        if not q.behaviour.per_option and any(readings[j].state in (BoxState.marked, BoxState.filled) for j in mates):
            continue
        for j in mates:
            if j not in scores:
                scores[j] = straightest(insides[j])
        hazy = share_above(insides[k], th.faint_ink) > th.faint_max
        margin = th.stroke_out_margin if hazy else th.stroke_clear_margin
        if stands_out(scores[k], [scores[j] for j in mates if j != k], th.stroke_out_ratio, margin):
            out[k] = replace(out[k], state=BoxState.uncertain, confidence=0.3)
    return out


def _paper_may_explain(r: BoxReading, line: np.ndarray, floor: float, th: Thresholds) -> bool:
    """Whether the page's own paper could change this box's reading: a doubt or a light trace read as a mark,
    with no more ink than paper ever explains, and a trace short enough for two specks."""
    if not (r.state == BoxState.uncertain or (r.state == BoxState.marked and r.coverage < th.marked_min)):
        return False
    if r.coverage > th.paper_coverage_max:
        return False
    tr = trace(line, floor, th)
    return tr is None or tr.length_mm < th.trace_marked_mm + th.paper_marked_extra_mm


def _paper(dark8: np.ndarray, template: Template, page: int, found: list[Found], fine: Fine | None, floor: float,
           th: Thresholds) -> Paper | None:
    """The page's own paper (traces.paper_envelope), from squares of it the size of the boxes' insides."""
    plain, lines = _squares(dark8, template, page, found, fine)
    return paper_envelope(plain, lines, floor, th) if plain else None


def _squares(dark8: np.ndarray, template: Template, page: int, found: list[Found],
             fine: Fine | None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Squares of the page's plain paper the size of the boxes' insides, and their line responses."""
    size = _inside_size(found)
    patches = list(paper_patches(template, page, size, K)) if size > 0 else []
    if not patches:
        return [], []
    plain = list(np.stack([dark8[y0:y1, x0:x1] for y0, y1, x0, x1 in patches]).astype(np.float32) / 255)
    return plain, _lines(patches, plain, fine)


def _lines(places: list[tuple[int, int, int, int]], insides: list[np.ndarray], fine: Fine | None,
           th: Thresholds = DEFAULT, counts: InsideCounts | None = None) -> list[np.ndarray]:
    if fine is not None:
        if counts is not None:  # the insides' faint shares counted already
            return fine.lines(places, [counts.faint_share(k) > th.faint_max for k in range(len(insides))])
        return fine.lines(places, [share_above(i, th.faint_ink) > th.faint_max for i in insides])
    return [line_response(inside)[1:-1, 1:-1] if min(inside.shape) > 2 else inside[:0, :0] for inside in insides]


def _inside_size(found: list[Found]) -> int:
    return int(median([i.shape[0] for i, _, _, _ in found])) if found else 0
