"""Train a LeNet-style CNN with the engine on generated glyphs; print test accuracy and seconds.

Target: at least 95% test accuracy within 30 seconds on a 2-core machine. No downloads: the images
come from `solvers.engine.datasets` (10 classes of 16×16 digits with shifts and noise).

    python benchmarks/train_cnn.py [--epochs N] [--train N] [--seed S]

BLAS runs on one thread unless OPENBLAS_NUM_THREADS says otherwise: LeNet's matrices are small, so a
second thread gains little, and on a busy machine its spin-waiting costs several times the work
(measured here under load: 44 s with two threads, 11 s with one).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

if "OPENBLAS_NUM_THREADS" not in os.environ:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read once, when NumPy is imported

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import solvers.engine as E
from solvers.engine import Tensor, datasets, nn, no_grad, optim
from solvers.engine import functional as F


def lenet() -> nn.Sequential:
    """LeNet-5's shape for 16×16 inputs: two conv/pool stages, then three fully connected layers."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),  # 6×16×16
        nn.ReLU(),
        nn.MaxPool2d(2),  # 6×8×8
        nn.Conv2d(6, 16, 5),  # 16×4×4
        nn.ReLU(),
        nn.MaxPool2d(2),  # 16×2×2
        nn.Flatten(),
        nn.Linear(64, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )


@no_grad()
def accuracy(model: nn.Module, images: np.ndarray, labels: np.ndarray, batch: int = 500) -> float:
    model.eval()
    correct = 0
    for start in range(0, len(images), batch):
        logits = model(Tensor(images[start : start + batch]))
        correct += int((logits.data.argmax(axis=1) == labels[start : start + batch]).sum())
    model.train()
    return correct / len(images)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--train", type=int, default=8000, help="training images")
    parser.add_argument("--test", type=int, default=2000, help="test images")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if min(args.epochs, args.train, args.test, args.batch) <= 0:
        print("error: --epochs, --train, --test and --batch must be positive", file=sys.stderr)
        return 2
    print(f"BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}")
    start = time.perf_counter()
    (x_train, y_train), (x_test, y_test) = datasets.train_test(args.train, args.test, seed=args.seed)
    E.manual_seed(args.seed)
    model = lenet()
    optimizer = optim.Adam(model.parameters(), lr=3e-3)
    rng = np.random.default_rng(args.seed)
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(args.train)
        total = 0.0
        for begin in range(0, args.train, args.batch):
            batch = order[begin : begin + args.batch]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(Tensor(x_train[batch])), y_train[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        mean_loss, test_accuracy = total / args.train, accuracy(model, x_test, y_test)
        elapsed = time.perf_counter() - start
        print(f"epoch {epoch}: loss {mean_loss:.4f}, test accuracy {test_accuracy:.2%}, {elapsed:.1f} s")
    seconds = time.perf_counter() - start
    print(
        f"test accuracy {accuracy(model, x_test, y_test):.2%} in {seconds:.1f} s (target: >= 95% in <= 30 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
