"""A toner-faded form faxed in 1 bit: the fax's threshold left some boxes' printed squares only in fragments and a
few none at all, though the page is registered by all four of its marks and the person's pen is plain.

tests/data/fax/faded_outlines_vanished.png is the project's own world mix (python -m benchmarks.accuracy --generate
16 --seed 21 --cycle --profiles world --stack 2: stack004_fadedfax.pdf page 7 (index 6), sheet S00008 side 3, a blue
ballpoint, fade 0.68): 9 of its 100 squares left nothing, and main set the page aside as out of place ("only 84 %
of the boxes in place"), its sheet then waiting with a missing page."""

from pathlib import Path

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "fax" / "faded_outlines_vanished.png"
DRAWN = {"q9": ("5",), "q10": ("2023-11-11",)}  # the generator's truth for that side (truth.jsonl of the corpus)


def _read(template):
    return read_page(PageSource(PAGE.name, 0, "0" * 64, PAGE.read_bytes(), "pdf-image"), template, use_ocr=False)


def test_faded_fax_registered_by_its_marks_is_read_not_set_aside(template):
    res = _read(template)
    assert res.status == "form", res.message
    silent = {q: r.answer for q, r in res.questions.items()
              if r.status != AnswerStatus.review and tuple(r.answer) != DRAWN[q]}
    assert not silent, silent


def test_many_boxes_with_nothing_on_their_outline_still_say_the_page_is_out_of_place():
    """Boxes read off the paper of a page out of place show no outline either: when they are many, they count."""
    from scanner.box_place import outlines_found
    from scanner.ink import DEFAULT
    from scanner.marks import _without_vanished

    few = [0.4] * 91 + [0.0] * 9
    many = [0.4] * 70 + [0.0] * 30
    assert outlines_found(_without_vanished(few, DEFAULT)) >= DEFAULT.outlines_min
    assert outlines_found(_without_vanished(many, DEFAULT)) == outlines_found(many) < DEFAULT.outlines_min
