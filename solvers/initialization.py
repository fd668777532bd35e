"""Weight initialisation by hand: Xavier and Kaiming scales, and how a weight variance carries through depth."""

from __future__ import annotations

import math
from typing import Any

from solvers import checks
from solvers.errors import SolverError

SCHEMES = ("xavier", "kaiming")
NONLINEARITIES = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu")


def calculate_gain(nonlinearity: str, a: float = 0.01) -> float:
    """torch.nn.init.calculate_gain: the factor that keeps the activations' second moment through `nonlinearity`.

    linear and sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1 + a²)) with slope a, selu 3/4.

    Raises:
        SolverError: an unknown nonlinearity.
    """
    if nonlinearity not in NONLINEARITIES:
        raise SolverError(f"unknown nonlinearity {nonlinearity!r}; known: {', '.join(NONLINEARITIES)}")
    slope = checks.number("a", a)
    return {
        "linear": 1.0,
        "sigmoid": 1.0,
        "tanh": 5.0 / 3.0,
        "relu": math.sqrt(2.0),
        "leaky_relu": math.sqrt(2.0 / (1.0 + slope * slope)),
        "selu": 0.75,
    }[nonlinearity]


def init_scale(
    scheme: str,
    fan_in: int,
    fan_out: int | None = None,
    mode: str = "fan_in",
    nonlinearity: str = "relu",
    a: float = 0.0,
    gain: float | None = None,
) -> dict[str, Any]:
    """The spread of PyTorch's Xavier (Glorot) and Kaiming (He) initialisers for one weight matrix.

    PyTorch's conventions (torch.nn.init): xavier_normal_/xavier_uniform_ give Var(W) = gain²·2/(fan_in +
    fan_out) with gain = 1 by default; kaiming_normal_/kaiming_uniform_ give Var(W) = gain²/fan, where fan is
    fan_in (the default, preserving the forward pass) or fan_out (the backward pass), and gain comes from the
    nonlinearity (relu: √2, so Var = 2/fan_in). The normal variant draws N(0, std²); the uniform variant
    draws U(−bound, bound) with the same variance, bound = √3·std, because U(−b, b) has variance b²/3.
    nn.Linear's own default (kaiming_uniform_ with a = √5, bound 1/√fan_in) is the kaiming scheme with
    nonlinearity leaky_relu and a = √5.

    Args:
        scheme: xavier or kaiming.
        fan_in: inputs per output unit (in_features, or c_in·k·k for a conv).
        fan_out: outputs per input unit (out_features, or c_out·k·k); xavier and mode fan_out need it.
        mode: fan_in or fan_out (kaiming only).
        nonlinearity: the activation after the layer (kaiming only): linear, sigmoid, tanh, relu,
            leaky_relu or selu.
        a: the negative slope of leaky_relu (kaiming only; 0 by default, as in kaiming_normal_).
        gain: an explicit gain; xavier's default is 1, kaiming's comes from the nonlinearity.

    Returns:
        gain, fan (what the variance divides: fan_in + fan_out for xavier, whose Var is 2·gain²/fan), var,
        std (the normal variant's), bound (the uniform variant's).

    Raises:
        SolverError: an unknown scheme, mode or nonlinearity, a missing fan_out, or a non-positive size.
    """
    if scheme not in SCHEMES:
        raise SolverError(f"scheme must be xavier or kaiming, got {scheme!r}")
    n_in = checks.positive("fan_in", fan_in)
    n_out = None if fan_out is None else checks.positive("fan_out", fan_out)
    if mode not in ("fan_in", "fan_out"):
        raise SolverError(f"mode must be fan_in or fan_out, got {mode!r}")
    explicit = None if gain is None else checks.number("gain", gain)
    if explicit is not None and explicit <= 0:
        raise SolverError(f"gain must be positive, got {explicit}")
    if scheme == "xavier":
        if n_out is None:
            raise SolverError("xavier needs fan_out: its variance is 2/(fan_in + fan_out)")
        g = 1.0 if explicit is None else explicit
        var = g * g * 2.0 / (n_in + n_out)
        fan = n_in + n_out
    else:
        if mode == "fan_out" and n_out is None:
            raise SolverError("mode fan_out needs fan_out")
        g = calculate_gain(nonlinearity, a) if explicit is None else explicit
        fan = n_in if mode == "fan_in" else n_out
        assert fan is not None
        var = g * g / fan
    std = math.sqrt(var)
    return {"gain": g, "fan": fan, "var": var, "std": std, "bound": math.sqrt(3.0) * std}


def variance_propagation(
    n_in: int,
    layers: int,
    std: float | None = None,
    var: float | None = None,
    activation: str = "relu",
    alpha: float = 0.01,
) -> dict[str, Any]:
    """How the pre-activation variance changes through `layers` equal fully connected layers (He et al. 2015).

    Var(z_{l+1}) = n_in·Var(W)·E[a_l²] with a_l = act(z_l); for weights independent of zero-mean inputs
    symmetric about 0, E[a²] = k·Var(z) with k = ½ for relu, (1 + α²)/2 for leaky_relu and 1 for linear.
    So each layer multiplies the variance by n_in·Var(W)·k, and `layers` layers by its power. Biases are 0.

    Args:
        n_in: inputs per unit (the layer width).
        layers: how many layers the signal passes.
        std: the weights' standard deviation (give std or var).
        var: the weights' variance.
        activation: relu, leaky_relu or linear.
        alpha: the negative slope of leaky_relu.

    Returns:
        per_layer (the factor of one layer), factor (after all layers), weight_var, critical_var (the weight
        variance making the factor 1: 2/n_in for relu, He's initialisation).

    Raises:
        SolverError: neither or both of std and var, a negative spread, an unknown activation.
    """
    n = checks.positive("n_in", n_in)
    depth = checks.non_negative("layers", layers)
    if (std is None) == (var is None):
        raise SolverError("give exactly one of std and var")
    if std is not None:
        s = checks.number("std", std)
        if s < 0:
            raise SolverError(f"std must not be negative, got {s}")
        w_var = s * s
    else:
        w_var = checks.number("var", var)
        if w_var < 0:
            raise SolverError(f"var must not be negative, got {w_var}")
    slope = checks.number("alpha", alpha)
    keep = {"relu": 0.5, "leaky_relu": (1.0 + slope * slope) / 2.0, "linear": 1.0}.get(activation)
    if keep is None:
        raise SolverError(f"activation must be relu, leaky_relu or linear, got {activation!r}")
    per_layer = n * w_var * keep
    return {
        "per_layer": per_layer,
        "factor": per_layer**depth,
        "weight_var": w_var,
        "critical_var": 1.0 / (n * keep),
    }
