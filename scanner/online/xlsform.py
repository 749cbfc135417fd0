"""KoboToolbox and ODK Central columns and cells to template questions, by the XLSForm's own names and labels.

Both tools collect with the same XLSForm the template was built from, so a
column is named by the question's `name` (the template's id), behind the
group path with `/`, `.` or `-` (or none), and a `select_multiple` may have one
column per option (`q1/3`). An export "with labels" writes the question's
label instead, and the choice labels in the cells. Names are tried first, then
labels; what matches neither is an unknown column, named once per file.
"""

from __future__ import annotations

from collections import Counter
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
    rank = "rank"  # a ranking's whole order: its option names, space-separated, first place first
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
    by_order: bool = False  # one of the columns of a label several questions share, taken in the form's order


Target = tuple[str, Role, str | None]  # (question id or UNIT_KEY, role, option id)


@dataclass(frozen=True)
class _Shared:
    """A column matched by a label: what it may be, in the form's order. `apart` is one question's options of one
    label (each column its option in turn); otherwise the label is several questions', taken in turn only when
    the file has exactly one column for each."""

    key: tuple[str, ...]  # the label (and option label) the column was matched by
    pool: tuple[Target, ...]
    apart: bool = False


def map_form_columns(template: Template, header: list[str], channel: Channel,
                     column_map: dict[str, str]) -> list[FormColumn]:
    """column_map: reviewers' `map-column` decisions, normalised title -> question id (as for Google)."""
    labels = _label_index(template)
    found = [_column(template, i, h or "", channel, column_map, labels) for i, h in enumerate(header)]
    columns = Counter(f.key for f in found if isinstance(f, _Shared))
    seen: Counter[tuple[str, ...]] = Counter()  # columns of each label so far
    out: list[FormColumn] = []
    for i, f in enumerate(found):
        if isinstance(f, FormColumn):
            out.append(f)
            continue
        h = header[i] or ""
        k = seen[f.key]
        seen[f.key] += 1
        if len(f.pool) == 1 or f.apart and k < len(f.pool):
            key, role, option = f.pool[min(k, len(f.pool) - 1)]
            out.append(FormColumn(i, h, role, key, option))
        elif not f.apart and columns[f.key] == len(f.pool):
            key, role, option = f.pool[k]
            out.append(FormColumn(i, h, role, key, option, by_order=True))
        else:  # more columns of the label than options of it, or not one per question: a person's to say
            out.append(FormColumn(i, h, Role.ignored if _off_paper(template, h) else Role.unknown))
    return _in_the_forms_order(template, out)


def _in_the_forms_order(template: Template, cols: list[FormColumn]) -> list[FormColumn]:
    """The columns, where those of a shared label taken in turn are each between the questions (and options) its
    neighbouring columns answer, as the tools write them; otherwise every column of that label is unknown."""
    place = {q.id: k for k, q in enumerate(template.questions)}

    def at(c: FormColumn) -> tuple[int, int]:
        q = template.question(c.key) if c.key in place else None
        return place[c.key or ""], [o.id for o in q.options].index(c.option) if q is not None and c.option else -1

    known = [(c.index, at(c)) for c in cols if c.key in place and not c.by_order and c.role in (Role.answer, Role.option)]
    wrong: set[str] = set()
    for c in cols:
        if c.by_order:
            before = [p for i, p in known if i < c.index]
            after = [p for i, p in known if i > c.index]
            if before and before[-1] >= at(c) or after and after[0] <= at(c):
                wrong.add(norm(c.title))
    return [FormColumn(c.index, c.title, Role.unknown) if c.by_order and norm(c.title) in wrong else c for c in cols]


def _column(template: Template, i: int, h: str, channel: Channel, column_map: dict[str, str],
            labels: dict[str, list[str]]) -> FormColumn | _Shared:
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
    by_label = _by_label(template, h, labels)
    if by_label is not None:
        return by_label
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
    for rank in template.ranks:  # KoboToolbox and ODK keep a `rank` as one column, its order (paper: a row each)
        if _tail(h, rank):
            return rank, Role.rank, None
    questions = sorted(template.questions, key=lambda q: -len(q.id))
    # (a name's last part, which no separator changes, ends the column: a cheap test first, for a wide export)
    for q in questions:
        if h.endswith(q.id.rsplit("/", 1)[-1]) and _tail(h, q.id):
            return q.id, Role.answer, None
    for q in questions:
        if not q.behaviour.per_option:
            continue
        for o in q.options:
            if h.endswith(o.id.rsplit("/", 1)[-1]) and any(_tail(h, q.id + sep + o.id) for sep in ("/", ".")):
                return q.id, Role.option, o.id
    last = h
    for sep in SEPARATORS:
        last = last.rsplit(sep, 1)[-1]
    if last.strip().lower() in UNIT_NAMES:
        return UNIT_KEY, Role.unit, None
    return None


def _label_index(template: Template) -> dict[str, list[str]]:
    """Normalised question label (printed text, online title, aliases) -> the questions of it, in the form's order
    (UNHCR's six "Description"); the unit question's label too."""
    out: dict[str, list[str]] = {}
    for q in template.questions:
        for t in (q.text, q.online_title, *q.online_aliases):
            if t and q.id not in out.setdefault(norm(t), []):
                out[norm(t)].append(q.id)
    for t in [template.online.get("unit_title", ""), *template.online.get("unit_aliases", [])]:
        if t:
            out[norm(t)] = [UNIT_KEY]
    return out


def _by_label(template: Template, h: str, labels: dict[str, list[str]]) -> _Shared | None:
    """A label, a group label path before it (`hierarchy_in_labels`), or a question label / option label pair.

    Options of one list may share a label (Sofala's nine "Nao Aplicavel", "Desaguadero" in Bolivia and in
    Peru): the tools write one column per option, in the list's order, each titled by the shared label, so the
    k-th column of that label is the k-th option of it; its own Google Form wording ("Desaguadero (Peru)") names
    one option. Questions may share a label too (UNHCR's six "Description"): the k-th column of it is the k-th
    question, when the file has one column for each (map_form_columns)."""
    cuts = [i for i, ch in enumerate(h) if ch in "/."]
    for start in [0, *(c + 1 for c in cuts)]:
        label = norm(h[start:])
        ids = labels.get(label)
        if ids:
            return _Shared((label,), tuple((k, Role.unit if k == UNIT_KEY else Role.answer, None) for k in ids))
    for c in reversed(cuts):
        option_text = norm(h[c + 1:])
        for start in [0, *(x + 1 for x in cuts if x < c)]:
            label = norm(h[start:c])
            pool: list[Target] = []
            for qid in labels.get(label, []):
                q = template.question(qid) if qid != UNIT_KEY else None
                if q is not None and q.behaviour.per_option:
                    own = [o for o in q.options if norm(o.online) == option_text and o.online != o.label]
                    pool += [(q.id, Role.option, o.id) for o in own or [o for o in q.options
                                                                         if norm(o.label) == option_text]]
            if pool:
                return _Shared((label, option_text), tuple(pool), apart=len({p[0] for p in pool}) == 1)
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
