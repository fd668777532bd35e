"""Network summaries: a torchinfo-style table (shapes, parameters, MACs, receptive field) from a text spec."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import prod
from typing import Any

from solvers import checks
from solvers.arithmetic import effective_kernel
from solvers.conv import conv2d
from solvers.conv_transpose import conv_transpose2d
from solvers.dense import linear
from solvers.errors import SolverError
from solvers.netspec import PRESETS, LayerSpec, parse
from solvers.pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from solvers.result import MAC_CONVENTION

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Row:
    """One layer of the summary. `rf` is the receptive field along H, "all" once every input counts."""

    index: int
    layer: str
    input_shape: Shape
    output_shape: Shape
    params: int
    macs: int
    rf: int | str
    jump: int | str


@dataclass
class Summary:
    """A whole network: its rows and totals."""

    spec: str
    input_shape: Shape
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    preset: str | None = None

    @property
    def params(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def macs(self) -> int:
        return sum(r.macs for r in self.rows)

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def output_shape(self) -> Shape:
        return self.rows[-1].output_shape

    def to_dict(self) -> dict[str, Any]:
        return {
            "solver": "summary",
            "preset": self.preset,
            "spec": self.spec,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "params": self.params,
            "macs": self.macs,
            "flops": self.flops,
            "convention": MAC_CONVENTION + "; bias adds counted; normalisation, "
            "activations and pooling not counted",
            "rows": [
                {
                    "index": r.index,
                    "layer": r.layer,
                    "input_shape": list(r.input_shape),
                    "output_shape": list(r.output_shape),
                    "params": r.params,
                    "macs": r.macs,
                    "rf": r.rf,
                    "jump": r.jump,
                }
                for r in self.rows
            ],
            "notes": list(self.notes),
        }


def summarize(spec: str, input_shape: Shape | None = None) -> Summary:
    """Walks a network spec (or a preset's name) layer by layer.

    Args:
        spec: layers separated by spaces (see `solvers.netspec`), or a preset: lenet5, alexnet, vgg16,
            resnet18.
        input_shape: (C, H, W) or (features,) of one sample; a preset brings its own default.

    Returns:
        The summary: one row per layer, totals as properties.

    Raises:
        SolverError: an unknown layer, bad arguments, or a layer that does not fit its input.
    """
    preset = None
    if spec.strip().lower() in PRESETS:
        preset = spec.strip().lower()
        spec, default_shape, _ = PRESETS[preset]
        input_shape = input_shape or default_shape
    if input_shape is None:
        raise SolverError("a network summary needs an input shape, such as (1, 32, 32)")
    if isinstance(input_shape, int):
        input_shape = (input_shape,)
    if len(input_shape) not in (1, 3):
        raise SolverError(f"input_shape must be (C, H, W) or (features,), got {tuple(input_shape)}")
    shape = first = checks.shape("input_shape", input_shape, len(input_shape))
    rows = []
    rf: int | str = 1 if len(shape) == 3 else "all"
    jump: int | str = 1 if len(shape) == 3 else "all"
    for i, layer in enumerate(parse(spec), start=1):
        handler = _HANDLERS.get(layer.name)
        if handler is None:
            raise SolverError(f"unknown layer {layer.name!r}; known: {', '.join(sorted(_HANDLERS))}")
        try:
            out, params, macs, windows = handler(shape, layer)
        except SolverError as exc:
            raise SolverError(f"layer {i} {layer.text}: {exc}") from None
        for k, s, d in windows:
            if isinstance(rf, int) and isinstance(jump, int):
                if k is None:
                    rf, jump = "?", "?"
                else:
                    rf, jump = rf + (effective_kernel(k, d) - 1) * jump, jump * s
        if len(out) == 1 or (layer.name in ("gap", "adaptiveavgpool") and out[1:] == (1, 1)):
            rf, jump = "all", "all"
        rows.append(Row(i, layer.text, shape, out, params, macs, rf, jump))
        shape = out
    notes = ["Receptive field along H, in input pixels; 'all' once every input value counts."]
    return Summary(spec, first, rows, notes, preset)


Window = tuple[int | None, int, int]
Handled = tuple[Shape, int, int, list[Window]]

_ALIASES = {
    "s": "stride",
    "p": "padding",
    "d": "dilation",
    "g": "groups",
    "k": "kernel_size",
    "op": "output_padding",
    "out": "out_channels",
    "ceil": "ceil_mode",
}


def _bind(layer: LayerSpec, order: tuple[str, ...], required: int) -> dict[str, Any]:
    if len(layer.args) > len(order):
        raise SolverError(f"takes at most {len(order)} positional arguments ({', '.join(order)})")
    bound = dict(zip(order, layer.args, strict=False))
    for key, value in layer.kwargs.items():
        key = _ALIASES.get(key, key)
        if key not in order:
            raise SolverError(f"has no argument {key!r}; it takes {', '.join(order)}")
        bound[key] = value
    missing = [name for name in order[:required] if name not in bound]
    if missing:
        raise SolverError(f"needs {', '.join(missing)}")
    return bound


def _spatial(shape: Shape, what: str) -> None:
    if len(shape) != 3:
        raise SolverError(
            f"{what} needs a (C, H, W) input, got {shape}: flatten comes after the spatial layers"
        )


def _conv(shape: Shape, layer: LayerSpec) -> Handled:
    _spatial(shape, "conv")
    a = _bind(layer, ("out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias"), 2)
    r = conv2d(shape, **a)
    k, s, d = r.inputs["kernel_size"], r.inputs["stride"], r.inputs["dilation"]
    return r.output_shape, r.params, r.macs, [(k[0], s[0], d[0])]


def _conv_t(shape: Shape, layer: LayerSpec) -> Handled:
    _spatial(shape, "convT")
    a = _bind(
        layer,
        ("out_channels", "kernel_size", "stride", "padding", "output_padding", "dilation", "groups", "bias"),
        2,
    )
    r = conv_transpose2d(shape, **a)
    return r.output_shape, r.params, r.macs, [(None, 1, 1)]


def _pool(kind: str) -> Callable[[Shape, LayerSpec], Handled]:
    def handler(shape: Shape, layer: LayerSpec) -> Handled:
        _spatial(shape, kind)
        if kind == "maxpool":
            a = _bind(layer, ("kernel_size", "stride", "padding", "dilation", "ceil_mode"), 1)
            r = max_pool2d(shape, **a)
            d = r.inputs["dilation"][0]
        else:
            a = _bind(layer, ("kernel_size", "stride", "padding", "ceil_mode"), 1)
            r = avg_pool2d(shape, **a)
            d = 1
        return r.output_shape, 0, 0, [(r.inputs["kernel_size"][0], r.inputs["stride"][0], d)]

    return handler


def _adaptive(shape: Shape, layer: LayerSpec, default: int | None = None) -> Handled:
    _spatial(shape, "adaptiveavgpool")
    a = _bind(layer, ("output_size",), 0 if default else 1)
    r = adaptive_avg_pool2d(shape, a.get("output_size", default))
    h, o = shape[1], r.output_shape[1]
    window = (h // o, h // o, 1) if h % o == 0 else (None, 1, 1)
    return r.output_shape, 0, 0, [window]


def _block(shape: Shape, layer: LayerSpec) -> Handled:
    """ResNet's basic block (two 3×3) or bottleneck (1×1, 3×3, 1×1 ×4), with a 1×1 projection when needed."""
    _spatial(shape, layer.name)
    a = _bind(layer, ("out_channels", "stride"), 1)
    out_c, stride = a["out_channels"], a.get("stride", 1)
    if layer.name == "basicblock":
        convs = [(out_c, 3, stride, 1), (out_c, 3, 1, 1)]
        windows: list[Window] = [(3, stride, 1), (3, 1, 1)]
    else:
        convs = [(out_c, 1, 1, 0), (out_c, 3, stride, 1), (4 * out_c, 1, 1, 0)]
        windows = [(1, 1, 1), (3, stride, 1), (1, 1, 1)]
    params = macs = 0
    cur = shape
    for c, k, s, p in convs:
        r = conv2d(cur, c, k, s, p, bias=False)
        cur = r.output_shape
        params += r.params + 2 * c  # + the BatchNorm's γ and β
        macs += r.macs
    if stride != 1 or shape[0] != cur[0]:
        r = conv2d(shape, cur[0], 1, stride, bias=False)
        params += r.params + 2 * cur[0]
        macs += r.macs
    return cur, params, macs, windows


def _fc(shape: Shape, layer: LayerSpec) -> Handled:
    if len(shape) != 1:
        raise SolverError(f"fc needs a flat input, got {shape}: put flatten before it")
    a = _bind(layer, ("out_features", "bias"), 1)
    r = linear(shape[0], **a)
    return r.output_shape, r.params, r.macs, []


def _norm(shape: Shape, layer: LayerSpec) -> Handled:
    _bind(layer, (), 0)
    width = shape[0] if layer.name in ("bn", "batchnorm") else shape[-1]
    return shape, 2 * width, 0, []


def _flatten(shape: Shape, layer: LayerSpec) -> Handled:
    _bind(layer, (), 0)
    return (prod(shape),), 0, 0, []


def _same(shape: Shape, layer: LayerSpec) -> Handled:
    _bind(layer, ("p", "negative_slope", "dim", "inplace"), 0)
    return shape, 0, 0, []


_HANDLERS: dict[str, Callable[[Shape, LayerSpec], Handled]] = {
    "conv": _conv,
    "conv2d": _conv,
    "convt": _conv_t,
    "deconv": _conv_t,
    "conv_transpose2d": _conv_t,
    "maxpool": _pool("maxpool"),
    "avgpool": _pool("avgpool"),
    "adaptiveavgpool": _adaptive,
    "gap": lambda shape, layer: _adaptive(shape, layer, 1),
    "basicblock": _block,
    "bottleneck": _block,
    "fc": _fc,
    "linear": _fc,
    "bn": _norm,
    "batchnorm": _norm,
    "ln": _norm,
    "layernorm": _norm,
    "flatten": _flatten,
    **{
        name: _same
        for name in ("relu", "sigmoid", "tanh", "leakyrelu", "gelu", "elu", "softmax", "dropout", "identity")
    },
}
