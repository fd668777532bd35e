"""Forward hooks and the Recorder: per-layer activations forward, gradient norms backward."""

from __future__ import annotations

import numpy as np
import pytest

import solvers.engine as E
from solvers.engine import Tensor, hooks, nn
from solvers.engine import functional as F


def deep_sigmoid_net(depth: int) -> nn.Sequential:
    E.manual_seed(0)
    layers: list[nn.Module] = []
    for _ in range(depth):
        layers += [nn.Linear(8, 8), nn.Sigmoid()]
    return nn.Sequential(*layers, nn.Linear(8, 3))


def test_forward_hook_sees_inputs_and_output_and_can_be_removed() -> None:
    layer = nn.Linear(2, 3)
    calls = []
    handle = layer.register_forward_hook(
        lambda m, inputs, output: calls.append((m, inputs[0].shape, output.shape))
    )
    layer(Tensor(np.ones((4, 2), dtype=np.float32)))
    assert calls == [(layer, (4, 2), (4, 3))]
    handle.remove()
    layer(Tensor(np.ones((4, 2), dtype=np.float32)))
    assert len(calls) == 1


def test_forward_hook_may_replace_the_output_and_pre_hook_the_input() -> None:
    layer = nn.Identity()
    layer.register_forward_pre_hook(lambda m, inputs: (inputs[0] * 2,))
    layer.register_forward_hook(lambda m, inputs, output: output + 1)
    assert layer(Tensor(np.array([1.0]))).item() == 3.0


def test_recorder_keeps_activations_and_gradient_norms_by_module_name() -> None:
    model = deep_sigmoid_net(3)
    x = Tensor(np.random.default_rng(0).standard_normal((5, 8), dtype=np.float32))
    with hooks.record(model) as recorder:
        loss = F.cross_entropy(model(x), np.array([0, 1, 2, 0, 1]))
        assert recorder.grad_norms == {}
        loss.backward()
    names = [str(i) for i in range(7)]
    assert list(recorder.activations) == names
    assert recorder.activations["1"].shape == (5, 8)
    assert set(recorder.grad_norms) == set(names)
    manual = model[6].weight.grad
    assert recorder.param_grad_norms()["6.weight"] == pytest.approx(float(np.linalg.norm(manual)))
    model(x)  # removed on exit: nothing more is recorded
    assert recorder.activations["1"].shape == (5, 8)


def test_gradients_vanish_through_twenty_sigmoid_layers() -> None:
    """The demonstration the recorder exists for: gradient norms shrink toward the input."""
    model = deep_sigmoid_net(20)
    recorder = hooks.record(model)
    x = Tensor(np.random.default_rng(0).standard_normal((16, 8), dtype=np.float32))
    F.cross_entropy(model(x), np.zeros(16, dtype=np.int64)).backward()
    first, last = recorder.grad_norms["0"], recorder.grad_norms["38"]
    assert first < last * 1e-6
    recorder.remove()


def test_recorder_with_names_and_unknown_names() -> None:
    model = deep_sigmoid_net(2)
    recorder = hooks.record(model, names=["1"])
    model(Tensor(np.ones((1, 8), dtype=np.float32)))
    assert list(recorder.activations) == ["1"]
    with pytest.raises(ValueError, match="no module named"):
        hooks.record(model, names=["nope"])
