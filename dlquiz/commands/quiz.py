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
    parser.add_argument("--item", action="append", metavar="ID", help="only this item (repeatable; e.g. to cram it)")
    parser.add_argument("--count", type=int, default=10, metavar="N", help="how many items (default 10)")
    parser.add_argument("--seed", type=int, metavar="S", help="draw the same items and numbers again")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--exam", action="store_true", help="a mock exam: points per item, results at the end")
    mode.add_argument("--review", action="store_true", help="only the reviews that are due")
    mode.add_argument("--cram", action="store_true", help="drill the hardest (or chosen) items without changing "
                      "the schedule; answers are recorded as cram")
    parser.add_argument("--lang", choices=LANGS, default="both", help="language of the text (default both)")
    parser.add_argument("--rate", action="store_true",
                        help="after each verdict, ask for your own rating (1 again … 4 easy) instead of the automatic")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dlquiz import bank as bank_module
    from dlquiz.bank import schema
    from dlquiz.quiz.scheduling import Scheduling
    from dlquiz.quiz.session import QuizSession
    from dlquiz.quiz.settings import Settings
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
    for item in args.item or ():
        if item not in loaded.by_id:
            raise UsageError(f"unknown item {item!r}; see `dlquiz bank search`")
    for kind in args.type or ():
        if kind not in schema.QUESTION_TYPES:
            raise UsageError(f"unknown type {kind!r}; types: {', '.join(schema.QUESTION_TYPES)}")
    with Store.open() as store:
        if store.recovered:
            print(f"dlquiz: the progress file was damaged; moved aside to {store.recovered}", file=sys.stderr)
        settings = Settings.load(store)
        session = QuizSession(loaded, store, mode=mode, topics=args.topic, types=args.type,
                              difficulties=args.difficulty, ids=args.item, count=args.count, seed=args.seed,
                              scheduling=Scheduling(settings.desired_retention))
        if not session.items:
            print("nothing to practise here" if mode != "review" else nothing_due(loaded, store, settings))
            return 0
        PlainLoop(session, args.lang, sys.stdin, sys.stdout, rate=args.rate).run()
        if session.outcomes and mode != "exam":
            line = plan_line(loaded, store)
            if line:
                print(line)
    return 0


def nothing_due(loaded, store, settings) -> str:
    """Why a review session is empty: nothing due, or today's budget already spent on them."""
    from dlquiz.quiz.days import day_start, is_due_today, study_day
    from dlquiz.quiz.scheduling import card_id, now

    live = {card_id(q.id) for q in loaded.questions if q.status != "retired"}
    moment = now()
    waiting = sum(1 for cid, card in store.cards().items()
                  if cid in live and is_due_today(card, moment, settings.tz, settings.day_start_hour))
    if not waiting:
        return "no reviews are due"
    start = day_start(study_day(moment, settings.tz, settings.day_start_hour), settings.tz, settings.day_start_hour)
    if sum(a.duration_s for a in store.attempts(since=start)) >= settings.minutes_per_day * 60:
        return (f"today's {settings.minutes_per_day:g} minutes are spent; {waiting} due reviews wait for the coming "
                "days (`dlquiz config set minutes_per_day M` gives more time)")
    return (f"no reviews are needed today: the {waiting} FSRS calls due are predicted above "
            f"{settings.desired_retention:.0%} on exam day {settings.exam_date}")


def plan_line(loaded, store) -> str | None:
    """The exam plan recomputed after a session, in one line (None without an exam date)."""
    from dlquiz.quiz.plan import make_plan
    from dlquiz.quiz.settings import Settings

    settings = Settings.load(store)
    exam = settings.exam
    if exam is None:
        return None
    try:
        plan = make_plan(loaded, store, exam, settings=settings)
    except UsageError:  # the exam is past
        return None
    today = plan.days[0]
    recall = list(plan.predicted.values())
    mean = sum(recall) / len(recall) if recall else 0.0
    left = (f"{today.reviews} reviews and {today.new} new items ({today.minutes:g} min) left today"
            if today.seconds else "nothing more today")
    return (f"plan for the exam on {exam.isoformat()}: {left}; predicted exam-day recall of the items studied "
            f"and planned {mean:.0%} (target {plan.target:.0%}); `dlquiz plan` shows every day")


class PlainLoop:
    """Prints an item, reads one line, grades and records it, prints the verdict."""

    def __init__(self, session, lang: str, reader: TextIO, writer: TextIO, rate: bool = False) -> None:
        self.session = session
        self.rate = rate
        self.lang = lang
        self.reader = reader
        self.writer = writer

    def say(self, text: str = "") -> None:
        self.writer.write(text + "\n")
        self.writer.flush()

    def text(self, value) -> str:
        from dlquiz.render.question import text_of

        return text_of(value, self.lang)

    def inline(self, value) -> str:
        """A bilingual text on one line (zh / en), for table cells."""
        return self.text(value).replace("\n", " / ")

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
            self.leech(presented)
            self.show(presented, total)
            presented.shown_at = time.monotonic()
            line = self.ask("> ")
            if line is None or line.strip().lower() in ("q", "quit", ":q"):
                break
            self.answer(presented, line, exam)
        self.finish()

    def leech(self, presented) -> None:
        """Before a leech is asked again: its explanation, demonstration and related items (not in an exam)."""
        from dlquiz.quiz.leeches import leech_note, mark_shown

        if self.session.mode == "exam":
            return
        explanation = presented.instance.explanation if presented.instance else None
        note = leech_note(self.session.bank, self.session.store, presented.question, explanation=explanation)
        if note is None:
            return
        self.say()
        self.say(f"⚠ 难点 leech: {note.question.id} was forgotten {note.lapses} times after being known. "
                 "Read this first, then try it again:")
        if note.explanation is not None:
            self.say("  " + self.text(note.explanation).replace("\n", "\n  "))
        if note.demo_command:
            self.say(f"  演示 demo: {note.demo_command}")
        for related in note.related:
            stem = self.text(related.stem).splitlines()[0]
            self.say(f"  相关 related: {related.id} · {stem[:70]}")
        mark_shown(self.session.store, note)

    def show(self, presented, total: int) -> None:
        q = presented.question
        self.say()
        self.say(f"[{presented.number}/{total}] {q.id} · {q.type} · {q.topic} · {'*' * q.difficulty}"
                 + (f" · {presented.points:g} pts" if self.session.mode == "exam" else ""))
        from dlquiz.render.question import BLANK

        self.say(BLANK.sub(r"(\1) ____", self.text(presented.stem)))
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
            lines = ["  " + " | ".join(self.inline(c) for c in q.columns)]
            lines += ["  " + " | ".join(f"({c.blank}) ____" if isinstance(c, schema.BlankCell) else self.inline(c)
                                        for c in row.cells) for row in q.rows]
            choice_sets = {tuple(c.choices) for c in cells if c.choices}
            def numbered(choices) -> str:
                return "  ".join(f"{i}) {choice}" for i, choice in enumerate(choices, 1))

            if len(choice_sets) == 1:
                lines.append("  choose (text or number): " + numbered(next(iter(choice_sets))))
            else:
                lines += [f"  ({c.blank}) choose: " + numbered(c.choices) for c in cells if c.choices]
            lines.append(f"  answer the {len(cells)} blanks in order ({', '.join(c.blank for c in cells)}), "
                         "separated by ;")
            return "\n".join(lines)
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
        rating = None
        if self.rate and not exam:
            self.verdict(presented, result)
            rating = self.ask_rating(presented, result)
        outcome = session.record(presented, line, result, self_score=self_score, rating=rating)
        if exam:
            self.say("  recorded")
        elif not self.rate:
            self.verdict(presented, outcome.grade)

    def ask_rating(self, presented, result) -> int | None:
        from dlquiz.quiz.scheduling import RATING_NAMES, Scheduling

        q = presented.question
        auto = Scheduling.rating(result.score, result.correct, time.monotonic() - presented.shown_at, q.type,
                                 q.difficulty)
        choices = " ".join(f"{n} {name}" for n, name in RATING_NAMES.items())
        line = self.ask(f"  rating ({choices}; enter keeps {auto} {RATING_NAMES[auto]})> ")
        return int(line.strip()) if line and line.strip() in ("1", "2", "3", "4") else None

    def verdict(self, presented, result) -> None:
        q = presented.question
        mark = "✔ 正确 correct" if result.correct else f"✘ 错误 wrong ({result.score:.0%})"
        self.say(f"  {mark} · key: {self.key_text(presented, result)}")
        if result.note:
            self.say(f"  note: {result.note}")
        for mid in result.misconceptions:
            entry = self.session.bank.misconceptions.get(mid)
            if entry:
                self.say(f"  易错 mistake: {self.text(entry.name)} — {self.text(entry.explanation)}")
        for diagnosis in result.diagnoses:
            where = f"({diagnosis.part}) " if diagnosis.part else ""
            self.say(f"  {where}that value is what this gives [{', '.join(diagnosis.ids)}]:")
            for step in diagnosis.steps:
                self.say("    " + step_text(step))
        for why in result.feedback:
            self.say(f"  why: {self.text(why)}")
        explanation = presented.instance.explanation if presented.instance else getattr(q, "explanation", None)
        if explanation is not None:
            self.say("  " + self.text(explanation).replace("\n", "\n  "))

    def key_text(self, presented, result) -> str:
        if presented.options:
            return ", ".join(s for s, o in presented.options if o.correct)
        return result.expected

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
                    self.say(f"  ✘ {outcome.presented.question.id}: key "
                             f"{self.key_text(outcome.presented, outcome.grade)}")
        if summary["wrong"]:
            self.say("to review: " + ", ".join(summary["wrong"]))


def step_text(step) -> str:
    """A worked step on one line: `title: formula = substitution = value (note)`."""
    chain = " = ".join(p for p in (step.formula, step.substitution, step.value) if p)
    return f"{step.title}: {chain}" + (f"  ({step.note})" if step.note else "")
