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
# # The economics of social data
#
# Bergemann, Bonatti & Gan, *The Economics of Social Data*, rebuilt in
# `shared/reference/social-data.md` (cited as §).
#
# $N$ consumers have willingness to pay $w_i = \theta + \theta_i$ and observe
# $s_i = w_i + \varepsilon + \varepsilon_i$. The data structure is
# $\alpha = \sigma_\theta^2/\sigma_w^2$ (how correlated the consumers' values are) and
# $\beta = \sigma_\varepsilon^2/\sigma_e^2$ (how correlated the noise is). An intermediary
# buys the signals, perhaps anonymised or with noise added, and sells them to a producer
# who prices with them. Consumers are paid for the harm their *own* data does,
# $m_i = \tfrac38(V_{on} - V_{off})$. Because the others' data already reveal much of
# $w_i$, that payment is small: this is the data externality.
#
# Units: $\sigma_w^2 = 1$ throughout, $\lambda = \sigma_e^2$; the figure captions give
# standard deviations ($\sigma_e = 10$ means $\lambda = 100$). Every number quoted is
# checked inline against the closed forms, and some also against the exact engine or a
# convex program.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from mechdesign.markets import social_data as sd

M = sd.SocialDataMarket
grid11 = np.round(np.linspace(0, 1, 11), 10)


def close(x, y, tol=5e-5):
    return abs(x - y) <= tol


# %% [markdown]
# ## Fig. 2: information gain $G = V_{all} - V_{own}$
#
# $G$ is how much more the whole data set says about $w_i$ than consumer $i$'s own
# signal (Lemma 1). It is zero on the diagonal $\alpha = \beta$, where the others' signals
# carry no information beyond $s_i$. It grows as the two correlations move apart. With
# $\sigma_w = \sigma_e$ the picture is symmetric and the corners tie at
# $G = 9/22$ (B2). $N = 10$.

# %%
def gain_grid(lam, n=10, points=101):
    axis = np.linspace(0, 1, points)
    return axis, np.array([[sd.information_gain(M(n=n, alpha=a, beta=b, sigma_w2=1.0, sigma_e2=lam)) for b in axis] for a in axis])


axis, gain = gain_grid(1.0)
fig, ax = plt.subplots(figsize=(5, 4.3))
contour = ax.contourf(axis, axis, gain, levels=np.linspace(0, 0.42, 15), cmap="viridis")
ax.contour(axis, axis, gain, levels=[0.05, 0.1, 0.2, 0.3], colors="white", linewidths=0.7)
fig.colorbar(contour, ax=ax, label="G")
ax.set(xlabel=r"$\beta$ (noise correlation)", ylabel=r"$\alpha$ (value correlation)",
       title=r"Fig. 2: information gain, $N=10$, $\sigma_w=\sigma_e=1$")
plt.show()

corners = sd.lemma1_corner_gains(n=10, lam=1.0)
assert close(corners[0], 9 / 22, 1e-12) and close(corners[1], 9 / 22, 1e-12)
quoted = {(0.0, 0.5): 0.1154, (0.5, 1.0): 0.1452, (0.3, 0.9): 0.1582, (1.0, 0.0): 0.4091}
for (a, b), g in quoted.items():
    assert close(sd.information_gain(M(n=10, alpha=a, beta=b, sigma_w2=1.0, sigma_e2=1.0)), g)
print("G(0,1) = G(1,0) =", round(corners[0], 4), "| G(0, .5) =", quoted[0.0, 0.5],
      "but G(.5, 1) =", quoted[0.5, 1.0], "(flag F14: not a function of |alpha - beta|)")

# %% [markdown]
# ## Figs. 3 and 4: when does complete sharing help, and when does it pay?
#
# Complete sharing raises social surplus iff $\tfrac38 V_{all} > \tfrac12 V_{own}$. It
# raises consumer surplus iff $\tfrac18 V_{all} > \tfrac12 V_{own}$ (Prop 1). The
# intermediary's profit is $R(S) = \tfrac N8(3V_{oth} - V_{all})$. It is positive iff
# $\alpha > \alpha^*(\beta)$ (Thm 1). Ocher: $\sigma_e = 1$; blue: $\sigma_e = 10$.

# %%
def sharing_regions(lam, points=121):
    axis = np.linspace(0, 1, points)
    values = [[sd.complete_sharing_value(M(n=10, alpha=a, beta=b, sigma_w2=1.0, sigma_e2=lam)) for b in axis] for a in axis]
    social = np.array([[v.delta_welfare_per_consumer > 0 for v in row] for row in values])
    consumer = np.array([[v.delta_consumer_per_consumer > 0 for v in row] for row in values])
    profit = np.array([[v.profit > 0 for v in row] for row in values])
    return axis, social, consumer, profit


regions = {lam: sharing_regions(lam) for lam in (1.0, 100.0)}
colors = {1.0: "#c8961e", 100.0: "#2f6db3"}
fig, axes = plt.subplots(1, 2, figsize=(10, 4.3), sharey=True)
for lam in (100.0, 1.0):                  # ocher (sigma_e = 1) drawn over blue
    axis, social, consumer, _ = regions[lam]
    axes[0].contourf(axis, axis, social.astype(float), levels=[0.5, 1.5], colors=[colors[lam]], alpha=0.8)
    if consumer.any():
        axes[1].contourf(axis, axis, consumer.astype(float), levels=[0.5, 1.5], colors=[colors[lam]], alpha=0.8)
for ax, title in zip(axes, ("social surplus rises", "consumer surplus rises")):
    ax.set(xlabel=r"$\beta$", title=f"Fig. 3: {title}")
    ax.plot([0, 1], [0, 1], "k:", lw=0.8)
axes[0].set_ylabel(r"$\alpha$")
axes[1].text(0.05, 0.9, r"ocher $\sigma_e=1$: no region", fontsize=9)
axes[0].text(0.05, 0.9, r"ocher $\sigma_e=1$, blue $\sigma_e=10$", fontsize=9)
plt.show()

assert not regions[1.0][2].any()          # lam < 3: consumers never gain (Prop 1 remark)
assert regions[100.0][2].any()
social_lam, consumer_lam = sd.noise_thresholds(n=10, alpha=0.5, beta=1.0)    # Prop 3 at (alpha, beta) = (.5, 1)
assert close(social_lam, 1.1083281054, 1e-9) and close(consumer_lam, 7.1775208649, 1e-9)
below, above = (sd.complete_sharing_value(M(n=10, alpha=0.5, beta=1.0, sigma_w2=1.0, sigma_e2=lam)) for lam in (1.0, 7.5))
assert below.delta_consumer_per_consumer < 0 < above.delta_consumer_per_consumer
print(f"at alpha=.5, beta=1 sharing raises social surplus iff lam > {social_lam:.6f}, "
      f"consumer surplus iff lam > {consumer_lam:.6f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.3), sharey=True)
betas = np.linspace(0, 1, 41)
for ax, lam, label in zip(axes, (1.0, 100.0), (r"$\sigma_e=1$", r"$\sigma_e=10$")):
    axis, social, _, profit = regions[lam]
    ax.contourf(axis, axis, profit.astype(float), levels=[0.5, 1.5], colors=["#3a9a4a"], alpha=0.35)
    ax.contourf(axis, axis, social.astype(float), levels=[0.5, 1.5], colors=["#2f6db3"], alpha=0.35)
    ax.plot(betas, [sd.profitability_threshold(n=10, beta=b, lam=lam) for b in betas], "g-", lw=1.5,
            label=r"$\alpha^*(\beta)$: $R(S)=0$")
    ax.plot([0, 1], [0, 1], "k:", lw=0.8)
    ax.set(xlabel=r"$\beta$", title=f"Fig. 4, {label}:\nprofitable (green) vs efficient (blue)")
    ax.legend(loc="lower right", fontsize=8)
axes[0].set_ylabel(r"$\alpha$")
plt.show()

thresholds = {(lam, b): sd.profitability_threshold(n=10, beta=b, lam=lam) for lam in (1.0, 100.0) for b in (0.0, 1.0)}
quoted = {(1.0, 0.0): 0.299342, (1.0, 1.0): 0.578185, (100.0, 0.0): 0.236741, (100.0, 1.0): 0.978956}
assert all(close(thresholds[k], v, 1e-6) for k, v in quoted.items())
beta0 = sd.fixed_point_beta(10)
assert close(beta0, 0.391016, 1e-6)
assert close(sd.profitability_threshold(n=10, beta=beta0, lam=1.0), beta0, 1e-9)
assert close(sd.profitability_threshold(n=10, beta=beta0, lam=100.0), beta0, 1e-9)
print(f"alpha*(0), alpha*(1) = {thresholds[1.0, 0.0]:.6f}, {thresholds[1.0, 1.0]:.6f} (sigma_e = 1); "
      f"{thresholds[100.0, 0.0]:.6f}, {thresholds[100.0, 1.0]:.6f} (sigma_e = 10); "
      f"the curves cross at beta_0(10) = {beta0:.6f}")

# %% [markdown]
# ## Optimal intermediation: aggregate, then add common noise (Thm 2, Thm 3)
#
# Anonymising the data (sending only $\bar x$) stops personalised prices. The
# intermediary still learns the common component and saves
# $(N-1)\sigma_{\theta_i}^4/(8I)$ in compensation. Adding *common* noise lowers what the
# consumers must be paid more than it lowers what the producer pays. The optimum is
# found in closed form (§3.3) and by the concave program P6 (§2.3); the two routes agree.

# %%
market = M(n=2, alpha=0.45, beta=0.5, sigma_w2=1.0, sigma_e2=1.0)                       # reference B6
design, program = sd.optimal_noise(market), sd.noise_design_program(market)
exact = sd.evaluate_exact(market, sd.DataPolicy(aggregate=True, added_common=design.added_common))
print(f"sigma_xi^2* = {design.added_common:.10f} (closed form), {program.added_common:.6f} (P6, {program.status})")
print(f"R* = {design.profit:.12f} (closed form), {program.profit:.12f} (P6), {exact.profit:.12f} (engine)")
assert close(design.added_common, 5.5188436932, 1e-10) and close(design.profit, 0.001410403839, 1e-12)
assert close(program.profit, design.profit, 1e-10) and close(exact.profit, design.profit, 1e-13)
assert close(program.added_common, design.added_common, 1e-3)

# %% [markdown]
# ## Fig. 5: optimal additional common noise, $N = 2$, $\sigma_w = \sigma_e = 1$
#
# Noise is added only above the Prop 6 threshold $\alpha_{min}(2) = 0.40583$. It blows up
# as $\alpha$ falls towards that threshold, and it vanishes once $\alpha$ is large. More
# correlated noise (higher $\beta$) calls for less added noise.

# %%
a_min = sd.alpha_min(2)
alphas = np.linspace(a_min + 1e-3, 0.95, 400)
fig, ax = plt.subplots(figsize=(6, 4))
for beta in (0.0, 0.25, 0.5, 0.75, 1.0):
    ax.plot(alphas, [sd.optimal_noise(M(n=2, alpha=a, beta=beta, sigma_w2=1.0, sigma_e2=1.0)).added_common for a in alphas],
            label=fr"$\beta={beta}$")
ax.axvline(a_min, color="grey", ls="--", lw=0.8)
ax.set(ylim=(0, 10), xlabel=r"$\alpha$", ylabel=r"$\sigma_\xi^{2*}$",
       title=r"Fig. 5: optimal added common noise ($N=2$)")
ax.legend()
plt.show()

fig5 = {(0.0, 0.41): 107.8192, (0.5, 0.45): 5.5188, (0.25, 0.6): 0.4978, (1.0, 0.5): 0.0,
        (0.0, 0.7): 0.1744, (0.75, 0.5): 0.7990}
for (beta, a), noise in fig5.items():
    assert close(sd.optimal_noise(M(n=2, alpha=a, beta=beta, sigma_w2=1.0, sigma_e2=1.0)).added_common, noise)
assert close(a_min, 0.4058274, 1e-7)
print("alpha_min(2) =", round(a_min, 7), "| sigma_xi^2*(alpha=.45, beta=.5) =", fig5[0.5, 0.45])

# %% [markdown]
# ## Fig. 6: total compensation $\sum_i m_i$ as the market grows ($\sigma_e = 0$)
#
# Theorem 4: each consumer's payment vanishes, and the total converges to
# $\tfrac34\sigma_w^2\alpha(1-\alpha)/(\alpha+\beta\lambda) = \tfrac34(1-\alpha)$ here.
# For high $\alpha$ the total *falls* with $N$. The curves use
# the aggregate policy without added noise (Theorem 4's formula). At small $N$ and
# $\alpha$ near $\alpha_{min}$ the optimal policy adds noise and pays less (flag F17).

# %%
ns = np.arange(2, 51)
fig, ax = plt.subplots(figsize=(6, 4))
for alpha in (0.5, 0.7, 0.9):
    line, = ax.plot(ns, [sd.total_compensation(n=n, alpha=alpha, beta=0.0, sigma_e2=0.0) for n in ns], label=fr"$\alpha={alpha}$")
    limit = sd.large_market_limits(alpha=alpha, beta=0.0, sigma_w2=1.0, sigma_e2=0.0)[0]
    assert close(limit, 0.75 * (1 - alpha), 1e-12)            # 3/4 alpha(1-alpha)/(alpha + 0)
    ax.axhline(limit, color=line.get_color(), ls=":", lw=0.8)
ax.set(xlabel="N", ylabel=r"$\sum_i m_i$", title=r"Fig. 6: total compensation, $\sigma_e = 0$ (dotted: limits)")
ax.legend(loc="center right")
plt.show()

fig6 = {(0.7, 3): 0.251471, (0.7, 10): 0.231818, (0.9, 5): 0.083108, (0.9, 50): 0.075679, (0.5, 20): 0.375}
for (alpha, n), total in fig6.items():
    closed = sd.total_compensation(n=n, alpha=alpha, beta=0.0, sigma_e2=0.0)
    engine = sd.evaluate_exact(M(n=n, alpha=alpha, beta=0.0, sigma_w2=1.0, sigma_e2=0.0), sd.DataPolicy(aggregate=True))
    assert close(closed, total, 1e-6) and close(n * engine.compensation_per_consumer, closed, 1e-12)
paid = sd.optimise_policy(M(n=2, alpha=0.5, beta=0.0, sigma_w2=1.0, sigma_e2=0.0), objective="profit")
assert close(2 * sd.evaluate_policy(M(n=2, alpha=0.5, beta=0.0, sigma_w2=1.0, sigma_e2=0.0), paid.policy).compensation_per_consumer, 0.160576, 1e-5)
print("sum m_i at alpha=.9: N=5", fig6[0.9, 5], "N=50", fig6[0.9, 50], "-> limit 0.075;",
      "with the optimal noise at alpha=.5, N=2 the total is 0.160576, not 0.375 (F17)")

# %% [markdown]
# ## Fig. 7: the marginal consumer under uniform and group prices (§3.4)
#
# Two groups of $N$ consumers each. The intermediary either sends the pooled mean, which
# gives one uniform price (51), or the two group means, which give group prices (52).
# Adding a consumer is worth more under group pricing (Prop 9). The uniform-price profit
# uses the paper's off-path price (51). The Bayesian off-path price (flag F9) lowers
# $R_u$; both versions are in `sd.uniform_price_profit`.

# %%
n_axis = np.linspace(2, 50, 300)
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=False)
for ax, alpha in zip(axes, (0.2, 0.5, 0.8)):
    slopes = np.array([sd.marginal_profits(n=n, alpha=alpha) for n in n_axis])
    ax.plot(n_axis, slopes[:, 0], label=r"uniform $\partial R_u/\partial N$")
    ax.plot(n_axis, slopes[:, 1], label=r"group $\partial R_g/\partial N$")
    ax.set(xlabel="N", title=fr"Fig. 7: $\alpha={alpha}$")
axes[0].legend(fontsize=8)
plt.show()

fig7 = {(0.2, 2): (0.015095, 0.028), (0.2, 50): (0.049639, 0.099359), (0.5, 10): (0.124531, 0.25),
        (0.8, 5): (0.20438, 0.406228)}
for (alpha, n), slopes in fig7.items():
    assert all(close(x, y, 1e-6) for x, y in zip(sd.marginal_profits(n=n, alpha=alpha), slopes))
assert close(sd.segmentation_threshold(0.2), 6.2342, 1e-4)
assert close(sd.segmentation_threshold(0.2, off_path="bayesian"), 5.1440, 1e-4)
assert close(sd.segmentation_exact_profit(n=10, alpha=0.2, pricing="uniform"), sd.uniform_price_profit(n=10, alpha=0.2, off_path="bayesian"), 1e-12)
print("group pricing wins for N > N-bar(0.2) =", round(sd.segmentation_threshold(0.2), 4),
      "(paper (51)),", round(sd.segmentation_threshold(0.2, off_path="bayesian"), 4), "(Bayesian, F9)")

# %% [markdown]
# ## Whose objective? Profit, total surplus and consumer surplus side by side
#
# The same policy space (identified or anonymised records, added common and
# idiosyncratic noise, or no intermediary) is searched for each objective. The
# intermediary must break even. The profit optimum matches Theorem 3. The surplus-minded
# designer pushes common noise towards infinity. The producer then learns nothing, but
# each consumer, who sees her own record (convention A of flag F10), can remove the common
# noise and learn from the others. That is a supremum approached as
# $\sigma_\xi^2 \to \infty$.

# %%
def noise_label(noise):
    return "-> inf" if noise > 1e6 else f"{noise:.4g}"


market = M(n=3, alpha=0.7, beta=0.2, sigma_w2=1.0, sigma_e2=2.0)
choices = sd.compare_objectives(market)
print(f"{'objective':<18}{'inflow':<12}{'added common':>14}{'added idio':>12}{'profit':>10}{'total':>10}{'consumers':>11}")
for name, c in choices.items():
    p = c.policy
    print(f"{name:<18}{('aggregate' if p.aggregate else 'individual') if p else 'none':<12}"
          f"{noise_label(p.added_common if p else math.inf):>14}{(p.added_idio if p else 0):>12.4g}"
          f"{c.profit:>10.5f}{c.total_surplus_gain:>10.5f}{c.consumer_surplus_gain:>11.5f}")
assert close(choices["profit"].profit, sd.optimal_noise(market).profit, 1e-9)
assert choices["total_surplus"].total_surplus_gain >= choices["profit"].total_surplus_gain

# %% [markdown]
# ## Identified records only: idiosyncratic noise (footnote 15)
#
# When the intermediary may not aggregate, common noise is useless (the producer removes it
# with $\bar x - x_i$), but idiosyncratic noise pays when the signals are precise enough.

# %%
for lam in (0.0, 0.05, 0.5, 2.0):
    best = sd.SocialDataMarket(n=5, alpha=0.6, beta=0.0, sigma_e2=lam).individual_data_noise()
    print(f"sigma_e2 = {lam:4}: added idiosyncratic noise {best.added_idio:.4f}, "
          f"R = {best.profit:.5f} (without noise {best.profit_without_noise:.5f})")
assert sd.SocialDataMarket(n=5, alpha=0.6, beta=0.0, sigma_e2=0.0).individual_data_noise().added_idio > 0
assert sd.SocialDataMarket(n=5, alpha=0.6, beta=0.0, sigma_e2=2.0).individual_data_noise().added_idio == 0
