#!/usr/bin/env python3
"""The chart of `make bench`: Taskbase against Linux, drawn by matplotlib.

    grouped_bars("bench.png", "title", [Panel("wall time", bars, fmt), ...])

A Panel is one column of the chart: bars is a list of (metric, taskbase,
linux), either value may be None; fmt turns a value into its label
("612 ns"). Each metric gets a pair of horizontal bars with their values
at the ends, and the ratio taskbase/linux in a column on the right (green
below 1: Taskbase is faster). An axis whose values span LOG_SPAN or more
is log10. matplotlib is Debian's python3-matplotlib, which
scripts/install-deps.sh installs; the Agg backend needs no display.
"""

import math
import sys
from collections import namedtuple

Panel = namedtuple("Panel", "title bars fmt", defaults=(str,))
SERIES = ("Taskbase", "Linux")
RATIO = "TB/Linux"                 # the head of the ratio column
COLORS = ("#1f77b4", "#ff7f0e")    # matplotlib's first two: blue, orange
FASTER, SLOWER = "#2ca02c", "#d62728"
LOG_SPAN = 100
DPI = 100
# About how wide, in pixels, a panel's axis and a value label's character are.
AXIS_PX, LABEL_PX = 480, 5.5
# Where Debian's python3-* packages live: see pyplot().
DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages"


def pyplot():
    """matplotlib.pyplot on the Agg backend (files only, no display).

    A python3 that is not Debian's own (pyenv, a virtualenv) does not
    search Debian's dist-packages, where install-deps.sh put matplotlib,
    so that directory is tried last.
    """
    try:
        import matplotlib
    except ImportError:
        sys.path.append(DEBIAN_DIST_PACKAGES)
        import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def use_log_scale(values):
    """True when the positive values span LOG_SPAN times or more."""
    vals = [v for v in values if v and v > 0]
    return bool(vals) and max(vals) / min(vals) >= LOG_SPAN


def figure_size(panels):
    """(width, height) in inches: 7.5 per panel, 0.5 per metric row."""
    rows = max(len(p.bars) for p in panels)
    return 7.5 * len(panels), 1.6 + 0.5 * rows


def draw_panel(ax, panel):
    """One column: paired bars, value labels, the ratio column."""
    from matplotlib.ticker import FuncFormatter
    from matplotlib.transforms import blended_transform_factory
    values = [v for _, a, b in panel.bars for v in (a, b) if v]
    log = use_log_scale(values)
    top = max(values)
    base = 10 ** math.floor(math.log10(min(values))) if log else 0
    height = 0.38
    for i, color in enumerate(COLORS):
        for row, bar in enumerate(panel.bars):
            v = bar[1 + i]
            if not v:
                continue
            y = row + (i - 0.5) * height
            ax.barh(y, v - base, left=base, height=height, color=color)
            ax.text(v * 1.06 if log else v + top * 0.01, y, panel.fmt(v),
                    va="center", fontsize=7.5)
    ax.set_yticks(range(len(panel.bars)))
    ax.set_yticklabels([bar[0] for bar in panel.bars], fontsize=9)
    ax.set_ylim(len(panel.bars) - 0.5, -0.8)
    # Room on the right for the longest value label, as a share of the axis.
    room = (max(len(panel.fmt(v)) for v in values) * LABEL_PX + 12) / AXIS_PX
    if log:
        ax.set_xscale("log")
        decades = math.log10(top / base) / (1 - room)
        ax.set_xlim(base, base * 10 ** decades)
    else:
        ax.set_xlim(0, top / (1 - room))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: panel.fmt(v)))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_title(panel.title + (", log scale" if log else ""), fontsize=10)
    side = blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(1.02, -0.75, RATIO, transform=side,
            fontsize=8, fontweight="bold", va="center")
    for row, (_, a, b) in enumerate(panel.bars):
        if a and b:
            ax.text(1.02, row, f"{a / b:.2f}x", transform=side, fontsize=9,
                    va="center", color=FASTER if a < b else SLOWER)


def chart_figure(title, panels):
    """The matplotlib Figure of grouped_bars, for a caller to inspect."""
    plt = pyplot()
    fig, axes = plt.subplots(1, len(panels), figsize=figure_size(panels),
                             dpi=DPI, squeeze=False)
    for ax, panel in zip(axes[0], panels):
        draw_panel(ax, panel)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COLORS]
    fig.legend(handles, SERIES, loc="upper right", ncol=2, fontsize=9)
    fig.suptitle(title, x=0.02, ha="left", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def grouped_bars(path, title, panels):
    """Draw the panels side by side into the PNG file path."""
    fig = chart_figure(title, panels)
    fig.savefig(path, dpi=DPI)
    pyplot().close(fig)
