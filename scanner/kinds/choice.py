"""Single and multiple choice: options marked in printed boxes, held as the list of chosen option ids."""

from __future__ import annotations

from typing import Any

from ..vocab import FormItemKind
from .behaviour import Asked, Held, Printed, QuestionKind
from .kind import Kind


def as_value(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if isinstance(raw, list | tuple):
        return [str(x) for x in raw]
    return str(raw).split()


class Single(QuestionKind):
    """One option: two marks are a question for a person, never a guess."""

    def most_options(self, max_choices: int | None) -> int | None:
        return 1

    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        raise ValueError("a choice is tallied as shares, not summed up")

    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        return Asked(FormItemKind.single, choices=True)


class Multiple(QuestionKind):
    """Any options, at most the question's max_choices when it names one."""

    def most_options(self, max_choices: int | None) -> int | None:
        return max_choices

    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        raise ValueError("a choice is tallied as shares, not summed up")

    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        at_most = max_choices if max_choices and max_choices < options else None
        return Asked(FormItemKind.multiple, choices=True, at_most=at_most)


SINGLE = Single(kind=Kind.single, label_vi="Chọn một", held=Held.options, printed=Printed.options, shares=True,
                per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False, asked=True,
                expands=False, ranks=False)
MULTIPLE = Multiple(kind=Kind.multiple, label_vi="Chọn nhiều", held=Held.options, printed=Printed.options,
                    shares=True, per_option=True, digit_grid=False, handwritten=False, dated=False, banded=False,
                    asked=True, expands=False, ranks=False)
