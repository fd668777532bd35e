"""Softmax overflow: exp of a large logit is inf in floating point, so the naive formula gives inf/inf = NaN.

softmax(z) = softmax(z − c) for any constant c, so subtracting max(z) gives the same probabilities with
every exponent ≤ 0: nothing overflows. The engine's F.softmax does exactly that.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos.common import explain, floats, num, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor
from solvers.engine import functional as F


def naive(z: np.ndarray) -> np.ndarray:
    """exp(z) / Σ exp(z), computed as written (overflow allowed, warnings silenced)."""
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum()


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    dtype = np.float32 if o["dtype"] == "float32" else np.float64
    z = np.asarray(o["z"], dtype=np.float64) + o["shift"]
    zt = z.astype(dtype)
    with np.errstate(all="ignore"):
        exp_naive = np.exp(zt)
        p_naive = naive(zt)
    shifted = zt - zt.max()
    p_stable = F.softmax(Tensor(zt), dim=0).data
    limit = float(np.log(np.finfo(dtype).max))
    result = DemoResult(name)
    rows = [[f"z{i + 1}", float(a), _show(float(b)), _show(float(c)), float(d), sig(float(np.exp(d))),
             sig(float(e))] for i, (a, b, c, d, e) in enumerate(zip(zt, exp_naive, p_naive, shifted, p_stable,
                                                                       strict=True))]
    result.tables.append(Table(f"softmax of z in {o['dtype']} (exp overflows above z ≈ {limit:.2f})",
                               ["", "z", "exp(z)", "naive p", "z − max z", "exp(z − max z)", "stable p"], rows))
    # sweep: logits (m−2, m−1, m) for growing m; the naive denominator overflows to inf at m ≈ limit
    ms = np.linspace(0, 1.25 * limit, 126)
    with np.errstate(all="ignore"):
        sums_naive = [float(np.exp(np.array([m - 2, m - 1, m], dtype=dtype)).sum()) for m in ms]
    sums_stable = [float(np.exp(np.array([-2.0, -1.0, 0.0], dtype=dtype)).sum())] * len(ms)
    finite = [float(m) for m, v in zip(ms, sums_naive, strict=True) if np.isfinite(v)]
    panel = "denominator Σ exp as the logits (m−2, m−1, m) grow"
    result.series.append(Series("naive Σ exp(z) (inf beyond the overflow point: not drawn)", floats(ms), sums_naive,
                                xlabel="largest logit m", ylabel="Σ exp", yscale="log", panel=panel))
    result.series.append(Series("stable Σ exp(z − max z)", floats(ms), sums_stable, xlabel="largest logit m",
                                ylabel="Σ exp", yscale="log", panel=panel))
    result.series.append(Series("stable p", [float(i + 1) for i in range(len(z))], floats(p_stable), kind="bar",
                                xlabel="logit index", ylabel="probability",
                                panel="stable softmax of the given z (the naive one is NaN)" if not
                                np.all(np.isfinite(p_naive)) else "softmax of the given z"))
    naive_ok = bool(np.all(np.isfinite(p_naive)))
    reference = np.exp(z - z.max()) / np.exp(z - z.max()).sum()  # float64 reference
    result.facts = {"naive": floats(p_naive), "stable": floats(p_stable), "naive_finite": naive_ok,
                    "stable_sum": float(p_stable.sum()), "overflow_at": limit,
                    "last_finite_logit": float(max(finite)) if finite else None,
                    "stable_error": float(np.abs(p_stable - reference).max())}
    result.text_zh, result.text_en = explain(name, seed, (
        "softmax 存在数值溢出问题：logit 很大时 exp 溢出为 inf，inf/inf 得 NaN；先减去最大值（结果不变）即可避免。",
        "softmax can overflow: for large logits exp gives inf and inf/inf is NaN; subtracting the maximum first "
        "(which changes nothing mathematically) avoids it."),
        (f"{o['dtype']} 中 exp 在 z≈{limit:.2f} 以上溢出；朴素公式{'得到 NaN' if not naive_ok else '未溢出'}，"
         f"减最大值后概率和为 {num(float(p_stable.sum()))}，最大概率 {num(float(p_stable.max()))}。",
         f"in {o['dtype']} exp overflows above z≈{limit:.2f}; the naive formula "
         f"{'gives NaN' if not naive_ok else 'does not overflow here'}; the stable one sums to "
         f"{num(float(p_stable.sum()))}, top probability {num(float(p_stable.max()))}."))
    return result


def _show(value: float) -> Any:
    return value if not np.isfinite(value) else sig(value)
