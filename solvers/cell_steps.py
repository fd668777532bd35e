"""One time step of an LSTM or GRU cell by hand, from gate values already computed."""

from __future__ import annotations

import math
from typing import Any

from solvers import checks
from solvers.errors import SolverError

GRU_CONVENTIONS = ("pytorch", "colah")


def _gate(name: str, value: Any, low: float = 0.0) -> float:
    """A gate value: a sigmoid output in [0, 1], or a tanh output in [−1, 1] when low is −1."""
    v = checks.number(name, value)
    if not low <= v <= 1:
        kind = "a tanh output in [−1, 1]" if low < 0 else "a sigmoid output in [0, 1]"
        raise SolverError(f"{name} must be {kind}, got {v}")
    return v


def lstm_step(f: float, i: float, g: float, o: float, c_prev: float) -> dict[str, Any]:
    """The cell and hidden state of one LSTM step, as torch.nn.LSTMCell (hidden_size 1, or one unit of many).

    c_t = f ⊙ c_{t−1} + i ⊙ g and h_t = o ⊙ tanh(c_t), where f, i, o are the forget, input and output gates
    (sigmoid outputs) and g the candidate (a tanh output; PyTorch's name, c̃ in colah's notation).

    Args:
        f: the forget gate f_t (1 keeps the old cell state entirely).
        i: the input gate i_t.
        g: the candidate g_t.
        o: the output gate o_t.
        c_prev: the previous cell state c_{t−1}.

    Returns:
        c (c_t), tanh_c, h (h_t), kept (f·c_{t−1}), written (i·g).

    Raises:
        SolverError: a gate outside its activation's range.
    """
    fv, iv, ov = _gate("f", f), _gate("i", i), _gate("o", o)
    gv = _gate("g", g, low=-1.0)
    cp = checks.number("c_prev", c_prev)
    kept, written = fv * cp, iv * gv
    c = kept + written
    return {"c": c, "tanh_c": math.tanh(c), "h": ov * math.tanh(c), "kept": kept, "written": written}


def gru_step(z: float, n: float, h_prev: float, convention: str = "pytorch") -> dict[str, Any]:
    """The hidden state of one GRU step from the update gate z and the candidate n.

    PyTorch's nn.GRU (and Cho et al. 2014): h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}, so z near 1 keeps the old state.
    colah's blog and the course notes (004) swap the roles: h_t = (1 − z) ⊙ h_{t−1} + z ⊙ n. The same numbers
    give different answers, so a question must say which it uses (seed audit A23).

    Args:
        z: the update gate z_t, a sigmoid output.
        n: the candidate n_t (h̃_t), a tanh output.
        h_prev: the previous hidden state h_{t−1}.
        convention: pytorch or colah.

    Returns:
        h (h_t), from_old (the share of h_{t−1} taken: z for pytorch, 1 − z for colah).

    Raises:
        SolverError: a gate outside its range, an unknown convention.
    """
    if convention not in GRU_CONVENTIONS:
        raise SolverError(f"convention must be pytorch or colah, got {convention!r}")
    zv = _gate("z", z)
    nv = _gate("n", n, low=-1.0)
    hp = checks.number("h_prev", h_prev)
    old = zv if convention == "pytorch" else 1.0 - zv
    return {"h": (1.0 - old) * nv + old * hp, "from_old": old}
