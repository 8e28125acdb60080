"""Every crash signature of issue 16's campaigns, one named test each: the input that crashed,
hung or was wrongly accepted now gets one clear ValueError line (the CLI: exit 2, that line,
nothing written), or is solved. The long campaign is benchmarks/fuzz_campaign.py."""

from __future__ import annotations

import math
import os
import re
import warnings
from fractions import Fraction
from pathlib import Path

import pytest

import games
from solver.model.scenario import ScenarioFileError, load_scenario
from solver.presentation.cli import main
from solver.representations.bimatrix import Bimatrix
from solver.representations.io.efg import EfgParseError, from_efg
from solver.representations.io.nfg import parse_nfg

REFERENCE = games.default_path().read_text(encoding="utf-8")


def _file(tmp_path: Path, data: str | bytes, name: str = "case.toml") -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str, *names: str) -> str:
    lines = [x for x in err.splitlines() if x]
    assert len(lines) == 1 and lines[0].startswith("sanction-solver: error: "), err
    for n in names:
        assert n in lines[0], (n, lines[0])
    return lines[0]


# -- loading the scenario file ----------------------------------------------------------------

def test_unicode_decode_error_in_the_cli_names_the_file(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    p = _file(tmp_path, REFERENCE.encode("utf-8").replace(b"Japan", b"Jap\xffn", 1))
    code, out, err = _cli(["solve", str(p)], capsys)
    assert code == 2 and out == ""
    _one_error_line(err, str(p), "not UTF-8", "byte ")


def test_recursion_error_on_deeply_nested_toml(tmp_path: Path) -> None:
    p = _file(tmp_path, REFERENCE + "\nx = " + "{ a = " * 50_000 + "1" + " }" * 50_000 + "\n")
    with pytest.raises(ScenarioFileError, match=re.escape(str(p))):
        load_scenario(p)


def test_overflow_error_on_an_integer_too_large_for_a_float(tmp_path: Path) -> None:
    # A sector field (fixed before) and a protocol value (found by tests/fuzz: math.isfinite
    # overflowed in Protocol) and a distribution's spread.
    for old, new, field in (("value = 27.7", "value = " + "9" * 400, "'gain'"),
                            ("value = 0.05", "value = " + "9" * 400, "breakdown")):
        p = _file(tmp_path, REFERENCE.replace(old, new, 1))
        with pytest.raises(ScenarioFileError, match=re.escape(str(p)) + ".*" + field):
            load_scenario(p)
    text = REFERENCE.replace('range = [27.1, 35.0]', 'range = [27.1, 35.0]\ndistribution = '
                             '{ kind = "truncnormal", sd = ' + "9" * 400 + " }", 1)
    p = _file(tmp_path, text)
    with pytest.raises(ScenarioFileError, match="sector 'autos'.*'gain'.*sd"):
        load_scenario(p)


# -- computing compare ------------------------------------------------------------------------

def test_compare_at_extreme_valid_values_has_no_certificate_failure() -> None:
    """ArithmeticError (package_concepts.py:134), OverflowError/ZeroDivisionError
    (bargaining.py) and RuntimeError (opening_program.py:263) came from `compare` on in-range
    inputs; compare is now analyse_negotiation, solved here at the campaign's extremes with
    RuntimeWarnings as errors."""
    from solver.model.negotiation import analyse_negotiation
    from solver.model.scenario import Scenario

    sc = load_scenario()
    autos, insurance = sc.sector("autos"), sc.sector("insurance")
    for a, b in (({"gain": 1e9}, {"curvature": 500.0}),
                 ({"cost": 5e-324}, {"loss_target": 1e308})):
        sectors = (autos.with_values(**a), insurance.with_values(**b))
        sub = Scenario(sc.name, sc.sender, sc.target, sectors,
                       tuple(f for f in sc.floors if f[0] == "autos"), sc.source,
                       tuple(f for f in sc.floor_provenance if f[0] == "autos"), sc.protocol,
                       sc.protocol_provenance)
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            analysis = analyse_negotiation(sub, sub.protocol)
        frame = analysis.agenda_frame()
        assert len(frame) and frame["payoff_sender"].map(math.isfinite).all()


def test_zero_division_in_the_nash_certificate_on_subnormal_gains() -> None:
    """Found by the campaign: w2 * g1 underflowed to 0 in certify_nash."""
    from solver.algorithms.bargaining import nash_bargaining
    from solver.representations.bargaining import BargainingProblem

    pts = [(5e-324, 5e-324), (5e-324, 1e-323), (5e-324, -5e-324), (1e-323, 1e-323)]
    sol = nash_bargaining(BargainingProblem.from_points(pts, (5e-324, -5e-324)))
    assert sol.point == (1e-323, 1e-323) and sol.residuals["foc"] == 0.0


# -- reading .nfg -----------------------------------------------------------------------------

def test_zero_division_on_an_nfg_payoff_over_zero() -> None:
    with pytest.raises(ValueError, match=r"parse_nfg\(\): .*'1/0' with a zero denominator"):
        parse_nfg('NFG 1 R "" { "1" "2" } { 1 1 } 1/0 2')


@pytest.mark.parametrize("header", ["{ 100000000000 2 }", "{ 4294967296 4294967296 }",
                                    "{ " + "9" * 300 + " }"])
def test_memory_error_on_a_huge_nfg_dimension_header(header: str) -> None:
    """The strategy list used to be built from the header before anything was checked."""
    with pytest.raises(ValueError, match=r"parse_nfg\(\): text (states a game|has a strategy)"):
        parse_nfg('NFG 1 R "" { "1" "2" } ' + header + " 1 2 3 4")


@pytest.mark.parametrize("payoff", ["1e400", "1e999999999", "9" * 5000, "-1e308000"])
def test_overflow_error_on_an_nfg_payoff(payoff: str) -> None:
    """Too large for a float (OverflowError in from_nfg(exact=False)), or an exponent that
    Fraction would spend forever on, or more digits than int() takes."""
    text = f'NFG 1 R "" {{ "1" "2" }} {{ 1 1 }} {payoff} 2'
    with pytest.raises(ValueError, match=r"from_nfg\(\): parse_nfg\(\): text has a payoff"):
        Bimatrix.from_nfg(text, exact=False)


# -- reading .efg -----------------------------------------------------------------------------

def test_recursion_error_on_a_deep_efg_tree() -> None:
    depth = 5_000
    text = ('EFG 2 R "" { "A" }\n' + 'p "" 1 1 "" { "l" "r" } 0\n' * depth
            + 't "" 1 "" { 1 }\n' + 't "" 0\n' * (depth + 1))
    with pytest.raises(EfgParseError, match=r"from_efg\(\): the tree is nested too deeply"):
        from_efg(text)


def test_efg_numbers_out_of_range_are_parse_errors() -> None:
    for number in ("1e999", "9" * 5000, "1/0"):
        with pytest.raises(EfgParseError, match=r"from_efg\(\): line 2"):
            from_efg(f'EFG 2 R "" {{ "A" }}\nt "" 1 "" {{ {number} }}\n')


class _Counted(str):
    """A label that counts the equality tests made on it (the work of duplicate checks)."""

    calls = 0

    def __eq__(self, other: object) -> bool:
        _Counted.calls += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_from_efg_is_linear_in_one_nodes_action_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """A node with n actions took n**2 label comparisons (labels.count in GameTree); the work
    is now counted, not timed: at most a few comparisons per action."""
    import solver.representations.io.efg as efg

    real = efg.normalise_labels
    monkeypatch.setattr(efg, "normalise_labels", lambda labels: [_Counted(x)
                                                                 for x in real(labels)])
    work = {}
    for n in (500, 2_000):
        acts = " ".join(f'"a{i}"' for i in range(n))
        text = (f'EFG 2 R "" {{ "A" }}\np "" 1 1 "" {{ {acts} }} 0\n'
                + "".join(f't "" {i + 1} "" {{ {i} }}\n' for i in range(n)))
        _Counted.calls = 0
        tree = from_efg(text)
        assert len(tree.root.labels) == n  # type: ignore[union-attr]
        work[n] = _Counted.calls
    assert work[2_000] <= 10 * 2_000, work  # quadratic was about 2_000**2 = 4,000,000


# -- a FIFO as the scenario path ----------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_path_is_refused_at_once(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    code, _, err = _cli(["solve", str(fifo)], capsys)
    assert code == 2
    _one_error_line(err, str(fifo), "not a regular file")
    with pytest.raises(ValueError, match="not a regular file"):
        Bimatrix.from_nfg(fifo)


# -- wrongly accepted ---------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "key"), [("truncnormal", "sd"), ("lognormal", "sigma")])
def test_an_infinite_spread_in_a_scenario_file_is_refused(tmp_path: Path, kind: str,
                                                          key: str) -> None:
    text = REFERENCE.replace("range = [27.1, 35.0]", "range = [27.1, 35.0]\ndistribution = "
                             f'{{ kind = "{kind}", {key} = inf }}', 1)
    p = _file(tmp_path, text)
    with pytest.raises(ScenarioFileError, match=rf"sector 'autos'.*'gain'.*{key}"):
        load_scenario(p)


def test_sender_equal_to_target_is_refused_by_the_cli(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    p = _file(tmp_path, REFERENCE.replace('target = "Japan"', 'target = "US"', 1))
    code, out, err = _cli(["solve", str(p)], capsys)
    assert code == 2 and out == ""
    _one_error_line(err, str(p), "'sender' and 'target'")


# -- numeric extremes and unbounded work ------------------------------------------------------

def test_rubinstein_horizon_beyond_its_budget_is_refused_at_once() -> None:
    from solver.algorithms.bargaining import rubinstein
    from solver.algorithms.bargaining.alternating_offers import MAX_EXACT_HORIZON, MAX_HORIZON

    with pytest.raises(ValueError, match=r"rubinstein\(\): horizon .* budget"):
        rubinstein(discount=(0.9, 0.9), horizon=10**12)
    with pytest.raises(ValueError, match=r"rubinstein\(\): horizon .* exact"):
        rubinstein(discount=(Fraction(9, 10), Fraction(9, 10)), horizon=MAX_EXACT_HORIZON + 1)
    # at the budget, the finite game is solved and close to the stationary answer
    finite = rubinstein(discount=(0.9, 0.9), horizon=MAX_HORIZON // 100)
    assert finite.point[0] == pytest.approx(rubinstein(discount=(0.9, 0.9)).point[0])


def test_rubinstein_root_search_reports_a_bad_frontier() -> None:
    from solver.algorithms.bargaining import rubinstein

    with pytest.raises(ValueError, match=r"rubinstein\(\)"):
        rubinstein(discount=(0.9, 0.9), frontier=lambda u: math.nan)


def test_unbounded_draws_are_refused_before_any_work(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    from solver.model.scorecard import MAX_RECORD_DRAWS, score_record

    with pytest.raises(ValueError, match=r"score_record\(\): draws must be at most"):
        score_record(draws=MAX_RECORD_DRAWS + 1)
    for argv in (["sweep", "--draws", str(2**63)], ["record", "--draws", str(2**63)]):
        code, out, err = _cli(argv, capsys)
        assert code == 2 and out == ""
        _one_error_line(err, "draws must be at most")


def test_many_scenarios_for_compare_are_refused_before_any_work(
        capsys: pytest.CaptureFixture[str]) -> None:
    from solver.presentation.cli import MAX_COMPARE

    code, out, err = _cli(["compare", *["us_japan_1994"] * (MAX_COMPARE + 1)], capsys)
    assert code == 2 and out == ""
    _one_error_line(err, f"at most {MAX_COMPARE} scenarios")


def test_a_stationary_game_beyond_its_round_budget_names_the_parameters() -> None:
    """No deadline and discount factors of 1 - 1e-9 would need ~3e10 rounds to converge:
    this was an ArithmeticError ('did not converge') after 100,000 rounds of work."""
    from solver.model.protocol import Protocol
    from solver.model.talks import solve_sector

    sector = load_scenario().sector("autos").with_values(discount_sender=0.999999999,
                                                         discount_target=0.999999999)
    with pytest.raises(ValueError, match=r"solve_talks\(\): with no deadline, discount "
                                         r"factors up to 0.999999999 .* budget of 100,000"):
        solve_sector(sector, Protocol(rounds=None, breakdown=0.0))


@pytest.mark.parametrize(("sector", "change", "other"), [
    ("insurance", {"gain": 5e-324}, "medical"),      # an exact slope beyond a float
    ("flat_glass", {"cost": 1e308}, "auto_parts"),   # the same, from a huge cost
    ("flat_glass", {"gain": 1e308}, "insurance"),    # exp overflow in the offer's bisection
    # seed 18 (cases 898, 17297, 29628, 41291, 46475): two fields near the float limit made
    # the payoff scale (their sum) overflow in bundle_game.payoff_scale
    ("insurance", {"backdown_cost": 1e308, "cost": 1e308}, "medical"),
    ("autos", {"cost": 1e308, "loss_target": 1e308}, "telecom"),
    ("telecom", {"loss_sender": 1e308, "backdown_cost": 1e308}, "flat_glass"),
])
def test_compare_at_the_campaigns_extremes(sector: str, change: dict[str, float],
                                           other: str) -> None:
    """Found by the 100,000-case campaign (seed 16, cases 22047, 92810, 99516): OverflowError
    converting an exact frontier slope to float (bargaining.upper_slopes), and
    RuntimeWarnings from log(0) and exp overflow in bundle_offer._search."""
    from solver.model.negotiation import analyse_negotiation
    from solver.model.scenario import Scenario

    sc = load_scenario()
    sectors = (sc.sector(sector).with_values(**change), sc.sector(other))
    names = {sector, other}
    sub = Scenario(sc.name, sc.sender, sc.target, sectors,
                   tuple(f for f in sc.floors if f[0] in names), sc.source,
                   tuple(f for f in sc.floor_provenance if f[0] in names), sc.protocol,
                   sc.protocol_provenance)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        analysis = analyse_negotiation(sub, sub.protocol)
    assert len(analysis.agenda_frame()) > 0


def test_an_exact_slope_too_steep_for_a_float_is_infinite() -> None:
    from solver.representations.bargaining import hull, upper_slopes

    tiny = Fraction(5e-324)
    poly = hull([(Fraction(0), Fraction(1)), (tiny, Fraction(0)), (Fraction(0), Fraction(0))])
    assert upper_slopes(poly, Fraction(0)) == (math.inf, -math.inf)
