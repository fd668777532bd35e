"""Engine-versus-PyTorch helpers: same float64 inputs and weights; compare values and gradients."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from solvers.engine import Tensor

TOL = 1e-6


def assert_close(engine_value: Any, torch_value: Any, what: str = "value") -> None:
    expected = (
        torch_value.detach().numpy() if isinstance(torch_value, torch.Tensor) else np.asarray(torch_value)
    )
    actual = engine_value.data if isinstance(engine_value, Tensor) else np.asarray(engine_value)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != torch {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=TOL, atol=TOL, err_msg=what)


def _outputs(value: Any) -> list[Any]:
    if isinstance(value, (tuple, list)):
        return [o for v in value for o in _outputs(v)]
    return [] if value is None else [value]


def check_parity(
    engine_fn: Callable[..., Any], torch_fn: Callable[..., Any], inputs: Sequence[Any], seed: int = 0
) -> None:
    """Run both functions on the same inputs; compare every output and the gradient of every float input.

    Float arrays become tensors that require grad; other arrays (class indices, masks) go to the engine
    as NumPy arrays and to torch as tensors, as each library expects.
    """
    engine_in = [Tensor(a.copy(), requires_grad=True) if _is_float(a) else a for a in inputs]
    torch_in = [_to_torch(a) for a in inputs]
    engine_out, torch_out = _outputs(engine_fn(*engine_in)), _outputs(torch_fn(*torch_in))
    assert len(engine_out) == len(torch_out), "different number of outputs"
    rng = np.random.default_rng(seed)
    engine_loss, torch_loss = None, None
    for i, (e, t) in enumerate(zip(engine_out, torch_out, strict=True)):
        assert_close(e, t, f"output {i}")
        if isinstance(t, torch.Tensor) and t.requires_grad:
            v = rng.standard_normal(t.shape)
            e_term, t_term = (e * v).sum(), (t * torch.from_numpy(v)).sum()
            engine_loss = e_term if engine_loss is None else engine_loss + e_term
            torch_loss = t_term if torch_loss is None else torch_loss + t_term
    if torch_loss is None:
        return
    engine_loss.backward()
    torch_loss.backward()
    for i, (e, t) in enumerate(zip(engine_in, torch_in, strict=True)):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            expected = t.grad if t.grad is not None else torch.zeros_like(t)
            assert_close(
                e.grad if e.grad is not None else np.zeros_like(e.data), expected, f"grad of input {i}"
            )


def _is_float(a: Any) -> bool:
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


def _to_torch(a: Any) -> Any:
    if _is_float(a):
        return torch.tensor(a, requires_grad=True)
    if isinstance(a, np.ndarray):
        return torch.from_numpy(a.copy())
    return a


def copy_weights(engine_module: Any, torch_module: torch.nn.Module) -> None:
    """float64 on both sides and the torch module's state dict loaded into the engine's, key for key."""
    torch_module.double()
    engine_module.double()
    torch_state = {k: v.detach().numpy() for k, v in torch_module.state_dict().items()}
    assert set(engine_module.state_dict()) == set(torch_state), "state dict keys differ from PyTorch's"
    engine_module.load_state_dict(torch_state)


def check_module(
    engine_module: Any,
    torch_module: torch.nn.Module,
    inputs: Sequence[Any],
    call: Callable[..., Any] | None = None,
    seed: int = 0,
) -> None:
    """Same weights, same inputs: outputs, input gradients and every parameter gradient agree."""
    copy_weights(engine_module, torch_module)
    engine_module.zero_grad()
    torch_module.zero_grad()
    call = call or (lambda m, *xs: m(*xs))
    check_parity(lambda *xs: call(engine_module, *xs), lambda *xs: call(torch_module, *xs), inputs, seed)
    torch_params = dict(torch_module.named_parameters())
    for name, param in engine_module.named_parameters():
        expected = torch_params[name].grad
        assert expected is not None or param.grad is None, f"{name}: torch has no gradient"
        if expected is not None:
            assert_close(param.grad, expected, f"grad of {name}")


def random(*shape: int, seed: int = 0, scale: float = 1.0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape) * scale
