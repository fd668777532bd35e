"""The solvers behind the bank's `compute:` blocks: textbook values worked by hand, and their error messages."""

from __future__ import annotations

import math

import pytest

from solvers import SolverError
from solvers.registry import solve

approx = pytest.approx


def test_activation_vector_and_compare() -> None:
    r = solve("activation_vector", name="relu", x=[-1.2, 0.7, -0.3, 2.1, -0.05, 0.0, 1.4, -2.6])
    assert r["zero_fraction"] == 5 / 8 and r["active_fraction"] == 3 / 8
    assert r["dy"] == [0, 1, 0, 1, 0, 0, 1, 0] and r["y_sum"] == approx(4.2)
    assert solve("activation_vector", name="sigmoid", x=[0, 0])["zero_fraction"] == 0
    c = solve("activation_compare", first="relu", second="leaky_relu", x=[3, -2, 0.5, -4], second_alpha=0.1)
    assert c["y_second"] == approx([3, -0.2, 0.5, -0.4])
    assert (c["y_sum_first"], c["y_sum_second"], c["y_sum_difference"]) == approx((3.5, 2.9, 0.6))
    assert solve("activation_compare", first="tanh", second="sigmoid", x=[0])["dy_ratio"] == [4.0]
    # relu's derivative is 0 at negative inputs: no ratio over it
    assert "dy_ratio" not in solve("activation_compare", first="tanh", second="relu", x=[-1])


def test_gradient_chain_bounds_and_factors() -> None:
    assert solve("gradient_chain", layers=5, activation="sigmoid") == {"per_layer": 0.25, "product": 1 / 1024}
    assert solve("gradient_chain", layers=3, activation="tanh", weight=-2)["product"] == 8
    assert solve("gradient_chain", layers=4, activation="relu")["product"] == 1
    assert solve("gradient_chain", layers=2, activation="elu", alpha=2.0)["per_layer"] == 2
    assert solve("gradient_chain", layers=20, factor=1.5)["product"] == approx(3325.256730079651)
    assert solve("gradient_chain", layers=20, factor=0.9)["product"] == approx(0.12157665459056929)


def test_clip_grad_norm_golden() -> None:
    r = solve("clip_grad_norm", grads=[3, 4], max_norm=1, eps=0)
    assert r["total_norm"] == 5 and r["scale"] == 0.2 and r["clipped"] == approx([0.6, 0.8])
    r = solve("clip_grad_norm", grads=[[1, 2, 2], [4]], max_norm=2.5, eps=0)
    assert (r["total_norm"], r["scale"], r["clipped_norm"]) == approx((5, 0.5, 2.5))
    assert r["clipped"] == approx([0.5, 1, 1, 2]) and r["clipped_any"]
    assert solve("clip_grad_norm", grads=[3, 4], max_norm=1)["scale"] == approx(1 / (5 + 1e-6))
    small = solve("clip_grad_norm", grads=[[0.3], [0.4]], max_norm=1)
    assert small["scale"] == 1 and not small["clipped_any"]
    assert solve("clip_grad_norm", grads=[[1, -3], [2]], max_norm=1, norm_type="inf")["total_norm"] == 3
    assert solve("clip_grad_norm", grads=[[1, -3], [2]], max_norm=12, norm_type=1)["total_norm"] == 6
    assert solve("clip_grad_norm", grads=[0, 0], max_norm=1, eps=0)["scale"] == 1


def test_init_scales_match_the_textbook_formulas() -> None:
    assert solve("init_scale", scheme="xavier", fan_in=300, fan_out=300)["bound"] == approx(0.1)
    r = solve("init_scale", scheme="xavier", fan_in=256, fan_out=128)
    assert r["var"] == approx(2 / 384) and r["std"] == approx(math.sqrt(2 / 384)) and r["fan"] == 384
    assert solve("init_scale", scheme="kaiming", fan_in=800, fan_out=100)["std"] == approx(0.05)
    assert solve("init_scale", scheme="kaiming", fan_in=150)["bound"] == approx(0.2)
    assert solve("init_scale", scheme="kaiming", fan_in=150, fan_out=600, mode="fan_out")["var"] == approx(2 / 600)
    # nn.Linear's own default: kaiming_uniform_(a=√5) gives the bound 1/√fan_in
    linear = solve("init_scale", scheme="kaiming", fan_in=64, nonlinearity="leaky_relu", a=math.sqrt(5))
    assert linear["bound"] == approx(1 / 8)
    assert solve("init_scale", scheme="kaiming", fan_in=9, nonlinearity="tanh")["std"] == approx(5 / 9)
    assert solve("init_scale", scheme="xavier", fan_in=3, fan_out=3, gain=2)["var"] == approx(4 / 3)


def test_variance_propagation() -> None:
    r = solve("variance_propagation", n_in=512, layers=10, std=0.05)
    assert r["per_layer"] == approx(0.64) and r["factor"] == approx(0.64**10)
    assert r["critical_var"] == approx(2 / 512)
    assert solve("variance_propagation", n_in=512, layers=10, var=2 / 512)["factor"] == approx(1)
    assert solve("variance_propagation", n_in=100, layers=3, var=0.01, activation="linear")["factor"] == 1
    leaky = solve("variance_propagation", n_in=2, layers=1, var=1, activation="leaky_relu", alpha=1.0)
    assert leaky["per_layer"] == 2  # slope 1 is the identity


def test_loss_terms_golden() -> None:
    f = solve("focal_loss", p_t=0.9)
    assert f["loss"] == approx(0.01 * -math.log(0.9)) and f["ratio"] == approx(0.01)
    assert solve("focal_loss", p_t=0.1)["loss"] == approx(0.81 * math.log(10))
    assert solve("focal_loss", p_t=0.3, gamma=0)["loss"] == approx(-math.log(0.3))
    assert solve("focal_loss", p_t=0.5, gamma=1, alpha=0.25)["loss"] == approx(0.25 * 0.5 * math.log(2))
    kl = solve("kl_divergence", p=[0.5, 0.5], q=[0.8, 0.2])
    assert kl["kl"] == approx(0.5 * math.log(0.5 / 0.8) + 0.5 * math.log(2.5))
    assert kl["kl_reverse"] == approx(0.8 * math.log(1.6) + 0.2 * math.log(0.4))
    assert kl["cross_entropy"] - kl["entropy"] == approx(kl["kl"]) and kl["entropy"] == approx(math.log(2))
    assert "kl_reverse" not in solve("kl_divergence", p=[0.5, 0.5, 0], q=[0.25, 0.25, 0.5])
    assert solve("hinge_loss", y=1, score=0.3) == approx({"loss": 0.7, "y_score": 0.3, "grad": -1})
    assert solve("hinge_loss", y=-1, score=-2) == {"loss": 0.0, "y_score": 2.0, "grad": 0.0}
    assert solve("hinge_loss", y=-1, score=0.5)["loss"] == 1.5
    g = solve("regression_grad", y=[0, 1], yhat=[0.05, 0.5])
    assert g["grad_sse"] == approx([0.1, -1]) and g["grad_mse"] == approx([0.05, -0.5])
    assert g["grad_half_sse"] == approx([0.05, -0.5]) and g["grad_sae"] == [1, -1] and g["grad_mae"] == [0.5, -0.5]


def test_regularization_golden() -> None:
    r = solve("penalty_grad", w=0.01, lam=0.1)
    assert (r["grad_l1"], r["grad_l2"], r["ratio"]) == approx((0.1, 0.001, 100))
    assert solve("penalty_grad", w=-2, lam=0.1, half=False)["grad_l2"] == approx(-0.4)
    zero = solve("penalty_grad", w=0, lam=0.1)
    assert zero["grad_l1"] == 0 and "ratio" not in zero
    d = solve("dropout_scale", p=0.2, x=3.0)
    assert d["kept"] == approx(3.75) and d["expected"] == approx(3) and d["paper_test"] == approx(2.4)
    assert d["eval"] == 3 and d["scale"] == approx(1.25)
    assert solve("dropout_scale", p=0.0, x=2)["kept"] == 2


def test_imbalance_metrics_golden() -> None:
    m = solve("confusion_metrics", tp=0, fp=0, fn=10, tn=990)
    assert m["accuracy"] == approx(0.99) and m["recall"] == 0 and m["f1"] == 0 and m["balanced_accuracy"] == 0.5
    m = solve("confusion_metrics", tp=8, fp=2, fn=2, tn=88)
    assert (m["precision"], m["recall"], m["f1"], m["accuracy"]) == approx((0.8, 0.8, 0.8, 0.96))
    b = solve("class_balance", negatives=9000, positives=1000)
    assert b["pos_weight"] == 9 and b["positive_fraction"] == 0.1
    assert (b["weight_neg"], b["weight_pos"]) == approx((10000 / 18000, 5))


def test_cell_steps_golden() -> None:
    r = solve("lstm_step", f=0.9, i=0.5, g=0.8, o=0.6, c_prev=1.0)
    assert r["c"] == approx(1.3) and r["h"] == approx(0.6 * math.tanh(1.3))
    assert solve("lstm_step", f=0.0, i=1.0, g=-0.5, o=1.0, c_prev=7)["c"] == -0.5
    assert solve("gru_step", z=0.8, n=0.5, h_prev=1.0)["h"] == approx(0.9)
    assert solve("gru_step", z=0.8, n=0.5, h_prev=1.0, convention="colah")["h"] == approx(0.6)


def test_attention_output_and_causal_mask() -> None:
    r = solve("attention_output", scores=[8, 4, 0], values=[10, 20, 30], d_k=16)
    e = [math.exp(2), math.exp(1), 1.0]
    assert r["scaled"] == [2, 1, 0] and r["weights"] == approx([v / sum(e) for v in e])
    assert r["output"] == approx((10 * e[0] + 20 * e[1] + 30) / sum(e))
    vec = solve("attention_output", scores=[0, 0], values=[[1, 2], [3, 4]])
    assert vec["output"] == approx([2, 3])
    assert solve("causal_mask", n=6) == {
        "entries": 36,
        "allowed": 21,
        "masked": 15,
        "allowed_per_row": [1, 2, 3, 4, 5, 6],
    }


def test_convolution_by_hand() -> None:
    r = solve("correlate1d", x=[1, 2, 3, 4], w=[1, 0, -1])
    assert r == {"y": [-2.0, -2.0], "convolution": [2.0, 2.0], "out_len": 2}
    r = solve("correlate1d", x=[1, 2, 3], w=[1, 1], stride=2, padding=1, bias=0.5)
    assert r["y"] == [1.5, 5.5] and r["out_len"] == 2
    assert solve("neurons", shape=[16, 32, 32]) == {"neurons": 16384, "channels": 16, "per_channel": 1024}


def test_model_sizes_golden() -> None:
    m = solve("mlp_params", sizes=[784, 256, 128, 10])
    assert (m["n_params"], m["n_weights"], m["n_bias"]) == (235146, 234752, 394)
    assert m["per_layer"] == [200960, 32896, 1290] and m["neurons"] == 1178
    v = solve("conv_stack", k=3, channels=[256, 256, 256, 256])
    assert (v["n_params"], v["rf"], v["params_single"]) == (1769472, 7, 3211264)
    assert v["ratio"] == approx(27 / 49)
    assert solve("conv_stack", k=3, channels=[3, 64], bias=True)["n_params"] == 1792
    assert solve("lora_params", d_out=768, d_in=768, r=8) == approx(
        {"n_params": 12288, "params_a": 6144, "params_b": 6144, "params_full": 589824, "ratio": 12288 / 589824}
    )
    enc = solve("transformer_layer", kind="encoder", d_model=512, nhead=8)
    assert (enc["n_params"], enc["attention_params"], enc["ffn_params"], enc["norm_params"]) == (
        3152384,
        1050624,
        2099712,
        2048,
    )
    assert solve("transformer_layer", kind="decoder", d_model=512, nhead=8)["n_params"] == 4204032
    assert solve("batch_norm_params", num_features=64) == {"n_params": 128, "buffers": 129, "state_dict_values": 257}
    assert solve("batch_norm_params", num_features=64, affine=False)["n_params"] == 0
    vit = solve("vit_tokens", image_size=224)
    assert (vit["grid"], vit["patches"], vit["seq_len"], vit["patch_dim"]) == (14, 196, 197, 768)
    assert vit["embed_params"] == 768 * 768 + 768
    assert solve("vit_tokens", image_size=384)["seq_len"] == 577
    big = solve("vit_tokens", image_size=448, base_image_size=224, cls_token=False)
    assert (big["token_ratio"], big["score_ratio"]) == (4, 16)


def test_data_counts_golden() -> None:
    assert solve("epoch_iterations", samples=50000, batch_size=128) == {
        "iterations": 391,
        "full_batches": 390,
        "last_batch": 80,
        "dropped": 0,
    }
    assert solve("epoch_iterations", samples=50000, batch_size=128, drop_last=True)["dropped"] == 80
    assert solve("epoch_iterations", samples=256, batch_size=128)["iterations"] == 2
    assert solve("epoch_iterations", samples=5, batch_size=8, drop_last=True)["iterations"] == 0
    assert solve("next_token_targets", tokens=10) == {"targets": 9, "seq_len": 10}
    assert solve("next_token_targets", tokens=10, bos=True, eos=True)["targets"] == 11
    m = solve("mlm_masking", tokens=200)
    assert m == {"targets": 30, "masked": 24, "randomized": 3, "unchanged": 3, "not_targets": 170}
    assert isinstance(m["masked"], int)  # exact: an answer key with tolerance 0 must be 24, not 24.000000000000004
    assert solve("mlm_masking", tokens=10)["masked"] == approx(1.2)


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("activation_vector", {"name": "swish", "x": [1]}, "unknown activation"),
        ("activation_compare", {"first": "relu", "second": "gelu", "x": [1]}, "second: unknown activation"),
        ("gradient_chain", {"layers": 3}, "exactly one of activation"),
        ("gradient_chain", {"layers": 3, "activation": "sigmoid", "factor": 2}, "exactly one of activation"),
        ("gradient_chain", {"layers": -1, "factor": 2}, "layers must not be negative"),
        ("clip_grad_norm", {"grads": [], "max_norm": 1}, "grads must be a list"),
        ("clip_grad_norm", {"grads": [1], "max_norm": 0}, "max_norm must be positive"),
        ("clip_grad_norm", {"grads": [1], "max_norm": 1, "norm_type": 0.5}, "at least 1"),
        ("init_scale", {"scheme": "he", "fan_in": 3}, "scheme must be xavier or kaiming"),
        ("init_scale", {"scheme": "xavier", "fan_in": 3}, "xavier needs fan_out"),
        ("init_scale", {"scheme": "kaiming", "fan_in": 3, "mode": "fan_out"}, "mode fan_out needs fan_out"),
        ("init_scale", {"scheme": "kaiming", "fan_in": 3, "nonlinearity": "gelu"}, "unknown nonlinearity"),
        ("variance_propagation", {"n_in": 3, "layers": 2}, "exactly one of std and var"),
        ("variance_propagation", {"n_in": 3, "layers": 2, "var": 1, "activation": "tanh"}, "relu, leaky_relu"),
        ("focal_loss", {"p_t": 0}, "p_t must lie in"),
        ("focal_loss", {"p_t": 0.5, "gamma": -1}, "must not be negative"),
        ("kl_divergence", {"p": [0.5, 0.5], "q": [0.9, 0.2]}, "must be a distribution"),
        ("kl_divergence", {"p": [0.5, 0.5], "q": [1.0, 0.0]}, "infinite"),
        ("kl_divergence", {"p": [0.5, 0.5], "q": [0.2, 0.3, 0.5]}, "p has 2 values but q has 3"),
        ("hinge_loss", {"y": 0, "score": 1}, "y must be −1 or \\+1"),
        ("regression_grad", {"y": [1, 2], "yhat": [1]}, "y has 2 values"),
        ("penalty_grad", {"w": 1, "lam": -0.1}, "lam must not be negative"),
        ("dropout_scale", {"p": 1}, "p must lie in \\[0, 1\\)"),
        ("confusion_metrics", {"tp": 0, "fp": 0, "fn": 0, "tn": 0}, "empty"),
        ("confusion_metrics", {"tp": -1, "fp": 0, "fn": 0, "tn": 1}, "tp must not be negative"),
        ("class_balance", {"negatives": 10, "positives": 0}, "positives must be positive"),
        ("lstm_step", {"f": 1.2, "i": 0.5, "g": 0.5, "o": 0.5, "c_prev": 0}, "f must be a sigmoid output"),
        ("lstm_step", {"f": 0.2, "i": 0.5, "g": -1.5, "o": 0.5, "c_prev": 0}, "g must be a tanh output"),
        ("gru_step", {"z": 0.5, "n": 0.5, "h_prev": 0, "convention": "cho"}, "convention must be"),
        ("attention_output", {"scores": [1, 2], "values": [1]}, "one entry per score"),
        ("attention_output", {"scores": [1, 2], "values": [[1], [1, 2]]}, "same length"),
        ("causal_mask", {"n": 0}, "n must be positive"),
        ("correlate1d", {"x": [1, 2], "w": [1, 2, 3]}, "longer than the padded input"),
        ("neurons", {"shape": [16]}, "at least one spatial size"),
        ("mlp_params", {"sizes": [784]}, "at least the input and output"),
        ("conv_stack", {"k": 3, "channels": [3, 0]}, "channels must be positive"),
        ("lora_params", {"d_out": 8, "d_in": 4, "r": 5}, "exceeds min"),
        ("transformer_layer", {"kind": "both", "d_model": 8, "nhead": 2}, "kind must be encoder or decoder"),
        ("transformer_layer", {"kind": "encoder", "d_model": 10, "nhead": 3}, "divide|divisible"),
        ("batch_norm_params", {"num_features": 0}, "num_features must be positive"),
        ("vit_tokens", {"image_size": 200}, "not a multiple of patch_size"),
        ("vit_tokens", {"image_size": 224, "base_image_size": 100}, "base_image_size=100 is not a multiple"),
        ("epoch_iterations", {"samples": 10, "batch_size": 0}, "batch_size must be positive"),
        ("next_token_targets", {"tokens": 0}, "tokens must be positive"),
        ("mlm_masking", {"tokens": 10, "select": 1.5}, "select must lie in"),
        ("mlm_masking", {"tokens": 10, "mask": 0.8, "random": 0.3}, "must not exceed 1"),
    ],
)
def test_impossible_inputs_raise_a_clear_solver_error(name: str, kwargs: dict, message: str) -> None:
    with pytest.raises(SolverError, match=f"^{name}: .*({message})"):
        solve(name, **kwargs)
