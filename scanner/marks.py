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

from .blotches import stray_strokes
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
from .fine import Fine
from .ink import DEFAULT, BoxReading, K, Thresholds, rect_px, scratch
from .light_hand import light_hand
from .local_blotches import stray_above
from .mark_rules import Side, _inside_size, _lines, _paper, read_again
from .stray import CleanPage, claimed_by_marks, question_region, question_right_edges, stray_ink_mm2
from .template import Option, Question, Rect, Template
from .texture import above_texture, paper_level, paper_texture, plain_squares
from .traces import noise_floor, outline_reach, without_specks
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
    settled: frozenset[str] = frozenset()  # questions whose doubts the page's own paper settled (mark_rules.Ruled),
    # counted as in doubt by rules.page_rules


def _clear_rim(line: np.ndarray, rings: int) -> np.ndarray:
    """The line response with its outer rings (the page's own heavier print reaching in) set to nothing."""
    out = np.zeros_like(line)
    h, w = line.shape
    if h > 2 * rings and w > 2 * rings:
        out[rings:h - rings, rings:w - rings] = line[rings:h - rings, rings:w - rings]
    return out


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
    squares: list[list[np.ndarray]] = []  # the page's plain squares, measured once when first asked for

    def plain() -> list[np.ndarray]:
        if not squares:
            squares.append(plain_squares(dark8, template, page, _inside_size(found), th))
        return squares[0]

    side = Side(dark8, printed, template, page, questions, pairs, found, ins, places, lines, floor, fine, th, bilevel,
                plain)
    ruled = read_again(side, readings)  # the rules that read boxes again (mark_rules.py)
    readings, paper, doubtful, blotches = ruled.readings, ruled.paper, ruled.doubtful, ruled.blotches
    ringed, gone, cleared, from_remains = ruled.ringed, ruled.gone, ruled.cleared, ruled.from_remains
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
    textures: list[float] = []  # the side's paper texture (paper_texture of its plain squares), measured once when asked

    def paper_tex() -> float:
        if not textures:
            textures.append(paper_texture(plain(), th))
        return textures[0]

    def stippled() -> bool:  # whether the side's paper is plain (no texture everywhere)
        return not bilevel and fine is not None and paper_tex() <= 0.0

    # each option's shift as its box was found, per question: the readings are final here, so made once
    shift_of = {(r.question_id, r.option_id): r.shift for r in readings}
    shifts = {q.id: [shift_of[q.id, o.id] for o in q.options] for q in questions}

    def stray_of(th_: Thresholds, which: list[Question] = questions, sway: int = 0) -> dict[str, float]:
        return {q.id: round(stray_ink_mm2(dark8, printed, claimed, q, rights[q.id], shifts[q.id], th_, fine, sway,
                                          clean, stippled()), 2) for q in which}

    stroke = max(th.stroke_floor_ratio * floor, th.stroke_ink_min)
    if not bilevel and stroke < th.faint_trace_ink and _paper_clear_of(plain(), stroke, th):
        clean = CleanPage(stroke)  # a clean page: a hard pencil's circle, copied lighter, still shows
    stray = stray_of(th)
    base, kept = th, set[str]()  # on textured paper, the blank questions kept at the plain levels (_kept_where_blank)
    texture = 0.0  # ... less the page's paper's share of a question's region there (_paper_share of the plain levels)

    def measured(th_: Thresholds, which: list[Question] = questions, sway: int = 0) -> dict[str, float]:
        """stray_of, with the questions _kept_where_blank keeps measured at the plain page's ink levels too, less
        what the page's paper gives any question's region there (a photo's texture everywhere, not a circle)."""
        out = stray_of(th_, which, sway)
        if kept:
            at_base = replace(th_, stray_ink=base.stray_ink, faint_ink=base.faint_ink, faint_trace_ink=base.faint_trace_ink)
            for q, v in stray_of(at_base, [q for q in which if q.id in kept], sway).items():
                out[q] = max(out[q], round(v - texture * _region_mm2(template.question(q), rights), 2))
        return out

    if any(v >= th.stray_min_mm2 for v in stray.values()):
        th_tex = above_texture(th, paper_tex())
        if th_tex is not th:  # fibrous or recycled paper: its texture is no one's ink, and the page is not clean
            clean = None
            kept, texture = _blank_questions(questions, readings), _paper_share(stray, questions, rights)
            th, stray = th_tex, _kept_where_blank(stray, stray_of(th_tex), readings)
    if any(v >= th.stray_min_mm2 for v in stray.values()):
        paper = paper or (None if doubtful else _paper(dark8, template, page, found, fine, floor, th))
        if paper is not None and paper.speck_mm2 > th.speck_mm2:
            # the page's own toner specks or fibres (a blank question's circle is still looked for at the plain
            # levels: a copy's specked paper raises them, and a blue pen's circle copied lighter falls below)
            stray = measured(replace(th, speck_mm2=paper.speck_mm2))
            th = replace(th, speck_mm2=paper.speck_mm2)
    flagged = [q for q in questions if stray[q.id] >= th.stray_min_mm2]
    if flagged and not bilevel:
        # a phone photo's fold or curl bends its lines of text away from their boxes: the words themselves,
        # found a little above or below, are no one's ink (asked only where ink was found, as it is costly)
        swayed = measured(th, flagged, int(round(th.sway_mm * K)))
        stray = {q: min(v, swayed.get(q, v)) for q, v in stray.items()}
    veiled = stray_above(stray, ringed, gone, questions, lambda th_, q: stray_of(th_, [q])[q.id], th)  # local_blotches
    cleared = [q for q in questions if q in cleared or q in veiled]
    if blotches is not None and cleared:  # a pen's circle round a box read as a blotch, told from them by its shape
        stray = stray_strokes(stray, blotches, printed, claimed, cleared, rights, readings, th)
    placed = _without_vanished(outlines, th) if well_registered and bilevel else outlines
    as_read = [replace(r, state=BoxState.uncertain) if k in ruled.settled else r for k, r in enumerate(readings)]
    return PageMarks(readings, stray, outlines_found(placed, th), bilevel and pen_kept(readings, th), from_remains,
                     floor, not bilevel and light_hand(as_read, th), frozenset(pairs[k][0].id for k in ruled.settled))


def _without_vanished(outlines: list[float | None], th: Thresholds) -> list[float | None]:
    """The outlines that can tell whether a 1-bit side registered by all its marks is in place: a toner-faded print
    faxed in 1 bit may leave a few squares nothing at all (world seed 21, fadedfax page 6: 9 of 100, the other 91
    where they belong), which says nothing of the registration; each such box read empty is in doubt already.
    Many of them (more than outlines_vanished_max) still count: boxes read off the paper."""
    vanished = [v is not None and v < th.outline_faint_min for v in outlines]
    if sum(vanished) > th.outlines_vanished_max * len(outlines):
        return outlines
    return [v for v, gone in zip(outlines, vanished, strict=True) if not gone]


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


def _region_mm2(q: Question, rights: dict[str, float]) -> float:
    x0, y0, x1, y1 = question_region(q, rights[q.id])
    return (x1 - x0) * (y1 - y0) / (K * K)


def _paper_share(stray: dict[str, float], questions: list[Question], rights: dict[str, float]) -> float:
    """The share of a question's region that the page's plain-level stray ink typically covers (the median over its
    questions): a textured photo's paper covers every region alike, a circle round one option only its own."""
    return float(np.median([stray[q.id] / max(_region_mm2(q, rights), 1.0) for q in questions]))


def _blank_questions(questions: list[Question], readings: list[BoxReading]) -> set[str]:
    """The questions none of whose boxes holds ink (_kept_where_blank keeps their stray ink at the plain levels)."""
    inked = {r.question_id for r in readings if r.state != BoxState.empty}
    return {q.id for q in questions if q.id not in inked}


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


