"""KoboToolbox and ODK Central columns and cells to template questions, by the XLSForm's own names and labels.

Both tools collect with the same XLSForm the template was built from, so a
column is named by the question's `name` (the template's id), behind the
group path with `/`, `.` or `-` (or none), and a `select_multiple` may have one
column per option (`q1/3`). An export "with labels" writes the question's
label instead, and the choice labels in the cells. Names are tried first, then
labels; what matches neither is an unknown column, named once per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..template import Question, Template
from .channels import Channel, is_meta, meta_name
from .columns import IGNORE_KEY, UNIT_KEY, norm

SEPARATORS = ("/", ".", "-")
# What a form deployed with this questionnaire names the unit question (the XLSForm has it in settings only).
UNIT_NAMES = {"unit", "don_vi", "donvi", "don_vi_cong_tac", "unit_code", "ma_don_vi"}
TRUE_CELLS = {"1", "true", "yes", "có", "x"}


class Role(StrEnum):
    answer = "answer"  # the whole answer: names or labels, space-separated for select_multiple
    option = "option"  # one option of a select_multiple: 1/0
    unit = "unit"
    meta = "meta"
    ignored = "ignored"
    unknown = "unknown"


@dataclass(frozen=True)
class FormColumn:
    index: int
    title: str
    role: Role
    key: str | None = None  # question id or UNIT_KEY
    option: str | None = None  # Role.option: the option id


def map_form_columns(template: Template, header: list[str], channel: Channel,
                     column_map: dict[str, str]) -> list[FormColumn]:
    """column_map: reviewers' `map-column` decisions, normalised title -> question id (as for Google)."""
    labels = _label_index(template)
    seen: dict[tuple[str, str], int] = {}  # (question, option label) -> the columns of that label so far
    out: list[FormColumn] = []
    for i, h in enumerate(header):
        out.append(_column(template, i, h or "", channel, column_map, labels, seen))
    return out


def _column(template: Template, i: int, h: str, channel: Channel, column_map: dict[str, str],
            labels: dict[str, str], seen: dict[tuple[str, str], int]) -> FormColumn:
    mapped = column_map.get(norm(h))
    if mapped == IGNORE_KEY:
        return FormColumn(i, h, Role.ignored)
    if mapped is not None:
        return FormColumn(i, h, Role.unit if mapped == UNIT_KEY else Role.answer, mapped)
    if not h.strip():
        return FormColumn(i, h, Role.ignored)
    if is_meta(h, channel):
        return FormColumn(i, h, Role.meta)
    by_name = _by_name(template, h)
    if by_name is not None:
        return FormColumn(i, h, by_name[1], by_name[0], by_name[2])
    by_label = _by_label(template, h, labels, seen)
    if by_label is not None:
        return FormColumn(i, h, by_label[1], by_label[0], by_label[2])
    if _off_paper(template, h):
        return FormColumn(i, h, Role.ignored)
    return FormColumn(i, h, Role.unknown)


_PARTS = ("_latitude", "_longitude", "_altitude", "_precision", "_url")  # a position's or a file's extra columns


def _off_paper(template: Template, h: str) -> bool:
    """A field of the form that paper leaves off (GPS, a photo, a calculation: the template's `other_fields`),
    as the tools name it: `gps`, `group/gps`, `_gps_latitude`, `photo_URL`."""
    names = {n.lower() for n in template.other_fields}
    tail = meta_name(h).lstrip("_")
    for part in _PARTS:
        tail = tail.removesuffix(part)
    return tail in names


def _tail(h: str, name: str) -> bool:
    """The column names this question: its name, or its path ending in it (a question id `group/name`, given
    to a name used in two groups, is matched with the export's own separator)."""
    return any(h == n or h.endswith(sep + n) for sep in SEPARATORS for n in (name.replace("/", sep),))


def _by_name(template: Template, h: str) -> tuple[str, Role, str | None] | None:
    questions = sorted(template.questions, key=lambda q: -len(q.id))
    for q in questions:
        if _tail(h, q.id):
            return q.id, Role.answer, None
    for q in questions:
        if not q.behaviour.per_option:
            continue
        for o in q.options:
            if any(_tail(h, q.id + sep + o.id) for sep in ("/", ".")):
                return q.id, Role.option, o.id
    last = h
    for sep in SEPARATORS:
        last = last.rsplit(sep, 1)[-1]
    if last.strip().lower() in UNIT_NAMES:
        return UNIT_KEY, Role.unit, None
    return None


def _label_index(template: Template) -> dict[str, str]:
    """Normalised question label (printed text, online title, aliases) -> id; the unit question's label too."""
    out: dict[str, str] = {}
    for q in template.questions:
        for t in (q.text, q.online_title, *q.online_aliases):
            if t:
                out.setdefault(norm(t), q.id)
    for t in [template.online.get("unit_title", ""), *template.online.get("unit_aliases", [])]:
        if t:
            out[norm(t)] = UNIT_KEY
    return out


def _by_label(template: Template, h: str, labels: dict[str, str],
              seen: dict[tuple[str, str], int]) -> tuple[str, Role, str | None] | None:
    """A label, a group label path before it (`hierarchy_in_labels`), or a question label / option label pair.

    Options of one list may share a label (Sofala's nine "Nao Aplicavel", "Desaguadero" in Bolivia and in
    Peru): the tools write one column per option, in the list's order, each titled by the shared label, so the
    k-th column of that label is the k-th option of it (`seen` counts them); its own Google Form wording
    ("Desaguadero (Peru)") names one option."""
    cuts = [i for i, ch in enumerate(h) if ch in "/."]
    for start in [0, *(c + 1 for c in cuts)]:
        key = labels.get(norm(h[start:]))
        if key is not None:
            return key, Role.unit if key == UNIT_KEY else Role.answer, None
    for c in reversed(cuts):
        option_text = norm(h[c + 1:])
        for start in [0, *(x + 1 for x in cuts if x < c)]:
            qid = labels.get(norm(h[start:c]))
            q = template.question(qid) if qid and qid != UNIT_KEY else None
            if q is not None and q.behaviour.per_option:
                own = [o for o in q.options if norm(o.online) == option_text and o.online != o.label]
                named = own or [o for o in q.options if norm(o.label) == option_text]
                if not named:
                    continue
                k = seen.get((q.id, option_text), 0)
                seen[(q.id, option_text)] = k + 1
                if k < len(named):
                    return q.id, Role.option, named[k].id
                return None  # more columns of the label than options of it: which is which is a person's to say
    return None


def answer_labels(q: Question, cell: str) -> list[str] | str:
    """A cell as the option labels it names (exact template wording), or the text as it came.

    XML values are option names, space-separated for select_multiple; an export
    with labels writes choice labels, which may themselves contain spaces, so
    those are matched whole, longest first, and anything left is kept as text
    for the usual choice reading (an "Other" text, a near wording, a problem).
    """
    text = " ".join(cell.split())
    if not text or not q.behaviour.shares:
        return text
    by_id = {o.id: o.online for o in q.options}  # its own wording: read back as that option
    tokens = text.split(" ")
    if all(t in by_id for t in tokens) and (q.behaviour.per_option or len(tokens) == 1):
        return [by_id[t] for t in dict.fromkeys(tokens)]
    if q.behaviour.one_option:
        return text
    found, rest = _labels_in(text, q)
    return found + ([rest] if rest else []) if found else text


def _labels_in(text: str, q: Question) -> tuple[list[str], str]:
    """Whole labels at word boundaries, longest first; what no label covers is returned as the rest."""
    options = sorted(q.options, key=lambda o: -len(o.label))
    found: list[str] = []
    rest: list[str] = []
    pos = 0
    key = text.casefold()
    while pos < len(text):
        for o in options:
            lab = o.label.casefold()
            end = pos + len(lab)
            if key.startswith(lab, pos) and (end == len(text) or text[end] == " "):
                found.append(o.label)
                pos = end + 1
                break
        else:
            nxt = text.find(" ", pos)
            nxt = len(text) if nxt < 0 else nxt
            rest.append(text[pos:nxt])
            pos = nxt + 1
    return found, " ".join(rest)


def ticked(cell: str) -> bool | None:
    """A one-column-per-option cell: ticked, not ticked, or None when the question was not asked (empty)."""
    v = cell.strip().casefold()
    if not v:
        return None
    if v in TRUE_CELLS:
        return True
    try:
        return float(v) != 0
    except ValueError:
        return False
