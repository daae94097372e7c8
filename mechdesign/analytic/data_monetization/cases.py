"""The benchmark problems of data-monetization §5.1–§5.2 as public-interface games.

``CASES`` maps each id of the reference's main table to its problem (normalised units);
:func:`check_cases` solves each by the closed form and by the full SDP and returns the
rows of ``mechdesign check``. The expected numbers themselves live in the tests, which
compare all three routes with the reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from mechdesign import games
from mechdesign._checks import CheckCase, timed_case
from mechdesign.design import design
from mechdesign.game import LQGame

__all__ = ["Case", "CASES", "normalised_game", "check_cases"]

_REF = "data-monetization"


@dataclass(frozen=True)
class Case:
    """One row of §5.1: objective ("delegation" = revenue without obedience), game kind
    ("plain", "cournot", "bertrand") and the normalised parameters."""

    objective: str
    kind: str
    n: int
    gamma: float
    state_var: float
    type_var: float
    state_mean: float
    type_mean: float

    def game(self) -> LQGame:
        return normalised_game(self.kind, self.n, self.gamma, self.state_var, self.type_var,
                               self.state_mean, self.type_mean)

    def solve(self, method: str):
        delegation = self.objective == "delegation"
        return design(self.game(), "revenue" if delegation else self.objective,
                      obedience=not delegation, method=method)


def normalised_game(kind: str, n: int, gamma: float, state_var: float, type_var: float,
                    state_mean: float, type_mean: float) -> LQGame:
    """A normalised (α = β = 1) row as a game in general units (§1.2).

    Cournot rows become ``games.cournot`` with δ = −2γ, θ = 2θ̃ and c = −2t̃ (α = ½, β = −½);
    Bertrand rows ``games.bertrand`` with δ = 2γ, θ = 2θ̃ and c = 2t̃ (α = β = ½).
    """
    if kind == "cournot":
        return games.cournot(n, -2 * gamma, 2 * state_mean, 4 * state_var, -2 * type_mean, 4 * type_var)
    if kind == "bertrand":
        return games.bertrand(n, 2 * gamma, 2 * state_mean, 4 * state_var, 2 * type_mean, 4 * type_var)
    return LQGame.symmetric(n, gamma, 1.0, 1.0, state_mean, state_var, type_mean, type_var)


_W, _R, _C, _B, _D = "welfare", "revenue", "consumer_surplus", "consumer_surplus", "delegation"
CASES: dict[str, Case] = {
    "W1": Case(_W, "plain", 2, 0.3, 1, 1, 1, 0.5),
    "W2": Case(_W, "plain", 3, -0.3, 1, 1, 1, 0.5),
    "W3": Case(_W, "plain", 3, -0.5, 1, 0.01, 0, 0),
    "W4": Case(_W, "plain", 5, 0.1, 2, 0.5, 1, 1),
    "W5": Case(_W, "plain", 10, -0.2, 1, 0.05, 1, 0),
    "W6": Case(_W, "plain", 3, 0.2, 1, 100, 0, 0),
    "W7": Case(_W, "plain", 2, -0.9, 1, 1, 0, 0),
    "R1": Case(_R, "plain", 2, 0.4, 1, 1, 0, 0),
    "R2": Case(_R, "plain", 2, 0.4, 1, 1, 1, 0.5),
    "R3": Case(_R, "plain", 3, -0.5, 1, 0.01, 0, 0),
    "R4": Case(_R, "plain", 3, -0.2, 1, 1, 3, 2),
    "R5": Case(_R, "plain", 3, -0.5, 1, 0.01, 0.5, 0),
    "R6": Case(_R, "plain", 3, 0.1, 1, 0.01, 3, 2),
    "C1": Case(_C, "cournot", 2, -0.45, 1, 1, 1, 0.5),
    "C2": Case(_C, "cournot", 3, 0.1, 1, 1, 1, 0.5),
    "C3": Case(_C, "cournot", 2, 0.4, 1, 1, 1, 0.5),
    "C4": Case(_C, "cournot", 3, -0.2, 1, 0.05, 1, 0.5),
    "B1": Case(_B, "bertrand", 2, 0.2, 1, 1, 1, 0.5),
    "B2": Case(_B, "bertrand", 3, 0.1, 0.2, 1, 1, 0.5),
    "D1": Case(_D, "plain", 2, 0.2, 1, 1, 1, 0.5),
    "D2": Case(_D, "plain", 2, 0.1, 1, 1, 1, 0.5),
    "D3": Case(_D, "plain", 3, -0.3, 1, 0.1, 2, 1),
    "N1w": Case(_W, "plain", 20, -0.2, 1, 1, 0, 0),
    "N1r": Case(_R, "plain", 20, 0.5 / 19, 1, 1, 1, 0),
}


def check_cases() -> list[CheckCase]:
    """Closed form (data-monetization §3) against the full SDP (§2.4 A) for every case."""
    return [timed_case(f"DM-{key}", f"{_REF} §5.1", f"{case.objective}, n={case.n}, "
                       f"gamma={case.gamma:g}: closed form vs full SDP",
                       case.solve("analytic").value, lambda case=case: case.solve("sdp").value)
            for key, case in CASES.items()]
