"""The core modules stay under mypy's strict flags: a module dropped from the list would lose them silently."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CORE = ["vocab", "kinds", "kinds.registry", "kinds.behaviour", "kinds.choice", "kinds.text", "kinds.note", "kinds.grid", "kinds.roster",
        "kinds.number", "kinds.date", "kinds.xlsform", "template", "questionnaire", "xlsform_ids", "xlsform_items", "xlsform_reader",
        "questionnaire_model", "online_only", "province", "ingest",
        "align", "identify", "marks", "digit_marks", "rules", "records", "pipeline", "batch", "store",
        "store.rows", "store.core", "store.review", "store.province", "validate", "tally", "tally_numbers", "online",
        "review.queue", "review.app", "review.reopen", "review.item", "review.sheet_items", "review.derive", "review.values"]

# what `mypy --strict` turns on that can be set per module
STRICT_FLAGS = {"disallow_untyped_defs", "disallow_incomplete_defs", "disallow_untyped_calls",
                "disallow_untyped_decorators", "disallow_any_generics", "disallow_subclassing_any",
                "check_untyped_defs", "no_implicit_reexport", "warn_return_any", "warn_unused_ignores",
                "strict_equality", "extra_checks"}


def _strict_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    return [m for o in config.get("overrides", []) if all(o.get(f) is True for f in STRICT_FLAGS)
            for m in o["module"]]


def test_the_core_is_strict() -> None:
    patterns = _strict_patterns()
    loose = [m for m in CORE if not any(fnmatch(f"scanner.{m}", p) for p in patterns)]
    assert not loose, f"add to the strict list in pyproject.toml: {loose}"


def test_the_core_modules_exist() -> None:
    """A renamed module would leave this list guarding nothing."""
    for m in CORE:
        path = ROOT / "scanner" / m.replace(".", "/")
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), m
