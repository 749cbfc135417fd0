"""The vocabulary of reading ink on an aligned page: its scale, the thresholds, a box's reading, and darkness
measured against the page's own paper and print."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from .template import Rect
from .vocab import BoxState

K = 5.0  # pixels per millimetre of the aligned page
Place = tuple[int, int, int, int]  # a box's inside on the aligned page, in pixels: y0, y1, x0, x1


@dataclass(frozen=True)
class Thresholds:
    """Tuned on the generated corpus (benchmarks/accuracy.py); data, not scattered literals."""

    ink: float = 0.33  # a pixel this dark (0 paper .. 1 print) is ink
    faint_ink: float = 0.15  # ... and this dark, a trace of something (very light pencil)
    faint_max: float = 0.06  # an "empty" box with more traces than this is asked about
    empty_max: float = 0.012  # coverage of the box's inside
    marked_min: float = 0.07
    filled_min: float = 0.75
    paper: float = 0.3  # a pixel this light is paper
    holes_filled_max: float = 0.045  # share of large paper holes left in a filled-in box
    holes_marked_min: float = 0.05  # ... and the least a mark (an X, a tick) leaves
    dense_min: float = 0.3  # a box this covered ...
    dense_holes_min: float = 0.12  # ... with fewer paper holes than this is neither a plain mark nor a plain fill
    sides_filled_min: float = 0.65  # a filled-in box is dark up to the middle of its edges...
    sides_thick_x_max: float = 0.4  # ... which a thick felt-pen X leaves light
    thick_x_min: float = 0.6  # a box this covered with few holes is a thick X when its sides are light
    fill_margin_mm: float = 0.6  # a solid block of ink short of the inside's sides by no more than this is a fill
    outline_min: float = 0.3  # a printed box outline is at least this dark (mean over its 2-pixel band)...
    print_plain: float = 0.3  # mean darkness over the printed form's own pixels on a plain scan (flatbed: 0.33-0.37)
    print_weakest: float = 0.4  # ... a fainter print lowers outline_min with it, down to this share of it
    outline_faint_min: float = 0.05  # on a page registered by all its marks, an outline this dark at least ...
    outline_contrast: float = 1.6  # ... and this many times as dark as the same band moved beside it is seen
    outline_beside_mm: float = 1.2  # ... (moved by this much, each way)
    outline_faint_1bit_min: float = 0.008  # an empty box's outline on a 1-bit page, its question's others seen, in fragments this dark
    outlines_min: float = 0.9  # ... on this share of a page's boxes, or the page is not registered well enough to read
    outlines_vanished_max: float = 0.15  # a 1-bit side registered by all its marks: up to this share of boxes whose faded
    # outline left nothing (below outline_faint_min) is left out of that share (each such box is in doubt instead)
    outlines_confirm: float = 0.98  # on this share, the boxes confirm the registration ...
    outlines_quality: float = 0.7  # ... and the page's quality is at least this
    inset_mm: float = 0.8  # inside = the printed square less this margin
    search_mm: float = 0.8  # how far a box is looked for around where the page-wide fit puts it
    coarse_mm: float = 3.0  # how far each box is looked for when fitting the page-wide correction
    displaced_share: float = 0.75  # a box whose outline is this share of the page's typical one or less ...
    refind_mm: float = 3.0  # ... is looked for again this far out (a photo's fold or curl moved it) ...
    displaced_gain: float = 1.3  # ... and moved where its outline is this many times as dark (and outline_min)
    refind_pull: float = 0.005  # ... preferring places near the first by this much ring darkness per pixel
    lopsided_side_share: float = 0.5  # ... and so is a box whose outline's lightest side is less than this share of
    # its ring's mean (a neighbour's edge lit the ring), moved where every side is at least this share and displaced_gain
    # times as dark as that side was
    # A part of a photo the page-wide fit misses (a curl, a fold: box_field.py) is put right locally where at least
    local_boxes_min: int = 3  # ... this many plainly seen boxes (dark ring, light inside) ...
    local_residual_px: float = 2.5  # ... lie this far (pixels of the aligned page) from where the fit puts them:
    local_mates: int = 5  # each box then moves by the median residual of this many nearest plainly seen boxes ...
    local_mates_min: int = 2  # ... (at least this many) ...
    local_reach_mm: float = 40.0  # ... within this distance ...
    local_shift_min_px: float = 1.5  # ... when that median is this large
    local_inside_max: float = 0.5  # a box is plainly seen when its inside is at most this share as dark as its ring
    stray_ink: float = 0.28
    stray_min_mm2: float = 1.2  # added ink outside the boxes that sends a question to review
    stray_seen_1bit_mm2: float = 0.3  # on a 1-bit side this much ink beside a blank question's boxes shows its pen
    # survived there (fax_blank_ink.py; fax seed 63: a circle's arcs 0.64, the 39 other blank questions 0.0)
    faint_stray_min_mm2: float = 3.5  # ... the same for traces only as dark as faint_ink
    faint_stroke_mm: float = 2.0  # a faint blot this long outside the boxes is a stroke...
    faint_trace_ink: float = 0.1  # ... its pixels this dark at least (a hard pencil's circle, lightly drawn) ...
    faint_stray_mm: float = 5.0  # ... and strokes this long in all weigh as much as stray_min_mm2 of ink
    sway_mm: float = 2.0  # a label's words may lie this far above or below their box on a bent photo
    # On a clean page (its boxes' noise floor low) a hard pencil's circle, lightened further by a copier, is looked
    # for below faint_trace_ink: from this many times the page's floor, never below stroke_ink_min, in pieces
    # this long at least (the page's noise, so little above its floor, makes no such long piece); stray.CleanPage
    stroke_floor_ratio: float = 1.5
    stroke_ink_min: float = 0.05
    stroke_min_mm: float = 4.0
    near_box_mm: float = 1.5  # ink this close to a marked box belongs to its mark
    speck_mm2: float = 0.4  # smaller blots are dust, JPEG noise or print misregistration
    # "Empty" is earned against the page's own noise: a box is empty only when nothing in it stands out
    # from the insides of the page's other empty boxes (paper grain, JPEG ringing, sensor noise).
    floor_box_quantile: float = 75.0  # the page's noise: this percentile, over its empty boxes, of their strongest line,
    floor_outlier: float = 3.0  # ... leaving out boxes whose line is this many times the median (faint marks)
    trace_ratio: float = 1.0  # a trace is this many times as dark as the page's noise floor...
    trace_margin: float = 0.005  # ... and this much more
    trace_floor_min: float = 0.012  # the floor is never taken as cleaner than this
    trace_min_mm: float = 0.9  # a trace spans at least this (diagonal of its extent): less is a speck...
    trace_spot_mm: float = 0.55  # ... unless it is a spot this wide and trace_spot_ratio times the level
    trace_spot_ratio: float = 3.0
    trace_short_ratio: float = 1.12  # a trace shorter than trace_marked_mm is this many times the level at least
    trace_min_px: int = 3
    trace_marked_mm: float = 2.6  # a trace this long and ...
    trace_marked_dark: float = 0.07  # ... this dark (its median) and ...
    trace_marked_ratio: float = 1.6  # ... this many times the trace level is a light but plain mark
    trace_span_share: float = 0.95  # ... or, where a copier's heavier print hides the insides' rim, crosses this share of what is left
    rim_px: int = 0  # outer rings of the insides hidden by this page's heavier print (marks.read_page_marks sets it)
    grainy_specks: int = 2  # on a 1-bit page, a mark with this many specks of pencil grain may be a half-kept fill-in
    edge_speck_px: int = 2  # ... not counting specks this close to a stroke (the threshold's ragged edge of a pen)
    broken_dense_min: float = 0.2  # ... and among broken marks, a mark this dense may be a fill-in's kept X
    dense_mate_ratio: float = 1.15  # ... unless it outdoes its question's whole plain mark by this at most (seed 63: 1.06) ...
    dense_mate_holes: float = 0.05  # ... its holes this close to that mark's (0.01) and no speck of its own (fax_dense_like_mate.py)
    broken_page_min: int = 3  # a 1-bit side with this many boxes of broken remains shows what its pen leaves ...
    broken_typical_ratio: float = 3.0  # ... and a single choice's only remains up to this many times their median is its mark
    grid_line_reach: float = 0.6  # a 1-bit grid bubble's ink level or upright across this share of it is a streak's (fax_grid_remains.py)
    broken_confidence: float = 0.6
    light_hand_min: int = 3  # a grey side with this many boxes read from light traces, more than its inked ones, asks about its blanks (light_hand)
    light_page_min: int = 3  # a grey side with this many doubtful boxes each crossed by a light stroke shows its hand ...
    light_typical_share: float = 0.7  # ... and a single choice's only such stroke this share of their median dark is its mark
    clean_boxes_min: int = 12  # a side's blank reference: at least this many boxes read empty, whose mean darkness ...
    clean_quantile: float = 90.0  # ... at this percentile is within clean_spread times their median: clean paper ...
    clean_spread: float = 1.25  # ... (clean_light_hand.py; a copy's specks or a photo's grain spread them further)
    clean_empty_ratio: float = 1.3  # there a box up to this many times the blank reference is empty ...
    hand_min_ratio: float = 1.5  # ... and one at least this many times it, and hand_share of the side's typical light
    hand_share: float = 0.35  # mark's excess over it, is a mark
    fill_cells: int = 4  # a box read marked there from light ink, cut in this many cells a side, whose lightest cell ...
    light_fill_even_min: float = 0.42  # ... is this share of its darkest at least, is a fill, asked (light_fills.py)
    kept_marks_min: int = 3  # a 1-bit side shows its pen survived the threshold with this many clean marks ...
    kept_coverage_min: float = 0.12  # ... this covered (their median), and no grain or doubtful box anywhere
    edge_band_px: int = 2  # a trace only this close to one side of the inside, along it, is the printed square's blur
    through_mm: float = 2.0  # a mark's ink running on this far past its box on two sides is a line across it ...
    through_far_mm: float = 5.0  # ... and so is ink running on this far past one side
    through_coverage_max: float = 0.25  # a mark covering more of its box is more than a line across it
    through_paper_quantile: float = 90.0  # on a copy whose specks join into a web, a line through runs above this
    # percentile of the paper round the box (speckled_through.py; a line crossing is a few percent of it)
    through_stroke_mm: float = 2.5  # ... where the box holds a stroke: a piece of ink this long (squiggles are shorter)
    through_own_share: float = 0.25  # a box read marked from light ink alone is followed out at this share of its top ...
    through_own_floor: float = 0.2  # ... never below this share of faint_ink (light_lines_through.py) ...
    through_clean_share: float = 0.2  # ... where the paper round it (through_paper_quantile) is this share of its top at most
    through_own_top_max: float = 0.3  # ... and its top this dark at most (light_lines_through.py)
    strokeless_max: float = 0.25  # a grey page's "mark" covering less than this must hold a trace above the noise
    shaded_min: float = 0.8  # a "mark" with this share of its inside at least faint ink ...
    shaded_over_ink: float = 0.5  # ... and this much more of it faint than inked is a box shaded in light pencil
    shadow_ring_in_mm: float = 1.2  # ... unless, measured against the paper in a ring this far outside the inside
    shadow_ring_out_mm: float = 2.4  # ... to this far (shadow_marks.py), at this quantile of the ring (below print),
    shadow_ring_quantile: float = 30.0  # ... the box reads marked: a pen's mark under a photo's cast shadow,
    shadow_mark_confidence: float = 0.6  # ... read this sure at most, when its straightest line (on Fine) is
    shadow_stroke_min: float = 0.2  # ... at least this: a pen's stroke, not a pencil's shading
    # Under a phone photo's cast shadow the paper's grain (added light, the same in grey levels wherever it lies)
    # is scaled up with the print when the shade is taken out, and the brightest grain over the paper window
    # (darkness's closing) lies that much further above the paper's middle: empty boxes there fill with "ink".
    # Where the paper is darker than the page's, its level is drawn towards the median of the paper over this
    # window, by as much as the light is lost there (shadow_paper) ...
    shadow_median_mm: float = 8.0
    shadow_start: float = 0.9  # ... below this share of the page's paper level (a lighting gradient's few grey levels
    # are no shadow: a tick 7 % darker than a mottled paper at 0.99 of it lost to a level moved by one grey level)
    shade_min: float = 0.3  # light lost down to this share of the page's paper is taken out; deeper shade is not
    shadow_area_min: float = 0.05  # ... and only in a shaded region (connected, on the quarter-scale page) at least
    # this share of the page: a cast shadow is one wide region, a copy's toner mottle or blotches and a photo's
    # patchy grain are many small ones (copy seed 41: 24 regions, the largest 3.7 %; photos whose shadows the
    # correction helped: the largest 12-70 %)
    # The page's own paper (reference.paper_patches): squares of plain paper measured like the boxes' insides.
    paper_patches_min: int = 12  # fewer plain squares than this on a side: its paper is not judged
    paper_traces_min: int = 5  # this many traces (or squares with ink) in them mean the paper itself is busy ...
    paper_quantile: float = 97.0  # ... and a box within this percentile of theirs ...
    paper_slack: float = 1.25  # ... times this (and one pixel) is empty: specks, fibres, grain
    paper_coverage_max: float = 0.04  # never more ink than this is the paper's
    paper_length_max_mm: float = 2.4  # nor a trace this long (a person's light stroke crosses more of the box)
    paper_empty_confidence: float = 0.8
    paper_marked_extra_mm: float = 0.8  # on such paper a light trace must be this much longer to count as a mark
    # ... yet a box whose straightest line (strokes.straightest) is this many times its question's other boxes'
    # median and this much darker is not the paper's: a light pencil's stroke in a photo's mottled haze
    stroke_out_ratio: float = 1.45
    stroke_out_margin: float = 0.02
    stroke_clear_margin: float = 0.07  # ... in a box with little haze (a copy's specks in a row are straight too)
    speck_beside_ratio: float = 0.35  # a trace within the paper's and this share of a plain mark's beside it, its
    # ink in pieces no larger than a speck (speck_mm), is the copy's specks (copy_specks.py)
    # A question's light doubts settled against its other boxes (mates.py), on the darkness against the paper
    # right around each pixel: a box whose straightest line is this many times its mates' median and this much
    # above it is a light pencil's mark ...
    mate_stroke_ratio: float = 1.6
    mate_stroke_margin: float = 0.045
    # mates._mottled keeps a single choice's doubts only for a box leading its mates by less than this: mottle lines
    # up by chance just past the margin (0.0451 on photo seed 13), a light pencil slash on a bolder copy leads by 0.15+
    mate_mottle_lead_max: float = 0.09
    mate_clean_ratio: float = 3.0  # ... or, in a box without haze, this many times and this much above (a hard pencil)
    mate_clean_margin: float = 0.025
    mate_clean_mates_min: int = 2  # ... against at least this many mates: one mate is no median (pencil photo
    # pp222 stack011_flatbed_001 a2: a clean box's grain 3.7 times its one mate's, the person's circle on a label)
    mate_quiet_ratio: float = 1.6  # ... when no other box stands out from the rest this far (both at once)
    mate_quiet_margin: float = 0.035
    mate_confidence: float = 0.6
    mate_column_share: float = 0.5  # a digit column's (a multiple choice's) doubt whose line is at most this share of its
    # plain mark's (the weakest one's) is empty ...
    mate_paper_quantile: float = 90.0  # ... and no straighter than this quantile of the page's plain paper squares'
    mate_lighter_quantile: float = 95.0  # a doubt with no ink beside a plain mark draws a line only above this one
    # A multiple choice's inkless doubt beside plain pen marks (their lines at least grain_mark_line_min) on a photo,
    # whose line stands out from nothing and whose mean darkness is at most grain_mean_ratio of its unmarked
    grain_mean_ratio: float = 1.5  # mates' median, is the grain (grain_beside_marks.py; photo seed 21: grain
    grain_mark_line_min: float = 0.2  # 0.6-1.3, light pencil 1.9-2.8), unless its line is this many times theirs:
    grain_line_ratio: float = 2.5  # (grain 1.5-1.9, a faint tick on clean paper 3)
    # An inkless doubt whose line stands this many times above the page's straightest plain square ...
    above_paper_ratio: float = 1.25  # (strokes_above_paper.py; photo seeds 21, 40, 41: empty doubts 1.18 at most)
    above_mates_ratio: float = 2.5  # ... and this many times its question's other boxes' median ...
    above_mates_margin: float = 0.025  # ... and this much above it, its middle no darker than theirs by more than
    above_fill_share: float = 0.5  # this share of its line (a cancelling fill), is the answer where it settles the
    above_quiet_ratio: float = 1.4  # question and no empty box there draws this many times its empty mates' median
    # An inkless doubt whose straightest line and straightest crossing line (strokes.crossing_lines) each stand
    crossed_paper_ratio: float = 1.6  # this many times the page's plain squares' same line, at this percentile ...
    crossed_paper_quantile: float = 95.0  # (crossed_strokes.py; photo seeds 222 and 21: empty boxes 1.42 at most,
    crossed_mates_ratio: float = 2.0  # pencil X's in doubt up to 2.65) and this many times and this much above its
    crossed_mates_margin: float = 0.02  # question's other boxes' median (the X's read: 2.15-2.91, 0.042-0.088) is a cross
    crossed_confidence: float = 0.7  # ... read this sure: surer than a line against its mates (rules.LIGHT_ANSWER_MAX)
    # An inkless doubt whose line along a diagonal (strokes.diagonal_line) stands this many times the page's plain
    diagonal_paper_ratio: float = 1.6  # squares' same line, at this percentile ... (diagonal_strokes.py; photo p21 and
    diagonal_paper_quantile: float = 95.0  # pencil photo pp222: no empty box at 1.6 and 2.0 at once, the nearest
    diagonal_mates_ratio: float = 2.0  # 1.53 and 2.3; 11 of 29 pencil doubts) and this many times and this much above
    diagonal_mates_margin: float = 0.02  # its question's other boxes' median is a stroke corner to corner
    diagonal_confidence: float = 0.7  # ... read this sure, as crossed_strokes reads an X
    # A box the paper explained beside a multiple choice's plain mark (paper_lines.py; photo seed 13, reported on
    line_kept_ratio: float = 1.45  # 16, 17, 18) whose line is this many times its question's others' median ...
    line_kept_margin: float = 0.015  # ... and this much above it (in a box with haze; stroke_clear_margin in one
    line_kept_confidence: float = 0.3  # without), and straighter than the page's paper, is asked about, this sure
    line_kept_min_mm: float = 1.2  # ... unless its darker half lies within this: a copier's toner speck, no stroke
    paper_speck_max_mm2: float = 1.0  # ink outside the boxes in blots up to the paper's own specks is no person's, up to this
    reach_ratio: float = 1.3  # an outer ring of the insides responding this much more than within is the print's
    reach_max_px: int = 2  # ... looked for this far in
    speck_mm: float = 1.0  # a piece of ink no wider than this is a speck: not counted in the page's noise floor
    box_speck_mm: float = 0.6  # ... and no wider than this, alone in a box on a grey page, no mark (a pen's dot is 1.2 mm)
    box_specks_max: int = 2  # ... when the box holds no more pieces of ink than this (a light pencil's are many)
    # Textured paper (texture.py): the darkness its plain squares reach by themselves raises the faint bars.
    texture_min: float = 0.08  # paper whose plain squares' darkest pixels reach this (median) is textured ...
    texture_quantile: float = 99.9  # ... its texture: this percentile of the squares' darkness
    texture_clear: float = 1.25  # ... above it, faint ink outside the boxes is this many times as dark at least
    texture_stray: float = 1.2  # ... and ink counted at stray_ink this many times
    # A copy of a copy's grey blotches (blotches.py), on a page whose plain squares reach the ink level: a box
    # whose darkest pixels (this percentile) ...
    blotch_top_quantile: float = 99.0
    blotch_ink_max: float = 0.75  # ... are lighter than this may be one; it is, when no darker than the page's
    blotch_slack: float = 1.1  # ... plain paper gets (texture_quantile) times this, and holds no stroke: its
    blotch_mark_share: float = 0.6  # ... strongest stroke response below this share of its question's plain mark's
    blotch_stroke_ratio: float = 1.15  # ... and this many times the plain squares' (blotches.stroke_darkness); ink
    blotch_doubt_confidence: float = 0.3  # a blotch's box read marked beside no other mark is in doubt, this sure,
    blotch_doubt_coverage: float = 0.4  # ... when it covers this much of its inside (a pen's dot covers < 0.3)
    blotch_stroke_mm: float = 4.0  # outside the boxes above that, in pieces this long, weighs stray_min_mm2 per this length
    # ... and a blotch over a few boxes only (local_blotches.py): a box is judged against the unprinted paper in a
    blotch_ring_min: int = 100  # ring round it, of this many pixels at least, ...
    blotch_ring_quantile: float = 99.0  # ... by how dark that gets (this percentile) ...
    blotch_ring_slack: float = 1.35  # ... times this; its stroke is judged against the page's empty boxes':
    empty_stroke_quantile: float = 95.0  # ... this percentile of their stroke response ...
    empty_boxes_min: int = 8  # ... measured on this many boxes at least
    # ... and a copy's toner specks in a box (speckled_rings.py): its darkest pixels (blotch_top_quantile) are
    speck_ring_sides: int = 3  # ... reached, on this many of the four strips of the ring round it ...
    speck_ring_min: int = 30  # ... (of this many unprinted pixels at least), by the specks' darkness there (this
    speck_ring_quantile: float = 99.5  # ... percentile) ...
    speck_ring_slack: float = 1.35  # ... times this, and are under this share of its question's plain mark's ...
    speck_mark_share: float = 0.65
    speck_line_slack: float = 1.25  # ... and no straight run speck_line_mm long in it darker than round it, times this
    speck_line_mm: float = 2.6  # ... (a pen's light stroke holds a run this long; broken, bent squiggles do not) ...
    speck_line_directions: int = 16  # ... in this many directions, and its pixels darker than this share of its
    speck_piece_share: float = 0.5  # darkest (blotch_top_quantile) lie in this many separate pieces at least (a
    speck_pieces_min: int = 2  # pen's dot or short slash is one; squiggles are several specks), where the ring's
    speck_ring_line_max: float = 0.3  # own darkest straight run is no darker than this (a pen's circle round it is)
    # ... the plain mark may be a candidate itself (a fine ballpoint lighter than blotch_ink_max): its darkest pixels
    speck_stroke_top_min: float = 0.5  # ... this dark at least, in one piece, and its straight run this many times
    speck_stroke_ratio: float = 2.5  # ... the ring's (a pen's stroke in the specks, not squiggles: stroke_marks)
    speck_piece_mm: float = 2.0  # ... and the box it vouches for holds no piece longer than this (longest_piece_mm)
    drawn_piece_mm: float = 3.0  # a box those rules clear in a multiple-choice question whose ink is one piece longer
    drawn_paper_share: float = 0.375  # ... than this, its median under this share of its darkest, is a drawn stroke
    # (a light pencil beside the ballpoint: pencil_beside_pen.py) and stays in doubt
    drawn_top_min: float = 0.055  # ... and such a stroke the first reading left empty, its darkest this dark at least
    drawn_left_paper_share: float = 0.25  # ... and its median under this share of its darkest (a photo's grain: 0.28)
    screen_paper_dark_min: float = 0.09  # a side whose plain paper draws traces this dark (a screen's dots: 0.108-0.193; a
    # light pencil's harsh page 0.047-0.069) asks a trace beside a plain ink mark in its question (traces_beside_ink.py)
    # (pencil_left_empty.py: an HB X at 0.6 of its darkness 0.083; a copy's haze drawing as long a piece 0.044)
    speck_window_quantile: float = 99.0  # a doubt beside a plain mark, no darker than this percentile of the paper 5 mm
    speck_window_slack: float = 1.1  # ... round it times this, is the copy's specks (speckled_window.py)
    # A light box read against the specks right round it (strokes_above_ring.py): its straightest line at least
    ring_stroke_min: float = 0.02  # ... this (cp38's 2H X's: 0.027 and more) ...
    ring_stroke_ratio: float = 1.0  # ... this many times its ring's speck level (cp38: empty boxes 0.60 at most,
    # marks 1.19-3.25; tex71, p21: empty boxes 1.22 at most) ...
    ring_paper_ratio: float = 4.0  # ... and this many times the page's plain squares' greatest line for their
    # specks' level times its ring's (empty boxes: cp38 2.0, tex71 2.19, p21 2.41 at most, and a row of squiggles
    # along a diagonal on reporting seed 41 3.40 (why 3.0 was raised); cp38's marks 4.02-7.31) is a mark
    ring_paper_doubt: float = 2.0  # ... and beside a box so read, one of its question's boxes read empty at this much
    # of that is asked about (a fainter X of the same hand: cp38 stack003_flatbed_001 q1 at 150 dpi, 2.71 beside 3.5)
    ring_cross_share: float = 0.6  # ... crossed by a second stroke 45 degrees or more from it, this share as strong
    # (cp38: X's 0.86-0.98, an HB tick 0.75; slashes 0.29-0.32, a tick on texture and on p21 0.35-0.44)
    ring_even_clip: float = 2.0  # ... and drawn along its length, not one speck: its line measured again with the
    ring_even_share: float = 0.9  # box's darkness clipped at its median + this many times the line keeps this
    # share of it (cp38's marks so read 0.98-1.0; a copied blank's round toner specks 0.46-0.79, seeds 9 and 11)
    mate_drawn_share: float = 0.75  # a box standing out from its mates with no plain mark beside it, whose line
    # keeps less than this share clipped as above (ring_even_clip), is one spot: asked about (mates._drawn; marks
    # so read on cp38, p21, tex71 0.81-1.0; a copied blank's toner specks 0.57-0.61)
    ring_level_min: float = 0.005  # a speck level (ring or square) is never taken as cleaner than this
    # ... and beside such a mark (one read marked in a single choice, its line ring_stroke_ratio above its ring), a
    ring_doubt_top_slack: float = 1.25  # doubt whose darkest is within this many times its ring's specks (cp38:
    ring_doubt_line_max: float = 0.5  # 0.82-1.09; a cancelling fill 3.41) and line under this many times them
    # (cp38: 0.21-0.24; empty boxes anywhere 0.60 at most) is the specks' (specks_beside_ring_mark.py)
    # ... and a copier's stipple over part of a side, outside the boxes (stippled_paper.py): a trace there whose
    stipple_ring_mm: float = 1.0  # ... ring this wide round it (free paper) holds this share of pixels as dark is
    stipple_ring_share: float = 0.03  # ... grain among grain (circles: at most 0.016; stipple: 0.037-0.33), unless
    stipple_core_mm: float = 3.0  # ... its pixels at stray_ink run this far in one piece (a pen; the grain's: 2.0)
    # A felt pen's X dense as a fill-in (dense_crosses.py): a box in doubt of a pen's ink, three of whose sides'
    cross_sides_max: float = 0.5  # middles are at most this share of its ink (a copy's spread X, a photo's), ...
    cross_confidence: float = 0.6  # ... reads marked, this sure, when its inside is this wide at least
    cross_min_px: int = 9
    dash_confidence: float = 0.6  # a 1-bit box whose ink is a pen's strokes in dashes (fax_dashes.py) reads marked this sure
    # Fibrous paper (fibre_paper.py), judged against what the page's own paper and pen show: a light trace is a
    fibre_diagonal_share: float = 0.8  # person's X when above its level along this share of each diagonal at least ...
    fibre_faint_ratio: float = 3.0  # ... and its box holds this many times the faint pixels of the paper's squares
    fibre_confidence: float = 0.6  # ... then read marked (or filled, a fill the paper mottled) this sure
    fibre_page_mark_share: float = 0.85  # a doubt's X as dark as this share of the page's own light marks is one of them
    own_pen_marks_min: int = 3  # a side with this many marks read from light traces shows its own pen (own_pen_traces.py):
    own_pen_share: float = 0.75  # a doubt as long as a mark on its paper and this share as dark as they are is one of them
    straight_paper_ratio: float = 1.0  # ... or one outrunning the paper's longest trace, its straightest line this many times the
    # plain squares' straightest (straight_beyond_paper.py; texture seed 71: marks 1.04-1.49, an empty doubt 0.83)
    faint_beside_share: float = 0.65  # a doubt's short trace this share as dark as its question's one light mark is the paper's
    fibre_blank_cross_margin: float = 0.0  # a box read empty whose diagonals run this much above the page's strongest
    # plain square's is asked about (crosses_in_blanks)
    mate_alone_quantile: float = 100.0  # a box with no ink read from its line alone, no plain mark beside it, draws a
    # line straighter than this percentile of the page's plain paper squares' (mates._paper_draws_alike) ...
    mate_alone_faint_max: float = 0.5  # ... on paper whose squares hold at most this share of faint pixels: fibres
    # (texture seed 22: 0.004-0.18), not a phone photo's haze (tests/test_photos_haze.py: 0.95), whose mottle draws
    # lines as straight as a light pencil's X and leaves the question's own boxes to judge it
    # A question read blank on a grey side whose source gives fewer pixels a millimetre than this (a chat app's phone
    coarse_px_per_mm: float = 6.5  # photo ~5; a 200 dpi scan 7.9) and whose empty boxes' own line response reaches
    hidden_floor_min: float = 0.06  # this (a 2H pencil's darkness, 0.06-0.11), lit unevenly as a phone's photo (its
    coarse_light_max: float = 0.85  # darkest paper block at most this of its brightest), is asked about (coarse_blanks.py)
    even_px_per_mm: float = 5.5  # ... and so is one lit evenly (up to even_light_max) from a source coarser than this
    even_light_max: float = 0.96  # (a chat app's photo 5.0-5.2; a 150 dpi scan or copy 5.9, lit 0.89-0.99)


DEFAULT = Thresholds()



@dataclass(frozen=True)
class BoxReading:
    question_id: str
    option_id: str
    state: BoxState
    confidence: float
    coverage: float
    holes: float
    sides: float
    dx_mm: float
    dy_mm: float
    specks: int = 0  # pieces of ink of one or two pixels: a pencil's grain on a 1-bit scan (measured there only)

    @property
    def shift(self) -> tuple[int, int]:
        """Where the box was found against its template place, in the aligned page's pixels (x, y)."""
        return int(round(self.dx_mm * K)), int(round(self.dy_mm * K))


def levels(canon: np.ndarray) -> tuple[float, float]:
    """The page's paper grey and how much darker its print is."""
    # cv2's histogram: np.bincount's counts (whole numbers far below 2**24, so exact in its float32) without
    # copying the strided sample first
    sample = canon[::4, ::4]
    counts = (cv2.calcHist([sample], [0], None, [256], [0, 256]).ravel().astype(np.int64) if canon.dtype == np.uint8
              else np.bincount(sample.ravel(), minlength=256))
    cdf = np.cumsum(counts).astype(np.float64)
    cdf /= cdf[-1]
    paper = float(np.searchsorted(cdf, 0.90))
    return paper, max(paper - float(np.searchsorted(cdf, 0.015)), 40.0)


def darkness(canon: np.ndarray, lv: tuple[float, float] | None = None) -> np.ndarray:
    """0 for the paper around a pixel, 1 for this page's print, whatever the scanner or the light did.

    The paper level is the page with every dark thing narrower than about
    9 mm closed over (a morphological closing): a shadow across a phone photo,
    a scanner's uneven lamp or a grey photocopy then lowers paper and ink
    alike, and a box in the shadow is not taken for a filled one, while the
    sharp edge of a shadow stays where it is. The window is wider than a
    filled box, so ink never counts as paper. Returns the darkness (float) and the same scaled to 0-255.
    """
    paper, span = lv or levels(canon)
    small = cv2.resize(canon, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = int(round(9 * K * 0.25)) | 1
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = shadow_paper(small, bg, paper)
    diff = cv2.resize(bg, (canon.shape[1], canon.shape[0]), interpolation=cv2.INTER_LINEAR)  # the paper's grey
    # How much light reached each part (shade), as the scale that brings the span of print there to 255: a
    # function of the paper's grey alone, so looked up per pixel in a table of its 256 values (the page-sized
    # float resize of the scale itself cost twice the lookup). In place, and the float array reused from page to
    # page: a worker maps every large array afresh (batch.py's fixed mmap threshold), so each page-sized one costs
    # its page faults (about 3 ms for the float one). Done a band of rows at a time (issue 26): the band's scale
    # stays in the cache between its lookup and its product, instead of a page of floats written out and read
    # back; each pixel's value is the same.
    shade = np.clip(np.arange(256, dtype=np.float32) / max(paper, 1.0), DEFAULT.shade_min, 1.0)
    table = (255.0 / (span * shade)).astype(np.float32).reshape(1, 256)
    h, w = canon.shape
    band = scratch("scale_band", (min(DARKNESS_BAND_ROWS, h), w), np.float32)
    for y0 in range(0, h, DARKNESS_BAND_ROWS):
        y1 = min(y0 + DARKNESS_BAND_ROWS, h)
        rows = diff[y0:y1]
        scale = cv2.LUT(rows, table, dst=band[:y1 - y0])
        cv2.subtract(rows, canon[y0:y1], dst=rows)
        cv2.multiply(rows, scale, dst=rows, dtype=cv2.CV_8U)
    return diff


DARKNESS_BAND_ROWS = 64  # rows of the page darkness scales at a time: a band's floats (about 270 kB) stay in cache



def shadow_paper(small: np.ndarray, bg: np.ndarray, paper: float, th: Thresholds = DEFAULT) -> np.ndarray:
    """The paper's level in a shadow, its grain's peaks discounted: on the quarter-scale page (small) and its
    closing (bg, the brightest paper round each pixel), where the closing is darker than shadow_start of the page's
    paper level, the level is moved from the closing towards the paper's median round it in proportion to the light
    lost there: median + (closing - median) * shade, shade the closing's share of shadow_start times the paper. In
    full light (a flatbed scan, a copy, most of a photo) it is the closing, unchanged.

    A phone photo's grain is added light, as strong in grey levels in a shadow as in full light; darkness divides
    by the shade, so there both the grain and its brightest peaks' distance from the paper's middle grow by 1/shade
    (heldout_augraphy photo, seeds 19 and 21: empty boxes under a cast shadow read 10-20 % "ink"). Scaled by the
    shade, that distance stays what it is in full light. The median is taken on the page halved once more (a few
    tenths of a millisecond), over shadow_median_mm: wider than a box, so a mark never counts as paper.

    What it costs: the level falls for ink and grain alike, so a pen's tick in a deep shadow (seed 20, at 0.46 of
    the paper) loses its edge pixels with the grain's and may be asked about (two there). Reading only the doubts
    and the stray ink, or only the stray ink, against this level was measured too and saved less (seed 21: 2 and 1
    questions against 3; seeds 13 and 20: none; seed 19: at most 1 against 7)."""
    if int(bg.min()) >= th.shadow_start * paper:
        return bg
    shaded = (bg < th.shadow_start * paper).view(np.uint8)
    if np.count_nonzero(shaded) < th.shadow_area_min * bg.size:
        return bg  # no region can be as wide as all the shaded pixels together: the same as finding none wide
    n, lab, stats, _ = cv2.connectedComponentsWithStats(shaded, connectivity=8)
    wide = stats[:, cv2.CC_STAT_AREA] >= th.shadow_area_min * bg.size
    wide[0] = False  # the label of the paper in full light
    if not wide.any():
        return bg
    h, w = small.shape
    tiny = cv2.resize(small, (max(w // 2, 1), max(h // 2, 1)), interpolation=cv2.INTER_AREA)
    k = max(int(round(th.shadow_median_mm * K * 0.125)) | 1, 3)
    med = cv2.resize(cv2.medianBlur(tiny, k), (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    b = bg.astype(np.float32)
    shade = np.clip(b / (th.shadow_start * max(paper, 1.0)), th.shade_min, 1.0)
    out: np.ndarray = np.clip(np.minimum(b, med + (b - med) * shade), 0, 255).astype(np.uint8)
    return np.where(wide[lab], out, bg)


_scratch = threading.local()


def scratch(name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """A page-sized working array kept for this thread's next page (its contents left over): for temporaries
    that never leave the function using them. A fresh array of that size would be mapped and faulted in anew
    on every page in a scan's workers, which give large arrays back to the system when freed."""
    got = getattr(_scratch, name, None)
    if got is None or got.shape != shape or got.dtype != dtype:
        got = np.empty(shape, dtype)
        setattr(_scratch, name, got)
    return got


def share_above(a: np.ndarray, level: float) -> float:
    """The share of a's pixels above level: np.mean(a > level), the same value (an exact count over the size)
    without np.mean's per-call overhead, which the many small box insides of a page add up. 0 when a is empty."""
    return np.count_nonzero(a > level) / a.size if a.size else 0.0


@lru_cache(maxsize=8192)  # a template's few hundred boxes, asked for on every page
def rect_px(r: Rect) -> tuple[int, int, int, int]:
    return int(round(r.x * K)), int(round(r.y * K)), int(round(r.w * K)), int(round(r.h * K))

