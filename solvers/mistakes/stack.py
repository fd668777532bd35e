"""Mistakes of the receptive field of a stack of layers, and of normalisation layers' counts."""

from __future__ import annotations

from math import prod

from solvers.arithmetic import effective_kernel
from solvers.mistakes.base import Mistake, mistake, show
from solvers.result import Result, Step


def _walk(ss: list[int], k_effs: list[int], *, stride: bool = True,
          own_stride: bool = False) -> tuple[list[int], list[int]]:
    """Receptive field and jump per layer by r += (K_eff − 1)·j, optionally with a wrong use of the strides."""
    rf, jump, rfs, jumps = 1, 1, [], []
    for k_eff, s in zip(k_effs, ss, strict=True):
        if own_stride:
            jump *= s
            rf += (k_eff - 1) * jump
        else:
            rf += (k_eff - 1) * jump
            jump *= s if stride else 1
        rfs.append(rf)
        jumps.append(jump)
    return rfs, jumps


def receptive_mistakes(r: Result) -> list[Mistake]:
    """Receptive field from summed or multiplied kernels, strides ignored or applied early, dilation misread."""
    ks, ss, ds = r.inputs["kernel_sizes"], r.inputs["strides"], r.inputs["dilations"]
    k_effs = [effective_kernel(k, d) for k, d in zip(ks, ds, strict=True)]
    found = []

    def walked(ids: str, title: str, effs: list[int], note: str, **kw: bool) -> Mistake:
        rfs, _ = _walk(ss, effs, **kw)
        return mistake(ids, {"rf": rfs[-1], "rf_per_layer": rfs},
                       Step(title, "r = r_prev + (K_eff − 1)·j", " → ".join(map(str, rfs)), str(rfs[-1]), note))

    if len(ks) > 1:
        total, product = sum(ks), prod(ks)
        found.append(mistake("classic-cnn.rf-sum-of-kernels", {"rf": total},
                             Step("Kernel sizes added", "r = Σ K", " + ".join(map(str, ks)), str(total),
                                  "Each layer adds only (K − 1)·j: r = 1 + Σ (K − 1)·j.")))
        found.append(mistake("classic-cnn.rf-product-of-kernels", {"rf": product},
                             Step("Kernel sizes multiplied", "r = ∏ K", "·".join(map(str, ks)), str(product),
                                  "Receptive fields grow by addition: r = 1 + Σ (K − 1)·j.")))
    if any(s > 1 for s in ss[:-1]):
        found.append(walked("classic-cnn.rf-stride-ignored", "Strides ignored", k_effs,
                            "A stride S spaces the next layer's inputs S apart: j multiplies by S.", stride=False))
    if any(s > 1 for s in ss):
        found.append(walked("conv-variants.stride-enlarges-own-rf", "Own stride applied first", k_effs,
                            "A layer's stride widens the receptive field of the layers after it, not its own.",
                            own_stride=True))
    if any(d > 1 for d in ds):
        found.append(walked("conv-variants.effective-kernel-dilation", "Effective kernel D·K",
                            [d * k for k, d in zip(ks, ds, strict=True)], "A dilated kernel spans D·(K − 1) + 1."))
        found.append(walked("conv.dilation-ignored", "Dilation ignored", list(ks),
                            "A dilated kernel spans D·(K − 1) + 1, not K."))
    return found


def batch_norm_mistakes(r: Result) -> list[Mistake]:
    """Buffers counted as learnable parameters."""
    buffers = r.quantities["buffers"]
    if not buffers:
        return []
    c = r.inputs["num_features"]
    return [
        mistake("regularization.bn-buffers-as-params", {"params": r.params + extra},
                Step("Running statistics counted", formula, f"{show(r.params)} + {show(extra)}",
                     show(r.params + extra), "running_mean and running_var are buffers: saved, not trained."))
        for extra, formula in ((2 * c, "γ, β + running_mean, running_var"), (buffers, "γ, β + every buffer"))
    ]
