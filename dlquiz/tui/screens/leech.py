"""The note shown before a leech is asked again: its explanation, linked demonstration and related items.

A leech (`dlquiz.quiz.leeches`) has been forgotten again and again after being known; drilling it more does
not help, re-reading does. The note is shown once per lapse, as in the plain loop, and never in a mock exam.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dlquiz.tui.i18n import one_line, pick
from dlquiz.tui.i18n import text as text_in


def leech_note_for(session: Any, presented: Any) -> Any:
    """The note to show before `presented` is asked (None if it is no leech, its note was read since its
    last lapse, or the session is an exam)."""
    if session.mode == "exam":
        return None
    from dlquiz.quiz.leeches import leech_note

    explanation = presented.instance.explanation if presented.instance else None
    return leech_note(session.bank, session.store, presented.question, explanation=explanation)


class LeechNoteScreen(ModalScreen[None]):
    """Enter or Esc closes the note and the item is asked."""

    BINDINGS = [Binding("escape,enter,space", "close", "Close", key_display="⏎")]

    def __init__(self, note: Any) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        note = self.note
        intro = pick(lang, f"{note.question.id} 已经掌握后又忘记了 {note.lapses} 次。先读一遍，再作答：",
                     f"{note.question.id} was forgotten {note.lapses} times after being known. "
                     "Read this first, then try it again:")
        parts: list[Any] = [Text(intro, style="bold")]
        if note.explanation is not None:
            parts += [Text(""), Text(text_in(note.explanation, lang))]
        if note.demo_command:
            after = pick(lang, "（作答后按 d 运行）", " (d runs it after answering)")
            parts += [Text(""), Text.assemble((pick(lang, "演示：", "Demo: "), "bold"), note.demo_command,
                                              (after, "dim"))]
        if note.related:
            parts += [Text(""), Text(pick(lang, "相关题目：", "Related items:"), style="bold")]
            for related in note.related:
                stem = one_line(related.stem, lang).splitlines()[0] if related.stem else ""
                parts.append(Text(f"  {related.id} · {stem[:70]}"))
        with VerticalScroll(id="leech-note", classes="dialog") as box:
            box.border_title = pick(lang, "⚠ 难点", "⚠ Leech")
            box.border_subtitle = pick(lang, "回车继续", "Enter goes on")
            yield Static(Group(*parts), id="leech-body")

    def action_close(self) -> None:
        self.dismiss(None)
