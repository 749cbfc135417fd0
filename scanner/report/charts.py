"""Charts sized for an A4 page: axes that fit the data, values on the bars, legends outside the data."""

from __future__ import annotations

import io
import textwrap
import warnings

from .fmt import pct

WIDTH_IN = 6.1
COLOURS = ["#1f4e79", "#4f81bd", "#9bbb59", "#f2a33a", "#c0504d", "#8064a2", "#7f7f7f"]


def _plt(texts: list[str] | None = None):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .chart_fonts import chart_families

    families, _ = chart_families(texts or ())  # the serif first, then fonts for the other scripts (chart_fonts.py)
    plt.rcParams.update({"font.family": families, "font.size": 10, "svg.hashsalt": "survey",
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():  # a letter no font has: said once by `report` (chart_fonts.chart_families)
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        fig.savefig(buf, format="png", dpi=200, bbox_inches="tight", metadata={"Software": None})
    _plt().close(fig)
    return buf.getvalue()


def _wrap(s: str, n: int = 42) -> str:
    return "\n".join(textwrap.wrap(s, n)) or s


def bars(labels: list[str], values: list[float], xlabel: str, reference: float | None = None) -> bytes:
    """Horizontal bars with each value written at the bar's end; the axis stops a little past the largest."""
    plt = _plt([*labels, xlabel])
    vals = [0.0 if v != v else float(v) for v in values]
    top = max([*vals, reference or 0, 1.0])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.34 * len(labels) + 0.7))
    y = list(range(len(labels)))
    rects = ax.barh(y, vals, 0.65, color=COLOURS[0])
    ax.bar_label(rects, labels=[pct(v) + "%" for v in vals], padding=3, fontsize=9)
    ax.set_yticks(y, [_wrap(lbl) for lbl in labels], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.16)
    ax.set_xlabel(xlabel, fontsize=9)
    if reference is not None:
        ax.axvline(reference, color="#c0504d", linewidth=1, linestyle="--")
    ax.tick_params(axis="x", labelsize=8)
    return _png(fig)


def stacked(rows: list[str], columns: list[str], values: list[list[float]], xlabel: str) -> bytes:
    """100% bars, one per grid row, the share of each column written inside when it fits; legend below."""
    plt = _plt([*rows, *columns, xlabel])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.45 * len(rows) + 1.1))
    left = [0.0] * len(rows)
    for k, col in enumerate(columns):
        vals = [0.0 if r[k] != r[k] else float(r[k]) for r in values]
        colour = COLOURS[k % len(COLOURS)]
        rects = ax.barh(range(len(rows)), vals, 0.65, left=left, label=col, color=colour)
        ax.bar_label(rects, labels=[pct(v) if v >= 7 else "" for v in vals], label_type="center", fontsize=8,
                     color="white" if k < 2 else "black")
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(range(len(rows)), [_wrap(r, 40) for r in rows], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.legend(fontsize=8, ncol=len(columns), loc="upper center", bbox_to_anchor=(0.4, -0.14 - 0.1 / len(rows)),
              frameon=False)
    return _png(fig)
