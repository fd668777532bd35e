"""A NumPy autograd engine that mirrors PyTorch: Tensor, functional, nn, optim, init, gradcheck, hooks.

    from solvers.engine import Tensor, nn, optim
    from solvers.engine import functional as F

Importing `solvers` alone does not import this package (nor NumPy).
"""

from solvers.engine import functional, hooks, init, nn, optim
from solvers.engine.factory import manual_seed, ones, rand, randn, tensor, zeros
from solvers.engine.gradcheck import GradcheckError, gradcheck
from solvers.engine.tensor import (
    Tensor,
    cat,
    float32,
    float64,
    int64,
    is_grad_enabled,
    matmul,
    no_grad,
    stack,
    where,
)

__all__ = [
    "GradcheckError",
    "Tensor",
    "cat",
    "float32",
    "float64",
    "functional",
    "gradcheck",
    "hooks",
    "init",
    "int64",
    "is_grad_enabled",
    "manual_seed",
    "matmul",
    "nn",
    "no_grad",
    "ones",
    "optim",
    "rand",
    "randn",
    "stack",
    "tensor",
    "where",
    "zeros",
]
