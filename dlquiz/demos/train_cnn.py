"""Training LeNet on the generated digit images, with a live loss curve and the final test accuracy.

The network is benchmarks/train_cnn.py's LeNet-5 shape for 16×16 inputs (with ReLU; the original LeNet used
sigmoid-like activations, as the seed notes). Progress messages carry the loss (`Progress.values`), so a
front end can draw the curve while it trains.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos import Progress
from dlquiz.demos.common import explain, num, seeded, sig
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from solvers.engine import Tensor, datasets, nn, no_grad, optim
from solvers.engine import functional as F


def lenet() -> nn.Sequential:
    """Two conv/pool stages, then three fully connected layers (LeNet-5's shape for 16×16 inputs)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),  # 6×16×16 → 6×8×8
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),  # 16×4×4 → 16×2×2
        nn.Flatten(), nn.Linear(64, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )


@no_grad()
def predict(model: nn.Module, images: np.ndarray) -> np.ndarray:
    model.eval()
    out = np.concatenate([model(Tensor(images[i:i + 500])).data.argmax(axis=1) for i in range(0, len(images), 500)])
    model.train()
    return out


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    (x_train, y_train), (x_test, y_test) = datasets.train_test(o["train"], o["test"], seed=seed)
    rng = seeded(seed, 1)
    model = lenet()
    opt = optim.Adam(model.parameters(), lr=o["lr"])
    per_epoch = -(-o["train"] // o["batch"])
    total = per_epoch * o["epochs"]
    losses: list[float] = []
    epoch_rows = []
    step = 0
    for epoch in range(1, o["epochs"] + 1):
        order = rng.permutation(o["train"])
        running = 0.0
        for begin in range(0, o["train"], o["batch"]):
            batch = order[begin:begin + o["batch"]]
            opt.zero_grad()
            loss = F.cross_entropy(model(Tensor(x_train[batch])), y_train[batch])
            loss.backward()
            opt.step()
            step += 1
            losses.append(float(loss.item()))
            running += losses[-1] * len(batch)
            progress(step, total, Progress(f"epoch {epoch}/{o['epochs']} · loss {losses[-1]:.3f}", loss=losses[-1],
                                           step=step, epoch=epoch))
        accuracy = float((predict(model, x_test) == y_test).mean())
        epoch_rows.append([epoch, sig(running / o["train"]), accuracy])
    predicted = predict(model, x_test)
    accuracy = float((predicted == y_test).mean())
    confusion = np.zeros((10, 10))
    np.add.at(confusion, (y_test, predicted), 1)
    result = DemoResult(name)
    result.series.append(Series("training loss", [float(i) for i in range(1, len(losses) + 1)], losses,
                                xlabel="batch", ylabel="cross-entropy", panel="training loss per batch"))
    result.tables.append(Table(f"LeNet on {o['train']} glyph images, tested on {o['test']}",
                               ["epoch", "mean training loss", "test accuracy"], epoch_rows))
    digits = [str(d) for d in range(10)]
    result.heatmaps.append(Heatmap("confusion matrix (rows: true digit, columns: predicted)",
                                   confusion.tolist(), digits, digits))
    result.facts = {"accuracy": accuracy, "losses": losses, "epoch_accuracy": [r[2] for r in epoch_rows],
                    "parameters": sum(p.data.size for p in model.parameters())}
    result.text_zh, result.text_en = explain(name, seed, (
        "CNN 由卷积层（提取局部特征）、池化层（降低特征维度）和全连接层组成；在图像分类上训练后准确率很高。",
        "A CNN stacks convolution layers (local features), pooling layers (smaller feature maps) and fully connected "
        "layers; trained on images it classifies them accurately."),
        (f"{o['epochs']} 轮训练后测试准确率 {num(100 * accuracy)}%（随机猜 10%），"
         f"共 {result.facts['parameters']} 个参数。",
         f"after {o['epochs']} epochs the test accuracy is {num(100 * accuracy)}% (chance 10%), with "
         f"{result.facts['parameters']} parameters."))
    return result
