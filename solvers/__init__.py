"""Closed-form solvers for the course's numbers (shapes, parameters, FLOPs) and a NumPy autograd engine.

This package never imports `dlquiz`, `rich` or `textual`.
"""

from solvers.errors import SolverError

__all__ = ["SolverError"]
