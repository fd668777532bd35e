"""Practice, review and cram: one item at a time, graded on submit, with feedback and an Anki-style rating.

Phases: `answer` (typing), `self` (a short answer awaiting the learner's own grade), `done` (recorded;
ratings 1–4 may override the automatic one; n goes on). Every answer is committed before the next item.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from dlquiz.tui.i18n import pick
from dlquiz.tui.i18n import text as text_in
from dlquiz.tui.messages import AnswerSubmitted
from dlquiz.tui.widgets.item_view import ItemView, item_title
from dlquiz.tui.widgets.key_bar import ClickBar, KeyBar

RATINGS = {1: ("重来", "again"), 2: ("困难", "hard"), 3: ("良好", "good"), 4: ("简单", "easy")}
SELF_SCORES = {"0": 0.0, "1": 0.25, "2": 0.5, "3": 0.75, "4": 1.0}
MODE_NAMES = {"practice": ("练习", "Practice"), "review": ("复习", "Review"), "cram": ("突击", "Cram")}


class QuestionScreen(Screen[dict[str, Any]]):
    """Runs a `QuizSession` item by item; returns the session summary when it ends or is left."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("0", "self_grade(0)", "Self-grade", key_display="0–4"),
        *(Binding(str(v), f"self_grade({v})", f"Self-grade {25 * v}%", show=False) for v in range(1, 5)),
        Binding("enter", "keep", "Keep score", key_display="⏎"),
        *(Binding(str(v), f"rate({v})", f"Rate: {RATINGS[v][1]}", show=False) for v in range(1, 5)),
        Binding("n", "next", "Next"),
        Binding("enter", "next", "Next", show=False),
        Binding("d", "demo", "Demo"),
        Binding("escape", "leave", "End"),
    ]

    phase: reactive[str] = reactive("answer")

    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session
        self.index = 0
        self.outcome: Any = None
        self.pending: tuple[Any, Any] | None = None  # a short answer and its keyword grade, awaiting a self-grade
        self.shown_at = 0.0
        self.prepared: ItemView | None = None  # the next item, built in advance (hidden)

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    @property
    def view(self) -> ItemView:
        """The item on screen (a second, hidden one may be waiting as the next)."""
        return next(v for v in self.query(ItemView) if v.display)

    @property
    def presented(self) -> Any:
        return self.session.items[self.index]

    def compose(self) -> ComposeResult:
        yield Static("", id="q-bar")
        with VerticalScroll(id="q-body", can_focus=True):
            yield ItemView(self.presented, self.lang)
            yield Static("", id="q-feedback")
        yield ClickBar(id="q-after")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_item()

    def _show_item(self) -> None:
        self.phase = "answer"
        self.outcome = None
        self.shown_at = self.app.ctx.clock()  # type: ignore[attr-defined]
        name = MODE_NAMES.get(self.session.mode, ("", self.session.mode))
        bar = Text.assemble((f" {pick(self.lang, *name)} ", "reverse bold"), " ")
        bar.append_text(item_title(self.presented, self.lang, len(self.session.items)))
        self.query_one("#q-bar", Static).update(bar)
        self.query_one("#q-feedback", Static).update("")
        self.query_one("#q-feedback").display = False
        self.query_one("#q-after", ClickBar).show_segments(Text(""), [])
        self.view.area.focus_first()
        self.query_one("#q-body").scroll_home(animate=False)
        self._leech_note()

    def _leech_note(self) -> None:
        """A leech's note comes before the item is answered, once per lapse (not in an exam)."""
        from dlquiz.quiz.leeches import mark_shown
        from dlquiz.tui.screens.leech import LeechNoteScreen, leech_note_for

        note = leech_note_for(self.session, self.presented)
        if note is not None:
            self.app.push_screen(LeechNoteScreen(note), lambda _: self.view.area.focus_first())
            mark_shown(self.session.store, note)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        if action == "submit":
            return phase == "answer"
        if action == "next":
            return phase == "done"
        if action in ("self_grade", "keep"):
            return phase == "self"
        if action == "rate":
            return phase == "done" and self.session.mode in ("practice", "review")
        if action == "demo":
            return phase == "done" and self.presented.question.demo is not None
        return True

    def watch_phase(self) -> None:
        self.refresh_bindings()

    @on(AnswerSubmitted)
    def _submitted(self, event: AnswerSubmitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.phase != "answer":
            return
        area = self.view.area
        answer = area.answer
        if answer is None:
            self.notify(pick(self.lang, "请先作答。", "Answer first."), severity="warning", timeout=2)
            return
        grade = self.session.grade(self.presented, answer)
        if grade.needs_self_grade:
            self.pending = (answer, grade)
            self.phase = "self"
            area.show_result(grade)
            self._show_self_grade(grade)
            return
        self._record(answer, grade)

    def _show_self_grade(self, grade: Any) -> None:
        q = self.presented.question
        lang = self.lang
        found = ", ".join(grade.keywords) or pick(lang, "无", "none")
        body = Text.assemble(
            (pick(lang, "命中要点：", "Key points found: "), "bold"), f"{found} ({grade.note}, {grade.score:.0%})\n\n",
            (pick(lang, "参考答案：", "Reference answer: "), "bold"), text_in(q.reference_answer, lang), "\n\n",
            (pick(lang, "自评：0=0%  1=25%  2=50%  3=75%  4=100%；回车保留要点得分",
                  "Grade yourself: 0=0%  1=25%  2=50%  3=75%  4=100%; Enter keeps the keyword score"), "bold"),
        )
        feedback = self.query_one("#q-feedback", Static)
        feedback.update(body)
        feedback.display = True
        self.query_one("#q-body").focus()
        self._scroll_to(feedback)

    def _scroll_to(self, widget: Any) -> None:
        """Brings the feedback's first line (the verdict) to the top once it has been laid out."""
        body = self.query_one("#q-body")

        def scroll() -> None:
            body.scroll_to_widget(widget, top=True, animate=False)

        # Shown just now, so the feedback has no place yet; it has one after the next layout pass.
        self.call_after_refresh(lambda: self.call_after_refresh(scroll))

    def action_self_grade(self, step: int) -> None:
        """0–4: the learner's own grade of a short answer, 0 %, 25 %, 50 %, 75 % or 100 %."""
        if self.phase != "self" or self.pending is None:
            return
        answer, grade = self.pending
        self.pending = None
        self._record(answer, grade, SELF_SCORES[str(step)])

    def action_keep(self) -> None:
        """Enter on a short answer: keep the keyword score as the grade."""
        if self.phase == "self" and self.pending is not None:
            answer, grade = self.pending
            self.pending = None
            self._record(answer, grade)

    def _record(self, answer: Any, grade: Any, self_score: float | None = None) -> None:
        with self.app.batch_update():  # one layout and paint for all the changes below
            self._record_and_show(answer, grade, self_score)

    def _record_and_show(self, answer: Any, grade: Any, self_score: float | None) -> None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        duration = max(0.0, ctx.clock() - self.shown_at)
        self.outcome = self.session.record(self.presented, answer, grade, self_score=self_score, duration_s=duration)
        from dlquiz.tui.widgets.feedback import render_feedback

        view = self.view
        if self.phase == "answer":
            view.area.show_result(self.outcome.grade)
        feedback = self.query_one("#q-feedback", Static)
        feedback.update(render_feedback(self.presented, self.outcome.grade, ctx.bank, self.lang,
                                        self.app.theme_variables))
        feedback.display = True
        self.phase = "done"
        self._show_rating()
        body = self.query_one("#q-body")
        body.focus()
        self._scroll_to(feedback)
        # Build the next item while the learner reads the feedback, so 'n' only has to swap it in.
        self.call_after_refresh(self._prepare_next)

    def _prepare_next(self) -> None:
        if self.index + 1 < len(self.session.items) and self.prepared is None:
            self.prepared = ItemView(self.session.items[self.index + 1], self.lang)
            self.prepared.display = False
            self.query_one("#q-body").mount(self.prepared, before="#q-feedback")

    def _show_rating(self) -> None:
        """The bar under the item: the rating (automatic one named, current one highlighted), demo, next."""
        lang = self.lang
        items: list[tuple[Text, str]] = []
        prefix = Text("")
        if self.session.mode in ("practice", "review") and self.outcome is not None:
            auto = RATINGS[self.outcome.auto_rating]
            prefix = Text(pick(lang, f" 评分（自动：{auto[0]}） ", f" Rating (auto: {auto[1]}) "))
            for value, (zh, en) in RATINGS.items():
                style = "bold reverse" if self.outcome.rating == value else ""
                items.append((Text(f" {value} {pick(lang, zh, en)} ", style=style), str(value)))
        if self.presented.question.demo is not None:
            items.append((Text(pick(lang, " ▶ 演示 d ", " ▶ Demo d "), style="bold"), "d"))
        items.append((Text(pick(lang, " 下一题 n → ", " Next n → "), style="bold"), "n"))
        self.query_one("#q-after", ClickBar).show_segments(prefix, items)

    def action_rate(self, rating: int) -> None:
        if self.phase != "done" or self.outcome is None or self.session.mode not in ("practice", "review"):
            return
        self.outcome = self.session.override_rating(self.outcome, rating)
        self._show_rating()

    async def action_next(self) -> None:
        if self.phase != "done":
            return
        if self.index + 1 >= len(self.session.items):
            self._finish()
            return
        self.index += 1
        with self.app.batch_update():  # one layout and paint for the swap
            current = self.query_one("#q-body").query_children(ItemView).first()
            if self.prepared is not None and self.prepared.presented is self.presented:
                self.prepared.display = True
                self.prepared = None
            else:
                await self.query_one("#q-body").mount(ItemView(self.presented, self.lang), before=current)
            current.display = False
            self._show_item()
        self.call_after_refresh(current.remove)  # after the new item is on screen

    async def action_demo(self) -> None:
        demo = self.presented.question.demo
        if demo is not None:
            await self.app.open_demo(demo.name, dict(demo.args))  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        if self.phase == "self" and self.pending is not None:
            answer, grade = self.pending
            self.pending = None
            self._record(answer, grade)
        self._finish()

    def _finish(self) -> None:
        summary = self.session.summary()
        if not summary["answered"]:
            self.dismiss(summary)
            return
        from dlquiz.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session), lambda _: self.dismiss(summary))
