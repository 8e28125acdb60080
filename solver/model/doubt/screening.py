"""A known case of the game with the sender's resolve in doubt, in closed form: two types,
two rounds, the uninformed target making both offers (screening).

It is the finite-horizon screening problem of Fudenberg & Tirole (1983, *Rev. Econ. Stud.*
50(2), "Sequential bargaining with incomplete information", sec. 3) and Sobel & Takahashi
(1983), in this model's payoffs; :func:`solver.model.doubt.resolve_game.solve_sector_types` must
reproduce it (``tests/model/doubt/test_resolve_known_cases.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ScreeningForm", "two_round_screening"]


@dataclass(frozen=True)
class ScreeningForm:
    """The closed form's outcome: which regime, the target's value, and the probabilities
    of a deal in each round and of a sanction.

    Attributes
    ----------
    regime : str
        ``"pay both now"``, ``"pay both later"``, ``"pay L now, H later"`` or ``"screen"``.
    target_value : float
        The target's value of its best plan.
    deal_round0, deal_round1 : float
        The probability of a deal in round 0 and in round 1.
    sanction : float
        The probability of a sanction at the deadline.
    threshold : float
        mu1, the belief above which the round-1 offer pays every type.

    Examples
    --------
    See :func:`two_round_screening`.
    """

    regime: str
    target_value: float
    deal_round0: float
    deal_round1: float
    sanction: float
    threshold: float


def two_round_screening(*, v: float, c: float, theta_h: tuple[float, float], backdown: float,
                        prior: float, d_sender: float, d_target: float) -> ScreeningForm:
    """The target's best screening plan over two rounds, in closed form.

    Setting: curvature 1, no breakdown before the deadline (``breakdown = 0``), the target
    proposes in both rounds. Type ``H`` (prior ``prior``) sanctions at the deadline, with
    threat point ``theta_h = (t_S, t_T)``, ``t_S > 0 > t_T``; type ``L`` backs down there
    (threat point ``(-a, 0)``).

    **Round 1 (the last).** At belief ``mu`` the target either offers ``y1 = t_S / v``,
    which both types accept, worth ``-c t_S / v`` to it; or offers nothing ``H`` accepts
    (``L`` accepts ``0`` rather than back down), worth ``mu t_T``. It pays every type iff
    ``mu >= mu1 = c t_S / (v (-t_T))``. The values are ``(T1, U1, W1) = (mu t_T, t_S, 0)``
    below ``mu1`` and ``(-c t_S / v, t_S, t_S)`` above it. ``H`` gets ``t_S`` either way.

    **Round 0.** After a rejection the continuation at posterior ``mu'`` is
    ``(d_T T1(mu'), d_S t_S, d_S W1(mu'))``. For ``prior < mu1`` the target has three
    plans, each at most one offer per round:

    * *pay both now*: ``y0 = d_S t_S / v``, both accept: ``A = -c d_S t_S / v``;
    * *pay L now, H later*: ``L`` accepts ``y0 = d_S t_S / v`` (its continuation if it
      rejected and were then taken for ``H``), ``H`` rejects and is paid ``y1 = t_S / v``
      in round 1: ``B = -(c t_S / v) ((1 - prior) d_S + prior d_T)``;
    * *screen, never pay H*: ``L``'s continuation below ``mu1`` is 0, so it accepts 0 (now
      or in round 1: the same to everyone), ``H`` holds out and is sanctioned at the
      deadline: ``S = prior d_T t_T``.

    Any posterior between ``prior`` and ``mu1`` gives ``S`` again, and one above ``mu1``
    costs as much as ``B`` or more, so the target's value is ``max(A, B, S)``. Under ``A``
    every type deals in round 0; under ``B`` ``L`` deals in round 0 and ``H`` in round 1;
    under ``S`` nobody deals (``L`` settles for nothing) and ``H`` is sanctioned with
    probability ``prior``. For ``prior >= mu1`` the round-1 offer pays both types and the
    target compares ``A`` with waiting: ``d_T (-c t_S / v)``, which is better when
    ``d_T < d_S`` (a deal in round 1, probability 1) and otherwise ``A``.

    Parameters
    ----------
    v, c : float
        The sender's value q G and the target's cost (curvature 1).
    theta_h : (float, float)
        Type ``H``'s threat point ``(t_S, t_T)``, ``t_S > 0 > t_T``.
    backdown : float
        a, type ``L``'s audience cost (its threat point is ``(-a, 0)``).
    prior : float
        The prior probability of ``H``.
    d_sender, d_target : float
        The discount factors.

    Returns
    -------
    ScreeningForm
        The target's best plan and its probabilities.

    Examples
    --------
    mu1 = c t_S / (v (-t_T)) = 0.2 > prior, and screening (S = -0.05) beats paying both
    now (A = -0.18) and paying L now, H later (B = -0.172):

    >>> f = two_round_screening(v=1.0, c=0.4, theta_h=(0.5, -1.0), backdown=0.3, prior=0.1,
    ...                         d_sender=0.9, d_target=0.5)
    >>> f.regime, f.threshold, f.target_value, f.sanction
    ('screen', 0.2, -0.05, 0.1)
    """
    t_s, t_t = theta_h
    mu1 = c * t_s / (v * -t_t)
    pay_h = c * t_s / v
    if prior >= mu1:
        a, wait = -d_sender * pay_h, -d_target * pay_h
        if a >= wait:
            return ScreeningForm("pay both now", a, 1.0, 0.0, 0.0, mu1)
        return ScreeningForm("pay both later", wait, 0.0, 1.0, 0.0, mu1)
    plans = {
        "pay both now": (-d_sender * pay_h, 1.0, 0.0, 0.0),
        "pay L now, H later": (-pay_h * ((1 - prior) * d_sender + prior * d_target),
                               1 - prior, prior, 0.0),
        "screen": (prior * d_target * t_t, 0.0, 0.0, prior),
    }
    name = max(plans, key=lambda k: plans[k][0])
    value, d0, d1, sanction = plans[name]
    return ScreeningForm(name, value, d0, d1, sanction, mu1)
