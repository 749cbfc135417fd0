"""Written answers: a box for handwriting, transcribed by a person, its text tallied as comments."""

from __future__ import annotations

from typing import Any

from ..vocab import FormItemKind
from .behaviour import Asked, Held, Printed, QuestionKind
from .kind import Kind

TYPED_TEXT = frozenset({FormItemKind.integer, FormItemKind.decimal, FormItemKind.date, FormItemKind.time,
                        FormItemKind.datetime})  # a written answer whose XLSForm type Google Forms checks


class Text(QuestionKind):
    def most_options(self, max_choices: int | None) -> int | None:
        return None

    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        raise ValueError("writing is tallied as comments, not summed up")

    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        return Asked(FormItemKind(xls_type) if xls_type in TYPED_TEXT else FormItemKind.text)


TEXT = Text(kind=Kind.text, label_vi="Viết chữ", held=Held.text, printed=Printed.writing, shares=False,
            per_option=False, digit_grid=False, handwritten=True, dated=False, banded=False, asked=True,
            expands=False, ranks=False)
