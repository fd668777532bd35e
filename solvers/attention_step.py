"""Scaled dot-product attention by hand for one query, and what a causal mask leaves."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from solvers import checks
from solvers.errors import SolverError
from solvers.functions import softmax


def attention_output(scores: list[float], values: list[float] | list[list[float]], d_k: int = 1) -> dict[str, Any]:
    """The output of one query: α = softmax(q·k_j/√d_k) over the keys, output = Σ_j α_j·v_j.

    The √d_k scale (Vaswani et al. 2017; PyTorch's scaled_dot_product_attention) keeps the dot products'
    variance near 1 so the softmax does not saturate; d_k = 1 leaves the scores as they are.

    Args:
        scores: the raw dot products q·k_j, one per key.
        values: v_j, one per key: numbers (d_v = 1) or lists of equal length (vectors).
        d_k: the key width that the scores are divided by the square root of.

    Returns:
        scaled (the scores/√d_k), weights (α), output (a number for scalar values, else a list).

    Raises:
        SolverError: no scores, a different number of values, ragged value vectors.
    """
    s = checks.numbers("scores", scores)
    width = checks.positive("d_k", d_k)
    if isinstance(values, str) or not isinstance(values, Sequence) or len(values) != len(s):
        raise SolverError(f"values needs one entry per score ({len(s)}), got {values!r}")
    scaled = [v / math.sqrt(width) for v in s]
    weights = softmax(scaled)["p"]
    if all(isinstance(v, Sequence) and not isinstance(v, str) for v in values):
        vecs = [checks.numbers(f"values[{j}]", v) for j, v in enumerate(values)]
        if len({len(v) for v in vecs}) != 1:
            raise SolverError("the value vectors must all have the same length d_v")
        output: float | list[float] = [
            sum(a * v[c] for a, v in zip(weights, vecs, strict=True)) for c in range(len(vecs[0]))
        ]
    else:
        output = sum(a * v for a, v in zip(weights, checks.numbers("values", values), strict=True))
    return {"scaled": scaled, "weights": weights, "output": output}


def causal_mask(n: int) -> dict[str, Any]:
    """The entries of an n×n causal (look-ahead) mask: position i may attend to positions j ≤ i, itself included.

    Row i keeps i + 1 entries (0-based), so n(n + 1)/2 attention weights can be non-zero; the n(n − 1)/2
    above the diagonal get score −∞ and weight 0 (nn.Transformer.generate_square_subsequent_mask).

    Args:
        n: the sequence length.

    Returns:
        entries (n²), allowed (n(n + 1)/2), masked (n(n − 1)/2), allowed_per_row (list).

    Raises:
        SolverError: a non-positive length.
    """
    size = checks.positive("n", n)
    return {
        "entries": size * size,
        "allowed": size * (size + 1) // 2,
        "masked": size * (size - 1) // 2,
        "allowed_per_row": [i + 1 for i in range(size)],
    }
