"""Phone photos: a single choice's doubtful boxes judged against the question's other boxes (scanner/mates.py).

Both pages are generated sheets (side 1) photographed by Augraphy's photo hand, stored as the benchmark wrote
them (benchmarks/heldout_augraphy.py --sheets 8 --stack 2 --seed 13 --hands photo), because Augraphy is an
optional extra, not a test dependency:
- augraphy_hard_pencil_clean.jpg (stack004_flatbed_006.jpg, sheet S00008): a hard (2H) pencil on paper the
  photo left clean; its X's and ticks are faint but plain to a person, and main sent them all to a reviewer.
- augraphy_shadow_grain.jpg (stack004_flatbed_001.jpg, sheet S00007): a ballpoint in a cast shadow whose dark
  grain fills some empty boxes with "ink"; main asked about questions whose one plain mark stood beside them.
- augraphy_haze_blotch_blank.jpg (--seed 16 --sheets 6, stack003_flatbed_001.jpg, sheet S00005): a ballpoint
  side whose single choice a5 was left blank; one of its boxes holds a blotch of haze on otherwise clean paper,
  which the hard pencil's tier first read as the answer (a silent error found on that reporting seed).
The answers below are the generator's truth (truth.jsonl of those corpora)."""

from pathlib import Path

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

DATA = Path(__file__).parent / "data" / "photos"
HARD_PENCIL = {"a1": ("4",), "a2": ("2",), "a3": ("2",), "a4": ("1",), "a5": ("3",), "q1": ("3",), "q2": ("3",)}
BLANK_A5 = {"a1": ("2",), "a2": ("1",), "a3": ("1",), "a4": ("1",), "a5": (), "q1": ("4",), "q2": ("2",)}
BALLPOINT = {"a1": ("1",), "a2": ("1",), "a3": ("2",), "a4": ("2",), "a5": ("1",), "q1": ("1", "3", "4"),
             "q2": ("2",)}


def _read(name: str, template):
    photo = DATA / name
    res = read_page(PageSource(photo.name, 0, "0" * 64, photo.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def _silent(res, drawn: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {q: tuple(res.questions[q].answer) for q, want in drawn.items()
            if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}


def test_hard_pencil_standing_out_on_clean_paper_is_read(template):
    """A hard pencil's X on clean paper stands only a little above its mates in darkness, but several times their
    level: it is the answer, and the side's other questions are never read wrong."""
    res = _read("augraphy_hard_pencil_clean.jpg", template)
    assert not _silent(res, HARD_PENCIL)
    got = {q: (res.questions[q].status, tuple(res.questions[q].answer)) for q in ("a4", "q2")}
    assert got == {q: (AnswerStatus.answered, HARD_PENCIL[q]) for q in got}, got


def test_shadow_grain_beside_a_plain_mark_is_no_answer(template):
    """Boxes a cast shadow's grain filled with dark blotches, holding no line that stands out from their mates,
    beside the question's one plain ballpoint mark: the mark is the answer."""
    res = _read("augraphy_shadow_grain.jpg", template)
    assert not _silent(res, BALLPOINT)
    got = {q: (res.questions[q].status, tuple(res.questions[q].answer)) for q in ("a1", "a4", "q2")}
    assert got == {q: (AnswerStatus.answered, BALLPOINT[q]) for q in got}, got


def test_haze_blotch_in_a_blank_single_choice_is_no_answer(template):
    """A blotch of haze in one box of a blank single choice, on paper otherwise clean, darkens a line through it
    several times its mates' level: only a box without haze may be read on that alone."""
    res = _read("augraphy_haze_blotch_blank.jpg", template)
    assert not _silent(res, BLANK_A5)
