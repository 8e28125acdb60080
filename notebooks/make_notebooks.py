"""Write the notebooks of this directory from the cell sources below, clean (no outputs).

Run ``python notebooks/make_notebooks.py`` after editing a notebook's cells here; the tests
(``tests/test_notebooks.py``) execute every notebook and check that each is committed clean.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"))


def code(text: str) -> nbformat.NotebookNode:
    return new_code_cell(text.strip("\n"))


QUICKSTART = [
    md("""
# Quickstart: one sector, from parameters to its equilibrium

This notebook takes one sector of a trade negotiation from its parameters to the
subgame-perfect equilibrium (SPE) of its negotiation game, the threat point that game is
played against, the axiomatic bargaining solutions as lenses, and two pictures. The game is
specified in [`docs/model.md`](../docs/model.md); the tutorial
[`docs/tutorial.md`](../docs/tutorial.md) walks through the same steps.

A **sector** is a two-player game between a **sender**, who demands market opening and
holds a sanction threat, and a **target**. Its parameters are flows in $B a year, or
probabilities and discount factors.
"""),
    code("""
%matplotlib inline
from solver import (
    analyse_negotiation,
    Protocol,
    Scenario,
    Sector,
    solve_sector,
    subgame_perfect,
)
from solver.presentation.plots import plot_frontier, plot_game_tree

sector = Sector(
    "telecom",
    gain=4.05,            # G: the sender's value of full opening ($B/yr)
    cost=1.62,            # c: the target's cost of full opening ($B/yr)
    curvature=1.0,        # k: C(x) = c x**k
    deliverability=0.9,   # q: chance an agreed opening is delivered
    loss_target=0.3,      # L_T: the target's loss under the sanction ($B/yr)
    loss_sender=0.05,     # L_S: the sender's own loss from sanctioning ($B/yr)
    backdown_cost=0.3,    # a: the sender's audience cost of backing down ($B/yr)
    discount_sender=0.9,  # per-round discount factors
    discount_target=0.75,
)
sector
"""),
    md("""
## 1. The protocol

The other half of the game is the **protocol**: how many rounds before the deadline, the
risk that talks break down after a rejection, and who proposes first. Here: four rounds,
the sender proposing first and the proposers alternating, a 5% breakdown risk a round.
"""),
    code("""
protocol = Protocol(rounds=4, breakdown=0.05, first="sender")
protocol.describe()
"""),
    md("""
## 2. The sector's game and its SPE

`solve_sector` solves the game by backward induction: the sender chooses a standing demand
D (what its sanction enforces); then alternating offers over the opening x; a breakdown, or
the deadline, sends the sector to the **sanction subgame** (sanction or back down; under
sanctions, concede to D or hold out).
"""),
    code("""
game = solve_sector(sector, protocol)
print(f"demand D = {game.demand:.4f}")
print(f"SPE opening x = {game.opening:.4f}, agreed in round {game.round} "
      f"({game.timing} the deadline)")
print(f"expected payoffs from round 0 (S, T) = ({game.payoffs[0]:.4f}, {game.payoffs[1]:.4f})")
print(f"probability a sanction is imposed on the path: {game.sanction_probability:.4f}")
print("threat point:", game.threat_point, "| subgame path:", " > ".join(game.subgame.path))
"""),
    md("""
## 3. The threat point is read from the subgame's tree

The threat point is the payoff of the first SPE of the sanction subgame, a `GameTree`
solved by backward induction. The red path is that SPE:
"""),
    code("""
assert subgame_perfect(game.sanction_subgame)[0].payoffs == game.threat_point
plot_game_tree(game).figure
"""),
    md("""
The demand sits exactly where the target is indifferent between conceding and holding out
under sanctions, D = L_T / c (with k = 1): conceding and holding out both cost it L_T, and
the tie goes to Concede, which gives the sender more. A larger demand would make the target
hold out, a smaller one would give the sender less under sanctions (`docs/model.md`,
"The demand").
"""),
    code("""
assert abs(game.demand - sector.loss_target / sector.cost) < 1e-12
game.demand
"""),
    md("""
## 4. One round: take it or leave it

With a single round and no breakdown risk, the sender proposing makes a take-it-or-leave-it
offer: the largest opening the target prefers to the sanction subgame, x = L_T / c. With
four rounds the target proposes last and the opening is smaller:
"""),
    code("""
one = solve_sector(sector, Protocol(rounds=1, breakdown=0.0))
assert abs(one.opening - sector.loss_target / sector.cost) < 1e-9
{"one round": round(one.opening, 4), "four rounds": round(game.opening, 4)}
"""),
    md("""
## 5. The lenses, and the picture

`analyse_negotiation` solves every sector of a scenario (here a scenario of this one sector)
and reports the axiomatic bargaining solutions (Nash, Kalai-Smorodinsky, egalitarian,
utilitarian) as **lenses** against the game's own threat point, beside the SPE.
"""),
    code("""
scenario = Scenario("one sector", "US", "Japan", (sector,), protocol=protocol)
analysis = analyse_negotiation(scenario)
analysis.to_frame().T
"""),
    md("""
The frontier, the threat point, the sender's demand, the SPE agreement (on the frontier) and
the SPE's expected payoffs from round 0 (off it: discounted, and weighted by the risk of a
breakdown before the agreement), and the lenses:
"""),
    code("""
plot_frontier(analysis["telecom"], players=("US", "Japan")).figure
"""),
    md("""
## Next

* `framework_talks.ipynb`: the six sectors of the 1993-95 US-Japan talks, every agenda, and
  the model against the record.
* `credibility.ipynb`: Nash versus subgame-perfect equilibria, and incomplete information
  about the sender's resolve.
* `sensitivity.ipynb`: sweeps over the parameters' uncertainty.
"""),
]


FRAMEWORK = [
    md("""
# The Framework talks, 1993-95: one negotiation game

The reference scenario calibrates six sectors of the US-Japan "Framework" talks; every number
in [`games/us_japan_1994.toml`](../games/us_japan_1994.toml) carries a source or a stated
reason and a range, and so does every setting of its protocol. This notebook walks through
the negotiation game of [`docs/model.md`](../docs/model.md): the protocol, one sector's game,
why its deal comes at the deadline, the talks under each agenda and the agenda each side
would choose, and finally the model set against the 1993-95 record
([`games/record.toml`](../games/record.toml)).

The record, in brief:

| date | what happened |
| --- | --- |
| Feb 11 1994 | The summit fails, "not able to reach agreement in any of the four areas"; |
| | the US had rejected a partial deal as insufficient (the package strategy). |
| Jun 1994 | The US turns to striking "whatever arrangements it can get piece by piece". |
| Sept 30 - Oct 1 1994 | Deals on insurance and on procurement of medical and telecom |
| | equipment; no auto deal. |
| Dec 1994 | Flat glass settled. |
| May 16 1995 | 100% tariffs proposed on $5.9B of Japanese luxury cars. |
| Jun 28 1995 | Autos and parts deal, hours before the tariffs bite. |
"""),
    code("""
%matplotlib inline
import pandas as pd

from solver import analyse_negotiation, load_scenario, solve_sector, subgame_perfect
from solver.model.bundle_game import demand_candidates
from solver.model.sanction_subgame import solve_subgame
from solver.presentation.plots import plot_agendas, plot_frontier, plot_game_tree

scenario = load_scenario()
protocol = scenario.protocol
print(protocol.describe())
pd.DataFrame(scenario.protocol_provenance, columns=["setting", "reason"])
"""),
    md("""
## 1. One sector's game: autos

Each sector on its own is a **sector game**: the sender (the US) chooses a standing demand D,
the share of a full opening its sanction enforces; then the two sides alternate offers over
the opening x, the US first; after a rejection the talks break down with probability 0.05,
and after the last round for certain; a breakdown leads to the **sanction subgame**.
"""),
    code("""
autos = scenario.sector("autos")
r = solve_sector(autos, protocol)
pd.Series({
    "demand D": r.demand,
    "SPE opening x": r.opening,
    "round of agreement (0-based)": r.round,
    "timing": r.timing,
    "threat point (US, Japan)": r.threat_point,
    "sanction subgame SPE": " > ".join(r.subgame.path),
    "expected payoffs from round 0": r.payoffs,
    "P(sanction on the path)": r.sanction_probability,
})
"""),
    md("""
### The demand

The sender's best demand is one of two candidates (`docs/model.md`, "The demand"): the
largest demand the target would still concede to under sanctions, D = L_T / c, or full
opening, which the target would resist. Each gives a different sanction subgame, and so a
different threat point:
"""),
    code("""
rows = []
for d in demand_candidates(autos):
    sub = solve_subgame([autos], [d])
    rows.append({"demand D": round(d, 4), "subgame SPE": " > ".join(sub.path),
                 "threat point (US, Japan)": tuple(round(u, 3) for u in sub.payoffs)})
pd.DataFrame(rows)
"""),
    md("""
Against full opening Japan holds out and the US sanctions anyway (its own loss, L_S = 1.5,
is below the audience cost of backing down, a = 2): a threat point of (-1.5, -4.45). At
D = L_T / c Japan is indifferent, the tie goes to conceding, and the US gets a positive
threat payoff for the same -4.45 to Japan. The US demands the smaller D.

### The threat point, read from the subgame's tree

The threat point is not a formula: it is the payoff of the first SPE of the sanction subgame,
solved as a game tree. The red path is that SPE.
"""),
    code("""
assert subgame_perfect(r.sanction_subgame)[0].payoffs == r.threat_point
plot_game_tree(r).figure
"""),
    md("""
### Why the deal comes at the deadline

The deal is struck in round 3, the last round before the June 1995 deadline. Payoffs are
flows that start when an opening is agreed. For the US an opening is a gain, which it
discounts by d_S = 0.9 a round; for Japan it is a cost, which it discounts by d_T = 0.75 a
round. Postponing an opening therefore costs Japan's present value much less than it costs
the US, and a larger opening later can leave both better off than a smaller one now
(`docs/model.md`, "Delay, and agreement at the deadline": whenever d_S > d_T^(1/k)). Each
proposer prefers to wait, and the only cost of waiting is the 5% risk a round that the talks
break down into the sanction subgame. At the deadline waiting no longer buys a later deal, and
the last proposer settles.

The model says so plainly when the deadline or the discount factors change: the deal moves
with the deadline, and when Japan discounts as the US does it comes at once.
"""),
    code("""
rows = []
for rounds in (1, 2, 3, 4, 6, 8):
    g = solve_sector(autos, protocol.with_values(rounds=rounds))
    rows.append({"case": f"deadline after {rounds} round(s)", "round of deal": g.round,
                 "timing": g.timing, "opening": round(g.opening, 4)})
for d_t in (0.9, 0.95):
    g = solve_sector(autos.with_values(discount_target=d_t), protocol)
    rows.append({"case": f"4 rounds, Japan's discount {d_t} (US 0.9)", "round of deal": g.round,
                 "timing": g.timing, "opening": round(g.opening, 4)})
delay = pd.DataFrame(rows)
assert (delay["timing"][:6] == "at").all() and (delay["round of deal"][6:] == 0).all()
delay
"""),
    md("""
With a deadline after an even number of rounds Japan proposes last and leaves the US exactly
its threat payoff; after an odd number the US proposes last and takes the largest opening
Japan accepts rather than face the sanction subgame.

The frontier, the threat point, the SPE and, as lenses, the axiomatic bargaining solutions
against the same threat point (`analyse_negotiation` computes them for every sector):
"""),
    code("""
analysis = analyse_negotiation(scenario)
plot_frontier(analysis["autos"], players=("US", "Japan")).figure
"""),
    md("""
The SPE agreement coincides with the utilitarian lens here: Japan, proposing in the last
round, leaves the US exactly its threat payoff, and with c > v that is the opening that
maximises the sum of the two payoffs among those that leave the US no worse off. The SPE's
expected payoffs lie above the frontier: Japan's cost of opening is discounted three rounds
at 0.75.

Every sector's game, with its lenses:
"""),
    code("""
analysis.to_frame().round(4)
"""),
    md("""
## 2. The talks under each agenda

`solve_talks` puts the six sectors on one table under an agenda, and `analyse_negotiation`
solves every agenda: **piece by piece** (every sector its own bundle, in parallel), the
**package with floors** (one bundle of all six, the US committed to its floors on autos and
parts), the **linked package** (one bundle, no floors, so concessions can be traded across
sectors), and the **free agenda** (each round the setter puts any bundle of the open sectors
on the table), once with the US and once with Japan as setter. A failed bundle does not end
the talks: its sectors stay open and their threats stay in reserve.
"""),
    code("""
analysis.agenda_frame().round(3)
"""),
    code("""
analysis.openings_frame().round(3)
"""),
    code("""
plot_agendas(analysis)[0].figure
"""),
    code("""
for player, name in (("sender", scenario.sender), ("target", scenario.target)):
    label, payoff = analysis.choice(player)
    print(f"{name} would choose: {label} ({payoff:.3f} $B/yr)")
for label, talks in analysis.agendas.items():
    if talks.choices:
        print(f"{label}: bundles on the table, round by round: {list(talks.choices)}")
talks = analysis.agendas
piecemeal, package, linked = (talks[k] for k in ("piece by piece", "package with floors",
                                                 "linked package"))
assert abs(piecemeal.sender_payoff - package.sender_payoff) < 1e-9
assert not package.deals and package.target_payoff < piecemeal.target_payoff
assert linked.sender_payoff > piecemeal.sender_payoff
assert linked.target_payoff > piecemeal.target_payoff
"""),
    md("""
Read plainly:

* **Piece by piece** every sector is settled, all at the deadline, with a breakdown risk
  before it. Its payoff to the US equals that of the failed package: in the last round Japan
  proposes and leaves the US exactly its threat payoff in each sector, which is what the US
  gets when the package fails and each sector goes to its sanction subgame.
* **The package with floors** is never agreed: no offer meets the floors and leaves Japan
  better off than waiting, so every sector goes to its sanction subgame (at the deadline, or
  earlier by breakdown). Japan does worse than piece by piece.
* **Linking** lets the sides trade across sectors: medical and telecom open almost fully at
  once, the other sectors close with nothing opened, and both sides gain over piece by piece.
* **The free agenda** is best for the US when it sets the agenda, and the target-set free
  agenda is best for Japan.

## 3. Against the record

The record file holds the observables of three episodes (the form of the talks, whether a
sanction was imposed, and each sector's outcome and timing), each with its source, and each
episode has its own scenario file (`games/episode_*.toml`, one half-year round to each
episode's deadline). The scorecard solves each episode as it is and compares:
"""),
    code("""
from solver.model.scorecard import score_record

card = score_record()
print(card.summary())
card.to_frame()
"""),
    code("""
card.to_frame().groupby("episode")["match"].agg(["sum", "count"]).rename(
    columns={"sum": "matches", "count": "observables"})
"""),
    md("""
Where the model matches: the February 1994 package fails in every sector; in the autumn
1994 piecemeal talks insurance, medical and telecom are settled at the deadline, and flat
glass is settled too (but see its timing below); no sanction is imposed in the piecemeal
episodes; the 1995 autos and parts deal comes at the deadline, under the pooled threat of
the luxury-car tariffs.

Where it does not:

* **Sanctions after the failed package.** In the model a failed package sends every sector to
  its sanction subgame, whose SPE imposes the sanction; in 1994 the US imposed none and kept
  the threat in reserve (Super 301 was revived instead).
* **The form.** The model's US would have bargained piece by piece in February 1994 and as a
  package in the autumn, the reverse of the record.
* **Autos and parts in 1994.** The model settles modest openings at the deadline where the
  record has no deal (the table below).
* **Flat glass** was settled after its deadline had passed; a game that ends at its deadline
  cannot produce that.
"""),
    code("""
card.talks["1994_piece_by_piece"].to_frame().round(3)
"""),
]


CREDIBILITY = [
    md("""
# Credibility: Nash equilibria, subgame perfection, resolve in doubt

A Nash equilibrium may rest on a threat that would not be carried out: an action that is
not a best response at a node the equilibrium never reaches. Selten (1975, 1978) refined
Nash equilibrium to **subgame-perfect** equilibrium (SPE) to rule these out. This notebook
shows the difference on the entry game and on the one-shot sanction game
(`docs/model.md`, "The one-shot sanction game"), then turns to incomplete information about
the sender's resolve: first in one round, where the one-shot analysis applies, then in the
negotiation game over many rounds with a deadline, solved for its **perfect Bayesian
equilibrium** (PBE; `docs/model.md`, "Resolve in doubt").
"""),
    code("""
%matplotlib inline
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from solver import (
    analyse_negotiation,
    analyse_sanction_game,
    Decision,
    equilibrium_components,
    GameTree,
    load_scenario,
    Outcome,
    Protocol,
    reduced_normal_form,
    Scenario,
    Sector,
    subgame_perfect,
    tree_equilibria,
)
from solver.model.doubt.resolve_game import solve_sector_types
from solver.model.talks import solve_talks
from solver.presentation.doubt_plot import plot_agreement_by_round
from solver.presentation.plots import plot_game_tree, plot_resolve
"""),
    md("""
## The entry game (Selten 1978)

An entrant stays out or enters; the incumbent fights or accommodates an entry.
"""),
    code("""
entry = GameTree(Decision("Entrant", {
    "Out": Outcome((0, 2)),
    "In": Decision("Incumbent", {"Fight": Outcome((-1, -1)), "Accommodate": Outcome((1, 1))}),
}))
(spe,) = subgame_perfect(entry)
print("SPE:", spe.path, spe.payoffs)
nash = tree_equilibria(entry)
for eq in nash.equilibria:
    print(eq.path, "subgame perfect:", eq.subgame_perfect,
          "| incredible threats:", [(t.player, t.action) for t in eq.threats])
"""),
    md("""
"Out" is a Nash outcome only because the incumbent threatens to fight, which it would not
do once entry happened. In the reduced normal form these equilibria are a whole component
(the incumbent fights with probability at least 1/2):
"""),
    code("""
game = reduced_normal_form(entry)
for comp in equilibrium_components(game.to_exact()):
    print("component:", [([str(v) for v in e.row], [str(v) for v in e.col])
                         for e in comp.extreme_points])
"""),
    code("""
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
plot_game_tree(entry, spe, ax=axes[0])
plot_game_tree(entry, nash.incredible[0], ax=axes[1])
axes[0].set_title("SPE: In, Accommodate")
axes[1].set_title("Nash, not subgame perfect: Out, backed by Fight");
"""),
    md("""
## The one-shot sanction game

The sender demands an opening; the target complies or refuses; the sender sanctions or
backs down; under sanctions the target concedes or holds out. Here the target would concede
under sanctions (L_T = 6 > c = 4), but a round of sanctions costs the sender dearly
(L_S = 20, d_S = 1/2) and backing down costs it only a = 1: the threat is **not credible**.
"""),
    code("""
params = dict(gain=10, cost=4, loss_target=6, loss_sender=20,
              discount_sender=Fraction(1, 2), discount_target=Fraction(9, 10))
weak = analyse_sanction_game(backdown_cost=1, **params)
print("SPE:", [e.path for e in weak.spe], "credible:", weak.credible)
rows = [{"path": " > ".join(e.path), "subgame perfect": e.subgame_perfect,
         "incredible threats": ", ".join(f"{t.player}: {t.action}" for t in e.threats)}
        for e in weak.nash.equilibria]
pd.DataFrame(rows)
"""),
    md("""
Some Nash equilibria have the target complying, because the sender "threatens" to sanction
a refusal; the solver flags each such threat. Only the SPE survives: the sender does not
demand.

**Audience costs** (Fearon 1994) change this: a leader who threatens publicly and then
backs down pays a price at home. Raising a to 6 makes sanctioning the better of two bad
options, and the threat becomes credible:
"""),
    code("""
strong = analyse_sanction_game(backdown_cost=6, **params)
print("SPE:", [e.path for e in strong.spe], "credible:", strong.credible,
      "| payoffs:", strong.spe[0].payoffs)
plot_game_tree(strong.tree, strong.spe[0]).figure
"""),
    md("""
## Incomplete information in one round: is the sender resolute?

Now the target does not know the sender's type. With prior p the sender is **resolute**
(its sanction costs it nothing: mandated, or politically rewarded); otherwise it is the
irresolute sender above, who would back down. The target complies only if its belief that
the sender is resolute reaches the **compliance threshold** mu*. Below it, the irresolute
sender **bluffs** (demands) with a probability chosen to keep the target indifferent, and
the target complies at random (the perfect Bayesian equilibrium of `docs/model.md`; compare
Drezner 1999 on why sanctions that are imposed are often those that fail).
"""),
    code("""
PRIORS = (Fraction(1, 10), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(9, 10),
          Fraction(24, 25))
rows = []
for p in PRIORS:
    r = analyse_sanction_game(backdown_cost=1, resolve=p, **params).incomplete
    rows.append({"prior p": float(p), "threshold mu*": float(r.threshold),
                 "pooling": r.pooling, "bluff probability": float(r.bluff_probability),
                 "compliance probability": float(r.compliance_probability),
                 "sanction probability": float(r.sanction_probability),
                 "engine agrees": r.engine_agrees})
pbe = pd.DataFrame(rows)
pbe
"""),
    md("""
The same equilibrium on a finer grid of priors. At mu* the equilibrium changes regime, and
the probabilities jump: the lines are broken there, not joined across the jump.
"""),
    code("""
fine = [analyse_sanction_game(backdown_cost=1, resolve=Fraction(k, 60), **params).incomplete
        for k in range(1, 60)]
plot_resolve(fine).figure
"""),
    md("""
Below the threshold, sanctions are imposed with probability p (1 - sigma): only resolute
senders sanction, and they do so against targets that refused. Above it, every type
demands, the target complies and no sanction is ever imposed: a reputation for resolve
does the work a credible threat does under complete information.

The equilibrium as a tree (the dotted lines join nodes the target cannot tell apart):
"""),
    code("""
r = analyse_sanction_game(backdown_cost=1, resolve=Fraction(1, 2), **params).incomplete
plot_game_tree(r.tree, r.pbe[0]).figure
"""),
    md("""
### The one-shot game is the negotiation game's one-round case

The negotiation game with the sender's type private (`Protocol(types="resolve")`) is solved
by backward induction over (round, belief). With one round, no breakdown risk and the sender
proposing, it is the one-shot game above: the same sector, with the sector's `resolve` as
the prior. The cell below solves it for each prior and sets its PBE beside the one-shot
analysis: the irresolute type's bluffing probability and the probability of a sanction are
the same, and the probability of a deal in round 0 is the probability of a demand,
p + (1 - p) x bluff, times the target's compliance probability.
"""),
    code("""
one_round = Protocol(rounds=1, breakdown=0.0, first="sender", types="resolve")
rows = []
for p, shot in zip(PRIORS, pbe.to_dict("records"), strict=True):
    sector = Sector("one-shot", resolve=float(p), backdown_cost=1,
                    **{k: float(v) for k, v in params.items()})
    g = solve_sector_types(sector, one_round, "resolve")
    rows.append({"prior p": float(p),
                 "bluff: one-shot": shot["bluff probability"],
                 "bluff: PBE, 1 round": g.bluff_probability["irresolute"],
                 "sanction: one-shot": shot["sanction probability"],
                 "sanction: PBE, 1 round": g.sanction_probability,
                 "deal: one-shot": (float(p) + (1 - float(p)) * shot["bluff probability"])
                                   * shot["compliance probability"],
                 "deal: PBE, 1 round": g.agreement_by_round[0]})
one = pd.DataFrame(rows)
for what in ("bluff", "sanction", "deal"):
    assert np.allclose(one[f"{what}: one-shot"], one[f"{what}: PBE, 1 round"], atol=1e-6), what
one.round(4)
"""),
    md("""
## In the negotiation game: the threat point is a subgame's SPE

In the negotiation game (`docs/model.md`, "The sector game") a breakdown of the talks leads
to each sector's **sanction subgame**: sanction or back down, then concede to the standing
demand or hold out. Its threat point is the payoff of that subgame's SPE, so only a credible
sanction ever backs a demand. In the reference scenario every sector's subgame ends in a
sanction and a concession: the sender demands the most the target would concede to under
sanctions (full opening, in medical):
"""),
    code("""
analysis = analyse_negotiation(load_scenario())
for a in analysis:
    g = a.game
    assert subgame_perfect(g.sanction_subgame)[0].payoffs == g.threat_point
analysis.to_frame()[["sector", "demand", "subgame_spe", "threat_sender", "threat_target"]]
"""),
    code("""
plot_game_tree(analysis["medical"].game).figure
"""),
    md("""
## Resolve in doubt over eight rounds: the reference case

Now the whole negotiation game with the sender's type private, on the reference scenario,
piece by piece, with an eight-round deadline (a round is half a year in the scenario file),
a 5% breakdown risk a round and the sender proposing first. Two kinds of type
(`docs/model.md`, "Resolve in doubt"), each with the sector's `resolve` (0.2) as the prior
that the sender is resolute:

* `types="resolve"`: the sender's own loss from sanctioning is private (the resolute type
  loses nothing, the irresolute type loses the sector's L_S);
* `types="audience"`: its audience cost of backing down is private (the resolute type pays
  the sector's a, the irresolute type nothing).

The same table is printed by `python -m solver doubt --rounds 8 --types resolve`.
"""),
    code("""
scenario = load_scenario()
talks_protocol = Protocol(rounds=8, breakdown=0.05, first="sender")
typed = {kind: solve_talks(scenario, talks_protocol.with_values(types=kind), "piecemeal")
         for kind in ("resolve", "audience")}
COLUMNS = ["sector", "types", "prior", "deal_probability", "deadline_probability",
           "breakdown_probability", "sanction_probability", "bluff_resolute",
           "bluff_irresolute", "posterior_at_deadline"]
pd.concat([t.to_frame()[COLUMNS] for t in typed.values()], ignore_index=True).round(3)
"""),
    code("""
plot_agreement_by_round(typed["resolve"]).figure
"""),
    md("""
Beside the game of complete information (`types=None`, the same protocol): its SPE round of
agreement and its probability of a sanction, sector by sector.
"""),
    code("""
complete = solve_talks(scenario, talks_protocol, "piecemeal")
rows = []
for name, res in complete.sectors.items():
    rows.append({"sector": name, "SPE round": res.round, "SPE timing": res.timing,
                 "SPE P(sanction)": res.sanction_probability,
                 **{f"PBE P(sanction), {k}": t.sanction_probability[name]
                    for k, t in typed.items()},
                 **{f"PBE P(deal at deadline), {k}": t.deadline_probability[name]
                    for k, t in typed.items()}})
versus = pd.DataFrame(rows)
versus.round(3)
"""),
    code("""
# The claims of the next cell, checked against the numbers above.
last = talks_protocol.rounds - 1
for kind, t in typed.items():
    for name, g in t.sectors.items():
        assert np.isclose(g.deal_probability, g.deadline_probability), (kind, name)
        assert np.isclose(g.sanction_probability, g.breakdown_probability), (kind, name)
        assert max(g.bluff_probability.values()) == 0, (kind, name)
        assert all(sub.sanction for sub in g.subgames), (kind, name)
        assert np.isclose(g.posterior_at_deadline, g.row()["prior"]), (kind, name)
assert all(r.round == last and r.timing == "at" for r in complete.sectors.values())
assert all(s.backdown_cost > s.loss_sender for s in scenario.sectors)
more_risk = versus["PBE P(sanction), resolve"] > versus["SPE P(sanction)"] + 1e-9
assert (versus["PBE P(sanction), resolve"] >= versus["SPE P(sanction)"] - 1e-9).all()
assert np.allclose(versus["PBE P(sanction), audience"], versus["SPE P(sanction)"])
print("sectors where doubt about the sanction loss raises the sanction risk:",
      ", ".join(versus.loc[more_risk, "sector"]))
"""),
    md("""
What the PBE says at the reference calibration:

* **Deals at the deadline.** In every sector, under both kinds of type, all the probability
  of a deal falls in the last round (round 7): there is no deal earlier. But the game of
  complete information agrees in the last round too: at this calibration the deadline deal
  comes from the protocol and the sectors' parameters, not from doubt about the sender.
* **Sanctions on the path.** Every breakdown, and every deadline passed unsettled, ends in a
  sanction (the probability of a sanction equals that of a breakdown): a sanction is imposed
  with positive probability in every sector. Doubt about the audience cost leaves that
  probability where complete information puts it; doubt about the sanction loss never lowers
  it, and raises it in the sectors the cell above lists.
* **Bluffs.** No type bluffs: both types' sanction subgames end in a sanction (in every
  sector of the calibration the backdown cost a exceeds the sanction loss L_S), so no type
  would back down and there is no threat to fake. The target learns nothing on the path: its
  posterior at the deadline is its prior.

### When doubt matters: a hypothetical

Raise the irresolute sender's sanction loss in autos from 1.5 to 10 $B/yr (a hypothetical,
not the calibration) and solve the autos sector alone:
"""),
    code("""
autos = scenario.sector("autos")
hypo = Scenario("Autos, irresolute sanction loss 10 $B/yr (hypothetical)", scenario.sender,
                scenario.target, (autos.with_values(loss_sender=10.0),), (), scenario.source,
                (), talks_protocol, ())
doubt = solve_talks(hypo, talks_protocol.with_values(types="resolve"), "piecemeal")
g = doubt.sectors["autos"]
print({("no deal" if r is None else r): round(v, 3)
       for r, v in g.agreement_by_round.items() if v > 1e-9})
prior = g.row()["prior"]  # that the sender is resolute; the posterior is its update
print("P(sanction):", round(g.sanction_probability, 3), "| posterior at the deadline:",
      round(g.posterior_at_deadline, 3), "| prior:", prior)
assert g.agreement_by_round[0] > 0.5 > g.deadline_probability
assert g.posterior_at_deadline > 2 * prior
assert g.sanction_probability < typed["resolve"].sanction_probability["autos"]
# Complete information: each type alone (its own sanction loss, known to the target).
alone = {}
for name, loss in (("irresolute", 10.0), ("resolute", 0.0)):
    one = Scenario(f"autos, {name}", scenario.sender, scenario.target,
                   (autos.with_values(loss_sender=loss),), (), scenario.source, (),
                   talks_protocol, ())
    alone[name] = solve_talks(one, talks_protocol, "piecemeal").sectors["autos"]
    print(f"complete information, {name} sender: deal in round {alone[name].round}, "
          f"P(sanction) {alone[name].sanction_probability:.3f}")
assert alone["irresolute"].round == 0 and alone["resolute"].round == last
plot_agreement_by_round(doubt).figure
"""),
    md("""
Now most deals come in round 0, and few at the deadline; the talks that reach the last round
are mostly talks with a resolute sender (the posterior at the deadline is far above the
prior of 0.2), and a sanction is less likely than at the calibration. Under complete
information the irresolute sender would settle in round 0 and the resolute one at the
deadline: doubt splits the deals between those two rounds, and the target's belief moves
with the talks: a sender still at the table in the last round is probably resolute.
"""),
]


SENSITIVITY = [
    md("""
# Sensitivity: how robust is the answer?

Every parameter of the reference scenario has a sourced range. `sweep` draws all of them
at once (triangular distributions with their mode at the sourced value), solves the
negotiation game under three agendas for each draw (piece by piece, the package with
floors, the linked package) with the same vectorised engine as `solve_talks`, and returns
one row per draw. The draws are kept small here so the notebook runs in seconds;
`sweep(..., scheduler=client)` runs many more on a Dask cluster.
"""),
    code("""
%matplotlib inline
from dataclasses import replace

import numpy as np
import pandas as pd

from solver import load_scenario, solve_talks, sweep
from solver.model import summarize
from solver.presentation.plots import plot_agenda_map, plot_sweep

scenario = load_scenario()
draws = sweep(scenario, draws=2000, seed=7)
draws.iloc[:5, :8]
"""),
    code("""
summarize(draws).round(3)
"""),
    code("""
plot_sweep(draws)[0].figure
"""),
    md("""
Same seed, same rows: a sweep is reproducible.
"""),
    code("""
again = sweep(scenario, draws=2000, seed=7)
assert again.equals(draws)
"""),
    md("""
## Two-parameter maps

Which agenda would each side choose as two parameters move, the others held at their values?
The maps are drawn from results computed here with the model: at each grid point the changed
scenario (or protocol) is solved by `solve_talks` under each agenda, and each side's choice is
the agenda with its larger payoff ("tie" when the best two are equal to within 1e-9).
`plot_agenda_map` only draws the table. The star is the reference scenario.
"""),
    code("""
import matplotlib.pyplot as plt

AGENDAS = {"piece by piece": "piecemeal", "package with floors": "package",
           "linked package": "linked"}
ORDER = [*AGENDAS, "tie"]


def choices(sc, protocol):
    talks = {label: solve_talks(sc, protocol, agenda) for label, agenda in AGENDAS.items()}
    out = {}
    for player in ("sender", "target"):
        pay = {label: getattr(t, f"{player}_payoff") for label, t in talks.items()}
        best = max(pay.values())
        top = [label for label, v in pay.items() if v >= best - 1e-9 * max(1.0, abs(best))]
        out[f"winner_{player}"] = top[0] if len(top) == 1 else "tie"
    return out


def grid(x_name, xs, y_name, ys, make):
    # One row per (x, y); make(x, y) gives the (scenario, protocol) to solve there.
    return pd.DataFrame([{x_name: x, y_name: y, **choices(*make(x, y))}
                         for x in xs for y in ys])


def both_maps(df, x_name, y_name, point):
    fig, axes = plt.subplots(1, 2, figsize=(14, 4.8), layout="constrained")
    for ax, player in zip(axes, ("sender", "target")):
        plot_agenda_map(df, x_name, y_name, player, ax=ax, order=ORDER, point=point)
"""),
    md("""
The protocol: the deadline against the breakdown risk. Japan prefers piece by piece when the
US proposes in the last round (an odd number of rounds) and the breakdown risk is small, and
the linked package otherwise; the US prefers the linked package throughout (tied without
breakdown risk when Japan proposes last).
"""),
    code("""
protocol = scenario.protocol
deadline_vs_risk = grid(
    "rounds", range(1, 9), "breakdown risk", np.linspace(0.0, 0.3, 13),
    lambda r, b: (scenario, protocol.with_values(rounds=int(r), breakdown=float(b))))
both_maps(deadline_vs_risk, "rounds", "breakdown risk", (protocol.rounds, protocol.breakdown))
"""),
    md("""
Autos: the target's cost of opening against its loss under the sanction, across their
sourced ranges. Japan chooses the linked package everywhere; so does the US, except where
Japan's loss under the autos sanction is low: there the three agendas give the US the same
payoff (a tie), its threat payoff in each sector, discounted to the deadline.
"""),
    code("""
autos = scenario.sector("autos")
prov = dict(autos.provenance)


def autos_with(cost, loss):
    changed = autos.with_values(cost=float(cost), loss_target=float(loss))
    return (replace(scenario, sectors=tuple(changed if s.name == "autos" else s
                                            for s in scenario.sectors)), protocol)


cost_vs_loss = grid("autos cost", np.linspace(*prov["cost"].range, 9), "autos loss_target",
                    np.linspace(*prov["sanction.loss_target"].range, 13), autos_with)
both_maps(cost_vs_loss, "autos cost", "autos loss_target", (autos.cost, autos.loss_target))
"""),
    md("""
## How much is at stake?

The US payoff of piece by piece minus that of the package with floors ($B/yr), in the draws
where the package is never agreed in any sector and in those where it is.
"""),
    code("""
gap = draws["piecemeal_sender"] - draws["package_sender"]
gap.groupby(draws["total_breakdown_package"]).describe().round(3)
"""),
]


NOTEBOOKS = {
    "quickstart.ipynb": QUICKSTART,
    "framework_talks.ipynb": FRAMEWORK,
    "credibility.ipynb": CREDIBILITY,
    "sensitivity.ipynb": SENSITIVITY,
}


def build(name: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=NOTEBOOKS[name])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{Path(name).stem.replace('_', '-')}-{i}"
    return nb


def main() -> None:
    for name in NOTEBOOKS:
        nbformat.write(build(name), HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
