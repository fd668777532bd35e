"""RNN, LSTM and GRU with PyTorch's gate order, two biases and parameter names.

Each layer and direction is one graph node: the forward loop over time keeps the gate activations, and
the backward loop is backpropagation through time written out by the chain rule (the equations the
course derives). The input projection of all time steps is one matrix product before the loop.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from solvers.engine import functional as F
from solvers.engine import init
from solvers.engine.module import Module, Parameter
from solvers.engine.tensor import Tensor, cat, stack


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1)


def _steps(length: int, reverse: bool) -> range:
    return range(length - 1, -1, -1) if reverse else range(length)


def _weight_grads(
    d_pre_x: np.ndarray, d_pre_h: np.ndarray, x: np.ndarray, h_prev: np.ndarray, w_ih: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Gradients of x, W_ih, W_hh, b_ih, b_hh from the pre-activation gradients of every step."""
    flat_x, flat_h = d_pre_x.reshape(-1, d_pre_x.shape[-1]), d_pre_h.reshape(-1, d_pre_h.shape[-1])
    return (
        d_pre_x @ w_ih,
        flat_x.T @ x.reshape(-1, x.shape[-1]),
        flat_h.T @ h_prev.reshape(-1, h_prev.shape[-1]),
        flat_x.sum(axis=0),
        flat_h.sum(axis=0),
    )


def lstm_sequence(
    x: Tensor,
    h0: Tensor,
    c0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None,
    b_hh: Tensor | None,
    reverse: bool = False,
) -> Tensor:
    """One LSTM layer in one direction over x (T, N, I).

    Returns:
        (T + 1, N, H): the hidden state of every step, then the final cell state.
    """
    steps, hidden = x.shape[0], h0.shape[-1]
    xw = x.data @ w_ih.data.T
    for b in (b_ih, b_hh):
        if b is not None:
            xw = xw + b.data
    acts = np.empty_like(xw)  # activated gates i, f, g, o of every step
    cells, hs, h_prev, c_prev = (np.empty((steps, *h0.shape), xw.dtype) for _ in range(4))
    h, c = h0.data, c0.data
    for t in _steps(steps, reverse):
        h_prev[t], c_prev[t] = h, c
        gates = xw[t] + h @ w_hh.data.T
        a = _sigmoid(gates)
        a[:, 2 * hidden : 3 * hidden] = np.tanh(gates[:, 2 * hidden : 3 * hidden])
        i, f, g, o = (a[:, k * hidden : (k + 1) * hidden] for k in range(4))
        c = f * c + i * g
        h = o * np.tanh(c)
        acts[t], cells[t], hs[t] = a, c, h
    out = np.concatenate([hs, c[None]], axis=0)

    def backward(grad: np.ndarray) -> tuple:
        d_pre = np.empty_like(acts)
        dh_next, dc_next = np.zeros_like(h0.data), grad[steps]
        for t in _steps(steps, not reverse):
            i, f, g, o = (acts[t][:, k * hidden : (k + 1) * hidden] for k in range(4))
            tanh_c = np.tanh(cells[t])
            dh = grad[t] + dh_next
            dc = dc_next + dh * o * (1 - tanh_c**2)
            step = d_pre[t]  # filled gate by gate, with no temporary concatenation
            step[:, :hidden] = dc * g * i * (1 - i)
            step[:, hidden : 2 * hidden] = dc * c_prev[t] * f * (1 - f)
            step[:, 2 * hidden : 3 * hidden] = dc * i * (1 - g**2)
            step[:, 3 * hidden :] = dh * tanh_c * o * (1 - o)
            dh_next, dc_next = d_pre[t] @ w_hh.data, dc * f
        dx, dw_ih, dw_hh, db_ih, db_hh = _weight_grads(d_pre, d_pre, x.data, h_prev, w_ih.data)
        return dx, dh_next, dc_next, dw_ih, dw_hh, db_ih, db_hh

    return F.node(out, (x, h0, c0, w_ih, w_hh, b_ih, b_hh), backward)


def gru_sequence(
    x: Tensor,
    h0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None,
    b_hh: Tensor | None,
    reverse: bool = False,
) -> Tensor:
    """One GRU layer in one direction: r, z, n gates; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).

    Returns:
        (T, N, H): the hidden state of every step.
    """
    steps, hidden = x.shape[0], h0.shape[-1]
    xw = x.data @ w_ih.data.T + (b_ih.data if b_ih is not None else 0)
    rz = np.empty((steps, h0.shape[0], 2 * hidden), xw.dtype)  # reset and update gates of every step
    n_all, hn_all, hs, h_prev = (np.empty((steps, *h0.shape), xw.dtype) for _ in range(4))
    h = h0.data
    for t in _steps(steps, reverse):
        h_prev[t] = h
        hw = h @ w_hh.data.T + (b_hh.data if b_hh is not None else 0)
        rz[t] = _sigmoid(xw[t, :, : 2 * hidden] + hw[:, : 2 * hidden])
        r, z = rz[t, :, :hidden], rz[t, :, hidden:]
        hn_all[t] = hw[:, 2 * hidden :]
        n_all[t] = np.tanh(xw[t, :, 2 * hidden :] + r * hn_all[t])
        h = (1 - z) * n_all[t] + z * h
        hs[t] = h

    def backward(grad: np.ndarray) -> tuple:
        d_pre_x, d_pre_h = np.empty_like(xw), np.empty_like(xw)
        dh_next = np.zeros_like(h0.data)
        for t in _steps(steps, not reverse):
            r, z, n = rz[t, :, :hidden], rz[t, :, hidden:], n_all[t]
            dh = grad[t] + dh_next
            dn_pre = dh * (1 - z) * (1 - n**2)
            dr_pre = dn_pre * hn_all[t] * r * (1 - r)
            dz_pre = dh * (h_prev[t] - n) * z * (1 - z)
            d_pre_x[t] = np.concatenate([dr_pre, dz_pre, dn_pre], axis=1)
            d_pre_h[t] = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=1)
            dh_next = d_pre_h[t] @ w_hh.data + dh * z
        dx, dw_ih, dw_hh, db_ih, db_hh = _weight_grads(d_pre_x, d_pre_h, x.data, h_prev, w_ih.data)
        return dx, dh_next, dw_ih, dw_hh, db_ih, db_hh

    return F.node(hs, (x, h0, w_ih, w_hh, b_ih, b_hh), backward)


def rnn_sequence(
    x: Tensor,
    h0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None,
    b_hh: Tensor | None,
    reverse: bool = False,
    nonlinearity: str = "tanh",
) -> Tensor:
    """One Elman RNN layer in one direction: h' = act(W_ih x + b_ih + W_hh h + b_hh).

    Returns:
        (T, N, H): the hidden state of every step.
    """
    steps = x.shape[0]
    xw = x.data @ w_ih.data.T
    for b in (b_ih, b_hh):
        if b is not None:
            xw = xw + b.data
    hs, h_prev = (np.empty((steps, *h0.shape), xw.dtype) for _ in range(2))
    h = h0.data
    for t in _steps(steps, reverse):
        h_prev[t] = h
        pre = xw[t] + h @ w_hh.data.T
        h = np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0)
        hs[t] = h

    def backward(grad: np.ndarray) -> tuple:
        d_pre = np.empty_like(xw)
        dh_next = np.zeros_like(h0.data)
        for t in _steps(steps, not reverse):
            dh = grad[t] + dh_next
            d_pre[t] = dh * (1 - hs[t] ** 2) if nonlinearity == "tanh" else dh * (hs[t] > 0)
            dh_next = d_pre[t] @ w_hh.data
        dx, dw_ih, dw_hh, db_ih, db_hh = _weight_grads(d_pre, d_pre, x.data, h_prev, w_ih.data)
        return dx, dh_next, dw_ih, dw_hh, db_ih, db_hh

    return F.node(hs, (x, h0, w_ih, w_hh, b_ih, b_hh), backward)


class _RNNBase(Module):
    """Stacked, optionally bidirectional recurrent layers with PyTorch's parameter layout:
    weight_ih_l{k}[_reverse] (gates*H, in), weight_hh_l{k} (gates*H, H), bias_ih_l{k}, bias_hh_l{k}."""

    _gates = 1

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if hidden_size <= 0 or num_layers <= 0:
            raise ValueError("hidden_size and num_layers must be positive")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout, self.bidirectional = (
            bias,
            batch_first,
            dropout,
            bidirectional,
        )
        directions = 2 if bidirectional else 1
        dtype = dtype or np.float32
        bound = 1 / math.sqrt(hidden_size)
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for suffix in ("", "_reverse")[:directions]:
                shapes = {
                    "weight_ih": (self._gates * hidden_size, layer_input),
                    "weight_hh": (self._gates * hidden_size, hidden_size),
                }
                if bias:
                    shapes.update(bias_ih=(self._gates * hidden_size,), bias_hh=(self._gates * hidden_size,))
                for kind, shape in shapes.items():
                    param = Parameter(np.zeros(shape, dtype=dtype))
                    init.uniform_(param, -bound, bound)
                    setattr(self, f"{kind}_l{layer}{suffix}", param)

    def _layer(
        self, x: Tensor, h0: Tensor, c0: Tensor | None, name: str, reverse: bool
    ) -> tuple[Tensor, Tensor, Any]:
        raise NotImplementedError

    def forward(self, input: Tensor, hx: Any = None) -> tuple[Tensor, Any]:
        """Run every layer over the sequence.

        Args:
            input: (T, N, input_size), or (N, T, input_size) with batch_first, or unbatched (T, input_size).
            hx: initial state (num_layers * directions, N, H), for LSTM a pair (h_0, c_0); zeros if None.

        Returns:
            output (T, N, directions * H) and h_n (for LSTM the pair (h_n, c_n)).
        """
        input = input if isinstance(input, Tensor) else Tensor(input)
        batched = input.ndim == 3
        x = input if not batched else (input.transpose(0, 1) if self.batch_first else input)
        x = x if batched else x.unsqueeze(1)
        directions = 2 if self.bidirectional else 1
        state_shape = (self.num_layers * directions, x.shape[1], self.hidden_size)
        h0, c0 = self._initial_states(hx, state_shape, x.dtype, batched)
        last_h, last_c = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                index = layer * directions + direction
                name = f"l{layer}{'_reverse' if direction else ''}"
                out, h_n, c_n = self._layer(
                    x, h0[index], None if c0 is None else c0[index], name, direction == 1
                )
                outputs.append(out)
                last_h.append(h_n)
                last_c.append(c_n)
            x = outputs[0] if directions == 1 else cat(outputs, dim=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        output = x if not batched else (x.transpose(0, 1) if self.batch_first else x)
        h_n = stack(last_h, 0)
        if not batched:
            output, h_n = output.squeeze(1), h_n.squeeze(1)
        if c0 is None:
            return output, h_n
        c_n = stack(last_c, 0)
        return output, (h_n, c_n if batched else c_n.squeeze(1))

    def _initial_states(
        self, hx: Any, shape: tuple[int, ...], dtype: Any, batched: bool
    ) -> tuple[Tensor, Any]:
        pair = isinstance(self, LSTM)
        states = list(hx) if pair and hx is not None else [hx] * (2 if pair else 1)
        tensors = []
        for state in states:
            if state is None:
                tensors.append(Tensor(np.zeros(shape, dtype=dtype)))
                continue
            state = state if isinstance(state, Tensor) else Tensor(state)
            state = state if batched else state.unsqueeze(1)
            if state.shape != shape:
                raise ValueError(f"expected hidden state of shape {shape}, got {state.shape}")
            tensors.append(state)
        return tensors[0], (tensors[1] if pair else None)

    def _params(self, name: str) -> tuple[Tensor, Tensor, Any, Any]:
        return (
            getattr(self, f"weight_ih_{name}"),
            getattr(self, f"weight_hh_{name}"),
            getattr(self, f"bias_ih_{name}") if self.bias else None,
            getattr(self, f"bias_hh_{name}") if self.bias else None,
        )

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, num_layers={self.num_layers}"


class RNN(_RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu)."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"unknown nonlinearity {nonlinearity!r}; use 'tanh' or 'relu'")
        super().__init__(
            input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, dtype
        )
        self.nonlinearity = nonlinearity

    def _layer(self, x: Tensor, h0: Tensor, c0: Any, name: str, reverse: bool) -> tuple[Tensor, Tensor, Any]:
        out = rnn_sequence(x, h0, *self._params(name), reverse=reverse, nonlinearity=self.nonlinearity)
        return out, out[0 if reverse else -1], None


class LSTM(_RNNBase):
    """LSTM with gates in PyTorch's order i, f, g, o stacked in weight_ih / weight_hh."""

    _gates = 4

    def _layer(self, x: Tensor, h0: Tensor, c0: Any, name: str, reverse: bool) -> tuple[Tensor, Tensor, Any]:
        both = lstm_sequence(x, h0, c0, *self._params(name), reverse=reverse)
        out = both[:-1]
        return out, out[0 if reverse else -1], both[-1]


class GRU(_RNNBase):
    """GRU with gates in PyTorch's order r, z, n; b_hn sits inside the reset gate's product."""

    _gates = 3

    def _layer(self, x: Tensor, h0: Tensor, c0: Any, name: str, reverse: bool) -> tuple[Tensor, Tensor, Any]:
        out = gru_sequence(x, h0, *self._params(name), reverse=reverse)
        return out, out[0 if reverse else -1], None
