# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Privacy-preserving information sharing in Cournot oligopoly
#
# Liu & Rahimian, *Privacy-preserving Information Sharing in Oligopoly Competitions*
# (arXiv 2606.02348v1), rebuilt in `shared/reference/privacy-oligopoly.md` (cited as §).
#
# $n$ Cournot firms face $P = a + \theta - Q$ with a common demand shock
# $\theta \sim N(0, \sigma_\theta^2)$. Firm $i$ sees $s_i = \theta + \varepsilon_i$; a platform
# with its own signal $s_0$ pools the reports $s_i + \eta_i$ (privacy noise
# $\eta_i \sim N(0, \tau_i^2)$) of the firms that join and returns the posterior mean to them
# only. A firm joins when its participation incentive
# $\Delta_i = E[\pi_i \mid \text{all share}] - E[\pi_i \mid \text{all but } i \text{ share}]$
# is non-negative.
#
# The paper's figure parameters were lost in extraction; the figures below use the
# reference's suggested parameters (§4), with $\sigma_\theta^2 = a = 1$. Every number quoted
# is checked inline against the closed forms or the reference tables.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from mechdesign.markets.privacy_oligopoly import (
    GOLDEN_RATIO,
    PrivacyOligopoly,
    covariance_bound,
    critical_signal_ratio,
    optimal_privacy,
    own_privacy_threshold,
    participation_corner,
    platform_threshold,
    privacy_feasible_set,
    privacy_threshold,
    sharing_region,
    symmetric_incentive,
    welfare_along_privacy,
)
from mechdesign.markets.privacy_oligopoly.incentives import incentives_batch

plt.rcParams["figure.dpi"] = 90


def table(rows, header):
    """Print a small aligned table."""
    print(" | ".join(f"{h:>16}" for h in header))
    for row in rows:
        print(" | ".join(f"{x:>16.6g}" if isinstance(x, float) else f"{x!s:>16}" for x in row))


# %% [markdown]
# ## The market as one object
#
# `PrivacyOligopoly` is built from the primitives (keyword arguments only) and answers the
# paper's questions. Each method takes the closed form where the paper has one (identical
# firms) and the equilibrium engine otherwise; `method=` forces a route, so every number
# can be had two ways. Incentives are $\Delta$ in units of profit.

# %%
import time

market = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, platform_var=10.0)
routes = {m: market.participation_incentives(method=m)[0] for m in ("closed_form", "engine", "qp")}
table(list(routes.items()), ["route", "Delta (n=2, sigma_0^2=10)"])
assert abs(routes["closed_form"] - (-6203 / 2292357)) < 1e-15                      # B08
assert abs(routes["engine"] - routes["closed_form"]) < 1e-15
assert abs(routes["qp"] - routes["closed_form"]) < 1e-8
thresholds = [(name, getattr(market, name)(method="closed_form"), getattr(market, name)(method="engine"))
              for name in ("platform_threshold", "privacy_threshold", "critical_signal_ratio")]
table(thresholds, ["threshold", "closed form", "engine"])
assert all(abs(c - e) <= 1e-9 * max(1.0, abs(c)) for _, c, e in thresholds)

# a thousand heterogeneous firms: one structured solve, O(n^2), instead of 1000 dense solves
rng = np.random.default_rng(0)
big = PrivacyOligopoly(signal_var=tuple(rng.uniform(0.2, 3.0, 1000)),
                       privacy_var=tuple(rng.uniform(0.0, 5.0, 1000)), platform_var=4.0)
start = time.perf_counter()
delta = big.participation_incentives()
print(f"n = 1000: {time.perf_counter() - start:.2f} s; {np.sum(delta >= 0)} firms gain by joining")

# %% [markdown]
# ## Fig. 1 — Cor. 4.5: the precision threshold $r^*(n)$
#
# Without privacy and without a platform signal, sharing is an equilibrium iff
# $r = \sigma_\varepsilon^2/\sigma_\theta^2 \le r^*(n)$, the positive root of the concave cubic
# $f_n$ (Lemma 7.1). It exists only for $n \ge 3$ (§7 F5), increases in $n$ and tends to the
# golden ratio $\varphi$.

# %%
ns = np.arange(3, 21)
r_star = np.array([critical_signal_ratio(n=n) for n in ns])
reference_r_star = {3: 0.4691058795, 4: 0.8731497228, 5: 1.0734427198, 6: 1.1908141833,
                    8: 1.3209716508, 10: 1.3909368216, 20: 1.5143376848}
for n, value in reference_r_star.items():
    assert abs(critical_signal_ratio(n=n) - value) < 1e-9
assert np.all(np.diff(r_star) > 0) and r_star.max() < GOLDEN_RATIO
table([(n, critical_signal_ratio(n=n)) for n in (3, 4, 5, 6, 8, 10, 20, 50, 100, 1000)], ["n", "r*(n)"])

fig, ax = plt.subplots(figsize=(6, 3.6))
ax.fill_between(ns, 0, r_star, color="tab:green", alpha=0.25, label="sharing ($r \\leq r^*$)")
ax.plot(ns, r_star, "o-", color="tab:green")
ax.axhline(GOLDEN_RATIO, ls="--", color="k", lw=1, label="golden ratio $\\varphi$")
ax.set(xlabel="number of firms $n$", ylabel="$r = \\sigma_\\varepsilon^2/\\sigma_\\theta^2$",
       ylim=(0, 1.8), title="Fig. 1: sharing threshold $r^*(n)$ (no privacy, no platform signal)")
ax.legend(loc="lower right")
fig.tight_layout()

# %% [markdown]
# ## Fig. 2 — Prop. 4.6: the platform-signal threshold
#
# With $\tau = 0$, sharing is an equilibrium iff $\sigma_0^2 \le \bar\sigma_0^2(n, r)$, found as
# $\sigma_\theta^2/x^*$ with $x^*$ the positive root of the cubic $G_n(x; r)$. For
# $r \le r^*(n)$ (red dashed line) the threshold is infinite: sharing holds for every platform
# signal (§7 F6). Moving from $n = 3$ to $n = 5$, the line moves right, but for large $r$ the
# region shrinks.

# %%
fig2_reference = {
    2: [1.7207, 3.0218, 5.2245, 7.2484, 9.2161, 13.1085, 16.9991],
    3: [math.inf, 53.0453, 7.2875, 6.4577, 6.5230, 7.2015, 8.0828],
    4: [math.inf, math.inf, 19.0403, 6.4742, 5.2961, 4.9607, 5.1539],
    5: [math.inf, math.inf, math.inf, 6.7396, 4.5141, 3.7710, 3.7381],
    10: [math.inf, math.inf, math.inf, 10.4210, 2.6623, 1.6932, 1.5294],
}
rs = [0.25, 0.5, 1, 1.5, 2, 3, 4]
rows = []
for n, expected in fig2_reference.items():
    values = [platform_threshold(n=n, state_var=1.0, signal_var=r) for r in rs]
    for got, want in zip(values, expected):
        assert (got == want == math.inf) or abs(got - want) < 5e-5
    rows.append([n] + values)
table(rows, ["n \\ r"] + [str(r) for r in rs])

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
r_grid = np.linspace(0.02, 4, 300)
for ax, n in zip(axes, (3, 5)):
    bar = np.array([platform_threshold(n=n, state_var=1.0, signal_var=r) for r in r_grid])
    ax.fill_between(r_grid, 0, np.minimum(bar, 40), color="tab:blue", alpha=0.3,
                    label="sharing ($\\sigma_0^2 \\leq \\bar\\sigma_0^2$)")
    ax.plot(r_grid, np.minimum(bar, 40), color="tab:blue")
    ax.axvline(critical_signal_ratio(n=n), color="red", ls="--", label="$r^*(n)$")
    ax.set(xlabel="$r = \\sigma_\\varepsilon^2/\\sigma_\\theta^2$", title=f"n = {n}", ylim=(0, 40), xlim=(0, 4))
axes[0].set_ylabel("platform noise $\\sigma_0^2$")
axes[0].legend(loc="upper right")
fig.suptitle("Fig. 2: sharing region without privacy (Prop. 4.6)")
fig.tight_layout()

# %% [markdown]
# ## Fig. 3 — Prop. 4.7: the privacy threshold surface $\bar\tau^2(\sigma_\varepsilon^2, \sigma_0^2)$
#
# $\Delta(\tau^2)$ is not monotone, so $\bar\tau^2$ — the least noise with $\Delta \ge 0$ — is
# found by grid bracketing plus Brent's method. Zero means no privacy is needed. The claims
# "$\bar\tau^2$ rises with $\sigma_0^2$" and "larger $n$ needs more privacy for high $\sigma_0^2$"
# hold on this grid; "rises with $\sigma_\varepsilon^2$" is not universal (§7 F7; $n = 2$,
# $\sigma_0^2 = 10$: 6.70 at $r = 1$, 5.82 at $r = 2$).

# %%
fig3_reference = {
    (1, 2): [0, 0, 6.7010, 15.0629, 40.0878, 81.7792],
    (1, 3): [0, 0, 12.7708, 27.6010, 72.0473, 146.1118],
    (1, 5): [0, 0, 0, 0, 0, 0],
    (2, 2): [0, 0, 5.8218, 15.0680, 42.5001, 88.1507],
    (2, 3): [0, 0, 15.0323, 34.1262, 91.2750, 186.4894],
    (2, 5): [0, 16.5709, 38.4272, 82.0869, 213.0516, 431.3253],
    (3, 2): [0, 0, 0, 14.1781, 42.6943, 90.0502],
    (3, 3): [0, 0, 15.5927, 37.1875, 101.6856, 209.1149],
    (3, 5): [0, 18.9214, 45.6202, 98.9375, 258.8851, 525.4711],
}
platform_values = [2, 5, 10, 20, 50, 100]
rows = []
for (e, n), expected in fig3_reference.items():
    values = [privacy_threshold(n=n, signal_var=e, platform_var=s0) for s0 in platform_values]
    assert np.allclose(values, expected, atol=5e-5, rtol=0)
    rows.append([f"e={e}, n={n}"] + values)
table(rows, ["sigma_e^2"] + [f"s0={s}" for s in platform_values])
assert privacy_threshold(n=2, signal_var=2.0, platform_var=10.0) < privacy_threshold(n=2, signal_var=1.0, platform_var=10.0)   # F7 counter-instance

e_grid = np.linspace(0.5, 3.0, 16)
s0_grid = np.geomspace(2, 100, 16)
E, S0 = np.meshgrid(e_grid, s0_grid, indexing="ij")
surfaces = {n: np.array([[privacy_threshold(n=n, signal_var=e, platform_var=s0) for s0 in s0_grid] for e in e_grid]) for n in (3, 5)}
fig = plt.figure(figsize=(7.5, 5.5))
ax = fig.add_subplot(projection="3d")
for n, color in ((3, "red"), (5, "blue")):
    ax.plot_surface(E, np.log10(S0), surfaces[n], color=color, alpha=0.45, label=f"n = {n}")
ax.set(xlabel="$\\sigma_\\varepsilon^2$", ylabel="$\\log_{10}\\sigma_0^2$", zlabel="$\\bar\\tau^2$",
       title="Fig. 3: privacy threshold surfaces (red n = 3, blue n = 5)")
ax.view_init(elev=25, azim=-50)
ax.set_box_aspect(None, zoom=0.85)
ax.legend(loc="upper left")
fig.tight_layout()

# %% [markdown]
# When $\Delta(0) \ge 0$, moderate privacy can *destroy* sharing: for $n = 3$, $r = 1$,
# $\sigma_0^2 = 5$ the feasible set is $[0, \tau_a] \cup [\tau_b, \infty)$ (B09b, §7 F2).

# %%
intervals = privacy_feasible_set(n=3, signal_var=1.0, platform_var=5.0)
print("feasible tau^2:", [(round(lo, 4), hi if hi == math.inf else round(hi, 4)) for lo, hi in intervals])
assert len(intervals) == 2
assert symmetric_incentive(n=3, state_var=1.0, signal_var=1.0, platform_var=5.0, privacy_var=0.3) < 0 < symmetric_incentive(n=3, state_var=1.0, signal_var=1.0, platform_var=5.0, privacy_var=10.0)

# %% [markdown]
# ## Fig. 4 — Prop. 5.1: heterogeneous firms in the $(\tau_1^2, \tau_2^2)$ plane
#
# $\sigma_2^2 = 1$, $\sigma_0^2 = 10$, panels vary $\sigma_1^2$. Firm 1 joins above the
# orange boundary, firm 2 to the right of the blue one; both join in the dark wedge. The
# black dot is the least corner from iterating $\tau_i^2 \leftarrow g_i(\tau_{-i}^2)$. As
# $\sigma_1^2$ falls (firm 1 more precise) firm 1's requirement rises; at $\sigma_1^2 = 0.2$
# no design works (§7 F1).

# %%
taus = np.linspace(0, 50, 151)
T1, T2 = np.meshgrid(taus, taus, indexing="xy")
fig, axes = plt.subplots(1, 4, figsize=(14, 3.8), sharey=True)
for ax, s1 in zip(axes, (0.3, 0.5, 1.0, 2.0)):
    signal = np.tile([s1, 1.0], (T1.size, 1))
    privacy = np.column_stack([T1.ravel(), T2.ravel()])
    delta = incentives_batch(1.0, signal, privacy, np.full(T1.size, 10.0)).reshape(*T1.shape, 2)
    ax.contourf(T1, T2, delta[..., 0] >= 0, levels=[0.5, 1.5], colors=["tab:orange"], alpha=0.25)
    ax.contourf(T1, T2, delta[..., 1] >= 0, levels=[0.5, 1.5], colors=["tab:blue"], alpha=0.25)
    ax.contourf(T1, T2, delta.min(axis=-1) >= 0, levels=[0.5, 1.5], colors=["k"], alpha=0.35)
    ax.contour(T1, T2, delta[..., 0], levels=[0], colors="tab:orange")
    ax.contour(T1, T2, delta[..., 1], levels=[0], colors="tab:blue")
    corner = participation_corner(PrivacyOligopoly(signal_var=(s1, 1.0), privacy_var=0.0, platform_var=10.0))
    if corner.found and max(corner.privacy_var) <= 50:
        ax.plot(*corner.privacy_var, "ko")
    ax.set(title=f"$\\sigma_1^2$ = {s1}", xlabel="$\\tau_1^2$", xlim=(0, 50), ylim=(0, 50))
axes[0].set_ylabel("$\\tau_2^2$")
fig.suptitle("Fig. 4: participation regions (orange: firm 1 joins, blue: firm 2 joins, dark: both)")
fig.tight_layout()

# %% [markdown]
# ## Fig. 5 — the least joint-participation corner against $\sigma_1^2$
#
# $\bar\tau_1^2$ falls and $\bar\tau_2^2$ rises as firm 1's signal gets noisier *on the whole*;
# for equal firms the corner is the symmetric threshold of Prop. 4.3 (6.7010). But the least
# corner is **discontinuous**: near $\sigma_1^2 \approx 0.365$ firm 2 starts to need noise, and
# because $\Delta_2$ dips in its own noise, its requirement jumps from 0, which pushes firm 1's
# requirement *up* (10.46 → 14.74); near $\sigma_1^2 \approx 2.51$ firm 1 stops needing noise
# and firm 2's requirement jumps *down* (10.53 → 8.02). The paper's monotone reading of Fig. 5
# holds only piecewise (not flagged in the reference).

# %%
def corner_at(s1):
    return participation_corner(PrivacyOligopoly(signal_var=(s1, 1.0), privacy_var=0.0, platform_var=10.0)).privacy_var


fig5_reference = {0.25: (119.5405, 0), 0.3: (22.1443, 0), 0.5: (11.4622, 3.1732),
                  1.0: (6.7010, 6.7010), 2.0: (3.2208, 9.8787), 3.0: (0, 10.4411)}
rows = []
for s1, expected in fig5_reference.items():
    assert np.allclose(corner_at(s1), expected, atol=5e-5)
    rows.append((s1,) + corner_at(s1))
assert not participation_corner(PrivacyOligopoly(signal_var=(0.2, 1.0), privacy_var=0.0, platform_var=10.0)).found
assert abs(corner_at(1.0)[0] - privacy_threshold(n=2, signal_var=1.0, platform_var=10.0)) < 1e-9
table(rows + [(0.2, "none", "none")], ["sigma_1^2", "tau_1^2*", "tau_2^2*"])

before, after = corner_at(0.364), corner_at(0.366)
assert after[0] > before[0] + 4 and before[1] == 0 < after[1]
before, after = corner_at(2.50), corner_at(2.52)
assert after[0] == 0 < before[0] and after[1] < before[1] - 2
s1_grid = np.sort(np.concatenate([np.geomspace(0.25, 3.0, 14), [0.364, 0.366, 2.50, 2.52]]))
corners = np.array([corner_at(s1) for s1 in s1_grid])
fig, ax = plt.subplots(figsize=(6, 3.6))
ax.plot(s1_grid, corners[:, 0], "o", label="$\\bar\\tau_1^2$ (firm 1)")
ax.plot(s1_grid, corners[:, 1], "s", label="$\\bar\\tau_2^2$ (firm 2)")
ax.set(yscale="symlog", ylim=(0, 200), xlabel="$\\sigma_1^2$ (firm 2: $\\sigma_2^2 = 1$)",
       ylabel="least joint-participation noise", title="Fig. 5: participation corner (Prop. 5.1)")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## Fig. 6 — Prop. 5.2: sequential entry
#
# The incumbents have $\sigma_\varepsilon^2 = 2$ and common noise $\tau^2 = 1$; $\sigma_0^2 = 20$.
# An entrant with signal noise $\sigma_i^2$ needs own noise $\bar\tau_i^2$, falling in
# $\sigma_i^2$ and rising in $n$ — except when the entrant is much more precise than the
# incumbents: for $n = 5$ and $\sigma_i^2 = 0.75$ no noise makes it join (§7 F1).

# %%
fig6_reference = {2: [10.66318, 7.018573, 3.964057, 2.305785, 0],
                  3: [22.19327, 10.73438, 5.169275, 2.935876, 0],
                  4: [58.39156, 15.00933, 6.047007, 3.311065, 0],
                  5: [math.inf, 20.89913, 6.823738, 3.600902, 0.125862]}
entrant_vars = [0.75, 1.0, 1.5, 2.0, 3.0]


def entry_threshold(n, si):
    return own_privacy_threshold(PrivacyOligopoly(signal_var=(si,) + (2.0,) * (n - 1), privacy_var=1.0, platform_var=20.0), firm=0)


rows = []
for n, expected in fig6_reference.items():
    values = [entry_threshold(n, si) for si in entrant_vars]
    for got, want in zip(values, expected):
        assert (got == want == math.inf) or abs(got - want) <= 5e-6 * max(1, want)
    rows.append([n] + values)
table(rows, ["n \\ s_i^2"] + [str(s) for s in entrant_vars])

si_grid = np.linspace(0.75, 3.0, 25)
fig, ax = plt.subplots(figsize=(6, 3.6))
for n in (2, 3, 4, 5):
    curve = np.array([entry_threshold(n, si) for si in si_grid])
    ax.plot(si_grid, np.where(np.isinf(curve), np.nan, curve), "o-", ms=3, label=f"n = {n}")
ax.set(yscale="symlog", ylim=(0, 100), xlabel="entrant's signal noise $\\sigma_i^2$", ylabel="$\\bar\\tau_i^2$",
       title="Fig. 6: sequential entry threshold (Prop. 5.2)")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## The sharing-feasible region over (platform precision, privacy noise)
#
# $\min_i \Delta_i \ge 0$ on a grid of $1/\sigma_0^2$ and a common $\tau^2$. Left: identical
# firms ($n = 3$, $\sigma_\varepsilon^2 = 2$), where the boundary at $\tau = 0$ is Prop. 4.6's
# $\bar\sigma_0^2$. Right: heterogeneous firms $\sigma^2 = (0.7, 1, 2)$.

# %%
precision = np.linspace(0.0, 0.5, 200)
noise = np.linspace(0.0, 60.0, 200)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, signal in zip(axes, [(2.0, 2.0, 2.0), (0.7, 1.0, 2.0)]):
    region = sharing_region(PrivacyOligopoly(signal_var=signal), platform_precision=precision, privacy_var=noise)
    ax.contourf(precision, noise, region.feasible, levels=[0.5, 1.5], colors=["tab:green"], alpha=0.4)
    ax.contour(precision, noise, region.min_incentive, levels=[0], colors="tab:green")
    ax.set(xlabel="platform precision $1/\\sigma_0^2$", title=f"$\\sigma^2$ = {signal}  "
           f"({region.seconds:.2f} s for 200 x 200)")
    print(f"{signal}: {region.feasible.mean():.1%} of the grid sustains sharing")
axes[0].set_ylabel("common privacy noise $\\tau^2$")
bar = platform_threshold(n=3, state_var=1.0, signal_var=2.0)
axes[0].axvline(1 / bar, color="red", ls="--", lw=1)
region = sharing_region(PrivacyOligopoly(signal_var=(2.0,) * 3), platform_precision=precision, privacy_var=[0.0])
assert np.array_equal(region.feasible[0], precision >= 1 / bar)
fig.suptitle("Sharing-feasible region (green); red dashed: $1/\\bar\\sigma_0^2$ of Prop. 4.6")
fig.tight_layout()

# %% [markdown]
# ## The platform's privacy design (§5.5)
#
# Welfare when everyone shares, along $\tau^2$ ($n = 2$, $\sigma_\varepsilon^2 = 1$,
# $\sigma_0^2 = 10$). Privacy softens competition: PS rises, CS falls. Under participation
# ($\tau^2 \ge \bar\tau^2 = 6.70$) CS is maximised at $\bar\tau^2$ and PS, TS as $\tau^2 \to \infty$.

# %%
market = PrivacyOligopoly.symmetric(n=2, signal_var=1.0, privacy_var=0.0, platform_var=10.0)
tau_bar = privacy_threshold(n=2, signal_var=1.0, platform_var=10.0)
points = [0.0, 1.0, tau_bar, 20.0, 1e6]
welfare = welfare_along_privacy(market, np.array([[t, t] for t in points]))
reference_welfare = {"profit": [0.372760, 0.374648, 0.380268, 0.381834, 0.383629],
                     "consumer_surplus": [0.372760, 0.354450, 0.347401, 0.346546, 0.346647],
                     "total_surplus": [0.745520, 0.729098, 0.727669, 0.728380, 0.730276]}
for key, expected in reference_welfare.items():
    assert np.allclose(welfare[key], expected, atol=1e-6)
table([(t, welfare["profit"][k], welfare["consumer_surplus"][k], welfare["total_surplus"][k])
       for k, t in enumerate(points)], ["tau^2", "PS", "CS", "TS"])

designs = {obj: optimal_privacy(market, objective=obj) for obj in ("profit", "consumer_surplus", "total_surplus")}
for obj, design in designs.items():
    print(f"{obj:>17}: tau^2 = {design.privacy_var[0]:.6g}, value = {design.value:.6f} ({design.status})")
assert abs(designs["consumer_surplus"].privacy_var[0] - tau_bar) < 1e-8
assert designs["profit"].privacy_var[0] == designs["total_surplus"].privacy_var[0] == math.inf

fine = np.linspace(0, 80, 400)
curve = welfare_along_privacy(market, np.column_stack([fine, fine]))
fig, ax = plt.subplots(figsize=(6, 3.6))
for key, style in (("profit", "-"), ("consumer_surplus", "--"), ("total_surplus", ":")):
    ax.plot(fine, curve[key] - curve[key][0], style, label=key.replace("_", " "))
ax.axvspan(tau_bar, 80, color="tab:green", alpha=0.12, label="participation holds")
ax.set(xlabel="common privacy noise $\\tau^2$", ylabel="change from $\\tau^2 = 0$",
       title="Welfare along privacy noise (n = 2, $\\sigma_0^2$ = 10)")
ax.legend()
fig.tight_layout()

# %% [markdown]
# Heterogeneous firms, $\sigma^2 = (0.5, 1, 2)$, $\sigma_0^2 = 4$: one common noise level versus
# one per firm (a local search started from the common optimum and the corner).

# %%
hetero = PrivacyOligopoly(signal_var=(0.5, 1.0, 2.0), privacy_var=0.0, platform_var=4.0)
rows = []
for obj in ("profit", "consumer_surplus", "total_surplus"):
    common, per_firm = optimal_privacy(hetero, objective=obj), optimal_privacy(hetero, objective=obj, per_firm=True)
    assert per_firm.value >= common.value and np.all(per_firm.incentives >= -1e-9)
    rows.append((obj, common.value, per_firm.value, str(tuple(round(t, 2) for t in per_firm.privacy_var))))
table(rows, ["objective", "common", "per firm", "tau_i^2"])

# %% [markdown]
# ## What could any mechanism do? The covariance SDP (§5.2–5.3)
#
# Maximise over outcome covariances $\mathrm{Cov}(\theta, s, q)$ subject to obedience and
# garbling (the mediator sees only signals), with the paper's exclusion payoff at the same
# $\tau^2$ as each firm's outside option. Every noise mechanism satisfying participation is
# feasible, so the SDP value bounds it; the gap is what richer mechanisms could add.

# %%
rows = []
for t in (tau_bar, 20.0, 100.0):
    priced = market.with_privacy(privacy_var=t)
    exclusion = [priced.equilibrium({1}).profits[0]] * 2
    mechanism = priced.equilibrium()
    for obj, value in (("profit", mechanism.producer_surplus), ("consumer_surplus", mechanism.consumer_surplus),
                       ("total_surplus", mechanism.total_surplus)):
        bound = covariance_bound(priced, objective=obj, outside_option=exclusion)
        assert bound.status == "optimal" and bound.value >= value - 1e-7
        rows.append((round(t, 4), obj, value, bound.value))
table(rows, ["tau^2", "objective", "noise mech", "SDP bound"])

omniscient = covariance_bound(market, objective="profit", mediator="omniscient")
signals = covariance_bound(market, objective="profit")
assert abs(omniscient.quantity_variance - 0.25) < 1e-7 and abs(signals.quantity_variance - 0.162965) < 1e-6
print(f"max sum Var(q_i): omniscient mediator {omniscient.quantity_variance:.6f} (= 1/4), "
      f"signal-restricted {signals.quantity_variance:.6f}; paper's sharing equilibrium 0.150538, "
      f"no sharing 0.16")

# %% [markdown]
# The same bound by two more routes: as a design problem of the core LQG engine (the Cournot
# game with the signals as private types and the platform signal's news as the state,
# `method="lqg"`, which also certifies a dual bound), and — for consumer and total surplus —
# in closed form: revealing the mediator's posterior mean to every firm is optimal, i.e. the
# paper's no-privacy sharing equilibrium.

# %%
rows = []
for obj in ("profit", "consumer_surplus", "total_surplus"):
    sdp = covariance_bound(market, objective=obj)
    lqg = covariance_bound(market, objective=obj, method="lqg")
    closed = (covariance_bound(market, objective=obj, method="closed_form").value
              if obj != "profit" else float("nan"))
    assert lqg.status == "optimal" and abs(lqg.value - sdp.value) < 1e-7
    rows.append((obj, sdp.value, lqg.value, lqg.dual_bound, closed))
table(rows, ["objective", "SDP", "core LQG design", "certified bound", "closed form"])
