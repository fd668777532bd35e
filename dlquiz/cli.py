"""The `dlquiz` command: argument parsing, exit codes and one-line errors.

Each command lives in `dlquiz/commands/<name>.py` with a `register(subparsers)` function that adds
its parser and sets `handler`, a function taking the parsed arguments and returning an exit code.
Command modules keep heavy imports inside their handlers, so `dlquiz calc` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from dlquiz import __version__
from dlquiz.errors import DlquizError

# Only commands that are built are listed here, so `--help` never shows a command that does nothing.
COMMANDS: tuple[str, ...] = (
    "quiz", "stats", "plan", "demo", "calc", "sheet", "export", "bank", "progress", "config", "tui",
)

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> Parser:
    """The whole command tree; shared by `main` and the tests."""
    parser = Parser(
        prog="dlquiz",
        description="Exam preparation for a deep-learning course: practise, check the bank, calculate.",
        epilog="With no command, dlquiz opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"dlquiz {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress is kept (default: the platform's user data directory; env DLQUIZ_HOME)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        importlib.import_module(f"dlquiz.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs dlquiz and returns its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ["DLQUIZ_HOME"] = args.data_dir
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            if sys.stdin.isatty() and sys.stdout.isatty():
                from dlquiz.tui.app import run

                return run()
            parser.print_help()  # pipes and CI get the help, never a full-screen app
            return EXIT_OK
        return int(handler(args))
    except DlquizError as exc:
        sys.stderr.write(f"dlquiz: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("dlquiz: interrupted\n")
        return 130
    except BrokenPipeError:
        # `dlquiz bank list | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
