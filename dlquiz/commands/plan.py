"""`dlquiz plan`: a day-by-day study plan up to the exam, and the recall it predicts per topic on exam day."""

from __future__ import annotations

import argparse
import json
from datetime import date


def exam_date(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date (a bad one is a one-line usage error)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plan", help="a day-by-day study plan that peaks on exam day",
                            description="Plans reviews and new items for every day up to the exam, within a daily "
                            "budget, so that every item studied is recalled on exam day with the desired retention "
                            "(`dlquiz config set desired_retention 0.9`). The exam date and budget given here are "
                            "remembered; the plan is recomputed after every session.")
    parser.add_argument("--exam-date", type=exam_date, metavar="YYYY-MM-DD",
                        help="the exam day (default: the one given last time)")
    parser.add_argument("--minutes-per-day", type=float, metavar="M",
                        help="daily study budget in minutes (default: the one given last time, else 30)")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dlquiz import bank
    from dlquiz.errors import UsageError
    from dlquiz.quiz.plan import make_plan
    from dlquiz.quiz.settings import Settings
    from dlquiz.store import Store

    if args.minutes_per_day is not None and not 0 < args.minutes_per_day <= 1440:
        raise UsageError(f"--minutes-per-day must be more than 0 and at most 1440, not {args.minutes_per_day:g}")
    loaded = bank.load()
    with Store.open() as store:
        settings = Settings.load(store)
        exam = args.exam_date or settings.exam
        if exam is None:
            raise UsageError("give the exam day: dlquiz plan --exam-date YYYY-MM-DD")
        plan = make_plan(loaded, store, exam, args.minutes_per_day, settings=settings)
        # Remembered only once the plan was made, so a past date or bad budget is never stored.
        if args.exam_date is not None:
            store.set_setting("exam_date", exam.isoformat())
        if args.minutes_per_day is not None:
            store.set_setting("minutes_per_day", args.minutes_per_day)
    if args.json:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
        return 0
    show(plan, loaded)
    return 0


def show(plan, loaded) -> None:
    """Prints the plan as two Rich tables: the days, then predicted recall per topic."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    days = Table(title=f"学习计划 study plan · exam {plan.exam_date.isoformat()} · {plan.minutes_per_day:g} min/day · "
                 f"target {plan.target:.0%}")
    for name, justify in (("日期 date", "left"), ("新 new", "right"), ("复习 reviews", "right"),
                          ("分钟 minutes", "right")):
        days.add_column(name, justify=justify)  # type: ignore[arg-type]
    for day in plan.days:
        label = day.date.isoformat() + (" (today)" if day.date == plan.today else "")
        days.add_row(label, str(day.new), str(day.reviews), f"{day.minutes:g}")
    console.print(days)
    topics = Table(title="考试日预计记忆 predicted recall on exam day")
    topics.add_column("主题 topic", no_wrap=True)
    topics.add_column("预计 predicted", no_wrap=True)
    for slug, value in plan.predicted_retention.items():
        entry = loaded.topic(slug)
        bar = "█" * round(value * 10) + "░" * (10 - round(value * 10))
        topics.add_row(entry.zh if entry else slug, f"{bar} {value:.0%}")
    console.print(topics)
    console.print("items never studied count as 0; studied items are planned to reach the target", style="dim")
    for line in notes(plan):
        console.print(line)


def notes(plan) -> list[str]:
    """What the learner should know beyond the tables: backlog, items left out, items short, leeches."""
    lines = []
    if plan.backlog and plan.backlog_days > 1:
        lines.append(f"backlog: {plan.backlog} reviews due now, spread over {plan.backlog_days} days "
                     "(most at stake on exam day first)")
    if plan.unplanned_new:
        lines.append(f"{plan.unplanned_new} new items do not fit before the exam; raise --minutes-per-day to "
                     "study them")
    if plan.short:
        lines.append(f"{len(plan.short)} studied items will miss the target on exam day within this budget")
    if plan.leeches:
        lines.append(f"{len(plan.leeches)} leeches (forgotten again and again): see `dlquiz stats`")
    return lines
