"""Each demonstration shows its course claim: asserted from the numbers it computed, not from its text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.unit.demos.conftest import result


def test_sigmoid_and_tanh_saturate_relu_is_dead_left_and_leaky_relu_is_not() -> None:
    f = result("activations", x=2.0).facts
    assert f["sigmoid"]["max_derivative"] == pytest.approx(0.25, abs=1e-6)
    assert f["tanh"]["max_derivative"] == pytest.approx(1.0, abs=1e-6)
    assert f["sigmoid"]["saturated"].startswith("|x| > 3.") and f["tanh"]["saturated"].startswith("|x| > 1.")
    assert f["relu"]["saturated"] == "x < 0" and f["relu"]["min_derivative"] == 0
    assert f["leaky_relu"]["min_derivative"] == pytest.approx(0.01)
    assert f["sigmoid"]["at_x"]["derivative"] == pytest.approx(math.exp(-2) / (1 + math.exp(-2)) ** 2, rel=1e-6)
    assert f["elu"]["saturated"].startswith("x < -2.")


def test_sigmoid_gradients_vanish_while_relu_with_he_init_keeps_them() -> None:
    f = result("vanishing-gradients").facts
    assert f["sigmoid/default/no-bn"]["first_over_last"] < 1e-4
    assert f["sigmoid/xavier/no-bn"]["first_over_last"] < 1e-4  # initialisation alone does not rescue sigmoid
    assert 0.1 < f["relu/he/no-bn"]["first_over_last"] < 10
    assert f["sigmoid/default/bn"]["first_over_last"] > 0.1  # BatchNorm does
    assert len(f["relu/he/no-bn"]["norms"]) == 20


def test_a_shallow_sigmoid_net_loses_much_less_than_a_deep_one() -> None:
    shallow = result("vanishing-gradients", activation=["sigmoid"], init=["default"], batchnorm=[False], depth=3)
    deep = result("vanishing-gradients").facts["sigmoid/default/no-bn"]["first_over_last"]
    assert shallow.facts["sigmoid/default/no-bn"]["first_over_last"] > 1e3 * deep


def test_rnn_gradients_explode_backwards_in_time_and_clipping_caps_them() -> None:
    f = result("exploding-gradients").facts
    norms = f["step_norms"]
    assert f["growth"] > 10 and norms[0] > norms[len(norms) // 2] > norms[-1]
    assert f["clipped_grad_norm"] == pytest.approx(1.0) and f["grad_norm"] > 100
    assert f["plain_diverged"] and f["clipped_final_below_start"]
    assert f["loss_clipped"][-1] < 0.2 * f["loss_clipped"][0]


def test_a_contracting_recurrence_does_not_explode() -> None:
    f = result("exploding-gradients", weight_scale=0.5).facts
    assert f["growth"] < 1e-3


def test_zero_init_keeps_units_identical_and_scale_decides_the_activation_spread() -> None:
    f = result("init").facts
    for act in ("tanh", "relu", "sigmoid"):
        assert f["symmetry"][f"{act}/zero"]["max_unit_difference"] == 0.0
        assert f["symmetry"][f"{act}/he"]["max_unit_difference"] > 0.1
    assert f["symmetry"]["sigmoid/zero"]["weights_moved"]  # they moved, and moved together
    assert f["symmetry"]["tanh/he"]["accuracy"] > 0.9 > f["symmetry"]["tanh/zero"]["accuracy"]
    spread = f["spread"]
    assert spread["tanh/gaussian σ=0.01"][-1] < 1e-5 and spread["relu/gaussian σ=0.01"][-1] < 1e-5
    assert spread["relu/gaussian σ=1"][-1] > 1e5
    assert spread["tanh/gaussian σ=1"][-1] > 0.9  # saturated at ±1
    assert 0.3 < spread["relu/he"][-1] / spread["relu/he"][0] < 3
    assert spread["relu/xavier"][-1] < 0.1 * spread["relu/xavier"][0]  # Xavier halves ReLU's variance per layer


def test_naive_softmax_overflows_and_the_stable_one_does_not() -> None:
    f = result("softmax-overflow").facts
    assert not f["naive_finite"] and all(math.isnan(p) for p in f["naive"])
    assert f["stable_sum"] == pytest.approx(1.0, abs=1e-6) and f["stable_error"] < 1e-6
    assert f["overflow_at"] == pytest.approx(88.72, abs=0.01)
    assert 85 < f["last_finite_logit"] < 88.8
    small = result("softmax-overflow", z=[1.0, 2.0, 3.0]).facts
    shifted = result("softmax-overflow", z=[1.0, 2.0, 3.0], shift=1000.0).facts
    assert small["naive_finite"] and not shifted["naive_finite"]
    assert shifted["stable"] == pytest.approx(small["stable"], abs=1e-6)  # softmax ignores a shift
    assert result("softmax-overflow", dtype="float64").facts["naive_finite"] is False
    assert result("softmax-overflow", z=[100.0, 101.0], dtype="float64").facts["naive_finite"]


def test_mae_and_huber_resist_outliers_that_pull_the_mse_fit() -> None:
    f = result("losses").facts
    worked = f["worked"]
    assert worked["mse"]["losses"] == pytest.approx([0.25, 0.25, 0.25, 36.0])
    assert worked["mse"]["gradients"][-1] == pytest.approx(12.0)  # 2·(ŷ − y)
    assert worked["mae"]["gradients"] == pytest.approx([1.0, 1.0, 1.0, 1.0])
    assert worked["huber"]["losses"] == pytest.approx([0.125, 0.125, 0.125, 5.5])
    fit = f["fit"]
    assert fit["mae"]["slope_error"] < 0.2 and fit["huber"]["slope_error"] < 0.2
    assert fit["mse"]["slope_error"] > 3 * max(fit["mae"]["slope_error"], fit["huber"]["slope_error"], 0.1)
    clean = result("losses", outliers=0).facts["fit"]
    assert clean["mse"]["slope_error"] < 0.2


@pytest.mark.parametrize("seed", [0, 1])
def test_the_capacity_sweep_reproduces_the_under_and_overfitting_table(seed: int) -> None:
    f = result("fitting", seed=seed, degree=[1, 3, 9]).facts
    assert f["1"]["verdict"] == "under" and f["3"]["verdict"] == "good" and f["9"]["verdict"] == "over"
    assert f["9"]["train"] < f["3"]["train"] < f["1"]["train"]
    assert f["9"]["test"] > 2 * f["3"]["test"]


def test_early_stopping_stops_the_high_degree_fit_before_it_overfits() -> None:
    f = result("fitting", degree=[9], early_stopping=True).facts["9"]
    assert f["early_stopping"]["stopped_at"] < 3000
    assert f["early_stopping"]["test"] < f["test"]
    assert f["early_stopping"]["train"] > f["train"]


def test_every_regularizer_lowers_the_test_error_of_the_overfitting_model() -> None:
    f = result("regularization", method=["l1", "l2", "dropout", "early_stopping"]).facts
    plain = f["no regularization"]
    assert plain["train"] < 0.02 and plain["test"] > 0.3  # it overfits
    for label, entry in f.items():
        if label != "no regularization":
            assert entry["test"] < 0.8 * plain["test"], label
            assert entry["train"] > plain["train"], label
    assert f["L2 λ=0.01"]["weight_norm"] < 0.5 * plain["weight_norm"]
    assert f["early stopping"]["kept_step"] < 2000


def test_batchnorm_train_mode_uses_the_batch_and_eval_mode_the_running_statistics() -> None:
    f = result("batchnorm").facts
    assert np.allclose(f["train_batch_mean"], 0, atol=1e-5) and np.allclose(f["train_batch_std"], 1, atol=1e-3)
    assert f["train_vs_eval"] > 0.05
    assert f["batch_dependence"]["batch"]["train"] > 0.01 and f["batch_dependence"]["batch"]["eval"] == 0
    assert f["batch_dependence"]["layer"]["train"] == 0 and f["layernorm_train_vs_eval"] == 0
    assert np.allclose(f["running_mean"], f["true_mean"], atol=0.3 * np.sqrt(f["true_var"]))
    assert np.allclose(f["running_var"], f["true_var"], rtol=0.5)
    pair = result("batchnorm", batch_size=2).facts
    assert np.allclose(pair["train_abs_output"], 1.0, atol=1e-3)  # two samples normalise to ±1


def test_the_edge_kernel_answers_at_edges_and_the_sizes_agree() -> None:
    f = result("conv").facts
    assert f["agree"] and f["solver_out"] == [6, 6]
    out = np.array(f["output"])
    assert abs(out).max() > 0 and 0.3 < f["zero_fraction"] < 0.9
    assert np.all(out[:, 2] == 0)  # a column inside the flat square
    for n, k, p, s in [(7, 3, 1, 2), (224, 7, 3, 2), (224, 11, 0, 4), (3, 2, 0, 1), (28, 3, 0, 2)]:
        g = result("conv", n=n, k=k, p=p, s=s).facts
        assert g["agree"] and g["solver_out"][0] == (n + 2 * p - k) // s + 1


def test_max_pooling_is_the_most_robust_to_a_one_pixel_shift() -> None:
    f = result("pooling", image="glyph").facts
    none, mx, avg = f["no pooling"], f["max pooling"], f["average pooling"]
    assert none["unchanged"] < 0.05 and avg["unchanged"] < 0.05 and mx["unchanged"] > 0.25
    assert mx["relative_change"] < avg["relative_change"] < none["relative_change"]
    assert mx["relative_change"] < 0.6 * none["relative_change"]
    texture = result("pooling").facts  # the default image
    assert texture["max pooling"]["unchanged"] > 0.7  # most max-pooled outputs unchanged
    assert texture["no pooling"]["unchanged"] < texture["max pooling"]["unchanged"] - 0.3
    assert result("pooling", n=112, k=3, s=2, p=1).facts["solver_out"] == [56, 56]
    g = result("pooling", n=7, k=2, s=2, ceil_mode=True).facts
    assert g["solver_out"] == g["engine_out"] == [4, 4]


def test_three_stacked_3x3_convolutions_see_7x7() -> None:
    f = result("receptive-field").facts
    assert f["engine"] == f["solver"] == [3, 5, 7]
    assert f["nonzero"] == [9, 25, 49]
    dilated = result("receptive-field", k=[3, 3, 3], d=[1, 2, 4]).facts
    assert dilated["engine"] == dilated["solver"] == [3, 7, 15]
    holes = result("receptive-field", k=[3], d=[2]).facts
    assert holes["engine"] == [5] and holes["nonzero"] == [9]  # a dilated kernel sees 5 wide through 9 taps
    strided = result("receptive-field", k=[3, 3, 3], s=[2, 2, 1]).facts
    assert strided["engine"] == strided["solver"] == [3, 7, 15]


def test_the_causal_mask_blocks_the_future_and_the_scale_prevents_saturation() -> None:
    f = result("attention").facts
    assert f["future_weight"] == 0.0
    for key in ("scaled", "causal", "unscaled"):
        assert f[key]["row_sums"] == pytest.approx([1.0] * 8, abs=1e-9)
    assert f["scaled"]["score_std"] == pytest.approx(1.0, abs=0.35)
    assert f["unscaled"]["score_std"] > 5
    assert f["unscaled"]["max_weight"] > 0.8 > 0.5 > f["scaled"]["max_weight"]
    assert f["unscaled"]["entropy"] < 0.5 * f["scaled"]["entropy"]
    by_dk = f["max_weight_by_dk no scaling"]
    assert by_dk["1024"] > by_dk["4"] and f["max_weight_by_dk ÷√d_k"]["1024"] < 0.6


def test_the_lstm_remembers_an_early_token_that_the_plain_rnn_forgets() -> None:
    f = result("lstm").facts
    assert f["lstm_accuracy"] > 0.9
    assert f["rnn_accuracy"] < 0.65
    assert f["lstm_loss"][-1] < 0.2 < f["rnn_loss"][-1]
    assert all(0 <= v <= 1 for v in f["gate_means"]["forget f"])


def test_momentum_beats_sgd_in_the_ravine_and_too_large_a_rate_diverges() -> None:
    f = result("optimizers", optimizers=["sgd", "momentum", "nesterov", "adam"]).facts
    assert f["momentum"]["final"] < f["sgd"]["final"]
    assert all(not entry["diverged"] for entry in f.values())
    assert f["adam"]["final"] < 0.01 * f["adam"]["values"][0]
    too_big = result("optimizers", optimizers=["sgd"], lr=1.2).facts["sgd"]
    assert too_big["diverged"]
    assert not result("optimizers", optimizers=["sgd"], lr=0.95).facts["sgd"]["diverged"]


def test_lenet_learns_the_glyphs() -> None:
    f = result("train-cnn", epochs=2, train=2000, test=500).facts
    assert f["accuracy"] > 0.7
    assert np.mean(f["losses"][-10:]) < 0.5 * np.mean(f["losses"][:10])
    assert f["epoch_accuracy"][-1] >= f["epoch_accuracy"][0] - 0.05
