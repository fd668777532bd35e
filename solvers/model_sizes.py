"""Parameter counts of whole blocks, for the bank: MLPs, conv stacks, LoRA, Transformer layers, BatchNorm, ViT.

Each function wraps the layer solvers (linear, conv2d, receptive_field, batch_norm, the Transformer layers)
and returns a flat dict, as the template solvers of `solvers.registry` do.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from solvers import checks, norms
from solvers import conv as conv_mod
from solvers import dense as linear_mod
from solvers import receptive as rf_mod
from solvers import transformer as transformer_mod
from solvers.errors import SolverError


def mlp_params(sizes: list[int], bias: bool = True) -> dict[str, Any]:
    """A fully connected network sizes[0] → sizes[1] → … → sizes[-1], one nn.Linear per arrow.

    Each layer has n_in·n_out weights and n_out biases; activations have no parameters.

    Args:
        sizes: the widths, input first (at least two).
        bias: whether the layers have biases.

    Returns:
        n_params, n_weights, n_bias, per_layer (list), neurons (Σ widths, what a wrong count adds up).

    Raises:
        SolverError: fewer than two widths, a non-positive width.
    """
    if isinstance(sizes, str) or not isinstance(sizes, list | tuple) or len(sizes) < 2:
        raise SolverError(f"sizes must list at least the input and output widths, got {sizes!r}")
    widths = [checks.positive("sizes", v) for v in sizes]
    layers = [linear_mod.linear(a, b, bias) for a, b in pairwise(widths)]
    weights = sum(r.quantities["weights"] for r in layers)
    return {
        "n_params": sum(r.params for r in layers),
        "n_weights": weights,
        "n_bias": sum(r.quantities["bias_params"] for r in layers),
        "per_layer": [r.params for r in layers],
        "neurons": sum(widths),
    }


def conv_stack(k: int, channels: list[int], bias: bool = False) -> dict[str, Any]:
    """A stack of k×k stride-1 convolutions (VGG's design) against one convolution of the same receptive field.

    Layer l maps channels[l] → channels[l + 1] with 'same' padding. L stacked k×k layers see an
    (L·(k − 1) + 1)-wide window, like one conv of that size from channels[0] to channels[-1], with fewer
    weights and more nonlinearities: three 3×3 layers of C channels have 27C² weights, one 7×7 has 49C².

    Args:
        k: the kernel size of every layer.
        channels: the channel counts, input first (layers = len(channels) − 1).
        bias: whether the convolutions have biases (excluded by default, as the course counts weights).

    Returns:
        n_params, per_layer (list), rf (the stack's receptive field), params_single (one rf×rf conv),
        ratio (n_params/params_single).

    Raises:
        SolverError: fewer than two channel counts, a non-positive size.
    """
    if isinstance(channels, str) or not isinstance(channels, list | tuple) or len(channels) < 2:
        raise SolverError(f"channels must list at least the input and output channels, got {channels!r}")
    cs = [checks.positive("channels", c) for c in channels]
    kk = checks.positive("k", k)
    side = kk  # the spatial size does not change the parameter count; any size ≥ k will do
    layers = [conv_mod.conv2d((a, side, side), b, kk, padding="same", bias=bias) for a, b in pairwise(cs)]
    rf = rf_mod.receptive_field([kk] * len(layers)).quantities["rf"]
    single = conv_mod.conv2d((cs[0], rf, rf), cs[-1], rf, bias=bias).params
    total = sum(r.params for r in layers)
    return {
        "n_params": total,
        "per_layer": [r.params for r in layers],
        "rf": rf,
        "params_single": single,
        "ratio": total / single,
    }


def lora_params(d_out: int, d_in: int, r: int) -> dict[str, Any]:
    """LoRA on a frozen d_out×d_in weight W: W + ΔW with ΔW = B·A, B of d_out×r and A of r×d_in (Hu et al. 2021).

    Only A and B are trained: r·(d_out + d_in) parameters instead of d_out·d_in.

    Args:
        d_out: rows of W (out_features).
        d_in: columns of W (in_features).
        r: the rank, at most min(d_out, d_in).

    Returns:
        n_params (trainable), params_a, params_b, params_full (d_out·d_in), ratio (n_params/params_full).

    Raises:
        SolverError: a non-positive size, a rank above min(d_out, d_in).
    """
    rows = checks.positive("d_out", d_out)
    cols = checks.positive("d_in", d_in)
    rank = checks.positive("r", r)
    if rank > min(rows, cols):
        raise SolverError(f"r={rank} exceeds min(d_out, d_in)={min(rows, cols)}: the update would not be low-rank")
    a, b = rank * cols, rows * rank
    return {
        "n_params": a + b,
        "params_a": a,
        "params_b": b,
        "params_full": rows * cols,
        "ratio": (a + b) / (rows * cols),
    }


def transformer_layer(
    kind: str, d_model: int, nhead: int, dim_feedforward: int = 2048, bias: bool = True
) -> dict[str, Any]:
    """One Transformer layer's parameters, as nn.TransformerEncoderLayer / nn.TransformerDecoderLayer.

    encoder: self-attention (4·d² + 4·d), FFN (d·ff + ff + ff·d + d), two LayerNorms (2·2d). decoder: adds a
    cross-attention and a third LayerNorm. Without bias the linear layers and LayerNorms lose their biases.

    Args:
        kind: encoder or decoder.
        d_model: the model width.
        nhead: heads (must divide d_model; the count does not depend on it).
        dim_feedforward: the FFN's hidden width.
        bias: PyTorch's `bias`.

    Returns:
        n_params, attention_params (one attention block), ffn_params, norm_params (all LayerNorms).

    Raises:
        SolverError: an unknown kind, a non-positive size, nhead not dividing d_model.
    """
    if kind not in ("encoder", "decoder"):
        raise SolverError(f"kind must be encoder or decoder, got {kind!r}")
    fn = transformer_mod.transformer_encoder_layer if kind == "encoder" else transformer_mod.transformer_decoder_layer
    r = fn(d_model, nhead, dim_feedforward, bias)
    q = r.quantities
    return {
        "n_params": r.params,
        "attention_params": q["attention_params"],
        "ffn_params": q["ffn_params"],
        "norm_params": q["norm_params"],
    }


def batch_norm_params(num_features: int, affine: bool = True, track_running_stats: bool = True) -> dict[str, Any]:
    """nn.BatchNorm1d/2d/3d: learnable γ and β per channel; running mean and variance are buffers, not trained.

    Returns:
        n_params (2C with affine), buffers (2C + 1 with running stats: mean, var, num_batches_tracked),
        state_dict_values (both).

    Raises:
        SolverError: a non-positive num_features.
    """
    r = norms.batch_norm(num_features, affine, track_running_stats)
    return {
        "n_params": r.params,
        "buffers": r.quantities["buffers"],
        "state_dict_values": r.quantities["state_dict_values"],
    }


def vit_tokens(
    image_size: int,
    patch_size: int = 16,
    cls_token: bool = True,
    channels: int = 3,
    d_model: int = 768,
    base_image_size: int | None = None,
) -> dict[str, Any]:
    """ViT's tokens: non-overlapping p×p patches, embedded by a conv with kernel = stride = p (Dosovitskiy 2021).

    The patch embedding is nn.Conv2d(channels, d_model, p, stride=p) on a square image; its output grid of
    (image/p)² positions is the token sequence, plus one [class] token. Each head's score matrix QKᵀ has
    seq_len² entries, so it grows with the square of the token count. With base_image_size the ratios say
    how tokens and score entries grow from that resolution to image_size at the same patch size.

    Args:
        image_size: the side of the square image (a multiple of patch_size).
        patch_size: p.
        cls_token: whether a [class] token is prepended.
        channels: input channels (3 for RGB).
        d_model: the embedding width (ViT-B: 768).
        base_image_size: a reference side for the ratios.

    Returns:
        grid (patches per side), patches, seq_len, score_entries (seq_len²), patch_dim (p²·channels),
        embed_params (the patch-embedding conv's, with bias); with base_image_size also token_ratio and
        score_ratio.

    Raises:
        SolverError: a non-positive size, an image side that is not a multiple of the patch size.
    """
    p = checks.positive("patch_size", patch_size)
    with_cls = checks.flag("cls_token", cls_token)

    def tokens(side: int, name: str) -> tuple[Any, int]:
        n = checks.positive(name, side)
        if n % p:
            raise SolverError(f"{name}={n} is not a multiple of patch_size={p}: ViT's patches must tile the image")
        r = conv_mod.conv2d((channels, n, n), d_model, p, stride=p)
        assert r.output_shape is not None
        grid = r.output_shape[1]
        return r, grid * grid + (1 if with_cls else 0)

    embed, seq = tokens(image_size, "image_size")
    assert embed.output_shape is not None
    grid = embed.output_shape[1]
    out = {
        "grid": grid,
        "patches": grid * grid,
        "seq_len": seq,
        "score_entries": seq * seq,
        "patch_dim": p * p * checks.positive("channels", channels),
        "embed_params": embed.params,
    }
    if base_image_size is not None:
        _, base = tokens(base_image_size, "base_image_size")
        out |= {"token_ratio": seq / base, "score_ratio": (seq * seq) / (base * base)}
    return out
