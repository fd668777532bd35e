"""Random layer and template configurations, evaluated by our solvers and by PyTorch, for the oracle tests.

`make_golden.py` freezes PyTorch's answers for one seed into golden/*.json; `test_torch_live.py` draws
fresh configurations (valid and invalid alike) and asks PyTorch directly when it is installed.
"""

from __future__ import annotations

import contextlib
import math
import random
import warnings
from typing import Any

import solvers
from solvers import SolverError, registry

LAYER_KINDS = (
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose2d",
    "max_pool2d",
    "avg_pool2d",
    "adaptive_avg_pool2d",
    "linear",
    "rnn",
    "lstm",
    "gru",
    "multihead_attention",
    "transformer_encoder_layer",
    "transformer_decoder_layer",
    "batch_norm",
    "layer_norm",
)
TEMPLATE_KINDS = (
    "activation",
    "softmax",
    "cross_entropy",
    "binary_cross_entropy",
    "regression_loss",
    "sgd_momentum",
    "adam",
    "batch_norm_stats",
    "tiny_net",
)


def _pick(rng: random.Random, *options: Any) -> Any:
    return rng.choice(options)


def draw(kind: str, rng: random.Random) -> dict[str, Any]:
    """One configuration of `kind`: the solver's keyword arguments. Some are invalid on purpose."""
    r = rng.randint
    if kind in ("conv1d", "conv2d", "conv3d"):
        nd = int(kind[4])
        groups = _pick(rng, 1, 1, 2, 3, 4)
        c_in = groups * r(1, 3) if rng.random() < 0.9 else r(1, 6)
        c_out = groups * r(1, 3) if rng.random() < 0.9 else r(1, 6)
        padding: Any = r(0, 3)
        if rng.random() < 0.15:
            padding = _pick(rng, "same", "valid")
        sizes = (8, 14, 20)[nd - 1]
        return {
            "input_shape": (c_in, *[r(1, 24 - sizes) for _ in range(nd)]),
            "out_channels": c_out,
            "kernel_size": r(1, 5) if rng.random() < 0.7 else tuple(r(1, 5) for _ in range(nd)),
            "stride": r(1, 3) if rng.random() < 0.95 else 0,
            "padding": padding,
            "dilation": _pick(rng, 1, 1, 2, 3),
            "groups": groups,
            "bias": rng.random() < 0.7,
        }
    if kind == "conv_transpose2d":
        groups = _pick(rng, 1, 1, 2)
        return {
            "input_shape": (groups * r(1, 3), r(1, 8), r(1, 8)),
            "out_channels": groups * r(1, 3),
            "kernel_size": r(1, 5),
            "stride": r(1, 3),
            "padding": r(0, 3),
            "output_padding": r(0, 2),
            "dilation": _pick(rng, 1, 1, 2),
            "groups": groups,
            "bias": rng.random() < 0.7,
        }
    if kind in ("max_pool2d", "avg_pool2d"):
        case = {
            "input_shape": (r(1, 3), r(1, 16), r(1, 16)),
            "kernel_size": r(1, 5),
            "stride": _pick(rng, None, 1, 2, 3),
            "padding": r(0, 3),
            "ceil_mode": rng.random() < 0.4,
        }
        if kind == "max_pool2d":
            case["dilation"] = _pick(rng, 1, 1, 2, 3)
        return case
    if kind == "adaptive_avg_pool2d":
        return {"input_shape": (r(1, 3), r(1, 12), r(1, 12)), "output_size": (r(1, 14), r(1, 14))}
    if kind == "linear":
        return {
            "in_features": r(1, 64),
            "out_features": r(1, 64),
            "bias": rng.random() < 0.7,
            "batch": r(1, 4),
        }
    if kind in ("rnn", "lstm", "gru"):
        case = {
            "input_size": r(1, 24),
            "hidden_size": r(1, 24),
            "num_layers": r(1, 3),
            "bias": rng.random() < 0.7,
            "bidirectional": rng.random() < 0.4,
            "seq_len": r(1, 4),
        }
        if kind == "lstm" and rng.random() < 0.4:
            case["proj_size"] = r(1, case["hidden_size"] + 2)
        return case
    if kind == "multihead_attention":
        heads = r(1, 6)
        embed = heads * r(1, 6) if rng.random() < 0.85 else r(1, 30)
        return {
            "embed_dim": embed,
            "num_heads": heads,
            "bias": rng.random() < 0.7,
            "kdim": _pick(rng, None, r(1, 20)),
            "vdim": _pick(rng, None, r(1, 20)),
            "seq_len": r(1, 6),
            "source_len": r(1, 6),
            "batch": r(1, 3),
        }
    if kind in ("transformer_encoder_layer", "transformer_decoder_layer"):
        heads = r(1, 4)
        return {
            "d_model": heads * r(1, 8) if rng.random() < 0.9 else r(1, 20),
            "nhead": heads,
            "dim_feedforward": r(1, 48),
            "bias": rng.random() < 0.7,
        }
    if kind == "batch_norm":
        return {
            "num_features": r(1, 64),
            "affine": rng.random() < 0.7,
            "track_running_stats": rng.random() < 0.7,
        }
    if kind == "layer_norm":
        shape = r(1, 32) if rng.random() < 0.6 else (r(1, 6), r(1, 6))
        return {
            "normalized_shape": shape,
            "elementwise_affine": rng.random() < 0.7,
            "bias": rng.random() < 0.7,
        }
    return _draw_template(kind, rng)


def _draw_template(kind: str, rng: random.Random) -> dict[str, Any]:
    u = rng.uniform

    def vec(n: int) -> list[float]:
        return [round(u(-4, 4), 3) for _ in range(n)]

    if kind == "activation":
        name = rng.choice(("sigmoid", "tanh", "relu", "leaky_relu", "elu"))
        case: dict[str, Any] = {"name": name, "x": _pick(rng, 0.0, round(u(-5, 5), 3), round(u(-5, 5), 3))}
        if name in ("leaky_relu", "elu") and rng.random() < 0.5:
            case["alpha"] = round(u(0.01, 2), 3)
        return case
    if kind == "softmax":
        return {"z": vec(rng.randint(2, 6))}
    if kind == "cross_entropy":
        z = vec(rng.randint(2, 6))
        return {"z": z, "target": rng.randrange(len(z))}
    if kind == "binary_cross_entropy":
        return {"p": round(u(0.01, 0.99), 3), "y": _pick(rng, 0.0, 1.0, round(u(0, 1), 2))}
    if kind == "regression_loss":
        n = rng.randint(1, 6)
        return {"y": vec(n), "yhat": vec(n), "delta": round(u(0.2, 3), 2)}
    if kind == "sgd_momentum":
        return {
            "w": round(u(-2, 2), 3),
            "g": round(u(-2, 2), 3),
            "lr": round(u(0.001, 0.5), 3),
            "momentum": _pick(rng, 0.0, 0.9, round(u(0, 0.99), 2)),
            "v": _pick(rng, 0.0, round(u(-1, 1), 3)),
            "weight_decay": _pick(rng, 0.0, round(u(0, 0.1), 3)),
            "nesterov": False,
        }
    if kind == "adam":
        return {
            "w": round(u(-2, 2), 3),
            "g": round(u(-2, 2), 3),
            "lr": round(u(0.0001, 0.1), 4),
            "t": rng.randint(1, 20),
            "m": round(u(-1, 1), 3),
            "v": round(u(0, 1), 3),
            "weight_decay": _pick(rng, 0.0, round(u(0, 0.1), 3)),
            "decoupled": rng.random() < 0.5,
        }
    if kind == "batch_norm_stats":
        return {"x": vec(rng.randint(2, 8)), "gamma": round(u(0.5, 2), 2), "beta": round(u(-1, 1), 2)}
    if kind == "tiny_net":
        return {
            "x": round(u(-2, 2), 3),
            "w1": round(u(-2, 2), 3),
            "b1": round(u(-1, 1), 3),
            "w2": round(u(-2, 2), 3),
            "b2": round(u(-1, 1), 3),
            "t": round(u(-2, 2), 3),
            "act": rng.choice(("sigmoid", "tanh", "relu")),
        }
    raise KeyError(kind)


def ours(kind: str, case: dict[str, Any]) -> dict[str, Any]:
    """Our solvers' answer in the form `theirs` gives: the compared fields, or {"error": message}."""
    try:
        if kind in TEMPLATE_KINDS:
            name = "batch_norm" if kind == "batch_norm_stats" else kind
            return registry.solve(name, **case)
        r = getattr(solvers, kind)(**case)
    except SolverError as exc:
        return {"error": str(exc)}
    out: dict[str, Any] = {"params": r.params}
    if r.output_shape is not None:
        out["output_shape"] = list(r.output_shape)
    if kind == "batch_norm":
        out["buffers"] = r.quantities["buffers"]
    if kind in ("conv1d", "conv2d", "conv3d", "conv_transpose2d", "linear", "multihead_attention"):
        out["macs_without_bias"] = r.quantities["macs_without_bias"]
    if kind == "multihead_attention":
        out["avg_weights_shape"] = list(r.quantities["avg_weights_shape"])
    return out


def theirs(kind: str, case: dict[str, Any]) -> dict[str, Any]:
    """PyTorch's answer (needs torch): shapes and parameter counts of the real module, or {"error": …}."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with torch.no_grad() if kind not in TEMPLATE_KINDS else contextlib.nullcontext():
                answer = _theirs(kind, case, torch)
        except (RuntimeError, ValueError, AssertionError, TypeError, ZeroDivisionError) as exc:
            return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}
    # Grouped transposed convolutions skip ATen's size check and return an empty tensor; an output
    # with a zero-sized dimension is an impossible configuration all the same.
    if 0 in answer.get("output_shape", ()):
        return {"error": f"empty output {answer['output_shape']}"}
    return answer


def _count(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


def _flop_macs(torch: Any, fn: Any) -> tuple[Any, int]:
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        result = fn()
    return result, counter.get_total_flops() // 2


def _theirs(kind: str, c: dict[str, Any], torch: Any) -> dict[str, Any]:
    nn = torch.nn
    if kind in ("conv1d", "conv2d", "conv3d", "conv_transpose2d"):
        cls = {
            "conv1d": nn.Conv1d,
            "conv2d": nn.Conv2d,
            "conv3d": nn.Conv3d,
            "conv_transpose2d": nn.ConvTranspose2d,
        }[kind]
        args = {k: v for k, v in c.items() if k not in ("input_shape", "out_channels", "kernel_size")}
        m = cls(c["input_shape"][0], c["out_channels"], c["kernel_size"], **args)
        y, macs = _flop_macs(torch, lambda: m(torch.zeros(1, *c["input_shape"])))
        return {"params": _count(m), "output_shape": list(y.shape[1:]), "macs_without_bias": macs}
    if kind in ("max_pool2d", "avg_pool2d", "adaptive_avg_pool2d"):
        args = {k: v for k, v in c.items() if k != "input_shape"}
        cls = {
            "max_pool2d": nn.MaxPool2d,
            "avg_pool2d": nn.AvgPool2d,
            "adaptive_avg_pool2d": nn.AdaptiveAvgPool2d,
        }
        y = cls[kind](**args)(torch.zeros(1, *c["input_shape"]))
        return {"params": 0, "output_shape": list(y.shape[1:])}
    if kind == "linear":
        m = nn.Linear(c["in_features"], c["out_features"], c["bias"])
        y, macs = _flop_macs(torch, lambda: m(torch.zeros(c["batch"], c["in_features"])))
        return {"params": _count(m), "output_shape": list(y.shape[1:]), "macs_without_bias": macs}
    if kind in ("rnn", "lstm", "gru"):
        args = {k: v for k, v in c.items() if k != "seq_len"}
        m = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind](**args)
        y = m(torch.zeros(c["seq_len"], 1, c["input_size"]))[0]
        return {"params": _count(m), "output_shape": [y.shape[0], y.shape[2]]}
    if kind == "multihead_attention":
        m = nn.MultiheadAttention(
            c["embed_dim"], c["num_heads"], bias=c["bias"], kdim=c["kdim"], vdim=c["vdim"]
        )
        q = torch.zeros(c["seq_len"], c["batch"], c["embed_dim"])
        k = torch.zeros(c["source_len"], c["batch"], c["kdim"] or c["embed_dim"])
        v = torch.zeros(c["source_len"], c["batch"], c["vdim"] or c["embed_dim"])
        (out, weights), macs = _flop_macs(torch, lambda: m(q, k, v))
        return {
            "params": _count(m),
            "output_shape": [out.shape[0], out.shape[2]],
            "macs_without_bias": macs,
            "avg_weights_shape": [weights.shape[0], weights.shape[1], weights.shape[2]],
        }
    if kind in ("transformer_encoder_layer", "transformer_decoder_layer"):
        cls = nn.TransformerEncoderLayer if kind.endswith("encoder_layer") else nn.TransformerDecoderLayer
        m = cls(c["d_model"], c["nhead"], c["dim_feedforward"], bias=c["bias"])
        return {"params": _count(m)}
    if kind == "batch_norm":
        m = nn.BatchNorm2d(
            c["num_features"], affine=c["affine"], track_running_stats=c["track_running_stats"]
        )
        return {"params": _count(m), "buffers": sum(b.numel() for b in m.buffers())}
    if kind == "layer_norm":
        m = nn.LayerNorm(c["normalized_shape"], elementwise_affine=c["elementwise_affine"], bias=c["bias"])
        return {"params": _count(m)}
    return _theirs_template(kind, c, torch)


def _theirs_template(kind: str, c: dict[str, Any], torch: Any) -> dict[str, Any]:
    F = torch.nn.functional
    t64 = torch.float64

    def leaf(v: Any) -> Any:
        return torch.tensor(v, dtype=t64, requires_grad=True)

    if kind == "activation":
        x = leaf(c["x"])
        alpha = c.get("alpha")
        fns = {
            "sigmoid": torch.sigmoid,
            "tanh": torch.tanh,
            "relu": torch.relu,
            "leaky_relu": lambda v: F.leaky_relu(v, 0.01 if alpha is None else alpha),
            "elu": lambda v: F.elu(v, 1.0 if alpha is None else alpha),
        }
        y = fns[c["name"]](x)
        y.backward()
        return {"y": y.item(), "dy": x.grad.item()}
    if kind == "softmax":
        z = torch.tensor(c["z"], dtype=t64)
        p = torch.softmax(z, 0)
        return {
            "p": p.tolist(),
            "p_max": p.max().item(),
            "argmax": int(p.argmax()),
            "logsumexp": torch.logsumexp(z, 0).item(),
        }
    if kind == "cross_entropy":
        z = leaf(c["z"])
        loss = F.cross_entropy(z.unsqueeze(0), torch.tensor([c["target"]]))
        loss.backward()
        p = torch.softmax(z.detach(), 0)
        return {
            "loss": loss.item(),
            "p": p.tolist(),
            "p_target": p[c["target"]].item(),
            "grad": z.grad.tolist(),
        }
    if kind == "binary_cross_entropy":
        loss = F.binary_cross_entropy(torch.tensor([c["p"]], dtype=t64), torch.tensor([c["y"]], dtype=t64))
        return {"loss": loss.item()}
    if kind == "regression_loss":
        y, yh = torch.tensor(c["y"], dtype=t64), torch.tensor(c["yhat"], dtype=t64)
        return {
            "mse": F.mse_loss(yh, y).item(),
            "mae": F.l1_loss(yh, y).item(),
            "sse": F.mse_loss(yh, y, reduction="sum").item(),
            "huber": F.huber_loss(yh, y, delta=c["delta"]).item(),
            "smooth_l1": F.smooth_l1_loss(yh, y, beta=c["delta"]).item(),
        }
    if kind == "sgd_momentum":
        w = leaf(c["w"])
        opt = torch.optim.SGD(
            [w], lr=c["lr"], momentum=c["momentum"], weight_decay=c["weight_decay"], nesterov=c["nesterov"]
        )
        if c["momentum"] and c["v"] != 0:
            opt.state[w]["momentum_buffer"] = torch.tensor(c["v"], dtype=t64)
        w.grad = torch.tensor(c["g"], dtype=t64)
        opt.step()
        v_new = (
            opt.state[w]["momentum_buffer"].item() if c["momentum"] else c["g"] + c["weight_decay"] * c["w"]
        )
        return {"v_new": v_new, "w_new": w.item()}
    if kind == "adam":
        w = leaf(c["w"])
        cls = torch.optim.AdamW if c["decoupled"] else torch.optim.Adam
        opt = cls([w], lr=c["lr"], weight_decay=c["weight_decay"])
        opt.state[w] = {
            "step": torch.tensor(float(c["t"] - 1)),
            "exp_avg": torch.tensor(c["m"], dtype=t64),
            "exp_avg_sq": torch.tensor(c["v"], dtype=t64),
        }
        w.grad = torch.tensor(c["g"], dtype=t64)
        opt.step()
        st = opt.state[w]
        return {"m_new": st["exp_avg"].item(), "v_new": st["exp_avg_sq"].item(), "w_new": w.item()}
    if kind == "batch_norm_stats":
        x = torch.tensor(c["x"], dtype=t64).unsqueeze(1)
        rm, rv = torch.zeros(1, dtype=t64), torch.ones(1, dtype=t64)
        y = F.batch_norm(
            x,
            rm,
            rv,
            torch.tensor([c["gamma"]], dtype=t64),
            torch.tensor([c["beta"]], dtype=t64),
            training=True,
            momentum=1.0,
        )
        return {"mean": rm.item(), "var_unbiased": rv.item(), "y": y.squeeze(1).tolist()}
    if kind == "tiny_net":
        p = {k: leaf(c[k]) for k in ("x", "w1", "b1", "w2", "b2")}
        act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[c["act"]]
        z1 = p["w1"] * p["x"] + p["b1"]
        h = act(z1)
        y = p["w2"] * h + p["b2"]
        loss = 0.5 * (y - c["t"]) ** 2
        loss.backward()
        return {
            "z1": z1.item(),
            "h": h.item(),
            "y": y.item(),
            "loss": loss.item(),
            **{f"d{k}": p[k].grad.item() for k in ("x", "w1", "b1", "w2", "b2")},
        }
    raise KeyError(kind)


def agree(mine: dict[str, Any], torch_answer: dict[str, Any]) -> str | None:
    """None when both answers agree (both errors, or every field of PyTorch's answer equal), else why not."""
    if "error" in torch_answer or "error" in mine:
        if ("error" in torch_answer) != ("error" in mine):
            return f"ours {mine.get('error', 'ok')!r} vs PyTorch {torch_answer.get('error', 'ok')!r}"
        return None
    for key, want in torch_answer.items():
        got = mine.get(key)
        if not _close(got, want):
            return f"{key}: ours {got!r} vs PyTorch {want!r}"
    return None


def _close(a: Any, b: Any) -> bool:
    if isinstance(b, list):
        return (
            isinstance(a, list | tuple)
            and len(a) == len(b)
            and all(_close(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(b, float) or isinstance(a, float):
        return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b
