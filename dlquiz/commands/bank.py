"""`dlquiz bank …`: check, statistics, show, search and list the question bank."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dlquiz.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bank", help="check, count, show, search and list the question bank",
                            description="Tools for the question bank.")
    parser.set_defaults(handler=lambda _args: parser.print_help() or 0)
    commands = parser.add_subparsers(dest="bank_command", metavar="SUBCOMMAND")

    check = commands.add_parser("check", help="validate the bank; every problem as file:line: id: message",
                                description="Validate bank files (default: the whole bank). Exit 1 if any "
                                "problem is found.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="bank directories or question files")
    check.add_argument("--seeds", metavar="DIR", help="course material to check quotes against "
                       "(default: ../shared/seeds or $DLQUIZ_SEEDS)")
    check.set_defaults(handler=run_check)

    stats = commands.add_parser("stats", help="counts by topic and type, coverage of the syllabus")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.set_defaults(handler=run_stats)

    show = commands.add_parser("show", help="one item with its key, explanation and sources")
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    show.set_defaults(handler=run_show)

    search = commands.add_parser("search", help="find items by text (Chinese or English)")
    search.add_argument("text", metavar="TEXT", nargs="+")
    search.set_defaults(handler=run_search)

    listing = commands.add_parser("list", help="list items, optionally of some topics and types")
    listing.add_argument("--topic", action="append", metavar="T", help="a topic slug (repeatable)")
    listing.add_argument("--type", action="append", metavar="X", help="a question type (repeatable)")
    listing.set_defaults(handler=run_list)

    schema_cmd = commands.add_parser("schema", help="print the JSON Schema of a question file (for editors)")
    schema_cmd.set_defaults(handler=run_schema)


def _bank():
    from dlquiz import bank, locations

    root = locations.bank_dir()
    if not root.is_dir():
        raise UsageError(f"the question bank is missing at {root}; reinstall dlquiz")
    return bank.load(root)


def run_check(args: argparse.Namespace) -> int:
    from dlquiz import locations
    from dlquiz.bank.check import check_bank
    from dlquiz.bank.loader import Bank, load_bank

    seeds = Path(args.seeds) if args.seeds else None
    if seeds is not None and not seeds.is_dir():
        raise UsageError(f"--seeds: no such directory: {seeds}")
    default_root = locations.packaged_bank_dir()
    targets = [Path(p) for p in args.paths] or [locations.bank_dir()]
    problems = []
    banks: list[Bank] = []
    files = [p for p in targets if p.is_file()]
    for target in targets:
        if not target.exists():
            raise UsageError(f"no such file or directory: {target}")
        if target.is_dir():
            banks.append(load_bank(target, catalogues=default_root))
    if files:
        banks.append(load_bank(default_root, files=files))
    for loaded in banks:
        problems.extend(check_bank(loaded, seeds))
    for problem in problems:
        print(problem)
    items = sum(len(b.questions) for b in banks)
    if problems:
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)} found ({items} items loaded)")
        return 1
    templates = sum(q.type == "param" for b in banks for q in b.questions)
    misconceptions = max((len(b.misconceptions) for b in banks), default=0)
    print(f"bank OK: {items - templates} questions, {templates} templates, {misconceptions} misconceptions")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from dlquiz.bank.stats import bank_stats, coverage

    loaded = _bank()
    figures = bank_stats(loaded)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="题库 question bank", show_footer=True)
    table.add_column("主题 topic", footer="total")
    table.add_column("题目 questions", justify="right", footer=str(figures["questions"]))
    table.add_column("模板 templates", justify="right", footer=str(figures["templates"]))
    for row in coverage(loaded):
        short_q = row["questions"] < row["min_questions"]
        short_t = row["templates"] < row["min_templates"]
        table.add_row(
            f"{row['zh']} [dim]{row['topic']}[/]",
            f"[{'red' if short_q else 'green'}]{row['questions']}[/]/{row['min_questions']}",
            f"[{'red' if short_t else 'green'}]{row['templates']}[/]/{row['min_templates']}",
        )
    console = Console()
    console.print(table)
    by_type = ", ".join(f"{k} {v}" for k, v in figures["by_type"].items())
    console.print(f"types: {by_type}")
    console.print(f"bilingual: {figures['bilingual']:.0%} · misconceptions: {figures['misconceptions']} · "
                  f"explained distractors: {figures['explained_distractors']:.0%}")
    return 0


def _find(loaded, item_id: str):
    found = loaded.by_id.get(item_id)
    if found is None:
        import difflib

        close = difflib.get_close_matches(item_id, list(loaded.by_id), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else "; `dlquiz bank search TEXT` finds items"
        raise UsageError(f"no item with id {item_id!r}{hint}")
    return found


def run_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from dlquiz.render.question import render_question

    Console().print(render_question(_find(_bank(), args.id), lang=args.lang))
    return 0


def _print_list(questions) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for name, width in (("id", max((len(q.id) for q in questions), default=2)), ("type", 7),
                        ("topic", max((len(q.topic) for q in questions), default=5)), ("★", 1)):
        table.add_column(name, no_wrap=True, min_width=width)
    table.add_column("stem", overflow="ellipsis", no_wrap=True, ratio=1)
    for q in questions:
        table.add_row(q.id, q.type, q.topic, str(q.difficulty), q.stem.zh.replace("\n", " "))
    Console().print(table)


def run_search(args: argparse.Namespace) -> int:
    from dlquiz.bank.search import search

    found = search(_bank().questions, " ".join(args.text))
    if not found:
        print("no items found")
        return 0
    _print_list(found)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from dlquiz.bank import schema
    from dlquiz.bank.search import select

    loaded = _bank()
    known = {t.slug for t in loaded.syllabus.topics} if loaded.syllabus else set()
    for topic in args.topic or ():
        if known and topic not in known:
            raise UsageError(f"unknown topic {topic!r}; topics: {', '.join(sorted(known))}")
    for kind in args.type or ():
        if kind not in schema.QUESTION_TYPES:
            raise UsageError(f"unknown type {kind!r}; types: {', '.join(schema.QUESTION_TYPES)}")
    _print_list(select(loaded.questions, args.topic, args.type))
    return 0


def run_schema(_args: argparse.Namespace) -> int:
    from dlquiz.bank.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0
