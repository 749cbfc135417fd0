"""A report's charts drawn with the machine's CJK font say nothing on the terminal: WenQuanYi Zen Hei declares weight
500, and where matplotlib's own font cache already holds it (a system font, as on Debian with fonts-wqy-zenhei)
every chart printed "findfont: Failed to find font weight normal for WenQuanYi Zen Hei" under `./run demo`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scanner.scripts import east_asian_path

ROOT = Path(__file__).resolve().parents[1]

DRAW = """
import io, matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
from scanner.scripts import east_asian_path
font_manager.fontManager.addfont(str(east_asian_path()))  # as matplotlib's cache holds a system font
"""


def _chart_snippet() -> str:
    """A chart drawn the way the report draws them, with Chinese and Vietnamese labels."""
    return DRAW + """
from scanner.report import chart_fonts
families, _ = chart_fonts.chart_families(["Hài lòng", "满意", "不满意"])
import matplotlib.pyplot as plt
plt.rcParams.update({"font.family": families})
fig, ax = plt.subplots()
ax.bar(["Hài lòng", "满意", "不满意"], [3, 2, 1])
fig.savefig(io.BytesIO(), format="png")
print("drawn")
"""


@pytest.mark.skipif(east_asian_path() is None, reason="no CJK font on this machine")
def test_a_chart_in_the_cjk_font_prints_no_font_warning() -> None:
    done = subprocess.run([sys.executable, "-c", _chart_snippet()], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "drawn" in done.stdout
    assert "findfont" not in done.stderr, done.stderr
