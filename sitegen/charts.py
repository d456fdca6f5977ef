"""Bar charts drawn at build time: the geometry of a static inline SVG, no JavaScript.

Two shapes, one set of rules:

- ``column_chart``: vertical bars with the label under each bar and the figure above
  it, for a few short labels (years: a project's history, a department's totals);
- ``bar_chart``: horizontal bars with the label above each bar and the figure after
  it, for long labels (project and department names, indicator levels).

A chart is made of ``Point``s in display order. Bar lengths are proportional to the
points' values (the largest fills the plot); every coordinate is a Decimal rounded to
0.1, so the SVG text is identical on every machine and no binary floating point is
involved. The figure shown beside each bar is the point's ``text``, made by the
caller from the exact value ('6,491,700.00', '12 项'). The templates that draw these
dicts are the macros in ``_charts.html``; every chart there has a <title>, a text
alternative (<desc>) listing every figure, and a table with the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_ONE_PLACE = Decimal("0.1")

# Column chart: one bar per point, its figure above it and its label below.
BAR, GAP, PLOT_HEIGHT, TOP, BOTTOM, SIDE = 120, 40, 160, 28, 28, 20

# Bar chart: rows of a label line, then the bar with its figure after it.
WIDTH = 400  # viewBox width; the SVG scales down to the column it sits in (a phone's)
LEFT = 4
FIGURE_CHAR, FIGURE_PAD = 9, 10  # room after the longest bar for the longest figure, per character
ROW, LABEL_Y, BAR_Y, BAR_HEIGHT = 52, 18, 26, 18
LABEL_CHARS = 25  # a longer label is cut with '…' (the table beside has it whole)


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal  # what the bar's length is proportional to; never negative
    text: str  # the figure shown beside the bar
    current: bool = False  # this page's own bar, drawn in the accent colour


def _length(value: Decimal, top: Decimal, full: int) -> Decimal:
    if not top or value <= 0:
        return Decimal("0.0")
    return (Decimal(full) * value / top).quantize(_ONE_PLACE, ROUND_HALF_UP)


def column_chart(points: list[Point]) -> dict:
    """Vertical bars: ``bars`` with x, y, width, height, ``center`` (for the texts),
    ``text_y`` (the figure) and ``label_y``; the chart's width, height and baseline."""
    top = max((p.value for p in points), default=Decimal(0))
    width = SIDE * 2 + len(points) * BAR + max(len(points) - 1, 0) * GAP
    baseline = TOP + PLOT_HEIGHT
    bars = []
    for i, p in enumerate(points):
        height = _length(p.value, top, PLOT_HEIGHT)
        x = Decimal(SIDE + i * (BAR + GAP))
        bars.append({
            "label": p.label, "full_label": p.label, "text": p.text, "current": p.current,
            "x": x, "y": Decimal(baseline) - height, "width": BAR, "height": height,
            "center": x + Decimal(BAR) / 2,
            "text_y": Decimal(baseline) - height - 8, "label_y": baseline + 20,
        })
    return {"width": width, "height": baseline + BOTTOM, "baseline": baseline,
            "left": SIDE, "right": width - SIDE, "bars": bars}


def short_label(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def bar_chart(points: list[Point]) -> dict:
    """Horizontal bars, one row per point: ``bars`` with the row's ``label`` (cut to
    LABEL_CHARS), ``label_y``, the bar's x, y, width, height, and ``text_x``/``text_y``
    for its figure; the chart's width and height and the axis line's x."""
    top = max((p.value for p in points), default=Decimal(0))
    plot = WIDTH - LEFT * 2 - FIGURE_PAD - FIGURE_CHAR * max((len(p.text) for p in points), default=0)
    bars = []
    for i, p in enumerate(points):
        row = i * ROW
        length = _length(p.value, top, plot)
        bars.append({
            "label": short_label(p.label), "full_label": p.label, "text": p.text, "current": p.current,
            "label_y": row + LABEL_Y,
            "x": LEFT, "y": row + BAR_Y, "width": length, "height": BAR_HEIGHT,
            "text_x": LEFT + length + 6, "text_y": row + BAR_Y + 14,
        })
    return {"width": WIDTH, "height": max(len(points), 1) * ROW + 4, "axis_x": LEFT,
            "axis_bottom": len(points) * ROW, "bars": bars}


def share(part: Decimal | int, whole: Decimal | int) -> str:
    """'23.2%' of the whole, rounded half up to 0.1; '—' when the whole is 0."""
    if not whole:
        return "—"
    pct = (Decimal(part) * 100 / Decimal(whole)).quantize(_ONE_PLACE, ROUND_HALF_UP)
    return f"{pct}%"
