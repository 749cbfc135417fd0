"""Column titles to template questions: titles and aliases from the template, then people's mappings.

Titles are compared after normalising case, spacing, punctuation and
diacritics (spellings.norm), so a fixed typo or a re-typed title still matches. A title the
template does not know is named once per file and changes no answer until a
reviewer maps it (`map-column`); a question with no column is a problem for
every new response in that file, never an empty answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from ..spellings import norm as norm  # named here too, as the import's modules and older callers name it
from ..template import Question, Template
from ..write_ins import asked_apart

# Google's timestamp column in the account languages an office may use: whether that locale writes the day first.
TIMESTAMP_TITLES = {"timestamp": None, "dau thoi gian": True, "marca temporal": True, "horodateur": True,
                    "zeitstempel": True, "carimbo de data hora": True, "informazioni cronologiche": True,
                    "tijdstempel": True}
IGNORED_TITLES = {"email address", "dia chi email", "direccion de correo electronico", "adresse e mail",
                  "e mail adresse", "score", "diem", "puntuacion", "username", "ten nguoi dung"}
UNIT_KEY = "_unit"
IGNORE_KEY = "_ignore"  # a column people settled as not a question (the office's own notes)


class ColumnKind(StrEnum):
    timestamp = "timestamp"
    unit = "unit"
    question = "question"
    ignored = "ignored"
    unknown = "unknown"


@dataclass(frozen=True)
class Column:
    index: int
    title: str
    kind: ColumnKind
    key: str | None = None  # template question id, or UNIT_KEY
    by_order: bool = False  # one of an earlier form's columns of one title, taken as its question by their order


def is_timestamp_title(title: object) -> bool:
    return isinstance(title, str) and norm(title) in TIMESTAMP_TITLES


def locale_day_first(title: str) -> bool | None:
    return TIMESTAMP_TITLES.get(norm(title))


def title_index(template: Template) -> dict[str, str]:
    """Normalised title -> question id (or UNIT_KEY), from the template's online titles and aliases."""
    out: dict[str, str] = {}
    for q in template.questions:
        if q.other_of and not asked_apart(template, q):
            continue  # Google writes "Other" text inside the choice column itself (write_ins)
        out[norm(q.online_title)] = q.id
    for q in template.questions:  # a title a question has now comes before one another had (roster.py)
        if not q.other_of or asked_apart(template, q):
            for t in q.online_aliases:
                out.setdefault(norm(t), q.id)
    for t in [template.online.get("unit_title", ""), *template.online.get("unit_aliases", [])]:
        if t:
            out[norm(t)] = UNIT_KEY
    return out


def map_columns(template: Template, header: list[str], column_map: dict[str, str]) -> list[Column]:
    """column_map: normalised title -> question id, from reviewers' `map-column` decisions."""
    titles = title_index(template)
    pools, unsure = _title_pools(template, header)
    ts_titles = set(TIMESTAMP_TITLES) | {norm(t) for t in template.online.get("timestamp_titles", [])}
    known_extras = {norm(t) for t in template.online.get("ignored_titles", [])}  # the form's online-only items
    cols: list[Column] = []
    for i, h in enumerate(header):
        key = norm(h or "")
        if key in ts_titles and not any(c.kind is ColumnKind.timestamp for c in cols):
            cols.append(Column(i, h, ColumnKind.timestamp))
        elif column_map.get(key) == IGNORE_KEY:
            cols.append(Column(i, h, ColumnKind.ignored))
        elif key in column_map:
            target = column_map[key]
            cols.append(Column(i, h, ColumnKind.unit if target == UNIT_KEY else ColumnKind.question, target))
        elif key in pools:  # (more columns than questions of a still shared title: the rest to the last)
            ids, earlier = pools[key]
            cols.append(Column(i, h, ColumnKind.question, ids.pop(0) if len(ids) > 1 else ids[0], by_order=earlier))
        elif key in titles and key not in unsure:
            target = titles[key]
            cols.append(Column(i, h, ColumnKind.unit if target == UNIT_KEY else ColumnKind.question, target))
        elif not key or key in IGNORED_TITLES or key in known_extras:
            cols.append(Column(i, h, ColumnKind.ignored))
        else:
            cols.append(Column(i, h, ColumnKind.unknown))
    return _in_the_forms_order(template, cols)


def names_the_form(template: Template, columns: list[Column]) -> bool:
    """Whether a download's columns are this form's: a question or the unit, or an item the form keeps online only
    (a form whose questions all stay off paper answers only in those). A Google Form's timestamp alone matches any
    form's download, so it does not count, unless the form asks nothing online."""
    if any(c.kind in (ColumnKind.unit, ColumnKind.question) for c in columns):
        return True
    own = {norm(t) for t in template.online.get("ignored_titles", [])}
    if not own and all(k == UNIT_KEY for k in title_index(template).values()):
        return True  # a form that asks nothing online (hidden or calculated fields only): its download is a timestamp
    return any(norm(c.title or "") in own for c in columns)


def _title_pools(template: Template, header: list[str]) -> tuple[dict[str, tuple[list[str], bool]], set[str]]:
    """The titles several questions answer to, and how a download's columns of them are taken: (title -> (its
    questions in the form's order, taken one column each in turn; whether by an earlier title), the titles no
    column can be told by).

    A title two questions still share (REACH's MSNA asks "Salaried work" for the income and for its share, in a
    template built before titles were made distinct): Google writes one column each, in the form's order, so the
    k-th such column is the k-th such question. A title that questions had before they were told apart (UNHCR's
    six "Description", a roster's later "Gender", now "Gender (2)") is an earlier form's: its columns are taken in
    turn when the download has as many as there are questions that had it; one column of it is the question whose
    title it still is, if any; any other count tells none (map-column)."""
    by_title: Counter[str] = Counter()
    had: dict[str, list[str]] = {}
    for q in template.questions:
        if not q.other_of or asked_apart(template, q):  # a write-in asked apart has a column of its own
            by_title[norm(q.online_title)] += 1
            for t in dict.fromkeys(norm(t) for t in (q.online_title, *q.online_aliases)):
                had.setdefault(t, []).append(q.id)
    in_header = Counter(norm(h or "") for h in header)
    pools: dict[str, tuple[list[str], bool]] = {}
    unsure: set[str] = set()
    for t, ids in had.items():
        if len(ids) < 2 or not in_header[t]:
            continue
        if by_title[t] > 1:
            pools[t] = (list(ids), False)
        elif in_header[t] == len(ids):
            pools[t] = (list(ids), in_header[t] > 1)
        elif in_header[t] > 1 or not by_title[t]:
            unsure.add(t)
    return pools, unsure


def _in_the_forms_order(template: Template, cols: list[Column]) -> list[Column]:
    """The columns, where those taken by an earlier title's order are so: each between the questions its
    neighbouring columns answer (Google writes the columns in the form's order); otherwise every column of
    that title is unknown (map-column), never guessed."""
    place = {q.id: k for k, q in enumerate(template.questions)}
    known = [(c.index, place[c.key]) for c in cols if c.kind is ColumnKind.question and not c.by_order
             and c.key in place]
    wrong: set[str] = set()
    for c in cols:
        if not c.by_order or c.key not in place:
            continue
        before = [p for i, p in known if i < c.index]
        after = [p for i, p in known if i > c.index]
        if before and before[-1] >= place[c.key] or after and after[0] <= place[c.key]:
            wrong.add(norm(c.title))
    return [Column(c.index, c.title, ColumnKind.unknown) if c.by_order and norm(c.title) in wrong else c
            for c in cols]


def unit_asked(template: Template) -> bool:
    """Whether the online form asks the plan's unit question (the form's settings ask it: online_extras)."""
    return bool(template.online.get("unit_title"))


def expected_keys(template: Template) -> list[str]:
    """Every column a complete download has: the unit, where the form asks it, and each question Google asks (not
    the "Other" text areas)."""
    return [UNIT_KEY] * unit_asked(template) + [q.id for q in template.questions
                                                if not q.other_of or asked_apart(template, q)]


def question_of(template: Template, key: str) -> Question | None:
    return None if key == UNIT_KEY else template.question(key)
