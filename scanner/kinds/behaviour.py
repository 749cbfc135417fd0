"""What every kind answers for the stages: one interface, one implementation per kind module, found in the registry.

OCRmyPDF's `OcrEngine` is the model: the pipeline never asks which engine it
holds, it asks the engine. Here a stage holding a question asks its kind
(`registry.behaviour(q.type)`, or `q.behaviour`) how it is answered, read,
checked, recorded, asked online, tallied and reported, instead of comparing
the kind with `==`. Every field is required and the methods every kind must
answer are abstract, so a new kind's module cannot leave those unanswered
without mypy or the constructor saying so (a digit grid's `columns_error` and
`decimals_error` raise for other kinds until overridden).
`tests/test_kinds_home.py` keeps kind comparisons out of the stages.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..vocab import FormItemKind
from .kind import Kind


class Held(StrEnum):
    """What a record holds for an answer: the chosen option ids, a number, a text (a date's is ISO), nothing."""

    options = "options"
    number = "number"
    text = "text"
    nothing = "nothing"


class Printed(StrEnum):
    """The shape a kind prints as, which the layout draws and the template's JSON spells; kinds may share one."""

    options = "options"  # a box per option (a list longer than a page goes on over the next)
    digits = "digits"  # a write-in comb over a 0-9 bubble grid per column
    writing = "writing"  # lined space for handwriting
    grid = "grid"  # a table of single-choice rows
    roster = "roster"  # a table of members, a row each, its columns questions of their own
    note = "note"  # text, or a group's heading


@dataclass(frozen=True)
class Asked:
    """How the online (Google) form asks a question: its item type, and for a typed short answer its pattern
    and the shape shown to the respondent; `choices`: the item lists the question's options."""

    kind: FormItemKind
    choices: bool = False
    pattern: str = ""
    shape: str = ""
    at_most: int | None = None  # a multiple choice's "select at most"


@dataclass(frozen=True, kw_only=True)
class QuestionKind(ABC):
    """A kind's answers to the questions the stages ask; one subclass and one instance per kind module."""

    kind: Kind
    label_vi: str  # how a reviewer or a report names the kind
    held: Held  # what a record holds for its answer (an analyst's file types its column by it)
    printed: Printed  # its shape on paper and in the template's JSON (layout.py draws each shape)
    shares: bool  # answered by options and tallied as shares of respondents (a table of options per channel)
    per_option: bool  # several options may hold: one yes/no column per option in exports and the analyst's file
    digit_grid: bool  # a write-in comb over a 0-9 bubble grid per digit, read as a number or a date
    handwritten: bool  # written by hand and transcribed by a person; its text is tallied as comments
    dated: bool  # held as an ISO date: a workbook's cells and a report's figures are dates
    banded: bool  # may fall in the question's own bands (its `bands` column), which can be breakdowns
    asked: bool  # answered at all (a note is printed, never answered)
    expands: bool  # a table the template expands into questions of other kinds (grid rows, roster cells)
    ranks: bool  # a ranking: its grid's rows are the options, its columns the positions 1..N, each given once

    @property
    def one_option(self) -> bool:
        """A single choice: one option is the answer, and two marks are a question for a person."""
        return self.shares and not self.per_option

    @property
    def marked(self) -> bool:
        """Read from printed boxes on the page (options or a digit grid's bubbles)."""
        return self.shares or self.digit_grid

    def columns_error(self, columns: int) -> str | None:
        """What is wrong with a digit grid of this many columns for the kind (a template's `bubbles`), if so."""
        raise ValueError(f"{self.kind} has no digit grid")

    def decimals_error(self, columns: int, decimals: int) -> str | None:
        """What is wrong with a digit grid's decimals for the kind (a template's `decimals`), if so."""
        raise ValueError(f"{self.kind} has no digit grid")

    @abstractmethod
    def most_options(self, max_choices: int | None) -> int | None:
        """How many options an answer may hold by the kind's own rule (a single choice: one); None: no limit."""

    @abstractmethod
    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        """The tally's mean, median, least and greatest of a digit grid's answers (None, None, None, None if none)."""

    @abstractmethod
    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        """How the online form asks it; xls_type: the XLSForm type a written answer came from ("time"...)."""


class NotAnswered(QuestionKind):
    """The kinds with no answer of their own (a note; a grid or a roster, expanded into questions)."""

    def most_options(self, max_choices: int | None) -> int | None:
        return None

    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        raise ValueError(f"{self.kind} has no figures of its own")

    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        raise ValueError(f"{self.kind} is not asked as one item")
