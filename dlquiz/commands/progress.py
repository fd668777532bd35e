"""`dlquiz progress export|import`: progress as a JSON file, to move it between machines or back it up."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dlquiz.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("progress", help="export or import progress as JSON")
    parser.set_defaults(handler=lambda _args: parser.print_help() or 0)
    commands = parser.add_subparsers(dest="progress_command", metavar="SUBCOMMAND")
    export = commands.add_parser("export", help="write progress as JSON (to stdout or -o FILE)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (never overwrites without --force)")
    export.add_argument("--force", action="store_true", help="overwrite FILE")
    export.set_defaults(handler=run_export)
    imported = commands.add_parser("import", help="merge a progress JSON file into this machine's progress")
    imported.add_argument("file", metavar="FILE", help="a file written by `dlquiz progress export` (- for stdin)")
    imported.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    from dlquiz.store import Store

    with Store.open() as store:
        text = json.dumps(store.export_data(), ensure_ascii=False, indent=1)
    if not args.output:
        print(text)
        return 0
    path = Path(args.output)
    if not path.parent.is_dir():
        raise UsageError(f"no such directory: {path.parent}")
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists; add --force to overwrite it")
    path.write_text(text + "\n", "utf-8")
    print(f"progress written to {path}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from dlquiz.store import Store

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        data = json.loads(text)
    except FileNotFoundError:
        raise UsageError(f"no such file: {args.file}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {args.file}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{args.file} is not JSON (line {exc.lineno}: {exc.msg})") from None
    with Store.open() as store:
        added = store.import_data(data)
    print("imported: " + ", ".join(f"{k} {v}" for k, v in added.items()))
    return 0
