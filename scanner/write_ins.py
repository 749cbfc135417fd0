"""Which write-ins the Google Form asks with its own "Other" and which as a question of their own.

A write-in completes one option of its question ("Khác (ghi rõ)" and its
lines). Google's "Other" choice, with its text box, can stand for that option
only when the option reads as "other": the respondent sees Google's own word
("Other", "Khác"), never the option's label. A write-in that completes another
option (Sofala's "Sim" with "Sim. Especificar", HEDERA's "Yes, other") keeps its
option among the choices and is asked after it as a short answer of its own,
its own column in the download.
"""

from __future__ import annotations

from .spellings import norm
from .template_model import Question, Template

# a word of an option that is "other" in the languages forms are written in, wherever it stands ("Other (specify)",
# "Lý do khác", "Autre raison"); Google shows its own word
OTHER_WORDS = frozenset({"other", "others", "khac", "autre", "autres", "otro", "otra", "otros", "otras", "outro",
                         "outra", "outros", "outras", "andere", "anderes", "sonstige", "sonstiges", "altro", "altri",
                         "lainnya", "nyingine", "wengine", "mwingine", "kingine", "lingine", "jingine"})


def reads_other(label: str) -> bool:
    """Whether an option's label reads as "other" (a word of it, spellings.norm's folding: case, đ, accents and
    punctuation left out), so Google's own "Other" can stand for it."""
    return bool(set(norm(label).split()) & OTHER_WORDS)


def other_is_googles(other_label: str | None) -> bool:
    """Whether a question's write-in is asked under Google's own "Other", given the label of the option it
    completes (None: the question has no write-in option). The one rule for the template's questions
    (google_other: online_form, the import's columns) and the layout's (online_titles), so they cannot drift."""
    return other_label is not None and reads_other(other_label)


def google_other(q: Question) -> bool:
    """Whether the question's write-in option reads as "other", so Google's own "Other" can stand for it."""
    return other_is_googles(q.option(q.other_option).label if q.other_option is not None else None)


def asked_apart(template: Template, w: Question) -> bool:
    """Whether a write-in is asked as a question of its own online (the option it completes is no "other")."""
    return w.other_of is not None and not google_other(template.question(w.other_of))
