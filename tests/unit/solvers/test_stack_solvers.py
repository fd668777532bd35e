"""Receptive fields, network summaries and the spec language."""

from __future__ import annotations

import pytest

import solvers
from solvers import SolverError
from solvers.netspec import parse


def test_three_3x3_layers_see_7x7() -> None:
    """Seed audit A10 and the VGG claim."""
    r = solvers.receptive_field([3, 3, 3])
    assert r.quantities["rf"] == 7 and r.quantities["rf_per_layer"] == [3, 5, 7]
    assert r.headline == ("rf", "jump")
    assert r.steps[-1].value == "7" and "27C²" in r.steps[-1].note


def test_receptive_field_with_strides_and_dilation() -> None:
    r = solvers.receptive_field([3, 2, 3, 2], [1, 2, 1, 2])
    assert r.quantities["rf_per_layer"] == [3, 4, 8, 10]
    assert r.quantities["jump_per_layer"] == [1, 2, 2, 4]
    assert solvers.receptive_field([3, 3], dilations=[1, 2]).quantities["rf"] == 7
    with pytest.raises(SolverError, match="strides has 1 value"):
        solvers.receptive_field([3, 3], [1])
    with pytest.raises(SolverError, match="at least one layer"):
        solvers.receptive_field([])


@pytest.mark.parametrize(
    ("preset", "params"),
    [("lenet5", 61_706), ("alexnet", 61_100_840), ("vgg16", 138_357_544), ("resnet18", 11_689_512)],
)
def test_presets_match_torchvision_totals(preset: str, params: int) -> None:
    assert solvers.summarize(preset).params == params


def test_resnet18_summary_rows() -> None:
    s = solvers.summarize("resnet18")
    assert s.output_shape == (1000,)
    assert s.macs == 1_814_074_344  # ≈ the 1.8 GMACs usually quoted
    block = next(r for r in s.rows if r.layer == "basicblock(128,s=2)")
    assert block.output_shape == (128, 28, 28)
    assert block.params == 230_144  # two 3×3 convs, the 1×1 projection, three BatchNorms
    assert s.rows[11].rf == 435  # the receptive field before global pooling
    assert s.rows[-1].rf == "all"


def test_spec_summary_shapes_receptive_field_and_totals() -> None:
    s = solvers.summarize(
        "conv(6,5) relu maxpool(2) conv(16,5) relu maxpool(2) flatten fc(120) relu fc(84) relu fc(10)",
        (1, 32, 32),
    )
    assert [r.output_shape for r in s.rows][:7] == [
        (6, 28, 28),
        (6, 28, 28),
        (6, 14, 14),
        (16, 10, 10),
        (16, 10, 10),
        (16, 5, 5),
        (400,),
    ]
    assert [r.rf for r in s.rows][:6] == [5, 5, 6, 14, 14, 16]
    assert s.params == 61_706 and s.macs == 423_038 and s.flops == 846_076
    d = s.to_dict()
    assert d["rows"][0] == {
        "index": 1,
        "layer": "conv(6,5)",
        "input_shape": [1, 32, 32],
        "output_shape": [6, 28, 28],
        "params": 156,
        "macs": 122_304,
        "rf": 5,
        "jump": 1,
    }


def test_spec_keywords_and_aliases() -> None:
    s = solvers.summarize(
        "conv(16,3,padding=same,bias=false) bn leakyrelu convT(8,4,s=2,p=1) gap flatten linear(10)", (3, 8, 8)
    )
    assert [r.output_shape for r in s.rows] == [
        (16, 8, 8),
        (16, 8, 8),
        (16, 8, 8),
        (8, 16, 16),
        (8, 1, 1),
        (8,),
        (10,),
    ]
    assert s.rows[1].params == 32
    assert parse("fc( 10 ) -> relu") == parse("fc(10) relu")


@pytest.mark.parametrize(
    ("spec", "shape", "message"),
    [
        ("conv(6,5) fc(10)", (1, 32, 32), "put flatten before it"),
        ("flatten conv(6,5)", (1, 32, 32), "needs a \\(C, H, W\\) input"),
        ("conv(6,5) wibble", (1, 32, 32), "unknown layer 'wibble'"),
        ("conv(6)", (1, 32, 32), "needs kernel_size"),
        ("conv(6,5,q=2)", (1, 32, 32), "has no argument 'q'"),
        ("conv(6,x)", (1, 32, 32), "'x' in 'conv\\(6,x\\)' is not a number"),
        ("conv(6,40)", (1, 32, 32), "layer 1 conv\\(6,40\\): output smaller than 1"),
        ("conv(6,5) (", (1, 32, 32), "cannot read the network spec"),
        ("", (1, 32, 32), "empty"),
        ("conv(6,5)", None, "needs an input shape"),
        ("conv(6,5)", (1, 32), "must be \\(C, H, W\\) or \\(features,\\)"),
    ],
)
def test_bad_specs_say_what_is_wrong(spec: str, shape: tuple | None, message: str) -> None:
    with pytest.raises(SolverError, match=message):
        solvers.summarize(spec, shape)
