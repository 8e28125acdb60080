"""The bargaining protocol: who proposes, how often, the breakdown risk and the deadline.

The protocol is half of the game (``docs/model.md``, "The negotiation game"): together with
the sectors' parameters it fixes the extensive form that :func:`solver.solve_sector` and
:func:`solver.solve_talks` solve. Bargaining power comes from here: the discount factors
(the sectors' ``discount``), the breakdown risk, and who proposes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from solver._core.errors import InputError

__all__ = ["PLAYERS", "RETALIATION", "TYPES", "Protocol"]

PLAYERS = ("sender", "target")
#: Which sanctions can back a bundle: each sector's own, or every sector's in the bundle.
RETALIATION = ("own", "cross")
#: What the sender's private type can be (``None``: complete information); see
#: :mod:`solver.model.doubt.sender_types`.
TYPES = ("resolve", "audience")
_TYPE_WORDS = {"resolve": "sanction loss", "audience": "audience cost"}
#: Largest finite deadline accepted (rounds); beyond it use ``rounds=None``.
MAX_ROUNDS = 10_000


@dataclass(frozen=True)
class Protocol:
    """How the talks run.

    Attributes
    ----------
    rounds : int or None
        The deadline: after the last rejection in round ``rounds - 1`` every open sector goes
        to its sanction subgame. ``None`` means no deadline.
    breakdown : float in [0, 1)
        Probability that the talks break down after a rejection (every open sector then goes
        to its sanction subgame).
    first : "sender" or "target"
        Who proposes in round 0.
    alternate : bool
        Whether the proposer alternates (Rubinstein 1982) or ``first`` proposes every round.
    setter : "sender" or "target"
        Who sets the agenda when the agenda is free.
    retaliation : "own" or "cross"
        Whether a bundle is backed only by each sector's own sanction (``"own"``) or by the
        pooled sanctions of every sector in it (``"cross"``, e.g. luxury-car tariffs for
        auto parts). Credibility decides whether a pooled threat is carried out.
    types : None, "resolve" or "audience"
        ``None``: complete information. Otherwise nature draws the sender's type, which the
        target does not see: its own loss from sanctioning (``"resolve"``) or its audience
        cost of backing down (``"audience"``), with the sector's ``resolve`` as the prior
        (``docs/model.md``, "Resolve in doubt"). The game is then solved for its perfect
        Bayesian equilibrium.

    Examples
    --------
    >>> p = Protocol(rounds=8, breakdown=0.05, first="sender")
    >>> p.proposer(0), p.proposer(1)
    ('sender', 'target')
    >>> p.with_values(alternate=False).proposer(1)
    'sender'
    """

    rounds: int | None = 8
    breakdown: float = 0.05
    first: str = "sender"
    alternate: bool = True
    setter: str = "sender"
    retaliation: str = "own"
    types: str | None = None

    def __post_init__(self) -> None:
        func = "Protocol()"
        r = self.rounds
        if r is not None and (isinstance(r, bool) or not isinstance(r, int)
                              or not 1 <= r <= MAX_ROUNDS):
            raise InputError(f"{func}: rounds must be an integer in [1, {MAX_ROUNDS}] or None "
                             f"(no deadline), got {r!r}")
        p = self.breakdown
        # The range first: math.isfinite overflows on an int too large for a float.
        if isinstance(p, bool) or not isinstance(p, int | float) or not (
            0 <= p < 1
        ) or not math.isfinite(p):
            raise InputError(f"{func}: breakdown must be a probability in [0, 1), got {p!r}")
        for name in ("first", "setter"):
            if getattr(self, name) not in PLAYERS:
                raise InputError(f"{func}: {name} must be 'sender' or 'target', got "
                                 f"{getattr(self, name)!r}")
        if not isinstance(self.alternate, bool):
            raise InputError(f"{func}: alternate must be True or False, got {self.alternate!r}")
        if self.retaliation not in RETALIATION:
            raise InputError(f"{func}: retaliation must be 'own' or 'cross', got "
                             f"{self.retaliation!r}")
        if self.types is not None and self.types not in TYPES:
            raise InputError(f"{func}: types must be None, 'resolve' or 'audience', got "
                             f"{self.types!r}")
        if self.types is not None and r is None:
            raise InputError(f"{func}: types (incomplete information) need a deadline: set "
                             f"rounds")
        object.__setattr__(self, "breakdown", float(p))

    def proposer(self, t: int) -> str:
        """Who proposes in round ``t`` (0-based)."""
        if not self.alternate or t % 2 == 0:
            return self.first
        return "target" if self.first == "sender" else "sender"

    def with_values(self, **changes: Any) -> Protocol:
        """A copy with some settings changed (validated again)."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise InputError(f"Protocol.with_values(): unknown setting(s) {sorted(unknown)}")
        return replace(self, **changes)

    def describe(self) -> str:
        """One line for a table footnote."""
        deadline = ("no deadline" if self.rounds is None else
                    f"deadline after {self.rounds} round{'s' if self.rounds != 1 else ''}")
        who = f"{self.first} proposes first" + (", proposers alternate" if self.alternate
                                                 else ", every round")
        return (f"alternating offers: {who}; breakdown risk {self.breakdown:g} a round; "
                f"{deadline}; agenda set by the {self.setter}; {self.retaliation} sanctions "
                f"back a bundle"
                + ("" if self.types is None else
                   f"; the sender's {_TYPE_WORDS[self.types]} is private (perfect Bayesian "
                   f"equilibrium)"))
