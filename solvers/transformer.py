"""Transformer encoder and decoder layers: parameters by sub-layer, and MACs for a given length."""

from __future__ import annotations

from solvers import checks
from solvers.attention import multihead_attention
from solvers.dense import linear
from solvers.result import Result, Step, fmt


def transformer_encoder_layer(
    d_model: int,
    nhead: int,
    dim_feedforward: int = 2048,
    bias: bool = True,
    seq_len: int | None = None,
    batch: int = 1,
) -> Result:
    """One encoder layer, as torch.nn.TransformerEncoderLayer: self-attention, FFN, two LayerNorms.

    Args:
        d_model: the model width.
        nhead: attention heads (must divide d_model).
        dim_feedforward: the FFN's hidden width (Linear → ReLU → Linear).
        bias: biases of the linear layers and of the LayerNorms, as PyTorch's `bias`.
        seq_len: tokens; MACs need it.
        batch: sequences in the batch.

    Returns:
        The result: parameters per sub-layer in the steps; MACs (None without seq_len).

    Raises:
        SolverError: a non-positive size, or d_model not divisible by nhead.
    """
    return _layer("transformer_encoder_layer", d_model, nhead, dim_feedforward, bias, seq_len, None, batch)


def transformer_decoder_layer(
    d_model: int,
    nhead: int,
    dim_feedforward: int = 2048,
    bias: bool = True,
    seq_len: int | None = None,
    memory_len: int | None = None,
    batch: int = 1,
) -> Result:
    """One decoder layer, as torch.nn.TransformerDecoderLayer: masked self-attention, cross-attention
    (queries from the decoder, keys and values from the encoder output), FFN, three LayerNorms.

    Args:
        d_model: the model width.
        nhead: attention heads.
        dim_feedforward: the FFN's hidden width.
        bias: biases of the linear layers and of the LayerNorms.
        seq_len: target tokens; MACs need it.
        memory_len: encoder output tokens (default seq_len).
        batch: sequences in the batch.

    Returns:
        The result, as for the encoder layer.

    Raises:
        SolverError: a non-positive size, or d_model not divisible by nhead.
    """
    return _layer(
        "transformer_decoder_layer",
        d_model,
        nhead,
        dim_feedforward,
        bias,
        seq_len,
        seq_len if memory_len is None else memory_len,
        batch,
    )


def _layer(
    name: str,
    d_model: int,
    nhead: int,
    dim_feedforward: int,
    bias: bool,
    seq_len: int | None,
    memory_len: int | None,
    batch: int,
) -> Result:
    decoder = name.endswith("decoder_layer")
    d = checks.positive("d_model", d_model)
    ff = checks.positive("dim_feedforward", dim_feedforward)
    has_bias = checks.flag("bias", bias)
    n = checks.positive("batch", batch)
    L = None if seq_len is None else checks.positive("seq_len", seq_len)
    tokens = n * (L or 1)
    attn = multihead_attention(d, nhead, has_bias, seq_len=L, batch=n if L else None)
    parts: list[tuple[str, Result]] = [("Self-attention" if not decoder else "Masked self-attention", attn)]
    if decoder:
        m = None if memory_len is None else checks.positive("memory_len", memory_len)
        parts.append(
            (
                "Cross-attention",
                multihead_attention(d, nhead, has_bias, seq_len=L, source_len=m, batch=n if L else None),
            )
        )
    parts.append(("FFN linear1", linear(d, ff, has_bias, tokens)))
    parts.append(("FFN linear2", linear(ff, d, has_bias, tokens)))
    norm_params = (2 if has_bias else 1) * d
    n_norms = 3 if decoder else 2
    steps = [Step(title, *_part_formula(title, d, ff, has_bias), fmt(r.params)) for title, r in parts]
    steps.append(
        Step(
            f"{n_norms} LayerNorms",
            f"{n_norms}·{'2' if has_bias else '1'}·d_model",
            f"{n_norms}·{'2' if has_bias else '1'}·{d}",
            fmt(n_norms * norm_params),
            "One after each sub-layer, around its residual connection (post-norm, PyTorch's default).",
        )
    )
    params = sum(r.params for _, r in parts) + n_norms * norm_params
    steps.append(Step("Parameters", "Σ sub-layers", " + ".join(s.value for s in steps), fmt(params)))
    macs = None
    if L is not None:
        macs = sum(r.macs or 0 for _, r in parts)
        steps.append(
            Step(
                "MACs",
                "attention + FFN",
                " + ".join(fmt(r.macs or 0) for _, r in parts),
                fmt(macs),
                "LayerNorm, softmax, ReLU and the residual adds are not counted.",
            )
        )
    return Result(
        solver=name,
        inputs={
            "d_model": d,
            "nhead": nhead,
            "dim_feedforward": ff,
            "bias": has_bias,
            "seq_len": L,
            **({"memory_len": memory_len} if decoder else {}),
            "batch": n,
        },
        output_shape=(L, d) if L is not None else None,
        params=params,
        macs=macs,
        bias_in_macs=has_bias,
        steps=steps,
        quantities={
            "attention_params": attn.params,
            "ffn_params": parts[-2][1].params + parts[-1][1].params,
            "norm_params": n_norms * norm_params,
        },
    )


def _part_formula(title: str, d: int, ff: int, bias: bool) -> tuple[str, str]:
    """The formula and substitution of one sub-layer's parameter count."""
    if "attention" in title:
        return ("4·d² + 4·d" if bias else "4·d²"), (f"4·{d}² + 4·{d}" if bias else f"4·{d}²")
    a, b = (d, ff) if title.endswith("1") else (ff, d)
    names = ("d", "ff") if title.endswith("1") else ("ff", "d")
    if bias:
        return f"{names[0]}·{names[1]} + {names[1]}", f"{a}·{b} + {b}"
    return f"{names[0]}·{names[1]}", f"{a}·{b}"
