"""Hypothesis strategies shared by the data-market tests (too-much-data)."""

import numpy as np
from hypothesis import strategies as st


def covariances(max_n=4):
    """SPD covariances ``G Gᵀ + c I`` with n ≤ ``max_n``, entries of G in [−1, 1], c ≥ 0.05."""
    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_n))
        entries = draw(st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n))
        g = np.array(entries).reshape(n, n)
        return g @ g.T + draw(st.floats(0.05, 1.0)) * np.eye(n)
    return build()
