"""conv1d/2d/3d, conv_transpose2d and depthwise-separable: exact values, steps, impossible configurations."""

from __future__ import annotations

import pytest

import solvers
from solvers import SolverError


def test_lenet_first_layer_as_in_the_course() -> None:
    r = solvers.conv2d((1, 32, 32), 6, 5)
    assert r.output_shape == (6, 28, 28)
    assert r.quantities["weights"] == 150  # the course's F×F×A₀×B
    assert r.params == 156  # PyTorch adds one bias per kernel
    assert solvers.conv2d((1, 32, 32), 6, 5, bias=False).params == 150


def test_non_integer_course_result_is_pointed_out_and_floored() -> None:
    """Seed audit A04: 28×28, F=3, S=2, P=0 gives 13, not 13.5."""
    r = solvers.conv2d((3, 28, 28), 16, 3, stride=2, bias=False)
    assert r.output_shape == (16, 13, 13)
    assert r.params == 432
    assert r.quantities["course_out"] == [13.5, 13.5]
    step = next(s for s in r.steps if s.title.startswith("Output size"))
    assert step.formula == "H_out = ⌊(H_in + 2P − K) / S⌋ + 1"
    assert step.substitution == "⌊(28 + 2·0 − 3) / 2⌋ + 1"
    assert step.value == "13"
    assert "13.5, not an integer" in step.note and "Floor → 13" in step.note
    assert any("not an integer" in n for n in r.notes)


def test_alexnet_first_layer_227_versus_224() -> None:
    assert solvers.conv2d((3, 227, 227), 96, 11, stride=4, bias=False).output_shape == (96, 55, 55)
    assert solvers.conv2d((3, 227, 227), 96, 11, stride=4, bias=False).params == 34_848
    assert solvers.conv2d((3, 224, 224), 96, 11, stride=4).output_shape == (96, 54, 54)
    assert solvers.conv2d((3, 224, 224), 96, 11, stride=4, padding=2).output_shape == (96, 55, 55)


def test_grouped_convolution_params_and_mult_adds_with_bias() -> None:
    r = solvers.conv2d((16, 28, 28), 32, 3, groups=4, batch=7)
    assert r.output_shape == (32, 26, 26)
    assert r.params == 1_184
    assert r.macs == 5_602_688
    assert r.flops == 11_205_376
    assert r.bias_in_macs and "bias adds counted" in r.convention
    assert r.quantities["macs_without_bias"] == 7 * 32 * 26 * 26 * 36


def test_dilation_padding_same_and_rectangles() -> None:
    r = solvers.conv2d((1, 10, 10), 1, 3, dilation=2)
    assert r.output_shape == (1, 6, 6)
    assert r.quantities["effective_kernel"] == (5, 5)
    assert any(s.title == "Effective kernel" and s.value == "5×5" for s in r.steps)
    assert solvers.conv2d((2, 9, 7), 4, 4, padding="same").output_shape == (4, 9, 7)
    assert solvers.conv2d((2, 9, 7), 4, 4, padding="valid").output_shape == (4, 6, 4)
    r = solvers.conv2d((3, 20, 12), 8, (5, 3), stride=(2, 1), padding=(1, 0))
    assert r.output_shape == (8, 9, 10)
    assert [s.title for s in r.steps if s.title.startswith("Output size")] == [
        "Output size H",
        "Output size W",
    ]


def test_conv1d_and_conv3d() -> None:
    assert solvers.conv1d((4, 100), 8, 5, stride=2).output_shape == (8, 48)
    assert solvers.conv1d((4, 100), 8, 5).params == 4 * 5 * 8 + 8
    r = solvers.conv3d((3, 16, 112, 112), 64, 3, padding=1)
    assert r.output_shape == (64, 16, 112, 112)
    assert r.params == 27 * 3 * 64 + 64


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 5, "groups": 2},
            "groups=2 does not divide",
        ),
        ({"input_shape": (4, 32, 32), "out_channels": 6, "kernel_size": 5, "groups": 4}, "out_channels=6"),
        (
            {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 3, "stride": 2, "padding": "same"},
            "'same' needs stride 1",
        ),
        ({"input_shape": (3, 4, 4), "out_channels": 6, "kernel_size": 5}, "output smaller than 1"),
        ({"input_shape": (3, 0, 4), "out_channels": 6, "kernel_size": 1}, "must be positive"),
        (
            {"input_shape": (3, 8, 8), "out_channels": 6, "kernel_size": 3, "stride": 0},
            "stride must be positive",
        ),
        (
            {"input_shape": (3, 8, 8), "out_channels": 6, "kernel_size": 3, "padding": -1},
            "must not be negative",
        ),
        ({"input_shape": (3, 8), "out_channels": 6, "kernel_size": 3}, "must have 3 sizes"),
        (
            {"input_shape": (3, 8, 8), "out_channels": 6, "kernel_size": 3, "padding": "full"},
            "'same' or 'valid'",
        ),
    ],
)
def test_impossible_conv_configurations_name_the_constraint(kwargs: dict, message: str) -> None:
    with pytest.raises(SolverError, match=message):
        solvers.conv2d(**kwargs)


def test_transposed_convolution_output_and_the_wrong_conv_formula() -> None:
    r = solvers.conv_transpose2d((64, 16, 16), 32, 4, stride=2, padding=1)
    assert r.output_shape == (32, 32, 32)
    assert r.params == 64 * 32 * 16 + 32
    assert r.quantities["conv_formula_out"] == [8, 8]
    assert "restored" in r.steps[0].note
    assert solvers.conv_transpose2d((1, 4, 4), 1, 3, stride=2, output_padding=1).output_shape == (1, 10, 10)
    assert solvers.conv_transpose2d((1, 4, 4), 1, 3, dilation=3, output_padding=2).output_shape == (1, 12, 12)
    # MACs: every input value meets every weight of its group.
    assert solvers.conv_transpose2d((4, 5, 5), 6, 3, stride=2, groups=2, bias=False).macs == 2700


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stride": 2, "output_padding": 2}, "output_padding must be smaller than either stride or dilation"),
        ({"padding": 3}, "output smaller than 1"),
        ({"padding": "same"}, "a number or a pair"),
    ],
)
def test_impossible_transposed_configurations(kwargs: dict, message: str) -> None:
    with pytest.raises(SolverError, match=message):
        solvers.conv_transpose2d((1, 2, 2), 1, 3, **kwargs)


def test_depthwise_separable_against_standard() -> None:
    """Seed audit A41: k²C + C·C′ against k²·C·C′."""
    r = solvers.depthwise_separable((32, 56, 56), 64, 3, padding=1, bias=False)
    q = r.quantities
    assert (q["params_depthwise"], q["params_pointwise"], q["params_standard"]) == (288, 2048, 18_432)
    assert r.params == 2336
    assert q["saving"] == 16_096
    assert q["ratio"] == pytest.approx(2336 / 18_432)
    assert q["macs_standard"] == 56 * 56 * 64 * 288
    assert r.macs == 56 * 56 * 32 * 9 + 56 * 56 * 64 * 32
    assert r.output_shape == (64, 56, 56)


def test_to_dict_is_json_with_the_contract_fields() -> None:
    import json

    d = solvers.conv2d((3, 32, 32), 6, 5).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["output_shape"] == [6, 28, 28] and d["params"] == 456 and d["macs"] == 357_504
    assert d["flops"] == 715_008 and d["bias_in_macs"] is True
    assert d["steps"][0]["title"] == "Output size H = W"
    assert set(d["steps"][0]) == {"title", "formula", "substitution", "value", "note"}
    assert d["inputs"]["kernel_size"] == [5, 5]
