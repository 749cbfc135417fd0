"""Reading the checkboxes of an aligned page: per box a state and a confidence.

Darkness is measured against the page's own paper and print levels, so a
grey photocopy, a 1-bit fax and a clean flatbed scan are judged alike. Each
box is re-found locally (its printed square) before its inside is measured,
so a sheet printed off scale or photocopied still reads. Ink that a person
added outside every box is measured per question, because a circle around
an option or a mark beside a box means a person must look.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from .blotches import blotched_page, flat_grey_boxes, may_be_blotch, stray_strokes
from .box_bands import outline_darknesses
from .box_batch import InsideCounts, read_boxes
from .box_place import (
    Found,
    broken_outline,
    insides,
    outline_darkness,
    outlines_found,
    page_offsets,
    print_strength,
    refind_displaced,
)
from .box_state import read_box
from .broken_marks import read_broken_singles, read_light_singles
from .copy_specks import specks_beside_marks
from .dense_crosses import dense_crosses
from .fax_dashes import strokes_in_dashes
from .fax_fills import fills_kept_in_part
from .fibre_paper import (
    crosses_in_blanks,
    crosses_like_the_page,
    fibres_beside_marks,
    filled_on_paper,
    light_crosses,
    mottled_fill,
)
from .fine import Fine, line_response
from .ink import DEFAULT, BoxReading, K, Thresholds, rect_px, scratch, share_above
from .light_hand import light_and_inked, light_hand
from .local_blotches import grey_boxes, stray_above, strokes_page
from .mates import Mottle, strokes_among_mates
from .paper_lines import lines_against_paper
from .reference import paper_patches
from .speckled_rings import specks_in_rings
from .stray import CleanPage, claimed_by_marks, question_right_edges, runs_through, stray_ink_mm2
from .strokes import stands_out, straightest
from .template import Option, Question, Rect, Template
from .texture import above_texture, paper_level, paper_texture, plain_squares
from .traces import (
    Paper,
    Trace,
    noise_floor,
    outline_reach,
    paper_envelope,
    trace,
    without_specks,
)
from .vocab import BoxState


@dataclass(frozen=True)
class PageMarks:
    """What one side's boxes and the ink around them say, before the questionnaire's rules judge them."""

    readings: list[BoxReading]
    stray: dict[str, float]  # question id -> ink outside its boxes, mm²
    outlines: float  # share of boxes whose printed outline was found where they were read (outlines_found)
    pen_kept: bool  # a 1-bit side whose marks show the pen plainly survived the threshold (pen_kept)
    from_remains: frozenset[str] = frozenset()  # questions read from a light pen's remains, judged on the side's own
    floor: float = DEFAULT.trace_floor_min  # the line response the side's empty boxes reach by themselves (noise_floor)
    light_hand: bool = False  # a grey side written in a light pencil, whose blanks may hold marks unseen (light_hand.py)


def _lines(places: list[tuple[int, int, int, int]], insides: list[np.ndarray], fine: Fine | None,
           th: Thresholds = DEFAULT, counts: InsideCounts | None = None) -> list[np.ndarray]:
    if fine is not None:
        if counts is not None:  # the insides' faint shares counted already
            return fine.lines(places, [counts.faint_share(k) > th.faint_max for k in range(len(insides))])
        return fine.lines(places, [share_above(i, th.faint_ink) > th.faint_max for i in insides])
    return [line_response(inside)[1:-1, 1:-1] if min(inside.shape) > 2 else inside[:0, :0] for inside in insides]


def _clear_rim(line: np.ndarray, rings: int) -> np.ndarray:
    """The line response with its outer rings (the page's own heavier print reaching in) set to nothing."""
    out = np.zeros_like(line)
    h, w = line.shape
    if h > 2 * rings and w > 2 * rings:
        out[rings:h - rings, rings:w - rings] = line[rings:h - rings, rings:w - rings]
    return out


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


def pen_kept(readings: list[BoxReading], th: Thresholds = DEFAULT) -> bool:
    """Whether a 1-bit side shows that its pen plainly survived the scanner's threshold.

    A light pencil on a black-and-white scan leaves broken remains: specks
    of grain, boxes too faint to call. When every mark on the side is
    whole and firm and no box holds a speck or a doubt, the person wrote
    with a pen the threshold keeps, and the marks read there are whole ones.
    """
    marked = [r.coverage for r in readings if r.state == BoxState.marked]
    return (len(marked) >= th.kept_marks_min and float(np.median(marked)) >= th.kept_coverage_min
            and all(r.state in (BoxState.empty, BoxState.marked, BoxState.filled) and r.specks == 0 for r in readings))


def ink_share(dark8: np.ndarray, r: Rect, th: Thresholds = DEFAULT) -> float:
    x, y, w, h = rect_px(r)
    inside = dark8[y + 3:y + h - 3, x + 3:x + w - 3]
    return float(np.mean(inside > int(th.stray_ink * 255))) if inside.size else 0.0


def read_page_marks(dark8: np.ndarray, printed: np.ndarray, template: Template, page: int,
                    th: Thresholds = DEFAULT, well_registered: bool = False,
                    canon: np.ndarray | None = None,
                    lv: tuple[float, float] | None = None,
                    bilevel: bool = False) -> PageMarks:
    """well_registered: all registration marks were found, so boxes are looked for closer to home.
    bilevel: the page came as black and white only (a light pen's strokes may be partly lost).
    canon: the aligned grey page dark8 was measured on; with it, traces are measured against the paper right
    around them (a shadow's edge is then no trace); lv: its levels, when known."""
    questions = template.marked_on(page)
    if not questions:  # the last side of a long form may hold only text areas, or nothing
        return PageMarks([], {}, 1.0, False)
    fine = Fine.of(canon, lv) if canon is not None else None
    h, w = dark8.shape
    integral = cv2.integral(dark8, sum=scratch("integral", (h + 1, w + 1), np.int32), sdepth=cv2.CV_32S)  # page only
    rights = question_right_edges(template)
    boxes = [o.box for q in questions for o in q.options]
    priors = page_offsets(integral, boxes, th, th.coarse_mm / 2 if well_registered else None)
    found: list[Found] = insides(dark8, integral, boxes, priors, th)
    found = refind_displaced(dark8, integral, boxes, found, th)
    ins, places = [i for i, _, _, _ in found], [place for _, place, _, _ in found]  # made once, asked for often
    counts = InsideCounts.of(ins, th)  # the insides' ink, counted once for every rule below that asks
    lines = _lines(places, ins, fine, th, counts)
    # the empty boxes' lines, their specks left out (a box with nothing even as dark as faint_trace_ink has none)
    empty_lines = [without_specks(i, ln, th) if counts.trace[k] else ln
                   for k, (i, ln) in enumerate(zip(ins, lines, strict=True)) if i.size and counts.ink_share(k) <= th.empty_max]
    reach = outline_reach(empty_lines, th)
    if reach > 0:  # a copier's heavier print: the squares' own edges in the insides are no traces
        lines = [_clear_rim(ln, reach) for ln in lines]
        th = replace(th, edge_band_px=th.edge_band_px + reach, rim_px=reach)
    floor = noise_floor(empty_lines, th, reach)
    pairs = [(q, o) for q in questions for o in q.options]
    readings = read_boxes(pairs, found, lines, counts, floor, th, bilevel)  # read_box of each box
    if not bilevel:  # a felt X a copier's spread or a photo's blur closed (dense_crosses.py)
        readings = dense_crosses(readings, ins, th)
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
    squares: list[list[np.ndarray]] = []  # the page's plain squares, measured once when first asked for

    def plain() -> list[np.ndarray]:
        if not squares:
            squares.append(plain_squares(dark8, template, page, _inside_size(found), th))
        return squares[0]

    # a copy of a copy's grey blotches fill empty boxes (blotches.py; never on a clean page: no blotched page)
    blotched = [] if bilevel or fine is None else [k for k, r in enumerate(readings) if may_be_blotch(r, found[k][0], th)]
    blotches = blotched_page(plain(), fine, template, page, _inside_size(found), th) if blotched and fine else None
    grey = flat_grey_boxes(readings, pairs, ins, places, blotches, blotched, th)
    ringed: dict[str, float] = {}
    if blotches is None and fine is not None and not bilevel:  # ... or a few boxes only (local_blotches.py)
        grey, ringed, empty = grey_boxes(grey, pairs, ins, places, blotched, dark8, printed, fine, th)
        if ringed:
            blotches = strokes_page(fine, lambda: paper_patches(template, page, _inside_size(found), K), empty, th)
    if blotched and fine is not None:  # ... or a copy's toner specks, as on the paper round the box (speckled_rings.py)
        grey = specks_in_rings(grey, pairs, ins, places, blotched, dark8, printed, fine, th)
    gone = {a.question_id for a, b in zip(grey, readings, strict=True) if a.state != b.state}
    cleared, readings = [q for q in questions if q.id in gone], grey
    from_remains: frozenset[str] = frozenset()
    if bilevel:
        readings = fills_kept_in_part(readings, ins, th)  # a fill the fax notched (fax_fills.py)
        readings = strokes_in_dashes(readings, ins, th)  # a pen's strokes the fax cut into dashes (fax_dashes.py)
        kept = _dense_among_broken(readings, th)
        readings = read_broken_singles(kept, questions, th)
        from_remains = frozenset(r.question_id for r, k in zip(readings, kept, strict=True) if r.state != k.state)
    else:
        readings = read_light_singles(readings, questions, _light_strokes(readings, lines, floor, th), th)
        if any(_from_trace_alone(r, th) for r in readings):
            paper = paper or (None if doubtful else _paper(dark8, template, page, found, fine, floor, th))
            readings = _speckled_traces(readings, paper, th,
                                        light_crosses(readings, ins, lines, floor, paper, th))
        if paper is not None and any(r.state == BoxState.uncertain and r.coverage < th.marked_min for r in readings):
            readings = crosses_like_the_page(readings, ins, lines, floor, paper, th)  # fibre_paper.py
    if fine is not None and not bilevel:
        patches = lambda: paper_patches(template, page, _inside_size(found), K)  # noqa: E731
        mottle = Mottle(fine, patches, th)  # the page's paper's lines, measured once when first asked for
        readings = strokes_among_mates(readings, pairs, places, ins, fine, th, patches, mottle, hazed)
        readings = lines_against_paper(readings, pairs, places, ins, fine, explained, mottle, th)  # paper_lines.py
    for k, (r, place) in enumerate(zip(readings, places, strict=True)):
        if r.state == BoxState.marked and r.coverage <= th.through_coverage_max and runs_through(dark8, place, th, fine):
            readings[k] = replace(r, state=BoxState.uncertain, confidence=0.3)
    if well_registered:  # every mark found: a faded print's thin outlines are not taken for a page out of place
        th = replace(th, outline_min=th.outline_min * print_strength(dark8, template, page, th))
    outlines = outline_darknesses(integral, places, th)
    if well_registered or bilevel:  # a 1-bit page: its faded print may have cost it a mark too
        outlines = [broken_outline(integral, place, v, th) for place, v in zip(places, outlines, strict=True)]
    for k, (r, seen) in enumerate(zip(readings, outlines, strict=True)):
        if r.state == BoxState.empty and seen is not None and seen < th.outline_min:
            if bilevel and _faded_among_seen(integral, k, pairs, found, outlines, readings, th):
                continue
            readings[k] = replace(r, state=BoxState.uncertain, confidence=0.3)  # hidden, not empty
    in_order = all(r.question_id == q.id and r.option_id == o.id for r, (q, o) in zip(readings, pairs, strict=True))
    claimed = claimed_by_marks(dark8.shape, template, readings, th, boxes if in_order else None)

    clean: CleanPage | None = None

    # each option's shift as its box was found, per question: the readings are final here, so made once
    shift_of = {(r.question_id, r.option_id): (int(round(r.dx_mm * K)), int(round(r.dy_mm * K))) for r in readings}
    shifts = {q.id: [shift_of[q.id, o.id] for o in q.options] for q in questions}

    def stray_of(th_: Thresholds, which: list[Question] = questions, sway: int = 0) -> dict[str, float]:
        return {q.id: round(stray_ink_mm2(dark8, printed, claimed, q, rights[q.id], shifts[q.id], th_, fine, sway,
                                          clean), 2) for q in which}

    stroke = max(th.stroke_floor_ratio * floor, th.stroke_ink_min)
    if not bilevel and stroke < th.faint_trace_ink and _paper_clear_of(plain(), stroke, th):
        clean = CleanPage(stroke)  # a clean page: a hard pencil's circle, copied lighter, still shows
    stray = stray_of(th)
    if any(v >= th.stray_min_mm2 for v in stray.values()):
        th_tex = above_texture(th, paper_texture(plain(), th))
        if th_tex is not th:  # fibrous or recycled paper: its texture is no one's ink, and the page is not clean
            clean = None
            th, stray = th_tex, _kept_where_blank(stray, stray_of(th_tex), readings)
    if any(v >= th.stray_min_mm2 for v in stray.values()):
        paper = paper or (None if doubtful else _paper(dark8, template, page, found, fine, floor, th))
        if paper is not None and paper.speck_mm2 > th.speck_mm2:
            stray = stray_of(replace(th, speck_mm2=paper.speck_mm2))  # the page's own toner specks or fibres
            th = replace(th, speck_mm2=paper.speck_mm2)
    flagged = [q for q in questions if stray[q.id] >= th.stray_min_mm2]
    if flagged and not bilevel:
        # a phone photo's fold or curl bends its lines of text away from their boxes: the words themselves,
        # found a little above or below, are no one's ink (asked only where ink was found, as it is costly)
        swayed = stray_of(th, flagged, int(round(th.sway_mm * K)))
        stray = {q: min(v, swayed.get(q, v)) for q, v in stray.items()}
    veiled = stray_above(stray, ringed, gone, questions, lambda th_, q: stray_of(th_, [q])[q.id], th)  # local_blotches
    cleared = [q for q in questions if q in cleared or q in veiled]
    if blotches is not None and cleared:  # a pen's circle round a box read as a blotch, told from them by its shape
        stray = stray_strokes(stray, blotches, printed, claimed, cleared, rights, readings, th)
    placed = _without_vanished(outlines, th) if well_registered and bilevel else outlines
    return PageMarks(readings, stray, outlines_found(placed, th), bilevel and pen_kept(readings, th), from_remains,
                     floor, not bilevel and light_hand(readings, th))


def _without_vanished(outlines: list[float | None], th: Thresholds) -> list[float | None]:
    """The outlines that can tell whether a 1-bit side registered by all its marks is in place: a toner-faded print
    faxed in 1 bit may leave a few squares nothing at all (world seed 21, fadedfax page 6: 9 of 100, the other 91
    where they belong), which says nothing of the registration; each such box read empty is in doubt already.
    Many of them (more than outlines_vanished_max) still count: boxes read off the paper."""
    vanished = [v is not None and v < th.outline_faint_min for v in outlines]
    if sum(vanished) > th.outlines_vanished_max * len(outlines):
        return outlines
    return [v for v, gone in zip(outlines, vanished, strict=True) if not gone]


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


def _faded_among_seen(integral: np.ndarray, k: int, pairs: list[tuple[Question, Option]], found: list[Found],
                      outlines: list[float | None], readings: list[BoxReading], th: Thresholds) -> bool:
    """An empty box on a 1-bit page whose outline the faded print left only in fragments, though every other box
    of its question shows its own: nothing covers it (a note or tape would leave no fragment at all, and
    seldom one box alone), and its place is confirmed by its neighbours'."""
    q = pairs[k][0]
    if readings[k].coverage > 0:
        return False
    neighbours = [j for j, (qj, _) in enumerate(pairs) if qj is q and j != k]
    if not neighbours or any(outlines[j] is None or (outlines[j] or 0.0) < th.outline_min for j in neighbours):
        return False
    place = found[k][1]
    seen = broken_outline(integral, place, outline_darkness(integral, place, th),
                           replace(th, outline_faint_min=th.outline_faint_1bit_min))
    return seen is not None and seen >= th.outline_min


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


def _kept_where_blank(before: dict[str, float], after: dict[str, float], readings: list[BoxReading]) -> dict[str, float]:
    """Stray ink measured above the paper's texture, except for questions none of whose boxes holds ink: a light
    pencil lost in the texture may have left only the traces outside its boxes, and such a question is asked
    about rather than read blank."""
    inked = {r.question_id for r in readings if r.state != BoxState.empty}
    return {q: after[q] if q in inked else before[q] for q in before}


def _paper_clear_of(squares: list[np.ndarray], level: float, th: Thresholds) -> bool:
    """Whether the page's plain paper (its plain_squares) stays below `level` by itself: boxes with a low noise
    floor on a copy whose toner speckled a patch of the page do not make its paper clean."""
    return bool(squares) and paper_level(squares, th) < level


def _inside_size(found: list[Found]) -> int:
    return int(np.median([i.shape[0] for i, _, _, _ in found])) if found else 0
