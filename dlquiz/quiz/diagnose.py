"""What a wrong answer reveals, for any item type: the misconceptions behind one value, and every known
mistake of an item (for answer keys' "common mistakes" and for choosing items that target a misconception).

Both read the same sources the grader does: options' and tf items' `misconception`, `common_mistakes` of
numeric, fill and table items, and the solver-computed mistakes of `compute:` blocks and param templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import mistakes as computed
from dlquiz.bank import schema
from dlquiz.bank.instance import Instance, build, solve
from dlquiz.bank.loader import Bank
from dlquiz.quiz.grading import Normaliser, format_key, grade, parse_bool


@dataclass(frozen=True)
class KnownMistake:
    """One wrong answer an item anticipates.

    Unpacks as `(part_key, value, id)`. `part_key` is a param part, a blank, an option key, or None for a
    numeric or tf item's single answer; `id` is None where the bank gives only a why (`feedback`).
    """

    part_key: str | None
    value: Any
    id: str | None
    feedback: schema.Text | None = None
    steps: tuple[Any, ...] = ()

    def __iter__(self) -> Iterator[Any]:
        return iter((self.part_key, self.value, self.id))


def known_mistakes(question: schema.QuestionBase, instance: Instance | None = None) -> list[KnownMistake]:
    """Every wrong answer the item knows, with what it reveals.

    For a param template without an instance, its golden configurations stand in for draws.
    """
    found: list[KnownMistake] = []
    if isinstance(question, schema.Mcq):
        found = [KnownMistake(o.key, o.key, o.misconception, o.feedback) for o in question.options if not o.correct]
    elif isinstance(question, schema.TrueFalse):
        found = [KnownMistake(None, not question.answer, question.misconception, question.feedback)]
    elif isinstance(question, schema.Numeric):
        found = [KnownMistake(None, m.answer, m.misconception, m.feedback) for m in question.common_mistakes]
        if question.compute is not None:
            found += _computed(None, computed.for_compute(question.compute), question.compute.output,
                               question.answer, question.tolerance)
    elif isinstance(question, schema.Fill):
        found = [KnownMistake(b.id, m.answer, m.misconception, m.feedback) for b in question.blanks
                 for m in b.common_mistakes]
    elif isinstance(question, schema.Table):
        found = [KnownMistake(c.blank, m.answer, m.misconception, m.feedback) for row in question.rows
                 for c in row.cells if isinstance(c, schema.BlankCell) for m in c.common_mistakes]
    elif isinstance(question, schema.Param):
        for inst in [instance] if instance is not None else _golden_instances(question):
            known = inst.mistakes if inst.mistakes is not None else computed.for_template(question, inst.params)
            for part, spec in zip(inst.parts, question.parts, strict=True):
                found += _computed(part.key, known, spec.output, part.answer, part.tolerance)
    return _unique(found)


def _computed(part_key: str | None, known: Any, output: str, key: Any,
              tolerance: schema.Tolerance) -> list[KnownMistake]:
    out = []
    for m in known:
        value = computed.value_of(m, output)
        if value is not None and not computed.same(value, key, tolerance):
            out += [KnownMistake(part_key, value, mid, None, m.steps) for mid in m.ids]
    return out


def _unique(found: list[KnownMistake]) -> list[KnownMistake]:
    seen: set[tuple[Any, str, Any]] = set()
    out = []
    for k in found:
        mark = (k.part_key, repr(k.value), k.id if k.id is not None else repr(k.feedback))
        if mark not in seen:
            seen.add(mark)
            out.append(k)
    return out


def _golden_instances(template: schema.Param) -> list[Instance]:
    out = []
    for golden in template.golden:
        try:
            values = dict(golden.params)
            out.append(build(template, 0, values, solve(template, values)))
        except (ArithmeticError, KeyError, IndexError, LookupError, TypeError, ValueError):
            continue
    return out


def diagnose_value(question: schema.QuestionBase, instance: Instance | None, part_key: str | None,
                   value: Any, normaliser: Normaliser | None = None) -> list[str]:
    """The misconception ids one wrong value points to; [] for a right value or an unknown mistake.

    Args:
        part_key: the param part or the blank the value answers; None for a numeric, mcq, multi or tf item.
        value: what the learner gave: a number or text, an option key (mcq, multi: one key), true/false (tf).
    """
    if isinstance(question, schema.Mcq):  # mcq and multi: the chosen option's own tag
        option = next((o for o in question.options if o.key.upper() == str(value).strip().upper()), None)
        return [option.misconception] if option and not option.correct and option.misconception else []
    if isinstance(question, schema.TrueFalse):
        said = parse_bool(value)
        return [question.misconception] if said is not None and said != question.answer and question.misconception \
            else []
    if isinstance(question, schema.Param):
        if instance is None:
            return []
        keys = [p.key for p in instance.parts]
        answer = {k: (str(value) if k == part_key else _right(p.answer, p.tolerance))
                  for k, p in zip(keys, instance.parts, strict=True)}
        result = grade(question, answer, normaliser, instance)
        return list(dict.fromkeys(i for d in result.diagnoses if d.part == part_key for i in d.ids))
    if isinstance(question, schema.Fill | schema.Table):
        blanks = _blank_keys(question)
        answer = {b: (str(value) if b == part_key else accepted) for b, accepted in blanks.items()}
        return list(grade(question, answer, normaliser).misconceptions)
    return list(grade(question, value, normaliser, instance).misconceptions)


def _right(answer: Any, tolerance: schema.Tolerance) -> str:
    return "×".join(map(str, answer)) if isinstance(answer, list) else format_key(answer, tolerance)


def _blank_keys(question: schema.Fill | schema.Table) -> dict[str, str]:
    if isinstance(question, schema.Fill):
        return {b.id: b.accept[0] for b in question.blanks}
    return {c.blank: c.accept[0] for row in question.rows for c in row.cells if isinstance(c, schema.BlankCell)}


def misconceptions_of(question: schema.QuestionBase) -> set[str]:
    """Every misconception id an item can diagnose (param templates: at their golden configurations)."""
    return {k.id for k in known_mistakes(question) if k.id}


def items_for_misconceptions(bank: Bank, ids: list[str] | tuple[str, ...]) -> list[schema.QuestionBase]:
    """The bank's live items that can diagnose (and so exercise) the given misconceptions, the first id's first.

    Practice sessions and the exam plan use it to give extra items on a learner's most frequent mistakes.
    """
    rank = {mid: i for i, mid in enumerate(ids)}
    scored = []
    for index, q in enumerate(bank.questions):
        if q.status == "retired":
            continue
        hits = [rank[m] for m in misconceptions_of(q) if m in rank]
        if hits:
            scored.append((min(hits), index, q))
    return [q for _, _, q in sorted(scored, key=lambda t: t[:2])]
