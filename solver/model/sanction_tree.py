"""The one-shot sanction game as a tree: the sender demands, the target complies or refuses,
then the sanction subgame; with the sender's resolve in doubt, nature draws its type first.

The parameters are checked once (:func:`checked_params`) and the sanction subgame is built
once (:func:`sanction_subtree`), for this game and the target-resolve game alike. The
analysis of these trees is :mod:`solver.model.sanction_game`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


from solver._core.errors import InputError
from solver._core.validation import check_in, nonnegative, probability
from solver.model.sector import BY_ATTR
from solver.representations.tree import Chance, Decision, GameTree, Node, Outcome

__all__ = [
    "SENDER",
    "TARGET",
    "checked_params",
    "resolve_game_tree",
    "sanction_game_tree",
    "sanction_subtree",
]

SENDER, TARGET = "Sender", "Target"


@dataclass(frozen=True)
class _Params:
    G: Any
    c: Any
    LT: Any
    LS: Any
    a: Any
    q: Any
    dS: Any
    dT: Any
    exact: bool


#: The parameters of the one-shot game, in the order of its docstrings.
PARAMS = ("gain", "cost", "loss_target", "loss_sender", "backdown_cost", "deliverability",
          "discount_sender", "discount_target")


def checked_params(func: str, *, gain: Any, cost: Any, loss_target: Any, loss_sender: Any,
                   backdown_cost: Any, deliverability: Any, discount_sender: Any,
                   discount_target: Any, extra: tuple[Any, ...] = ()) -> _Params:
    """The parameters checked against the sector's rules (:data:`solver.model.sector.FIELDS`:
    the one-shot game is a sector's game), exact Fractions when every number (``extra``
    included) is rational, floats otherwise.

    Parameters
    ----------
    func : str
        The caller's name, e.g. ``"sanction_game_tree()"``, for the error messages.
    gain, cost, loss_target, loss_sender, backdown_cost : number
        G, c, L_T, L_S, a of ``docs/model.md``.
    deliverability : number
        q in [0, 1].
    discount_sender, discount_target : number
        d_S, d_T.
    extra : tuple, optional
        Other numbers of the caller (e.g. a prior) that must also be rational for the exact
        conversion; they are not checked.

    Returns
    -------
    _Params
        The parameters as fields ``G, c, LT, LS, a, q, dS, dT`` (all Fractions or all floats)
        and ``exact``, True for Fractions.

    Raises
    ------
    InputError
        If a parameter is not a number or is outside its range.

    Examples
    --------
    >>> p = checked_params("f()", gain=10, cost=4, loss_target=6, loss_sender=2,
    ...                    backdown_cost=3, deliverability=1, discount_sender=Fraction(9, 10),
    ...                    discount_target=Fraction(9, 10))
    >>> p.exact, p.G, p.dS
    (True, Fraction(10, 1), Fraction(9, 10))
    >>> checked_params("f()", gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=3,
    ...                deliverability=1, discount_sender=0.9, discount_target=0.9).G
    10.0
    >>> checked_params("f()", gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=3,
    ...                deliverability=2, discount_sender=0.9, discount_target=0.9)
    Traceback (most recent call last):
    ...
    solver.errors.InputError: f(): deliverability must be in [0, 1], got 2
    """
    named = {"gain": gain, "cost": cost, "loss_target": loss_target,
             "loss_sender": loss_sender, "backdown_cost": backdown_cost,
             "deliverability": deliverability, "discount_sender": discount_sender,
             "discount_target": discount_target}
    for name, v in named.items():
        check_in(func, name, v, BY_ATTR[name].interval)
    exact = all(isinstance(v, Rational) for v in (*named.values(), *extra))
    conv: Callable[[Any], Any] = Fraction if exact else float
    G, c, LT, LS, a, q, dS, dT = (conv(named[k]) for k in PARAMS)
    return _Params(G, c, LT, LS, a, q, dS, dT, exact)


def sanction_subtree(p: _Params, *, loss_sender: Any, loss_target: Any,
                     target_infosets: tuple[str | None, str | None] = (None, None),
                     sender_infoset: str | None = None) -> Node:
    """The subtree after a demand (Comply/Refuse, Sanction/BackDown, Concede/HoldOut), with
    the given sanction losses in place of ``p``'s.

    Parameters
    ----------
    p : _Params
        The game's parameters, from :func:`checked_params`.
    loss_sender : number
        The sender's loss L_S under sanctions used in this subtree.
    loss_target : number
        The target's loss L_T under sanctions used in this subtree.
    target_infosets : tuple of (str or None, str or None), optional
        The information sets of the target's Comply/Refuse and Concede/HoldOut decisions (None:
        a singleton).
    sender_infoset : str or None, optional
        The information set of the sender's Sanction/BackDown decision.

    Returns
    -------
    Node
        The target's Comply/Refuse decision at the subtree's root; payoffs ``(sender,
        target)``: Comply ``(q G, -c)``, BackDown ``(-a, 0)``, HoldOut ``(-L_S, -L_T)`` and
        Concede ``((1-d_S)(-L_S) + d_S q G, (1-d_T)(-L_T) - d_T c)``.

    Examples
    --------
    >>> p = checked_params("f()", gain=10, cost=4, loss_target=6, loss_sender=2,
    ...                    backdown_cost=3, deliverability=1, discount_sender=Fraction(9, 10),
    ...                    discount_target=Fraction(9, 10))
    >>> t = GameTree(sanction_subtree(p, loss_sender=1, loss_target=6),
    ...              players=("Sender", "Target"))
    >>> t.node(("Refuse", "Sanction", "HoldOut")).payoffs
    (-1, -6)
    >>> t.node(("Comply",)).payoffs
    (Fraction(10, 1), Fraction(-4, 1))
    """
    qG = p.q * p.G
    concede = Outcome(((1 - p.dS) * -loss_sender + p.dS * qG,
                       (1 - p.dT) * -loss_target - p.dT * p.c))
    holdout = Outcome((-loss_sender, -loss_target))
    under = Decision(TARGET, [("Concede", concede), ("HoldOut", holdout)], target_infosets[1])
    refused = Decision(SENDER, [("Sanction", under), ("BackDown", Outcome((-p.a, 0 * p.a)))],
                       sender_infoset)
    return Decision(TARGET, [("Comply", Outcome((qG, -p.c))), ("Refuse", refused)],
                    target_infosets[0])


def sanction_game_tree(
    *, gain: Any, cost: Any, loss_target: Any, loss_sender: Any, backdown_cost: Any,
    discount_sender: Any, discount_target: Any, deliverability: Any = 1,
) -> GameTree:
    """The complete-information sanction game of ``docs/model.md``.

    Players ``('Sender', 'Target')``; actions NoDemand/Demand, Comply/Refuse,
    Sanction/BackDown, Concede/HoldOut. Exact when every number is rational.

    Parameters
    ----------
    gain, cost, loss_target, loss_sender, backdown_cost : number
        G, c, L_T, L_S, a of ``docs/model.md`` (rational numbers give an exact tree).
    discount_sender, discount_target : number
        d_S, d_T in [0, 1].
    deliverability : number, optional
        q in [0, 1].

    Returns
    -------
    GameTree
        The tree, payoffs as in ``docs/model.md``.

    Examples
    --------
    >>> t = sanction_game_tree(gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=3,
    ...                        discount_sender=Fraction(9, 10), discount_target=Fraction(9, 10))
    >>> t.node(("Demand", "Refuse", "Sanction", "Concede")).payoffs
    (Fraction(44, 5), Fraction(-21, 5))
    """
    p = checked_params("sanction_game_tree()", gain=gain, cost=cost, loss_target=loss_target,
                       loss_sender=loss_sender, backdown_cost=backdown_cost,
                       deliverability=deliverability, discount_sender=discount_sender,
                       discount_target=discount_target)
    return GameTree(Decision(SENDER, {
        "NoDemand": Outcome((0 * p.G, 0 * p.G)),
        "Demand": sanction_subtree(p, loss_sender=p.LS, loss_target=p.LT),
    }), players=(SENDER, TARGET))


def resolve_game_tree(
    *, gain: Any, cost: Any, loss_target: Any, loss_sender: Any, backdown_cost: Any,
    resolve: Any = None, types: Mapping[str, tuple[Any, Any]] | None = None,
    discount_sender: Any, discount_target: Any, deliverability: Any = 1,
) -> GameTree:
    """The sanction game with the sender's resolve drawn by chance.

    With ``resolve=p``: type ``'resolute'`` (prior p, own sanction loss 0) and
    ``'irresolute'`` (prior 1 - p, loss ``loss_sender``). Or ``types`` maps each type's
    name to ``(prior, own sanction loss)``. The target sees the demand and the sanction,
    not the type: its information sets are ``'Target:Demand'`` and ``'Target:Sanction'``.
    A prior of 0 or 1 leaves the other type out.

    Parameters
    ----------
    gain, cost, loss_target, loss_sender, backdown_cost : number
        G, c, L_T, L_S, a of ``docs/model.md`` (rational numbers give an exact tree).
    discount_sender, discount_target : number
        d_S, d_T in [0, 1].
    deliverability : number, optional
        q in [0, 1].
    resolve : number, optional
        Prior p that the sender is resolute (give this or ``types``).
    types : mapping of str to (prior, loss), optional
        Each type's prior and own sanction loss, instead of ``resolve``.

    Returns
    -------
    GameTree
        Chance draws the type at the root; players ``('Sender', 'Target')``.

    Examples
    --------
    >>> t = resolve_game_tree(gain=10, cost=4, loss_target=6, loss_sender=2, backdown_cost=1,
    ...                       resolve=Fraction(1, 4), discount_sender=Fraction(9, 10),
    ...                       discount_target=Fraction(1, 2))
    >>> [h.name for h in t.infosets if h.player == "Target"]
    ['Target:Demand', 'Target:Sanction']
    """
    func = "resolve_game_tree()"
    if (resolve is None) == (types is None):
        raise InputError(f"{func}: give exactly one of resolve= and types=")
    if types is None:
        probability(func, "resolve", resolve)
        types = {"resolute": (resolve, 0 * loss_sender),
                 "irresolute": (1 - resolve, loss_sender)}
    values = tuple(v for pr in types.values() for v in pr)
    p = checked_params(func, gain=gain, cost=cost, loss_target=loss_target,
                       loss_sender=loss_sender, backdown_cost=backdown_cost,
                       deliverability=deliverability, discount_sender=discount_sender,
                       discount_target=discount_target, extra=values)
    conv: Callable[[Any], Any] = Fraction if p.exact else float
    branches = []
    for name, (prior, loss) in types.items():
        nonnegative(func, f"type {name!r} sanction loss", loss)
        if prior == 0:
            continue
        sub = Decision(SENDER, {
            "NoDemand": Outcome((0 * p.G, 0 * p.G)),
            "Demand": sanction_subtree(p, loss_sender=conv(loss), loss_target=p.LT,
                                       target_infosets=("Target:Demand", "Target:Sanction")),
        })
        branches.append((name, (sub, conv(prior))))
    if len(branches) == 1:
        return GameTree(branches[0][1][0], players=(SENDER, TARGET))
    return GameTree(Chance(branches), players=(SENDER, TARGET))
