"""The sender's private type in the negotiation game with incomplete information.

Nature draws the sender's type before the talks; the target knows only the prior. A type
changes one number of the sector, the one the sanction subgame turns on
(``docs/model.md``, "Resolve in doubt"):

* ``"resolve"``: the sender's own loss from sanctioning. The **resolute** type (prior
  ``sector.resolve``) loses nothing (L_S = 0); the **irresolute** type loses
  ``sector.loss_sender``. This is the convention of the one-shot resolve game
  (:func:`solver.model.resolve_game_tree`).
* ``"audience"``: the sender's audience cost of backing down. The **resolute** type pays
  ``sector.backdown_cost``; the **irresolute** type pays none, so it backs down whenever
  sanctioning costs it anything.

Each type's threat point is the SPE of its own sanction subgame
(:mod:`solver.model.sanction_subgame`): the subgame is a game of complete information once
the breakdown has happened, because the sender moves first in it and the target's payoffs
under sanctions do not depend on the sender's type.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver._core.errors import InputError
from solver.model.protocol import TYPES
from solver.model.sector import Sector

__all__ = ["SenderType", "sender_types"]


@dataclass(frozen=True)
class SenderType:
    """One type of sender: its name, its prior probability, and its sector.

    Attributes
    ----------
    name : str
        ``"resolute"`` or ``"irresolute"``.
    prior : float
        The target's prior probability of this type.
    sector : Sector
        The sector as this type sees it (its own sanction loss or audience cost).

    Examples
    --------
    >>> t = sender_types(Sector("s", gain=1.0, cost=0.5, resolve=0.25), "resolve")[0]
    >>> t.name, t.prior
    ('resolute', 0.25)
    """

    name: str
    prior: float
    sector: Sector


def sender_types(sector: Sector, kind: str) -> tuple[SenderType, SenderType]:
    """The two types of ``kind`` for ``sector``: (resolute, irresolute).

    Parameters
    ----------
    sector : Sector
        The sector; ``sector.resolve`` is the prior on the resolute type.
    kind : str
        ``"resolve"`` or ``"audience"`` (the module docstring says how the types differ).

    Returns
    -------
    (SenderType, SenderType)
        The resolute type (prior ``sector.resolve``) and the irresolute one.

    Raises
    ------
    ValueError
        If ``kind`` is unknown.

    Examples
    --------
    >>> s = Sector("autos", gain=1.0, cost=0.5, loss_sender=0.3, backdown_cost=0.2,
    ...            resolve=0.25)
    >>> [(t.name, t.prior, t.sector.loss_sender) for t in sender_types(s, "resolve")]
    [('resolute', 0.25, 0.0), ('irresolute', 0.75, 0.3)]
    >>> [(t.name, t.sector.backdown_cost) for t in sender_types(s, "audience")]
    [('resolute', 0.2), ('irresolute', 0.0)]
    """
    if kind == "resolve":
        strong = sector.with_values(loss_sender=0.0)
        weak = sector
    elif kind == "audience":
        strong = sector
        weak = sector.with_values(backdown_cost=0.0)
    else:
        raise InputError(f"sender_types(): kind must be one of {list(TYPES)}, got {kind!r}")
    p = float(sector.resolve)
    return SenderType("resolute", p, strong), SenderType("irresolute", 1.0 - p, weak)
