"""MultiheadAttention and TransformerEncoderLayer, composed from the engine's ops under PyTorch's names."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from solvers.engine import functional as F
from solvers.engine import init
from solvers.engine.layers import Dropout, Linear
from solvers.engine.module import Module, Parameter
from solvers.engine.norm import LayerNorm
from solvers.engine.tensor import Tensor, as_array, matmul


class MultiheadAttention(Module):
    """Multi-head attention as in PyTorch: in_proj_weight (3E, E) packs W_q, W_k, W_v (or q/k/v_proj_weight
    when kdim or vdim differ from embed_dim); out_proj is a Linear(E, E)."""

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError(f"embed_dim {embed_dim} must be divisible by num_heads {num_heads}")
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = (
            embed_dim,
            num_heads,
            dropout,
            batch_first,
        )
        self.kdim, self.vdim = kdim or embed_dim, vdim or embed_dim
        self.head_dim = embed_dim // num_heads
        dtype = dtype or np.float32
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        if self._qkv_same_embed_dim:
            self.in_proj_weight = init.xavier_uniform_(Parameter(np.zeros((3 * embed_dim, embed_dim), dtype)))
        else:
            self.q_proj_weight = init.xavier_uniform_(Parameter(np.zeros((embed_dim, embed_dim), dtype)))
            self.k_proj_weight = init.xavier_uniform_(Parameter(np.zeros((embed_dim, self.kdim), dtype)))
            self.v_proj_weight = init.xavier_uniform_(Parameter(np.zeros((embed_dim, self.vdim), dtype)))
        self.in_proj_bias = Parameter(np.zeros(3 * embed_dim, dtype)) if bias else None
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, dtype=dtype)
        if bias:
            init.zeros_(self.out_proj.bias)

    def _projections(self) -> tuple[Tensor, Tensor, Tensor]:
        if self._qkv_same_embed_dim:
            e = self.embed_dim
            return self.in_proj_weight[:e], self.in_proj_weight[e : 2 * e], self.in_proj_weight[2 * e :]
        return self.q_proj_weight, self.k_proj_weight, self.v_proj_weight

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Any = None,
        need_weights: bool = True,
        attn_mask: Any = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Attend from each query to the keys.

        Args:
            query, key, value: (L, N, E) / (S, N, E), or (N, L, E) with batch_first, or unbatched (L, E).
            key_padding_mask: (N, S); True (or -inf) marks padding keys to ignore.
            need_weights: also return the attention weights.
            attn_mask: (L, S) or (N*num_heads, L, S); True = blocked, or a float mask added to the scores.
            average_attn_weights: average the returned weights over heads.
            is_causal: a hint that attn_mask is the causal mask (PyTorch requires attn_mask with it).

        Returns:
            The attended output in the input's layout, and the weights (N, L, S) (per head: (N, heads, L, S)).
        """
        if is_causal and attn_mask is None:
            raise ValueError("need attn_mask if specifying the is_causal hint")
        batched = query.ndim == 3
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        elif self.batch_first:
            query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
        length, batch, _ = query.shape
        source = key.shape[0]
        w_q, w_k, w_v = self._projections()
        b = self.in_proj_bias
        e = self.embed_dim
        b_q, b_k, b_v = (None, None, None) if b is None else (b[:e], b[e : 2 * e], b[2 * e :])

        def heads(x: Tensor, steps: int) -> Tensor:  # (steps, N, E) -> (N, heads, steps, head_dim)
            return x.reshape(steps, batch, self.num_heads, self.head_dim).permute(1, 2, 0, 3)

        q = heads(F.linear(query, w_q, b_q), length)
        k = heads(F.linear(key, w_k, b_k), source)
        v = heads(F.linear(value, w_v, b_v), source)
        scores = matmul(q, k.transpose(-2, -1)) * (1 / math.sqrt(self.head_dim))
        if attn_mask is not None:
            mask = as_array(attn_mask)
            mask = mask.reshape(batch, self.num_heads, length, source) if mask.ndim == 3 else mask
            scores = (
                scores.masked_fill(mask, -np.inf)
                if mask.dtype == bool
                else scores + mask.astype(scores.dtype)
            )
        if key_padding_mask is not None:
            padding = as_array(key_padding_mask).reshape(batch, 1, 1, source)
            if padding.dtype == bool:
                scores = scores.masked_fill(padding, -np.inf)
            else:
                scores = scores + padding.astype(scores.dtype)
        weights = F.softmax(scores, dim=-1)
        attended = matmul(F.dropout(weights, self.dropout, self.training), v)
        output = self.out_proj(attended.permute(2, 0, 1, 3).reshape(length, batch, e))
        if self.batch_first and batched:
            output = output.transpose(0, 1)
        if not batched:
            output = output.squeeze(1)
        if not need_weights:
            return output, None
        weights = weights.mean(dim=1) if average_attn_weights else weights
        return output, (weights if batched else weights.squeeze(0))


class TransformerEncoderLayer(Module):
    """Self-attention and a feed-forward block, each with dropout, a residual connection and LayerNorm
    (after the residual by default; before it with norm_first), as `torch.nn.TransformerEncoderLayer`."""

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Callable[[Tensor], Tensor] = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1, self.dropout2 = Dropout(dropout), Dropout(dropout)
        if isinstance(activation, str):
            if activation not in ("relu", "gelu"):
                raise ValueError(f"activation should be relu or gelu, not {activation}")
            activation = F.relu if activation == "relu" else F.gelu
        self.activation = activation

    def _self_attention(self, x: Tensor, mask: Any, padding: Any, is_causal: bool) -> Tensor:
        out, _ = self.self_attn(
            x, x, x, attn_mask=mask, key_padding_mask=padding, need_weights=False, is_causal=is_causal
        )
        return self.dropout1(out)

    def _feed_forward(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(
        self, src: Tensor, src_mask: Any = None, src_key_padding_mask: Any = None, is_causal: bool = False
    ) -> Tensor:
        x = src
        if self.norm_first:
            x = x + self._self_attention(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._feed_forward(self.norm2(x))
        x = self.norm1(x + self._self_attention(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._feed_forward(x))
