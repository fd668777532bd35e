"""Multi-head attention: every intermediate shape (per head and fused), parameters and MACs."""

from __future__ import annotations

from typing import Any

from solvers import checks
from solvers.errors import SolverError
from solvers.result import Result, Step, fmt


def multihead_attention(
    embed_dim: int,
    num_heads: int,
    bias: bool = True,
    kdim: int | None = None,
    vdim: int | None = None,
    seq_len: int | None = None,
    source_len: int | None = None,
    batch: int | None = None,
) -> Result:
    """Multi-head attention, as torch.nn.MultiheadAttention, with the shapes of Vaswani et al. §3.2.2.

    Shapes are written with the row-vector convention of the paper: X is (L, d_model) and Q = X·W^Q, so a
    per-head weight is (d_model, d_k) (PyTorch stores the transpose). Seed audit A25: the course's
    "Q, K, V are [d_model, d_k]" describes the weights, not the activations.

    Args:
        embed_dim: d_model, the width of queries and of the output.
        num_heads: h; d_k = d_v = d_model / h.
        bias: biases of the input and output projections.
        kdim: width of the keys before projection (default d_model).
        vdim: width of the values before projection (default d_model).
        seq_len: L, the number of queries; shapes and MACs need it.
        source_len: S, the number of keys and values (default L: self-attention).
        batch: N; shapes get a leading batch dimension when it is given.

    Returns:
        The result: output shape (L, d_model), parameters, MACs (None without seq_len), every shape.

    Raises:
        SolverError: a non-positive size, or embed_dim not divisible by num_heads.
    """
    e = checks.positive("embed_dim", embed_dim)
    h = checks.positive("num_heads", num_heads)
    has_bias = checks.flag("bias", bias)
    kd = e if kdim is None else checks.positive("kdim", kdim)
    vd = e if vdim is None else checks.positive("vdim", vdim)
    if e % h:
        raise SolverError(f"embed_dim must be divisible by num_heads: {e} = {e // h}·{h} + {e % h}")
    L = None if seq_len is None else checks.positive("seq_len", seq_len)
    S = L if source_len is None else checks.positive("source_len", source_len)
    if L is None and source_len is not None:
        raise SolverError("source_len needs seq_len too")
    n = None if batch is None else checks.positive("batch", batch)
    dk = e // h

    in_w = e * e + e * kd + e * vd
    in_b = 3 * e if has_bias else 0
    out_w, out_b = e * e, (e if has_bias else 0)
    params = in_w + in_b + out_w + out_b
    steps = [
        Step(
            "Head width",
            "d_k = d_v = d_model / h",
            f"{e} / {h}",
            str(dk),
            "Multi-head attention splits d_model among the heads (d2l: p_q = p_k = p_v = p_o/h).",
        )
    ]
    steps.append(
        Step(
            "Per-head weights",
            "W_i^Q, W_i^K: (d_model, d_k), W_i^V: (d_model, d_v), for each of the h heads",
            "",
            f"W_i^Q ({e}, {dk}), W_i^K ({kd}, {dk}), W_i^V ({vd}, {dk})",
            f"Fused, the {h} heads' W_i^Q form one ({e}, {h * dk}) matrix W^Q (seed audit A25: these are the "
            "weights, not Q).",
        )
    )
    q = (L, e)
    shapes: dict[str, Any] = {
        "d_k": dk,
        "d_v": dk,
        "head_dim": dk,
        "wq_shape": (e, e),
        "wq_head_shape": (e, dk),
        "wk_head_shape": (kd, dk),
        "wv_head_shape": (vd, dk),
        "wo_shape": (h * dk, e),
    }
    macs = None
    if L is not None:
        assert S is not None
        pre = (n,) if n is not None else ()
        shapes |= {
            "q_shape": (*pre, *q),
            "k_shape": (*pre, S, e),
            "v_shape": (*pre, S, e),
            "q_head_shape": (*pre, L, dk),
            "q_heads_shape": (*pre, h, L, dk),
            "scores_shape": (*pre, h, L, S),
            "scores_head_shape": (*pre, L, S),
            "head_out_shape": (*pre, L, dk),
            "concat_shape": (*pre, L, h * dk),
            "out_shape": (*pre, L, e),
            "avg_weights_shape": (*pre, L, S),
        }
        steps += [
            Step(
                "Projections",
                "Q = X·W^Q",
                f"({L}, {e})·({e}, {e})",
                f"({L}, {e})",
                f"Split into {h} heads: Q_i ({L}, {dk}), fused ({h}, {L}, {dk}). Likewise K = X_s·W^K: "
                f"({S}, {kd})·({kd}, {e}) = ({S}, {e}), and V: ({S}, {vd})·({vd}, {e}) = ({S}, {e}).",
            ),
            Step(
                "Scores per head",
                "Q_i·K_iᵀ / √d_k",
                f"({L}, {dk})·({dk}, {S}) / √{dk}",
                f"({L}, {S})",
                f"All heads: ({h}, {L}, {S}). The scale keeps the softmax out of saturation.",
            ),
            Step(
                "Attention weights",
                "softmax over the keys (last axis)",
                "",
                f"({L}, {S}) per head",
                "Each row sums to 1. PyTorch returns them averaged over heads by default.",
            ),
            Step(
                "Head output",
                "softmax(Q_i·K_iᵀ/√d_k)·V_i",
                f"({L}, {S})·({S}, {dk})",
                f"({L}, {dk})",
                "Seed audit A28: the softmax comes before the weighted sum of V.",
            ),
            Step(
                "Concatenate and project",
                "Concat(head_1 … head_h)·W^O",
                f"({L}, {h}·{dk})·({h}·{dk}, {e})",
                f"({L}, {e})",
                "W^O is (h·d_v, d_model).",
            ),
        ]
        nb = n or 1
        proj = nb * (L * e * e + S * kd * e + S * vd * e + L * e * e)
        attn = 2 * nb * L * S * e
        bias_adds = nb * (L * e + 2 * S * e + L * e) if has_bias else 0
        macs = proj + attn + bias_adds
        shapes["macs_without_bias"] = proj + attn
        steps.append(
            Step(
                "MACs",
                "N·(L·d·d + S·kdim·d + S·vdim·d + L·d·d) + 2·N·L·S·d" + (" + bias adds" if has_bias else ""),
                f"{fmt(proj)} + {fmt(attn)}" + (f" + {fmt(bias_adds)}" if has_bias else ""),
                fmt(macs),
                "Projections, then Q·Kᵀ and weights·V over all heads; softmax and scaling not counted.",
            )
        )
    steps.append(
        Step(
            "Input projection",
            "d·d + d·kdim + d·vdim" + (" + 3d" if has_bias else ""),
            f"{e}·{e} + {e}·{kd} + {e}·{vd}" + (f" + 3·{e}" if has_bias else ""),
            fmt(in_w + in_b),
        )
    )
    steps.append(
        Step(
            "Output projection",
            "d·d" + (" + d" if has_bias else ""),
            f"{e}·{e}" + (f" + {e}" if has_bias else ""),
            fmt(out_w + out_b),
        )
    )
    steps.append(
        Step(
            "Parameters",
            "input + output projections",
            f"{fmt(in_w + in_b)} + {fmt(out_w + out_b)}",
            fmt(params),
            "The count does not depend on the number of heads." if kd == vd == e else "",
        )
    )
    shapes |= {
        "params_per_projection": e * e + (e if has_bias else 0),
        "in_proj_params": in_w + in_b,
        "out_proj_params": out_w + out_b,
    }
    return Result(
        solver="multihead_attention",
        inputs={
            "embed_dim": e,
            "num_heads": h,
            "bias": has_bias,
            "kdim": kd,
            "vdim": vd,
            "seq_len": L,
            "source_len": S,
            "batch": n,
        },
        output_shape=(L, e) if L is not None else None,
        params=params,
        macs=macs,
        bias_in_macs=has_bias,
        steps=steps,
        quantities=shapes,
    )
