"""Recording what flows through a model: each layer's activations forward and gradient norms backward.

    recorder = hooks.record(model)        # hooks on every leaf module (or the names you pass)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    recorder.activations["0"]              # the output of layer "0" as a NumPy array
    recorder.grad_norms["0"]               # ||d loss / d output of layer "0"||
    recorder.param_grad_norms()            # {"0.weight": ||grad||, ...}
    recorder.remove()                      # or use `with hooks.record(model) as recorder:`

Names are those of `model.named_modules()`, so they match PyTorch's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from solvers.engine.module import Module, RemovableHandle
from solvers.engine.tensor import Tensor


class Recorder:
    """Activations and gradient norms of a model's layers from the latest forward and backward pass.

    Attributes:
        activations: layer name -> output array of the latest forward pass.
        grad_norms: layer name -> L2 norm of the loss gradient with respect to that output (after backward).
    """

    def __init__(self, model: Module, names: Iterable[str] | None = None) -> None:
        self.model = model
        self.activations: dict[str, np.ndarray] = {}
        self.grad_norms: dict[str, float] = {}
        wanted = set(names) if names is not None else None
        self._handles: list[RemovableHandle] = []
        for name, module in model.named_modules():
            leaf = not any(True for _ in module.children())
            if (wanted is None and leaf and name) or (wanted is not None and name in wanted):
                self._handles.append(module.register_forward_hook(self._forward_hook(name)))
        if wanted is not None:
            missing = wanted - {name for name, _ in model.named_modules()}
            if missing:
                raise ValueError(f"no module named {sorted(missing)} in the model")

    def _forward_hook(self, name: str) -> Any:
        def hook(module: Module, inputs: tuple, output: Any) -> None:
            tensor = output[0] if isinstance(output, tuple) else output
            if not isinstance(tensor, Tensor):
                return
            self.activations[name] = tensor.data
            self.grad_norms.pop(name, None)
            if tensor.requires_grad:

                def record_grad(grad: np.ndarray) -> None:
                    self.grad_norms[name] = float(np.linalg.norm(grad))

                tensor.register_hook(record_grad)

        return hook

    def param_grad_norms(self) -> dict[str, float]:
        """Parameter name -> L2 norm of its current gradient (parameters without a gradient are left out)."""
        return {
            name: float(np.linalg.norm(p.grad))
            for name, p in self.model.named_parameters()
            if p.grad is not None
        }

    def remove(self) -> None:
        """Stop recording (the recorded values stay)."""
        for handle in self._handles:
            handle.remove()
        self._handles.clear()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


def record(model: Module, names: Iterable[str] | None = None) -> Recorder:
    """Start recording activations and gradient norms of `model`'s leaf modules (or of the modules named)."""
    return Recorder(model, names)
