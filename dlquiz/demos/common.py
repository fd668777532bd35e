"""Shared by the computation modules: seeding, NumPy-to-list conversion, and the explanation text.

Every explanation names the course claim, cites the seed file (course material) it comes from with a
verbatim quote, and states the run's random seed, so a student can rerun exactly what they read.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import solvers.engine as E

SEED_001 = "001_cb29d83191276011.txt"
SEED_000 = "000_77a6c802817d6fa4.txt"

# demonstration -> (seed file, section, verbatim quote); tests check each quote against the seed files.
SOURCES: dict[str, tuple[str, str, str]] = {
    "activations": (SEED_001, "7. 激活函数", "Sigmoid 容易陷入饱和区, 在区域内梯度几乎为零"),
    "vanishing-gradients": (SEED_001, "13. 梯度消失和梯度爆炸", "使用 ReLU 及其变种作为激活函数"),
    "exploding-gradients": (SEED_001, "13. 梯度消失和梯度爆炸", "梯度值变得非常大"),
    "init": (SEED_001, "10. 权重初始化", "对于使用 ReLU 及其变体"),
    "softmax-overflow": (SEED_001, "7. 激活函数", "存在数值溢出问"),
    "losses": (SEED_000, "Q04 MAE 的优缺点分析", "MAE 对异常值(outliers)不敏感"),
    "fitting": (SEED_001, "12. 欠拟合和过拟合", "模型在训练集上表现良好,但不能"),
    "regularization": (SEED_001, "11. 正则化: 防止过拟合", "在训练过程中随机失活部分神经元(输出0)"),
    "batchnorm": (SEED_001, "11. 批量规范化", "通过对每个小批量样本进行归一化,使输入特征具有零均值和单位方差"),
    "conv": (SEED_001, "5. 卷积计算过程", "N_1 = \\frac{N_0 + 2P - F}{S} + 1"),
    "pooling": (SEED_000, "Q01 3. 池化层", "在一定程度上对特征具有平移不变性"),
    "receptive-field": (SEED_001, "5. 实例", "小卷积核(感受野上, 3个3×3=1个7×7)"),
    "attention": (SEED_001, "15. 注意力机制 / 16. Transformer", "确保模型在生成序列时不依赖未来信息"),
    "lstm": (SEED_001, "14. 循环神经网络", "GRU和 LSTM 相比于传统 RNN, 主要改善了梯度消失问题"),
    "optimizers": (SEED_001, "8. 优化算法", "常用: SGD (+Momentum)、ADam、ADamW"),
    "train-cnn": (SEED_001, "5. 卷积神经网络", "卷积层: 提取局部特征"),
}


def seeded(seed: int, offset: int = 0) -> np.random.Generator:
    """A generator for data, and the engine's own generator (initialisation, dropout) reseeded too."""
    E.manual_seed(seed * 1000 + offset)
    return np.random.default_rng([seed, offset])


def floats(values: Any) -> list[float]:
    """A flat list of Python floats (NaN and infinities kept; `DemoResult.to_dict` spells them out)."""
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def grid(values: Any, digits: int = 4) -> list[list[float]]:
    """A 2-D array as rows of rounded Python floats, for heat maps."""
    array = np.asarray(values, dtype=np.float64)
    return [[round(float(v), digits) for v in row] for row in array]


def sig(value: float, digits: int = 3) -> float:
    """`value` rounded to `digits` significant figures (tables stay readable)."""
    if value == 0:
        return 0.0  # not -0.0
    if not math.isfinite(value):
        return float(value)
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def num(value: float) -> str:
    """A number for prose: 3 significant figures, exponent form only when very large or small."""
    if value == 0 or not math.isfinite(value):
        return f"{value + 0.0:g}"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.2e}".replace("e+0", "e+").replace("e-0", "e-")
    return f"{value:.3g}"


def explain(name: str, seed: int, claim: tuple[str, str], seen: tuple[str, str]) -> tuple[str, str]:
    """The zh and en explanations: the claim, what this run shows (with its numbers), the source and the seed.

    Args:
        name: the demonstration (its seed quote is looked up in SOURCES).
        seed: the run's random seed.
        claim: the course claim in zh and en.
        seen: what this run's numbers show, in zh and en.
    """
    file, section, quote = SOURCES[name]
    zh = (f"课程结论：{claim[0]}\n本次结果：{seen[0]}\n"
          f"出处：{file} §{section}：「{quote}」\n由 NumPy 引擎计算，随机种子 seed={seed}；同一 seed 结果完全相同。")
    en = (f"Course claim: {claim[1]}\nThis run: {seen[1]}\n"
          f"Source: {file} §{section}: “{quote}”\nComputed by the NumPy engine with seed={seed}; "
          "the same seed gives the same numbers.")
    return zh, en
