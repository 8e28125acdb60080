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
# Quickstart: one sector, from parameters to equilibria

This notebook takes one sector of a trade negotiation from its parameters to its
equilibria, its bargaining solutions and a picture. The model is specified in
[`docs/model.md`](../docs/model.md); the tutorial [`docs/tutorial.md`](../docs/tutorial.md)
walks through this notebook.

A **sector** is a two-player game between a **sender**, who demands market opening and
holds a sanction threat, and a **target**. Its parameters are flows in $B a year, or
probabilities and discount factors.
"""),
    code("""
%matplotlib inline
from fractions import Fraction

from solver import Sector, analyse_sector, compare_agendas, load_scenario

sector = Sector(
    "telecom",
    gain=4.05,            # G: the sender's value of full opening ($B/yr)
    cost=1.62,            # c: the target's cost of full opening ($B/yr)
    curvature=1.0,        # k: C(x) = c x**k
    deliverability=0.9,   # q: chance an agreed opening is delivered
    loss_target=0.3,      # L_T: the target's loss under the sanction ($B/yr)
    loss_sender=0.05,     # L_S: the sender's own loss from sanctioning ($B/yr)
    backdown_cost=0.3,    # a: the sender's audience cost of backing down ($B/yr)
    resolve=0.2,          # p: prior that the sender is resolute
    discount_sender=0.9,  # per-round discount factors
    discount_target=0.75,
)
sector
"""),
    md("""
## 1. The sanction game

`analyse_sector` solves every lens at once: the sanction game tree by backward induction
(subgame-perfect equilibria, SPE), its reduced normal form with every Nash equilibrium,
the threat point (the payoff of the no-deal path) and the Nash bargaining opening.
"""),
    code("""
analysis = analyse_sector(sector)
game = analysis.game
print("SPE play:           ", [" > ".join(e.path) for e in game.spe])
print("threat credible:    ", game.credible)
print("target would concede under sanctions:", game.target_concedes)
print("threat point (S, T):", analysis.threat.payoffs, "sanction imposed there:",
      analysis.threat.sanction)
"""),
    md("""
The target's cost of full opening (1.62) is far above what the sanction costs it (0.3),
so under sanctions it holds out; the sender, expecting that, does not demand full opening.
The sanction is still *credible* against a holdout (L_S = 0.05 < a = 0.3): it is what
happens if talks fail, and so it is the threat point of the bargaining problem.

The reduced normal form has more Nash equilibria than the SPE. The extra ones rest on
**incredible threats**: actions a player would not take if the node were reached.
"""),
    code("""
reduced = game.nash.reduced.game
print(reduced.row_labels, reduced.col_labels)
for eq in game.nash.equilibria:
    threats = [(t.player, t.action, " > ".join(t.path)) for t in eq.threats]
    print(" > ".join(eq.path), "| subgame perfect:", eq.subgame_perfect, "| threats:", threats)
"""),
    md("""
The normal form is degenerate (the NoDemand row is constant), so its equilibria form
**components**, reported by their extreme points:
"""),
    code("""
from solver import equilibrium_components, nash_equilibria

result = nash_equilibria(reduced)
print(len(result.equilibria), "extreme equilibria, method", result.method)
for k, comp in enumerate(equilibrium_components(reduced)):
    print(f"component {k}: {len(comp.extreme_points)} extreme points, payoffs {comp.payoffs}")
"""),
    code("""
from solver.presentation.plots import plot_game_tree

plot_game_tree(game.tree, game.spe[0]).figure
"""),
    md("""
## 2. The bargaining problem and its solutions

Bargaining is over an opening x in [0, 1]: the sender gets u_S = q G x, the target
u_T = -c x**k. The disagreement point is the threat point. Each solution comes with a
certificate (its defining conditions checked independently of how it was found).
"""),
    code("""
from solver import (
    BargainingProblem,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
    utilitarian,
)

problem = BargainingProblem.from_sector(sector.gain, sector.cost, sector.curvature,
                                        sector.deliverability, analysis.threat.payoffs)
for solve in (nash_bargaining, kalai_smorodinsky, egalitarian, utilitarian):
    sol = solve(problem)
    u_s, u_t = (float(v) for v in sol.point)
    print(f"{sol.method:18s} u = ({u_s:+.3f}, {u_t:+.3f})  opening x = "
          f"{float(problem.opening(sol.point)):.3f}  certified: {sol.is_certified()}")
print("analyse_sector's Nash opening:", round(analysis.opening, 6))
"""),
    md("""
With a linear cost and the sanction as threat point, the Nash opening has the closed form
x* = L_T / (2c) - L_S / (2 q G) (docs/model.md):
"""),
    code("""
s = sector
closed_form = s.loss_target / (2 * s.cost) - s.loss_sender / (2 * s.deliverability * s.gain)
assert abs(closed_form - analysis.opening) < 1e-9
closed_form
"""),
    md("""
Alternating offers (Rubinstein 1982), with a 10% risk that talks break down after each
rejection, ending at the threat point:
"""),
    code("""
alt = rubinstein(discount=(s.discount_sender, s.discount_target), frontier=problem,
                 breakdown=0.1, breakdown_payoffs=analysis.threat.payoffs)
print("sender proposes first:", tuple(round(float(v), 4) for v in alt.point),
      "opening", round(float(problem.opening(alt.point)), 4), "| method", alt.method)
"""),
    md("## 3. The picture"),
    code("""
from solver.presentation.plots import plot_frontier

plot_frontier(analysis, players=("US", "Japan")).figure
"""),
    md("""
## Next

* `analyse_scenario(load_scenario())` solves every sector of the reference case, and
  `compare_agendas` compares a package with piece by piece: see `framework_talks.ipynb`.
* `credibility.ipynb`: Nash versus subgame-perfect equilibria, and incomplete information.
* `sensitivity.ipynb`: sweeps over the parameters' uncertainty.
"""),
    code("""
compare_agendas(load_scenario()).to_frame()
"""),
]


FRAMEWORK = [
    md("""
# The Framework talks, 1993-95: package versus piece by piece

The reference scenario calibrates six sectors of the US-Japan "Framework" talks from the
fact sheet `framework-talks-facts.md` (cited below as *facts*); every number in
[`games/us_japan_1994.toml`](../games/us_japan_1994.toml) carries a source or a stated
reason and a range, and three episode files in `games/` change only what the record says
changed. This notebook sets the solver's answers against the record, and says plainly
where they match and where they do not.

The record (*facts*, section 1):

| date | what happened |
| --- | --- |
| Feb 11 1994 | Hosokawa-Clinton summit fails: "not able to reach agreement in any of the four areas"; the US rejected a partial deal as insufficient (the package strategy). |
| Jun 6 1994 | The US signals it will "jettison its all-or-nothing, package-deal approach ... and strike whatever arrangements it can get piece by piece". |
| Sept 30 - Oct 1 1994 | Deals on insurance and on government procurement of medical and telecom equipment; no auto deal; a Section 301 case on auto parts follows. |
| Dec 12 1994 | Flat glass settled. |
| May 16 1995 | 100% tariffs proposed on $5.9B of Japanese luxury cars. |
| Jun 28 1995 | Autos and parts deal, hours before the tariffs bite: voluntary plans, numerical targets excluded. |
"""),
    code("""
%matplotlib inline
import pandas as pd

from games import catalogue  # the built-in scenario files, by name
from solver import (
    analyse_scenario,
    analyse_sector,
    compare_agendas,
    load_scenario,
    summarize,
    sweep,
)
from solver.presentation.plots import plot_agendas, plot_frontier

scenario = load_scenario()
analyses = analyse_scenario(scenario)
columns = ["sector", "spe_outcome", "threat_credible", "threat_sender", "threat_target",
           "nash_opening", "payoff_sender", "payoff_target"]
analyses.to_frame()[columns]
"""),
    md("""
In the sanction game itself (`spe_outcome`), the US demand for full opening, the
"numerical targets" demand, is made and met only in medical procurement; elsewhere Japan
would hold out under sanctions, so the subgame-perfect sender does not make it. The record
has the US dropping numerical targets in all five priority areas on May 24 1994 (*facts*:
Kantor briefing 1994-05-24).

## The agendas

`compare_agendas` solves piece by piece (each sector against its own threat point,
simultaneously, and sequentially in the order best for each player), the all-or-nothing
package with the US floors on autos and parts, and a linked package (one bargain over all
sectors, no floors).
"""),
    code("""
comparison = compare_agendas(scenario, analyses=analyses)
comparison.to_frame()
"""),
    code("""
comparison.openings_frame()
"""),
    code("""
plot_agendas(comparison)
"""),
    md("""
## Set against the record

### February 1994: the package fails

The episode file `episode_1994_02_package` holds the five sectors on the table in
February 1994 (flat glass was not) and the US floors on autos and parts. The model's package
finds no opening vector that meets the floors and leaves Japan better off than the combined
threat point: nothing is agreed anywhere. That matches the summit.

Where it does not match: in the model a failed package ends at the threat point, with every
credible sanction imposed. In 1994 the US did not sanction after the summit; it revived
Super 301 (Mar 3 1994) and kept the threat in reserve.
"""),
    code("""
feb = load_scenario(catalogue()["episode_1994_02_package"])
feb_comparison = compare_agendas(feb)
pkg = feb_comparison.package
print("sectors:", [s.name for s in feb.sectors], "| floors:", dict(feb.floors))
print("package agreed:", pkg.package_agreed)
print("sanctions the model imposes on breakdown:", ", ".join(pkg.sanctions))
assert pkg.package_agreed is False
"""),
    md("""
### June 1994: the switch to piece by piece

For the US, piece by piece beats the all-or-nothing package; so the switch is what the
model recommends. It is also better for Japan.
"""),
    code("""
for player in ("sender", "target"):
    agenda, margin = feb_comparison.better_for(player)
    print(f"{player}: {agenda} is better by {margin:.2f} $B/yr")
print("best of every agenda for the US:", feb_comparison.best_for("sender"))
assert feb_comparison.better_for("sender")[0] == "piece by piece"
"""),
    md("""
The model's best agenda for the US is not simultaneous piece by piece but a sequence
(settle some sectors while others still carry their threats), and the linked package
(concessions traded across sectors, no floors) also beats simultaneous piece by piece.
The record has no linked package without floors; whether one was on offer is outside what
the sources say.

### October-December 1994: deals in insurance, procurement and glass; autos deadlocked

The episode file `episode_1994_piece_by_piece` has all six sectors and no floors.
"""),
    code("""
RECORD_1994 = {  # facts: NYT 1994-10-02; LA Times 1994-12-13
    "autos": "no deal", "auto_parts": "no deal", "insurance": "deal",
    "medical": "deal", "telecom": "deal", "flat_glass": "deal",
}
late_1994 = load_scenario(catalogue()["episode_1994_piece_by_piece"])
pbp = compare_agendas(late_1994).piece_by_piece
rows = []
for s in pbp.sectors:
    rows.append({"sector": s.sector, "record (1994)": RECORD_1994[s.sector],
                 "model status": s.status, "model opening": round(s.opening, 4),
                 "deal of at least 1% opening": s.opening >= 0.01})
record_1994 = pd.DataFrame(rows)
record_1994["match"] = (record_1994["deal of at least 1% opening"]
                        == (record_1994["record (1994)"] == "deal"))
record_1994
"""),
    md("""
Read the table plainly:

* **Procurement (medical, telecom)**: deals in the record; the model gives medical the
  largest opening of all six sectors and telecom a modest one. A match.
* **Insurance and flat glass**: deals in the record; the model gives positive openings
  (glass a sizeable one, insurance a small one).
* **Autos**: the model's opening is a fraction of a percent of the full opening, which is a
  deadlock in all but name; the record has no deal. A match in substance, though the model
  formally reports "agreed".
* **Auto parts**: the model gives a small positive opening where the record has none (the
  talks ran on to June 1995 together with autos). A mismatch.

How robust are these findings across the sourced ranges? A sweep draws every parameter from
a triangular distribution over its range (mode at the sourced value):
"""),
    code("""
draws = sweep(scenario, draws=4000, seed=1994)
summary = summarize(draws)
keep = summary["quantity"].str.startswith(("piece_by_piece", "package breaks"))
summary[keep].round(3)
"""),
    code("""
us_prefers = (draws["piece_by_piece_sender"] > draws["package_sender"]).mean()
japan_prefers = (draws["piece_by_piece_target"] > draws["package_target"]).mean()
print(f"US better off piece by piece than with the package: {us_prefers:.1%} of draws")
print(f"Japan better off piece by piece than with the package: {japan_prefers:.1%} of draws")
"""),
    md("""
The package breaks down entirely in most draws, and piece by piece beats it for both sides
in most draws: the February and June 1994 findings are robust. The sector-level findings
are less so: autos reach a (tiny) positive opening in only about half the draws, the
procurement sectors in nearly all.

### May-June 1995: autos under the $5.9B tariff threat

In May 1995 the US named 100% tariffs on $5.9B of luxury cars; imports of those models
stopped at once (*facts*: Kantor statement 1995-05-16; SUNS 1995-05-24). The episode file
`episode_1995_autos` bargains over autos and parts as one sector with the whole list as
the sanction.
"""),
    code("""
may_1995 = load_scenario(catalogue()["episode_1995_autos"])
(autos_1995,) = may_1995.sectors
a = analyse_sector(autos_1995)
print("threat credible:", a.game.credible, "| threat point:", a.threat.payoffs,
      "| sanction there:", a.threat.sanction)
print(f"Nash opening: {a.opening:.4f} of a full opening; payoffs {a.payoffs}")
draws_1995 = sweep(may_1995, draws=4000, seed=1995)
share = draws_1995["piece_by_piece_agreed_autos_and_parts"].mean()
print(f"a deal in {share:.0%} of draws over the sourced ranges")
"""),
    code("""
plot_frontier(a, players=("US", "Japan")).figure
"""),
    md("""
The model gives a deal, a small one (a couple of percent of a full opening), struck without
the sanction being imposed (the threat point is reached only when there is no agreement):
qualitatively the June 28 outcome, a deal hours before the tariffs, with modest content
(voluntary plans, numerical targets excluded, and only 137 of 400 expected dealer outlets
delivered by 1997, *facts*: AAMA 1997-10-08). The finding holds in most draws.

What the model does not reproduce: the timing. It is a static bargain, so it cannot say why
the deal came only at the deadline.

The same effect in the six-sector reference case: putting the whole list behind autos
alone (the top of its sourced range, 5.9) raises its opening about fortyfold.
"""),
    code("""
autos = scenario.sector("autos")
rows = []
for label, lt in (("low end of range", 2.95), ("reference (share of list)", autos.loss_target),
                  ("whole $5.9B list", 5.9)):
    b = analyse_sector(autos.with_values(loss_target=lt))
    rows.append({"loss_target": lt, "case": label, "threat credible": b.game.credible,
                 "Nash opening": round(b.opening, 4), "US payoff": round(b.payoffs[0], 3)})
pd.DataFrame(rows)
"""),
    md("""
## Summary

| episode | record | model | verdict |
| --- | --- | --- | --- |
| Feb 1994 | package with floors fails | package fails (robust: most draws) | match |
| Feb 1994 | no sanctions imposed | breakdown imposes every credible sanction | mismatch |
| Jun 1994 | switch to piece by piece | piece by piece beats the package for the US (robust) | match |
| Oct-Dec 1994 | deals in insurance, medical, telecom, glass | positive openings in all four, medical the largest | match |
| Oct-Dec 1994 | autos deadlocked | autos opening well under 1% | match in substance |
| Oct-Dec 1994 | parts deadlocked | small positive parts opening | mismatch |
| Jun 1995 | autos deal under the $5.9B threat | a small deal, no sanction imposed (most draws) | match; timing not modelled |
"""),
]


CREDIBILITY = [
    md("""
# Credibility: Nash equilibria, subgame perfection, incomplete information

A Nash equilibrium may rest on a threat that would not be carried out: an action that is
not a best response at a node the equilibrium never reaches. Selten (1975, 1978) refined
Nash equilibrium to **subgame-perfect** equilibrium (SPE) to rule these out. This notebook
shows the difference on the entry game and on the sanction game, then turns to incomplete
information about the sender's resolve.
"""),
    code("""
%matplotlib inline
from fractions import Fraction

import matplotlib.pyplot as plt
import pandas as pd

from solver import (
    Decision,
    GameTree,
    Outcome,
    analyse_sanction_game,
    equilibrium_components,
    reduced_normal_form,
    subgame_perfect,
    tree_equilibria,
)
from solver.presentation.plots import plot_game_tree
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
## The sanction game

The sender demands an opening; the target complies or refuses; the sender sanctions or
backs down; under sanctions the target concedes or holds out (docs/model.md). Here the
target would concede under sanctions (L_T = 6 > c = 4), but a round of sanctions costs the
sender dearly (L_S = 20, d_S = 1/2) and backing down costs it only a = 1: the threat is
**not credible**.
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
## Incomplete information: is the sender resolute?

Now the target does not know the sender's type. With prior p the sender is **resolute**
(its sanction costs it nothing: mandated, or politically rewarded); otherwise it is the
irresolute sender above, who would back down. The target complies only if its belief that
the sender is resolute reaches the **compliance threshold** mu*. Below it, the irresolute
sender **bluffs** (demands) with a probability chosen to keep the target indifferent, and
the target complies at random (the perfect Bayesian equilibrium of docs/model.md; compare
Drezner 1999 on why sanctions that are imposed are often those that fail).
"""),
    code("""
rows = []
for p in (Fraction(1, 10), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(9, 10),
          Fraction(24, 25)):
    r = analyse_sanction_game(backdown_cost=1, resolve=p, **params).incomplete
    rows.append({"prior p": float(p), "threshold mu*": float(r.threshold),
                 "pooling": r.pooling, "bluff probability": float(r.bluff_probability),
                 "compliance probability": float(r.compliance_probability),
                 "sanction probability": float(r.sanction_probability),
                 "engine agrees": r.engine_agrees})
pbe = pd.DataFrame(rows)
pbe
"""),
    code("""
ax = pbe.plot(x="prior p", y=["bluff probability", "compliance probability",
                              "sanction probability"], marker="o", figsize=(7, 4))
ax.axvline(float(pbe["threshold mu*"].iloc[0]), color="gray", ls=":", label="mu*")
ax.set_ylabel("probability")
ax.legend();
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
]


SENSITIVITY = [
    md("""
# Sensitivity: how robust is the answer?

Every parameter of the reference scenario has a sourced range. `sweep` draws all of them
at once (triangular distributions with their mode at the sourced value), solves every
agenda for each draw with a vectorised, certified Nash program, and returns one row per
draw. The draws are kept small here so the notebook runs in seconds; 100,000 draws take a
few seconds more, and `sweep(..., scheduler=client)` runs them on a Dask cluster.
"""),
    code("""
%matplotlib inline
from solver import load_scenario, summarize, sweep
from solver.presentation.plots import plot_agenda_map, plot_sweep

scenario = load_scenario()
draws = sweep(scenario, draws=5000, seed=7)
draws.iloc[:5, :10]
"""),
    code("""
summarize(draws).round(3)
"""),
    code("""
plot_sweep(draws)
"""),
    md("""
Same seed, same rows: a sweep is reproducible.
"""),
    code("""
again = sweep(scenario, draws=5000, seed=7)
assert again.equals(draws)
"""),
    md("""
## Two-parameter maps

Which agenda is best as two parameters move across their sourced ranges, the others held
at their values? The star is the reference scenario. Autos: the target's cost of opening
against its loss under the sanction.
"""),
    code("""
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
for ax, player in zip(axes, ("sender", "target")):
    plot_agenda_map(scenario, ("autos", "cost"), ("autos", "loss_target"), grid=9,
                    player=player, ax=ax)
"""),
    md("""
The US floor on autos against the target's cost of opening autos: a high floor makes the
all-or-nothing package fail.
"""),
    code("""
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
for ax, player in zip(axes, ("sender", "target")):
    plot_agenda_map(scenario, ("autos", "floor"), ("autos", "cost"), grid=9,
                    player=player, ax=ax)
"""),
    md("""
## How much is at stake?

The US payoff of piece by piece minus that of the all-or-nothing package ($B/yr), in the
draws where the package breaks down and in those where it holds. When it holds, the floors
push the openings up and the package can pay the US better; when it breaks down, every
sector ends at its threat point.
"""),
    code("""
gap = draws["piece_by_piece_sender"] - draws["package_sender"]
gap.groupby(draws["package_breakdown"]).describe().round(3)
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
