"""Random configurations of the solvers behind the bank's `compute:` blocks, and PyTorch's answers for them.

Same contract as `oracle_cases`: `draw` gives a solver's keyword arguments (some invalid on purpose), `ours`
runs our solver, `theirs` asks PyTorch (its modules, functionals, initialisers, DataLoader and autograd),
`oracle_cases.agree` compares. `make_golden.py` freezes the answers into golden/computed.json.
Solvers PyTorch has no operation for (confusion_metrics, lora_params, mlm_masking) have unit tests only;
variance_propagation and class_balance are checked by behaviour in test_computed_oracle.py.
"""

from __future__ import annotations

import math
import random
import warnings
from itertools import pairwise
from typing import Any

from solvers import SolverError, registry

KINDS = (
    "activation_vector",
    "activation_compare",
    "gradient_chain",
    "clip_grad_norm",
    "init_scale",
    "focal_loss",
    "kl_divergence",
    "hinge_loss",
    "regression_grad",
    "penalty_grad",
    "dropout_scale",
    "lstm_step",
    "gru_step",
    "attention_output",
    "causal_mask",
    "correlate1d",
    "neurons",
    "mlp_params",
    "conv_stack",
    "transformer_layer",
    "batch_norm_params",
    "vit_tokens",
    "epoch_iterations",
    "next_token_targets",
)
ACTS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")


def draw(kind: str, rng: random.Random) -> dict[str, Any]:
    """One configuration of `kind`. correlate1d's kernel is sometimes longer than its input, on purpose."""
    r, u = rng.randint, rng.uniform

    def vec(n: int, lo: float = -4, hi: float = 4) -> list[float]:
        return [round(u(lo, hi), 3) for _ in range(n)]

    def dist(n: int) -> list[float]:
        raw = [u(0.05, 1) for _ in range(n)]
        return [v / sum(raw) for v in raw]

    def act() -> tuple[str, float | None]:
        name = rng.choice(ACTS)
        return name, (round(u(0.01, 2), 3) if name in ("leaky_relu", "elu") and rng.random() < 0.5 else None)

    if kind == "activation_vector":
        name, alpha = act()
        return {"name": name, "x": vec(r(1, 6)) + [0.0] * r(0, 1), "alpha": alpha}
    if kind == "activation_compare":
        (a, aa), (b, ba) = act(), act()
        return {"first": a, "second": b, "x": vec(r(1, 5)), "first_alpha": aa, "second_alpha": ba}
    if kind == "gradient_chain":
        name, alpha = act()
        return {"layers": r(0, 12), "activation": name, "weight": round(u(-3, 3), 2), "alpha": alpha}
    if kind == "clip_grad_norm":
        return {
            "grads": [vec(r(1, 4)) for _ in range(r(1, 3))],
            "max_norm": round(u(0.1, 8), 2),
            "norm_type": rng.choice((1.0, 2.0, 2.0, 3.0, "inf")),
        }
    if kind == "init_scale":
        case: dict[str, Any] = {"scheme": rng.choice(("xavier", "kaiming")), "fan_in": r(1, 300), "fan_out": r(1, 300)}
        if case["scheme"] == "kaiming":
            case |= {
                "mode": rng.choice(("fan_in", "fan_out")),
                "nonlinearity": rng.choice(("relu", "leaky_relu", "tanh", "linear")),
            }
            if case["nonlinearity"] == "leaky_relu":
                case["a"] = rng.choice((0.0, 0.01, 0.2, math.sqrt(5)))
        elif rng.random() < 0.3:
            case["gain"] = round(u(0.5, 3), 2)
        return case
    if kind == "focal_loss":
        return {
            "p_t": round(u(0.01, 0.99), 3),
            "gamma": rng.choice((0.0, 0.5, 1.0, 2.0, 5.0)),
            "alpha": rng.choice((1.0, 0.25, 0.75)),
        }
    if kind == "kl_divergence":
        n = r(2, 5)
        return {"p": dist(n), "q": dist(n)}
    if kind == "hinge_loss":
        return {"y": rng.choice((-1, 1)), "score": round(u(-3, 3), 2), "margin": rng.choice((1.0, 1.0, 0.5, 2.0))}
    if kind == "regression_grad":
        n = r(1, 5)
        return {"y": vec(n), "yhat": vec(n)}
    if kind == "penalty_grad":
        return {"w": rng.choice((0.0, round(u(-2, 2), 3))), "lam": round(u(0, 1), 3), "half": rng.random() < 0.7}
    if kind == "dropout_scale":
        return {"p": rng.choice((0.0, 0.1, 0.2, 0.5, round(u(0, 0.95), 2))), "x": round(u(-5, 5), 2)}
    if kind == "lstm_step":
        return {
            "f": round(u(0.02, 0.98), 3),
            "i": round(u(0.02, 0.98), 3),
            "g": round(u(-0.98, 0.98), 3),
            "o": round(u(0.02, 0.98), 3),
            "c_prev": round(u(-3, 3), 3),
        }
    if kind == "gru_step":
        return {
            "z": round(u(0.02, 0.98), 3),
            "n": round(u(-0.98, 0.98), 3),
            "h_prev": round(u(-1, 1), 3),
            "convention": rng.choice(("pytorch", "colah")),
        }
    if kind == "attention_output":
        m = r(1, 5)
        values: Any = vec(m) if rng.random() < 0.5 else [vec(2) for _ in range(m)]
        return {"scores": vec(m, -8, 8), "values": values, "d_k": rng.choice((1, 4, 16, 64))}
    if kind == "causal_mask":
        return {"n": r(1, 12)}
    if kind == "correlate1d":
        return {
            "x": vec(r(1, 7)),
            "w": vec(r(1, 4)),
            "stride": r(1, 3),
            "padding": r(0, 2),
            "bias": rng.choice((0.0, round(u(-1, 1), 2))),
        }
    if kind == "neurons":
        return {"shape": [r(1, 8) for _ in range(r(2, 3))]}
    if kind == "mlp_params":
        return {"sizes": [r(1, 40) for _ in range(r(2, 5))], "bias": rng.random() < 0.7}
    if kind == "conv_stack":
        return {
            "k": rng.choice((1, 3, 3, 5)),
            "channels": [r(1, 16) for _ in range(r(2, 4))],
            "bias": rng.random() < 0.4,
        }
    if kind == "transformer_layer":
        nhead = rng.choice((1, 2, 4))
        return {
            "kind": rng.choice(("encoder", "decoder")),
            "d_model": nhead * r(1, 8),
            "nhead": nhead,
            "dim_feedforward": r(1, 64),
            "bias": rng.random() < 0.7,
        }
    if kind == "batch_norm_params":
        return {"num_features": r(1, 64), "affine": rng.random() < 0.7, "track_running_stats": rng.random() < 0.7}
    if kind == "vit_tokens":
        p = rng.choice((2, 4, 8, 16))
        case = {
            "image_size": p * r(1, 6),
            "patch_size": p,
            "cls_token": rng.random() < 0.6,
            "channels": rng.choice((1, 3)),
            "d_model": r(1, 16),
        }
        if rng.random() < 0.5:
            case["base_image_size"] = p * r(1, 6)
        return case
    if kind == "epoch_iterations":
        return {"samples": r(1, 300), "batch_size": r(1, 64), "drop_last": rng.random() < 0.4}
    if kind == "next_token_targets":
        return {"tokens": r(1, 30), "bos": rng.random() < 0.3, "eos": rng.random() < 0.3}
    raise KeyError(kind)


def ours(kind: str, case: dict[str, Any]) -> dict[str, Any]:
    """Our solver's answer, or {"error": message} (None arguments are left out: the solver's default)."""
    try:
        return registry.solve(kind, **{k: v for k, v in case.items() if v is not None})
    except SolverError as exc:
        return {"error": str(exc)}


def theirs(kind: str, case: dict[str, Any]) -> dict[str, Any]:
    """PyTorch's answer (needs torch), or {"error": …} when PyTorch refuses the configuration."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _theirs(kind, case, torch)
        except (RuntimeError, ValueError) as exc:
            return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}


def _act(torch: Any, name: str, alpha: float | None) -> Any:
    F = torch.nn.functional
    return {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda v: F.leaky_relu(v, 0.01 if alpha is None else alpha),
        "elu": lambda v: F.elu(v, 1.0 if alpha is None else alpha),
    }[name]


def _act_grad(torch: Any, name: str, alpha: float | None, x: list[float]) -> tuple[list[float], list[float]]:
    """Outputs and derivatives of an activation by autograd, element-wise."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = _act(torch, name, alpha)(t)
    y.sum().backward()
    return y.tolist(), t.grad.tolist()


def _theirs(kind: str, c: dict[str, Any], torch: Any) -> dict[str, Any]:
    F, nn, t64 = torch.nn.functional, torch.nn, torch.float64

    def tensor(v: Any, grad: bool = False) -> Any:
        return torch.tensor(v, dtype=t64, requires_grad=grad)

    if kind == "activation_vector":
        y, dy = _act_grad(torch, c["name"], c["alpha"], c["x"])
        zeros = int((tensor(y) == 0).sum())
        return {"y": y, "dy": dy, "y_sum": tensor(y).sum().item(), "zero_fraction": zeros / len(y)}
    if kind == "activation_compare":
        ya, da = _act_grad(torch, c["first"], c["first_alpha"], c["x"])
        yb, db = _act_grad(torch, c["second"], c["second_alpha"], c["x"])
        out = {"y_sum_difference": (tensor(ya).sum() - tensor(yb).sum()).item(), "dy_first": da, "dy_second": db}
        if all(d != 0 for d in db):
            out["dy_ratio"] = (tensor(da) / tensor(db)).tolist()
        return out
    if kind == "gradient_chain":
        # sup |w·f′| over a fine grid that contains 0 and its neighbourhood, by autograd
        grid = torch.cat([torch.linspace(-8, 8, 4001, dtype=t64), torch.zeros(1, dtype=t64)]).requires_grad_()
        _act(torch, c["activation"], c["alpha"])(grid).sum().backward()
        per_layer = abs(c["weight"]) * grid.grad.abs().max().item()
        return {"per_layer": per_layer, "product": torch.tensor(per_layer, dtype=t64).pow(c["layers"]).item()}
    if kind == "clip_grad_norm":
        params = [torch.zeros(len(g), dtype=t64, requires_grad=True) for g in c["grads"]]
        for p, g in zip(params, c["grads"], strict=True):
            p.grad = tensor(g)
        norm_type = math.inf if c["norm_type"] == "inf" else c["norm_type"]
        total = nn.utils.clip_grad_norm_(params, c["max_norm"], norm_type=norm_type)
        clipped = torch.cat([p.grad for p in params])
        original = torch.cat([tensor(g) for g in c["grads"]])
        nonzero = original != 0
        out = {"total_norm": total.item(), "clipped": clipped.tolist()}
        if nonzero.any():
            out["scale"] = (clipped[nonzero] / original[nonzero])[0].item()
        return out
    if kind == "init_scale":
        return _init_scale(torch, c)
    if kind == "focal_loss":
        # torchvision.ops.sigmoid_focal_loss's formula on the logit whose sigmoid is p_t, target 1
        x = torch.logit(tensor([c["p_t"]]))
        ce = F.binary_cross_entropy_with_logits(x, torch.ones(1, dtype=t64))
        modulating = (1 - torch.sigmoid(x)) ** c["gamma"]
        return {"loss": (c["alpha"] * modulating * ce).item(), "ce": ce.item(), "modulating": modulating.item()}
    if kind == "kl_divergence":
        p, q = tensor(c["p"]), tensor(c["q"])
        entropy = torch.distributions.Categorical(probs=p).entropy()
        return {
            "kl": F.kl_div(q.log(), p, reduction="sum").item(),
            "kl_reverse": F.kl_div(p.log(), q, reduction="sum").item(),
            "entropy": entropy.item(),
            "cross_entropy": -(p * q.log()).sum().item(),
        }
    if kind == "hinge_loss":
        f = tensor(c["score"], grad=True)
        logits = torch.stack([torch.zeros((), dtype=t64), f]).unsqueeze(0)
        target = torch.tensor([1 if c["y"] == 1 else 0])
        loss = 2 * F.multi_margin_loss(logits, target, margin=c["margin"])  # C = 2 classes: mean over 2
        loss.backward()
        return {"loss": loss.item(), "grad": f.grad.item()}
    if kind == "regression_grad":
        y = tensor(c["y"])
        out = {}
        losses = {
            "grad_sse": lambda e: F.mse_loss(e, y, reduction="sum"),
            "grad_mse": lambda e: F.mse_loss(e, y),
            "grad_half_sse": lambda e: 0.5 * F.mse_loss(e, y, reduction="sum"),
            "grad_sae": lambda e: F.l1_loss(e, y, reduction="sum"),
            "grad_mae": lambda e: F.l1_loss(e, y),
        }
        for key, fn in losses.items():
            yh = tensor(c["yhat"], grad=True)
            fn(yh).backward()
            out[key] = yh.grad.tolist()
        return out
    if kind == "penalty_grad":
        w = tensor(c["w"], grad=True)
        (c["lam"] * w.abs()).backward()
        g1 = w.grad.item()
        w.grad = None
        ((c["lam"] / 2 if c["half"] else c["lam"]) * w**2).backward()
        return {"grad_l1": g1, "grad_l2": w.grad.item()}
    if kind == "dropout_scale":
        torch.manual_seed(0)
        x = torch.full((4096,), c["x"], dtype=t64)
        y = F.dropout(x, c["p"], training=True)
        kept = y[y != 0] if c["x"] != 0 else y
        return {"kept": kept[0].item(), "eval": F.dropout(x, c["p"], training=False)[0].item()}
    if kind == "lstm_step":
        return _lstm(torch, c)
    if kind == "gru_step":
        return _gru(torch, c)
    if kind == "attention_output":
        vals = tensor(c["values"])
        v = vals.unsqueeze(1) if vals.dim() == 1 else vals
        q, k = torch.ones(1, 1, dtype=t64), tensor(c["scores"]).unsqueeze(1)
        out = F.scaled_dot_product_attention(q, k, v, scale=1 / math.sqrt(c["d_k"]))[0]
        weights = torch.softmax(q @ k.T / math.sqrt(c["d_k"]), dim=-1)[0]
        return {"weights": weights.tolist(), "output": out.item() if vals.dim() == 1 else out.tolist()}
    if kind == "causal_mask":
        mask = nn.Transformer.generate_square_subsequent_mask(c["n"])
        allowed = mask == 0
        return {
            "entries": mask.numel(),
            "allowed": int(allowed.sum()),
            "masked": int(torch.isinf(mask).sum()),
            "allowed_per_row": allowed.sum(dim=1).tolist(),
        }
    if kind == "correlate1d":
        x, w = tensor(c["x"]).view(1, 1, -1), tensor(c["w"]).view(1, 1, -1)
        b = tensor([c["bias"]])
        y = F.conv1d(x, w, b, stride=c["stride"], padding=c["padding"]).flatten()
        flipped = F.conv1d(x, w.flip(-1), b, stride=c["stride"], padding=c["padding"]).flatten()
        return {"y": y.tolist(), "convolution": flipped.tolist(), "out_len": y.numel()}
    if kind == "neurons":
        fmap = torch.zeros(c["shape"])
        return {"neurons": fmap.numel(), "channels": fmap.shape[0], "per_channel": fmap[0].numel()}
    if kind == "mlp_params":
        layers = [nn.Linear(a, b, bias=c["bias"]) for a, b in pairwise(c["sizes"])]
        return {
            "n_params": _count(nn.Sequential(*layers)),
            "per_layer": [_count(m) for m in layers],
            "n_weights": sum(m.weight.numel() for m in layers),
        }
    if kind == "conv_stack":
        ch, k = c["channels"], c["k"]
        layers = [nn.Conv2d(a, b, k, padding="same", bias=c["bias"]) for a, b in pairwise(ch)]
        rf = len(layers) * (k - 1) + 1
        return {
            "n_params": _count(nn.Sequential(*layers)),
            "per_layer": [_count(m) for m in layers],
            "params_single": _count(nn.Conv2d(ch[0], ch[-1], rf, bias=c["bias"])),
        }
    if kind == "transformer_layer":
        cls = nn.TransformerEncoderLayer if c["kind"] == "encoder" else nn.TransformerDecoderLayer
        m = cls(c["d_model"], c["nhead"], c["dim_feedforward"], bias=c["bias"])
        norms = [mod for mod in m.modules() if isinstance(mod, nn.LayerNorm)]
        return {
            "n_params": _count(m),
            "attention_params": _count(m.self_attn),
            "ffn_params": _count(m.linear1) + _count(m.linear2),
            "norm_params": sum(_count(n) for n in norms),
        }
    if kind == "batch_norm_params":
        m = nn.BatchNorm2d(c["num_features"], affine=c["affine"], track_running_stats=c["track_running_stats"])
        buffers = sum(b.numel() for b in m.buffers())
        return {"n_params": _count(m), "buffers": buffers, "state_dict_values": _count(m) + buffers}
    if kind == "vit_tokens":
        return _vit(torch, c)
    if kind == "epoch_iterations":
        data = torch.utils.data.TensorDataset(torch.zeros(c["samples"]))
        loader = torch.utils.data.DataLoader(data, batch_size=c["batch_size"], drop_last=c["drop_last"])
        sizes = [len(batch[0]) for batch in loader]
        return {
            "iterations": len(loader),
            "full_batches": sizes.count(c["batch_size"]),
            "last_batch": sizes[-1] if sizes else 0,
            "dropped": c["samples"] - sum(sizes),
        }
    if kind == "next_token_targets":
        seq = torch.arange(c["tokens"] + int(c["bos"]) + int(c["eos"]))
        inputs, targets = seq[:-1], seq[1:]  # the shift of every causal language-model training loop
        assert inputs.numel() == targets.numel()
        return {"targets": targets.numel(), "seq_len": seq.numel()}
    raise KeyError(kind)


def _count(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


def _init_scale(torch: Any, c: dict[str, Any]) -> dict[str, Any]:
    """std and bound read off PyTorch's initialisers: the same seed drawn as N(0, 1) and U(−1, 1) for reference."""
    init, t64 = torch.nn.init, torch.float64
    w = torch.empty(c["fan_out"], c["fan_in"], dtype=t64)  # nn.Linear's weight layout: (out, in)

    def run(fn: Any, **kwargs: Any) -> float:
        torch.manual_seed(1)
        fn(w, **kwargs)
        ref = torch.empty_like(w)
        torch.manual_seed(1)
        if fn in (init.xavier_uniform_, init.kaiming_uniform_):
            ref.uniform_(-1, 1)
        else:
            ref.normal_(0, 1)
        # read at the largest reference draw, where the quotient loses least to rounding
        i = ref.abs().argmax()
        return (w.flatten()[i] / ref.flatten()[i]).item()

    if c["scheme"] == "xavier":
        gain = c.get("gain", 1.0)
        return {"std": run(init.xavier_normal_, gain=gain), "bound": run(init.xavier_uniform_, gain=gain)}
    args = {"a": c.get("a", 0.0), "mode": c["mode"], "nonlinearity": c["nonlinearity"]}
    return {"std": run(init.kaiming_normal_, **args), "bound": run(init.kaiming_uniform_, **args)}


def _lstm(torch: Any, c: dict[str, Any]) -> dict[str, Any]:
    """nn.LSTMCell with zero weights and biases chosen so that its gates take the given values."""
    cell = torch.nn.LSTMCell(1, 1).double()
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        logit, atanh = torch.logit, torch.atanh
        cell.bias_ih.copy_(
            torch.stack(
                [logit(_t(torch, c["i"])), logit(_t(torch, c["f"])), atanh(_t(torch, c["g"])), logit(_t(torch, c["o"]))]
            )
        )
        h, cs = cell(
            torch.zeros(1, 1, dtype=torch.float64),
            (torch.zeros(1, 1, dtype=torch.float64), _t(torch, c["c_prev"]).view(1, 1)),
        )
    return {"c": cs.item(), "h": h.item()}


def _gru(torch: Any, c: dict[str, Any]) -> dict[str, Any]:
    """nn.GRUCell with zero weights and biases giving update gate z and candidate n (colah: z ↔ 1 − z)."""
    cell = torch.nn.GRUCell(1, 1).double()
    z = c["z"] if c["convention"] == "pytorch" else 1 - c["z"]
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        cell.bias_ih.copy_(
            torch.stack(
                [torch.zeros((), dtype=torch.float64), torch.logit(_t(torch, z)), torch.atanh(_t(torch, c["n"]))]
            )
        )
        h = cell(torch.zeros(1, 1, dtype=torch.float64), _t(torch, c["h_prev"]).view(1, 1))
    return {"h": h.item()}


def _t(torch: Any, v: float) -> Any:
    return torch.tensor(v, dtype=torch.float64)


def _vit(torch: Any, c: dict[str, Any]) -> dict[str, Any]:
    """The patch embedding run on a zero image: tokens, [class] token prepended, scores QKᵀ per head."""
    nn = torch.nn

    def seq_len(side: int) -> tuple[int, int, Any]:
        embed = nn.Conv2d(c["channels"], c["d_model"], c["patch_size"], stride=c["patch_size"])
        tokens = embed(torch.zeros(1, c["channels"], side, side)).flatten(2).transpose(1, 2)
        if c["cls_token"]:
            tokens = torch.cat([torch.zeros(1, 1, c["d_model"]), tokens], dim=1)
        return tokens.shape[1], embed(torch.zeros(1, c["channels"], side, side)).shape[-1], embed

    n, grid, embed = seq_len(c["image_size"])
    q = torch.zeros(n, c["d_model"])
    out = {
        "grid": grid,
        "patches": grid * grid,
        "seq_len": n,
        "score_entries": (q @ q.T).numel(),
        "embed_params": _count(embed),
    }
    if "base_image_size" in c:
        base, _, _ = seq_len(c["base_image_size"])
        out |= {"token_ratio": n / base, "score_ratio": (n * n) / (base * base)}
    return out
