"""The receptive field of a stack of convolution or pooling layers, and the jump between output positions."""

from __future__ import annotations

from collections.abc import Sequence

from solvers import checks
from solvers.arithmetic import effective_kernel
from solvers.errors import SolverError
from solvers.result import Result, Step


def receptive_field(
    kernel_sizes: Sequence[int],
    strides: Sequence[int] | None = None,
    dilations: Sequence[int] | None = None,
) -> Result:
    """Receptive field and jump after each layer of a stack (one spatial dimension).

    r_l = r_{l−1} + (K_eff − 1)·j_{l−1} and j_l = j_{l−1}·S_l, starting from r_0 = j_0 = 1 (one input
    pixel), with K_eff = D·(K−1) + 1. Padding does not change the receptive field (seed audit A06); a
    stride widens the receptive field of the layers after it, not its own (A07).

    Args:
        kernel_sizes: K of each layer, input side first.
        strides: S of each layer (default 1 each).
        dilations: D of each layer (default 1 each).

    Returns:
        The result: quantities rf, jump, rf_per_layer, jump_per_layer; one step per layer.

    Raises:
        SolverError: an empty stack, lists of different lengths, or a non-positive value.
    """
    if isinstance(kernel_sizes, int):
        kernel_sizes = [kernel_sizes]
    ks = [checks.positive("kernel_sizes", k) for k in kernel_sizes]
    if not ks:
        raise SolverError("kernel_sizes must name at least one layer")
    ss = _per_layer("strides", strides, len(ks))
    ds = _per_layer("dilations", dilations, len(ks))
    rf, jump = 1, 1
    rfs, jumps, steps = [], [], []
    for i, (k, s, d) in enumerate(zip(ks, ss, ds, strict=True), start=1):
        k_eff = effective_kernel(k, d)
        new_rf, new_jump = rf + (k_eff - 1) * jump, jump * s
        k_txt = f"{k}" if d == 1 else f"{d}·({k}−1)+1"
        steps.append(
            Step(
                f"Layer {i}: K={k}, S={s}" + (f", D={d}" if d > 1 else ""),
                "r = r_prev + (K_eff − 1)·j_prev,  j = j_prev·S",
                f"r = {rf} + ({k_txt} − 1)·{jump},  j = {jump}·{s}",
                f"r = {new_rf}, j = {new_jump}",
            )
        )
        rf, jump = new_rf, new_jump
        rfs.append(rf)
        jumps.append(jump)
    if all(s == 1 for s in ss) and all(d == 1 for d in ds):
        steps.append(
            Step(
                "Check (stride 1)",
                "r = 1 + Σ(K − 1)",
                "1 + " + " + ".join(f"({k}−1)" for k in ks),
                str(rf),
                "Three 3×3 layers see 7×7, like one 7×7 layer, with 27C² instead of 49C² weights (VGG)."
                if ks == [3, 3, 3]
                else "",
            )
        )
    return Result(
        solver="receptive_field",
        inputs={"kernel_sizes": ks, "strides": ss, "dilations": ds},
        output_shape=None,
        params=0,
        macs=None,
        bias_in_macs=False,
        steps=steps,
        quantities={"rf": rf, "jump": jump, "rf_per_layer": rfs, "jump_per_layer": jumps},
        notes=["Padding does not change the receptive field (seed audit A06)."],
        headline=("rf", "jump"),
    )


def _per_layer(name: str, values: Sequence[int] | int | None, n: int) -> list[int]:
    if values is None:
        return [1] * n
    if isinstance(values, int):
        values = [values] * n
    out = [checks.positive(name, v) for v in values]
    if len(out) != n:
        raise SolverError(f"{name} has {len(out)} value(s) but kernel_sizes has {n}")
    return out
