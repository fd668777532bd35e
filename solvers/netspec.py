"""The small text language of network summaries, and the preset networks written in it.

A spec is layers separated by spaces: `conv(6,5) relu maxpool(2) flatten fc(10)`. Arguments are numbers
by position, or `name=value` (`conv(64,3,s=2,p=1,bias=false)`, `conv(16,3,padding=same)`). Nothing is
evaluated: the parser accepts only names, integers, floats and a few words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from solvers.errors import SolverError

_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\(([^()]*)\))?\s*")
_WORDS = {"true": True, "false": False, "same": "same", "valid": "valid", "none": None}


@dataclass(frozen=True)
class LayerSpec:
    """One layer as written: its name, positional and keyword arguments, and the source text."""

    name: str
    args: tuple[int | float | bool | str | None, ...] = ()
    kwargs: dict[str, int | float | bool | str | None] = field(default_factory=dict)
    text: str = ""


def parse(spec: str) -> list[LayerSpec]:
    """Parses a spec into layers.

    Raises:
        SolverError: text that is not a layer (the message quotes it), or an empty spec.
    """
    layers: list[LayerSpec] = []
    pos = 0
    text = spec.replace("->", " ").replace("→", " ")
    while pos < len(text):
        if text[pos] in " \t\n,;|":
            pos += 1
            continue
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SolverError(
                f"cannot read the network spec at {text[pos : pos + 20]!r}: expected a layer such as "
                "conv(6,5), relu or fc(10)"
            )
        name, _, inner = m.group(1), m.group(2), m.group(3)
        args: list = []
        kwargs: dict = {}
        if inner is not None and inner.strip():
            for part in inner.split(","):
                part = part.strip()
                if "=" in part:
                    key, _, value = part.partition("=")
                    kwargs[key.strip().lower()] = _value(value.strip(), m.group(0).strip())
                elif kwargs:
                    raise SolverError(f"positional argument after a keyword in {m.group(0).strip()!r}")
                else:
                    args.append(_value(part, m.group(0).strip()))
        layers.append(LayerSpec(name.lower(), tuple(args), kwargs, re.sub(r"\s+", "", m.group(0))))
        pos = m.end()
    if not layers:
        raise SolverError("the network spec is empty")
    return layers


def _value(text: str, where: str) -> int | float | bool | str | None:
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise SolverError(f"{text!r} in {where!r} is not a number") from None


def _vgg16() -> str:
    layers = []
    for width, count in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        layers += [f"conv({width},3,p=1) relu"] * count + ["maxpool(2)"]
    return " ".join(layers) + (
        " adaptiveavgpool(7) flatten fc(4096) relu dropout fc(4096) relu dropout fc(1000)"
    )


PRESETS: dict[str, tuple[str, tuple[int, ...], str]] = {
    "lenet5": (
        "conv(6,5) relu maxpool(2) conv(16,5) relu maxpool(2) flatten fc(120) relu fc(84) relu fc(10)",
        (1, 32, 32),
        "LeNet-5 (LeCun et al. 1998) with ReLU and max pooling, as usually taught",
    ),
    "alexnet": (
        "conv(64,11,s=4,p=2) relu maxpool(3,s=2) conv(192,5,p=2) relu maxpool(3,s=2) conv(384,3,p=1) relu "
        "conv(256,3,p=1) relu conv(256,3,p=1) relu maxpool(3,s=2) adaptiveavgpool(6) flatten dropout "
        "fc(4096) relu dropout fc(4096) relu fc(1000)",
        (3, 224, 224),
        "AlexNet as in torchvision (one GPU, 64 first-layer kernels)",
    ),
    "vgg16": (_vgg16(), (3, 224, 224), "VGG-16 (configuration D) as in torchvision"),
    "resnet18": (
        "conv(64,7,s=2,p=3,bias=false) bn relu maxpool(3,s=2,p=1) basicblock(64) basicblock(64) "
        "basicblock(128,s=2) basicblock(128) basicblock(256,s=2) basicblock(256) basicblock(512,s=2) "
        "basicblock(512) gap flatten fc(1000)",
        (3, 224, 224),
        "ResNet-18 as in torchvision",
    ),
}
