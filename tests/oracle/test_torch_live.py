"""Fresh random configurations of every solver, valid and invalid, checked against PyTorch itself."""

from __future__ import annotations

import random

import oracle_cases
import pytest

PER_KIND = 50  # 25 kinds × 50 = 1,250 configurations, a few seconds on two cores


@pytest.mark.oracle
@pytest.mark.parametrize("kind", oracle_cases.LAYER_KINDS + oracle_cases.TEMPLATE_KINDS)
def test_random_configurations_agree_with_pytorch(kind: str) -> None:
    pytest.importorskip("torch")
    rng = random.Random(f"live-{kind}")
    failures = []
    for _ in range(PER_KIND):
        case = oracle_cases.draw(kind, rng)
        why = oracle_cases.agree(oracle_cases.ours(kind, case), oracle_cases.theirs(kind, case))
        if why:
            failures.append(f"{case}: {why}")
    assert not failures, "\n".join(failures[:10])


@pytest.mark.oracle
def test_the_issue_examples_against_pytorch() -> None:
    torch = pytest.importorskip("torch")
    import solvers

    lstm = torch.nn.LSTM(300, 512, num_layers=2)
    assert (
        solvers.lstm(300, 512, num_layers=2).params == sum(p.numel() for p in lstm.parameters()) == 3_768_320
    )
    for heads in (1, 2, 4, 8, 16, 32, 64, 128):
        mha = torch.nn.MultiheadAttention(128, heads)
        assert (
            solvers.multihead_attention(128, heads).params
            == sum(p.numel() for p in mha.parameters())
            == 66_048
        )
    conv = torch.nn.Conv2d(16, 32, 3, groups=4)
    r = solvers.conv2d((16, 28, 28), 32, 3, groups=4, batch=7)
    assert r.params == sum(p.numel() for p in conv.parameters()) == 1_184
    assert tuple(conv(torch.zeros(7, 16, 28, 28)).shape[1:]) == r.output_shape
    assert r.macs == 5_602_688


@pytest.mark.oracle
def test_preset_networks_match_modules_built_in_pytorch() -> None:
    """The presets' totals against the same networks built from torch.nn (torchvision's definitions)."""
    torch = pytest.importorskip("torch")
    import solvers

    nn = torch.nn

    def basic(c_in: int, c_out: int, stride: int) -> list:
        layers = [
            nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False),
            nn.BatchNorm2d(c_out),
            nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False),
            nn.BatchNorm2d(c_out),
        ]
        if stride != 1 or c_in != c_out:
            layers += [nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out)]
        return layers

    resnet = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64)]
    for c_in, c_out, stride in (
        (64, 64, 1),
        (64, 64, 1),
        (64, 128, 2),
        (128, 128, 1),
        (128, 256, 2),
        (256, 256, 1),
        (256, 512, 2),
        (512, 512, 1),
    ):
        resnet += basic(c_in, c_out, stride)
    resnet.append(nn.Linear(512, 1000))
    assert solvers.summarize("resnet18").params == sum(p.numel() for m in resnet for p in m.parameters())

    vgg, c = [], 3
    for width, count in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(count):
            vgg.append(nn.Conv2d(c, width, 3, padding=1))
            c = width
    vgg += [nn.Linear(512 * 49, 4096), nn.Linear(4096, 4096), nn.Linear(4096, 1000)]
    assert solvers.summarize("vgg16").params == sum(p.numel() for m in vgg for p in m.parameters())

    alexnet = nn.Sequential(
        nn.Conv2d(3, 64, 11, 4, 2),
        nn.ReLU(),
        nn.MaxPool2d(3, 2),
        nn.Conv2d(64, 192, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(3, 2),
        nn.Conv2d(192, 384, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(256, 256, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(3, 2),
        nn.AdaptiveAvgPool2d(6),
        nn.Flatten(),
        nn.Linear(256 * 36, 4096),
        nn.ReLU(),
        nn.Linear(4096, 4096),
        nn.ReLU(),
        nn.Linear(4096, 1000),
    )
    summary = solvers.summarize("alexnet")
    assert summary.params == sum(p.numel() for p in alexnet.parameters())
    x = torch.zeros(1, 3, 224, 224)
    for row, module in zip([r for r in summary.rows if r.layer != "dropout"], alexnet, strict=True):
        x = module(x)
        assert tuple(x.shape[1:]) == row.output_shape, row.layer
