"""A statsmodels-style text summary of a design result.

Three blocks: the design (game, objective, status, value, certified bound and gap, the
values of every objective, rents), the mechanism per player (mean action, weights on the
state, the own type and the rivals' types on average, noise variance, ex-ante rent;
eqs. 4–5, Cor 3), and the constraints the designer imposed — obedience (Prop 13) and
participation (Props 4–5) — per player, with whether each binds and, when the solved cvxpy
problem carries the labelled constraints of :mod:`mechdesign.constraints`, its multiplier
(the constraint's ``dual_value``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["summary_text", "multipliers", "format_number"]

_WIDTH = 78
_CONSTRAINTS = ("obedience_action", "obedience_type", "participation")
#: Relative participation slack under which the constraint is reported as binding.
BIND_TOL = 1e-6


def format_number(x, missing: str = "nan") -> str:
    """A table cell: six significant digits, text as is, ``missing`` for None and for a
    value that is not finite ("—" for None)."""
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return missing if not np.isfinite(x) else f"{x:.6g}"


def _try(fn) -> float:
    try:
        return float(fn())
    except ValueError:
        return float("nan")


def multipliers(problem) -> dict[str, np.ndarray]:
    """Dual values of the labelled obedience and participation constraints, by label
    (per player); empty when there is no problem or it carries no such labels."""
    if problem is None:
        return {}
    out = {}
    for con in problem.constraints:
        label = getattr(con, "label", None)
        if label in _CONSTRAINTS and con.dual_value is not None:
            out[label] = np.atleast_1d(np.asarray(con.dual_value, dtype=float)).ravel()
    return out


def _pairs(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> list[str]:
    rows = []
    for k in range(max(len(left), len(right))):
        a = f"{left[k][0] + ':':<17}{left[k][1]:<23}" if k < len(left) else " " * 40
        b = f"{right[k][0] + ':':<17}{right[k][1]}" if k < len(right) else ""
        rows.append((a + b).rstrip())
    return rows


def _design_block(res) -> list[str]:
    m = res.mechanism
    game = "—" if m is None else repr(m.game)
    left = [("Objective", res.objective), ("Method", res.method), ("Value", format_number(res.value)),
            ("Gap", format_number(res.gap))]
    right = [("Status", res.status), ("Solver", res.solver or "—"), ("Bound", format_number(res.bound)),
             ("Solve time", f"{res.solve_time:.4g} s")]
    if m is not None:
        left.append(("Welfare", format_number(m.welfare())))
        right.append(("Revenue", format_number(_try(m.revenue))))
        left.append(("Rents (total)", format_number(_try(lambda: np.sum(m.ex_ante_rent)))))
        if m.game.market is not None:
            right.append(("Consumer surpl.", format_number(m.consumer_surplus())))
    lines = [f"{'Game:':<17}{game}", *_pairs(left, right)]
    if res.status != "optimal" and res.message:
        lines.append(f"{'Message:':<17}{res.message}")
    return lines


def _player_block(m) -> list[str]:
    w, n = m.weights, m.n
    rivals = w.rival_types.sum(axis=1) / max(n - 1, 1)
    rent = m.ex_ante_rent if m.game.prior.independent_types else np.full(n, np.nan)
    noise = np.clip(np.diag(m.noise_cov), 0, None)
    lines = [f"{'player':>6} {'mean':>11} {'state':>11} {'own type':>11} {'rival avg':>11} "
             f"{'noise var':>11} {'rent':>11}"]
    for i in range(n):
        lines.append(f"{i:>6} " + " ".join(f"{format_number(x):>11}" for x in (
            m.mean_actions[i], w.state[i], w.own_type[i], rivals[i], noise[i], rent[i])))
    return lines


def _constraint_block(res) -> list[str]:
    m = res.mechanism
    duals = multipliers(res.problem)
    imposed = [c for c in _CONSTRAINTS if c in res.residuals]
    if not imposed:
        return ["no obedience or participation constraint imposed"]
    head = f"{'constraint':<18} {'player':>6} {'residual/slack':>15} {'binds':>9}"
    lines = [head + (f" {'multiplier':>13}" if duals else "")]
    residuals = m.obedience_residuals() if "obedience_action" in imposed else {}
    g = m.game
    scale = np.where(g.beta ** 2 * g.prior.type_var > 0, g.beta ** 2 * g.prior.type_var, 1.0)
    for label in imposed:
        if label == "participation":
            values = m.participation_slack / scale
            binds = ["yes" if s <= BIND_TOL else "no" for s in values]
        else:
            values = residuals[label]
            binds = ["equality"] * m.n
        for i in range(m.n):
            row = f"{label:<18} {i:>6} {values[i]:>15.3g} {binds[i]:>9}"
            if duals:
                dual = duals.get(label)
                row += f" {format_number(None if dual is None or dual.size != m.n else dual[i]):>13}"
            lines.append(row)
    return lines


def summary_text(res) -> str:
    """The summary table of a :class:`~mechdesign.DesignResult` (see the module doc)."""
    rule, thin = "=" * _WIDTH, "-" * _WIDTH
    lines = [rule, "Design result".center(_WIDTH), rule, *_design_block(res)]
    if res.mechanism is not None:
        lines += [thin, *_player_block(res.mechanism), thin, *_constraint_block(res)]
    lines.append(rule)
    return "\n".join(lines)
