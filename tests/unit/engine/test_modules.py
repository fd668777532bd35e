"""Module behaviour: registration, names, state dicts, modes, initialisation, BatchNorm statistics."""

from __future__ import annotations

import math

import numpy as np
import pytest

import solvers.engine as E
from solvers.engine import Tensor, nn


def lenet() -> nn.Sequential:
    E.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(0.5),
        nn.Linear(4 * 3 * 3, 5),
    )


def test_parameters_are_found_by_attribute_under_dotted_names() -> None:
    names = [name for name, _ in lenet().named_parameters()]
    assert names == ["0.weight", "0.bias", "1.weight", "1.bias", "6.weight", "6.bias"]
    assert sum(p.numel() for p in lenet().parameters()) == 4 * 9 + 4 + 4 + 4 + 36 * 5 + 5


def test_state_dict_round_trip_restores_outputs() -> None:
    model, other = lenet(), lenet()
    model.train()
    model(
        Tensor(np.random.default_rng(1).standard_normal((3, 1, 8, 8), dtype=np.float32))
    )  # moves running stats
    E.manual_seed(5)
    for p in other.parameters():
        nn.init.normal_(p)
    state = model.state_dict()
    assert "1.running_mean" in state and "1.num_batches_tracked" in state
    other.load_state_dict(state)
    model.eval(), other.eval()
    x = Tensor(np.random.default_rng(2).standard_normal((2, 1, 8, 8), dtype=np.float32))
    np.testing.assert_array_equal(model(x).data, other(x).data)
    state["0.weight"][...] = 0  # a state dict holds copies
    assert np.any(model[0].weight.data != 0)


def test_load_state_dict_reports_wrong_keys_and_shapes() -> None:
    model = nn.Linear(2, 3)
    with pytest.raises(RuntimeError, match="missing keys"):
        model.load_state_dict({"weight": np.zeros((3, 2))})
    with pytest.raises(RuntimeError, match="size mismatch"):
        model.load_state_dict({"weight": np.zeros((2, 3)), "bias": np.zeros(3)})
    result = model.load_state_dict({"weight": np.ones((3, 2)), "extra": np.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["extra"]
    np.testing.assert_array_equal(model.weight.data, np.ones((3, 2)))


def test_train_eval_switch_dropout_and_batch_norm() -> None:
    model = lenet()
    x = Tensor(np.random.default_rng(1).standard_normal((4, 1, 8, 8), dtype=np.float32))
    model.eval()
    assert not any(m.training for m in model.modules())
    np.testing.assert_array_equal(model(x).data, model(x).data)
    model.train()
    E.manual_seed(1)
    first = model(x).data
    E.manual_seed(2)
    assert not np.array_equal(first, model(x).data)


def test_batch_norm_exposes_running_statistics_with_unbiased_variance() -> None:
    bn = nn.BatchNorm1d(2, momentum=0.5)
    x = np.array([[1.0, 10.0], [3.0, 14.0], [5.0, 18.0]], dtype=np.float32)
    bn(Tensor(x))
    np.testing.assert_allclose(bn.running_mean, 0.5 * x.mean(axis=0))
    np.testing.assert_allclose(bn.running_var, 0.5 * 1 + 0.5 * x.var(axis=0, ddof=1))
    assert int(bn.num_batches_tracked) == 1


def test_zero_grad_and_module_dtype_conversion() -> None:
    model = nn.Linear(3, 2)
    model(Tensor(np.ones((1, 3), dtype=np.float32))).sum().backward()
    assert model.weight.grad is not None
    model.zero_grad()
    assert model.weight.grad is None
    model.double()
    assert model.weight.dtype == np.float64 and model(Tensor(np.ones((1, 3)))).dtype == np.float64


def test_default_initialisation_follows_pytorch_bounds() -> None:
    E.manual_seed(0)
    layer = nn.Linear(100, 50)
    bound = 1 / math.sqrt(100)
    assert np.abs(layer.weight.data).max() <= bound and np.abs(layer.bias.data).max() <= bound
    assert np.abs(layer.weight.data).max() > 0.9 * bound


@pytest.mark.parametrize(
    ("fn", "expected_std"),
    [
        (lambda w: nn.init.xavier_uniform_(w), math.sqrt(2 / (200 + 100))),
        (lambda w: nn.init.xavier_normal_(w, gain=2.0), 2 * math.sqrt(2 / (200 + 100))),
        (lambda w: nn.init.kaiming_uniform_(w, nonlinearity="relu"), math.sqrt(2 / 200)),
        (lambda w: nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu"), math.sqrt(2 / 100)),
        (lambda w: nn.init.normal_(w, 0.0, 0.3), 0.3),
        (lambda w: nn.init.uniform_(w, -1.0, 1.0), 1 / math.sqrt(3)),
    ],
)
def test_init_schemes_have_the_textbook_spread(fn: object, expected_std: float) -> None:
    E.manual_seed(0)
    weight = nn.Parameter(np.zeros((100, 200)))
    fn(weight)
    assert weight.data.std() == pytest.approx(expected_std, rel=0.03)


def test_init_constants_and_gain() -> None:
    w = nn.Parameter(np.full((2, 2), 7.0))
    nn.init.zeros_(w)
    assert not w.data.any()
    nn.init.ones_(w)
    assert (w.data == 1).all()
    assert nn.init.calculate_gain("tanh") == pytest.approx(5 / 3)
    with pytest.raises(ValueError, match="unsupported"):
        nn.init.calculate_gain("swish")


def test_bad_configurations_fail_with_clear_messages() -> None:
    with pytest.raises(ValueError, match="divisible"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="channels"):
        E.functional.conv2d(Tensor(np.ones((1, 3, 5, 5))), Tensor(np.ones((2, 2, 3, 3))))
    with pytest.raises(ValueError, match="kernel extent"):
        E.functional.conv2d(Tensor(np.ones((1, 1, 2, 2))), Tensor(np.ones((1, 1, 3, 3))))
    with pytest.raises(ValueError, match="at most half"):
        E.functional.max_pool2d(Tensor(np.ones((1, 1, 4, 4))), 2, padding=2)
    with pytest.raises(ValueError, match="reduction"):
        E.functional.mse_loss(Tensor(np.ones(2)), np.ones(2), reduction="avg")
    with pytest.raises(ValueError, match="out of range"):
        E.functional.cross_entropy(Tensor(np.ones((2, 3))), np.array([0, 3]))
    with pytest.raises(ValueError, match="embed_dim"):
        nn.MultiheadAttention(5, 2)


def test_repr_reads_like_pytorch() -> None:
    text = repr(lenet())
    assert (
        "(0): Conv2d(1, 4, kernel_size=(3, 3)" in text
        and "(6): Linear(in_features=36, out_features=5" in text
    )
