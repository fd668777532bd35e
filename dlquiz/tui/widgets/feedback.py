"""What follows an answer: right or wrong, the key, the explanation, worked solver steps, corrections.

Built as one Rich renderable from the grade, so the question screen, the exam review and the tests show
the same thing. Worked steps are the calculator's own renderables (`dlquiz.render.solver`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.tui.i18n import pick, text


def _style(variables: Mapping[str, str], name: str, extra: str = "") -> str:
    colour = variables.get(name, "")
    return f"{extra} {colour}".strip()


def key_text(presented: Any, grade: Any, lang: str) -> str:
    """The key as the learner saw the item: shown letters with their text, or the grader's expected form."""
    from dlquiz.tui.i18n import one_line

    q = presented.question
    if presented.options:
        return "; ".join(f"{letter}. {one_line(o.text, lang)}" for letter, o in presented.options if o.correct)
    if q.type == "tf":
        return pick(lang, "对", "True") if q.answer else pick(lang, "错", "False")
    return grade.expected


def verdict(grade: Any, lang: str, variables: Mapping[str, str]) -> Text:
    if grade.correct:
        label = pick(lang, "✔ 正确", "✔ Correct")
        return Text(label + (f"  {grade.score:.0%}" if grade.score < 1 else ""), style=_style(variables, "success",
                                                                                               "bold"))
    word = pick(lang, "✘ 部分正确", "✘ Partly right") if grade.score > 0 else pick(lang, "✘ 错误", "✘ Wrong")
    return Text(f"{word}  {grade.score:.0%}", style=_style(variables, "error", "bold"))


def worked_steps(presented: Any, lang: str) -> RenderableType | None:
    """The solver's worked derivation for numeric items with `compute:` and for parametric items."""
    from dlquiz.quiz.worked import for_item

    found = for_item(presented.question, presented.instance)
    if found is None:
        return None
    if found.result is not None:
        from dlquiz.render.solver import render_result

        body: RenderableType = render_result(found.result)
    else:
        from solvers.result import fmt

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        args = ", ".join(f"{k}={v}" for k, v in found.args.items())
        grid.add_row(pick(lang, "输入", "inputs"), Text(args))
        for key, value in found.outputs.items():
            shown = fmt(value) if isinstance(value, int | float) else str(value)
            grid.add_row(key, Text(shown))
        body = grid
    return Panel(body, title=pick(lang, "求解步骤 · " + found.solver, "Worked steps · " + found.solver),
                 title_align="left", box=box.ROUNDED)


def render_feedback(presented: Any, grade: Any, bank: Any, lang: str, variables: Mapping[str, str] | None = None,
                    steps: bool = True) -> RenderableType:
    """The whole after-answer view of one item.

    Args:
        presented: the item as shown (`Presented`).
        grade: its `Grade`.
        bank: the bank (for misconception entries and audit notes).
        lang: zh, en or both.
        variables: the app theme's variables, for colours.
        steps: include the worked solver steps (off in compact lists).
    """
    variables = variables or {}
    q = presented.question
    parts: list[RenderableType] = [verdict(grade, lang, variables)]
    parts.append(Text.assemble((pick(lang, "答案：", "Key: "), "bold"), key_text(presented, grade, lang)))
    if grade.note and q.type != "short":
        parts.append(Text(grade.note, style=_style(variables, "warning")))
    if q.type == "short":
        found = ", ".join(grade.keywords) or pick(lang, "无", "none")
        parts.append(Text(pick(lang, f"命中要点：{found}（{grade.note}）",
                               f"Key points found: {found} ({grade.note})")))
        parts.append(Panel(text(q.reference_answer, lang), title=pick(lang, "参考答案", "Reference answer"),
                           title_align="left", box=box.ROUNDED))
    for mid in dict.fromkeys(grade.misconceptions):  # several wrong blanks may share one
        entry = bank.misconceptions.get(mid) if bank is not None else None
        if entry is not None:
            parts.append(Text.assemble((pick(lang, "易错：", "Misconception: "), _style(variables, "warning", "bold")),
                                       (text(entry.name, lang), "bold"), "\n", text(entry.explanation, lang)))
    for why in dict.fromkeys(grade.feedback):
        parts.append(Text(text(why, lang), style="italic"))
    explanation = presented.instance.explanation if presented.instance else getattr(q, "explanation", None)
    if explanation is not None:
        parts.append(Panel(text(explanation, lang), title=pick(lang, "解析", "Explanation"), title_align="left",
                           box=box.ROUNDED, border_style=_style(variables, "primary")))
    if steps:
        worked = worked_steps(presented, lang)
        if worked is not None:
            parts.append(worked)
    if q.audit:
        parts.append(audit_note(q, bank, lang, variables))
    return Group(*parts)


def audit_note(q: Any, bank: Any, lang: str, variables: Mapping[str, str]) -> RenderableType:
    """Where the course material is wrong on this item, with the correction the bank records for it."""
    ids = ", ".join(q.audit)
    lines = Text(pick(lang, f"⚠ 课程材料此处有误或需澄清（{ids}）：答案按正确的说法给出。",
                      f"⚠ The course material is wrong or unclear here ({ids}); the key follows the correct "
                      "statement."), style=_style(variables, "warning"))
    entries = [m for m in (bank.misconceptions.values() if bank is not None else ()) if set(m.audit) & set(q.audit)]
    for entry in entries[:2]:
        lines.append(f"\n  · {text(entry.name, lang)}: {text(entry.explanation, lang)}")
    return lines
