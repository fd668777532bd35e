"""Optimizers with torch.optim's update rules: SGD (momentum, Nesterov, weight decay), Adam, AdamW."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from solvers.engine.tensor import Tensor


class Optimizer:
    """Holds parameter groups (dicts with 'params' and hyper-parameters) and per-parameter state."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.defaults = defaults
        self.param_groups: list[dict[str, Any]] = []
        for group in groups:
            self.param_groups.append({**defaults, **group, "params": list(group["params"])})
        self.state: dict[int, dict[str, Any]] = {}

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients of the last backward, so the next one does not add to them."""
        for group in self.param_groups:
            for p in group["params"]:
                p.grad = None if set_to_none or p.grad is None else np.zeros_like(p.grad)

    def _with_grads(self) -> Iterable[tuple[dict[str, Any], Tensor, np.ndarray, dict[str, Any]]]:
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    grad = -p.grad if group.get("maximize") else p.grad
                    yield group, p, grad, self.state.setdefault(id(p), {})

    def step(self) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """p -= lr * d, where d = g + weight_decay*p, smoothed by momentum (buf = momentum*buf + (1-dampening)*d)
    and, with nesterov, looked ahead (d + momentum*buf)."""

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("lr, momentum and weight_decay must be non-negative")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(
            params,
            dict(
                lr=lr,
                momentum=momentum,
                dampening=dampening,
                weight_decay=weight_decay,
                nesterov=nesterov,
                maximize=maximize,
            ),
        )

    def step(self) -> None:
        for group, p, grad, state in self._with_grads():
            d = grad + group["weight_decay"] * p.data if group["weight_decay"] else grad
            if group["momentum"]:
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = d.copy()
                else:
                    state["momentum_buffer"] = (
                        group["momentum"] * state["momentum_buffer"] + (1 - group["dampening"]) * d
                    )
                buf = state["momentum_buffer"]
                d = d + group["momentum"] * buf if group["nesterov"] else buf
            p.data -= group["lr"] * d


class Adam(Optimizer):
    """Adaptive moments: m and v are running means of g and g², bias-corrected; p -= lr·m̂/(√v̂ + eps).
    Adam's weight_decay adds weight_decay*p to the gradient (L2); AdamW decays the weights directly."""

    _decoupled = False

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        if lr < 0 or eps < 0 or weight_decay < 0 or not all(0 <= b < 1 for b in betas):
            raise ValueError("need lr, eps, weight_decay >= 0 and betas in [0, 1)")
        super().__init__(
            params,
            dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize),
        )

    def step(self) -> None:
        for group, p, grad, state in self._with_grads():
            lr, (beta1, beta2), eps, decay = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            if decay and self._decoupled:
                p.data *= 1 - lr * decay
            elif decay:
                grad = grad + decay * p.data
            if not state:
                state.update(step=0, exp_avg=np.zeros_like(p.data), exp_avg_sq=np.zeros_like(p.data))
                if group["amsgrad"]:
                    state["max_exp_avg_sq"] = np.zeros_like(p.data)
            state["step"] += 1
            m = state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * grad
            v = state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * grad * grad
            if group["amsgrad"]:
                v = state["max_exp_avg_sq"] = np.maximum(state["max_exp_avg_sq"], v)
            correction1 = 1 - beta1 ** state["step"]
            correction2 = 1 - beta2 ** state["step"]
            denom = np.sqrt(v) / math.sqrt(correction2) + eps
            p.data -= (lr / correction1) * m / denom


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): p *= 1 - lr*weight_decay before the step."""

    _decoupled = True

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize)


def clip_grad_norm_(
    parameters: Iterable[Tensor] | Tensor,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> float:
    """Scale all gradients together so their joint norm is at most max_norm.

    Returns:
        The joint norm before clipping.

    Raises:
        RuntimeError: error_if_nonfinite and the norm is nan or inf.
    """
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return 0.0
    if norm_type == math.inf:
        total = max(float(np.abs(g).max()) for g in grads)
    else:
        total = float(sum(float((np.abs(g) ** norm_type).sum()) for g in grads) ** (1 / norm_type))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"the total norm of order {norm_type} for gradients is non-finite")
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for p in params:
            if p.grad is not None:
                p.grad = p.grad * np.asarray(coef, dtype=p.grad.dtype)
    return total
