"""The answer key of a drawn item, as plain data every writer renders: answers, solution, common mistakes.

Answers are written the way `dlquiz.quiz.grading` accepts them: an option label, true/false, a number, a
blank's first accepted answer; alternatives the grader also accepts are listed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlquiz.bank import params, schema
from dlquiz.sheet.draw import DrawnItem
from dlquiz.sheet.steps import worked_steps
from solvers.result import Step

T = schema.Text


@dataclass(frozen=True)
class Answer:
    """One keyed answer: `label` names the blank or part ("b1", "a"), empty for a whole item."""

    label: str
    value: schema.Text
    also: tuple[str, ...] = ()
    tolerance: str = ""


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer, the misconception it stands for, and why it is wrong."""

    answer: schema.Text
    name: schema.Text | None
    feedback: schema.Text | None


@dataclass(frozen=True)
class Rubric:
    weight: float
    label: schema.Text
    words: tuple[str, ...]


@dataclass(frozen=True)
class KeyEntry:
    """Everything a key shows for one item; `steps` only for solver-backed numbers."""

    item: DrawnItem
    answers: tuple[Answer, ...]
    explanation: schema.Text | None
    steps: tuple[Step, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    reference: schema.Text | None = None
    rubric: tuple[Rubric, ...] = ()
    sources: tuple[str, ...] = ()


def number(value: Any, unit: str | None = None) -> str:
    """A keyed number as a learner writes it, with its unit."""
    shown = params.format_value(value)
    return f"{shown} {unit}" if unit else shown


def tolerance_text(tolerance: schema.Tolerance) -> str:
    """"±0.01", "±1%", "±0.01 / ±1%"; empty for an exact integer answer."""
    bounds = []
    if tolerance.abs:
        bounds.append(f"±{tolerance.abs:g}")
    if tolerance.rel:
        bounds.append(f"±{tolerance.rel:.2%}".replace(".00%", "%"))
    return " / ".join(bounds)


def _mistake(answer: str | schema.Text, misconception: str | None, feedback: schema.Text | None,
             catalogue: dict[str, schema.Misconception]) -> Mistake:
    found = catalogue.get(misconception) if misconception else None
    shown = answer if isinstance(answer, schema.Text) else T(zh=answer)
    return Mistake(shown, found.name if found else None, feedback)


def _blank_answer(label: str, accept: list[str]) -> Answer:
    return Answer(label, T(zh=accept[0]), tuple(accept[1:]))


def build_key(item: DrawnItem, catalogue: dict[str, schema.Misconception]) -> KeyEntry:
    """The key of one drawn item; `catalogue` names the misconceptions behind wrong answers."""
    q = item.question
    answers: list[Answer] = []
    mistakes: list[Mistake] = []
    steps: list[Step] = []
    extra: dict[str, Any] = {}
    if isinstance(q, schema.Mcq):
        correct = [c.label for c in item.choices if c.option.correct]
        answers.append(Answer("", T(zh=", ".join(correct))))
        mistakes = [_mistake(c.label, c.option.misconception, c.option.feedback, catalogue)
                    for c in item.choices if not c.option.correct and (c.option.misconception or c.option.feedback)]
    elif isinstance(q, schema.TrueFalse):
        answers.append(Answer("", T(zh="对", en="true") if q.answer else T(zh="错", en="false")))
        if q.misconception or q.feedback:
            wrong = T(zh="错", en="false") if q.answer else T(zh="对", en="true")
            mistakes.append(_mistake(wrong, q.misconception, q.feedback, catalogue))
    elif isinstance(q, schema.Numeric):
        answers.append(Answer("", T(zh=number(q.answer, q.unit)), tolerance=tolerance_text(q.tolerance)))
        mistakes = [_mistake(number(m.answer, q.unit), m.misconception, m.feedback, catalogue)
                    for m in q.common_mistakes]
        if q.compute is not None:
            steps = worked_steps(q.compute.solver, q.compute.args)
            listed = [(float(m.answer), m.misconception) for m in q.common_mistakes
                      if isinstance(m.answer, int | float) and not isinstance(m.answer, bool)]
            mistakes += _computed(q, None, catalogue, listed, q.tolerance, q.unit)
    elif isinstance(q, schema.Fill):
        for blank in q.blanks:
            answers.append(_blank_answer(blank.id, blank.accept))
            mistakes += [_mistake(f"({blank.id}) {m.answer}", m.misconception, m.feedback, catalogue)
                         for m in blank.common_mistakes]
    elif isinstance(q, schema.Table):
        for cell in (c for row in q.rows for c in row.cells if isinstance(c, schema.BlankCell)):
            answers.append(_blank_answer(cell.blank, cell.accept))
            mistakes += [_mistake(f"({cell.blank}) {m.answer}", m.misconception, m.feedback, catalogue)
                         for m in cell.common_mistakes]
    elif isinstance(q, schema.Short):
        extra["reference"] = q.reference_answer
        extra["rubric"] = tuple(Rubric(k.weight, k.label, tuple(k.any)) for k in q.keywords)
    elif isinstance(q, schema.Param):
        instance = item.instance
        assert instance is not None, "a drawn template always carries its instance"
        for part in instance.parts:
            answers.append(Answer(part.key, T(zh=number(part.answer, part.unit)),
                                  tolerance=tolerance_text(part.tolerance)))
        steps = worked_steps(q.solver, params.substitute(q.solver_args, instance.params))
        mistakes = _computed(q, instance, catalogue, [], None, None)
    explanation = item.instance.explanation if item.instance else getattr(q, "explanation", None)
    return KeyEntry(item, tuple(answers), explanation, tuple(steps), tuple(mistakes), sources=_sources(q), **extra)


def _computed(q: schema.QuestionBase, instance: Any, catalogue: dict[str, schema.Misconception],
              listed: list[tuple[float, str | None]], tolerance: schema.Tolerance | None,
              unit: str | None) -> list[Mistake]:
    """The solver-computed mistakes of a numeric item or a drawn template, each value with its misconception;
    those the item already lists (`listed`: value, id, matched within `tolerance`) are left out."""
    from dlquiz.bank.mistakes import same
    from dlquiz.quiz.diagnose import known_mistakes

    out = []
    for known in known_mistakes(q, instance):
        if not known.steps or known.id is None:  # only the computed ones; the listed ones are shown already
            continue
        if any(mid == known.id and same(known.value, value, tolerance) for value, mid in listed):
            continue
        shown = number(known.value, unit)
        out.append(_mistake(f"({known.part_key}) {shown}" if known.part_key else shown, known.id, None, catalogue))
    return out


def _sources(q: schema.QuestionBase) -> tuple[str, ...]:
    """Where the item comes from: the course section, or the outside reference.

    Seed quotes are left out: they are verbatim course text (often unmarked LaTeX from the notes) that
    matters to authors checking the bank, not to someone working a paper.
    """
    return tuple(dict.fromkeys(s.section if isinstance(s, schema.SeedSource) else s.ref for s in q.source))
