"""A choice cell to option ids, the "Other" text, or a problem to settle; never a silent "Other".

Google writes a checkbox answer as the ticked options' labels in the form's
order joined by ", ", with the "Other" text last. Labels themselves contain
commas, so the cell is cut only where an option's exact label ends; once a
piece is not a label, the rest is the "Other" text. Wording that differs only
in case, spacing, punctuation or diacritics still matches its option; wording
that is close to an option but not the same (a word missing, an added
gloss) is a problem for a reviewer, never counted as "Other".

A cascade's options of one label have choices of their own online
("Desaguadero (Peru)", online_titles.distinct_choices); a download of a form
made before names them by the shared label, which is kept as `ambiguous`, the
options it may be, for the parent question's answer to decide (derive).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..template import Option, Question
from .columns import norm

NEAR_RATIO = 0.85
LEAVE_OUT = "-"  # a wording a reviewer settled as no option at all (map-answer TEXT QID -)
OTHER_WORDS = {"khac", "other", "__other_option__", "khac ghi ro", "lua chon khac", "autre", "otro"}


@dataclass
class Choice:
    options: list[str] = field(default_factory=list)
    other: str | None = None
    problems: list[str] = field(default_factory=list)
    near: tuple[str, str] | None = None  # (the wording, the option it is close to), for a reviewer to settle
    ambiguous: list[tuple[str, ...]] = field(default_factory=list)  # a shared label's options, one tuple a wording


Spelling = tuple[str, tuple[str, ...]]  # a wording and the options it names (several: a cascade's shared label)


def spellings(q: Question) -> list[Spelling]:
    """Each option's Google Form choice, then a label several options share (a download of a form made before
    their choices were told apart), naming them all."""
    out: list[Spelling] = [(o.online, (o.id,)) for o in q.options]
    online = {_same(o.online) for o in q.options}
    shared: dict[str, list[str]] = {}
    for o in q.options:
        if o.online_label and _same(o.label) not in online:
            shared.setdefault(o.label, []).append(o.id)
    said = {_same(w) for w, _ in out} | {_same(label) for label in shared}
    also = [(a, (o.id,)) for o in q.options for a in o.aliases if _same(a) not in said]  # a name listed twice
    return out + [(label, tuple(ids)) for label, ids in shared.items()] + also


def split_choices(text: str, q: Question) -> tuple[list[str], str | None]:
    """Option ids named in a checkbox cell and the text matching no option (kept for compatibility and tests)."""
    c = read_choice(text, q, allow_other=True)
    return c.options, c.other


def read_choice(text: str | list[str], q: Question, allow_other: bool | None = None,
                settled: dict[str, str] | None = None) -> Choice:
    """A cell's text, or the Forms API's list of separate answers (there an option is a whole entry).

    settled: normalised wording -> option id (or LEAVE_OUT), from reviewers' `map-answer` decisions for this question.
    """
    other_ok = q.other_option is not None if allow_other is None else allow_other
    if isinstance(text, list):
        named, rest = _entries([" ".join(t.split()) for t in text if t.strip()], q)
    else:
        value = " ".join(text.split())
        if not value:
            return Choice()
        named, rest = _single(value, q) if q.behaviour.one_option else _multiple(value, q)
    out = Choice(sorted({ids[0] for ids in named if len(ids) == 1}, key=_order(q)),
                 ambiguous=[ids for ids in named if len(ids) > 1])
    if rest and settled and norm(rest) in settled:
        if settled[norm(rest)] != LEAVE_OUT:
            out.options = sorted({*out.options, settled[norm(rest)]}, key=_order(q))
        return out
    if not rest:
        return out
    if q.other_option is not None and names_other(rest, q):
        out.options = sorted({*out.options, q.other_option}, key=_order(q))
        return out  # "Other" ticked with nothing typed: the option's own wording is no write-in
    near = _near_option([rest] if isinstance(text, list) else _runs(rest), q)
    if near is not None:
        out.near = (rest, near.id)
        out.problems.append(f"\"{rest}\" gần giống phương án \"{near.label}\" nhưng không trùng; cần người xác nhận "
                            f"(close to an option but not the same): survey map-answer \"{rest}\" {q.id} {near.id}")
    elif other_ok:
        out.other = rest
        if q.other_option is not None and q.other_option not in out.options:
            out.options = sorted({*out.options, q.other_option}, key=_order(q))
    else:
        out.problems.append(f"\"{rest}\" không khớp phương án nào (matches no option)")
    return out


def names_other(text: str, q: Question) -> bool:
    """The "Other" option named by its own wording ("Khác (ghi rõ)", "Khác", "Other", Google's
    `__other_option__`), not a text the respondent typed into it."""
    label = q.option(q.other_option).label if q.other_option else ""
    key = norm(text.rstrip(":： "))
    return key in OTHER_WORDS or key in (norm(label), norm(re.sub(r"\([^)]*\)", "", label)))


def _same(text: str) -> str:
    """A wording with its case and spacing aside: how Google tells two choices apart."""
    return " ".join(text.split()).casefold()


def _order(q: Question) -> Callable[[str], int]:
    ids = [o.id for o in q.options]
    return lambda oid: ids.index(oid) if oid in ids else len(ids)


def _whole(value: str, q: Question) -> tuple[str, ...]:
    """The options a whole wording names: its own option's choice or label, else the options whose wording it is
    but for case, accents or signs (of two labels so alike, "4" and ">4", a person decides); () for none."""
    exact = _same(value)
    for label, ids in spellings(q):
        if _same(label) == exact:
            return ids
    key = norm(value)
    return tuple(dict.fromkeys(i for label, ids in spellings(q) if norm(label) == key for i in ids))


def _single(value: str, q: Question) -> tuple[list[tuple[str, ...]], str | None]:
    ids = _whole(value, q)
    if ids:
        return [ids], None
    several, rest = _multiple(value, q)
    if len(several) > 1 and not rest:
        return several, None  # not a shape Google writes for one choice; reported as two answers
    return [], value


def _entries(values: list[str], q: Question) -> tuple[list[tuple[str, ...]], str | None]:
    named = [_whole(v, q) for v in values]
    chosen = [ids for ids in named if ids]
    rest = [v for v, ids in zip(values, named, strict=True) if not ids]
    if q.other_option is not None and any(names_other(v, q) for v in rest):
        chosen.append((q.other_option,))  # the option's marker beside the typed text: the text is the write-in
        rest = [v for v in rest if not names_other(v, q)]
    return list(dict.fromkeys(chosen)), (", ".join(rest) or None)


def _multiple(value: str, q: Question) -> tuple[list[tuple[str, ...]], str | None]:
    """Labels at exact boundaries in form order, then the rest as one piece of text."""
    labels = sorted(spellings(q), key=lambda s: -len(s[0]))
    chosen: list[tuple[str, ...]] = []
    pos = 0
    last = -1
    order = _order(q)
    while pos < len(value):
        for label, ids in labels:
            end = pos + len(label)
            if (value.startswith(label, pos) and (end == len(value) or value.startswith(", ", end))
                    and order(ids[-1]) > last):
                chosen.append(ids)
                last = order(ids[0])
                pos = end + 2 if end < len(value) else end
                break
        else:
            break
    rest = value[pos:].strip()
    if rest:
        loose = _loose(rest, q)
        if loose is not None:
            return list(dict.fromkeys([*chosen, *loose])), None
    return chosen, rest or None


def _loose(rest: str, q: Question) -> list[tuple[str, ...]] | None:
    """The rest as whole labels differing only in case, spacing, punctuation or diacritics, else None (labels
    so alike name their options together, for a person to decide)."""
    pieces = [p for p in rest.split(",")]
    keys: dict[str, tuple[str, ...]] = {}
    for label, ids in spellings(q):
        keys[norm(label)] = tuple(dict.fromkeys([*keys.get(norm(label), ()), *ids]))
    found: list[tuple[str, ...]] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            k = norm(",".join(pieces[i:j]))
            if k in keys:
                found.append(keys[k])
                i = j
                break
        else:
            return None
    return found


def _runs(rest: str) -> list[str]:
    """Every run of comma-separated pieces: where in a cell an option's wording may hide."""
    pieces = [p.strip() for p in rest.split(",") if p.strip()]
    return [", ".join(pieces[i:j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1)]


def _near_option(runs: list[str], q: Question) -> Option | None:
    """The label of an option that one of the runs nearly spells (a word off, or a gloss added); of several,
    the closest ("Ít được quan tâm" is "Ít quan tâm", though it holds "Quan tâm" too)."""
    best: tuple[float, Option] | None = None
    for o in q.options:
        if o.id == q.other_option:
            continue
        lk = norm(o.online)
        lw = set(lk.split())
        for run in runs:
            rk = norm(run)
            rw = set(rk.split())
            if not rk or rk == lk:
                continue  # a run that is the option itself is no wording of it
            ratio = difflib.SequenceMatcher(None, lk, rk).ratio()
            near = ((lw <= rw and len(rw - lw) <= 2) or (rw < lw and len(lw - rw) == 1 and len(lw) >= 3)
                    or (min(len(lk), len(rk)) >= 6 and ratio >= NEAR_RATIO))
            if near and (best is None or ratio > best[0]):
                best = (ratio, o)
    return best[1] if best else None
