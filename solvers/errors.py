"""The one error type of the solvers."""


class SolverError(ValueError):
    """An impossible configuration; the message names the broken constraint."""
