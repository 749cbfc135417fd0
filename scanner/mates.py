"""A light pencil's box on a phone photo judged against its question's other boxes, under the same light.

On a photo of mottled paper in uneven light (heldout_augraphy photo), a light pencil's X leaves almost no pixel
at the ink level and its haze is the paper's own, so the box is read "in doubt", and so are empty boxes whose
haze is a little thicker than the page's. A person sees the X at once because it is a straight line the other
boxes of the question, on the same paper in the same light, do not hold. Measured on the darkness against the
paper right around each pixel (fine.Fine: a shadow's edge and the light's gradient leave nothing), the
straightest line through the middle of a box (strokes.straightest) tells them apart: on the tuning seed's
photos (heldout_augraphy --hands photo --seed 13, 25 sides) the empty boxes of single choices with no ink in them
stood at most 0.04 above their mates' median (in a cast shadow's dark grain), light pencil X's, ticks and
slashes mostly 0.046 to 0.1 above and 1.7 to 7 times it. On paper the photo left clean, a hard pencil's X
stands only 0.025 to 0.04 above its mates, but 3 to 8 times their median, which no empty box reached (at most
2.8 times) unless haze lay in it: that tier counts only in a box without haze, and against two mates or more (a
yes/no question's one mate is no median: on a pencil-heavy photo an empty box's grain stood 3.7 times its one mate's
while the person had circled the other option's label, tests/test_photos_one_mate.py).

So in a single choice holding no plain ink, a box that stands out that far from its mates, while none of the
others stands out from the rest, is the mark, and the others, in doubt only by their haze, are empty; beside a
plain mark, doubts none of which stands out are empty too, even those a cast shadow's dark grain filled with
"ink" (a second X or tick would stand out; a box filled in to cancel it holds no line and is no answer).

A multiple choice is settled only beside its plain marks: a second, lighter mark there (a hard pencil's tick)
may be an answer too, so only a doubt whose line is at most mate_column_share of the weakest plain mark's, and
that stands out from none of its empty mates, is read empty (the photo's mottle draws no line; heldout photo
seed 13: a blotch beside a felt tick). Each column of a digit grid is a single choice of its own, settled the
same way beside its one plain mark (a column of ten hazy boxes holds one standing out by chance). There, half
the mark's line is no bound by itself: a soft pencil's tick beside a firm X draws a tenth of the X's line, so a
doubt is also read empty only when its line is no straighter than the page's own plain paper draws (Mottle).

A plain mark settles its mates only when a pen drew it: a box read "marked" whose straightest line does not stand
out from its question's other boxes is a copier's grey blotch as likely as a mark (_pen_marks), and a doubt
beside it under the same blotch is no more the paper's than the "mark" is an answer.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, Place, Thresholds
from .kinds.digits import parse_bubble
from .strokes import stands_out, straightest
from .template import Option, Question
from .vocab import BoxState


def strokes_among_mates(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: list[Place],
                        insides: list[np.ndarray], fine: Fine, th: Thresholds,
                        patches: Callable[[], Sequence[Place]] = tuple, mottle: Mottle | None = None,
                        hazed: Collection[int] = ()) -> list[BoxReading]:
    """The side's readings with each question's light doubts settled against its other boxes, where one plainly
    stands out (or none does, beside a plain mark); other questions as read. insides: the boxes' darkness against
    the page's paper, as read_box measured it (their haze); patches: squares of the page's plain paper the size of
    an inside (reference.paper_patches), asked for only when a multiple choice or a digit column is settled;
    mottle: the page's plain paper's lines measured from them, when other rules share it (else measured here);
    hazed: boxes the page's own paper explained (read empty against it) until a haze line put them in doubt
    (mark_rules._strokes_in_haze)."""
    out = list(readings)
    mottle = mottle if mottle is not None else Mottle(fine, patches, th)
    lines: dict[int, float] = {}

    def line_of(k: int) -> float:  # a box's straightest line, measured once however many rules ask
        if k not in lines:
            lines[k] = straightest(fine.darkness(*places[k]))
        return lines[k]

    groups: dict[str, list[int]] = {}
    columns: set[str] = set()
    several: set[str] = set()
    for k, (q, o) in enumerate(pairs):
        key = q.id
        if q.behaviour.per_option:
            several.add(key)  # several answers may hold: judged against the plain marks' own lines only
        if q.behaviour.digit_grid:
            cd = parse_bubble(o.id)
            if cd is None:
                continue
            key = f"{q.id}/{cd[0]}"  # each column is one digit's single choice
            columns.add(key)
        groups.setdefault(key, []).append(k)
    for key, ks in groups.items():
        if len(ks) < 2:
            continue
        plain = [k for k in ks if readings[k].state in (BoxState.marked, BoxState.filled)
                 and readings[k].coverage >= th.marked_min]
        if any(readings[k].state == BoxState.marked for k in plain) and any(
                readings[k].state == BoxState.uncertain for k in ks):
            plain = _pen_marks(plain, ks, readings, line_of, th)
        if key in columns:
            if len(plain) == 1 and any(readings[k].state == BoxState.uncertain for k in ks):
                out = _beside_plain_marks(out, ks, plain, line_of, mottle, th)
            continue
        if key in several:
            marks = [k for k in plain if readings[k].state == BoxState.marked]
            if marks and any(readings[k].state == BoxState.uncertain for k in ks):
                scores = {k: line_of(k) for k in ks if k not in plain}
                # a lighter second answer draws a line its empty mates do not: such a box stays in doubt
                quiet = [k for k in ks if k in plain or not (len(scores) >= 2 and _stands_out(
                    k, scores, th.mate_stroke_ratio, th.mate_stroke_margin))]
                out = _beside_plain_marks(out, quiet, marks, line_of, mottle, th)
            continue
        if not any(readings[k].state == BoxState.uncertain and (plain or readings[k].coverage < th.marked_min)
                   for k in ks):
            continue  # no doubt to settle
        doubtful = [k for k in ks if k not in plain and readings[k].state != BoxState.empty]
        if not plain and any(readings[k].coverage >= th.marked_min for k in doubtful):
            continue  # a doubt with ink in it and no plain mark beside it: a person's to judge
        scores = {k: line_of(k) for k in ks if k not in plain}
        if len(scores) < 2:
            continue
        standing = [k for k in scores if _stands_out(k, scores, th.mate_stroke_ratio, th.mate_stroke_margin)
                    or (len(scores) > th.mate_clean_mates_min and _clean(insides[k], th)
                        and _stands_out(k, scores, th.mate_clean_ratio, th.mate_clean_margin))]
        rest = {k: v for k, v in scores.items() if k not in standing}
        if len(rest) >= 2 and any(_stands_out(k, rest, th.mate_quiet_ratio, th.mate_quiet_margin) for k in rest):
            continue  # another box holds something the others do not: a lighter second mark, perhaps
        if plain and standing:
            continue  # a plain mark and a light one beside it: a person's to judge
        if not plain and not standing:
            continue  # nothing stands out: the doubts stay
        if not plain and _mottled(rest, mottle) and any(
                scores[k] - statistics.median(rest.values()) < th.mate_mottle_lead_max for k in standing):
            continue  # the question lies in mottle that lines up by chance: its doubts stay (_mottled)
        for k in standing:
            if not plain and not _drawn(fine.darkness(*places[k]), line_of(k), th):
                out[k] = replace(out[k], state=BoxState.uncertain, confidence=0.3)  # one spot: a speck or a dot
            elif plain or k not in hazed or not _paper_draws_alike(k, out[k], line_of, mottle, th):
                out[k] = replace(out[k], state=BoxState.marked, confidence=th.mate_confidence)
        for k in rest:
            if out[k].state == BoxState.uncertain and not (plain and _lighter_line(k, scores, out[k], insides[k], mottle,
                                                                                  th)):
                out[k] = replace(out[k], state=BoxState.empty, confidence=th.mate_confidence)
    return out


def _beside_plain_marks(out: list[BoxReading], ks: list[int], marks: list[int], line_of: Callable[[int], float],
                        mottle: Mottle, th: Thresholds) -> list[BoxReading]:
    """A digit column's doubts beside its one plain mark (or a multiple choice's beside its plain marks), read
    empty where the straightest line in each is at most mate_column_share of the (weakest) mark's, and no
    straighter than the page's own plain paper draws (Mottle). Among ten hazy boxes of a photo's mottled paper
    one stands out from the others by chance (seed 13: two columns), so a column's doubts are measured against
    its own mark instead: a second digit marked in the column draws a line as straight as the first, the paper's
    mottle none. Half a firm X's line is no bound on its own: a soft pencil's or a drying ballpoint's tick beside
    it draws a line a tenth of the X's and a person still sees it (tests/test_mates_light_second_mark.py), while
    the paper's mottle draws no line straighter than the same page's plain paper does."""
    line = min(line_of(m) for m in marks)
    for k in ks:
        if out[k].state != BoxState.uncertain:
            continue
        own = line_of(k)
        if own <= th.mate_column_share * line and own <= mottle.level():
            out[k] = replace(out[k], state=BoxState.empty, confidence=th.mate_confidence)
    return out


class Mottle:
    """The straightest line the page's plain paper draws by itself: its squares' (reference.paper_patches)
    mate_paper_quantile, measured as the boxes' are (strokes.straightest on fine.Fine), once, when first
    asked. 0 when the page shows too few squares to judge (paper_patches_min): then no doubt is the paper's.
    One a page, shared by the rules that judge a box's line against the paper (here, paper_lines.py)."""

    def __init__(self, fine: Fine, patches: Callable[[], Sequence[Place]], th: Thresholds) -> None:
        self.fine, self.patches, self.th = fine, patches, th
        self._lines: list[float] | None = None
        self._darks: list[np.ndarray] | None = None

    def darks(self) -> list[np.ndarray]:
        """The plain squares' darkness on Fine, closed in one pass when first asked (crossed_strokes.py measures
        its crossing lines on the same squares)."""
        if self._darks is None:
            self._darks = self.fine.darkness_many(self.patches())
        return self._darks

    def level(self, quantile: float | None = None) -> float:
        if self._lines is None:
            self._lines = [straightest(d) for d in self.darks()]
        q = self.th.mate_paper_quantile if quantile is None else quantile
        return float(np.percentile(self._lines, q)) if len(self._lines) >= self.th.paper_patches_min else 0.0


def _pen_marks(plain: list[int], ks: list[int], readings: list[BoxReading], line_of: Callable[[int], float],
               th: Thresholds) -> list[int]:
    """The plain marks that a pen drew: a filled box, or a marked one whose straightest line stands out from its
    question's boxes not read marked (mate_stroke_ratio and mate_stroke_margin). A copier's grey blotch over a
    box reads "marked" by its darkness, yet is broad and flat and draws no line (heldout_augraphy copy2 seed 32,
    stack003_flatbed_005 a5: 0.029 against its mates' 0.008, where pens' marks draw 0.15 and more); beside it a
    doubt under the same blotch is no more the paper's than the "mark" is an answer (tests/test_mates_blotch.py)."""
    scores = {k: line_of(k) for k in ks}
    others = [k for k in ks if readings[k].state != BoxState.marked]
    return [k for k in plain if readings[k].state == BoxState.filled or stands_out(
        scores[k], [scores[j] for j in others], th.mate_stroke_ratio, th.mate_stroke_margin)]


def _mottled(rest: dict[int, float], mottle: Mottle) -> bool:
    """Whether a box of a single choice that stands out from nothing draws a line straighter than the page's own
    plain paper does (Mottle): the question then lies in mottle strong enough to line its blotches up, and its
    mates' median understates it. A box standing out there by the stroke tier's margin alone is no mark: on
    heldout_augraphy photo seed 13 (stack003_flatbed_006 q5a, a blank single choice) three blotches along a diagonal
    stood 0.0451 above their mates' median, just past mate_stroke_margin, beside a mate at 1.06 times the page's
    paper level, and the question was read "3" unflagged (tests/test_photos_mottle_chain.py). Of the light marks
    this tier reads on that seed's single choices, one stood beside such a mate (a 2H pencil's X, 1.16): asked
    about now. The level is measured only when a box stands out in a question without a plain mark. A box leading
    its mates by mate_mottle_lead_max or more is a stroke all the same (a light pencil slash on a photocopy whose
    bolder print lines its empty boxes up past the page's paper level: tests/test_copier_rim.py)."""
    level = mottle.level()
    return level > 0 and any(v >= level for v in rest.values())


def _stands_out(k: int, scores: dict[int, float], ratio: float, margin: float) -> bool:
    return stands_out(scores[k], [v for j, v in scores.items() if j != k], ratio, margin)


def _lighter_line(k: int, scores: dict[int, float], r: BoxReading, inside: np.ndarray, mottle: Mottle,
                  th: Thresholds) -> bool:
    """Whether a doubt beside a plain mark holds no ink at all yet draws a line longer than its mates' by the
    ratio alone: a hard pencil's dashed second stroke on a speckled copy stands there (0.042 against 0.024,
    tests/test_copy_specks_beside_marks.py), where a shadow's grain beside a mark holds ink of its own. Unless no
    pixel of it reaches faint_ink and its line is no straighter than the page's own plain paper draws
    (mate_lighter_quantile of its squares): on fibrous paper an empty box beside a dot drew 0.016 against its mates'
    0.010, 0.08 dark at most, where the page's plain squares reach 0.018 (heldout_augraphy texture seed 16,
    tests/test_fibre_beside_mates.py); the copy's pencil stroke reaches faint ink."""
    if r.coverage != 0.0 or not _stands_out(k, scores, th.mate_quiet_ratio, 0.0):
        return False
    return bool(inside.size and float(inside.max()) > th.faint_ink) or scores[k] > mottle.level(th.mate_lighter_quantile)


def _paper_draws_alike(k: int, r: BoxReading, line_of: Callable[[int], float], mottle: Mottle, th: Thresholds) -> bool:
    """Whether a box the page's paper explained until a haze line put it in doubt (hazed), holding no ink and
    standing out from its mates with no plain mark beside it, draws a line no straighter than some plain square of
    the page's own paper does (mate_alone_quantile of theirs): an empty box of a blank single choice on fibrous paper,
    put in doubt by a haze line (mark_rules._strokes_in_haze), stood out from the others by a fibre's line
    (heldout_augraphy texture seed 22, stack007_flatbed_003 q5b: 0.091, the page's plain squares up to 0.098) and
    was read as the answer. It stays in doubt; a light pencil's marks beside it drew 0.10-0.14, and a box with a
    trace of its own is not asked this."""
    return r.coverage == 0.0 and line_of(k) <= mottle.level(th.mate_alone_quantile)


def _drawn(dark: np.ndarray, line: float, th: Thresholds) -> bool:
    """Whether a box's straightest line is ink spread along it rather than one dark spot: the line measured again
    with the box's darkness clipped at its median plus ring_even_clip times the line keeps mate_drawn_share of it.
    A copier's round toner speck in an empty box draws a line at every angle through it and stands out from its
    mates as a light mark would (tests/test_copies.py's copier, seed 9 copied twice: two specks in one question,
    0.57 and 0.61 kept); a person's strokes and dots read here keep 0.81-1.0 (cp38, p21, tex71). Such a box is asked
    about, never read marked or empty by its mates alone."""
    if line <= 0:
        return True
    flat = np.minimum(dark.astype(np.float32), float(np.median(dark)) + th.ring_even_clip * line)
    return straightest(flat) >= th.mate_drawn_share * line


def _clean(inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a box shows no haze (faint_max): a blotch of haze in a clean page's box draws a "line" several
    times its clean mates' (heldout_augraphy photo seed 16: a blank single choice read as answered)."""
    return inside.size > 0 and float(np.mean(inside > th.faint_ink)) <= th.faint_max
