r"""The platform's instrument optimised for profit, total surplus or users' surplus.

Reference: ``shared/reference/too-much-data.md`` §1.3–§1.4 (payoffs, minimal prices),
§1.7 (mediated sharing), §3.1(e) (optimal disclosure). Prices are transfers, so for every
outcome ``surplus = platform profit + users' surplus``.

Instruments and objectives
--------------------------
* ``"sharing set"`` — the platform chooses S and prices ``p ≥ v ∘ m(S)`` (any such prices
  support S; the minimal ones hold users to ``−v_i I_i(S∖{i})``):

  - ``"platform"``: ``max_S Π(S)`` at minimal prices (the equilibrium ``a^E``);
  - ``"surplus"``: ``max_S W(S)`` at minimal prices (the first best ``a^W``);
  - ``"users"``: ``max_S W(S)`` subject to ``Π(S) ≥ 0``, prices raised until the platform
    just breaks even, so users receive ``W(S)``.

* ``"mediated (idealised)"`` / ``"mediated (full transform)"`` — Theorem 6 in each
  reading (flag F7). Users are paid their whole leak, so at minimal prices profit equals
  surplus and the three objectives pick the same set; for ``"users"`` the platform
  breaks even and users receive the surplus.
* ``"disclosure"`` — the SDP of §3.1(e), ``max Σ (1 − v_i) R_ii`` over ``0 ⪯ R ⪯ L(V)``
  (its closed form, status ``"exact"``), with users paid (at least) ``v_i R_ii``: again all
  three objectives coincide.

The table shows that only the raw sharing-set instrument separates the three goals: the
data externality is what makes profit and surplus disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mechdesign._validation import check_choice

from .enumeration import mask_to_set, select_mask
from .model import DataMarket
from .outcomes import SharingOutcome

__all__ = ["ObjectiveRow", "OBJECTIVES", "compare_objectives", "sharing_set_for"]

OBJECTIVES = ("platform", "surplus", "users")


@dataclass(frozen=True)
class ObjectiveRow:
    """One (instrument, objective) cell: what is chosen and who gets what (totals)."""

    instrument: str
    objective: str
    sharing: frozenset[int] | None   # None for the disclosure SDP
    platform_profit: float
    users_surplus: float
    surplus: float
    status: str = "optimal"


def sharing_set_for(market: DataMarket, objective: str) -> tuple[SharingOutcome, float]:
    """The sharing set optimal for ``objective`` and the platform's profit there."""
    check_choice(objective, "objective", None, OBJECTIVES)
    if objective == "platform":
        chosen = market.equilibrium()
        return chosen, chosen.platform_payoff
    if objective == "surplus":
        chosen = market.first_best()
        return chosen, chosen.platform_payoff
    ones, zeros = np.ones(market.n), np.zeros(market.n)
    profit = market.objective_values(leak_weights=ones, marginal_weights=-market.privacy)
    surplus = market.objective_values(leak_weights=1 - market.privacy, marginal_weights=zeros)
    feasible = np.where(profit >= -1e-12, surplus, -np.inf)
    return market.outcome(mask_to_set(select_mask(feasible))), 0.0


def _aligned_rows(instrument: str, sharing: frozenset[int] | None, surplus: float,
                  status: str = "optimal") -> list[ObjectiveRow]:
    """Users paid their whole leak: the platform keeps the surplus unless users are the goal."""
    return [ObjectiveRow(instrument, objective, sharing,
                         0.0 if objective == "users" else surplus,
                         surplus if objective == "users" else 0.0, surplus, status)
            for objective in OBJECTIVES]


def compare_objectives(market: DataMarket) -> list[ObjectiveRow]:
    """Every instrument optimised for every objective, side by side."""
    rows = []
    for objective in OBJECTIVES:
        chosen, profit = sharing_set_for(market, objective)
        rows.append(ObjectiveRow("sharing set", objective, chosen.sharing, profit,
                                 chosen.surplus - profit, chosen.surplus))
    for reading in ("idealised", "full_transform"):
        mediated = market.mediated_equilibrium(reading=reading)
        rows += _aligned_rows(f"mediated ({reading.replace('_', ' ')})", mediated.sharing,
                              mediated.surplus)
    disclosure = market.optimal_disclosure()
    return rows + _aligned_rows("disclosure", None, disclosure.value, disclosure.status)
