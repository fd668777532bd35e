"""`dlquiz quiz --plain`: the practice loop on plain stdin/stdout, for pipes, scripts and screen readers.

One line per answer (blanks and parts of one item separated by `;`); `q` quits; the end of input ends the
session cleanly with a summary. Every answer is committed before the next item is printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from dlquiz.errors import UsageError

LANGS = ("zh", "en", "both")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("quiz", help="practise on plain stdin/stdout (one line per answer)",
                            description="The practice loop over stdin/stdout. Answer with the option letter(s), "
                            "a number or expression, or text; separate blanks or parts with ';'. q quits.")
    parser.add_argument("--plain", action="store_true",
                        help="plain text; without it a terminal opens the app's practice screen")
    parser.add_argument("--topic", action="append", metavar="T", help="a topic slug (repeatable)")
    parser.add_argument("--type", action="append", metavar="X", help="a question type (repeatable)")
    parser.add_argument("--difficulty", action="append", type=int, choices=(1, 2, 3), help="1, 2 or 3 (repeatable)")
    parser.add_argument("--count", type=int, default=10, metavar="N", help="how many items (default 10)")
    parser.add_argument("--seed", type=int, metavar="S", help="draw the same items and numbers again")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--exam", action="store_true", help="a mock exam: points per item, results at the end")
    mode.add_argument("--review", action="store_true", help="only the reviews that are due")
    mode.add_argument("--cram", action="store_true", help="drill the hardest items without changing the schedule")
    parser.add_argument("--lang", choices=LANGS, default="both", help="language of the text (default both)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dlquiz import bank as bank_module
    from dlquiz.bank import schema
    from dlquiz.quiz.session import QuizSession
    from dlquiz.store import Store

    if args.count < 1:
        raise UsageError("--count must be at least 1")
    mode = "exam" if args.exam else "review" if args.review else "cram" if args.cram else "practice"
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from dlquiz.tui.app import run as run_app

        options = {k: v for k, v in (("topics", args.topic), ("types", args.type), ("difficulties", args.difficulty))
                   if v}
        return run_app(start=mode, count=args.count, seed=args.seed, **options)
    loaded = bank_module.load()
    known = {t.slug for t in loaded.syllabus.topics} if loaded.syllabus else set()
    for topic in args.topic or ():
        if topic not in known:
            raise UsageError(f"unknown topic {topic!r}; see `dlquiz bank stats` for the topics")
    for kind in args.type or ():
        if kind not in schema.QUESTION_TYPES:
            raise UsageError(f"unknown type {kind!r}; types: {', '.join(schema.QUESTION_TYPES)}")
    with Store.open() as store:
        if store.recovered:
            print(f"dlquiz: the progress file was damaged; moved aside to {store.recovered}", file=sys.stderr)
        session = QuizSession(loaded, store, mode=mode, topics=args.topic, types=args.type,
                              difficulties=args.difficulty, count=args.count, seed=args.seed)
        if not session.items:
            print("nothing to practise here" if mode != "review" else "no reviews are due")
            return 0
        PlainLoop(session, args.lang, sys.stdin, sys.stdout).run()
    return 0


class PlainLoop:
    """Prints an item, reads one line, grades and records it, prints the verdict."""

    def __init__(self, session, lang: str, reader: TextIO, writer: TextIO) -> None:
        self.session = session
        self.lang = lang
        self.reader = reader
        self.writer = writer

    def say(self, text: str = "") -> None:
        self.writer.write(text + "\n")
        self.writer.flush()

    def text(self, value) -> str:
        from dlquiz.render.question import text_of

        return text_of(value, self.lang)

    def ask(self, prompt: str) -> str | None:
        self.writer.write(prompt)
        self.writer.flush()
        line = self.reader.readline()
        return None if line == "" else line.rstrip("\n")

    def run(self) -> None:
        total = len(self.session.items)
        exam = self.session.mode == "exam"
        self.say(f"dlquiz · {self.session.mode} · {total} items · seed {self.session.seed}  (q quits)")
        for presented in self.session.items:
            self.show(presented, total)
            presented.shown_at = time.monotonic()
            line = self.ask("> ")
            if line is None or line.strip().lower() in ("q", "quit", ":q"):
                break
            self.answer(presented, line, exam)
        self.finish()

    def show(self, presented, total: int) -> None:
        q = presented.question
        self.say()
        self.say(f"[{presented.number}/{total}] {q.id} · {q.type} · {q.topic} · {'*' * q.difficulty}"
                 + (f" · {presented.points:g} pts" if self.session.mode == "exam" else ""))
        self.say(self.text(presented.stem).replace("[[", "(").replace("]]", ") ____"))
        for assumption in q.assumptions:
            self.say(f"  ({self.text(assumption)})")
        for shown, option in presented.options:
            self.say(f"  {shown}. {self.text(option.text)}")
        hint = self.hint(presented)
        if hint:
            self.say(hint)

    def hint(self, presented) -> str:
        from dlquiz.bank import schema

        q = presented.question
        if isinstance(q, schema.Fill) and len(q.blanks) > 1:
            return f"  answer {len(q.blanks)} blanks in order: {'; '.join(b.id for b in q.blanks)}"
        if isinstance(q, schema.Table):
            cells = [c for row in q.rows for c in row.cells if isinstance(c, schema.BlankCell)]
            return "  table: " + " | ".join(self.text(c) for c in q.columns) + "\n" + "\n".join(
                "  " + " | ".join(f"({c.blank})" if isinstance(c, schema.BlankCell) else self.text(c) for c in r.cells)
                for r in q.rows) + f"\n  answer the {len(cells)} blanks in order, separated by ;"
        if presented.instance:
            return "\n".join(f"  ({p.key}) {self.text(p.stem)}" for p in presented.instance.parts) + (
                "\n  answer the parts in order, separated by ;" if len(presented.instance.parts) > 1 else "")
        if q.type == "multi":
            return "  (choose all that apply, e.g. A,C)"
        if q.type == "tf":
            return "  (t/f, 对/错)"
        return ""

    def answer(self, presented, line: str, exam: bool) -> None:
        session = self.session
        result = session.grade(presented, line)
        self_score = None
        if result.needs_self_grade and not exam:
            self.say(f"  keywords found: {', '.join(result.keywords) or 'none'} ({result.note})")
            self.say("  reference answer:")
            for ref_line in self.text(presented.question.reference_answer).splitlines():
                self.say(f"    {ref_line}")
            own = self.ask("  your own grade, 0-100 (enter keeps the keyword score)> ")
            if own and own.strip().isdigit():
                self_score = min(100, int(own.strip())) / 100
        outcome = session.record(presented, line, result, self_score=self_score)
        if exam:
            self.say("  recorded")
            return
        self.verdict(outcome)

    def verdict(self, outcome) -> None:
        result = outcome.grade
        q = outcome.presented.question
        mark = "✔ 正确 correct" if result.correct else f"✘ 错误 wrong ({result.score:.0%})"
        self.say(f"  {mark} · key: {self.key_text(outcome)}")
        if result.note:
            self.say(f"  note: {result.note}")
        for mid in result.misconceptions:
            entry = self.session.bank.misconceptions.get(mid)
            if entry:
                self.say(f"  易错 mistake: {self.text(entry.name)} — {self.text(entry.explanation)}")
        for why in result.feedback:
            self.say(f"  why: {self.text(why)}")
        explanation = outcome.presented.instance.explanation if outcome.presented.instance else getattr(
            q, "explanation", None)
        if explanation is not None:
            self.say("  " + self.text(explanation).replace("\n", "\n  "))

    def key_text(self, outcome) -> str:
        presented = outcome.presented
        if presented.options:
            shown = [s for s, o in presented.options if o.correct]
            return ", ".join(shown)
        return outcome.grade.expected

    def finish(self) -> None:
        summary = self.session.summary()
        self.say()
        self.say(f"answered {summary['answered']}/{summary['asked']} · correct {summary['correct']} · "
                 f"points {summary['points']:g}/{summary['possible']:g}")
        for topic, score in summary["by_topic"].items():
            self.say(f"  {topic}: {score:.0%}")
        if self.session.mode == "exam":
            for outcome in self.session.outcomes:
                if not outcome.grade.correct:
                    self.say(f"  ✘ {outcome.presented.question.id}: key {self.key_text(outcome)}")
        if summary["wrong"]:
            self.say("to review: " + ", ".join(summary["wrong"]))
