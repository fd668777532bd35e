"""Convolution: an edge-detection kernel slid over a small image, and the output size computed two ways.

The formula ⌊(n + 2p − k)/s⌋ + 1 comes from `solvers.conv2d`; the engine's F.conv2d produces an actual
output whose shape must agree. A vertical-edge kernel (−1 left, +1 right) answers where brightness changes
from left to right and is 0 on flat regions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import solvers
from dlquiz.demos.common import explain, grid, num
from dlquiz.demos.result import DemoResult, Heatmap, Table
from solvers.engine import Tensor
from solvers.engine import functional as F

SHOW_AT_MOST = 24  # larger images are described by their shapes only


def image(n: int) -> np.ndarray:
    """A bright square on a dark background (a right half when n < 4)."""
    img = np.zeros((n, n))
    if n < 4:
        img[:, n // 2:] = 1.0
    else:
        img[n // 4: n - n // 4, n // 4: n - n // 4] = 1.0
    return img


def kernel(kind: str, k: int) -> np.ndarray:
    """A k×k kernel: vertical / horizontal edges (−1 on one side, +1 on the other), Laplacian, or box blur."""
    if kind in ("vertical", "horizontal"):
        row = np.sign(np.arange(k) - (k - 1) / 2)
        w = np.tile(row, (k, 1))
        return w if kind == "vertical" else w.T
    if kind == "laplacian":
        w = -np.ones((k, k))
        w[k // 2, k // 2] = k * k - 1
        return w
    return np.ones((k, k)) / (k * k)


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    n, k, p, s = o["n"], o["k"], o["p"], o["s"]
    img, w = image(n), kernel(o["kernel"], k)
    out = F.conv2d(Tensor(img[None, None]), Tensor(w[None, None]), None, stride=s, padding=p).data[0, 0]
    solved = solvers.conv2d(input_shape=(1, n, n), out_channels=1, kernel_size=k, stride=s, padding=p)
    assert solved.output_shape is not None
    step = solved.steps[0]
    result = DemoResult(name)
    result.tables.append(Table("Output size: formula beside engine", ["", "by formula (solvers.conv2d)",
                                                                      "by engine (F.conv2d)"],
                               [["output H×W", f"{solved.output_shape[1]}×{solved.output_shape[2]}",
                                 f"{out.shape[0]}×{out.shape[1]}"],
                                ["how", f"{step.substitution} = {step.value}", "slide the kernel and count"]]))
    if step.note:
        result.tables.append(Table("Note", ["course form"], [[step.note]]))
    labels = [str(i) for i in range(n)]
    if n <= SHOW_AT_MOST:
        result.heatmaps.append(Heatmap(f"input image {n}×{n}" + (f" (zero padding {p} not drawn)" if p else ""),
                                       grid(img, 2), labels, labels))
    result.heatmaps.append(Heatmap(f"{o['kernel']} kernel {k}×{k}", grid(w, 3), [str(i) for i in range(k)],
                                   [str(i) for i in range(k)]))
    if max(out.shape) <= SHOW_AT_MOST:
        result.heatmaps.append(Heatmap(f"output {out.shape[0]}×{out.shape[1]} (stride {s}, padding {p})",
                                       grid(out, 3), [str(i) for i in range(out.shape[0])],
                                       [str(i) for i in range(out.shape[1])]))
    strongest = np.unravel_index(int(np.abs(out).argmax()), out.shape)
    result.facts = {"solver_out": list(solved.output_shape[1:]), "engine_out": list(out.shape),
                    "agree": list(solved.output_shape[1:]) == list(out.shape),
                    "output": grid(out, 6) if out.size <= 4096 else None,
                    "strongest_at": [int(strongest[0]), int(strongest[1])], "strongest": float(np.abs(out).max()),
                    "zero_fraction": float(np.mean(np.abs(out) < 1e-9))}
    result.text_zh, result.text_en = explain(name, seed, (
        "卷积层提取局部特征：边缘检测核只在亮度变化处有响应，平坦区域输出 0；输出尺寸 N₁ = ⌊(N₀ + 2P − F)/S⌋ + 1。",
        "A convolution extracts local features: an edge kernel responds only where brightness changes and gives 0 "
        "on flat regions; the output size is N₁ = ⌊(N₀ + 2P − F)/S⌋ + 1."),
        (f"公式得 {solved.output_shape[1]}×{solved.output_shape[2]}，引擎实际输出 {out.shape[0]}×{out.shape[1]}；"
         f"{num(100 * result.facts['zero_fraction'])}% 的输出为 0，最强响应 {num(result.facts['strongest'])}。",
         f"the formula gives {solved.output_shape[1]}×{solved.output_shape[2]}, the engine's output is "
         f"{out.shape[0]}×{out.shape[1]}; {num(100 * result.facts['zero_fraction'])}% of the outputs are 0, the "
         f"strongest response is {num(result.facts['strongest'])}."))
    return result
