"""Solver results as Rich renderables: key figures, the worked steps, network tables, solved unknowns, and a
checked value with the mistakes that give it."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from solvers.network import Summary
from solvers.result import Result, Step, fmt, shape_str
from solvers.symbolic import Solution


def console() -> Console:
    """The console the CLI prints to (soft wrapping off, so formulas are never split mid-token)."""
    return Console(highlight=False)


def render(obj: Result | Summary | Solution) -> RenderableType:
    """Any solver output, dispatched on its type."""
    if isinstance(obj, Summary):
        return render_summary(obj)
    if isinstance(obj, Solution):
        return render_solution(obj)
    return render_result(obj)


def _inputs_text(inputs: dict[str, Any]) -> str:
    parts = []
    for key, value in inputs.items():
        if value is None:
            continue
        if isinstance(value, tuple | list):
            value = shape_str(value) if len(set(value)) > 1 or key == "input_shape" else str(value[0])
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def key_figures(result: Result) -> Table:
    """The few numbers a question asks for: output shape, parameters, MACs and FLOPs (or the headline)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    if result.headline:
        for key in result.headline:
            grid.add_row(key.replace("_", " "), Text(fmt(result.quantities[key]), style="bold green"))
        return grid
    if result.output_shape is not None:
        grid.add_row("output shape", Text(shape_str(result.output_shape), style="bold green"))
    weights, bias = result.quantities.get("weights"), result.quantities.get("bias_params")
    detail = f"  (weights {fmt(weights)} + bias {fmt(bias)})" if weights is not None and bias else ""
    grid.add_row("parameters", Text.assemble((fmt(result.params), "bold green"), (detail, "dim")))
    if result.quantities.get("buffers"):
        grid.add_row(
            "buffers", Text(fmt(result.quantities["buffers"]) + "  (saved, not trained)", style="dim")
        )
    if result.macs is not None:
        grid.add_row("MACs", Text(fmt(result.macs), style="bold green"))
        bias = "bias adds counted" if result.bias_in_macs else "no bias adds"
        grid.add_row(
            "FLOPs", Text.assemble((fmt(result.flops or 0), "bold green"), (f"  (2 × MACs; {bias})", "dim"))
        )
    return grid


def step_lines(step: Step) -> list[Text]:
    """One step as text lines: the formula, then `= substitution = value` aligned under its `=`."""
    lines = [Text(step.title, style="bold")]
    indent = 0
    if step.formula:
        lines.append(Text(step.formula))
        head, sep, _ = step.formula.partition(" = ")
        indent = len(head) + 1 if sep and len(head) < 24 else 0
    tail = Text(" " * indent)
    if step.substitution:
        tail.append("= " + step.substitution, style="yellow")
    if step.value:
        joiner = " ⇔ " if "<" in step.value or "≤" in step.value else " → " if "=" in step.value else " = "
        if step.substitution or step.formula:
            tail.append(joiner if step.substitution else joiner.lstrip(), style="yellow")
        tail.append(step.value, style="bold cyan")
    if step.substitution or step.value:
        lines.append(tail)
    if step.note:
        lines.append(Text(step.note, style="dim italic"))
    return lines


def render_steps(steps: list[Step]) -> Table:
    """The worked derivation, numbered: title, formula, substitution with the value, notes beneath."""
    table = Table(box=None, show_header=False, padding=(0, 1, 1, 0), expand=False)
    table.add_column(style="dim", justify="right", width=3)
    table.add_column()
    for i, step in enumerate(steps, start=1):
        table.add_row(f"{i}.", Group(*step_lines(step)))
    return table


def render_result(result: Result) -> RenderableType:
    """One layer's result: a panel of key figures, the steps, then the notes."""
    body = Group(Text(_inputs_text(result.inputs), style="dim"), Text(""), key_figures(result))
    parts: list[RenderableType] = [
        Panel(
            body,
            title=Text(result.solver, style="bold magenta"),
            title_align="left",
            box=box.ROUNDED,
            expand=False,
            padding=(0, 1),
        )
    ]
    parts.append(Text("Worked steps", style="bold underline"))
    parts.append(render_steps(result.steps))
    if result.notes:
        parts.append(Group(*(Text("• " + note, style="italic") for note in result.notes)))
    return Group(*parts)


def render_summary(summary: Summary) -> RenderableType:
    """A torchinfo-style table of a network with its totals."""
    title = summary.preset or "network"
    table = Table(
        title=f"{title}  input {shape_str(summary.input_shape)}",
        box=box.SIMPLE_HEAD,
        show_footer=True,
        title_style="bold magenta",
        title_justify="left",
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("layer", footer="total")
    table.add_column("input", justify="right")
    table.add_column("output", justify="right", footer=shape_str(summary.output_shape))
    # Totals are the point of the table: their columns never shrink below the totals' width.
    table.add_column("params", justify="right", footer=fmt(summary.params), footer_style="bold green",
                     no_wrap=True, min_width=len(fmt(summary.params)))
    table.add_column("MACs", justify="right", footer=fmt(summary.macs), footer_style="bold green",
                     no_wrap=True, min_width=len(fmt(summary.macs)))
    table.add_column("RF", justify="right", style="cyan")
    for r in summary.rows:
        table.add_row(
            str(r.index),
            r.layer,
            shape_str(r.input_shape),
            shape_str(r.output_shape),
            fmt(r.params) if r.params else "–",
            fmt(r.macs) if r.macs else "–",
            str(r.rf),
        )
    foot = Text(
        f"FLOPs = 2 × MACs = {fmt(summary.flops)}; bias adds counted; normalisation, activations and "
        "pooling not counted. RF: receptive field along H in input pixels.",
        style="dim",
    )
    return Group(table, foot)


def render_solution(solution: Solution) -> RenderableType:
    """A solved unknown: the equation steps, the solutions, and the layer computed with a unique one."""
    name = solution.unknown.replace("_shape", " size").replace("_", " ")
    values = solution.values
    if values and isinstance(values[0], list):
        shown = "; ".join(
            f"{d} = " + ", ".join(map(str, v)) for d, v in zip(solution.dims, values, strict=True)
        )
    else:
        shown = ", ".join(map(str, values)) + (", … (every larger value too)" if solution.unbounded else "")
    lead = f"{name}: " if solution.dims else f"{name} = "
    head = Panel(
        Text.assemble((lead, "bold"), (shown, "bold green")),
        title=Text(f"{solution.solver}: solving for {name}", style="bold magenta"),
        title_align="left",
        box=box.ROUNDED,
        expand=False,
    )
    parts: list[RenderableType] = [head, render_steps(solution.steps)]
    if solution.check is not None:
        parts += [Text(""), Text("With this value", style="bold underline"), render_result(solution.check)]
    return Group(*parts)


def _value_text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return shape_str([_value_text(v) for v in value])
    return fmt(value) if isinstance(value, int | float) else str(value)


def render_mistake(ids: Any, steps: Any, names: dict[str, Any]) -> RenderableType:
    """One computed mistake: each misconception's name and explanation (zh and en), then its own steps.

    Args:
        ids: the misconception ids that give the value.
        steps: the mistake's derivation (`Step`s).
        names: the catalogue by id (entries with `name` and `explanation`); unknown ids show as themselves.
    """
    parts: list[RenderableType] = []
    for mid in ids:
        entry = names.get(mid)
        if entry is None:
            parts.append(Text(f"易错 mistake: {mid}", style="bold yellow"))
            continue
        parts.append(Text.assemble(("易错 ", "bold yellow"), (entry.name.zh, "bold yellow"),
                                   (f" · {entry.name.en}" if entry.name.en else "", "yellow"), (f"  ({mid})", "dim")))
        parts.append(Text(entry.explanation.zh, style="italic"))
        if entry.explanation.en:
            parts.append(Text(entry.explanation.en, style="dim italic"))
    if steps:
        parts += [Text("Its steps:", style="bold"), render_steps(list(steps))]
    return Panel(Group(*parts), box=box.ROUNDED, border_style="yellow", expand=False, padding=(0, 1))


def render_check(result: Result | Summary, checked: Any, names: dict[str, Any]) -> RenderableType:
    """A checked value (`dlquiz.quiz.checking.Checked`): the verdict, the right worked steps, and every
    catalogued mistake that gives a wrong value, each with its own steps."""
    given, expected = (_value_text(v) for v in checked.shown)
    if checked.correct:
        verdict = Text.assemble(("✔ 正确 right: ", "bold green"), f"{checked.key} = {given}")
    else:
        verdict = Text.assemble(("✘ 错误 wrong: ", "bold red"), f"{checked.key} = {given}; the right value is ",
                                (expected, "bold green"))
    parts: list[RenderableType] = [verdict, Text(""), render(result)]
    if not checked.correct:
        if checked.mistakes:
            parts.append(Text(f"Known mistakes that give {given}", style="bold underline"))
            parts += [render_mistake(m.ids, m.steps, names) for m in checked.mistakes]
        else:
            parts.append(Text(f"No catalogued mistake gives {given}; compare your steps with the ones above.",
                              style="dim"))
    return Group(*parts)


def render_catalog(entries: dict[str, str]) -> RenderableType:
    """The list of solvers with one line each."""
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for name, line in entries.items():
        table.add_row(name, line)
    hint = Text(
        "dlquiz calc SOLVER --help shows a solver's flags; add --json for machine-readable output.",
        style="dim",
    )
    return Group(Text("Solvers", style="bold underline"), table, Text(""), hint)
