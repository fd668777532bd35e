"""Class imbalance by hand: the metrics of a confusion matrix, and class weights from class counts."""

from __future__ import annotations

from typing import Any

from solvers import checks
from solvers.errors import SolverError


def _ratio(num: float, den: float) -> float:
    # An undefined ratio (no predicted or no actual positives) counts as 0, as scikit-learn's zero_division=0.
    return num / den if den else 0.0


def confusion_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, Any]:
    """Accuracy, precision, recall, F1 and balanced accuracy of a binary classifier, positives the minority.

    Under imbalance accuracy hides a useless model: predicting "negative" for 990 negatives and 10 positives
    scores 0.99, with recall 0 and balanced accuracy 0.5. A ratio whose denominator is 0 is reported as 0
    (scikit-learn's zero_division=0).

    Args:
        tp: true positives.
        fp: false positives.
        fn: false negatives.
        tn: true negatives.

    Returns:
        accuracy, precision, recall (sensitivity), specificity, f1, balanced_accuracy (mean of recall and
        specificity), support_pos (tp + fn), support_neg (fp + tn).

    Raises:
        SolverError: a negative count, or no samples at all.
    """
    tp, fp, fn, tn = (checks.non_negative(n, v) for n, v in (("tp", tp), ("fp", fp), ("fn", fn), ("tn", tn)))
    total = tp + fp + fn + tn
    if total == 0:
        raise SolverError("the confusion matrix is empty: tp + fp + fn + tn must be positive")
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    specificity = _ratio(tn, tn + fp)
    return {
        "accuracy": (tp + tn) / total,
        "precision": precision,
        "recall": recall,
        "specificity": specificity,
        "f1": _ratio(2 * precision * recall, precision + recall),
        "balanced_accuracy": (recall + specificity) / 2,
        "support_pos": tp + fn,
        "support_neg": fp + tn,
    }


def class_balance(negatives: int, positives: int) -> dict[str, Any]:
    """Loss weights that balance two classes, from their sample counts.

    PyTorch's BCEWithLogitsLoss documentation sets pos_weight = negatives/positives: each positive term is
    multiplied by it, so both classes weigh the same in the summed loss. scikit-learn's "balanced" class
    weights are n/(2·n_c) per class, the same ratio normalised so that the average weight per sample is 1.

    Args:
        negatives: samples of the negative (majority) class.
        positives: samples of the positive class.

    Returns:
        pos_weight, positive_fraction, imbalance (majority/minority count), weight_neg and weight_pos
        (the balanced weights).

    Raises:
        SolverError: a class with no samples.
    """
    neg = checks.positive("negatives", negatives)
    pos = checks.positive("positives", positives)
    n = neg + pos
    return {
        "pos_weight": neg / pos,
        "positive_fraction": pos / n,
        "imbalance": max(neg, pos) / min(neg, pos),
        "weight_neg": n / (2 * neg),
        "weight_pos": n / (2 * pos),
    }
