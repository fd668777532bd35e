"""`dlquiz tui`: the terminal app (what `dlquiz` with no command opens in a terminal)."""

from __future__ import annotations

import argparse
import sys

from dlquiz.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("tui", help="the terminal app: practise, review, exams, calculator, demos, progress",
                            description="Opens the terminal app. `dlquiz` with no command does the same.")
    parser.add_argument("--seed", type=int, metavar="S", help="draw the same items and numbers in every session")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the app needs a terminal; use `dlquiz quiz --plain` in pipes and scripts")
    from dlquiz.tui.app import run as run_app

    return run_app(seed=args.seed)
