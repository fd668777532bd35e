"""`dlquiz stats`: progress per topic, reviews due, streak and the most frequent mistakes."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stats", help="progress per topic, due reviews, streak",
                            description="Your progress: attempts, accuracy and mastery per topic, due reviews.")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dlquiz import bank
    from dlquiz.quiz.progress import progress
    from dlquiz.store import Store

    loaded = bank.load()
    with Store.open() as store:
        figures = progress(loaded, store)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"进度 progress · {figures['attempts']} answers · {figures['due']} due · "
                  f"streak {figures['streak']} days")
    table.add_column("主题 topic", no_wrap=True)
    table.add_column("作答", justify="right")
    table.add_column("正确率", justify="right")
    table.add_column("掌握 mastery", no_wrap=True)
    table.add_column("待复习", justify="right")
    for row in figures["by_topic"].values():
        bar = "█" * round(row["mastery"] * 10) + "░" * (10 - round(row["mastery"] * 10))
        table.add_row(row["zh"], str(row["attempts"]), f"{row['accuracy']:.0%}" if row["attempts"] else "–",
                      f"{bar} {row['mastery']:.0%}", str(row["due"]))
    console.print(table)
    console.print("作答 attempts · 正确率 accuracy · 掌握 = predicted recall now · 待复习 due reviews", style="dim")
    if figures["leeches"]:
        console.print("难点 leeches: items forgotten again and again after being known (× lapses); their "
                      "explanation is shown before they are asked again (`dlquiz quiz --cram --item ID`):")
        for row in figures["leeches"]:
            console.print(f"  {row['lapses']}× {row['id']} [dim]({row['topic']})[/]")
    if figures["misconceptions"]:
        console.print("常见错误 frequent mistakes · 下一步看 where to look next:")
        for row in figures["top_misconceptions"]:
            console.print(f"  {row['count']}× {row['zh']} [dim]({row['id']})[/]")
            if row["see"]:
                console.print(f"      → {', '.join(row['see'])}", style="cyan", highlight=False)
    return 0
