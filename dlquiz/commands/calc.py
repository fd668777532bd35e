"""`dlquiz calc SOLVER …`: a solver as a calculator, its flags made from the solver's own signature.

`--input 3x32x32 --out-channels 6 --kernel-size 5` maps one to one onto
`solvers.conv2d(input_shape=(3, 32, 32), out_channels=6, kernel_size=5)`. A '?' in a size, kernel size,
stride, padding or dilation is solved for, given `--output-size`. Only argparse is imported at module
level; solvers, json and rich come in when the handler runs, rich only for the pretty output.
"""

from __future__ import annotations

import argparse
from typing import Any

# Accepted spellings of the solver names that differ from the Python API.
ALIASES = {
    "summary": "summarize",
    "conv_transpose": "conv_transpose2d",
    "mha": "multihead_attention",
    "maxpool": "max_pool2d",
    "avgpool": "avg_pool2d",
    "bn": "batch_norm",
    "ln": "layer_norm",
}


def register(sub: Any) -> None:
    """Adds the `calc` command."""
    parser = sub.add_parser(
        "calc",
        help="shapes, parameters and FLOPs with worked steps",
        description="A solver as a calculator: the result and its worked steps. "
        "Run `dlquiz calc` to list the solvers, `dlquiz calc SOLVER --help` for a solver's flags.",
        epilog="Example: dlquiz calc conv2d --input 3x32x32 --out-channels 6 --kernel-size 5 --padding '?' "
        "--output-size 32",
    )
    parser.add_argument("solver", nargs="?", help="conv2d, max_pool2d, lstm, multihead_attention, summary, …")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="the solver's flags, then --json if wanted")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Parses the solver's flags, runs it (or solves for the '?'), prints the result."""
    from dlquiz.commands import calc_args
    from dlquiz.errors import UsageError
    from solvers import SolverError, catalog

    if args.solver is None:
        return _list_solvers()
    name = args.solver.replace("-", "_").lower()
    name = ALIASES.get(name, name)
    if name not in catalog.CALCULATORS:
        import difflib

        close = difflib.get_close_matches(name, [*catalog.CALCULATORS, *ALIASES], n=1)
        hint = f"; did you mean {close[0]}?" if close else "; run `dlquiz calc` to list them"
        raise UsageError(f"unknown solver {args.solver!r}{hint}")
    options = calc_args.parse(name, args.options)
    try:
        if options.unknown:
            from solvers.symbolic import solve_unknown

            result: Any = solve_unknown(name, options.kwargs, options.output_size)
        else:
            result = catalog.load(name)(**options.kwargs)
    except SolverError as exc:
        raise UsageError(f"{name}: {exc}") from None
    if options.check is not None:
        return _check(result, options)
    if options.json:
        _print_json(result.to_dict())
        return 0
    from dlquiz.render.solver import console, render

    console().print(render(result))
    return 0


def _print_json(data: dict[str, Any]) -> None:
    import json
    import sys

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _check(result: Any, options: Any) -> int:
    """`--check KEY=VALUE`: the verdict, the right steps, and every known mistake giving a wrong value."""
    from dlquiz.bank import catalogue
    from dlquiz.quiz.checking import check, parse_check

    key, text = parse_check(options.check)
    checked = check(result, key, text, options.kwargs)
    names = catalogue()
    if options.json:
        entries = [{"id": mid, "zh": names[mid].name.zh if mid in names else mid,
                    "en": (names[mid].name.en or names[mid].name.zh) if mid in names else mid} for mid in checked.ids]
        given, expected = checked.shown
        _print_json(result.to_dict() | {"check": {"key": checked.key, "given": given, "expected": expected,
                                                  "correct": checked.correct, "misconceptions": entries}})
    else:
        from dlquiz.render.solver import console, render_check

        console().print(render_check(result, checked, names))
    return 0 if checked.correct else 1


def _list_solvers() -> int:
    from dlquiz.render.solver import console, render_catalog
    from solvers import catalog

    console().print(
        render_catalog({("summary" if k == "summarize" else k): v[1] for k, v in catalog.CALCULATORS.items()})
    )
    return 0
