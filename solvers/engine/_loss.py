"""Loss functions with torch.nn.functional's names, arguments and reductions."""

from __future__ import annotations

from typing import Any

import numpy as np

from solvers.engine.tensor import Tensor, as_array, where

REDUCTIONS = ("mean", "sum", "none")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


def _tensor(value: Any, like: Tensor) -> Tensor:
    """A target as a Tensor; arrays and numbers become constants in the input's float dtype."""
    if isinstance(value, Tensor):
        return value
    return Tensor(np.asarray(as_array(value), dtype=like.dtype))


def _check_shapes(input: Tensor, target: Tensor, name: str) -> None:
    if input.shape != target.shape:
        raise ValueError(f"{name}: input shape {input.shape} and target shape {target.shape} differ")


def mse_loss(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:
    """Mean squared error."""
    target = _tensor(target, input)
    _check_shapes(input, target, "mse_loss")
    diff = input - target
    return _reduce(diff * diff, reduction)


def l1_loss(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:
    """Mean absolute error."""
    target = _tensor(target, input)
    _check_shapes(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(input: Tensor, target: Any, reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """0.5·d²/beta where |d| < beta, |d| - 0.5·beta elsewhere (L1 when beta is 0)."""
    target = _tensor(target, input)
    _check_shapes(input, target, "smooth_l1_loss")
    diff = input - target
    if beta == 0:
        return _reduce(diff.abs(), reduction)
    small = np.abs(diff.data) < beta
    return _reduce(where(small, diff * diff * (0.5 / beta), diff.abs() - 0.5 * beta), reduction)


def huber_loss(input: Tensor, target: Any, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """0.5·d² where |d| < delta, delta·(|d| - 0.5·delta) elsewhere."""
    target = _tensor(target, input)
    _check_shapes(input, target, "huber_loss")
    diff = input - target
    small = np.abs(diff.data) < delta
    return _reduce(where(small, diff * diff * 0.5, (diff.abs() - 0.5 * delta) * delta), reduction)


def nll_loss(
    input: Tensor, target: Any, weight: Any = None, ignore_index: int = -100, reduction: str = "mean"
) -> Tensor:
    """Negative log-likelihood of class indices, given log-probabilities with classes on axis 1.

    'mean' divides by the summed weights of the counted targets, as PyTorch does.
    """
    index = as_array(target)
    if index.dtype.kind not in "iu":
        raise ValueError(f"nll_loss targets must be class indices (integers), got dtype {index.dtype}")
    classes = input.shape[1] if input.ndim > 1 else input.shape[0]
    logp = np.moveaxis(input.data, 1, -1).reshape(-1, classes) if input.ndim > 1 else input.data[None]
    flat = index.reshape(-1)
    if len(flat) != len(logp):
        raise ValueError(f"nll_loss: target shape {index.shape} does not match input shape {input.shape}")
    counted = flat != ignore_index
    safe = np.where(counted, flat, 0)
    if safe.size and (safe.min() < 0 or safe.max() >= classes):
        raise ValueError(f"nll_loss: target index out of range for {classes} classes")
    class_weight = (
        np.ones(classes, dtype=input.dtype) if weight is None else as_array(weight).astype(input.dtype)
    )
    w = class_weight[safe] * counted
    rows = np.arange(len(safe))
    losses = -w * logp[rows, safe]
    if reduction == "none":
        out, scale = losses.reshape(index.shape), w
    elif reduction == "sum":
        out, scale = np.asarray(losses.sum()), w
    elif reduction == "mean":
        total = w.sum()
        out, scale = np.asarray(losses.sum() / total), w / total
    else:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        full = np.zeros_like(logp)
        full[rows, safe] = -scale * np.broadcast_to(g, index.shape).reshape(-1)
        if input.ndim == 1:
            return (full[0],)
        moved = full.reshape(input.shape[0], *input.shape[2:], classes)
        return (np.moveaxis(moved, -1, 1),)

    return Tensor._make(out.astype(input.dtype), (input,), backward)


def cross_entropy(
    input: Tensor,
    target: Any,
    weight: Any = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """log_softmax over axis 1 followed by nll_loss; targets are class indices or class probabilities."""
    from solvers.engine.functional import log_softmax  # functional imports this module

    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"label_smoothing must be between 0 and 1, got {label_smoothing}")
    class_dim = 1 if input.ndim > 1 else 0
    classes = input.shape[class_dim]
    logp = log_softmax(input, dim=class_dim)
    target_array = as_array(target)
    weight_shape = tuple(classes if i == class_dim else 1 for i in range(input.ndim))
    class_weight = None if weight is None else as_array(weight).astype(input.dtype).reshape(weight_shape)
    if target_array.dtype.kind == "f":  # class probabilities
        probs = _tensor(target, input)
        _check_shapes(input, probs, "cross_entropy")
        if label_smoothing:
            probs = probs * (1 - label_smoothing) + label_smoothing / classes
        weighted = logp * probs if class_weight is None else logp * probs * class_weight
        return _reduce(-weighted.sum(dim=class_dim), reduction)
    loss = nll_loss(logp, target_array, weight, ignore_index, reduction)
    if not label_smoothing:
        return loss
    counted = target_array != ignore_index
    smooth = -(logp if class_weight is None else logp * class_weight).sum(dim=class_dim)
    smooth = smooth.masked_fill(~counted, 0.0)
    if reduction == "mean":
        if class_weight is None:
            smooth = smooth.sum() / max(int(counted.sum()), 1)
        else:
            safe = np.where(counted, target_array, 0)
            smooth = smooth.sum() / float((class_weight.reshape(-1)[safe] * counted).sum())
    else:
        smooth = _reduce(smooth, reduction)
    return loss * (1 - label_smoothing) + smooth * (label_smoothing / classes)


def binary_cross_entropy(input: Tensor, target: Any, weight: Any = None, reduction: str = "mean") -> Tensor:
    """-(t·log x + (1-t)·log(1-x)) with each log clamped at -100, as PyTorch does."""
    t = _tensor(target, input)
    _check_shapes(input, t, "binary_cross_entropy")
    x = input.data
    if x.size and (x.min() < 0 or x.max() > 1):
        raise ValueError("binary_cross_entropy: all input values must be between 0 and 1")
    w = np.ones((), dtype=x.dtype) if weight is None else as_array(weight).astype(x.dtype)
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped just below
        log_x, log_1mx = np.maximum(np.log(x), -100), np.maximum(np.log1p(-x), -100)
    losses = -(t.data * log_x + (1 - t.data) * log_1mx) * w

    def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gx = g * w * (x - t.data) / np.maximum(x * (1 - x), 1e-12)
        return gx, g * w * (log_1mx - log_x)

    return _reduce(Tensor._make(losses, (input, t), backward), reduction)


def binary_cross_entropy_with_logits(
    input: Tensor, target: Any, weight: Any = None, reduction: str = "mean", pos_weight: Any = None
) -> Tensor:
    """Sigmoid and binary cross-entropy in one stable formula: (1-t)·x + (1+(p-1)·t)·softplus(-x)."""
    t = _tensor(target, input)
    _check_shapes(input, t, "binary_cross_entropy_with_logits")
    x = input.data
    w = np.ones((), dtype=x.dtype) if weight is None else as_array(weight).astype(x.dtype)
    p = np.ones((), dtype=x.dtype) if pos_weight is None else as_array(pos_weight).astype(x.dtype)
    softplus_neg = np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
    scale = 1 + (p - 1) * t.data
    losses = ((1 - t.data) * x + scale * softplus_neg) * w
    sigmoid_neg = 0.5 * (np.tanh(-0.5 * x) + 1)

    def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return g * w * ((1 - t.data) - scale * sigmoid_neg), g * w * (-x + (p - 1) * softplus_neg)

    return _reduce(Tensor._make(losses, (input, t), backward), reduction)
