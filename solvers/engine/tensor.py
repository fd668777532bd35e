"""Tensor: a NumPy array that remembers how it was made, so `backward()` can apply the chain rule.

Every operation returns a new Tensor holding its result, its parents and a `_backward` function that maps
the gradient of the result to the gradients of the parents. `backward()` walks that graph from the output
to the leaves in reverse topological order and adds the gradients into each leaf's `.grad`.

Differences from PyTorch a reader should know: `.data` and `.grad` are plain NumPy arrays, and Python
numbers and lists become float32 tensors (NumPy arrays keep their dtype).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from solvers.engine.shape_ops import ShapeOps, unbroadcast

float32 = np.float32
float64 = np.float64
int64 = np.int64

_grad_enabled = True


def is_grad_enabled() -> bool:
    """Whether new operations record the graph (False inside `no_grad`)."""
    return _grad_enabled


class no_grad:
    """Context manager and decorator that stops recording the graph, like `torch.no_grad`."""

    def __enter__(self) -> None:
        global _grad_enabled
        self._previous, _grad_enabled = _grad_enabled, False

    def __exit__(self, *exc: object) -> None:
        global _grad_enabled
        _grad_enabled = self._previous

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with no_grad():
                return fn(*args, **kwargs)

        return wrapper


def _graph_freed(grad: np.ndarray) -> tuple:
    raise RuntimeError(
        "Trying to backward through the graph a second time; call backward(retain_graph=True) the first time."
    )


def as_array(value: Any) -> np.ndarray:
    """The NumPy array behind a Tensor, an array, or a Python number/list (float32 for the latter)."""
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, np.generic):
        return np.asarray(value)
    array = np.asarray(value)
    return array.astype(np.float32) if array.dtype.kind in "fiu" else array


class Tensor(ShapeOps):
    """An n-dimensional array with reverse-mode automatic differentiation.

    Args:
        data: a NumPy array (its dtype is kept), a Python number or a nested list (becomes float32).
        requires_grad: whether `backward()` should compute a gradient for this tensor.
    """

    __slots__ = ("_backward", "_hooks", "_parents", "_retains_grad", "data", "grad", "requires_grad")
    __array_ufunc__ = None  # make `ndarray * Tensor` call Tensor.__rmul__ instead of NumPy's loop

    def __init__(self, data: Any, requires_grad: bool = False) -> None:
        self.data = as_array(data)
        if requires_grad and self.data.dtype.kind not in "fc":
            raise RuntimeError("only tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        self.grad: np.ndarray | None = None
        self._parents: tuple[Tensor, ...] = ()
        self._backward: Callable[[np.ndarray], Sequence[np.ndarray | None]] | None = None
        self._hooks: list[Callable[[np.ndarray], np.ndarray | None]] = []
        self._retains_grad = False

    @staticmethod
    def _make(
        data: np.ndarray, parents: tuple[Tensor, ...], backward: Callable[[np.ndarray], Sequence] | None
    ) -> Tensor:
        """The result of an operation: records parents and backward only when a gradient is needed.

        `backward(g)` returns one gradient (or None) per parent, given g = d(loss)/d(result).
        """
        out = Tensor.__new__(Tensor)
        out.data, out.grad, out._hooks, out._retains_grad = data, None, [], False
        if _grad_enabled and any(p.requires_grad for p in parents):
            out.requires_grad, out._parents, out._backward = True, parents, backward
        else:
            out.requires_grad, out._parents, out._backward = False, (), None
        return out

    # ----- properties and conversions -------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def is_leaf(self) -> bool:
        return self._backward is None

    def size(self, dim: int | None = None) -> Any:
        return self.data.shape if dim is None else self.data.shape[dim]

    def dim(self) -> int:
        return self.data.ndim

    def numel(self) -> int:
        return self.data.size

    def numpy(self) -> np.ndarray:
        return self.data

    def item(self) -> float:
        return self.data.item()

    def tolist(self) -> Any:
        return self.data.tolist()

    def detach(self) -> Tensor:
        return Tensor(self.data)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.data if dtype is None else self.data.astype(dtype)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"tensor({np.array2string(self.data, precision=4, separator=', ')}{grad})"

    def to(self, dtype: Any) -> Tensor:
        source = self.data.dtype
        return Tensor._make(self.data.astype(dtype), (self,), lambda g: (g.astype(source),))

    def float(self) -> Tensor:
        return self.to(np.float32)

    def double(self) -> Tensor:
        return self.to(np.float64)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if requires_grad and self.data.dtype.kind not in "fc":
            raise RuntimeError("only tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    def register_hook(self, hook: Callable[[np.ndarray], np.ndarray | None]) -> Callable[[], None]:
        """Call `hook(grad)` when this tensor's gradient is computed; a returned array replaces it.

        Returns:
            A function that removes the hook.
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        self._hooks.append(hook)
        return lambda: self._hooks.remove(hook)

    def retain_grad(self) -> None:
        """Keep `.grad` on this non-leaf tensor after backward (leaves always keep it)."""
        self._retains_grad = True

    # ----- backward --------------------------------------------------------------------------------
    def _topological_order(self) -> list[Tensor]:
        """Nodes that need a gradient, each after every node computed from it (iterative DFS)."""
        order: list[Tensor] = []
        visited: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:
            node, finished = stack.pop()
            if finished:
                order.append(node)
                continue
            if id(node) in visited:
                continue
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node._parents if p.requires_grad and id(p) not in visited)
        order.reverse()
        return order

    def backward(self, gradient: Any = None, retain_graph: bool = False) -> None:
        """Compute the gradient of this tensor with respect to every leaf that requires grad.

        Args:
            gradient: d(loss)/d(self), same shape; may be omitted for a one-element tensor.
            retain_graph: keep the graph so backward can run through it again.

        Raises:
            RuntimeError: the tensor does not require grad, or a non-scalar output has no `gradient`.
        """
        if not self.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
        if gradient is None:
            if self.data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            seed = np.ones_like(self.data)
        else:
            seed = np.asarray(as_array(gradient), dtype=self.data.dtype)
            if seed.shape != self.data.shape:
                raise RuntimeError(f"gradient has shape {seed.shape}, expected {self.data.shape}")
        grads: dict[int, np.ndarray] = {id(self): seed}
        for node in self._topological_order():
            grad = grads.pop(id(node), None)
            if grad is None:
                continue
            for hook in node._hooks:
                replaced = hook(grad)
                if replaced is not None:
                    grad = np.asarray(replaced)
            if node._backward is None or node._retains_grad:
                grad = grad.astype(node.data.dtype, copy=False)
                node.grad = grad.copy() if node.grad is None else node.grad + grad
            if node._backward is None:
                continue
            for parent, parent_grad in zip(node._parents, node._backward(grad), strict=True):
                if parent_grad is None or not parent.requires_grad:
                    continue
                key = id(parent)
                grads[key] = parent_grad if key not in grads else grads[key] + parent_grad
            if not retain_graph:
                node._parents, node._backward = (), _graph_freed

    # ----- arithmetic (broadcasting; gradients summed back to each operand's shape) -----------------
    def _lift(self, other: Any) -> Tensor:
        """Another operand as a Tensor; Python numbers take this tensor's float dtype."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, (int, float)) and self.data.dtype.kind == "f":
            return Tensor(np.asarray(other, dtype=self.data.dtype))
        return Tensor(other)

    def __add__(self, other: Any) -> Tensor:
        other = self._lift(other)
        return Tensor._make(
            self.data + other.data,
            (self, other),
            lambda g: (unbroadcast(g, self.shape), unbroadcast(g, other.shape)),
        )

    def __sub__(self, other: Any) -> Tensor:
        other = self._lift(other)
        return Tensor._make(
            self.data - other.data,
            (self, other),
            lambda g: (unbroadcast(g, self.shape), unbroadcast(-g, other.shape)),
        )

    def __mul__(self, other: Any) -> Tensor:
        other = self._lift(other)
        return Tensor._make(
            self.data * other.data,
            (self, other),
            lambda g: (unbroadcast(g * other.data, self.shape), unbroadcast(g * self.data, other.shape)),
        )

    def __truediv__(self, other: Any) -> Tensor:
        other = self._lift(other)
        return Tensor._make(
            self.data / other.data,
            (self, other),
            lambda g: (
                unbroadcast(g / other.data, self.shape),
                unbroadcast(-g * self.data / other.data**2, other.shape),
            ),
        )

    def __pow__(self, exponent: Any) -> Tensor:
        if isinstance(exponent, (int, float)):
            return Tensor._make(
                self.data**exponent, (self,), lambda g: (g * exponent * self.data ** (exponent - 1),)
            )
        exponent = self._lift(exponent)
        out = self.data**exponent.data
        return Tensor._make(
            out,
            (self, exponent),
            lambda g: (
                unbroadcast(g * exponent.data * self.data ** (exponent.data - 1), self.shape),
                unbroadcast(g * out * np.log(np.where(self.data > 0, self.data, 1)), exponent.shape),
            ),
        )

    def __rpow__(self, base: Any) -> Tensor:
        return self._lift(base) ** self

    def __neg__(self) -> Tensor:
        return Tensor._make(-self.data, (self,), lambda g: (-g,))

    def __radd__(self, other: Any) -> Tensor:
        return self + other

    def __rsub__(self, other: Any) -> Tensor:
        return self._lift(other) - self

    def __rmul__(self, other: Any) -> Tensor:
        return self * other

    def __rtruediv__(self, other: Any) -> Tensor:
        return self._lift(other) / self

    def __matmul__(self, other: Any) -> Tensor:
        return matmul(self, self._lift(other))

    def __rmatmul__(self, other: Any) -> Tensor:
        return matmul(self._lift(other), self)

    # Comparisons give boolean tensors without gradient, as in PyTorch.
    def __lt__(self, other: Any) -> Tensor:
        return Tensor(self.data < as_array(other))

    def __le__(self, other: Any) -> Tensor:
        return Tensor(self.data <= as_array(other))

    def __gt__(self, other: Any) -> Tensor:
        return Tensor(self.data > as_array(other))

    def __ge__(self, other: Any) -> Tensor:
        return Tensor(self.data >= as_array(other))

    def eq(self, other: Any) -> Tensor:
        return Tensor(self.data == as_array(other))

    # ----- elementwise functions -----------------------------------------------------------------
    def exp(self) -> Tensor:
        out = np.exp(self.data)
        return Tensor._make(out, (self,), lambda g: (g * out,))

    def log(self) -> Tensor:
        return Tensor._make(np.log(self.data), (self,), lambda g: (g / self.data,))

    def sqrt(self) -> Tensor:
        out = np.sqrt(self.data)
        return Tensor._make(out, (self,), lambda g: (g / (2 * out),))

    def abs(self) -> Tensor:
        return Tensor._make(np.abs(self.data), (self,), lambda g: (g * np.sign(self.data),))

    def tanh(self) -> Tensor:
        out = np.tanh(self.data)
        return Tensor._make(out, (self,), lambda g: (g * (1 - out * out),))

    def sigmoid(self) -> Tensor:
        # 1/(1+e^-x) written through tanh so large |x| never overflows exp
        out = 0.5 * (np.tanh(0.5 * self.data) + 1)
        return Tensor._make(out, (self,), lambda g: (g * out * (1 - out),))

    def relu(self) -> Tensor:
        mask = self.data > 0
        return Tensor._make(self.data * mask, (self,), lambda g: (g * mask,))

    def clamp(self, min: float | None = None, max: float | None = None) -> Tensor:
        out = np.clip(self.data, min, max)
        inside = (out == self.data) if min is None or max is None else (self.data >= min) & (self.data <= max)
        return Tensor._make(out, (self,), lambda g: (g * inside,))

    def masked_fill(self, mask: Any, value: float) -> Tensor:
        """A copy with `value` where the boolean `mask` (broadcast to this shape) is True."""
        mask = np.broadcast_to(as_array(mask).astype(bool), self.shape)
        out = np.where(mask, np.asarray(value, dtype=self.data.dtype), self.data)
        return Tensor._make(out, (self,), lambda g: (np.where(mask, 0, g),))


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """Matrix product with NumPy's rules: 1-D operands are vectors, leading dimensions broadcast."""
    a2 = a.data[None, :] if a.ndim == 1 else a.data
    b2 = b.data[:, None] if b.ndim == 1 else b.data
    full = a2 @ b2

    def backward(g: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        g2 = g.reshape(full.shape)
        ga = unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape) if a.requires_grad else None
        gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape) if b.requires_grad else None
        return (
            None if ga is None else ga.reshape(a.shape),
            None if gb is None else gb.reshape(b.shape),
        )

    out = full
    if a.ndim == 1:
        out = out.reshape(out.shape[:-2] + out.shape[-1:])  # drop the vector's row axis
    if b.ndim == 1:
        out = out.reshape(out.shape[:-1])  # drop the vector's column axis
    return Tensor._make(out, (a, b), backward)


def cat(tensors: Iterable[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension."""
    tensors = tuple(tensors)
    edges = np.cumsum([t.shape[dim] for t in tensors])[:-1]
    return Tensor._make(
        np.concatenate([t.data for t in tensors], axis=dim),
        tensors,
        lambda g: tuple(np.split(g, edges, axis=dim)),
    )


def stack(tensors: Iterable[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along a new dimension."""
    tensors = tuple(tensors)
    return Tensor._make(
        np.stack([t.data for t in tensors], axis=dim),
        tensors,
        lambda g: tuple(np.moveaxis(g, dim, 0)),
    )


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """Elementwise choice: `a` where the boolean condition holds, else `b`."""
    cond = as_array(condition).astype(bool)
    a_t = a if isinstance(a, Tensor) else Tensor(a)
    b_t = b if isinstance(b, Tensor) else Tensor(b)
    return Tensor._make(
        np.where(cond, a_t.data, b_t.data),
        (a_t, b_t),
        lambda g: (
            unbroadcast(np.where(cond, g, 0), a_t.shape),
            unbroadcast(np.where(cond, 0, g), b_t.shape),
        ),
    )
