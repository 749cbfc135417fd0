"""The CLI's commands, registered by name; each parses nothing, calls the library, prints the outcome."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..errors import SurveyError

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


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
