"""Which of the toolkit's commands a test run carried through, and by how many tests (issue 26: a quick tier chosen
for its cost must still run every stage of the job).

Used as a pytest plugin, loaded before the tests import the CLI:

    SURVEY_TEST_STAGES=/tmp/stages ./run test-quick -p benchmarks.teststages
    .venv/bin/python -m benchmarks.teststages /tmp/stages

Each command run in a test's process (`scanner.cli.main`, as the tests and benchmarks.realforms.cli call it) appends
one JSON line (the command, its exit code, the test) to a file per process. The summary lists every command the
CLI has (scanner.commands.COMMANDS) with the tests that ran it to exit 0 and those that ran it to a refusal; a
command no test finished is named. Commands a test starts as another program (`survey ...` in a subprocess, a
scan's forked workers' own work) are not seen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

_FOLDER = os.environ.get("SURVEY_TEST_STAGES")
_NOW = {"test": ""}


def _record(name: str, code: Any) -> None:
    assert _FOLDER
    Path(_FOLDER).mkdir(parents=True, exist_ok=True)
    with open(Path(_FOLDER) / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"command": name, "code": code if isinstance(code, int) else repr(code),
                            "test": _NOW["test"]}) + "\n")


def _install() -> None:
    from scanner import cli

    real = cli.resolve

    def resolve(args: argparse.Namespace):
        handler = real(args)
        name = next(k for k, v in _commands().items() if v is handler)

        def run(a: argparse.Namespace) -> int:
            try:
                code = handler(a)
            except BaseException as e:
                _record(name, type(e).__name__)
                raise
            _record(name, int(code or 0))
            return code

        return run

    cli.resolve = resolve


def _commands() -> dict[str, Any]:
    from scanner.commands import COMMANDS

    return COMMANDS


if _FOLDER:
    _install()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _NOW["test"] = item.nodeid
    yield


def summary(folder: Path) -> tuple[str, list[str]]:
    ok: dict[str, set[str]] = defaultdict(set)
    refused: dict[str, set[str]] = defaultdict(set)
    for p in sorted(folder.glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            r = json.loads(line)
            (ok if r["code"] == 0 else refused)[r["command"]].add(r["test"])
    lines = [f"{'command':<22} {'tests, exit 0':>13} {'tests, refused':>15}  e.g."]
    missing = []
    for name in sorted(_commands()):
        if not ok[name]:
            missing.append(name)
        lines.append(f"{name:<22} {len(ok[name]):>13} {len(refused[name]):>15}  {min(ok[name], default='-')}")
    lines.append("commands no test carried through: " + (", ".join(missing) or "none"))
    return "\n".join(lines), missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    a = ap.parse_args(argv)
    text, _missing = summary(Path(a.folder))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
