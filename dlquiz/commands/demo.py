"""`dlquiz demo [NAME] [--seed S] [--json] [options]`: a live demonstration on the engine, drawn in the terminal.

The demonstration's flags are made from its option specifications (`dlquiz.demos.catalog`), so
`dlquiz demo vanishing-gradients --activation relu --depth 20` maps one to one onto
`demos.run("vanishing-gradients", activation=["relu"], depth=20)`. Only argparse is imported at module
level; the header is printed before NumPy loads, so something appears at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

LANGS = ("zh", "en", "both")


def register(sub: Any) -> None:
    """Adds the `demo` command."""
    parser = sub.add_parser(
        "demo",
        help="live demonstrations computed by the NumPy engine",
        description="A course claim computed by the NumPy engine and drawn as plots and tables. "
        "Run `dlquiz demo` to list them, `dlquiz demo NAME --help` for a demonstration's options.",
        epilog="Example: dlquiz demo vanishing-gradients --activation sigmoid,relu --depth 20 --seed 1",
    )
    parser.add_argument("name", nargs="?", help="the demonstration (see `dlquiz demo`)")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="its options, --seed S, --json, --lang")
    parser.set_defaults(handler=run)


class _Parser(argparse.ArgumentParser):
    """A demonstration's own flags; a mistake is a UsageError (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from dlquiz.errors import UsageError

        raise UsageError(f"{self.prog}: {message}")


def build_parser(name: str) -> argparse.ArgumentParser:
    """The flags of demonstration `name`: its options, then --seed, --json and --lang."""
    from dlquiz.demos import catalog

    demo = catalog.info(name)
    parser = _Parser(prog=f"dlquiz demo {demo.name}", description=f"{demo.title_en}: {demo.summary_en}.")
    for spec in demo.options.values():
        flags = [f"--{spec.name.replace('_', '-')}"] + ([f"--{spec.name}"] if "_" in spec.name else [])
        choices = f" ({'|'.join(map(str, spec.choices))})" if spec.choices else ""
        default = ",".join(map(str, spec.default)) if isinstance(spec.default, list) else spec.default
        text = f"{spec.help}{choices}; default {default}{'; a list: a,b,c' if spec.multiple else ''}"
        if spec.type == "bool" and not spec.multiple:
            parser.add_argument(*flags, dest=spec.name, nargs="?", const="yes", metavar="yes|no", help=text)
        else:
            parser.add_argument(*flags, dest=spec.name, nargs="+" if spec.multiple else None,
                                metavar=spec.type.upper(), help=text)
    parser.add_argument("--seed", type=int, default=None, metavar="S", help="random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON instead of drawing them")
    parser.add_argument("--lang", choices=LANGS, default=None, help="language of the explanation (default both)")
    return parser


def parse(name: str, argv: list[str]) -> tuple[dict[str, Any], argparse.Namespace]:
    """The demonstration's option values given on the command line (checked), and the common flags."""
    from dlquiz.demos import catalog

    demo = catalog.info(name)
    namespace = build_parser(name).parse_args(argv)
    given: dict[str, Any] = {}
    for key, spec in demo.options.items():
        raw = getattr(namespace, key)
        if raw is not None:
            given[key] = spec.parse(",".join(raw) if isinstance(raw, list) else raw)
    return given, namespace


def run(args: argparse.Namespace) -> int:
    """Lists the demonstrations, or runs one and draws (or prints as JSON) what it computed."""
    from dlquiz.demos import catalog

    if args.name is None:
        return _list()
    demo = catalog.info(args.name)
    given, common = parse(demo.name, args.options)
    seed = 0 if common.seed is None else common.seed
    values = catalog.validate(demo.name, given)
    if common.json:
        return _json(demo.name, seed, given)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads; see dlquiz.demos.run
    from dlquiz.render import demo as render

    console = _console()
    console.print(render.header(demo, {**values, "seed": seed}))
    result = _run_live(console, demo, seed, given)
    console.print(render.render_result(result, common.lang or "both", console.width))
    return 0


def _json(name: str, seed: int, given: dict[str, Any]) -> int:
    import json

    from dlquiz import demos

    result = demos.run(name, seed=seed, **given)
    json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _run_live(console: Any, demo: Any, seed: int, given: dict[str, Any]) -> Any:
    """Runs the demonstration under a spinner, or a progress bar (and a live loss curve) for the slow ones."""
    from dlquiz import demos

    if not demo.slow:
        with console.status(f"computing {demo.name} …"):
            return demos.run(demo.name, seed=seed, **given)
    from dlquiz.render.demo_live import LiveProgress

    with LiveProgress(console, demo.name) as live:
        return demos.run(demo.name, seed=seed, progress=live.update, **given)


def _list() -> int:
    from rich.table import Table

    from dlquiz.demos import list_demos

    table = Table(title="dlquiz demo NAME [--seed S] [--json] [options]", title_justify="left", box=None,
                  pad_edge=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("shows")
    for demo in list_demos():
        table.add_row(demo.name, f"{demo.title_zh} · {demo.summary_en}")
    console = _console()
    console.print(table)
    console.print("Options of one demonstration: dlquiz demo NAME --help", style="dim")
    return 0
