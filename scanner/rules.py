"""The template's rules applied to one question's box readings: an answer, or a reason to ask a person."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .digit_marks import settle_columns
from .fax_blank_ink import ink_beside_blank
from .ink import DEFAULT, BoxReading
from .kinds.registry import read_grid
from .template import Question, Template
from .vocab import AnswerStatus, BoxState, ReviewReason

MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    answer: tuple[str, ...]
    status: AnswerStatus
    reasons: tuple[ReviewReason, ...]
    confidence: float


@dataclass(frozen=True)
class StoredReading:
    """A question's machine reading as the store hands it back (store.all_question_readings), on one page or
    joined over the pages a long list runs across (join_parts): what records and the review queue read."""

    answer: tuple[str, ...]  # the option ids marked (a digit grid's bubbles, "column:digit")
    status: AnswerStatus
    reasons: tuple[str, ...] = ()  # ReviewReason values as stored, so a reason a later version adds still shows
    confidence: float = 1.0
    page_id: str = ""


def apply_rules(q: Question, readings: list[BoxReading], stray_mm2: float = 0.0,
                page_quality: float = 1.0, bilevel: bool = False, written: Collection[int] = ()) -> QuestionResult:
    """bilevel: the page came as black and white only, where a light pencil mark can vanish without trace.
    written: a digit grid's columns (1...) whose write-in box holds ink: a column left unmarked under one
    is a digit the respondent forgot to mark, not a shorter number."""
    reasons: list[ReviewReason] = []
    if q.behaviour.digit_grid:
        readings = settle_columns(readings)
    states = {r.option_id: r.state for r in readings}
    chosen = tuple(o.id for o in q.options if states.get(o.id) == BoxState.marked)
    filled = [o for o, s in states.items() if s == BoxState.filled]
    if any(s == BoxState.uncertain for s in states.values()):
        reasons.append(ReviewReason.uncertain_box)
    if stray_mm2 >= DEFAULT.stray_min_mm2:
        reasons.append(ReviewReason.stray_ink)
    if filled and not chosen:
        reasons.append(ReviewReason.filled_only)
    if q.behaviour.digit_grid:
        grid = read_grid(q.type, q.digits, q.decimals, chosen, written, filled)
        reasons += [ReviewReason(r) for r in grid.reasons if ReviewReason(r) not in reasons]
        chosen = (grid.text,) if grid.text is not None else ()
    reasons += choice_reasons(q, chosen)
    confidence = min([r.confidence for r in readings] + [page_quality])
    if confidence < MIN_CONFIDENCE and ReviewReason.uncertain_box not in reasons:
        reasons.append(ReviewReason.low_confidence)
    if not reasons and not chosen and bilevel:
        reasons.append(ReviewReason.blank_on_bilevel)
        if ink_beside_blank(stray_mm2):  # its pen survived beside its boxes: no mark lost (fax_blank_ink.py)
            reasons.append(ReviewReason.stray_ink)
    status = AnswerStatus.review if reasons else (AnswerStatus.answered if chosen else AnswerStatus.blank)
    return QuestionResult(q.id, chosen, status, tuple(reasons), round(confidence, 3))


def choice_reasons(q: Question, chosen: Collection[str]) -> list[ReviewReason]:
    """What the options chosen break of the question's own rules: one answer, at most so many, an exclusive one alone."""
    reasons = []
    most = q.behaviour.most_options(q.max_choices)
    if most and len(chosen) > most:  # a single choice's second mark; a multiple choice's one too many
        reasons.append(ReviewReason.too_many if q.behaviour.per_option else ReviewReason.multiple_marks)
    if q.exclusive and any(c in q.exclusive for c in chosen) and len(chosen) > 1:
        reasons.append(ReviewReason.exclusive_conflict)
    return reasons


BLANKS_LOST_MIN = 2  # blank questions on one 1-bit side that say its pen was lost ...
BLANKS_LOST_SHARE = 0.25  # ... and at least this share of the side's questions
DOUBTS_PAGE_MIN = 3  # questions in doubt on one side, more than it has answered, that make its blanks doubtful too
BLANKS_MOSTLY_MIN = 3  # ... or, beside any doubt, this many blanks, more than its answers and doubts together
DOUBTS_OVER_ANSWERS = 2  # a side with more than this many questions in doubt per answer asks its light answers too:
LIGHT_ANSWER_MAX = 0.6  # ... those read at most this sure (a mark read against its mates, mates.mate_confidence);
# so does a side more in doubt than answered whose every answer is that light


def page_rules(results: dict[str, QuestionResult], pen_kept: bool = False,
               conditional: Collection[str] = (), from_remains: Collection[str] = (),
               light_hand: bool = False, settled: Collection[str] = ()) -> dict[str, QuestionResult]:
    """A whole side with not one mark is asked about rather than recorded as blank (its questions in doubt stay so).

    Respondents rarely skip every question of a side; a light pencil on a
    black-and-white scan, or a page fed in from the wrong survey, does that.
    On a 1-bit side where several questions came out blank, the threshold
    has likely taken a light pen's marks: what it kept of the rest (the X of
    a box filled in to cancel it, drawn twice over, while the chosen X
    vanished) is asked about too, unless the side's marks show its pen
    plainly survived the threshold (marks.pen_kept): its blank questions
    are still asked about, one by one, but what it read is whole ink.
    conditional: questions the form asks only of some respondents; a side
    holding nothing else may rightly be left blank (the record's skip logic
    then says whether they should have been answered). from_remains:
    questions read from a light pen's broken remains no denser than the
    side's others (broken_marks), which a fill-in's kept X never is: they
    keep their answers. light_hand: a grey side written in a light pencil
    (light_hand.py), whose blanks are as doubtful as a side's more in doubt
    than answered. settled: questions whose doubts the page's own paper settled (mark_rules.Ruled): they count as
    in doubt here, as they were read, for a light hand that left them in doubt may have lost marks elsewhere.
    """
    blanks = [q for q, r in results.items() if r.status == AnswerStatus.blank]
    sure = [q for q, r in results.items() if r.status == AnswerStatus.answered and q not in settled]
    if blanks and not sure and any(q not in conditional for q in blanks):
        # not one answer on the side: its blanks are as doubtful as its other boxes (a hard pencil lost in a
        # textured paper leaves some boxes in doubt and the rest read empty)
        return {q: QuestionResult(q, r.answer, AnswerStatus.review, (ReviewReason.no_marks_on_page,), r.confidence)
                if r.status == AnswerStatus.blank else r for q, r in results.items()}
    lost = sum(1 for r in results.values() if r.reasons == (ReviewReason.blank_on_bilevel,))
    if not pen_kept and lost >= max(BLANKS_LOST_MIN, BLANKS_LOST_SHARE * len(results)):
        return {q: QuestionResult(q, r.answer, AnswerStatus.review, (ReviewReason.marks_lost_on_page,), r.confidence)
                if r.status == AnswerStatus.answered and q not in from_remains else r for q, r in results.items()}
    doubts = sum(1 for q, r in results.items() if ReviewReason.uncertain_box in r.reasons or q in settled)
    answered = len(sure)
    mostly_blank = sum(1 for q in blanks if q not in conditional)
    if light_hand or (doubts >= DOUBTS_PAGE_MIN and doubts > answered) or (
            doubts and mostly_blank >= BLANKS_MOSTLY_MIN and mostly_blank > answered + doubts):
        # a side whose boxes are more often in doubt than plainly marked (a hard pencil on a phone photo's mottled
        # paper, heldout_augraphy photo seed 15): its pen may have left no trace at all in some boxes, and a
        # question read blank there is asked about like its doubtful neighbours (those the form asks only of
        # some respondents stay blank, for the skip logic to judge); so is a side mostly blank beside a doubt: a 2H
        # pencil's whole side read blank around one doubt and one ballpoint tick, unflagged (heldout_augraphy photo
        # seed 19, stack007_flatbed_006: five questions; tests/test_rules.py)
        asked = {q: QuestionResult(q, r.answer, AnswerStatus.review, (ReviewReason.blank_among_doubts,), r.confidence)
                 if r.status == AnswerStatus.blank and q not in conditional else r for q, r in results.items()}
        return _light_answers_among_doubts(asked, doubts, answered, settled)
    return results


def _light_answers_among_doubts(results: dict[str, QuestionResult], doubts: int, answered: int,
                                settled: Collection[str] = ()) -> dict[str, QuestionResult]:
    """On a side read mostly in doubt (more than DOUBTS_OVER_ANSWERS questions in doubt per answer), an answer read
    no surer than LIGHT_ANSWER_MAX is asked about too: the light pencil that left the side's boxes in doubt may leave
    its true mark unseen while the photo's grain or shadow in another box of the question reads as the mark. On a
    phone photo (heldout_augraphy photo seed 20) a blank box stood out from its mates by a chance line of mottle
    (stack004_flatbed_002 q5e, a 2H pencil side: 5 questions in doubt, 2 answered) and a shadow's grain read as a
    plain mark (stack002_flatbed_002 q5c, a pencil side: 8 in doubt, 1 answered), each beside the true mark read
    as paper, both answered without a flag. A plain pen's answer there (read surer) keeps its answer.

    So are the answers of a side more in doubt than answered where not one answer was read plainly (each no surer
    than LIGHT_ANSWER_MAX): no mark there shows the pen left its strokes where a box reads them. On a 2H pencil
    side (heldout_augraphy photo seed 21, stack004_flatbed_002: 5 in doubt, 3 answered, each against its mates)
    q5b's slash in box 3 read as paper while box 2's grain stood out from its mates: "2", unflagged. Whether every
    answer is light is judged without the questions the page's paper settled (they were in doubt as read): an X
    read from its two crossing strokes (crossed_strokes.py, surer than LIGHT_ANSWER_MAX) keeps its own answer but
    does not vouch for the side's other light answers."""
    if doubts < DOUBTS_PAGE_MIN:
        return results
    light = [r.confidence <= LIGHT_ANSWER_MAX for q, r in results.items()
             if r.status == AnswerStatus.answered and q not in settled]
    if doubts <= DOUBTS_OVER_ANSWERS * answered and not (light and all(light) and doubts > answered):
        return results
    return {q: QuestionResult(q, r.answer, AnswerStatus.review, (ReviewReason.answer_among_doubts,), r.confidence)
            if r.status == AnswerStatus.answered and r.confidence <= LIGHT_ANSWER_MAX else r
            for q, r in results.items()}


LOST_ELSEWHERE = {ReviewReason.no_marks_on_page, ReviewReason.blank_on_bilevel, ReviewReason.blank_among_doubts,
                  ReviewReason.blank_on_coarse_photo}  # a blank part's doubts, moot once a mark is found elsewhere


def join_parts(q: Question, parts: list[StoredReading]) -> StoredReading:
    """A long list read on several pages (each part as stored) as one reading, the question's rules applied to the
    whole: two ticks on two pages of a single choice are asked about."""
    marked = {a for p in parts for a in p.answer}
    chosen = [o.id for o in q.options if o.id in marked]
    reasons: list[str] = list(dict.fromkeys(r for p in parts for r in p.reasons))
    if chosen:
        # a single choice's one answer, found on another page, leaves its blank parts no doubt at all
        moot = {ReviewReason.no_marks_on_page} if q.behaviour.per_option else LOST_ELSEWHERE
        reasons = [r for r in reasons if r not in moot]
    reasons += choice_reasons(q, chosen)
    reasons = list(dict.fromkeys(reasons))
    asked = [p for p in parts if p.reasons] or parts
    status = AnswerStatus.review if reasons else (AnswerStatus.answered if chosen else AnswerStatus.blank)
    return StoredReading(tuple(chosen), status, tuple(reasons), min(p.confidence for p in parts), asked[0].page_id)


def sheet_readings(template: Template, page_ids: list[str],
                   readings: dict[str, dict[str, StoredReading]]) -> dict[str, StoredReading]:
    """One sheet's readings by question, from its pages' (page id -> question id -> reading); a question printed on
    several pages is joined from its parts."""
    parts: dict[str, list[StoredReading]] = {}
    for pid in page_ids:
        for qid, r in readings.get(pid, {}).items():
            parts.setdefault(qid, []).append(r)
    out = {}
    for qid, ps in parts.items():
        if len(ps) == 1:
            out[qid] = ps[0]
            continue
        try:
            q = template.question(qid)
        except KeyError:
            out[qid] = ps[-1]
            continue
        out[qid] = join_parts(q, ps) if len(q.pages) > 1 else ps[-1]
    return out
