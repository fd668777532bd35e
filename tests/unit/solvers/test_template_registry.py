"""The template solvers the bank calls by name: exact golden values and argument checking."""

from __future__ import annotations

import json
import math

import pytest

from solvers import SolverError
from solvers.registry import TEMPLATE_SOLVERS, solve

approx = pytest.approx


@pytest.mark.parametrize(
    ("args", "out_size", "n_params"),
    [  # the golden cases of the bank schema's conv template (bias excluded)
        ({"n": 32, "k": 5, "p": 0, "s": 1, "c_in": 1, "c_out": 6}, 28, 150),
        ({"n": 28, "k": 3, "p": 0, "s": 2, "c_in": 3, "c_out": 16}, 13, 432),
        ({"n": 227, "k": 11, "p": 0, "s": 4, "c_in": 3, "c_out": 96}, 55, 34_848),
    ],
)
def test_conv2d_template_golden(args: dict, out_size: int, n_params: int) -> None:
    r = solve("conv2d", **args, bias=False)
    assert r["out_size"] == out_size and r["n_params"] == n_params and r["n_bias"] == 0


def test_conv2d_template_fields() -> None:
    r = solve("conv2d", n=28, k=3, c_in=3, c_out=16, s=2)
    assert r == {
        "out_size": 13,
        "out_channels": 16,
        "out_shape": [16, 13, 13],
        "n_weights": 432,
        "n_bias": 16,
        "n_params": 448,
        "macs": 16 * 169 * 28,
        "flops": 2 * 16 * 169 * 28,
        "effective_kernel": 3,
        "course_out": 13.5,
    }
    assert solve("conv2d", n=20, h=10, k=3, c_in=1, c_out=1)["out_height"] == 8
    assert solve("conv2d", n=10, k=3, d=2, c_in=1, c_out=1)["effective_kernel"] == 5


def test_pool_transposed_and_receptive_field_templates() -> None:
    assert solve("pool2d", n=32, k=2) == {
        "out_size": 16,
        "out_shape": [1, 16, 16],
        "n_params": 0,
        "course_out": 16.0,
    }
    assert solve("pool2d", n=10, k=3, s=2, ceil_mode=True, c=4)["out_shape"] == [4, 5, 5]
    r = solve("conv_transpose2d", n=16, k=4, c_in=64, c_out=32, s=2, p=1)
    assert (r["out_size"], r["conv_formula_out"], r["n_params"]) == (32, 8, 32_800)
    assert solve("receptive_field", k=[3, 3, 3]) == {
        "rf": 7,
        "jump": 1,
        "rf_per_layer": [3, 5, 7],
        "jump_per_layer": [1, 1, 1],
    }
    assert solve("receptive_field", k=[7, 3], s=[2, 2])["rf"] == 11


def test_bottleneck_reduction_and_separable_templates() -> None:
    r = solve("bottleneck", c_in=256, c_mid=64, c_out=256)
    assert (r["params_direct"], r["params_bottleneck"], r["saving"]) == (589_824, 69_632, 520_192)
    assert r["ratio"] == approx(69_632 / 589_824)
    r = solve("bottleneck", c_in=256, c_mid=64, c_out=256, n=56)
    assert r["macs_direct"] == 56 * 56 * 589_824 and r["macs_bottleneck"] == 56 * 56 * 69_632
    r = solve("reduce_1x1", c_in=192, c_mid=16, c_out=32, k=5)
    assert (r["params_direct"], r["params_reduced"], r["saving"]) == (153_600, 15_872, 137_728)
    r = solve("depthwise_separable", k=3, c_in=32, c_out=64)
    assert (r["params_depthwise"], r["params_pointwise"], r["n_params"], r["n_params_standard"]) == (
        288,
        2048,
        2336,
        18_432,
    )
    assert "macs_separable" not in r
    r = solve("depthwise_separable", k=3, c_in=32, c_out=64, n=56)
    assert r["macs_standard"] == 56 * 56 * 18_432 and r["macs_separable"] == 56 * 56 * 2336


def test_mha_template_shapes() -> None:
    r = solve("mha", n=10, d_model=512, h=8)
    assert r["d_k"] == r["d_v"] == 64 and r["params"] == 1_050_624 and r["params_per_projection"] == 262_656
    assert r["wq_head_shape"] == [512, 64] and r["q_shape"] == [10, 512] and r["q_head_shape"] == [10, 64]
    assert r["scores_shape"] == [8, 10, 10] and r["scores_head_shape"] == [10, 10]
    assert r["head_out_shape"] == [10, 64] and r["concat_shape"] == [10, 512]
    assert r["wo_shape"] == [512, 512] and r["out_shape"] == [10, 512]
    assert solve("mha", n=4, d_model=8, h=2, m=6)["scores_shape"] == [2, 4, 6]
    assert solve("mha", n=4, d_model=8, h=2, batch=3)["macs"] == 3 * solve("mha", n=4, d_model=8, h=2)["macs"]


def test_rnn_and_linear_templates() -> None:
    r = solve("rnn_params", cell="lstm", input_size=300, hidden_size=512, num_layers=2)
    assert r == {
        "params": 3_768_320,
        "params_single_bias": 3_764_224,
        "params_no_bias": 3_760_128,
        "gate_blocks": 4,
        "per_layer": [1_667_072, 2_101_248],
    }
    assert solve("rnn_params", cell="gru", input_size=10, hidden_size=20)["gate_blocks"] == 3
    assert solve("linear", in_features=400, out_features=120) == {
        "n_params": 48_120,
        "n_weights": 48_000,
        "n_bias": 120,
        "macs": 48_120,
    }


@pytest.mark.parametrize(
    ("name", "x", "alpha", "y", "dy"),
    [
        ("sigmoid", 0.0, None, 0.5, 0.25),
        ("tanh", 0.0, None, 0.0, 1.0),
        ("relu", 0.0, None, 0.0, 0.0),
        ("relu", 3.0, None, 3.0, 1.0),
        ("leaky_relu", 0.0, None, 0.0, 0.01),
        ("leaky_relu", -2.0, 0.1, -0.2, 0.1),
        ("elu", -1.0, None, math.exp(-1) - 1, math.exp(-1)),
        ("sigmoid", 2.0, None, 0.8807970779778823, 0.10499358540350662),
    ],
)
def test_activation_golden(name: str, x: float, alpha: float | None, y: float, dy: float) -> None:
    kwargs = {"alpha": alpha} if alpha is not None else {}
    r = solve("activation", name=name, x=x, **kwargs)
    assert r["y"] == approx(y, abs=1e-15) and r["dy"] == approx(dy, abs=1e-15)


def test_softmax_and_cross_entropy_golden() -> None:
    r = solve("softmax", z=[1.0, 2.0, 3.0])
    assert r["p"] == approx([0.09003057317038046, 0.24472847105479764, 0.6652409557748219])
    assert r["argmax"] == 2 and r["logsumexp"] == approx(3.4076059644443806)
    assert solve("softmax", z=[1000.0, 1000.0])["p"] == [0.5, 0.5]  # no overflow
    r = solve("cross_entropy", z=[0.7, 0.2, 0.1], target=0, from_logits=False)
    assert r["loss"] == approx(0.35667494393873245) and "grad" not in r
    r = solve("cross_entropy", z=[2.0, 1.0, 0.1], target=0)
    assert r["loss"] == approx(0.4170300162778335)
    assert r["grad"] == approx([r["p"][0] - 1, r["p"][1], r["p"][2]])
    assert solve("binary_cross_entropy", p=0.9, y=1)["loss"] == approx(0.10536051565782628)
    assert solve("binary_cross_entropy", p=0.0, y=1)["loss"] == 100.0  # PyTorch clamps log at −100


def test_regression_losses_golden() -> None:
    r = solve("regression_loss", y=[1, 2, 3], yhat=[1.5, 2, 5])
    assert r == approx(
        {"mse": 4.25 / 3, "mae": 2.5 / 3, "sse": 4.25, "huber": 1.625 / 3, "smooth_l1": 1.625 / 3}
    )
    r = solve("regression_loss", y=[1, 2, 3], yhat=[1.5, 2, 5], delta=2.0)
    assert r["huber"] == approx(2.125 / 3) and r["smooth_l1"] == approx(1.0625 / 3)
    assert r["huber"] == approx(2.0 * r["smooth_l1"])  # huber = δ·smooth_l1 (A49)


def test_optimizer_steps_golden() -> None:
    first = solve("sgd_momentum", w=1.0, g=0.5, lr=0.1, momentum=0.9)
    assert first == approx({"g_eff": 0.5, "v_new": 0.5, "w_new": 0.95})
    second = solve("sgd_momentum", w=0.95, g=0.5, lr=0.1, momentum=0.9, v=0.5)
    assert second["v_new"] == approx(0.95) and second["w_new"] == approx(0.855)
    assert solve("sgd_momentum", w=1.0, g=0.5, lr=0.1, weight_decay=0.1)["w_new"] == approx(0.94)
    r = solve("adam", w=1.0, g=0.5)
    assert r["m_new"] == approx(0.05) and r["v_new"] == approx(0.00025)
    assert r["m_hat"] == approx(0.5) and r["v_hat"] == approx(0.25)
    assert r["w_new"] == approx(1 - 0.001 * 0.5 / (0.5 + 1e-8))
    adamw = solve("adam", w=1.0, g=0.5, lr=0.1, weight_decay=0.1, decoupled=True)
    assert adamw["w_new"] == approx(1.0 * (1 - 0.01) - 0.1 * 0.5 / (0.5 + 1e-8))
    with pytest.raises(SolverError, match="Nesterov"):
        solve("sgd_momentum", w=1.0, g=0.5, lr=0.1, nesterov=True)


def test_batch_norm_statistics_and_tiny_net_golden() -> None:
    r = solve("batch_norm", x=[1, 2, 3, 4])
    assert r["mean"] == 2.5 and r["var"] == 1.25 and r["var_unbiased"] == approx(5 / 3)
    assert r["y"][0] == approx(-1.5 / math.sqrt(1.25 + 1e-5))
    t = solve("tiny_net", x=1.0, w1=0.5, b1=0.0, w2=2.0, b2=0.0, t=1.0)
    assert t == approx(
        {
            "z1": 0.5,
            "h": 0.6224593312018546,
            "y": 1.2449186624037092,
            "loss": 0.029992575596811035,
            "dy": 0.2449186624037092,
            "dw2": 0.15245190679866563,
            "db2": 0.2449186624037092,
            "dh": 0.4898373248074184,
            "dz1": 0.11511358970464151,
            "dw1": 0.11511358970464151,
            "db1": 0.11511358970464151,
            "dx": 0.05755679485232076,
        }
    )
    assert solve("tiny_net", x=1.0, w1=-1.0, b1=1.0, w2=2.0, b2=0.0, t=1.0, act="relu")["dz1"] == 0.0


def test_every_template_returns_flat_json() -> None:
    calls = {
        "conv2d": {"n": 8, "k": 3, "c_in": 1, "c_out": 2},
        "pool2d": {"n": 8, "k": 2},
        "conv_transpose2d": {"n": 4, "k": 3, "c_in": 1, "c_out": 1},
        "receptive_field": {"k": [3]},
        "bottleneck": {"c_in": 8, "c_mid": 2, "c_out": 8},
        "reduce_1x1": {"c_in": 8, "c_mid": 2, "c_out": 4, "k": 3},
        "depthwise_separable": {"k": 3, "c_in": 4, "c_out": 8},
        "mha": {"n": 3, "d_model": 8, "h": 2},
        "rnn_params": {"cell": "rnn", "input_size": 3, "hidden_size": 4},
        "linear": {"in_features": 3, "out_features": 2},
        "activation": {"name": "tanh", "x": 0.3},
        "softmax": {"z": [0, 1]},
        "cross_entropy": {"z": [0, 1], "target": 1},
        "binary_cross_entropy": {"p": 0.3, "y": 0},
        "regression_loss": {"y": [1], "yhat": [2]},
        "sgd_momentum": {"w": 1, "g": 1, "lr": 0.1},
        "adam": {"w": 1, "g": 1},
        "batch_norm": {"x": [1, 2]},
        "tiny_net": {"x": 1, "w1": 1, "b1": 0, "w2": 1, "b2": 0, "t": 0},
        "activation_vector": {"name": "relu", "x": [-1, 2]},
        "activation_compare": {"first": "tanh", "second": "sigmoid", "x": [0]},
        "gradient_chain": {"layers": 3, "activation": "sigmoid"},
        "clip_grad_norm": {"grads": [[3, 4]], "max_norm": 1},
        "init_scale": {"scheme": "xavier", "fan_in": 3, "fan_out": 2},
        "variance_propagation": {"n_in": 4, "layers": 2, "std": 0.5},
        "focal_loss": {"p_t": 0.5},
        "kl_divergence": {"p": [0.5, 0.5], "q": [0.9, 0.1]},
        "hinge_loss": {"y": -1, "score": 0.2},
        "regression_grad": {"y": [1], "yhat": [2]},
        "penalty_grad": {"w": 0.5, "lam": 0.1},
        "dropout_scale": {"p": 0.5},
        "confusion_metrics": {"tp": 1, "fp": 2, "fn": 3, "tn": 4},
        "class_balance": {"negatives": 3, "positives": 1},
        "lstm_step": {"f": 0.5, "i": 0.5, "g": 0.5, "o": 0.5, "c_prev": 1},
        "gru_step": {"z": 0.5, "n": 0.5, "h_prev": 1},
        "attention_output": {"scores": [1, 2], "values": [[1, 0], [0, 1]]},
        "causal_mask": {"n": 3},
        "correlate1d": {"x": [1, 2, 3], "w": [1, 1]},
        "neurons": {"shape": [2, 3, 3]},
        "mlp_params": {"sizes": [3, 2]},
        "conv_stack": {"k": 3, "channels": [1, 2, 2]},
        "lora_params": {"d_out": 4, "d_in": 4, "r": 1},
        "transformer_layer": {"kind": "encoder", "d_model": 8, "nhead": 2, "dim_feedforward": 16},
        "batch_norm_params": {"num_features": 4},
        "vit_tokens": {"image_size": 32, "patch_size": 16, "base_image_size": 16},
        "epoch_iterations": {"samples": 10, "batch_size": 3},
        "next_token_targets": {"tokens": 4},
        "mlm_masking": {"tokens": 20},
    }
    assert set(calls) == set(TEMPLATE_SOLVERS)
    for name, kwargs in calls.items():
        out = solve(name, **kwargs)
        assert json.loads(json.dumps(out)) == out, name
        for value in out.values():
            assert isinstance(value, int | float | bool) or all(isinstance(v, int | float) for v in value), (
                name
            )
        assert TEMPLATE_SOLVERS[name].__doc__, name


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("conv3x3", {}, "unknown template solver 'conv3x3'"),
        ("conv2d", {"n": 32}, "conv2d: missing argument\\(s\\) k, c_in, c_out"),
        (
            "conv2d",
            {"n": 32, "k": 3, "c_in": 1, "c_out": 1, "padding": 1},
            "unexpected argument\\(s\\) padding",
        ),
        ("conv2d", {"n": 4, "k": 5, "c_in": 1, "c_out": 1}, "conv2d: output smaller than 1"),
        ("conv2d", {"n": "32", "k": 3, "c_in": 1, "c_out": 1}, "must be an integer"),
        ("activation", {"name": "swish", "x": 1}, "unknown activation 'swish'"),
        ("activation", {"name": "relu", "x": 1, "alpha": 0.1}, "relu takes no alpha"),
        ("cross_entropy", {"z": [1, 2], "target": 2}, "out of range"),
        ("cross_entropy", {"z": [0.5, 0.6], "target": 0, "from_logits": False}, "sum to 1"),
        ("rnn_params", {"cell": "transformer", "input_size": 1, "hidden_size": 1}, "cell must be"),
        ("regression_loss", {"y": [1, 2], "yhat": [1]}, "y has 2 values but yhat has 1"),
        ("mha", {"n": 4, "d_model": 10, "h": 3}, "divisible"),
        ("batch_norm", {"x": [1]}, "at least 2"),
    ],
)
def test_bad_arguments_raise_solver_error(name: str, kwargs: dict, message: str) -> None:
    with pytest.raises(SolverError, match=message):
        solve(name, **kwargs)
