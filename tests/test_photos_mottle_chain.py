"""Phone photos: a blank single choice whose mottle lines up by chance is no answer (scanner/mates.py, _mottled).

augraphy_mottle_chain_blank.jpg is a generated sheet's side 2 (sheet S00006) photographed by Augraphy's photo hand,
stored as the benchmark wrote it (benchmarks/heldout_augraphy.py --sheets 8 --stack 2 --seed 13 --hands photo,
stack003_flatbed_006.jpg), because Augraphy is an optional extra, not a test dependency. Its q5a was left blank;
box 3 holds three blotches of the photo's mottle along a diagonal, whose line stood 0.0451 above its mates' median
(mate_stroke_margin 0.045) beside a mate straighter than the page's own plain paper draws: main read q5a "3"
without a flag (since the corner windows' alignment of session 16 placed the page 0.2 mm apart). The side's other
questions, in blue ballpoint, keep their answers. The answers below are the generator's truth (truth.jsonl)."""

from pathlib import Path

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_mottle_chain_blank.jpg"
TRUTH = {"q3": ("3",), "q4": ("4",), "q5a": (), "q5b": ("4",), "q5c": ("3",), "q5d": ("2",), "q5e": ("3",)}


def test_mottle_lined_up_in_a_blank_single_choice_is_no_answer(template):
    res = read_page(PageSource(PHOTO.name, 0, "0" * 64, PHOTO.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    got = {q: (res.questions[q].status, tuple(res.questions[q].answer)) for q in TRUTH}
    silent = {q: a for q, (s, a) in got.items() if s != AnswerStatus.review and a != TRUTH[q]}
    assert not silent, silent
    answered = {q for q, (s, _) in got.items() if s != AnswerStatus.review}
    assert answered >= {"q3", "q4", "q5b", "q5c", "q5d", "q5e"}, got
