"""Recurrent layers (RNN, LSTM, GRU): parameters as PyTorch counts them, the textbook count beside, MACs."""

from __future__ import annotations

from typing import Any

from solvers import checks
from solvers.errors import SolverError
from solvers.result import Result, Step, fmt

GATES = {"rnn": 1, "lstm": 4, "gru": 3}
GATE_NAMES = {
    "rnn": "one block: h_t = tanh(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh)",
    "lstm": "i, f, g, o: input, forget, output gates (sigmoid) and the tanh candidate g ('cell gate')",
    "gru": "r, z, n: reset and update gates and the candidate n",
}


def rnn(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bias: bool = True,
    bidirectional: bool = False,
    seq_len: int = 1,
    batch: int = 1,
) -> Result:
    """An Elman RNN, as torch.nn.RNN.

    Args:
        input_size: features of x_t.
        hidden_size: H, features of h_t.
        num_layers: stacked layers; layer l > 0 reads the previous layer's output.
        bias: whether the layer has bias vectors (PyTorch keeps two, b_ih and b_hh).
        bidirectional: a second, backward direction per layer; outputs are concatenated.
        seq_len: time steps; only the output shape and MACs depend on it.
        batch: sequences in the batch; only MACs depend on it.

    Returns:
        The result: output shape (seq_len, D·H), parameters (PyTorch) with the textbook single-bias count
        among the quantities, MACs of the matrix products and bias adds.

    Raises:
        SolverError: a non-positive size.
    """
    return recurrent("rnn", input_size, hidden_size, num_layers, bias, bidirectional, 0, seq_len, batch)


def lstm(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bias: bool = True,
    bidirectional: bool = False,
    proj_size: int = 0,
    seq_len: int = 1,
    batch: int = 1,
) -> Result:
    """An LSTM, as torch.nn.LSTM; arguments as rnn, plus proj_size.

    Args:
        input_size: features of x_t.
        hidden_size: H, features of the cell state.
        num_layers: stacked layers.
        bias: whether the layer has bias vectors (PyTorch keeps two per layer).
        bidirectional: a backward direction too.
        proj_size: if > 0, h_t is projected to this size by W_hr (must be smaller than hidden_size).
        seq_len: time steps.
        batch: sequences in the batch.

    Returns:
        The result, as for rnn.

    Raises:
        SolverError: a non-positive size or proj_size ≥ hidden_size.
    """
    return recurrent(
        "lstm", input_size, hidden_size, num_layers, bias, bidirectional, proj_size, seq_len, batch
    )


def gru(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bias: bool = True,
    bidirectional: bool = False,
    seq_len: int = 1,
    batch: int = 1,
) -> Result:
    """A GRU, as torch.nn.GRU; arguments as rnn."""
    return recurrent("gru", input_size, hidden_size, num_layers, bias, bidirectional, 0, seq_len, batch)


def recurrent(
    cell: str,
    input_size: Any,
    hidden_size: Any,
    num_layers: Any,
    bias: Any,
    bidirectional: Any,
    proj_size: Any,
    seq_len: Any,
    batch: Any,
) -> Result:
    """The shared body of rnn, lstm and gru."""
    n_in = checks.positive("input_size", input_size)
    h = checks.positive("hidden_size", hidden_size)
    layers = checks.positive("num_layers", num_layers)
    has_bias = checks.flag("bias", bias)
    bi = checks.flag("bidirectional", bidirectional)
    proj = checks.non_negative("proj_size", proj_size)
    steps_t = checks.positive("seq_len", seq_len)
    n_batch = checks.positive("batch", batch)
    if proj and cell != "lstm":
        raise SolverError(f"proj_size is only supported for LSTM, not {cell.upper()}")
    if proj >= h and proj:
        raise SolverError(
            f"proj_size must be smaller than hidden_size: got proj_size {proj}, hidden_size {h}"
        )
    g = GATES[cell]
    dirs = 2 if bi else 1
    h_out = proj or h
    steps = [Step("Gate blocks", "", "", f"G = {g}", GATE_NAMES[cell])]
    per_layer, macs_step = [], 0
    for layer in range(layers):
        l_in = n_in if layer == 0 else dirs * h_out
        weights = g * h * (l_in + h_out) + (proj * h if proj else 0)
        biases = 2 * g * h if has_bias else 0
        total = (weights + biases) * dirs
        per_layer.append(total)
        macs_step += (weights + biases) * dirs
        w_formula = "G·H·(in + H_out)" + (" + P·H" if proj else "")
        w_sub = f"{g}·{h}·({l_in} + {h_out})" + (f" + {proj}·{h}" if proj else "")
        b_formula = " + 2·G·H" if has_bias else ""
        b_sub = f" + 2·{g}·{h}" if has_bias else ""
        dir_f, dir_s = ("(", ")·2") if bi else ("", "")
        steps.append(
            Step(
                f"Layer {layer}" + (" (both directions)" if bi else ""),
                f"{dir_f}{w_formula}{b_formula}{dir_s}",
                f"{dir_f}{w_sub}{b_sub}{dir_s}",
                fmt(total),
                (
                    f"in = input_size = {n_in}"
                    if layer == 0
                    else f"in = {'2·' if bi else ''}H_out = {l_in}: the layer below's output"
                )
                + (". PyTorch keeps two bias vectors, b_ih and b_hh." if has_bias else ".")
                + (" W_hr (P×H) projects h_t." if proj else ""),
            )
        )
    params = sum(per_layer)
    n_bias_vectors = layers * dirs * g * h
    single = params - n_bias_vectors if has_bias else params
    no_bias = params - 2 * n_bias_vectors if has_bias else params
    steps.append(Step("Parameters (PyTorch)", "Σ layers", " + ".join(fmt(x) for x in per_layer), fmt(params)))
    if has_bias:
        steps.append(
            Step(
                "Textbook count (one bias per gate)",
                "PyTorch − layers·D·G·H",
                f"{fmt(params)} − {layers}·{dirs}·{g}·{h}",
                fmt(single),
                f"Without any bias: {fmt(no_bias)}. Say which convention a question uses.",
            )
        )
    macs = n_batch * steps_t * macs_step
    steps.append(
        Step(
            "MACs",
            "N·T·Σ (weights + bias adds)",
            f"{n_batch}·{steps_t}·{fmt(macs_step)}",
            fmt(macs),
            "One multiply-add per weight per time step; gate nonlinearities and products not counted.",
        )
    )
    steps.append(
        Step(
            "Output shape",
            "(T, D·H_out)",
            f"({steps_t}, {dirs}·{h_out})",
            f"({steps_t}, {dirs * h_out})",
            f"h_n: ({dirs * layers}, {h_out})" + (f", c_n: ({dirs * layers}, {h})" if cell == "lstm" else ""),
        )
    )
    quantities: dict[str, Any] = {
        "gate_blocks": g,
        "per_layer": per_layer,
        "params_single_bias": single,
        "params_no_bias": no_bias,
        "h_n_shape": (dirs * layers, h_out),
        "macs_without_bias": macs - (n_batch * steps_t * 2 * n_bias_vectors if has_bias else 0),
    }
    if cell == "lstm":
        quantities["c_n_shape"] = (dirs * layers, h)
    inputs = {
        "input_size": n_in,
        "hidden_size": h,
        "num_layers": layers,
        "bias": has_bias,
        "bidirectional": bi,
        "seq_len": steps_t,
        "batch": n_batch,
    }
    if cell == "lstm":
        inputs["proj_size"] = proj
    notes = (
        ["PyTorch has two bias vectors per layer (b_ih, b_hh); many textbooks write one."] if has_bias else []
    )
    if cell == "lstm":
        notes.append(
            "Textbooks count 3 gates (input, forget, output) plus the tanh candidate; PyTorch's 4 blocks "
            "are i, f, g, o."
        )
    return Result(
        solver=cell,
        inputs=inputs,
        output_shape=(steps_t, dirs * h_out),
        params=params,
        macs=macs,
        bias_in_macs=has_bias,
        steps=steps,
        quantities=quantities,
        notes=notes,
    )
