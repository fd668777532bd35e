"""torch.nn.functional for the engine: the same names and arguments, each with its own backward.

Convolutions and pooling live in `_conv.py` and `_pool.py`, losses in `_loss.py`; all are importable
from here, so `from solvers.engine import functional as F` reads like PyTorch code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from solvers.engine import factory
from solvers.engine._conv import conv1d, conv2d, conv_transpose2d
from solvers.engine._loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
)
from solvers.engine._pool import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from solvers.engine.tensor import Tensor, as_array, matmul

__all__ = [
    "adaptive_avg_pool2d",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "conv1d",
    "conv2d",
    "conv_transpose2d",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "gelu",
    "huber_loss",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "max_pool2d",
    "mse_loss",
    "nll_loss",
    "relu",
    "scaled_dot_product_attention",
    "sigmoid",
    "smooth_l1_loss",
    "softmax",
    "tanh",
]


def node(
    data: np.ndarray, parents: Sequence[Tensor | None], backward: Callable[[np.ndarray], Sequence]
) -> Tensor:
    """`Tensor._make` for ops with optional operands (None): `backward` returns one entry per operand."""
    present = [i for i, p in enumerate(parents) if p is not None]

    def chosen(g: np.ndarray) -> tuple:
        grads = backward(g)
        return tuple(grads[i] for i in present)

    return Tensor._make(data, tuple(parents[i] for i in present), chosen)


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = x W^T + b over the last dimension of x."""
    x, w = input.data, weight.data
    out = x @ w.T
    if bias is not None:
        out = out + bias.data

    def backward(g: np.ndarray) -> tuple:
        g2 = g.reshape(-1, g.shape[-1])
        gx = g @ w if input.requires_grad else None
        gw = g2.T @ x.reshape(-1, x.shape[-1]) if weight.requires_grad else None
        return gx, gw, (g2.sum(axis=0) if bias is not None else None)

    return node(out, (input, weight, bias), backward)


# ----- activations ------------------------------------------------------------------------------------
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    return input.relu()


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    slope = np.where(input.data > 0, 1, negative_slope).astype(input.dtype)
    return Tensor._make(input.data * slope, (input,), lambda g: (g * slope,))


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    positive = input.data > 0
    out = np.where(positive, input.data, alpha * np.expm1(np.minimum(input.data, 0)))
    return Tensor._make(out, (input,), lambda g: (g * np.where(positive, 1, out + alpha),))


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x·Φ(x); approximate='tanh' uses the tanh formula, as in PyTorch."""
    x = input.data
    if approximate == "tanh":
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        t = np.tanh(inner)
        out = 0.5 * x * (1 + t)
        slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * math.sqrt(2 / math.pi) * (1 + 3 * 0.044715 * x * x)
    elif approximate == "none":
        cdf = 0.5 * (1 + np.vectorize(math.erf, otypes=[x.dtype])(x / math.sqrt(2)))
        out = x * cdf
        slope = cdf + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    else:
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
    return Tensor._make(out.astype(x.dtype), (input,), lambda g: (g * slope,))


def sigmoid(input: Tensor) -> Tensor:
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    return input.tanh()


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """exp(x) / sum(exp(x)) along `dim`, after subtracting the maximum so large logits cannot overflow."""
    x = input.data if dtype is None else input.data.astype(dtype)
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    out = e / e.sum(axis=dim, keepdims=True)
    return Tensor._make(out, (input,), lambda g: (out * (g - (g * out).sum(axis=dim, keepdims=True)),))


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """x - logsumexp(x) along `dim`, stable for large logits."""
    x = input.data if dtype is None else input.data.astype(dtype)
    shifted = x - x.max(axis=dim, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
    return Tensor._make(out, (input,), lambda g: (g - np.exp(out) * g.sum(axis=dim, keepdims=True),))


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Inverted dropout: zero each element with probability p and scale the rest by 1/(1-p) while training."""
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    keep = factory.generator().random(input.shape) >= p
    scale = (keep / (1 - p)).astype(input.dtype) if p < 1 else np.zeros(input.shape, dtype=input.dtype)
    return Tensor._make(input.data * scale, (input,), lambda g: (g * scale,))


# ----- normalisation ----------------------------------------------------------------------------------
def _normalize(
    input: Tensor,
    axes: tuple[int, ...],
    mean: np.ndarray,
    var: np.ndarray,
    eps: float,
    weight: Tensor | None,
    bias: Tensor | None,
    shape: tuple[int, ...],
    batch_stats: bool,
) -> Tensor:
    """(x - mean)/sqrt(var + eps) * weight + bias, with the backward of batch or fixed statistics."""
    x = input.data
    inv_std = 1 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    out = xhat * weight.data.reshape(shape) if weight is not None else xhat
    if bias is not None:
        out = out + bias.data.reshape(shape)
    count = math.prod(x.shape[a] for a in axes)
    param_axes = tuple(i for i in range(x.ndim) if shape[i] == 1)

    def backward(g: np.ndarray) -> tuple:
        gxhat = g * weight.data.reshape(shape) if weight is not None else g
        if batch_stats:  # mean and variance depend on x too
            gx = (
                inv_std
                / count
                * (
                    count * gxhat
                    - gxhat.sum(axis=axes, keepdims=True)
                    - xhat * (gxhat * xhat).sum(axis=axes, keepdims=True)
                )
            )
        else:
            gx = gxhat * inv_std
        gw = (g * xhat).sum(axis=param_axes).reshape(weight.shape) if weight is not None else None
        gb = g.sum(axis=param_axes).reshape(bias.shape) if bias is not None else None
        return gx, gw, gb

    return node(out, (input, weight, bias), backward)


def batch_norm(
    input: Tensor,
    running_mean: Any,
    running_var: Any,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch normalisation over every axis but 1 (channels).

    While training it normalises with the batch's statistics and updates `running_mean` and `running_var`
    in place as PyTorch does: new = (1 - momentum) * old + momentum * batch, with the unbiased batch variance.
    """
    x = input.data
    axes = tuple(i for i in range(x.ndim) if i != 1)
    shape = tuple(x.shape[1] if i == 1 else 1 for i in range(x.ndim))
    if training:
        count = math.prod(x.shape[a] for a in axes)
        if count <= 1:
            raise ValueError(
                f"expected more than 1 value per channel when training, got input size {x.shape}"
            )
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True)
        if running_mean is not None:
            rm = as_array(running_mean)
            rm *= 1 - momentum
            rm += momentum * mean.reshape(-1)
        if running_var is not None:
            rv = as_array(running_var)
            rv *= 1 - momentum
            rv += momentum * var.reshape(-1) * count / (count - 1)
    else:
        mean, var = as_array(running_mean).reshape(shape), as_array(running_var).reshape(shape)
    return _normalize(input, axes, mean, var, eps, weight, bias, shape, batch_stats=training)


def layer_norm(
    input: Tensor,
    normalized_shape: Any,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the last len(normalized_shape) axes of each sample."""
    dims = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if input.shape[input.ndim - len(dims) :] != dims:
        raise ValueError(f"normalized_shape {dims} does not match the end of the input shape {input.shape}")
    axes = tuple(range(input.ndim - len(dims), input.ndim))
    x = input.data
    mean, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    shape = (1,) * (input.ndim - len(dims)) + dims
    return _normalize(input, axes, mean, var, eps, weight, bias, shape, batch_stats=True)


def embedding(input: Any, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Rows of `weight` picked by integer indices; the row at padding_idx gets no gradient."""
    index = as_array(input)
    if index.dtype.kind not in "iu":
        raise ValueError(f"embedding indices must be integers, got dtype {index.dtype}")
    if index.size and (index.min() < 0 or index.max() >= weight.shape[0]):
        raise ValueError(f"embedding index out of range for {weight.shape[0]} rows")

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        full = np.zeros_like(weight.data)
        np.add.at(full, index.ravel(), g.reshape(-1, weight.shape[1]))  # repeated indices add up
        if padding_idx is not None:
            full[padding_idx] = 0
        return (full,)

    return Tensor._make(weight.data[index], (weight,), backward)


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Any = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
) -> Tensor:
    """softmax(Q K^T * scale + mask) V over the last two axes, like torch's.

    A boolean attn_mask marks the positions that may be attended (True = allowed, as in PyTorch's sdpa);
    a float mask is added to the scores. is_causal allows each query only the keys up to its own position.
    """
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = matmul(query, key.transpose(-2, -1)) * scale
    if is_causal:
        allowed = np.tril(np.ones((query.shape[-2], key.shape[-2]), dtype=bool))
        scores = scores.masked_fill(~allowed, -np.inf)
    if attn_mask is not None:
        mask = as_array(attn_mask)
        scores = scores.masked_fill(~mask, -np.inf) if mask.dtype == bool else scores + attn_mask
    weights = dropout(softmax(scores, dim=-1), dropout_p, training=dropout_p > 0)
    return matmul(weights, value)
