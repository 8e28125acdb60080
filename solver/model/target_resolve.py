"""The one-shot sanction game with the *target's* resolve drawn by chance, after Lacy & Niou
(2004, *J. Politics* 66(1)): a sender that cannot tell a resolute target from an irresolute
one sanctions after a refusal only sometimes, and the sanctions it imposes fall
disproportionately on resolute targets, who hold out (the selection effect).

The tree is built from :mod:`solver.model.sanction_game`'s sanction subtree, and solved by the
PBE engine; the closed forms of ``docs/model.md`` are reported beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


from solver._core.tabular import Tabular, one_line
from solver._core.validation import OPEN_UNIT, check_in, nonnegative
from solver.algorithms.extensive.backward_induction import TIE_TOL
from solver.algorithms.extensive.bayesian import (
    PerfectBayesianEquilibria,
    perfect_bayesian_equilibria,
)
from solver.model.sanction_game import one_row
from solver.model.sanction_tree import SENDER, TARGET, checked_params, sanction_subtree
from solver.representations.tree import Chance, Decision, GameTree, Outcome

__all__ = ["TargetResolveAnalysis", "analyse_target_resolve", "target_resolve_tree"]


def target_resolve_tree(
    *, gain: Any, cost: Any, loss_target: Any, loss_sender: Any, backdown_cost: Any,
    resolve_target: Any, loss_target_resolute: Any,
    discount_sender: Any, discount_target: Any, deliverability: Any = 1,
) -> GameTree:
    """The sanction game with the *target's* resolve drawn by chance (Lacy & Niou 2004).

    Type ``'resolute'`` (prior ``resolve_target``) loses ``loss_target_resolute`` under
    sanctions, type ``'irresolute'`` loses ``loss_target``. The sender sees neither: its
    information sets are ``'Sender:Demand'`` and ``'Sender:Refused'``.

    Parameters
    ----------
    gain, cost, loss_target, loss_sender, backdown_cost : number
        G, c, L_T, L_S, a of ``docs/model.md`` (rational numbers give an exact tree).
    discount_sender, discount_target : number
        d_S, d_T in [0, 1].
    deliverability : number, optional
        q in [0, 1].
    resolve_target : number
        Prior that the target is resolute.
    loss_target_resolute : number
        The resolute target's loss under sanctions.

    Returns
    -------
    GameTree
        Chance draws the target's type at the root; players ``('Sender', 'Target')``.

    Examples
    --------
    >>> t = target_resolve_tree(gain=10, cost=4, loss_target=6, loss_sender=8, backdown_cost=2,
    ...     resolve_target=Fraction(1, 5), loss_target_resolute=1,
    ...     discount_sender=Fraction(1, 2), discount_target=Fraction(1, 2))
    >>> [h.name for h in t.infosets if h.player == "Sender"]
    ['Sender:Demand', 'Sender:Refused']
    """
    func = "target_resolve_tree()"
    r = check_in(func, "resolve_target", resolve_target, OPEN_UNIT)
    nonnegative(func, "loss_target_resolute", loss_target_resolute)
    p = checked_params(func, gain=gain, cost=cost, loss_target=loss_target,
                       loss_sender=loss_sender, backdown_cost=backdown_cost,
                       deliverability=deliverability, discount_sender=discount_sender,
                       discount_target=discount_target, extra=(r, loss_target_resolute))
    conv: Callable[[Any], Any] = Fraction if p.exact else float
    branches = []
    for name, prior, loss in (("resolute", conv(r), conv(loss_target_resolute)),
                              ("irresolute", 1 - conv(r), p.LT)):
        sub = Decision(SENDER, {
            "NoDemand": Outcome((0 * p.G, 0 * p.G)),
            "Demand": sanction_subtree(p, loss_sender=p.LS, loss_target=loss,
                                       sender_infoset="Sender:Refused"),
        }, "Sender:Demand")
        branches.append((name, (sub, prior)))
    return GameTree(Chance(branches), players=(SENDER, TARGET))


@dataclass(frozen=True, eq=False)
class TargetResolveAnalysis(Tabular):
    """Lacy & Niou (2004) style: the sender is unsure whether the target will hold out.

    Closed forms (when the sender would sanction a known irresolute target but not a known
    resolute one, and the irresolute target concedes under sanctions while the resolute
    one holds out): after a refusal the sender's belief that the target is resolute is
    rho* = (W + a) / (W + L_S), W the sender's payoff when the target concedes under
    sanctions; the sender sanctions with probability s* = c / (-V_I); the irresolute
    target refuses with probability gamma = r (1 - rho*) / ((1 - r) rho*) when r < rho*.
    An imposed sanction fails with probability rho* > r: the selection effect.

    Attributes
    ----------
    tree : GameTree
        The game with the target's type drawn by chance (:func:`target_resolve_tree`).
    resolve_target : number
        The prior r that the target is resolute.
    closed_form : bool
        Whether the closed forms above apply (else the quantities are read off ``pbe``).
    refusal_belief : number
        rho*, the sender's belief after a refusal that the target is resolute.
    sanction_probability_after_refusal : number
        s*.
    irresolute_refusal_probability : number
        gamma.
    demand_probability, sanction_probability : number
        The probability the sender demands, and the ex-ante probability of a sanction.
    failure_probability : number or None
        The probability an imposed sanction fails (``None`` when none is imposed).
    pbe : tuple of PerfectBayesianEquilibrium
        The engine's equilibria.

    Examples
    --------
    See :func:`analyse_target_resolve`.
    """

    tree: GameTree
    resolve_target: Any
    closed_form: bool
    refusal_belief: Any
    sanction_probability_after_refusal: Any
    irresolute_refusal_probability: Any
    demand_probability: Any
    sanction_probability: Any
    failure_probability: Any
    pbe: PerfectBayesianEquilibria

    def __repr__(self) -> str:
        return one_line("TargetResolveAnalysis", resolve_target=self.resolve_target,
                        failure_probability=self.failure_probability,
                        sanction_probability=self.sanction_probability, pbe=len(self.pbe))

    def to_frame(self) -> pd.DataFrame:
        """One row of the target-resolve quantities (the selection effect)."""
        return one_row(self, ("resolve_target", "refusal_belief",
                               "sanction_probability_after_refusal",
                               "irresolute_refusal_probability", "demand_probability",
                               "sanction_probability", "failure_probability", "closed_form"), {})


def analyse_target_resolve(
    *, gain: Any, cost: Any, loss_target: Any, loss_sender: Any, backdown_cost: Any,
    resolve_target: Any, loss_target_resolute: Any,
    discount_sender: Any, discount_target: Any, deliverability: Any = 1, tol: float = TIE_TOL,
) -> TargetResolveAnalysis:
    """The selection effect: imposed sanctions fall on targets that hold out.

    ``failure_probability`` is the probability that an imposed sanction fails (the target
    holds out), ``None`` when no sanction is ever imposed.

    Parameters
    ----------
    gain, cost, loss_target, loss_sender, backdown_cost : number
        G, c, L_T, L_S, a of ``docs/model.md`` (rational numbers give an exact tree).
    discount_sender, discount_target : number
        d_S, d_T in [0, 1].
    deliverability : number, optional
        q in [0, 1].
    resolve_target : number
        Prior r that the target is resolute.
    loss_target_resolute : number
        The resolute target's loss under sanctions (the irresolute one's is
        ``loss_target``).
    tol : float, optional
        Float payoffs within ``tol`` count as tied.

    Returns
    -------
    TargetResolveAnalysis
        The closed-form quantities (or those of the first PBE) and the engine's PBE.

    Examples
    --------
    >>> res = analyse_target_resolve(gain=10, cost=4, loss_target=6, loss_sender=8,
    ...     backdown_cost=2, resolve_target=Fraction(1, 5), loss_target_resolute=1,
    ...     discount_sender=Fraction(1, 2), discount_target=Fraction(1, 2))
    >>> res.failure_probability, res.failure_probability > res.resolve_target
    (Fraction(1, 3), True)
    """
    kw = {"gain": gain, "cost": cost, "loss_target": loss_target, "loss_sender": loss_sender,
          "backdown_cost": backdown_cost, "deliverability": deliverability,
          "discount_sender": discount_sender, "discount_target": discount_target}
    tree = target_resolve_tree(resolve_target=resolve_target,
                               loss_target_resolute=loss_target_resolute, **kw)
    p = checked_params("analyse_target_resolve()", extra=(resolve_target, loss_target_resolute),
                       **kw)
    conv: Callable[[Any], Any] = Fraction if p.exact else float
    r, LR = conv(resolve_target), conv(loss_target_resolute)
    pbe = perfect_bayesian_equilibria(tree, tol=tol)
    W = (1 - p.dS) * -p.LS + p.dS * p.q * p.G
    VI = (1 - p.dT) * -p.LT - p.dT * p.c
    qG = p.q * p.G
    closed = bool(-p.a < W and p.a < p.LS and p.c < p.LT and p.c > LR and VI < 0)
    if not closed:
        return TargetResolveAnalysis(tree, r, False, None, None, None, None, None, None, pbe)
    rho = (W + p.a) / (W + p.LS)
    s_star = p.c / -VI
    if r >= rho or r > rho * qG / (qG + p.a):
        # No demand: a refusal is off the path. Its belief must make backing down a best
        # reply, so it is at least rho: the prior when r >= rho, else rho itself (at a belief
        # of r < rho the sender would sanction, and the irresolute target would not refuse).
        one = r ** 0
        belief = r if r >= rho else rho
        return TargetResolveAnalysis(tree, r, True, belief, 0 * r, one, 0 * r, 0 * r, None,
                                     pbe)
    gamma = r * (1 - rho) / ((1 - r) * rho)
    refused = r / rho
    return TargetResolveAnalysis(
        tree, r, True, rho, s_star, gamma, r ** 0, refused * s_star, rho, pbe,
    )
