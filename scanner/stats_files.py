"""The analysts' data set written as SPSS (.sav), Stata (.dta) and a codebook, each file read back before it counts.

pyreadstat (ReadStat) writes both binary formats; every file is opened again
after writing and compared value by value with what was meant, so a label cut
short or a code lost on the way stops the export with a message instead of
reaching an analyst. SPSS keeps the three missing codes as user-missing values
with their labels; Stata has no negative missing values, so there they are the
extended missing values .a (not answered), .b (skipped) and .c (awaiting review).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from .analyst import Dataset, Missing, Variable
from .errors import MissingDependencyError, SurveyError
from .formulas import neutralise

SAV_LABEL_BYTES = 255  # SPSS keeps variable labels of up to 255 bytes, value labels of up to 120
SAV_VALUE_BYTES = 120
DTA_LABEL_CHARS = 80  # Stata: 80 characters for a variable label


def _pyreadstat() -> Any:
    try:
        import pyreadstat
    except ImportError:
        raise MissingDependencyError("thiếu gói pyreadstat để ghi tệp SPSS/Stata (pyreadstat is missing); chạy lại "
                                     "./run setup hoặc pip install pyreadstat") from None
    return pyreadstat


def cut_bytes(text: str, limit: int) -> str:
    """Shortened to at most `limit` UTF-8 bytes without splitting a letter, "…" marking the cut."""
    if len(text.encode("utf-8")) <= limit:
        return text
    out = text
    while len((out + "…").encode("utf-8")) > limit:
        out = out[:-1]
    return out.rstrip() + "…"


def sav_format(v: Variable) -> str:
    """A numeric variable's SPSS print format: codes and whole numbers F8.0, a decimal question's number with its
    own places (F8.0 would show 16.9 as 17 in Data View, LIST and DESCRIPTIVES), anything else F10.6."""
    if v.decimals:
        return f"F{max(8, v.decimals + 7)}.{v.decimals}"
    return "F8.0" if v.values else "F10.6"


def write_sav(data: Dataset, out: Path) -> None:
    rs = _pyreadstat()
    frame = _frame(data, stata=False)
    rs.write_sav(frame, str(out), file_label="survey-scanner",
                 column_labels={v.name: cut_bytes(v.label, SAV_LABEL_BYTES) for v in data.variables},
                 variable_value_labels={v.name: {k: cut_bytes(t, SAV_VALUE_BYTES) for k, t in v.values.items()}
                                        for v in data.variables if v.values},
                 missing_ranges={v.name: [int(m) for m in Missing] for v in data.variables if v.missing},
                 variable_measure={v.name: "nominal" if v.numeric and v.values else "scale" if v.numeric else "nominal"
                                   for v in data.variables},
                 variable_format={v.name: sav_format(v) for v in data.variables if v.numeric})
    got, meta = rs.read_sav(str(out), user_missing=True)
    _check(out, data, got, stata=False)
    _check_labels(out, data, meta.column_names_to_labels, SAV_LABEL_BYTES, bytes_=True)


def write_dta(data: Dataset, out: Path) -> None:
    rs = _pyreadstat()
    frame = _frame(data, stata=True)
    rs.write_dta(frame, str(out), file_label="survey-scanner",
                 column_labels={v.name: v.label[:DTA_LABEL_CHARS].rstrip() for v in data.variables},
                 variable_value_labels={v.name: {k: t for k, t in v.values.items() if k >= 0}
                                        for v in data.variables if v.values},
                 missing_user_values={v.name: [m.stata for m in Missing] for v in data.variables if v.missing})
    got, meta = rs.read_dta(str(out), user_missing=True)
    _check(out, data, got, stata=True)
    _check_labels(out, data, meta.column_names_to_labels, DTA_LABEL_CHARS, bytes_=False)


def _frame(data: Dataset, stata: bool) -> Any:
    import pandas as pd

    columns: dict[str, list[Any]] = {}
    for v in data.variables:
        values = data.column(v.name)
        if not v.numeric:
            columns[v.name] = ["" if x is None else str(x) for x in values]
        elif stata and v.missing:
            columns[v.name] = [_stata(x) for x in values]
        else:
            columns[v.name] = [math.nan if x is None else float(x) for x in values]
    return pd.DataFrame(columns, columns=[v.name for v in data.variables])


def _stata(x: Any) -> Any:
    if x is None:
        return math.nan
    if int(x) in {int(m) for m in Missing}:
        return Missing(int(x)).stata
    return float(x)


def _check(out: Path, data: Dataset, got: Any, stata: bool) -> None:
    """Every value as meant: the same rows, the same codes (Stata's letters for the missing codes), the same text."""
    names = [v.name for v in data.variables]
    if list(got.columns) != names or len(got) != len(data.rows):
        raise SurveyError(f"{out}: tệp ghi ra không đọc lại đúng (written file reads back with other columns or rows: "
                          f"{len(got)} of {len(data.rows)}); hãy báo lỗi này / please report this")
    for v in data.variables:
        for i, (want, have) in enumerate(zip(data.column(v.name), got[v.name], strict=True)):
            if not _same(want, have, v, stata):
                raise SurveyError(f"{out}: biến {v.name}, dòng {i + 1}: ghi {want!r} nhưng đọc lại {have!r} "
                                  "(value changed on the way); hãy báo lỗi này / please report this")


def _same(want: Any, have: Any, v: Variable, stata: bool) -> bool:
    if not v.numeric:
        return ("" if want is None else str(want)) == ("" if have is None else str(have))
    if want is None:
        return have is None or (isinstance(have, float) and math.isnan(have))
    if stata and v.missing and int(want) in {int(m) for m in Missing}:
        return have == Missing(int(want)).stata
    try:
        return abs(float(have) - float(want)) < 1e-9
    except (TypeError, ValueError):
        return False


def _check_labels(out: Path, data: Dataset, labels: dict[str, str | None], limit: int, bytes_: bool) -> None:
    for v in data.variables:
        want = cut_bytes(v.label, limit) if bytes_ else v.label[:limit].rstrip()
        if (labels.get(v.name) or "") != want:
            raise SurveyError(f"{out}: nhãn biến {v.name} đọc lại khác (variable label changed on the way); "
                              "hãy báo lỗi này / please report this")


def codebook_rows(data: Dataset, headers: dict[str, str] | None = None) -> list[list[str]]:
    """One row per variable: its name, the column title it has in the CSV, its label, its codes and what they mean."""
    rows = [["variable", "column", "label", "type", "values", "missing"]]
    for v in data.variables:
        codes = "; ".join(f"{k} = {t}" for k, t in v.values.items() if k >= 0)
        missing = "; ".join(f"{int(m)} = {m.label}" for m in Missing) if v.missing else ""
        rows.append([v.name, (headers or {}).get(v.name, v.name), v.label, "số (numeric)" if v.numeric else
                     "chữ (text)", codes, missing])
    return rows


def codebook_csv(data: Dataset, headers: dict[str, str] | None = None) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[neutralise(c) for c in r] for r in codebook_rows(data, headers)])
    return buf.getvalue()
