"""The CLI's commands, registered by name; each parses nothing, calls the library, prints the outcome."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..errors import SurveyError

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


TO_MAP = ("Cần ánh xạ một lần cho mọi dòng (settle once for every row): trên trang duyệt, survey review (in the "
          "review page), hoặc bằng lệnh (or by command):")


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


def _store(args: argparse.Namespace):
    from ..store import Store

    return Store(args.db)


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
from . import definition, demo, paper, plan, results  # noqa: E402,F401
