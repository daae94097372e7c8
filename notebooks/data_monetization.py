# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Data monetization through strategic coordination
#
# Bonatti, Dahleh and Horel (arXiv 2302.12223) study a data platform that observes a
# common state θ and sells action recommendations to n symmetric players, each privately
# informed of a type t_i, whose best responses are
#
# $$a_i = \mathbb E\big[\theta + t_i + \gamma \textstyle\sum_{j\ne i} a_j \,\big|\, \text{info}_i\big]$$
#
# (normalised units α = β = 1; reference `data-monetization.md` §1). γ > 0 means
# strategic complements (Bertrand), γ < 0 substitutes (Cournot). A symmetric Gaussian
# mechanism recommends
#
# $$a_i = \mu + y(\theta-\mu_\theta) + w_o(t_i-\mu_t) + x\sum_{j\ne i}(t_j-\mu_t) + \varepsilon_i .$$
#
# This notebook reproduces the paper's figures from the closed forms in
# `mechdesign.analytic.data_monetization`, quotes the reference's numbers and checks each
# of them, and finally solves the same problems as full semidefinite programs with
# `md.design(..., method="sdp")`.

# %%
# %matplotlib inline
import math

from IPython.display import display

import mechdesign as md
from mechdesign import plot
from mechdesign.analytic import data_monetization as dm

FIGS = plot.paper_figures()


def agrees(value: float, quoted: float, rel: float = 1e-6) -> bool:
    return math.isclose(value, quoted, rel_tol=rel, abs_tol=1e-9)


# %% [markdown]
# ## Fig. 1 — obedient mechanisms form an ellipse
#
# By Prop 2 a symmetric mechanism is obedient iff (x, y) lies in the ellipse
# $S(x,y)=\sigma_\theta^2(y-Dy^2)+(n-1)\sigma_t^2(\gamma x-EDx^2)\ge 0$ with
# D = 1−(n−1)γ, E = 1+γ, and the noise variance is $S/(1-(n-1)\gamma\rho)$. No
# information (O), state only (SO), type only (TO) and complete information (CI) are the
# corners of a rectangle inscribed in it (n = 2, γ = ±0.3, σ's = 1).

# %%
display(FIGS["fig1"])
for gamma in (0.3, -0.3):
    for name, (x, y) in dm.rectangle_points(2, gamma).items():
        assert abs(dm.obedience_slack(x, y, 2, gamma, 1.0, 1.0)) < 1e-12, name
x_ci, _ = dm.rectangle_points(3, 0.2)["CI"]
assert agrees(float(dm.own_weight(x_ci, 3, 0.2)), 10 / 9)   # w_o^CI = (1-(n-2)γ)/(ED)

# %% [markdown]
# ## Fig. 2 — incentive compatibility
#
# Truthful reporting plus participation (Props 4–5) is the half-plane γx ≥ 0. The
# vertical axis x = 0 reveals only state information and needs no transfers.

# %%
display(FIGS["fig2"])

# %% [markdown]
# ## Fig. 3 — reservation utility and rents (Lemma 1, Prop 5)
#
# A non-participant facing the off-path aggregate action A gets
# $U^0(t)=\tfrac12(\mu_\theta+t+\gamma A)^2$: a parabola of curvature β² = 1 that A shifts
# horizontally (left). The seller picks A* so that its minimum sits at t*, the type whose
# expected action is zero, and charges the pointwise-maximal payment (18): the net
# utility U(t) − p(t) (the rent of Cor 3) is then a parabola with the same minimiser,
# where both are 0 (right). Parameters: the W1 mechanism (n = 2, γ = 0.3, μ_θ = 1,
# μ_t = 0.5), where the reference quotes t* = −1.3828 and A* = 1.2760 (§5.2 S5).

# %%
display(FIGS["fig3"])
w1_opt = dm.optimum("welfare", 2, 0.3, 1.0, 1.0, 1.0, 0.5)
w1_m = dm.symmetric_moments(w1_opt, 2, 1.0, 1.0)
t_star = dm.zero_action_type(w1_opt.mean_action, w1_m.d, 0.5, 1.0)
a_star = dm.off_path_action(w1_opt.mean_action, w1_m.d, 0.3, 1.0, 0.5, 1.0)
assert agrees(t_star, -1.382800434) and agrees(a_star, 1.276001445)
assert abs(float(dm.reservation_utility(t_star, a_star, 0.3, 1.0))) < 1e-12
assert abs(float(dm.interim_rent(t_star, w1_opt.mean_action, w1_m.d, 0.5, 1.0))) < 1e-12

# %% [markdown]
# ## Fig. 4 — the welfare optimum (Prop 7)
#
# With γ < 0 the designer wants maximally anti-correlated actions. The stationarity curve
# (21) depends only on (γ, n). When types are precise (σ_t²/σ_θ² below
# κ(γ, n), Prop 8) the curve starts inside the ellipse and the optimum is randomized;
# otherwise it is deterministic on the boundary. Here n = 3, γ = −0.5,
# σ_t² = 0.01 (benchmark W3) and σ_t² = 1.

# %%
display(FIGS["fig4"])
w3 = dm.optimum("welfare", 3, -0.5, 1.0, 0.01, 0.0, 0.0)
print(w3)
assert (w3.x, w3.w_o, w3.rho) == (-2.0, 3.0, -0.5) and agrees(w3.y, 1 / 3)
assert agrees(w3.noise_var, 0.1022222222) and agrees(w3.value, 0.575)
kappa = float(dm.welfare_randomization_threshold(3, -0.5))
assert agrees(kappa, 1 / 54)          # randomized iff σ_t²/σ_θ² < κ = 1/54
assert not dm.optimum("welfare", 3, -0.5, 1.0, 1.0, 0.0, 0.0).randomized

# %% [markdown]
# ## The benchmark table (reference §5.1)
#
# Every optimum, in normalised units, with values as totals over the players. For
# Bertrand the value includes the mechanism-independent constant; the table quotes the
# value without it.

# %%
BENCHMARKS = {  # id: (objective, n, γ, σθ², σt², μθ, μt, quoted x*, quoted value)
    "W1": ("welfare", 2, 0.3, 1, 1, 1, 0.5, 0.4604076366, 7.980195093),
    "W7": ("welfare", 2, -0.9, 1, 1, 0, 0, -4.878690644, 52.93554812),
    "R2": ("revenue", 2, 0.4, 1, 1, 1, 0.5, 0.7846170431, 4.564979223),
    "R5": ("revenue", 3, -0.5, 1, 0.01, 0.5, 0, -1.877432802, 0.5927820414),
    "C1": ("consumer_surplus_cournot", 2, -0.45, 1, 1, 1, 0.5, -0.0727732213, 3.946886336),
    "C3": ("consumer_surplus_cournot", 2, 0.4, 1, 1, 1, 0.5, 0.0, 2.973214286),
    "B1": ("consumer_surplus_bertrand", 2, 0.2, 1, 1, 1, 0.5, 0.06701000649, -4.37732423),
    "D1": ("delegation_revenue", 2, 0.2, 1, 1, 1, 0.5, 0.4344641972, 3.241448505),
}
OPTIMA = {}
print(f"{'id':4} {'x*':>12} {'y*':>12} {'w_o*':>10} {'σε²':>10} {'regime':>12} {'value':>12}")
for key, (objective, n, gamma, s2th, s2t, m_th, m_t, x_quoted, v_quoted) in BENCHMARKS.items():
    opt = dm.optimum(objective, n, gamma, s2th, s2t, m_th, m_t)
    OPTIMA[key] = opt
    print(f"{key:4} {opt.x:12.8f} {opt.y:12.8f} {opt.w_o:10.6f} {opt.noise_var:10.6f} "
          f"{opt.regime:>12} {opt.value - opt.value_constant:12.8f}")
    assert agrees(opt.x, x_quoted) and agrees(opt.value - opt.value_constant, v_quoted), key

# %% [markdown]
# ## Fig. 5 — payments, off-path threats and information rents (Prop 5, Cor 3)
#
# E[a_i | t] is a line through (μ_t, μ) whose slope is d/σ_t² with d = Cov(a_i, t_i).
# The interim rent is $V(t)=\sigma_t^2 E[a_i|t]^2/(2d)$; its ex-ante mean
# $\sigma_t^2\mu^2/(2d)+d/2$ is large both for flat lines (small d) and steep ones
# (n = 2, γ = 0.3, μ = 2.14). At the W1 mechanism (d = 1.138) the seller threatens the
# off-path aggregate action A* = 1.276 and charges p(μ_t) = 1.325.

# %%
display(FIGS["fig5"])
w1 = OPTIMA["W1"]
m = dm.symmetric_moments(w1, 2, 1.0, 1.0)
assert agrees(dm.zero_action_type(w1.mean_action, m.d, 0.5, 1.0), -1.382800434)
assert agrees(dm.off_path_action(w1.mean_action, m.d, 0.3, 1.0, 0.5, 1.0), 1.276001445)
assert agrees(float(dm.payment(0.5, m, w1.mean_action, 0.5, 1.0)), 1.325150193)
assert agrees(dm.ex_ante_rent(w1.mean_action, m.d, 1.0), 2.586347324)
assert agrees(dm.revenue_value(m, w1.mean_action, 2, 1.0) / 2, 1.403750222)

# %% [markdown]
# ## Fig. 6 — the mechanisms compared (§5.4)
#
# Complete information (CI), the welfare optimum (W-opt, Prop 7) and the revenue optimum at
# μ = 0 (R-opt, Prop 9), with the first best (FB, eq. 7) outside the ellipse. Prop 10
# orders them: γx^CI ≤ γx^R ≤ γx^W and y^W ≤ y^R ≤ y^CI — the seller trades some of the
# welfare-optimal coordination for lower rents (n = 2, γ = ±0.3, σ's = 1).

# %%
display(FIGS["fig6"])
for gamma in (0.3, -0.3):
    x_ci, y_ci = dm.rectangle_points(2, gamma)["CI"]
    w = dm.optimum("welfare", 2, gamma, 1.0, 1.0, 0.0, 0.0)
    r = dm.optimum("revenue", 2, gamma, 1.0, 1.0, 0.0, 0.0)
    assert gamma * x_ci <= gamma * r.x <= gamma * w.x and w.y <= r.y <= y_ci
    assert dm.zero_mean_ordering_holds(2, gamma, 1.0, 1.0)

# %% [markdown]
# ## Fig. 7 — the revenue optimum for low and high mean actions (Props 9–10)
#
# The seller maximises welfare minus rents. The rent term $\mu^2/w_o$ pushes the
# revenue optimum towards more weight on rivals' types as |μ| grows. At μ = 0 it lies
# between CI and W-opt; at $|\hat\mu| = \sigma_t w_o^W$ = 1.138 it equals W-opt; as
# |μ| → ∞ it tends to the end of the ellipse's horizontal axis (0.8126, 0.7143).

# %%
display(FIGS["fig7"])
mu_hat = dm.revenue_welfare_crossing(2, 0.3, 1.0, 1.0)
assert agrees(mu_hat, 1.138122291)
assert dm.zero_mean_ordering_holds(2, 0.3, 1.0, 1.0)
assert dm.large_mean_reversal_holds(2, 0.3, 1.0, 1.0, 4.0)
end = dm.large_mean_limit(2, 0.3, 1.0, 1.0)
assert agrees(end[0], 0.8126278089, 1e-8) and agrees(end[1], 0.7142857143, 1e-8)

# %% [markdown]
# ## Fig. 8 — consumer-optimal mechanisms (Props 11–12)
#
# A Bertrand consumer-aligned designer (γ = 0.2) picks the bottom-left quarter of the
# ellipse: prices fall when demand is high (y* < 0). A Cournot one (γ = −0.3) puts more
# weight on θ than W-opt, R-opt and CI. For Cournot with γ > 0 incentive compatibility
# binds (x* = 0) and the optimum is state-only up to γ̄(n) and randomized beyond.

# %%
display(FIGS["fig8"])
b = dm.optimum("consumer_surplus_bertrand", 2, 0.2, 1.0, 1.0, 0.0, 0.0)
assert b.x > 0 and b.y < 0 and not b.randomized
assert agrees(float(dm.cournot_complementarity_threshold(2)), 0.2807764064)
assert OPTIMA["C3"].randomized and OPTIMA["C3"].regime == "ic_binding"

# %% [markdown]
# ## The same problems as full semidefinite programs
#
# `md.design(game, objective, method="sdp")` solves the (2n+1)×(2n+1) covariance program
# (reference §2.4 A) without assuming symmetry. The markets are built in general units:
# Cournot has α = ½, β = −½ (the type is a cost) and γ = −δ/2; Bertrand has α = β = ½ and
# γ = δ/2. Normalised parameters map to demand mean 2μ_θ, demand variance 4σ_θ², and
# cost mean ∓2μ_t, cost variance 4σ_t².


# %%
def sdp_game(objective, n, gamma, s2th, s2t, m_th, m_t):
    if objective == "consumer_surplus_cournot":
        return md.games.cournot(n, -2 * gamma, 2 * m_th, 4 * s2th, -2 * m_t, 4 * s2t)
    if objective == "consumer_surplus_bertrand":
        return md.games.bertrand(n, 2 * gamma, 2 * m_th, 4 * s2th, 2 * m_t, 4 * s2t)
    return md.LQGame.symmetric(n=n, gamma=gamma, alpha=1.0, beta=1.0, state_mean=m_th,
                               state_var=s2th, type_mean=m_t, type_var=s2t)


SDP_OBJECTIVE = {"welfare": "welfare", "revenue": "revenue", "delegation_revenue": "revenue",
                 "consumer_surplus_cournot": "consumer_surplus",
                 "consumer_surplus_bertrand": "consumer_surplus"}
for key, (objective, *params, _, _) in BENCHMARKS.items():
    res = md.design(sdp_game(objective, *params), SDP_OBJECTIVE[objective],
                    obedience=not objective.startswith("delegation"), method="sdp")
    closed = OPTIMA[key].value
    print(f"{key}: closed form {closed:.9f}   SDP {res.value:.9f}   ({res.status})")
    assert res.status == "optimal" and agrees(res.value, closed), key
