"""Charts drawn on the server as SVG: no chart library and no JavaScript in the browser.

Each chart is one `<svg role="img">` named by its `<title>` and described by its `<desc>`, which
says where the same numbers are given as a table (the page shows that table next to it). Only
presentation attributes are used (the CSP forbids `style=`); the SVG scales to its box, and its
rows stack (label above bar) so it stays readable on a 360 px phone.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320
BAR_MAX = 190  # room for the value's text (“100% / ≥ 100%”) after the longest bar
ROW = 40
INK, TRACK, BAR, MET = "#1f2430", "#e4dfd3", "#2b3a67", "#2f6b3a"


@dataclass(frozen=True)
class Bar:
    """One row: its label, its share of the longest bar (None: nothing drawn) and the number as text."""
    label: str
    ratio: float | None
    text: str
    met: bool = False


def _frame(chart_id: str, title: str, description: str, rows: list[str], height: int) -> Markup:
    return Markup(
        '<svg class="chart-svg" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{rows}</svg>'
    ).format(id=chart_id, w=WIDTH, h=height, title=title, desc=description, rows=Markup("").join(rows))


def _row(index: int, bar: Bar, track: bool) -> Markup:
    top = index * ROW
    length = 0 if bar.ratio is None else round(BAR_MAX * min(max(bar.ratio, 0.0), 1.0), 1)
    parts = [Markup('<text x="0" y="{y}" font-size="13" fill="{ink}">{label}</text>').format(
        y=top + 13, ink=INK, label=bar.label)]
    if track:
        parts.append(Markup('<rect x="0" y="{y}" width="{w}" height="14" rx="2" fill="{fill}"/>').format(
            y=top + 19, w=BAR_MAX, fill=TRACK))
    if length:
        parts.append(Markup('<rect x="0" y="{y}" width="{w}" height="14" rx="2" fill="{fill}"/>').format(
            y=top + 19, w=length, fill=MET if bar.met else BAR))
    parts.append(Markup('<text x="{x}" y="{y}" font-size="13" fill="{ink}">{text}</text>').format(
        x=(BAR_MAX if track else length) + 6, y=top + 31, ink=INK, text=bar.text))
    return Markup("").join(parts)


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> Markup:
    """Horizontal bars, the longest as long as the chart allows; a hidden number draws no bar."""
    rows = [_row(i, bar, track=False) for i, bar in enumerate(bars)]
    return _frame(escape(chart_id), title, description, rows, max(ROW * len(bars), ROW))


def progress_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> Markup:
    """Progress towards targets: each track is its target, the filled part how far the figure has come."""
    rows = [_row(i, bar, track=True) for i, bar in enumerate(bars)]
    return _frame(escape(chart_id), title, description, rows, max(ROW * len(bars), ROW))


def ratios(values: list[int | None]) -> list[float | None]:
    """Each value's share of the largest (bars of a bar chart); None stays None."""
    top = max((v for v in values if v is not None), default=0)
    return [None if v is None else (v / top if top else 0.0) for v in values]
