"""The flags of one solver, built from its signature and docstring, and the parsing of sizes like 3x32x32."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from typing import Any

from dlquiz.errors import UsageError

UNKNOWN = "?"
_SPLIT = re.compile(r"\s*[x×,*]\s*|\s+")


@dataclass
class Options:
    """A solver's parsed arguments."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    json: bool = False
    unknown: bool = False
    output_size: Any = None
    check: str | None = None


def numbers(text: str, *, allow_unknown: bool = False) -> tuple[int | str, ...]:
    """`3x32x32`, `3,32,32`, `3×32×32` or `32` → a tuple of ints ('?' kept where allowed)."""
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    if not parts:
        raise argparse.ArgumentTypeError(f"expected sizes such as 3x32x32, got {text!r}")
    out: list[int | str] = []
    for part in parts:
        if part == UNKNOWN and allow_unknown:
            out.append(UNKNOWN)
            continue
        try:
            out.append(int(part))
        except ValueError:
            where = f" in {text!r}" if part != text else ""
            raise argparse.ArgumentTypeError(f"{part!r}{where} is not a whole number") from None
    return tuple(out)


def _scalar_or_tuple(text: str, *, words: tuple[str, ...] = (), unknown: bool = True) -> Any:
    if text.strip().lower() in words:
        return text.strip().lower()
    value = numbers(text, allow_unknown=unknown)
    return value[0] if len(value) == 1 else value


def _shape(text: str) -> Any:
    return numbers(text, allow_unknown=True)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


# The solvers' annotations (strings, as written in their signatures) and how each is read from a flag.
TYPES: dict[str, Any] = {
    "Shape": _shape,
    "Shape | None": _shape,
    "int": _int,
    "int | None": _int,
    "IntOrTuple": _scalar_or_tuple,
    "IntOrTuple | None": _scalar_or_tuple,
    "Padding": lambda t: _scalar_or_tuple(t, words=("same", "valid")),
    "Sequence[int]": lambda t: list(numbers(t)),
    "Sequence[int] | None": lambda t: list(numbers(t)),
    "int | tuple[int, ...]": lambda t: _scalar_or_tuple(t, unknown=False),
    "str": str,
}


class _Parser(argparse.ArgumentParser):
    """Errors become UsageError, so `main` prints one line and returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def flag_name(param: str) -> str:
    return "--input" if param == "input_shape" else "--" + param.replace("_", "-")


def arg_help(doc: str) -> dict[str, str]:
    """The `Args:` section of a Google-style docstring as {name: text}."""
    helps: dict[str, str] = {}
    inside, current = False, None
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped == "Args:":
            inside = True
            continue
        if inside:
            if not stripped or (stripped.endswith(":") and " " not in stripped):
                if not stripped and current is None:
                    continue
                break
            m = re.match(r"(\w+): (.*)", stripped)
            if m and line.startswith(" " * 8) and not line.startswith(" " * 12):
                current = m.group(1)
                helps[current] = m.group(2)
            elif current:
                helps[current] += " " + stripped
    return helps


def build_parser(name: str, fn: Any) -> argparse.ArgumentParser:
    """A parser whose flags are the parameters of `fn` (read without `inspect`, which is slow to import)."""
    from solvers import catalog

    shown = "summary" if name == "summarize" else name
    parser = _Parser(
        prog=f"dlquiz calc {shown}",
        description=catalog.CALCULATORS[name][1],
        argument_default=argparse.SUPPRESS,
    )
    code = fn.__code__
    params = code.co_varnames[: code.co_argcount]
    defaults = fn.__defaults__ or ()
    first_default = len(params) - len(defaults)
    helps = arg_help(fn.__doc__ or "")
    for sibling, (module, _) in catalog.CALCULATORS.items():  # conv1d's other flags read as conv2d's
        if module == catalog.CALCULATORS[name][0] and sibling != name:
            helps = arg_help(catalog.load(sibling).__doc__ or "") | helps
    for i, param in enumerate(params):
        annotation = fn.__annotations__.get(param, "")
        required = i < first_default
        default = None if required else defaults[i - first_default]
        text = helps.get(param, "")
        if not required and default is not None and annotation != "bool":
            text += f" (default {default})"
        if name == "summarize" and param == "spec":
            parser.add_argument(
                "spec",
                help='a network spec, e.g. "conv(6,5) relu maxpool(2) flatten fc(10)", '
                "or a preset: lenet5, alexnet, vgg16, resnet18",
            )
            continue
        if annotation == "bool":
            parser.add_argument(
                flag_name(param),
                dest=param,
                action=argparse.BooleanOptionalAction,
                help=text + f" (default {'on' if default else 'off'})",
            )
            continue
        kind = TYPES.get(annotation)
        if kind is None:
            raise RuntimeError(f"{name}: no flag type for the annotation {annotation!r} of {param}")
        metavar = "SIZES" if annotation.startswith("Shape") else "N"
        parser.add_argument(
            flag_name(param), dest=param, type=kind, required=required, help=text, metavar=metavar
        )
    if name in catalog.SOLVABLE:
        parser.add_argument(
            "--output-size",
            type=_shape,
            metavar="N",
            help="the spatial output size a '?' must produce (with a '?' only)",
        )
    parser.add_argument("--check", metavar="KEY=VALUE",
                        help="check your value of a field (params=456, output_shape=28x28, macs=…): right or "
                        "wrong, and which known mistakes give a wrong one; exit 0 right, 1 wrong")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def parse(name: str, argv: list[str]) -> Options:
    """Parses one solver's flags into its keyword arguments.

    Raises:
        UsageError: a bad or missing flag, or a '?' without --output-size.
    """
    from solvers import catalog

    parser = build_parser(name, catalog.load(name))
    ns = vars(parser.parse_args(argv))
    options = Options(json=ns.pop("json", False), check=ns.pop("check", None))
    output = ns.pop("output_size", None) if name in catalog.SOLVABLE else None
    options.kwargs = ns
    options.unknown = any(v == UNKNOWN or (isinstance(v, tuple) and UNKNOWN in v) for v in ns.values())
    if options.unknown:
        if output is None or UNKNOWN in output:
            raise UsageError(f"calc {name}: a '?' needs --output-size, the size it must produce")
        options.output_size = output[0] if len(output) == 1 else output
    elif output is not None and UNKNOWN not in output:
        raise UsageError(f"calc {name}: --output-size is the size a '?' must produce; give one flag as '?'")
    if options.check is not None and options.unknown:
        raise UsageError(f"calc {name}: --check checks a value of a solved layer; give every size, no '?'")
    return options
