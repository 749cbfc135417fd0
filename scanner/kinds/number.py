"""Integer and decimal questions: a digit grid whose point sits at a printed place.

`digits` columns in all, the last `decimals` of them after the point. The
marked columns must run without a gap; blank columns before the run, or
after it when the number has no decimals, are the respondent writing a
short number in a wide comb. With decimals the printed point fixes where
the whole part ends: a blank column just before it, after a marked one, is
asked about whatever the fraction holds ("5_,_": 5 or 50?).
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from typing import Any

from ..vocab import FormItemKind
from .behaviour import Asked, Held, Printed, QuestionKind
from .digits import Columns, DigitReason
from .kind import Kind


@dataclass(frozen=True)
class NumberRead:
    value: int | float | None
    reasons: tuple[DigitReason, ...]


def value_of(cols: Columns, decimals: int) -> NumberRead:
    if cols.reasons:
        return NumberRead(None, cols.reasons)
    ds = cols.digits
    if all(d is None for d in ds):
        return NumberRead(None, ())
    whole, frac = ds[:len(ds) - decimals], ds[len(ds) - decimals:]
    run = [k for k, d in enumerate(ds) if d is not None]
    if run[-1] - run[0] + 1 != len(run):
        return NumberRead(None, (DigitReason.digit_gap,))
    if decimals and whole and whole[-1] is None and any(d is not None for d in whole):
        # the point is printed at its place, so the whole part ends at it: "4_,5" is 4.5 or 40.5, and "5_,_"
        # 5 or 50, as much as a blank fraction may be no decimals at all
        return NumberRead(None, (DigitReason.digit_gap,))
    if decimals and any(d is not None for d in frac):
        if frac[0] is None:
            return NumberRead(None, (DigitReason.digit_gap,))
        text = "".join(str(d) for d in whole if d is not None) or "0"
        return NumberRead(float(f"{text}.{''.join(str(d) for d in frac if d is not None)}"), ())
    return NumberRead(int("".join(str(d) for d in whole if d is not None)), ())


UNDECIDED = "?"  # an import column whose own cells (and its file's) do not say which mark is the decimal one


def as_value(raw: object, decimals: int = 0, mark: str = "") -> int | float | None:
    """A number as records hold it: an int when it has no fraction, else a float; None if not a number, or
    a fraction where the question keeps no decimals (an integer's 1.5, typed or imported, is asked about).

    mark: the decimal mark the cell's column writes ("," or "."), UNDECIDED, or "" for a value a person typed
    here (parse_number's reading of one value alone)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        x = float(raw)
    else:
        parsed = parse_number(str(raw), decimals, mark)
        if parsed is None:
            return None
        x = parsed
    if math.isnan(x) or math.isinf(x):
        return None
    if not decimals and not x.is_integer():  # a whole-number question: 1.5 is a slip, not an answer to keep
        return None
    return int(x) if x.is_integer() and not decimals else round(x, max(decimals, 6))


def _bare(text: str) -> str:
    return text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")


def undecided_mark(text: str) -> bool:
    """One mark between one to three digits (not a lone 0) and exactly three: "1,234" is a thousand and more
    with a grouping mark, one and a bit with a decimal one; the cell alone cannot say which."""
    return re.fullmatch(r"[+-]?[1-9]\d{0,2}[.,]\d{3}", _bare(text)) is not None


def mark_shown(text: str) -> str | None:
    """The decimal mark one cell shows, if it shows one: the last of two different marks (1.234,5), the other
    one where a mark repeats (1.234.567 groups with "."), a lone mark not followed by exactly three digits
    (3,5; 12.25; 0.125; 1234,567); None for no mark or an undecided one (1,234)."""
    s = _bare(text).lstrip("+-")
    if not re.fullmatch(r"\d[\d.,]*", s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        return "." if s.rfind(".") > s.rfind(",") else ","
    if dots + commas == 0 or undecided_mark(s):
        return None
    mark = "." if dots else ","
    return ("," if mark == "." else ".") if dots + commas > 1 else mark


def column_mark(cells: list[str]) -> str | None:
    """The decimal mark a column writes, from its own cells: the one they show, None when none shows one or
    they show both (people typing each their own way: each undecided cell then goes to a person)."""
    shown = {m for c in cells if (m := mark_shown(c))}
    return shown.pop() if len(shown) == 1 else None


def undecided_reason(text: str) -> str:
    s = _bare(text)
    mark = "," if "," in s else "."
    head, tail = s.lstrip("+-").split(mark)
    return (f"\"{text}\": không rõ dấu \"{mark}\" là dấu phân cách hàng nghìn ({s.replace(mark, '')}) hay dấu thập "
            f"phân ({head} phẩy {tail}); các ô khác trong cột không cho biết, cần người xác nhận")


def typed_undecided(text: str, decimals: int, mark: str) -> str:
    """What a reviewer is told of a value typed for a number whose column shows no decimal mark (a Google XLSX
    of whole numbers): "1,234" reads two ways there, so it is asked again rather than read by a guess, as the
    import asks for the same cell; "" when the value reads one way (an integer question, "1234", "1,5")."""
    if mark != UNDECIDED or not decimals or not undecided_mark(text):
        return ""
    s = _bare(text)
    m = "," if "," in s else "."
    return (f"“{text}”: không rõ “{m}” là dấu thập phân hay dấu phân cách hàng nghìn (cột này trong tệp tải về không "
            f"cho biết); gõ {s.replace(m, '')} nếu là số hàng nghìn, hoặc {s}0 nếu là số thập phân / unclear whether "
            f"“{m}” is the decimal or the thousands mark: type {s.replace(m, '')} for thousands, or {s}0 for a fraction")


def parse_number(text: str, decimals: int | None = None, mark: str = "") -> float | None:
    """A number as Google Forms, Excel and people write it: 1234,5 / 1.234,5 / 1,234.5 / 1 234 / -3.

    mark "," or ".": the column's decimal mark, so the other one only groups thousands (1.234 is 1234 where the
    column writes 3,5; 1.234 is 1.234 where it writes 3.5). UNDECIDED: a cell that reads both ways (1,234) is a
    thousand and more in an integer question, else not read (a person decides). "": one value alone, as a
    person types it here: one mark before three digits groups thousands when the question keeps fewer than
    three decimals (a Vietnamese 4.544), else it is the decimal mark."""
    s = _bare(text)
    if not s or not re.fullmatch(r"[+-]?[\d.,]+", s) or not any(ch.isdigit() for ch in s):
        return None
    sign = -1.0 if s.startswith("-") else 1.0
    s = s.lstrip("+-")
    if mark in (",", "."):
        group = "," if mark == "." else "."
        head, point, tail = s.rpartition(mark) if mark in s else (s, "", "")
        if mark in head or (group in tail) or not (group not in head or _grouped(head, group)):
            return None
        return sign * float(head.replace(group, "") + "." + tail if point else head.replace(group, ""))
    if mark == UNDECIDED and undecided_mark(s):
        return sign * float(s.replace(",", "").replace(".", "")) if decimals == 0 else None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        point = "." if s.rfind(".") > s.rfind(",") else ","
        group = "," if point == "." else "."
        head, _, tail = s.rpartition(point)
        if not _grouped(head, group):
            return None
        s = head.replace(group, "") + "." + tail
    elif commas + dots > 1:
        single = "," if commas else "."
        if not _grouped(s, single):
            return None
        s = s.replace(single, "")
    elif decimals is not None and decimals < 3 and re.fullmatch(r"\d{1,3}[.,]\d{3}", s):
        s = s.replace(",", "").replace(".", "")
    elif commas == 1:
        s = s.replace(",", ".")  # 12,5 is Vietnamese twelve and a half
    try:
        return sign * float(s)
    except ValueError:
        return None


def _grouped(s: str, mark: str) -> bool:
    parts = s.split(mark)
    return bool(parts[0]) and len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def digits_for(constraint: str) -> int:
    """How many digit columns a constraint's range asks for (". <= 120" -> 3, ". < 100000" -> 5); 0 when it names no
    bound.

    A lower bound alone says nothing of how large an answer may be: `. >= 0` or `. > 10` gives 0 (the default
    columns; `. >= 0` once printed one column for a farm's hectares); one of four digits or more, a year's
    `. >= 1960`, its own. A length (`string-length(.) = 9`, `regex(., '^[0-9]{9}$')`) is the count itself; a
    number only ruled out (`. != 0`) or a pattern's other numbers (`^[0-9]+$`) say no size."""
    from ..logic.bounds import constraint_bounds  # here: the logic package reads the kinds

    b = constraint_bounds(constraint).whole()  # `. < 100000` allows 99999 at most: five columns, not six
    if b.any:
        ends = [abs(x) for x in (b.low, b.high) if x is not None]
        digits = len(str(int(max(ends))))
        return digits if b.high is not None or digits >= 4 else 0
    if lengths := _lengths(constraint):
        return max(lengths)
    bare_numbers = _NAMES.sub(" ", _NOT_EQUAL.sub("", _REGEX.sub("", constraint)))
    bounds = [abs(float(x)) for x in re.findall(r"-?\d+(?:\.\d+)?", bare_numbers)]
    return len(str(int(max(bounds)))) if bounds else 0


# a question named (`${r1_c1}`) or a function or path (`log10`, `/data/q2`): its digits are part of a name, no bound
# (KoboToolbox's matrix sample's `. <= (${hh_mem} - ${r1_c1})` printed one column, so a count of 12 had no room)
_NAMES = re.compile(r"\$\{[^}]*\}|[A-Za-z_][\w:./-]*")
_NOT_EQUAL = re.compile(r"!=\s*-?\d+(?:\.\d+)?")
_STRING_LENGTH = re.compile(r"string-length\(\s*\.\s*\)\s*(<=|<|==?)\s*(\d+)")
_REGEX = re.compile(r"""regex\(\s*\.\s*,\s*(["'])\^?(.*?)\$?\1\s*\)""")
# one digit each: a class of digits ([0-9]{9}, [12], [1-9], \d{6,9}), a written digit (0), a group of written ones
# in alternation ((19|20): two)
_DIGIT_RUN = re.compile(r"(?:\[(?=[^\]]*\d)[0-9-]+\]|\\d)(?:\{(?:\d+,)?(\d+)\})?|(\d)|\((?:\?:)?(\d+(?:\|\d+)*)\)")


def _lengths(constraint: str) -> list[int]:
    """The most characters a constraint lets an answer have, where it says so: `string-length(.) <= 9` -> 9, `< 9`
    -> 8, a regex of digits alone `^[0-9]{9}$`, `^\\d{6,9}$` -> 9, `^0[0-9]{9}$` -> 10."""
    out = [int(n) - (op == "<") for op, n in _STRING_LENGTH.findall(constraint)]
    for _, pattern in _REGEX.findall(constraint):
        if pattern and _DIGIT_RUN.sub("", pattern) == "":
            out.append(sum(int(n) if n else max(map(len, alt.split("|"))) if alt else 1
                           for n, _, alt in _DIGIT_RUN.findall(pattern)))
    return [n for n in out if n > 0]


# a question asking for a year (one of four digits), in the words of the forms' languages; "how many years" asks a
# count ("years", "anos", "bao nhiêu năm"), which stays as the form says
_YEAR_LABEL = re.compile(r"\b(?:what|which|in which)\s+year\b|\byear\s+(?:of|built|when)\b|^\W*year\b"
                         r"|\b(?:que|qual|em que|en qué|qué)\s+ano\b|\bano\s+(?:de|em)\b|^\W*ano\b|\baño\s+de\b"
                         r"|\bquelle\s+année\b|\bannée\s+(?:de|d')|^\W*année\b"
                         r"|\bnăm\s+(?:nào|sinh|mấy)\b", re.IGNORECASE)
# not `events_per_year`, and not `age_yr` (an age in years)
_YEAR_NAME = re.compile(r"(?:^|(?<!per)_)(?:year|yob|ano|annee)(?:_|$)", re.IGNORECASE)
# a school year asks a grade ("Year of study", "Ano de escolaridade", `school_year`), not a year
_SCHOOL_YEAR = re.compile(r"school\W*year|year\W*(?:of\W*)?stud|ano\W*(?:de\W*)?(?:escola|estud)"
                          r"|año\W*(?:de\W*)?(?:escola|estud)|année\W*(?:scolaire|d\W*études)", re.IGNORECASE)
YEAR_DIGITS = 4


def digits_named(name: str, label: str) -> int:
    """A whole number's columns its name or label says: 4 where it asks for a year ("In what year…", "Năm sinh",
    `birth_year`), else 0 (nothing said)."""
    if _SCHOOL_YEAR.search(name) or _SCHOOL_YEAR.search(label):
        return 0
    return YEAR_DIGITS if _YEAR_NAME.search(name) or _YEAR_LABEL.search(label) else 0


class Number(QuestionKind):
    """A digit grid held as a number: summed up (mean, median, range) and counted in its bands."""

    def most_options(self, max_choices: int | None) -> int | None:
        return None

    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        if not values:
            return None, None, None, None
        nums = [float(v) for v in values]
        return round(statistics.fmean(nums), 2), statistics.median(nums), min(nums), max(nums)

    def columns_error(self, columns: int) -> str | None:
        return None

    def decimals_error(self, columns: int, decimals: int) -> str | None:
        return None if 0 <= decimals < columns else f"must be between 0 and {columns - 1} (and 0 for a date)"

    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        return Asked(FormItemKind.decimal if decimals else FormItemKind.integer)


NUMBER = Number(kind=Kind.number, label_vi="Số", held=Held.number, printed=Printed.digits, shares=False,
                per_option=False, digit_grid=True, handwritten=False, dated=False, banded=True, asked=True,
                expands=False, ranks=False)
