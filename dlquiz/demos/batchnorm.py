"""Batch normalisation: train mode normalises with the batch's own statistics, eval mode with running ones.

In training each output depends on the other samples of its batch (with a batch of 2 every output is ±1);
the running mean and variance follow the data by exponential averaging (momentum) and are what eval mode
uses, so one sample gets one answer. LayerNorm normalises each sample over its features instead: no batch
dependence, no running statistics, the same in both modes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos.common import explain, floats, num, seeded, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, nn, no_grad

MEANS = np.array([3.0, -1.0, 0.5, 10.0])
STDS = np.array([2.0, 0.5, 1.0, 4.0])


def batch(rng: np.random.Generator, size: int) -> np.ndarray:
    return (MEANS + STDS * rng.standard_normal((size, MEANS.size))).astype(np.float32)


@no_grad()
def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    rng = seeded(seed, 1)
    bn = nn.BatchNorm1d(MEANS.size, momentum=o["momentum"])
    means, variances = [], []
    for _ in range(o["steps"]):
        bn(Tensor(batch(rng, o["batch_size"])))
        means.append(bn.running_mean.copy())
        variances.append(bn.running_var.copy())
    result = DemoResult(name)
    steps = [float(s) for s in range(1, o["steps"] + 1)]
    for k in (0, 3):
        result.series.append(Series(f"running_mean[{k}]", steps, [float(m[k]) for m in means], xlabel="training batch",
                                    ylabel="running mean", panel="running mean (true means 3 and 10)"))
        result.series.append(Series(f"running_var[{k}]", steps, [float(v[k]) for v in variances],
                                    xlabel="training batch", ylabel="running variance",
                                    panel="running variance (true variances 4 and 16)"))
    probe = batch(rng, o["batch_size"])
    # the same first sample inside a different batch: its train-mode output changes, its eval-mode one does not
    other = np.concatenate([probe[:1], batch(rng, o["batch_size"] - 1)])
    eval_out, eval_other = bn.eval()(Tensor(probe)).data, bn(Tensor(other)).data
    running_mean, running_var = bn.running_mean.copy(), bn.running_var.copy()
    train_out, train_other = bn.train()(Tensor(probe)).data, bn(Tensor(other)).data  # (these update the stats)
    shown = min(o["batch_size"], 8)
    result.tables.append(Table(f"Feature 1 (μ = 3, σ = 2) of a batch of {o['batch_size']}" +
                               (f", first {shown} samples" if shown < o["batch_size"] else ""),
                               ["sample", "input", "train-mode output", "eval-mode output"],
                               [[i + 1, *(sig(float(a[i, 0])) for a in (probe, train_out, eval_out))]
                                for i in range(shown)]))
    facts: dict[str, Any] = {
        "running_mean": floats(running_mean), "running_var": floats(running_var),
        "true_mean": floats(MEANS), "true_var": floats(STDS**2),
        "train_batch_mean": floats(train_out.mean(axis=0)), "train_batch_std": floats(train_out.std(axis=0)),
        "eval_batch_mean": floats(eval_out.mean(axis=0)), "eval_batch_std": floats(eval_out.std(axis=0)),
        "train_vs_eval": float(np.abs(train_out - eval_out).max()),
        "batch_dependence": {"batch": {"train": float(np.abs(train_out[0] - train_other[0]).max()),
                                       "eval": float(np.abs(eval_out[0] - eval_other[0]).max())}},
        "train_abs_output": floats(np.abs(train_out).ravel()),
    }
    rows = [["BatchNorm", sig(facts["train_vs_eval"]), sig(facts["batch_dependence"]["batch"]["train"]),
             sig(facts["batch_dependence"]["batch"]["eval"]), "yes"]]
    if "layer" in o["compare"]:
        ln = nn.LayerNorm(MEANS.size)
        ln_train, ln_eval = ln.train()(Tensor(probe)).data, ln.eval()(Tensor(probe)).data
        ln_other = ln(Tensor(other)).data
        facts["layernorm_train_vs_eval"] = float(np.abs(ln_train - ln_eval).max())
        facts["batch_dependence"]["layer"] = {"train": float(np.abs(ln_train[0] - ln_other[0]).max()),
                                              "eval": float(np.abs(ln_eval[0] - ln_other[0]).max())}
        facts["layernorm_sample_mean"] = floats(ln_train.mean(axis=1))
        layer = facts["batch_dependence"]["layer"]
        rows.append(["LayerNorm", sig(facts["layernorm_train_vs_eval"]), sig(layer["train"]), sig(layer["eval"]), "no"])
    result.tables.append(Table("Train vs eval, and dependence on the rest of the batch",
                               ["layer", "max |train − eval|", "sample 1 moved by its batch (train)",
                                "(eval)", "running stats"], rows))
    result.tables.append(Table(f"Running statistics after {o['steps']} batches (momentum {o['momentum']:g})",
                               ["feature", "true mean", "running_mean", "true var", "running_var"],
                               [[k + 1, float(MEANS[k]), sig(float(running_mean[k])), float(STDS[k] ** 2),
                                 sig(float(running_var[k]))] for k in range(MEANS.size)]))
    result.facts = facts
    result.text_zh, result.text_en = explain(name, seed, (
        "BatchNorm 对每个小批量归一化，使特征零均值、单位方差；训练时用当前批的统计量（输出依赖同批其他样本），推理时用"
        "滑动平均的 running mean/var。",
        "BatchNorm normalises each mini-batch to zero mean and unit variance; training uses the batch's own "
        "statistics (so an output depends on the other samples), inference uses the running mean and variance."),
        (f"训练模式输出的批均值 {num(facts['train_batch_mean'][0])}、标准差 {num(facts['train_batch_std'][0])}；"
         f"训练与推理输出最多相差 {num(facts['train_vs_eval'])}；"
         f"running_mean[0] = {num(facts['running_mean'][0])}（真值 3）。",
         f"train-mode outputs have batch mean {num(facts['train_batch_mean'][0])} and std "
         f"{num(facts['train_batch_std'][0])}; train and eval outputs differ by up to {num(facts['train_vs_eval'])}; "
         f"running_mean[0] = {num(facts['running_mean'][0])} (true 3)."))
    return result
