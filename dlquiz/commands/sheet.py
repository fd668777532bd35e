"""`dlquiz sheet`: randomized, reproducible practice papers with answer keys (Markdown, HTML, PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dlquiz.errors import UsageError

QUESTION_TYPES = ("mcq", "multi", "tf", "numeric", "fill", "table", "short", "param")
MAX_VARIANTS = 1000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sheet", help="a randomized practice paper with its answer key (md, html, pdf)",
        description="Draw a practice paper from the bank by seed: items by topic, type and difficulty, numbers "
        "drawn for parametric items, choices shuffled, sections by type, points per item, and an answer key. "
        "The same options and seed always give the same bytes.",
        epilog="Example: dlquiz sheet --topic conv --count 20 --seed 7 --solutions -o conv.html",
    )  # fmt: skip
    parser.add_argument("--topic", action="append", default=[], metavar="T", help="a topic slug (repeatable)")
    parser.add_argument("--type", action="append", default=[], choices=QUESTION_TYPES, metavar="X",
                        help=f"a question type (repeatable): {', '.join(QUESTION_TYPES)}")
    parser.add_argument("--difficulty", action="append", default=[], type=int, choices=(1, 2, 3), metavar="D",
                        help="1, 2 or 3 (repeatable)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--count", type=int, metavar="N", help="items per paper (default 20)")
    size.add_argument("--points", type=float, metavar="P", help="total points per paper instead of a count")
    parser.add_argument("--seed", type=int, metavar="S", help="the paper seed (default: a random one, printed)")
    parser.add_argument("--variants", type=int, default=1, metavar="K",
                        help="write K different papers (no two share an item or a set of numbers)")
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    parser.add_argument("--format", choices=("md", "html", "pdf"), help="default: from the output's suffix")
    parser.add_argument("--key", choices=("separate", "end", "none"), default="separate",
                        help="the answer key in its own file (default), after the paper, or not at all")
    parser.add_argument("--solutions", action="store_true",
                        help="explanations, worked steps and common mistakes in the key")
    parser.add_argument("-o", "--output", required=True, metavar="PATH", help="the paper's file")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    parser.set_defaults(handler=run)


def _spec(args: argparse.Namespace, fmt: str):
    from dlquiz.sheet.draw import Selection
    from dlquiz.sheet.spec import SheetSpec

    if args.count is not None and args.count < 1:
        raise UsageError("--count must be at least 1")
    if args.points is not None and args.points <= 0:
        raise UsageError("--points must be positive")
    if not 1 <= args.variants <= MAX_VARIANTS:
        raise UsageError(f"--variants must be between 1 and {MAX_VARIANTS}")
    if args.solutions and args.key == "none":
        raise UsageError("--solutions goes in the key; drop --key none")
    if args.seed is not None and args.seed < 0:
        raise UsageError("--seed must be zero or positive")
    if args.seed is None:
        import secrets

        args.seed = secrets.randbelow(1_000_000)
    selection = Selection(tuple(dict.fromkeys(args.topic)), tuple(dict.fromkeys(args.type)),
                          tuple(sorted(set(args.difficulty))))
    count = None if args.points is not None else (args.count or 20)
    return SheetSpec(selection, count, args.points, args.seed, args.variants, args.lang, args.key, args.solutions,
                     fmt)


def run(args: argparse.Namespace) -> int:
    from dlquiz import bank
    from dlquiz.sheet import output
    from dlquiz.sheet.draw import draw_papers, select

    base = Path(args.output).expanduser()
    fmt = output.format_of(base, args.format)
    spec = _spec(args, fmt)
    plans = output.targets(base, spec.variants, spec.key)
    output.check_targets([p for plan in plans for p in plan.values()], args.force)
    if fmt == "pdf":
        from dlquiz.sheet.pdf import ChromiumMissing, find_chromium

        if find_chromium() is None:  # fail before drawing, not after the first paper
            raise ChromiumMissing("PDF needs Chromium or Chrome (Debian: apt-get install chromium "
                                  "fonts-wqy-microhei; or set DLQUIZ_CHROMIUM); --format html works without it")
    loaded = bank.load()
    papers = draw_papers(select(loaded, spec.selection), spec.seed, spec.variants, spec.count, spec.points)
    written: list[Path] = []
    if len(papers) == 1 and fmt != "pdf":
        written += output.write(papers[0], spec, loaded.misconceptions, plans[0])
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("writing papers", total=len(papers))
            for paper, plan in zip(papers, plans, strict=True):
                written += output.write(paper, spec, loaded.misconceptions, plan)
                progress.advance(task)
    keys = sum(1 for plan in plans if "key" in plan)
    shown = ", ".join(str(p) for p in written[:2]) + (", …" if len(written) > 2 else "")
    what = f"{len(papers)} paper{'s' * (len(papers) != 1)}" + (f" and {keys} key{'s' * (keys != 1)}" if keys else "")
    print(f"wrote {what} (seed {spec.seed}): {shown}")
    return 0
