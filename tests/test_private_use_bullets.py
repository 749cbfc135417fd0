"""A hint written in Excel with a Symbol or Wingdings bullet keeps a bullet on paper (session 20, t20b's second
trial: r4space/sUAS-ODK-forms' pre-flight checklist holds U+F071 between its items). Office stores such a font's
characters in Unicode's private-use block U+F020-U+F0FF, which no printing font has; the bullet was left out and two
checklist sentences ran together."""

from __future__ import annotations

import pytest

from scanner.fonts import printable
from scanner.xlsform_text import plain


@pytest.mark.parametrize("bullet", ["\uf071", "\uf0b7", "\uf0a7", "\uf0d8"])
def test_an_office_symbol_bullet_prints_as_a_bullet(bullet):
    hint = f"{bullet} Propellers secure {bullet} Battery charged"
    assert plain(hint) == "\u2022 Propellers secure \u2022 Battery charged"
    assert plain(hint, for_paper=False) == hint  # the Google Form keeps what the office wrote


def test_other_private_use_characters_are_still_left_out():
    assert printable("A\ue000B") == "AB"
    assert printable("A\U000f0000B") == "AB"
