"""Engine versus PyTorch on CPU: time ratios (engine / torch) for the layers the course trains live.

Same thread count for both (NumPy's BLAS threads), float32, the best of several blocks of runs.
Targets: convolution <= 3x, MLP training step <= 1.5x, LSTM <= 4x.
LeNet's first layer sees images, so no input gradient is computed there; the VGG layer sits mid-network,
so its input gradient (a transposed convolution) is part of the backward pass, as in torch.
Also prints the engine's convolution GFLOP/s beside NumPy's float32 matmul GFLOP/s on this machine.
Needs torch (a test-only dependency).

    python benchmarks/engine_vs_torch.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from solvers.engine import Tensor, nn, optim
from solvers.engine import functional as F


def blas_threads() -> int:
    """Threads of NumPy's BLAS: threadpoolctl if present, else the usual variables, else all cores."""
    try:
        from threadpoolctl import threadpool_info

        counts = [pool["num_threads"] for pool in threadpool_info() if pool.get("user_api") == "blas"]
        if counts:
            return int(counts[0])
    except ImportError:
        pass
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name, "").isdigit():
            return int(os.environ[name])
    return os.cpu_count() or 1


def best_seconds(fns: list[Callable[[], object]], repeats: int, rounds: int = 3) -> list[float]:
    """The fastest run of each function over `rounds` rounds of `repeats` back-to-back runs.

    The minimum, not the mean, because other processes only ever add time to a run. Runs come in blocks,
    not alternating, because both libraries' worker threads keep spinning for a while after a call and
    would slow down whichever library runs next; the first runs of each block absorb that.
    """
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            fn()  # warm-up
            for _ in range(repeats):
                start = time.perf_counter()
                fn()
                best[i] = min(best[i], time.perf_counter() - start)
    return best


def conv_case(
    torch: object, n: int, c: int, o: int, size: int, k: int, padding: int, input_grad: bool
) -> tuple:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c, size, size), dtype=np.float32)
    w = rng.standard_normal((o, c, k, k), dtype=np.float32) * 0.1
    b = rng.standard_normal(o, dtype=np.float32)
    out_size = size + 2 * padding - k + 1
    g = rng.standard_normal((n, o, out_size, out_size), dtype=np.float32)
    ex, ew, eb = (
        Tensor(x, requires_grad=input_grad),
        Tensor(w, requires_grad=True),
        Tensor(b, requires_grad=True),
    )
    tx = torch.tensor(x, requires_grad=input_grad)
    tw, tb = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
    tg = torch.from_numpy(g)

    def engine() -> None:
        ew.grad = eb.grad = ex.grad = None
        F.conv2d(ex, ew, eb, padding=padding).backward(g)

    def reference() -> None:
        tw.grad = tb.grad = tx.grad = None
        torch.nn.functional.conv2d(tx, tw, tb, padding=padding).backward(tg)

    flops = 2 * n * o * out_size * out_size * c * k * k * (3 if input_grad else 2)
    return engine, reference, flops


def mlp_case(torch: object) -> tuple:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 784), dtype=np.float32)
    y = rng.integers(0, 10, 128)
    ours = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    theirs = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt_ours = optim.SGD(ours.parameters(), lr=0.01, momentum=0.9)
    opt_theirs = torch.optim.SGD(theirs.parameters(), lr=0.01, momentum=0.9)
    ex, tx, ty = Tensor(x), torch.from_numpy(x), torch.from_numpy(y)

    def engine() -> None:
        opt_ours.zero_grad()
        F.cross_entropy(ours(ex), y).backward()
        opt_ours.step()

    def reference() -> None:
        opt_theirs.zero_grad()
        torch.nn.functional.cross_entropy(theirs(tx), ty).backward()
        opt_theirs.step()

    return engine, reference


def lstm_case(torch: object) -> tuple:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50, 32, 64), dtype=np.float32)
    g = rng.standard_normal((50, 32, 128), dtype=np.float32)
    ours, theirs = nn.LSTM(64, 128), torch.nn.LSTM(64, 128)
    ex, tx, tg = Tensor(x), torch.from_numpy(x), torch.from_numpy(g)

    def engine() -> None:
        ours.zero_grad()
        ours(ex)[0].backward(g)

    def reference() -> None:
        theirs.zero_grad()
        theirs(tx)[0].backward(tg)

    return engine, reference


def matmul_gflops(repeats: int) -> float:
    a = np.random.default_rng(0).standard_normal((1024, 1024), dtype=np.float32)
    return 2 * 1024**3 / best_seconds([lambda: a @ a], repeats)[0] / 1e9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=int, default=10, help="timed runs per block (the fastest is reported)"
    )
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("error: this benchmark compares against PyTorch; install torch==2.13.0", file=sys.stderr)
        return 2
    threads = blas_threads()
    torch.set_num_threads(threads)
    print(f"threads: {threads} (NumPy BLAS and torch), float32, best of 3 blocks of {args.repeats} runs")
    rows = []
    conv_rate = {}
    cases = {
        "conv2d LeNet-1 fwd+bwd (64x1x28x28, 1->6, k5)": (*conv_case(torch, 64, 1, 6, 28, 5, 0, False), 3.0),
        "conv2d VGG fwd+bwd (32x64x32x32, 64->64, k3 p1)": (
            *conv_case(torch, 32, 64, 64, 32, 3, 1, True),
            3.0,
        ),
        "MLP step 784-256-10 (N=128, cross-entropy, SGD)": (*mlp_case(torch), None, 1.5),
        "LSTM fwd+bwd (N=32, T=50, 64->128)": (*lstm_case(torch), None, 4.0),
    }
    for name, (engine, reference, flops, target) in cases.items():
        ours, theirs = best_seconds([engine, reference], args.repeats)
        rows.append((name, ours, theirs, ours / theirs, target))
        if flops:
            conv_rate[name] = flops / ours / 1e9
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  engine ms  torch ms  ratio  target")
    for name, ours, theirs, ratio, target in rows:
        verdict = "ok" if ratio <= target else "MISSED"
        print(
            f"{name:<{width}}  {ours * 1e3:9.2f}  {theirs * 1e3:8.2f}  {ratio:5.2f}  <= {target:<4} {verdict}"
        )
    print(f"NumPy float32 matmul (1024^3): {matmul_gflops(args.repeats):.1f} GFLOP/s")
    for name, rate in conv_rate.items():
        print(f"engine {name.split(' (')[0]}: {rate:.1f} GFLOP/s")
    print("ratios engine/torch: " + ", ".join(f"{r[0].split(' (')[0]} {r[3]:.2f}x" for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
