r"""Data markets with leakage: Acemoglu, Makhdoumi, Malekian and Ozdaglar, "Too Much Data".

Reference: ``shared/reference/too-much-data.md`` (only the paper's online appendix
survived; items marked [INFERRED] there are reconstructed and implemented as specified).

The model object is :class:`DataMarket` (type covariance Σ and privacy values v); its
methods answer the paper's questions: leaks ``I_i(S)``, the monopoly equilibrium, the
first best, mediated sharing in both readings of Theorem 6, the Proposition 3 bound and
the inefficiency results of Theorem 3. The questions that are also convex programs
(§3.1) — ``user_leak``, ``total_leak``, ``optimal_disclosure`` (closed form by default),
``disclosure_margin`` and ``relaxation`` (programs only) — take ``method="auto" |
"closed_form" | "program"`` and return a :class:`ProgramResult` whichever route: status
``"exact"`` for a closed form, ``"optimal"`` only for a certified program. Arguments that
could be confused by their order are keyword-only. The modules, one idea each:

* :mod:`.enumeration` — sharing sets as bitmasks, exact argmax over ``2^n`` sets;
* :mod:`.outcomes` — what a sharing set yields at its minimal prices;
* :mod:`.model` — :class:`DataMarket`;
* :mod:`.mediated` — the full-transform algebra of Lemma 5 / Theorem 6;
* :mod:`.inefficiency` — Theorem 3 and Theorem B-3 (when the equilibrium is inefficient);
* :mod:`.communities` — exchangeable communities of any size, Example B-1;
* :mod:`.competition` — two competing platforms (Theorem 4): users' side, thresholds;
* :mod:`.deviations` — Theorem 4's platform side: price deviations, the users' responses
  and the supremum over every price change (a proof that none is profitable);
* :mod:`.valuations` — unknown privacy values (VCG, Theorem B-2, the discrete LP);
* :mod:`.programs` — the convex programs of §3.1 (LMIs, relaxation, optimal disclosure);
* :mod:`.objectives` — each instrument optimised for profit, surplus or users;
* :mod:`.cases` — the ``mechdesign check`` rows.

Example
-------
>>> from mechdesign.markets.too_much_data import DataMarket
>>> market = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])
>>> sorted(market.equilibrium().sharing)
[0, 1]
"""

from .cases import SIGMA3, benchmark_cases
from .communities import Communities, CommunityOutcome, ExampleB1
from .competition import (
    CompetingPlatforms,
    Deviation,
    LinearJoining,
    Part1Prices,
    Part3Thresholds,
    big_delta_bar_b3,
    big_delta_tilde_b8,
    delta_lower_b1,
    delta_tilde_b16,
    part3_thresholds,
    v_bar_b4,
)
from .deviations import (
    MAX_PROFILE_USERS,
    SELECTIONS,
    DeviationBound,
    PriceDeviation,
    best_price_deviation,
    deviation_bound,
    deviation_gain,
    part3_deviation,
    respond,
)
from .enumeration import (
    MAX_ENUMERATION_USERS,
    MAX_TABLE_USERS,
    mask_to_set,
    select_mask,
    set_to_mask,
)
from .inefficiency import EfficiencyCheck, theorem3, theorem3_part, theorem_b3, theorem_b3_part
from .mediated import READINGS, MediatedOutcome
from .model import DataMarket
from .objectives import OBJECTIVES, ObjectiveRow, compare_objectives, sharing_set_for
from .outcomes import SharingOutcome, SharingTable
from .programs import (
    ProgramResult,
    disclosure_margin,
    disclosure_sdp,
    leak_matrix_sdp,
    leak_sdp,
    optimal_disclosure_value,
    relaxation_sdp,
)
from .valuations import (
    Exponential,
    StepPiece,
    Uniform,
    VCGOutcome,
    VirtualValueMechanism,
    discrete_mechanism_lp,
    discrete_virtual_costs,
    discrete_virtual_value_profit,
    proposition_b2_bound,
    vcg,
)

__all__ = [
    "DataMarket", "SharingOutcome", "SharingTable", "MediatedOutcome", "READINGS",
    "EfficiencyCheck", "theorem3", "theorem3_part", "theorem_b3", "theorem_b3_part",
    "MAX_ENUMERATION_USERS", "MAX_TABLE_USERS", "mask_to_set", "select_mask", "set_to_mask",
    "Communities", "CommunityOutcome", "ExampleB1",
    "CompetingPlatforms", "Deviation", "LinearJoining", "Part1Prices", "Part3Thresholds",
    "big_delta_bar_b3", "big_delta_tilde_b8", "delta_lower_b1", "delta_tilde_b16",
    "part3_thresholds", "v_bar_b4",
    "PriceDeviation", "DeviationBound", "MAX_PROFILE_USERS", "SELECTIONS",
    "best_price_deviation", "deviation_bound", "deviation_gain", "part3_deviation", "respond",
    "Uniform", "Exponential", "VCGOutcome", "vcg", "VirtualValueMechanism", "StepPiece",
    "discrete_virtual_costs", "discrete_mechanism_lp", "discrete_virtual_value_profit",
    "proposition_b2_bound",
    "ProgramResult", "leak_sdp", "leak_matrix_sdp", "relaxation_sdp", "disclosure_sdp",
    "optimal_disclosure_value", "disclosure_margin",
    "OBJECTIVES", "ObjectiveRow", "compare_objectives", "sharing_set_for",
    "SIGMA3", "check_cases",
]


def check_cases():
    """Closed forms against independent numeric routes (reference §4)."""
    return benchmark_cases()
