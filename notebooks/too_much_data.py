# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Too much data: leaks, prices and inefficiency in data markets
#
# Acemoglu, Makhdoumi, Malekian and Ozdaglar, *Too Much Data: Prices and Inefficiencies in
# Data Markets* (AEJ: Micro 2022). Reference: `shared/reference/too-much-data.md`.
#
# Users have Gaussian types $X \sim N(0, \Sigma)$ and data $S_i = X_i + Z_i$ with unit noise.
# When the set $S$ of users shares, the platform learns
# $I_i(S) = \Sigma_{iS}(I + \Sigma_{SS})^{-1}\Sigma_{Si}$ about user $i$ — also about users
# who did **not** share. That externality depresses prices: the platform pays a sharer only
# her own marginal $v_i m_i(S)$, and every user ends up with $-v_i I_i(S \setminus \{i\})$.
#
# Every number quoted below is checked against its closed form with an `assert`.

# %%
import matplotlib.pyplot as plt
import numpy as np

from mechdesign.markets.too_much_data import (
    Communities,
    DataMarket,
    ExampleB1,
    compare_objectives,
)

plt.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## 1. Leaks and prices against community size and correlation (Example B-1)
#
# One community of $n$ users with unit variances, correlation $\rho$ and privacy value $v$.
# When all share, a user's leak from the *others'* data is $J(n-1) = (n-1)\rho^2/(2-\rho+(n-1)\rho)$,
# which tends to $\rho$: with many correlated users, almost all that can be learned about a
# user is learned whether or not she shares. Her price $v\,m(n)$ falls to $v(1-\rho)^2/(2-\rho)$.

# %%
sizes = np.unique(np.geomspace(1, 1000, 60).astype(int))
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for rho, colour in zip([0.3, 0.5, 0.8], ["C0", "C1", "C2"]):
    example = ExampleB1(rho=rho, privacy=1.0)
    axes[0].semilogx(sizes, example.sharer_leak(sizes), color=colour,
                     label=fr"leak of a sharer $I_{{in}}(n)$, $\rho$={rho}")
    axes[0].semilogx(sizes, example.leak_from_others(sizes - 1), "--", color=colour,
                     label=fr"leak from others $J(n-1)$, $\rho$={rho}")
    axes[1].semilogx(sizes, example.marginal(sizes), color=colour, label=fr"$\rho$={rho}")
    axes[1].axhline(example.limit_price, color=colour, ls=":", lw=1)
axes[0].set(xlabel="community size n (all share)", ylabel="leaked information",
            title="Leaks when everyone shares")
axes[0].legend(fontsize=7)
axes[1].set(xlabel="community size n (all share)", ylabel="price per unit of v, m(n)",
            title="Minimal price (dotted: n → ∞ limit)")
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %%
example = ExampleB1(rho=0.5, privacy=2.0)
print(f"rho=0.5, v=2: price at n=1000 is {2 * example.marginal(1000):.4f}, "
      f"limit v(1-rho)^2/(2-rho) = {example.limit_price:.4f}")
print(f"user utility at a=1, n=100: {example.user_utility_all_share(100):.10f} (limit -v rho = -1)")
assert abs(example.limit_price - 1 / 3) < 1e-12
assert abs(2 * example.marginal(10 ** 9) - example.limit_price) < 1e-8
assert abs(example.user_utility_all_share(100) - (-0.9705882353)) < 1e-9
market = DataMarket.equicorrelated(n=100, rho=0.5, privacy=2.0)               # general leak formula, n = 100
assert abs(-2.0 * market.leaks(range(1, 100))[0] - example.user_utility_all_share(100)) < 1e-12

# %% [markdown]
# Leaks against the correlation for a few community sizes: even for $n=10$ a non-sharer's
# leak is most of a sharer's once $\rho \gtrsim 0.5$.

# %%
rhos = np.linspace(0, 0.95, 96)
fig, ax = plt.subplots(figsize=(6, 4))
for n, colour in zip([2, 10, 100], ["C0", "C1", "C2"]):
    leaks = np.array([ExampleB1(rho=r, privacy=1.0).sharer_leak(n) for r in rhos])
    others = np.array([ExampleB1(rho=r, privacy=1.0).leak_from_others(n - 1) for r in rhos])
    ax.plot(rhos, leaks, color=colour, label=f"sharer, n={n}")
    ax.plot(rhos, others, "--", color=colour, label=f"others' data only, n={n}")
ax.set(xlabel=r"correlation $\rho$", ylabel="leaked information (all share)",
       title="Leak against correlation")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 2. Equilibrium against first best: the inefficiency region
#
# **One community** ($n=50$, $\rho=0.5$). The platform picks the number $k$ of sharers
# (personalised prices, flag F1). For $v \le 1$ all share and the outcome is efficient.
# For $v > 1$ the first best is that nobody shares, but the platform still buys data from
# $k^* > 0$ users — even beyond the paper's all-or-nothing threshold $1/(1-\rho)^2 = 4$
# (flag F1: with personalised prices the optimum is interior).

# %%
values = np.linspace(0.0, 6.0, 121)
n, rho = 50, 0.5
rows = [Communities.independent(sizes=[n], correlations=[rho], privacy=[v]) for v in values]
equilibria = [c.equilibrium() for c in rows]
first_bests = [c.first_best() for c in rows]
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
axes[0].plot(values, [e.surplus / n for e in equilibria], label="equilibrium $W(a^E)/n$")
axes[0].plot(values, [f.surplus / n for f in first_bests], "--", label="first best $W(a^W)/n$")
inefficient = np.array([abs(e.surplus - f.surplus) > 1e-9 for e, f in zip(equilibria, first_bests)])
axes[0].fill_between(values, -3, 1, where=inefficient, color="C3", alpha=0.1,
                     label="inefficient")
axes[0].set(xlabel="privacy value v", ylabel="surplus per user", ylim=(-3, 0.8),
            title=fr"one community, n={n}, $\rho$={rho}")
axes[0].legend(fontsize=8)
axes[1].plot(values, [e.sharers[0] for e in equilibria])
axes[1].axvline(ExampleB1(rho=rho, privacy=1).threshold(n), color="C3", ls=":",
                label="all-or-nothing threshold $v^*(n)$")
axes[1].set(xlabel="privacy value v", ylabel="sharers $k^*$ in equilibrium",
            title="Number of sharers")
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %%
k_star, payoff = ExampleB1(rho=rho, privacy=2.0).personalised_optimum(n)
at_two = Communities.independent(sizes=[n], correlations=[rho], privacy=[2.0]).equilibrium()
print(f"v=2: k* = {k_star} of {n}, platform payoff {payoff:.6f}, surplus {at_two.surplus:.6f}")
assert at_two.sharers == (k_star,) and abs(at_two.platform_payoff - payoff) < 1e-9
assert abs(at_two.surplus - (1 - 2.0) * (k_star * ExampleB1(rho=rho, privacy=2).sharer_leak(k_star)
                                          + (n - k_star) * ExampleB1(rho=rho, privacy=2).leak_from_others(k_star))) < 1e-9
assert inefficient[values > 1.0 + 1e-9].all() and not inefficient[values <= 1.0].any()

# %% [markdown]
# **Two correlated communities**: 8 low-value users ($v = 0.5$) and 8 high-value users
# whose value $v_h$ varies; within-community correlation 0.5, across 0.4. Low-value users
# always share (Lemma 3), and their data leak about the high-value users. Once $v_h$ is large
# enough the first best shuts part of the market, the equilibrium does not, and surplus can
# turn negative (Proposition 3 bounds it from above).

# %%
high_values = np.linspace(1.0, 6.0, 101)
covariances = np.array([[0.5, 0.4], [0.4, 0.5]])


def two_communities(v_high):
    return Communities(sizes=(8, 8), covariances=covariances, variances=np.ones(2),
                       privacy=np.array([0.5, v_high]))


pairs = [(two_communities(v).equilibrium(), two_communities(v).first_best()) for v in high_values]
fig, ax = plt.subplots(figsize=(6.5, 4))
ax.plot(high_values, [e.surplus for e, _ in pairs], label="equilibrium $W(a^E)$")
ax.plot(high_values, [f.surplus for _, f in pairs], "--", label="first best $W(a^W)$")
gap = np.array([f.surplus - e.surplus > 1e-9 for e, f in pairs])
ax.fill_between(high_values, -9, 4, where=gap, color="C3", alpha=0.1, label="inefficient")
ax.axhline(0, color="k", lw=0.8)
ax.set(xlabel="privacy value of the high-value community $v_h$", ylabel="total surplus",
       ylim=(-8, 3), title="Low-value data hurt high-value users")
ax.legend(fontsize=8)
plt.show()

# %%
equilibrium, first_best = pairs[-1]
print(f"v_h = 6: equilibrium sharers {equilibrium.sharers}, W = {equilibrium.surplus:.4f}; "
      f"first best sharers {first_best.sharers}, W = {first_best.surplus:.4f}")
full = two_communities(6.0).market()                     # 16 users: exact enumeration
assert abs(full.equilibrium().surplus - equilibrium.surplus) < 1e-9
assert abs(full.first_best().surplus - first_best.surplus) < 1e-9
assert equilibrium.surplus <= full.proposition3_bound() + 1e-12

# %% [markdown]
# ## 3. Mediated sharing
#
# Theorem 6: a mediator that de-correlates the data ($\tilde S = \Sigma^{-1} S$) removes the
# externality, so the platform must pay users their whole leak and its profit equals
# surplus. Flag F7: the paper's *idealised* reading (sharers leak $I_i(S)$, non-sharers 0)
# is not implementable in general; the *full transform* is. The optimal linear-Gaussian
# disclosure (an SDP, closed form: sum of positive eigenvalues of $L^{1/2} D L^{1/2}$)
# bounds every implementable scheme.
#
# Market: 6 users, correlation 0.6; users 1–3 have $v = 0.5$, users 4–6 value $v_h$.

# %%
def mixed_market(v_high):
    return DataMarket.equicorrelated(n=6, rho=0.6, privacy=[0.5] * 3 + [v_high] * 3)


grid = np.linspace(0.5, 4.0, 36)
curves = {"equilibrium": [], "first best": [], "mediated (idealised)": [],
          "mediated (full transform)": [], "optimal disclosure": []}
for v in grid:
    market = mixed_market(v)
    curves["equilibrium"].append(market.equilibrium().surplus)
    curves["first best"].append(market.first_best().surplus)
    curves["mediated (idealised)"].append(market.mediation(reading="idealised").mediated.surplus)
    curves["mediated (full transform)"].append(market.mediation(reading="full_transform").mediated.surplus)
    curves["optimal disclosure"].append(market.optimal_disclosure().value)
fig, ax = plt.subplots(figsize=(7, 4.2))
styles = ["-", "--", "-.", ":", "-"]
for (label, curve), style in zip(curves.items(), styles):
    ax.plot(grid, curve, style, label=label, lw=2 if label == "optimal disclosure" else 1.5)
ax.axhline(0, color="k", lw=0.8)
ax.set(xlabel="privacy value of users 4–6, $v_h$", ylabel="total surplus",
       title="Effect of mediated sharing")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The idealised curve lies *above* the optimal-disclosure bound for $v_h > 1$: the leak
# pattern it assumes cannot be produced by any garbling of the data (flag F7). The full
# transform is implementable and stays below the bound; both keep surplus nonnegative,
# while the unmediated equilibrium destroys surplus once $v_h$ is large.

# %%
market = mixed_market(3.0)
idealised, full_transform = market.mediation(reading="idealised"), market.mediation(reading="full_transform")
bound = market.optimal_disclosure().value
print(f"v_h = 3: W(a^E) = {idealised.unmediated.surplus:.4f}, idealised Thm 6 "
      f"{idealised.mediated.surplus:.4f}, full transform {full_transform.mediated.surplus:.4f}, "
      f"optimal disclosure {bound:.4f}")
assert full_transform.mediated.surplus <= bound + 1e-9 < idealised.mediated.surplus
assert idealised.mediated.surplus >= idealised.unmediated.surplus
sharers = sorted(idealised.mediated.sharing)
assert abs(idealised.mediated.surplus
           - ((1 - market.privacy[sharers]) * market.leaks(sharers)[sharers]).sum()) < 1e-12

# %% [markdown]
# The benchmark pair of the reference (B07: two users, $\rho = 0.8$, $v = (0.5, 3)$):
# equilibrium surplus $-0.39$; idealised mediation $0.25$ (B13); full transform $0.0324$
# (B14b); optimal disclosure $0.0413$ (B21). The idealised pattern leaks 0.5 about user 1 and
# nothing about user 2, which no disclosure can do: $\min \mathrm{eig}(L(V) - \mathrm{diag}(0.5, 0)) < 0$.

# %%
b07 = DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])
print(f"B07: W(a^E) = {b07.equilibrium().surplus:.4f}, idealised {b07.mediation().mediated.surplus:.4f}, "
      f"full transform {b07.mediation(reading='full_transform').mediated.surplus:.4f}, "
      f"disclosure {b07.optimal_disclosure().value:.4f}")
assert abs(b07.equilibrium().surplus - (0.5 * b07.leaks([0])[0] - 2 * b07.leaks([0])[1])) < 1e-12
assert abs(b07.mediation().mediated.surplus - 0.5 * 0.5) < 1e-12           # (1 - v_1) σ⁴/(1+σ²)
assert abs(b07.mediation(reading="full_transform").mediated.surplus - 0.5 * 0.0648) < 1e-12
assert np.linalg.eigvalsh(b07.leak_matrix([0, 1]) - np.diag([0.5, 0.0]))[0] < 0

# %% [markdown]
# ## 4. Profit, surplus or users: the instrument under three objectives
#
# For the 3-user benchmark B08, each instrument optimised for each objective. Only the raw
# sharing-set instrument separates the three goals; with mediation or disclosure, users are
# paid their whole leak and the goals align.

# %%
b08 = DataMarket(np.array([[1, 0.6, 0.3], [0.6, 1, 0.5], [0.3, 0.5, 1.5]]), [0.3, 0.9, 2.5])
print(f"{'instrument':28s} {'objective':9s} {'sharing':10s} {'platform':>9s} {'users':>9s} {'surplus':>9s}")
for row in compare_objectives(b08):
    chosen = "-" if row.sharing is None else str(sorted(i + 1 for i in row.sharing))
    print(f"{row.instrument:28s} {row.objective:9s} {chosen:10s} {row.platform_profit:9.4f} "
          f"{row.users_surplus:9.4f} {row.surplus:9.4f}")
assert abs(b08.equilibrium().surplus - 0.2335164835) < 1e-9
first_best_by_hand = ((1 - b08.privacy) * b08.leaks([0])).sum()      # a^W = {1}
assert abs(b08.first_best().surplus - first_best_by_hand) < 1e-12
assert abs(first_best_by_hand - 0.3005) < 1e-9

# %% [markdown]
# ## 5. When is the equilibrium inefficient? (Theorem 3, Theorem B-3)
#
# Theorem 3: with two users correlated at ρ = 0.8, a high-value user next to a low-value one
# (part 2) is hurt by the low-value user's data; two correlated high-value users with values
# just above 1 (part 3) both sell although sharing destroys surplus. Theorem B-3 repeats the
# story with unknown values, the platform buying at virtual values Φ(v).

# %%
from mechdesign.markets.too_much_data import Uniform, VirtualValueMechanism, theorem_b3  # noqa: E402

for label, market in [("part 2", DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.5, 3.0])),
                      ("part 3", DataMarket.equicorrelated(n=2, rho=0.8, privacy=1.2)),
                      ("part 3, v=2.2", DataMarket.equicorrelated(n=2, rho=0.8, privacy=2.2))]:
    check = market.efficiency()
    print(f"Theorem 3 {label:13s}: W(a^E) = {check.equilibrium_surplus:+.4f}, "
          f"W(a^W) = {check.first_best_surplus:+.4f}, efficient: {check.efficient}")
mechanism = VirtualValueMechanism(DataMarket.equicorrelated(n=2, rho=0.8, privacy=[0.7, 5.0]),
                                  distributions=(Uniform(low=0.0, high=1.0),
                                                 Uniform(low=1.0, high=6.0)))
b3 = theorem_b3(mechanism)
print(f"Theorem B-3 part {b3.part}: the platform buys {sorted(b3.equilibrium)}, "
      f"surplus loss {b3.surplus_loss:.4f}")
assert b3.part == 3 and abs(b3.surplus_loss - (0.32 * 4 - 0.15)) < 1e-12

# %% [markdown]
# ## 6. Competing platforms: the rival's profitable deviation (Theorem 4, Part 3)
#
# Everyone on platform 1, only the users uncorrelated with high-value users sharing, is the
# first best. Platform 2 lures the other low-value users with $\Delta + v_i I_i(V_2^{(l)})$;
# the users' best responses accept, and the deviation pays exactly when (B-14) holds.

# %%
from mechdesign.markets.too_much_data import CompetingPlatforms, LinearJoining, part3_deviation  # noqa: E402

part3 = DataMarket(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.5], [0.0, 0.5, 1.0]]), [0.5, 0.5, 4.0])
for gamma in (0.09, 0.1, 0.12, 0.2):
    deviation = part3_deviation(CompetingPlatforms(part3, LinearJoining(gamma=gamma)))
    b14 = 0.5 * part3.leaks([1])[1] - 2 * gamma
    print(f"γ = {gamma}: platform 2 gains {deviation.gain:+.4f}; (B-14) margin {b14:+.4f}")
    assert (deviation.gain > 0) == (b14 > 0)

# %% [markdown]
# ## 7. Competing platforms: no price change pays at the Part 2-1 prices (Theorem 4, Part 2-1)
#
# With a strong network effect ($\delta \ge \underline\delta$, (B-1)) and the (B-2) prices, the
# first best — everyone on platform 1, sharing — should survive any price change.
# `deviation_bound` takes the supremum of a platform's payoff over *every* price vector by
# enumerating the users' equilibrium profiles: a proof, not a search. Under the proof's
# reading (the users keep the first best while it is still an equilibrium) neither platform
# gains. Without that reading platform 2 can post platform 1's own prices: the users are
# indifferent, so "everyone moves to platform 2" is an equilibrium too, and the conclusion
# rests on the selection.

# %%
from mechdesign.markets.too_much_data import deviation_bound  # noqa: E402

part21 = CompetingPlatforms(DataMarket.equicorrelated(n=3, rho=0.5, privacy=[0.2, 0.3, 0.4]),
                            LinearJoining(gamma=2.0))
first_best = dict(prices=part21.prices_b2(), joins=np.zeros(3, int), shares=np.ones(3, bool))
for selection in ("status_quo", "any"):
    gains = [deviation_bound(part21, platform=k, selection=selection, **first_best).gain
             for k in (0, 1)]
    print(f"selection={selection!r:13s}: best gain of platform 1 {gains[0]:+.4f}, "
          f"of platform 2 {gains[1]:+.4f}")
    assert max(gains) <= 1e-12 if selection == "status_quo" else gains[1] > 1
