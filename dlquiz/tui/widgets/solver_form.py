"""A form for one solver, built from the same signature introspection as `dlquiz calc`'s flags.

Each field converts its text with the calc command's own converter, so `3x32x32`, `(3, 3)`, `same` and
`?` mean here what they mean on the command line; a value the converter or the solver rejects is marked
on its field with the message. `values()` gives the solver's keyword arguments.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Checkbox, Input, Label

from dlquiz.tui.messages import FormChanged

# A configuration to start from, so a solver shows a result as soon as it is opened (LeNet-5's first layers).
EXAMPLES: dict[str, dict[str, str]] = {
    "conv1d": {"input_shape": "16x100", "out_channels": "32", "kernel_size": "5"},
    "conv2d": {"input_shape": "3x32x32", "out_channels": "6", "kernel_size": "5"},
    "conv3d": {"input_shape": "3x16x112x112", "out_channels": "64", "kernel_size": "3", "padding": "1"},
    "conv_transpose2d": {"input_shape": "16x14x14", "out_channels": "6", "kernel_size": "2", "stride": "2"},
    "max_pool2d": {"input_shape": "6x28x28", "kernel_size": "2"},
    "avg_pool2d": {"input_shape": "6x28x28", "kernel_size": "2"},
    "adaptive_avg_pool2d": {"input_shape": "512x7x7", "output_size": "1"},
    "depthwise_separable": {"input_shape": "32x112x112", "out_channels": "64", "kernel_size": "3", "padding": "1"},
    "linear": {"in_features": "400", "out_features": "120"},
    "rnn": {"input_size": "10", "hidden_size": "20"},
    "lstm": {"input_size": "10", "hidden_size": "20"},
    "gru": {"input_size": "10", "hidden_size": "20"},
    "multihead_attention": {"embed_dim": "512", "num_heads": "8", "seq_len": "10"},
    "transformer_encoder_layer": {"d_model": "512", "nhead": "8"},
    "transformer_decoder_layer": {"d_model": "512", "nhead": "8"},
    "batch_norm": {"num_features": "64"},
    "layer_norm": {"normalized_shape": "512"},
    "receptive_field": {"kernel_sizes": "3,3,3", "strides": "1,1,1"},
    "summarize": {"spec": "lenet5"},
}


@dataclass(frozen=True)
class FieldSpec:
    """One solver argument as a form field."""

    name: str
    help: str
    required: bool
    boolean: bool
    default: Any
    convert: Any  # the calc flag's converter (str → value); None for booleans


def field_specs(solver: str) -> list[FieldSpec]:
    """The fields of `solver`, from `calc_args.build_parser` (the calc command's own flags)."""
    from dlquiz.commands import calc_args
    from solvers import catalog

    fn = catalog.load(solver)
    code = fn.__code__
    names = code.co_varnames[: code.co_argcount]
    defaults = dict(zip(names[len(names) - len(fn.__defaults__ or ()):], fn.__defaults__ or (), strict=True))
    specs = []
    for action in calc_args.build_parser(solver, fn)._actions:
        if action.dest in ("help", "json"):
            continue
        boolean = isinstance(action, argparse.BooleanOptionalAction)
        specs.append(FieldSpec(action.dest, action.help or "", bool(action.required) or not action.option_strings,
                               boolean, defaults.get(action.dest), None if boolean else action.type))
    return specs


class SolverForm(Grid):
    """Label, input and message per argument; posts `FormChanged` on every change."""

    DEFAULT_CSS = """
    SolverForm { grid-size: 3; grid-columns: 18 16 1fr; grid-rows: 1; height: auto; grid-gutter: 0 1; }
    SolverForm > Label { width: 1fr; }
    SolverForm > .field-note { color: $text-muted; }
    SolverForm > .field-note.-error { color: $error; }
    SolverForm > .-bad { color: $error; text-style: bold; }
    SolverForm > Checkbox { width: 8; }
    """

    def __init__(self, solver: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.solver = solver
        self.specs = field_specs(solver)
        self.errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        example = EXAMPLES.get(self.solver, {})
        for spec in self.specs:
            yield Label(spec.name + ("*" if spec.required else ""), classes="field-label")
            if spec.boolean:
                field: Checkbox | Input = Checkbox("", bool(spec.default), id=f"f-{spec.name}", compact=True,
                                                   name=spec.name)
            else:
                shown_default = "" if spec.default is None else str(spec.default)
                field = Input(example.get(spec.name, ""), placeholder=shown_default, id=f"f-{spec.name}",
                              compact=True, name=spec.name)
            field.tooltip = spec.help
            yield field
            yield Label("", classes="field-note", id=f"n-{spec.name}")

    def values(self) -> dict[str, Any]:
        """The keyword arguments typed so far (empty fields left to the solver's defaults); marks bad fields."""
        kwargs: dict[str, Any] = {}
        self.errors = {}
        for spec in self.specs:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, Checkbox):
                if widget.value != bool(spec.default):
                    kwargs[spec.name] = widget.value
                continue
            assert isinstance(widget, Input)
            text = widget.value.strip()
            if not text:
                if spec.required:
                    self.errors[spec.name] = "required"
                continue
            try:
                kwargs[spec.name] = spec.convert(text) if spec.convert else text
            except (argparse.ArgumentTypeError, ValueError) as exc:
                self.errors[spec.name] = str(exc)
        return kwargs

    def mark(self, errors: dict[str, str]) -> None:
        """Shows each field's problem beside it (or its help when it has none)."""
        for spec in self.specs:
            note = self.query_one(f"#n-{spec.name}", Label)
            message = errors.get(spec.name)
            note.update(f"✘ {message}" if message else "")
            note.set_class(bool(message), "-error")
            widget = self.query_one(f"#f-{spec.name}")
            widget.set_class(bool(message), "-bad")

    def field_for(self, message: str) -> str | None:
        """The argument a solver's error message is about: the one it names first (`kernel` → kernel_size)."""
        lowered = message.lower()
        best: tuple[int, str] | None = None
        for spec in self.specs:
            words = {spec.name, spec.name.replace("_", " ")}
            if spec.name != "output_size":  # "output" alone is every message's subject, not this field
                words.add(spec.name.split("_")[0])
            places = [m.start() for w in words if (m := re.search(rf"\b{re.escape(w)}\b", lowered))]
            if places and (best is None or min(places) < best[0]):
                best = (min(places), spec.name)
        return best[1] if best else None

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Any) -> None:
        event.stop()
        self.post_message(FormChanged())

