"""The one-shot sanction game (demand, comply or refuse, sanction, concede): trees from
parameters, and their analysis under complete and incomplete information.

This is the one-shot game of ``docs/model.md`` ("The one-shot sanction game"), kept for its
classified Nash equilibria and perfect Bayesian equilibria. The negotiation game's threat
point is not computed here: it is the SPE of the sanction subgame
(:mod:`solver.model.sanction_subgame`).

Three trees are built from plain numbers (exact Fractions when every number is rational):

* :func:`sanction_game_tree`, complete information;
* :func:`resolve_game_tree`, the sender's resolve drawn by chance (two or more types);
* the target's resolve drawn by chance is in :mod:`solver.model.target_resolve`
  (Lacy & Niou 2004).

:func:`analyse_sanction_game` solves them (subgame perfection, classified Nash equilibria
of the reduced normal form, perfect Bayesian equilibria through the engine) and reports the
closed forms of ``docs/model.md`` next to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


from solver._core.tabular import Tabular, one_line
from solver.algorithms.extensive.backward_induction import (
    TIE_TOL,
    SubgamePerfectEquilibria,
    subgame_perfect,
)
from solver.algorithms.extensive.bayesian import (
    PerfectBayesianEquilibrium,
    perfect_bayesian_equilibria,
)
from solver.algorithms.extensive.tree_equilibria import (
    TreeEquilibria,
    TreeEquilibrium,
    tree_equilibria,
)
from solver.model.sanction_tree import (
    _Params,
    checked_params,
    resolve_game_tree,
    sanction_game_tree,
    sanction_subtree,
)
from solver.representations.tree import Chance, GameTree

__all__ = [
    "checked_params",
    "one_row",
    "sanction_subtree",
    "sanction_game_tree",
    "resolve_game_tree",
    "SanctionAnalysis",
    "ResolveAnalysis",
    "analyse_sanction_game",
]


@dataclass(frozen=True, eq=False)
class ResolveAnalysis(Tabular):
    """The perfect Bayesian equilibrium quantities under uncertainty about the sender.

    ``threshold`` is mu* = c / (-V) (``None`` when V = 0); ``pooling`` is p >= mu*;
    ``demand_probability`` maps each type to the probability it demands (for the
    irresolute type this is its bluffing probability, also ``bluff_probability``);
    ``compliance_probability`` is the target's probability of complying at once;
    ``sanction_probability`` the ex-ante probability that a sanction is imposed.
    ``closed_form`` says whether the closed forms of ``docs/model.md`` apply: mu* <= 1, the
    irresolute type backs down and the resolute one sanctions given the target's reply under
    sanctions (against a holdout that is a < L_S; against a concession it is
    (1 - d_S)(-L_S) + d_S q G < -a); otherwise the quantities are read off the first
    equilibrium in ``pbe``.
    ``engine_agrees`` says whether one of the engine's equilibria ``pbe`` gives the
    reported quantities (``None`` when the engine found none).

    Attributes
    ----------
    tree : GameTree
        The game with the sender's type drawn by chance (:func:`resolve_game_tree`).
    resolve : number
        The prior p.
    threshold : number or None
        mu*.
    pooling : bool
        p >= mu*.
    demand_probability : Mapping[str, number]
        Each type's probability of demanding.
    bluff_probability, compliance_probability, sanction_probability : number
        As above.
    closed_form : bool
        Whether the closed forms apply.
    pbe : tuple of PerfectBayesianEquilibrium
        The engine's equilibria (:func:`perfect_bayesian_equilibria`).
    engine_agrees : bool or None
        As above.
    ranges : Mapping[str, (number, number)]
        Each reported quantity's spread over the equilibria found; see ``ambiguous``.

    Examples
    --------
    >>> res = analyse_sanction_game(gain=10, cost=4, loss_target=6, loss_sender=2,
    ...                             backdown_cost=3, discount_sender=Fraction(9, 10),
    ...                             discount_target=Fraction(9, 10), resolve=Fraction(1, 2))
    >>> res.incomplete.threshold, res.incomplete.pooling
    (Fraction(20, 21), False)
    """

    tree: GameTree
    resolve: Any
    threshold: Any
    pooling: bool
    demand_probability: Mapping[str, Any]
    bluff_probability: Any
    compliance_probability: Any
    sanction_probability: Any
    closed_form: bool
    pbe: Sequence[PerfectBayesianEquilibrium]
    engine_agrees: bool | None
    ranges: Mapping[str, tuple[Any, Any]] = field(default_factory=lambda: MappingProxyType({}))

    def __repr__(self) -> str:
        return one_line("ResolveAnalysis", resolve=self.resolve, threshold=self.threshold,
                        pooling=self.pooling, sanction_probability=self.sanction_probability,
                        pbe=len(self.pbe))

    @property
    def ambiguous(self) -> bool:
        """Whether the PBE found disagree on a reported quantity (then ``ranges`` holds the
        spread and the single values are the first equilibrium's)."""
        return any(lo != hi for lo, hi in self.ranges.values())

    def to_frame(self) -> pd.DataFrame:
        """One row: prior, threshold, pooling, each type's demand probability, compliance and
        sanction probabilities."""
        return one_row(self, ("resolve", "threshold", "pooling", "bluff_probability",
                               "compliance_probability", "sanction_probability",
                               "closed_form"),
                        {f"demand_{k}": v for k, v in self.demand_probability.items()})


@dataclass(frozen=True, eq=False)
class SanctionAnalysis(Tabular):
    """What the complete-information sanction game gives (and, with a prior, the PBE).

    Attributes
    ----------
    tree : GameTree
    spe : SubgamePerfectEquilibria
        Every pure SPE (ties give several).
    credible : bool
        In every SPE the sender sanctions after a refusal.
    target_concedes : bool
        In every SPE the target concedes under sanctions.
    target_complies : bool
        In every SPE the target complies at once.
    sender_demands : bool
        In every SPE the sender demands.
    nash : TreeEquilibria
        The reduced normal form's extreme Nash equilibria, each classified as subgame
        perfect or resting on an incredible threat (``nash.incredible``).
    incomplete : ResolveAnalysis or None
        The PBE quantities, when ``resolve`` was given.
    """

    tree: GameTree
    spe: SubgamePerfectEquilibria
    credible: bool
    target_concedes: bool
    target_complies: bool
    sender_demands: bool
    nash: TreeEquilibria
    incomplete: ResolveAnalysis | None

    def __repr__(self) -> str:
        return one_line("SanctionAnalysis", path=self.spe[0].path if self.spe else None,
                        credible=self.credible, target_concedes=self.target_concedes,
                        target_complies=self.target_complies, spe=len(self.spe),
                        nash=len(self.nash.equilibria))

    @property
    def incredible_threats(self) -> tuple[TreeEquilibrium, ...]:
        """The Nash equilibria that rest on an incredible threat."""
        return self.nash.incredible

    def to_frame(self) -> pd.DataFrame:
        """The reduced normal form's equilibria, classified (see ``TreeEquilibria``)."""
        return self.nash.to_frame()


def analyse_sanction_game(
    *, gain: Any, cost: Any, loss_target: Any, loss_sender: Any, backdown_cost: Any,
    discount_sender: Any, discount_target: Any, deliverability: Any = 1,
    resolve: Any = None, tol: float = TIE_TOL,
) -> SanctionAnalysis:
    """Solve the sector sanction game of ``docs/model.md``.

    Parameters
    ----------
    gain, cost, loss_target, loss_sender, backdown_cost : number
        G > 0, c, L_T, L_S, a >= 0 (``curvature`` does not enter: only C(1) = c does).
        Every parameter is keyword-only: the two losses share a type, and swapping them
        would give another game silently.
    discount_sender, discount_target : number
        d_S, d_T in (0, 1), as for a :class:`~solver.model.sector.Sector`.
    deliverability : number
        q in [0, 1].
    resolve : number, optional
        Prior p that the sender is resolute; adds the incomplete-information analysis.
    tol : float
        Float payoffs within ``tol`` count as tied.

    Returns
    -------
    SanctionAnalysis
        The game tree, its SPE, whether the threat is credible and the target concedes or
        complies, every Nash equilibrium of the reduced normal form with the incredible
        threats it rests on, and (with ``resolve``) the :class:`ResolveAnalysis`.

    Examples
    --------
    >>> res = analyse_sanction_game(gain=10, cost=4, loss_target=6, loss_sender=2,
    ...                             backdown_cost=3, discount_sender=Fraction(9, 10),
    ...                             discount_target=Fraction(9, 10))
    >>> res.credible, res.target_concedes, res.target_complies, res.spe[0].path
    (True, True, True, ('Demand', 'Comply'))
    >>> sorted({t.action for e in res.incredible_threats for t in e.threats})
    ['BackDown', 'HoldOut', 'Refuse']
    """
    kw = {"gain": gain, "cost": cost, "loss_target": loss_target, "loss_sender": loss_sender,
          "backdown_cost": backdown_cost, "discount_sender": discount_sender,
          "discount_target": discount_target, "deliverability": deliverability}
    tree = sanction_game_tree(**kw)
    spe = subgame_perfect(tree, tol=tol)

    def always(path: tuple[str, ...], action: str) -> bool:
        return all(e.behaviour[path].get(action, 0) == 1 for e in spe)

    p = checked_params("analyse_sanction_game()", **kw)
    incomplete = None
    if resolve is not None:
        incomplete = _analyse_resolve(p, kw, resolve, tol)
    return SanctionAnalysis(
        tree, spe,
        always(("Demand", "Refuse"), "Sanction"),
        always(("Demand", "Refuse", "Sanction"), "Concede"),
        always(("Demand",), "Comply"),
        always((), "Demand"),
        tree_equilibria(tree, tol=tol), incomplete,
    )


def _analyse_resolve(p: _Params, kw: dict[str, Any], resolve: Any,
                     tol: float) -> ResolveAnalysis:
    """``kw``: the game's parameters by name, as :func:`sanction_game_tree` takes them."""
    tree = resolve_game_tree(resolve=resolve, **kw)
    prior = Fraction(resolve) if p.exact else float(resolve)
    pbe = perfect_bayesian_equilibria(tree, tol=tol) if 0 < prior < 1 else ()
    V = max(-p.LT, (1 - p.dT) * -p.LT - p.dT * p.c)
    mu_star = None if V == 0 else p.c / -V
    qG = p.q * p.G
    concede = (1 - p.dT) * -p.LT - p.dT * p.c > -p.LT
    # The irresolute type (loss L_S) must back down and the resolute one (loss 0) sanction,
    # given the target's reply under sanctions. docs/model.md states "a < L_S", which is
    # the condition against a holdout; against a concession it is W(L_S) < -a.
    def sanction_value(loss: Any) -> Any:
        return (1 - p.dS) * -loss + p.dS * qG if concede else -loss
    closed = bool(mu_star is not None and mu_star <= 1 and 0 < prior < 1
                  and sanction_value(p.LS) < -p.a and sanction_value(0 * p.LS) > -p.a)
    one, zero = prior ** 0, prior * 0
    if closed:
        assert mu_star is not None
        if prior >= mu_star:
            demand = {"resolute": one, "irresolute": one}
            sigma, sanction = one, zero
        else:
            beta = prior * (1 - mu_star) / ((1 - prior) * mu_star)
            sigma = p.a / (qG + p.a)
            demand = {"resolute": one, "irresolute": beta}
            sanction = prior * (1 - sigma)
        quantities: tuple[dict[str, Any], Any, Any] = (demand, sigma, sanction)
        agrees: bool | None = any(_close(_quantities(e, tree), quantities, tol) for e in pbe)
        if not pbe:
            agrees = None
    elif prior in (0, 1):
        # The type is known: the one-type game's SPE give the quantities directly.
        return _known_type(tree, kw, prior, mu_star, tol)
    elif pbe:
        # No closed form to check against: report the first equilibrium, and the spread
        # over all of them in ``ranges``; nothing independent was compared.
        quantities = _quantities(pbe[0], tree)
        agrees = None
    else:
        quantities = ({}, None, None)
        agrees = None
    demand, sigma, sanction = quantities
    spread: dict[str, tuple[Any, Any]] = {}
    if pbe:
        every = [_quantities(e, tree) for e in pbe]
        for name, values in (("bluff_probability", [d.get("irresolute") for d, _, _ in every]),
                             ("compliance_probability", [sg for _, sg, _ in every]),
                             ("sanction_probability", [sa for _, _, sa in every])):
            known = [v for v in values if v is not None]
            if known:
                spread[name] = (min(known), max(known))
    return ResolveAnalysis(
        tree, prior, mu_star, bool(mu_star is not None and prior >= mu_star),
        MappingProxyType(dict(demand)), demand.get("irresolute"), sigma, sanction, closed,
        pbe, agrees, MappingProxyType(spread),
    )


def _known_type(tree: GameTree, kw: dict[str, Any], prior: Any, mu_star: Any,
                tol: float) -> ResolveAnalysis:
    """p = 1 (resolute for sure, loss 0) or p = 0 (irresolute, loss L_S): complete
    information, so the quantities are read off that game's SPE paths."""
    one, zero = prior ** 0, prior * 0
    loss = 0 * kw["loss_sender"] if prior == 1 else kw["loss_sender"]
    spe = subgame_perfect(sanction_game_tree(**{**kw, "loss_sender": loss}), tol=tol)
    rows = [(one if e.path[:1] == ("Demand",) else zero,
             one if e.path[:2] == ("Demand", "Comply") else zero,
             one if "Sanction" in e.path else zero) for e in spe]
    demand, sigma, sanction = rows[0]
    name = "resolute" if prior == 1 else "irresolute"
    spread = {key: (min(r[i] for r in rows), max(r[i] for r in rows))
              for i, key in enumerate(("demand", "compliance_probability",
                                       "sanction_probability"))}
    bluff = None if prior == 1 else demand
    ranges = {k: v for k, v in spread.items() if k != "demand"}
    if prior == 0:
        ranges["bluff_probability"] = spread["demand"]
    return ResolveAnalysis(
        tree, prior, mu_star, bool(mu_star is not None and prior >= mu_star),
        MappingProxyType({name: demand}), bluff, sigma, sanction, False, (), None,
        MappingProxyType(ranges),
    )


def _quantities(e: PerfectBayesianEquilibrium, tree: GameTree) -> tuple[dict[str, Any], Any, Any]:
    root = tree.node(())
    assert isinstance(root, Chance)
    demand = {t: e.probability((t,), "Demand") for t in root.labels}
    first = root.labels[0]
    sigma = e.probability((first, "Demand"), "Comply")
    sanction = sum(pr * demand[t] * (1 - sigma) * e.probability((t, "Demand", "Refuse"),
                                                               "Sanction")
                   for t, pr in root.probabilities.items())
    return demand, sigma, sanction


def _close(x: tuple[dict[str, Any], Any, Any], y: tuple[dict[str, Any], Any, Any],
           tol: float) -> bool:
    tol = max(tol, 1e-9)
    pairs = [(x[0].get(k), v) for k, v in y[0].items()] + [(x[1], y[1]), (x[2], y[2])]
    return all(a is not None and abs(a - b) <= tol for a, b in pairs)


def one_row(obj: Any, names: tuple[str, ...], extra: dict[str, Any]) -> pd.DataFrame:
    """A one-row DataFrame of an analysis: the attributes ``names`` of ``obj``, then
    ``extra``, each as a float (None and booleans kept); the ``to_frame()`` of the
    one-shot analyses.

    Parameters
    ----------
    obj : object
        The analysis whose attributes are read.
    names : tuple of str
        The attribute names, in column order.
    extra : dict
        More columns and their values (None kept, anything else converted to float).

    Returns
    -------
    pandas.DataFrame
        One row, with the columns ``names`` then the keys of ``extra``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> obj = SimpleNamespace(threshold=Fraction(1, 2), pooling=True, bluff=None)
    >>> one_row(obj, ("threshold", "pooling", "bluff"), {"prior": Fraction(1, 4)}).to_dict(
    ...     "records")
    [{'threshold': 0.5, 'pooling': True, 'bluff': None, 'prior': 0.25}]
    """
    import pandas as pd

    row: dict[str, Any] = {}
    for name in names:
        v = getattr(obj, name)
        row[name] = v if v is None or isinstance(v, bool) else float(v)
    row.update({k: None if v is None else float(v) for k, v in extra.items()})
    return pd.DataFrame([row])
