"""What a test run makes more than once: the same page read, the same corpus generated, the same sheets printed or
rendered, the same XLSForm loaded or laid out, with the same inputs, in more than one call (issue 26).

A session-wide cache only pays where the suite repeats work; this measures whether it does, rather than guessing.
Used as a pytest plugin, loaded before the toolkit (it wraps the functions where they are defined, so every later
`from scanner.x import f` takes the wrapped one):

    SURVEY_TEST_REPEATS=/tmp/rep nice .venv/bin/python -m pytest -p benchmarks.testrepeats -n 2 --dist loadfile
    .venv/bin/python -m benchmarks.testrepeats /tmp/rep [--top 12]

Each call appends one JSON line (the function, a hash of its inputs, the CPU s of this process it took, the test)
to a file per process, forked scan workers included (a spawned worker or a program the test starts is not seen).
Inputs are keyed by what the result depends on: a page by its bytes, file and index; a template by every field
(its file by its bytes); a plan by every field; an XLSForm by its bytes; the other arguments by their repr.
The CPU of a wrapped call includes the wrapped calls inside it (generate renders the printed sides).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import json
import os
import pickle
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

_FOLDER = os.environ.get("SURVEY_TEST_REPEATS")
_TEMPLATES: dict[int, tuple[Any, str]] = {}
_FILES: dict[tuple[str, int, int], str] = {}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _file(path: Any) -> str:
    try:
        st = os.stat(path)
    except (OSError, TypeError, ValueError):
        return f"no file {path!r}"
    at = (str(path), st.st_mtime_ns, st.st_size)
    if at not in _FILES:
        _FILES[at] = _digest(Path(path).read_bytes())
    return _FILES[at]


def _fields(obj: Any) -> str:
    """A dataclass's every field (a template's file by its bytes, not its path), hashed; kept per object."""
    kept = _TEMPLATES.get(id(obj))
    if kept is not None and kept[0] is obj:
        return kept[1]
    try:
        fields = dataclasses.asdict(obj)
        source = fields.pop("source", None)
        key = _digest(json.dumps(fields, default=str, sort_keys=True).encode()) + (_file(source) if source else "")
    except (TypeError, ValueError):
        key = f"unhashable {type(obj).__name__}"
    _TEMPLATES[id(obj)] = (obj, key)
    return key


def _page(src: Any, template: Any, *rest: Any, **kw: Any) -> str:
    data = _digest(src.data) if getattr(src, "data", None) is not None else "-"
    return f"{src.file_sha}:{src.index}:{src.fmt}:{data}:{src.error}:{_fields(template)}:{rest!r}:{sorted(kw.items())!r}"


def _generate(template: Any, plan: Any, *rest: Any, **kw: Any) -> str:
    return f"{_fields(template)}:{_fields(plan)}:{rest[:2]!r}:{rest[3:]!r}:{sorted(kw.items())!r}"  # not out_dir


def _render(template: Any, sheets: list, _out: Any, *rest: Any, **kw: Any) -> str:
    return f"{_fields(template)}:{sheets!r}:{rest!r}:{sorted(kw.items())!r}"


def _questionnaire(path: Any, *rest: Any, **kw: Any) -> str:
    return f"{_file(path)}:{rest!r}:{sorted(kw.items())!r}"


def _layout(q: Any, *rest: Any, **kw: Any) -> str:
    try:
        return _digest(pickle.dumps(q)) + f":{rest!r}"
    except (pickle.PicklingError, TypeError, AttributeError):
        return f"unpicklable {type(q).__name__}"


def _printed(template: Any, sheet: Any, *rest: Any, **kw: Any) -> str:
    return f"{_fields(template)}:{sheet!r}:{rest!r}:{sorted(kw.items())!r}"


def _wrap(module: Any, name: str, key, listed: int | None = None) -> None:
    """`listed`: the position of an iterable argument the key reads and the call then takes as a list."""
    real = getattr(module, name)

    @functools.wraps(real)
    def counted(*args: Any, **kwargs: Any) -> Any:
        if listed is not None and len(args) > listed:
            args = (*args[:listed], list(args[listed]), *args[listed + 1:])
        try:
            k = key(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - never the test's failure
            k = f"no key: {type(e).__name__}"
        t0 = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            _log(name, k, time.process_time() - t0)

    setattr(module, name, counted)


def _log(name: str, key: str, cpu: float) -> None:
    assert _FOLDER is not None
    row = {"fn": name, "key": _digest(key.encode()), "cpu": round(cpu, 4),
           "test": os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]}
    with open(Path(_FOLDER) / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


if _FOLDER:
    Path(_FOLDER).mkdir(parents=True, exist_ok=True)
    import scanner.corpus.generate as _gen
    import scanner.forms as _forms
    import scanner.layout as _lay
    import scanner.pipeline as _pipe
    import scanner.questionnaire as _q
    import scanner.reference as _ref

    _wrap(_pipe, "read_page", _page)
    _wrap(_gen, "generate", _generate)
    _wrap(_forms, "render_forms", _render, listed=1)
    _wrap(_q, "load_questionnaire", _questionnaire)
    _wrap(_lay, "build_layout", _layout)
    _wrap(_ref, "printed_pages", _printed)


def summary(folder: Path, top: int) -> str:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:  # a worker killed mid-line
                continue
    same: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        same[(r["fn"], r["key"])].append(r)
    out = []
    for fn in sorted({r["fn"] for r in rows}):
        calls = [r for r in rows if r["fn"] == fn]
        again = []
        for (f, _k), rs in same.items():
            if f == fn and len(rs) > 1:
                rs = sorted(rs, key=lambda r: -r["cpu"])
                files = sorted({r["test"].split("::")[0].rsplit("/", 1)[-1] for r in rs})
                again.append((sum(r["cpu"] for r in rs[1:]), len(rs), files, rs[0]["test"]))
        out.append(f"{fn}: {len(calls)} calls, {sum(r['cpu'] for r in calls):.1f} CPU s; the same inputs again: "
                   f"{sum(n - 1 for _, n, _, _ in again)} calls, {sum(c for c, _, _, _ in again):.1f} CPU s")
        for cpu, n, files, test in sorted(again, reverse=True)[:top]:
            out.append(f"    {cpu:6.2f} s  x{n}  {', '.join(files)}  (first: {test})")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--top", type=int, default=12, help="the dearest repeated inputs listed per function")
    a = ap.parse_args(argv)
    print(summary(Path(a.folder), a.top))


if __name__ == "__main__":
    main()
