"""What every plot shares: new figures or given axes, literal text, label placement.

matplotlib is imported only inside the functions that draw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from solver._core.errors import InputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

#: One colour per agenda, by its sweep name and by its label in ``analyse_negotiation``.
_AGENDA_COLOURS = {
    "piecemeal": "tab:blue", "package": "tab:red", "linked": "tab:green", "tie": "tab:gray",
    "piece by piece": "tab:blue", "package with floors": "tab:red",
    "linked package": "tab:green", "free agenda, sender sets": "tab:purple",
    "free agenda, target sets": "tab:brown",
}
_HIGHLIGHT = "tab:red"
#: Marker shapes from the thinnest (drawn largest when points coincide) to the most solid.
_THIN = "*XPv^Dso"
#: Two points closer than this share of the plot's span are drawn as one group.
_NEAR = 0.025


def _new_axes(figsize: tuple[float, float], rows: int = 1, cols: int = 1) -> list[Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return list(np.ravel(fig.subplots(rows, cols, squeeze=False)))


def _axes_list(ax: Any, n: int, figsize: tuple[float, float], func: str,
               grid: tuple[int, int] | None = None) -> list[Axes]:
    if ax is None:
        rows, cols = grid if grid is not None else (1, n)
        return _new_axes(figsize, rows, cols)
    axes = [ax] if n == 1 and not isinstance(ax, Sequence | np.ndarray) else list(
        np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) != n:
        raise InputError(f"{func}: ax must be {'an Axes' if n == 1 else f'{n} Axes'}, "
                         f"got {len(axes)}")
    return axes


def _fmt(v: Any) -> str:
    """A payoff as short text: exact fractions as ``a/b``, floats to 3 significant digits."""
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        if v.denominator <= 100:
            return f"{v.numerator}/{v.denominator}"
    if isinstance(v, int):
        return str(v)
    return f"{float(v) + 0.0:.3g}"  # + 0.0 turns -0.0 into 0.0


def _renderer(fig: Any) -> Any:
    """Lay the figure out (constrained layout included) and return its renderer."""
    fig.draw_without_rendering()
    return fig._get_renderer()


def _overlaps(box: Any, others: Sequence[Any], pad: float = 2.0) -> float:
    """Total overlap area (pixels) of ``box`` with ``others``, each grown by ``pad``."""
    total = 0.0
    for o in others:
        w = min(box.x1, o.x1 + pad) - max(box.x0, o.x0 - pad)
        h = min(box.y1, o.y1 + pad) - max(box.y0, o.y0 - pad)
        if w > 0 and h > 0:
            total += w * h
    return total


def _place_labels(ax: Axes, points: Sequence[tuple[tuple[float, float], str, str, float]],
                  avoid: Sequence[Any] = ()) -> list[Text]:
    """Label each point ``(xy, text, gid, marker size)`` with text offset from it (clear of
    the marker), greedily choosing for
    each the nearest offset whose box overlaps no label placed before, no marker and no box
    in ``avoid``, and stays inside the axes; a leader line joins a label set further off."""
    fig = ax.figure
    renderer = _renderer(fig)
    inside = ax.get_window_extent(renderer)
    from matplotlib.transforms import Bbox

    px = fig.dpi / 72.0
    marker_boxes = []
    for p in points:
        x, y = ax.transData.transform(p[0])
        half = (p[3] / 2 + 1) * px
        marker_boxes.append(Bbox.from_bounds(x - half, y - half, 2 * half, 2 * half))
    placed: list[Any] = list(avoid)
    texts: list[Text] = []
    directions = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1), (1, 0), (-1, 0)]
    for xy, text, gid, size in points:
        best: tuple[float, Any, Any] | None = None
        for radius in (size / 2 + r for r in (3, 12, 24, 38, 54, 74)):
            for dx, dy in directions:
                off = (dx * radius, dy * radius)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                t = ax.annotate(text, xy, xytext=off, textcoords="offset points", ha=ha,
                                va=va, fontsize="small", gid=gid)
                box = t.get_window_extent(renderer)
                t.remove()
                outside = max(0.0, inside.x0 - box.x0) + max(0.0, box.x1 - inside.x1) + max(
                    0.0, inside.y0 - box.y0) + max(0.0, box.y1 - inside.y1)
                cost = _overlaps(box, placed) + _overlaps(box, marker_boxes, pad=0.0) \
                    + 1e5 * outside
                if best is None or cost < best[0]:
                    best = (cost, off, (ha, va, box))
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, off, (ha, va, box) = best
        far = abs(off[0]) + abs(off[1]) > 2 * size + 24
        t = ax.annotate(text, xy, xytext=off, textcoords="offset points", ha=ha, va=va,
                        fontsize="small", gid=gid, zorder=8,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.8},
                        arrowprops={"arrowstyle": "-", "color": "0.45", "lw": 0.7,
                                    "shrinkA": 0, "shrinkB": 4} if far else None)
        t.set_in_layout(False)
        placed.append(box)
        texts.append(t)
    return texts


def _groups(points: Sequence[tuple[float, float]], span: tuple[float, float]) -> list[list[int]]:
    """Indices of points grouped when within :data:`_NEAR` of the span of each other."""
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(points):
        for g in groups:
            gx, gy = points[g[0]]
            if abs(x - gx) <= _NEAR * span[0] and abs(y - gy) <= _NEAR * span[1]:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


_DOLLAR = re.compile(r"(?<!\\)\$")


def _plain(text: str) -> str:
    """Text drawn as written: every ``$`` escaped, so that data such as ``$5.9B`` or a name
    ``$x$`` never starts mathtext.

    >>> _plain("$x$ and \\\\$5"), _plain(_plain("$x$")) == _plain("$x$")
    ('\\\\$x\\\\$ and \\\\$5', True)
    """
    return _DOLLAR.sub(r"\\$", text)


def _literal(fig: Any) -> None:
    """Draw every text of ``fig`` as written: ``$`` escaped (titles, labels, legends,
    annotations; tick labels from data are escaped where they are set, since a fixed
    formatter sets them again at each draw) and never through TeX, even under
    ``rcParams["text.usetex"]``, so a label ``\\input{x}`` is text, not a command."""
    from matplotlib.text import Text

    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(which="both")}
    for t in fig.findobj(Text):
        t.set_usetex(False)
        if id(t) not in ticks:
            t.set_text(_plain(t.get_text()))


def _legend_beside(ax: Any, **kwargs: Any) -> Any:
    """The axes' legend to its right, top-aligned: inside the figure (constrained layout
    makes room for it) and never over the data."""
    kwargs.setdefault("fontsize", "small")
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                     **kwargs)


def _category_ticks(ax: Any, xs: Any, labels: Sequence[str]) -> None:
    """Category names under the x axis, horizontal and as written; when neighbours would
    touch, every other one is set a line lower (staggered), so that no two overlap."""
    ax.set_xticks(xs, [_plain(s) for s in labels])
    renderer = _renderer(ax.figure)
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    if any(_overlaps(a, [b], pad=3.0) > 0 for a, b in zip(boxes, boxes[1:], strict=False)):
        ticks = ax.xaxis.get_major_ticks(len(labels))
        for i, tick in enumerate(ticks):
            if i % 2:
                tick.set_pad(tick.get_pad() + 1.25 * tick.label1.get_fontsize())
