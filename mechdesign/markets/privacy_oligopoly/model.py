r"""The privacy-oligopoly market as one object (reference ``privacy-oligopoly.md`` §1).

:class:`PrivacyOligopoly` holds the paper's primitives — signal noises ``sigma_i^2``,
privacy noises ``tau_i^2``, the platform's signal noise ``sigma_0^2``, the state variance
``sigma_theta^2`` and the demand intercept ``a`` — and answers the paper's questions:
the equilibrium for any participating set, the participation incentives ``Delta_i``, the
thresholds ``r*(n)``, ``sigma_0^2 bar``, ``tau^2 bar``, the least own noise and the
two-firm corner, the platform's optimal privacy, the sharing region and the covariance
bound on every mechanism.

Where the paper has a closed form (identical firms; §2.2, §3) a method takes it by
default (``method="auto"``) and ``method="closed_form"`` or ``method="engine"`` (the
equilibrium engine of §2.1) forces a route; ``method="closed_form"`` on a market
outside the closed form's scope raises ``ValueError``. Every scalar argument is
keyword-only. Units: incentives are ``Delta`` in units of profit, thresholds are
variances (``sigma_0^2``, ``tau^2``) and ``r*(n)`` is the ratio ``sigma_eps^2/sigma_theta^2``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from mechdesign._validation import check_choice, check_integer, check_nonnegative, check_positive
from mechdesign.markets.privacy_oligopoly import closed_forms, design, programs, thresholds
from mechdesign.markets.privacy_oligopoly.engine import Equilibrium, solve_equilibrium
from mechdesign.markets.privacy_oligopoly.incentives import incentives_batch

__all__ = ["PrivacyOligopoly"]

_WHERE = "PrivacyOligopoly"
_ROUTES = ("auto", "closed_form", "engine")


def _check_variances(values: Sequence[float], name: str, allow_inf: bool) -> tuple[float, ...]:
    out = []
    for k, value in enumerate(map(float, values)):
        label = f"{name}[{k}]"
        if allow_inf and value == math.inf:
            out.append(math.inf)
        elif allow_inf:
            out.append(check_nonnegative(value, label, _WHERE, "negative noise is not a variance"))
        else:
            out.append(check_positive(value, label, _WHERE, "a variance must be positive"))
    return tuple(out)


@dataclass(frozen=True, kw_only=True)
class PrivacyOligopoly:
    """A Cournot market with a privacy-preserving data-sharing platform (reference §1.1).

    Parameters (keyword-only)
    -------------------------
    signal_var : per-firm signal noise variances ``sigma_i^2 > 0`` (length n >= 2).
    privacy_var : per-firm privacy noise ``tau_i^2`` in [0, inf]; a scalar is broadcast;
        ``inf`` means the report is pure noise.
    platform_var : ``sigma_0^2`` in (0, inf]; ``inf`` means no platform signal.
    state_var : ``sigma_theta^2 > 0``.
    intercept : demand intercept ``a > 0`` (no participation result depends on it, §1.6).
    """

    signal_var: tuple[float, ...]
    privacy_var: tuple[float, ...] | float = 0.0
    platform_var: float = math.inf
    state_var: float = 1.0
    intercept: float = 1.0

    def __post_init__(self) -> None:
        signal = np.atleast_1d(np.asarray(self.signal_var, dtype=float))
        check_integer(signal.size, "len(signal_var)", _WHERE, 2)
        privacy = np.broadcast_to(np.asarray(self.privacy_var, dtype=float), signal.shape)
        object.__setattr__(self, "signal_var", _check_variances(signal, "signal_var", False))
        object.__setattr__(self, "privacy_var", _check_variances(privacy, "privacy_var", True))
        if self.platform_var != math.inf:
            check_positive(self.platform_var, "platform_var", _WHERE,
                           "use inf for 'no platform signal'")
        object.__setattr__(self, "platform_var", float(self.platform_var))
        object.__setattr__(self, "state_var", check_positive(self.state_var, "state_var", _WHERE))
        object.__setattr__(self, "intercept", check_positive(self.intercept, "intercept", _WHERE))

    @classmethod
    def symmetric(cls, *, n: int, signal_var: float, privacy_var: float = 0.0,
                  platform_var: float = math.inf, state_var: float = 1.0,
                  intercept: float = 1.0) -> PrivacyOligopoly:
        """n identical firms with signal noise ``signal_var`` and privacy noise ``privacy_var``."""
        n = check_integer(n, "n", f"{_WHERE}.symmetric", 2)
        return cls(signal_var=(signal_var,) * n, privacy_var=privacy_var,
                   platform_var=platform_var, state_var=state_var, intercept=intercept)

    @property
    def n(self) -> int:
        return len(self.signal_var)

    @property
    def identical_signals(self) -> bool:
        """Whether every firm has the same signal noise (the closed forms' premise)."""
        return len(set(self.signal_var)) == 1

    @property
    def is_symmetric(self) -> bool:
        """Identical signal noise and identical privacy noise for every firm (§2.2)."""
        return self.identical_signals and len(set(self.privacy_var)) == 1

    def with_privacy(self, *, privacy_var: float | Sequence[float]) -> PrivacyOligopoly:
        """The same market with another privacy design."""
        return PrivacyOligopoly(signal_var=self.signal_var, privacy_var=privacy_var,
                                platform_var=self.platform_var, state_var=self.state_var,
                                intercept=self.intercept)

    def with_platform(self, *, platform_var: float) -> PrivacyOligopoly:
        """The same market with another platform signal noise ``sigma_0^2``."""
        return PrivacyOligopoly(signal_var=self.signal_var, privacy_var=self.privacy_var,
                                platform_var=platform_var, state_var=self.state_var,
                                intercept=self.intercept)

    def participants(self, members: Iterable[int] | None = None) -> frozenset[int]:
        """Validate a participating set (default: every firm)."""
        if members is None:
            return frozenset(range(self.n))
        members = frozenset(members)
        strays = sorted(k for k in members
                        if not (isinstance(k, (int, np.integer)) and 0 <= k < self.n))
        if strays:
            raise ValueError(f"The 'participants' parameter of {_WHERE} must be a subset of the "
                             f"firms {{0, ..., {self.n - 1}}}. Got {strays!r} outside it instead.")
        return frozenset(int(k) for k in members)

    # -- equilibrium and incentives (§1.5, §2) ------------------------------------------

    def equilibrium(self, participants: Iterable[int] | None = None, *,
                    method: str = "linear") -> Equilibrium:
        """Linear Bayes-Nash equilibrium when ``participants`` share (default: all firms).

        ``method="linear"`` solves (M + D) b = c; ``method="qp"`` maximises the expected
        potential with cvxpy (Clarabel) and keeps the problem on the result (§2.1, §5.1).
        """
        return solve_equilibrium(self, self.participants(participants), method)

    def participation_incentives(self, *, method: str = "auto") -> np.ndarray:
        """``Delta_i = E[pi_i | all share] - E[pi_i | all but i share]``, shape (n,) (§1.5).

        ``method``: ``"closed_form"`` — (Stau)/(Dtau) of §2.2, identical firms with a common
        ``tau^2``; ``"engine"`` — the structured solve of the engine's first-order system
        (any firms, O(n^2), n up to 5,000); ``"qp"`` — both equilibria of each firm from
        the convex QP of §5.1 (cvxpy, small n); ``"auto"`` — the closed form for symmetric
        markets, the engine otherwise.
        """
        if self._closed_form(method, "participation_incentives", self.is_symmetric,
                             "identical signal_var and privacy_var", _ROUTES + ("qp",)):
            delta = closed_forms.symmetric_incentive(
                n=self.n, state_var=self.state_var, signal_var=self.signal_var[0],
                platform_var=self.platform_var, privacy_var=self.privacy_var[0])
            return np.full(self.n, float(delta))
        if method == "qp":
            sharing = self.equilibrium(method="qp").profits
            everyone = frozenset(range(self.n))
            return np.array([sharing[i] - self.equilibrium(everyone - {i}, method="qp").profits[i]
                             for i in range(self.n)])
        return incentives_batch(self.state_var, np.array([self.signal_var]),
                                np.array([self.privacy_var]), np.array([self.platform_var]))[0]

    def sharing_is_equilibrium(self, *, tol: float = 0.0, method: str = "auto") -> bool:
        """Whether every firm weakly prefers to join (``Delta_i >= -tol``)."""
        return bool(np.all(self.participation_incentives(method=method) >= -tol))

    # -- thresholds (§3) ----------------------------------------------------------------

    def critical_signal_ratio(self, *, method: str = "auto") -> float:
        """``r*(n)``: without privacy or platform signal, identical firms share iff
        ``sigma_eps^2/sigma_theta^2 <= r*(n)`` (Lemma 7.1, Cor 4.5; 0 for n = 2).

        Depends on n only. ``"closed_form"``/``"auto"``: the root of the cubic ``f_n``;
        ``"engine"``: the root of the engine's ``Delta(r)``.
        """
        if self._closed_form(method, "critical_signal_ratio", True, ""):
            return closed_forms.critical_signal_ratio(n=self.n)
        return thresholds.engine_critical_signal_ratio(n=self.n)

    def platform_threshold(self, *, method: str = "auto") -> float:
        """``sigma_0^2 bar``: every firm joins iff ``platform_var <=`` it (Props 4.2, 4.6).

        At this market's privacy noise; ``platform_var`` is ignored. ``"closed_form"``: the
        root of the cubic ``G_n`` (identical firms, no privacy noise); ``"engine"``: the
        least sign change of ``min_i Delta_i`` in ``sigma_0^2`` (any market);
        ``"auto"``: the closed form where it applies.
        """
        premise = self.identical_signals and set(self.privacy_var) == {0.0}
        if self._closed_form(method, "platform_threshold", premise,
                             "identical signal_var and privacy_var = 0"):
            return closed_forms.platform_threshold(n=self.n, state_var=self.state_var,
                                                   signal_var=self.signal_var[0])
        return thresholds.engine_platform_threshold(self)

    def privacy_feasible_set(self, *, method: str = "auto") -> tuple[tuple[float, float], ...]:
        """Common noise levels ``tau^2`` at which every firm joins: a union of intervals.

        ``privacy_var`` is ignored. ``"closed_form"``: (Stau)/(Dtau), identical firms;
        ``"engine"``: the equilibrium engine, any firms; ``"auto"``: the closed form where
        it applies. Intervals are found by grid bracketing plus Brent (§3, §7 F2).
        """
        if self._closed_form(method, "privacy_feasible_set", self.identical_signals,
                             "identical signal_var"):
            return thresholds.privacy_feasible_set(n=self.n, signal_var=self.signal_var[0],
                                                   platform_var=self.platform_var,
                                                   state_var=self.state_var)
        return thresholds.engine_privacy_feasible_set(self)

    def privacy_threshold(self, *, method: str = "auto") -> float:
        """``tau^2 bar`` of Props 4.3/4.7: the least common noise at which every firm joins
        (0 when none is needed, ``inf`` when no level works)."""
        intervals = self.privacy_feasible_set(method=method)
        return intervals[0][0] if intervals else math.inf

    def own_privacy_threshold(self, *, firm: int, method: str = "engine") -> float:
        """Least own noise ``tau_i^2`` (rivals' noise fixed) at which ``firm`` joins (Prop 5.2).

        No closed form; ``inf`` when no own noise works (§7 F1). ``method="engine"``: the
        structured solve of the engine's first-order system; ``method="qp"``: each
        ``Delta_i`` from the two convex-QP equilibria of §5.1 (slower, small n).
        """
        return thresholds.own_privacy_threshold(self, firm=firm, method=method)

    def participation_corner(self, *, max_iter: int = 500,
                             rtol: float = 1e-12) -> thresholds.ParticipationCorner:
        """Prop 5.1's least joint-participation point (engine; ``privacy_var`` ignored)."""
        return thresholds.participation_corner(self, max_iter=max_iter, rtol=rtol)

    # -- design (§5) --------------------------------------------------------------------

    def optimal_privacy(self, *, objective: str = "total_surplus", per_firm: bool = False,
                        method: str = "search") -> design.PrivacyDesign:
        """The platform's best noise for ``objective`` with every firm joining (§5.4).

        No closed form exists. ``method="search"``: a 1-D search for common noise, a local
        search per firm; ``method="grid"``: brute force on a dense grid in
        ``u = tau^2/(tau^2 + sigma_theta^2)`` (closed forms for identical firms and common
        noise, the engine otherwise).
        """
        return design.optimal_privacy(self, objective=objective, per_firm=per_firm,
                                      method=method)

    def sharing_region(self, *, platform_precision, privacy_var,
                       method: str = "auto") -> design.SharingRegion:
        """``Delta_i`` on a grid of (common privacy noise, platform precision ``1/sigma_0^2``).

        ``"closed_form"``: (Stau)/(Dtau), identical firms; ``"engine"``: any firms.
        """
        route = ("closed_form" if self._closed_form(method, "sharing_region",
                                                    self.identical_signals,
                                                    "identical signal_var")
                 else "engine")
        return design.sharing_region(self, platform_precision=platform_precision,
                                     privacy_var=privacy_var, method=route)

    def covariance_bound(self, *, objective: str = "total_surplus", mediator: str = "signals",
                         outside_option=None, method: str = "sdp") -> programs.CovarianceBound:
        """The outcome-covariance SDP bounding every Gaussian mechanism (§5.2-§5.3).

        ``method="sdp"``: the program over the outcome covariance; ``method="lqg"``: the
        same program as a design problem of the core LQG engine (the signals as private
        types, the platform signal's news as the state), with a certified dual bound;
        ``method="closed_form"``: ``max CS``/``max TS`` (any mediator) and the omniscient
        mediator's ``max PS``, without ``outside_option`` (else ``ValueError``).
        """
        return programs.covariance_bound(self, objective=objective, mediator=mediator,
                                         outside_option=outside_option, method=method)

    def _closed_form(self, method: str, name: str, premise: bool, requirement: str,
                     routes: tuple[str, ...] = _ROUTES) -> bool:
        """Whether ``method`` selects the closed form; raise when it is forced off its scope."""
        check_choice(method, "method", f"{_WHERE}.{name}", routes)
        if method == "closed_form" and not premise:
            raise ValueError(f"The 'method' parameter of {_WHERE}.{name} may be 'closed_form' "
                             f"only for markets with {requirement}; use 'engine' for this one "
                             f"(signal_var={self.signal_var!r}, privacy_var={self.privacy_var!r})."
                             f" Got 'closed_form' instead.")
        return method == "closed_form" or (method == "auto" and premise)
