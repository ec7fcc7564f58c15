"""Bar charts as plain geometry for a template to draw as inline SVG: no JavaScript, no external
asset, and every label goes through the template's escaping (console/chart.html)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: (value, CSS class, what the value counts), one part of a stacked bar.
Segment = tuple[float, str, str]

WIDTH = 720
ROW_HEIGHT = 22
ROW_GAP = 8
#: Room for the longest category label at 12px ("Commercial or personal promotion").
LABEL_WIDTH = 240
NOTE_WIDTH = 120
PLOT_HEIGHT = 160
#: The most day labels under a column chart, so they never overlap.
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    #: Shown on hover and read by screen readers.
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Row:
    label: str
    segments: Sequence[Segment]
    #: Printed after the bar, e.g. the total or a percentage.
    note: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    #: (CSS class, name) for each kind of segment.
    legend: Sequence[tuple[str, str]] = ()


def horizontal_bars(
    title: str,
    rows: Sequence[Row],
    legend: Sequence[tuple[str, str]] = (),
    maximum: float | None = None,
) -> Chart:
    """One stacked bar per row, scaled to `maximum` (by default the longest bar)."""
    top = max((sum(value for value, _, _ in row.segments) for row in rows), default=0.0)
    scale = maximum if maximum else top
    bar_width = WIDTH - LABEL_WIDTH - NOTE_WIDTH
    chart = Chart(title, WIDTH, max(1, len(rows)) * (ROW_HEIGHT + ROW_GAP), legend=legend)
    for n, row in enumerate(rows):
        y = n * (ROW_HEIGHT + ROW_GAP)
        middle = y + ROW_HEIGHT / 2 + 4
        chart.labels.append(Label(LABEL_WIDTH - 8, middle, row.label, "end"))
        x = float(LABEL_WIDTH)
        for value, css, name in row.segments:
            width = value / scale * bar_width if scale else 0.0
            if width > 0:
                title = f"{row.label}: {_number(value)} {name}"
                chart.rects.append(Rect(x, y, width, ROW_HEIGHT, css, title))
            x += width
        chart.labels.append(Label(x + 6, middle, row.note))
    return chart


def columns(
    title: str, bars: Sequence[tuple[str, Sequence[Segment]]], legend: Sequence[tuple[str, str]]
) -> Chart:
    """One stacked column per (label, segments), left to right, with a few labels underneath."""
    top = max((sum(value for value, _, _ in segments) for _, segments in bars), default=0.0)
    plot_left, plot_width = 40.0, WIDTH - 50.0
    chart = Chart(title, WIDTH, PLOT_HEIGHT + 36, legend=legend)
    chart.labels.append(Label(plot_left - 6, 12, _number(top), "end"))
    chart.labels.append(Label(plot_left - 6, PLOT_HEIGHT, "0", "end"))
    step = plot_width / max(1, len(bars))
    every = max(1, -(-len(bars) // MAX_X_LABELS))
    for n, (label, segments) in enumerate(bars):
        x = plot_left + n * step + step * 0.1
        y = float(PLOT_HEIGHT)
        for value, css, name in segments:
            height = value / top * (PLOT_HEIGHT - 8) if top else 0.0
            if height > 0:
                y -= height
                title = f"{label}: {_number(value)} {name}"
                chart.rects.append(Rect(x, y, step * 0.8, height, css, title))
        # Counted from the end, so the latest day always has its label.
        if (len(bars) - 1 - n) % every == 0:
            chart.labels.append(Label(x + step * 0.4, PLOT_HEIGHT + 16, label, "middle"))
    return chart


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))
