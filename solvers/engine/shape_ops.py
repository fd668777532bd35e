"""Reductions, reshaping and indexing of Tensor (a mixin, kept apart so each file reads in one sitting).

Each method returns `self._make(result, parents, backward)`, exactly like the arithmetic in tensor.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from solvers.engine.tensor import Tensor


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a gradient over the axes that broadcasting added or stretched, so it matches `shape`."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, n in enumerate(shape) if n == 1 and grad.shape[i + extra] != 1
    )
    return grad.sum(axis=axes, keepdims=True).reshape(shape)


class ShapeOps:
    """Methods of Tensor that reduce, reshape, reorder or index its data."""

    __slots__ = ()

    data: np.ndarray
    _make: Callable[..., Tensor]  # Tensor._make: result, parents, backward
    shape: tuple[int, ...]
    ndim: int

    # ----- reductions -----------------------------------------------------------------------------
    def sum(self, dim: int | Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        axes = _axes(dim, self.ndim)
        out = self.data.sum(axis=axes, keepdims=keepdim)
        return self._make(
            np.asarray(out), (self,), lambda g: (np.broadcast_to(_keep(g, axes, keepdim), self.shape),)
        )

    def mean(self, dim: int | Sequence[int] | None = None, keepdim: bool = False) -> Tensor:
        return self.sum(dim, keepdim) / _count(self.shape, _axes(dim, self.ndim))

    def var(
        self, dim: int | Sequence[int] | None = None, unbiased: bool = True, keepdim: bool = False
    ) -> Tensor:
        count = _count(self.shape, _axes(dim, self.ndim))
        centred = self - self.mean(dim, keepdim=True)
        return (centred * centred).sum(dim, keepdim) / (count - 1 if unbiased else count)

    def max(self, dim: int | None = None, keepdim: bool = False) -> Any:
        """The largest value; with `dim`, a (values, indices) pair as in PyTorch."""
        return self._extreme(dim, keepdim, np.argmax)

    def min(self, dim: int | None = None, keepdim: bool = False) -> Any:
        """The smallest value; with `dim`, a (values, indices) pair as in PyTorch."""
        return self._extreme(dim, keepdim, np.argmin)

    def _extreme(self, dim: int | None, keepdim: bool, arg: Callable[..., np.ndarray]) -> Any:
        if dim is None:
            value = self.data.max() if arg is np.argmax else self.data.min()
            ties = self.data == value  # PyTorch splits the gradient evenly between tied extremes
            return self._make(np.asarray(value), (self,), lambda g: (g * ties / ties.sum(),))
        index = np.expand_dims(arg(self.data, axis=dim), dim)
        values = np.take_along_axis(self.data, index, axis=dim)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            full = np.zeros_like(self.data)
            np.put_along_axis(full, index, g if keepdim else np.expand_dims(g, dim), axis=dim)
            return (full,)

        values_t = self._make(values if keepdim else values.squeeze(dim), (self,), backward)
        return values_t, self._make(index if keepdim else index.squeeze(dim), (), None)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        if dim is None:
            return self._make(np.asarray(self.data.argmax()), (), None)
        index = self.data.argmax(axis=dim)
        return self._make(np.expand_dims(index, dim) if keepdim else index, (), None)

    # ----- shape ----------------------------------------------------------------------------------
    def reshape(self, *shape: Any) -> Tensor:
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return self._make(self.data.reshape(shape), (self,), lambda g: (g.reshape(self.shape),))

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        start, end = start_dim % max(self.ndim, 1), end_dim % max(self.ndim, 1)
        return self.reshape(*self.shape[:start], -1, *self.shape[end + 1 :])

    def squeeze(self, dim: int | None = None) -> Tensor:
        if dim is None:
            return self.reshape(*(n for n in self.shape if n != 1))
        return self.reshape(*np.squeeze(self.data, dim).shape) if self.shape[dim] == 1 else self

    def unsqueeze(self, dim: int) -> Tensor:
        return self.reshape(*np.expand_dims(self.data, dim).shape)

    def expand(self, *shape: int) -> Tensor:
        shape = tuple(
            old if new == -1 else new
            for old, new in zip((1,) * (len(shape) - self.ndim) + self.shape, shape, strict=True)
        )
        return self._make(np.broadcast_to(self.data, shape), (self,), lambda g: (unbroadcast(g, self.shape),))

    def permute(self, *dims: Any) -> Tensor:
        dims = tuple(dims[0]) if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        inverse = np.argsort(dims)
        return self._make(self.data.transpose(dims), (self,), lambda g: (g.transpose(inverse),))

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return self._make(
            np.swapaxes(self.data, dim0, dim1), (self,), lambda g: (np.swapaxes(g, dim0, dim1),)
        )

    @property
    def T(self) -> Tensor:
        return self.permute(*reversed(range(self.ndim)))

    def __getitem__(self, index: Any) -> Tensor:
        index = _plain_index(index)
        advanced = any(
            isinstance(i, (np.ndarray, list)) for i in (index if isinstance(index, tuple) else (index,))
        )

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            full = np.zeros_like(self.data)
            if advanced:
                np.add.at(full, index, g)  # an index may repeat, so its gradients must add up
            else:
                full[index] = g
            return (full,)

        return self._make(self.data[index], (self,), backward)


def _plain_index(index: Any) -> Any:
    """An index with Tensors replaced by their arrays."""
    if isinstance(index, tuple):
        return tuple(i.data if isinstance(i, ShapeOps) else i for i in index)
    return index.data if isinstance(index, ShapeOps) else index


def _axes(dim: int | Sequence[int] | None, ndim: int) -> tuple[int, ...] | None:
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return tuple(d % ndim for d in dims)


def _count(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> int:
    """How many elements a reduction over `axes` combines."""
    return int(np.prod(shape if axes is None else [shape[a] for a in axes]))


def _keep(grad: np.ndarray, axes: tuple[int, ...] | None, keepdim: bool) -> np.ndarray:
    """A reduced gradient with the reduced axes put back as size 1, ready to broadcast."""
    if keepdim or axes is None:
        return grad
    return np.expand_dims(grad, axes)
