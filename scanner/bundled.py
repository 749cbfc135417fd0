"""Where the toolkit's own data lives: templates/ and samples/ of the source tree, or the copies a wheel carries.

Run from a checkout (or an editable install) the files are the checkout's, so
editing templates/ takes effect at once; a wheel installed with pip (the
office's Windows computer) carries them as scanner/bundled/ (setup.py copies
them in when the wheel is built).
"""

from __future__ import annotations

from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parent.parent
PACKAGED = Path(__file__).resolve().parent / "bundled"


def bundled(relative: str) -> Path:
    """templates/… or samples/…: the source tree's when this is one, else the installed copy."""
    if (SOURCE_ROOT / "pyproject.toml").exists() and (SOURCE_ROOT / relative).exists():
        return SOURCE_ROOT / relative
    if (PACKAGED / relative).exists():
        return PACKAGED / relative
    return SOURCE_ROOT / relative  # named as the checkout's in messages when neither is there


DEFAULT_TEMPLATE = bundled("templates/ballot_layout.json")  # here, not in template.py, so the CLI's parser
DEFAULT_PLAN = bundled("templates/survey_plan.json")  # names them without importing the library behind them
