"""The CLI's commands, registered by name; each parses nothing, calls the library, prints the outcome."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..errors import SurveyError
from ..vocab import WordingKind

if TYPE_CHECKING:
    from ..online.derive import Unsettled

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


TO_MAP = ("Cần ánh xạ một lần cho mọi dòng (settle once for every row): trên trang duyệt, survey review (in the "
          "review page), hoặc bằng lệnh (or by command):")


def to_map_lines(unsettled: Mapping[Unsettled, int]) -> list[str]:
    """TO_MAP's lines (import-online and status alike): each wording with how many rows it waits on and the command
    that settles it; a column, counted by the files that have it, either is a question renamed or holds the
    office's own notes, left out with "-"."""
    out = []
    for u, n in unsettled.items():
        if u.kind == WordingKind.column:
            out += [f"  cột “{u.text}” có trong {n} tệp (a column in {n} file{'s' if n > 1 else ''}):",
                    f"       là câu hỏi đã đổi tên (a renamed question): {u.command()}",
                    f"       là ghi chú của văn phòng, bỏ qua (office notes, left out): {u.leave_out()}"]
        else:
            out.append(f"  {n:>4} × {u.command()}")
    return out


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


def _store(args: argparse.Namespace, existing: bool = False):
    """The store --db names. existing: a command that only reads it (status, export, validate, tally, report,
    overlay) refuses a file that is not there, where opening it made an empty store and answered for it (a
    mistyped --db said "0 phiếu" and every unit short)."""
    from ..store import Store

    return Store(args.db, create=not existing)


def _date(value: str | None, flag: str) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise SurveyError(f"{flag} {value!r} is not a date; write it as YYYY-MM-DD") from None


# Each module registers its commands; the CLI imports this package only once its arguments are parsed, so
# `--help` and a mistyped argument cost none of the library behind the commands.
from . import definition, demo, paper, plan, results, status  # noqa: E402,F401
