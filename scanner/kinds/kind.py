"""The kinds and the sets of them the stages ask about."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a question is, for the questionnaire and the template alike (the template's JSON spells it)."""

    single = "single"
    multiple = "multiple"
    grid = "grid"  # a table of single-choice rows; the template expands it into one single question per row
    text = "text"
    note = "note"
    rank = "rank"  # a ranking: a grid of the options (rows) by positions 1..N (columns), expanded like a grid
    roster = "roster"  # a table of members; the template expands it into one question per cell
    number = "number"  # integer or decimal, printed as a write-in comb over a 0-9 bubble grid per digit
    date = "date"  # ngày/tháng/năm as eight digit columns


CHOICE_KINDS = frozenset({Kind.single, Kind.multiple})  # answered by options, tallied as shares
DIGIT_KINDS = frozenset({Kind.number, Kind.date})  # answered by a digit grid, held as a number or an ISO date
MARKED_KINDS = CHOICE_KINDS | DIGIT_KINDS  # read from printed boxes on the page
WRITTEN_KINDS = frozenset({Kind.text})  # handwriting, transcribed by a person
CONTAINER_KINDS = frozenset({Kind.grid, Kind.rank, Kind.roster})  # expanded into questions of the kinds above
TEMPLATE_KINDS = CHOICE_KINDS | DIGIT_KINDS | WRITTEN_KINDS | CONTAINER_KINDS  # what a template's JSON may name
