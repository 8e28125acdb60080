"""A map of the agenda a player would choose as two parameters vary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from solver._core.errors import InputError
from solver.presentation.plots._common import (
    _AGENDA_COLOURS,
    _axes_list,
    _legend_beside,
    _literal,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_agenda_map"]


def plot_agenda_map(
    df: pd.DataFrame,
    x: str,
    y: str,
    player: str = "sender",
    ax: Axes | None = None,
    *,
    column: str | None = None,
    order: Sequence[str] | None = None,
    colours: Mapping[str, str] | None = None,
    point: tuple[float, float] | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Axes:
    """A map of which agenda a player would choose as two parameters vary, from results
    computed beforehand.

    The plot solves nothing: ``df`` holds one row per grid point, the two parameters'
    values in columns ``x`` and ``y`` and the agenda chosen in ``column`` (by default
    ``"winner_<player>"``). Compute it with the model, e.g. for each grid point
    ``analyse_negotiation(changed_scenario).choice(player)[0]``, or the label of the
    largest ``solve_talks(changed_scenario, protocol, agenda).<player>_payoff``; see the
    ``sensitivity`` notebook and ``docs/howto/compare-agendas.md``.

    Parameters
    ----------
    df : pandas.DataFrame
        The grid's results, one row per point (a full grid: every ``x`` with every ``y``).
    x, y : str
        The columns of the two parameters (the axes' labels).
    player : "sender" or "target"
        Whose choice (names the default ``column`` and the title).
    ax : matplotlib Axes, optional
    column : str, optional
        The column of agenda labels (default ``"winner_<player>"``).
    order : sequence of str, optional
        The agendas in legend order (default: order of first appearance).
    colours : mapping, optional
        A colour for some agendas.
    point : (float, float), optional
        A point to mark with a star (e.g. the scenario's own values).
    xlabel, ylabel : str, optional
        The axes' labels. By default the column name with its unit, when the column names a
        sector field (``"autos loss_target"`` -> ``$B/yr``) or a protocol setting
        (``"rounds"``, ``"breakdown risk"``).

    The boundaries between agendas are drawn as lines along the cell edges; a map on which
    the player chooses one agenda everywhere says so in its title.

    Returns
    -------
    matplotlib.axes.Axes
        Its first collection is the map; its array holds, row by row (``y`` then ``x``),
        the index of the agenda in ``order``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cost": [1, 2, 1, 2], "loss": [0, 0, 1, 1],
    ...                    "winner_sender": ["package", "piecemeal", "package", "package"]})
    >>> ax = plot_agenda_map(df, "cost", "loss")
    >>> ax.collections[0].get_array().tolist()
    [[0.0, 1.0], [0.0, 0.0]]
    """
    import pandas as pd

    func = "plot_agenda_map()"
    if player not in ("sender", "target"):
        raise InputError(f"{func}: player must be 'sender' or 'target', got {player!r}")
    column = column or f"winner_{player}"
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{func}: df must be a DataFrame of results, got {type(df).__name__}")
    missing = [c for c in (x, y, column) if c not in df.columns]
    if missing:
        raise InputError(f"{func}: df has no column(s) {missing}; columns are "
                         f"{list(df.columns)}")
    if len(df) == 0:
        raise InputError(f"{func}: df has no rows")
    table = df.pivot_table(index=y, columns=x, values=column, aggfunc="first")
    if table.isna().to_numpy().any() or len(table.index) * len(table.columns) != len(df):
        raise InputError(f"{func}: df must hold exactly one row for every ({x}, {y}) pair of "
                         "a full grid")
    seen = list(dict.fromkeys(df[column]))
    if order is None:
        order = seen
    else:
        order = list(order)
        extra = [v for v in seen if v not in order]
        if extra:
            raise InputError(f"{func}: {column} has values {extra} not in order {order}")
    codes = np.array([[order.index(v) for v in row] for row in table.to_numpy()], dtype=float)
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    palette = dict(colours or {})
    cols = [palette.get(name, _AGENDA_COLOURS.get(name, f"C{k}")) for k, name in
            enumerate(order)]
    (ax,) = _axes_list(ax, 1, (6.8, 5.0), func)
    xv = table.columns.to_numpy(dtype=float)
    yv = table.index.to_numpy(dtype=float)
    ax.pcolormesh(xv, yv, codes, cmap=ListedColormap(cols), vmin=-0.5,
                  vmax=len(order) - 0.5, shading="nearest")
    _boundaries(ax, xv, yv, codes)
    handles: list[Any] = [Patch(color=cols[k], label=order[k])
                          for k in sorted({int(c) for c in codes.ravel()})]
    if point is not None:
        (star,) = ax.plot([point[0]], [point[1]], "*", color="white", mec="black", ms=15,
                          gid="scenario point", label="the scenario")
        handles.append(star)
    _legend_beside(ax, handles=handles)
    ax.set_xlabel(xlabel if xlabel is not None else _with_unit(x))
    ax.set_ylabel(ylabel if ylabel is not None else _with_unit(y))
    title = f"The agenda the {player} would choose"
    if len(set(codes.ravel())) == 1:
        title += f":\n{order[int(codes.flat[0])]} everywhere on this grid"
    ax.set_title(title, fontsize="medium")
    _literal(ax.figure)
    return ax


#: Units of the protocol settings a map may vary.
_PROTOCOL_UNITS = {"rounds": "rounds", "breakdown": "probability per round",
                   "breakdown risk": "probability per round"}


def _with_unit(column: str) -> str:
    """``column`` with its unit: the last word names a sector field or a protocol setting."""
    from solver.model.sector import FIELDS

    units = {f.attr: f.unit for f in FIELDS} | {f.key: f.unit for f in FIELDS}
    unit = _PROTOCOL_UNITS.get(column) or units.get(column.split()[-1]) if column else None
    return f"{column} ({unit})" if unit and unit != "1" else column


def _boundaries(ax: Any, xv: Any, yv: Any, codes: Any) -> None:
    """Lines along the cell edges where the agenda changes (gid ``"boundary"``)."""
    def edges(v: Any) -> Any:
        if len(v) == 1:
            return np.array([v[0] - 0.5, v[0] + 0.5])
        mid = (v[1:] + v[:-1]) / 2
        return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])

    ex, ey = edges(xv), edges(yv)
    segs = []
    for i in range(codes.shape[0]):
        for j in range(codes.shape[1]):
            if j + 1 < codes.shape[1] and codes[i, j] != codes[i, j + 1]:
                segs.append([(ex[j + 1], ey[i]), (ex[j + 1], ey[i + 1])])
            if i + 1 < codes.shape[0] and codes[i, j] != codes[i + 1, j]:
                segs.append([(ex[j], ey[i + 1]), (ex[j + 1], ey[i + 1])])
    if segs:
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(segs, colors="black", linewidths=1.2,
                                         gid="boundary"), autolim=False)
