"""The one-shot game with the sender's resolve in doubt, across priors: the perfect Bayesian
equilibrium's bluffing, compliance and sanction probabilities, broken at the jump at mu*."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from solver._core.errors import InputError
from solver.model.sanction_game import ResolveAnalysis
from solver.presentation.plots._common import _axes_list, _legend_beside, _literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["RESOLVE_LINES", "plot_resolve"]

#: The lines :func:`plot_resolve` draws: attribute -> (label, colour, marker).
RESOLVE_LINES = {
    "bluff_probability": ("bluff probability (irresolute sender demands)", "tab:orange", "o"),
    "compliance_probability": ("compliance probability (target complies)", "tab:green", "s"),
    "sanction_probability": ("sanction probability (imposed on the path)", "tab:red", "^"),
}


def plot_resolve(analyses: Sequence[ResolveAnalysis], ax: Axes | None = None) -> Axes:
    """The PBE of the sanction game with the sender's resolve private, across priors.

    One line per probability in :data:`RESOLVE_LINES`, against the prior ``p`` that the
    sender is resolute (``analysis.resolve``), with the compliance threshold mu*
    (``analysis.threshold``) marked. At mu* the equilibrium changes regime (bluffing below,
    pooling at and above), and the probabilities jump: each line is broken there (a NaN
    between the last prior of one regime and the first of the next), never joined across
    the jump.

    Parameters
    ----------
    analyses : sequence of ResolveAnalysis
        ``analyse_sanction_game(..., resolve=p).incomplete`` for each prior ``p``, solved
        beforehand (the plot solves nothing); any order.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Lines with ``gid`` the attribute names of :data:`RESOLVE_LINES`, and
        ``"threshold"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from fractions import Fraction as F
    >>> from solver import analyse_sanction_game
    >>> kw = dict(gain=10, cost=4, loss_target=6, loss_sender=20, backdown_cost=1,
    ...           discount_sender=F(1, 2), discount_target=F(9, 10))
    >>> runs = [analyse_sanction_game(resolve=F(p, 100), **kw).incomplete
    ...         for p in (10, 50, 90, 96, 99)]
    >>> ax = plot_resolve(runs)
    >>> bluff = next(ln for ln in ax.lines if ln.get_gid() == "bluff_probability")
    >>> [round(float(y), 3) for y in bluff.get_ydata()]   # broken at mu* = 0.952
    [0.006, 0.05, 0.45, nan, 1.0, 1.0]
    """
    func = "plot_resolve()"
    runs = list(analyses)
    if not runs or not all(isinstance(r, ResolveAnalysis) for r in runs):
        raise InputError(f"{func}: analyses must be a non-empty sequence of ResolveAnalysis "
                         "(analyse_sanction_game(..., resolve=p).incomplete)")
    runs.sort(key=lambda r: float(r.resolve))
    (ax,) = _axes_list(ax, 1, (8.5, 4.2), func)
    priors = [float(r.resolve) for r in runs]
    # A break wherever the regime changes between neighbouring priors: the jump at mu*.
    breaks = [i for i in range(1, len(runs)) if runs[i].pooling != runs[i - 1].pooling]
    for attr, (label, colour, marker) in RESOLVE_LINES.items():
        xs: list[float] = []
        ys: list[float] = []
        for i, r in enumerate(runs):
            if i in breaks:
                xs.append(float("nan"))
                ys.append(float("nan"))
            xs.append(priors[i])
            ys.append(float(getattr(r, attr)))
        ax.plot(xs, ys, marker=marker, ms=4, color=colour, label=label, gid=attr)
    thresholds = sorted({float(r.threshold) for r in runs})
    for k, mu in enumerate(thresholds):
        ax.axvline(mu, color="0.4", ls=":", lw=1.2, gid="threshold",
                   label="compliance threshold mu*" if k == 0 else None)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("prior p that the sender is resolute (probability)")
    ax.set_ylabel("probability")
    ax.set_title("Perfect Bayesian equilibrium across priors (one round)", fontsize="medium")
    ax.grid(color="0.9", lw=0.6)
    _legend_beside(ax)
    _literal(ax.figure)
    return ax
