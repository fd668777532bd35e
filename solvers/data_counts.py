"""What one pass over the data yields: batches per epoch, next-token targets, and BERT's masked tokens."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from solvers import checks
from solvers.errors import SolverError


def epoch_iterations(samples: int, batch_size: int, drop_last: bool = False) -> dict[str, Any]:
    """Parameter updates in one epoch, as len(torch.utils.data.DataLoader(dataset, batch_size, drop_last)).

    One update per mini-batch: ⌈N/B⌉ batches when the last, incomplete one is kept (PyTorch's default
    drop_last=False), ⌊N/B⌋ when it is dropped.

    Args:
        samples: N, the samples in the training set.
        batch_size: B.
        drop_last: whether an incomplete last batch is dropped.

    Returns:
        iterations, full_batches (⌊N/B⌋), last_batch (the size of the last batch used), dropped (samples
        not seen in the epoch).

    Raises:
        SolverError: a non-positive size.
    """
    n = checks.positive("samples", samples)
    b = checks.positive("batch_size", batch_size)
    full, rest = divmod(n, b)
    if checks.flag("drop_last", drop_last) or rest == 0:
        return {"iterations": full, "full_batches": full, "last_batch": b if full else 0, "dropped": rest}
    return {"iterations": full + 1, "full_batches": full, "last_batch": rest, "dropped": 0}


def next_token_targets(tokens: int, bos: bool = False, eos: bool = False) -> dict[str, Any]:
    """Training targets that next-token prediction (GPT's objective) draws from one text of `tokens` tokens.

    Position t predicts token t + 1 from tokens 1…t, so a sequence of length L gives L − 1 targets, all taken
    from the text itself (self-supervised). A prepended <bos> lets the first real token be predicted too; an
    appended <eos> is one more target.

    Args:
        tokens: the text's length in tokens.
        bos: whether a beginning-of-sequence token is prepended.
        eos: whether an end-of-sequence token is appended.

    Returns:
        targets, seq_len (tokens with the special ones).

    Raises:
        SolverError: a non-positive length.
    """
    n = checks.positive("tokens", tokens)
    length = n + int(checks.flag("bos", bos)) + int(checks.flag("eos", eos))
    return {"targets": length - 1, "seq_len": length}


def _exact(value: Fraction) -> int | float:
    """An exact rational as an int when whole, else a float: 200·0.15·0.8 is 24, not 24.000000000000004."""
    return int(value) if value.denominator == 1 else float(value)


def _probability(name: str, value: Any) -> Fraction:
    # Through the decimal text, so that 0.15 is 15/100 exactly rather than its binary approximation.
    v = Fraction(repr(checks.number(name, value)))
    if not 0 <= v <= 1:
        raise SolverError(f"{name} must lie in [0, 1], got {float(v)}")
    return v


def mlm_masking(tokens: int, select: float = 0.15, mask: float = 0.8, random: float = 0.1) -> dict[str, Any]:
    """Expected counts of BERT's masked-language-model corruption (Devlin et al. 2019) on one sequence.

    A fraction `select` of the tokens becomes prediction targets; of those, `mask` are replaced by [MASK],
    `random` by a random token and the rest kept unchanged (80/10/10 by default). All targets are predicted,
    not only the [MASK] ones. The counts are expectations (exact fractions of the given rates).

    Args:
        tokens: the sequence length.
        select: the share of tokens chosen as targets.
        mask: the share of targets replaced by [MASK].
        random: the share of targets replaced by a random token.

    Returns:
        targets, masked, randomized, unchanged, not_targets.

    Raises:
        SolverError: a rate outside [0, 1], mask + random above 1, a non-positive length.
    """
    n = checks.positive("tokens", tokens)
    s, m, r = _probability("select", select), _probability("mask", mask), _probability("random", random)
    if m + r > 1:
        raise SolverError(f"mask + random must not exceed 1, got {float(m + r)}")
    targets = n * s
    return {
        "targets": _exact(targets),
        "masked": _exact(targets * m),
        "randomized": _exact(targets * r),
        "unchanged": _exact(targets * (1 - m - r)),
        "not_targets": _exact(n - targets),
    }
