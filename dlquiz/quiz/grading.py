"""Grading every question type fairly: a right answer is right however it is written.

Graders never raise on what a learner types: unparseable input is simply wrong, with a note saying why.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dlquiz.bank import mistakes as computed
from dlquiz.bank import schema
from dlquiz.bank.check import within
from dlquiz.bank.instance import Instance
from dlquiz.quiz import mathparse

TRUE_WORDS = {"t", "true", "y", "yes", "1", "对", "正确", "是", "√", "✓", "✔", "v"}
FALSE_WORDS = {"f", "false", "n", "no", "0", "错", "错误", "否", "×", "✗", "✘", "x"}
MAX_ANSWER = 10_000


@dataclass(frozen=True)
class PartResult:
    """One graded piece: an option, a blank, a cell, a part of a parametric question."""

    key: str
    given: str
    expected: str
    correct: bool


@dataclass(frozen=True)
class Diagnosis:
    """A wrong value traced to a computed mistake: which part, the misconceptions, and the mistake's own steps.

    Attributes:
        part: the part key (param), or "" for a numeric item's single answer.
        ids: the misconceptions that give this value (two mistakes giving one number are both named).
        value: the value the mistake gives, as the learner would write it.
        steps: the mistaken derivation (`solvers.result.Step`), to show beside the correct one.
    """

    part: str
    ids: tuple[str, ...]
    value: Any
    steps: tuple[Any, ...]


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer."""

    score: float
    correct: bool
    expected: str
    parts: tuple[PartResult, ...] = ()
    misconceptions: tuple[str, ...] = ()
    feedback: tuple[schema.Text, ...] = ()
    note: str = ""
    keywords: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    needs_self_grade: bool = False
    diagnoses: tuple[Diagnosis, ...] = ()


@dataclass
class Normaliser:
    """Puts free-text answers into one form: NFKC, case-folded, no spaces, synonyms to one word."""

    synonyms: Sequence[Sequence[str]] = ()
    _canonical: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for group in self.synonyms:
            forms = [self.basic(w) for w in group]
            for form in forms:
                self._canonical.setdefault(form, forms[0])

    @staticmethod
    def basic(text: str) -> str:
        text = unicodedata.normalize("NFKC", str(text).translate(mathparse.SUPERSCRIPTS)).casefold()
        text = text.replace("−", "-").replace("×", "*").replace("**", "^")
        return "".join(text.split()).rstrip("。.;；")

    def __call__(self, text: str) -> str:
        form = self.basic(text)
        return self._canonical.get(form, form)

    def same(self, given: str, accepted: Iterable[str]) -> bool:
        mine = self(given)
        return any(mine == self(a) for a in accepted)


def _text(value: Any) -> str:
    return str(value)[:MAX_ANSWER] if value is not None else ""


def grade(
    question: schema.QuestionBase,
    answer: Any,
    normaliser: Normaliser | None = None,
    instance: Instance | None = None,
) -> Grade:
    """Grades one answer to one item.

    Args:
        question: the item.
        answer: mcq: an option key; multi: keys (a list or "A,C"); tf: a bool or a word (对/错, t/f);
            numeric: a number or an expression; fill and table: {blank id: text} (or a list in order);
            short: the text; param: {part key: text} for the drawn `instance`.
        normaliser: the bank's synonym groups (default: none).
        instance: the drawn instance, for param items.
    """
    normaliser = normaliser or Normaliser()
    grader = _GRADERS[question.type]
    try:
        return grader(question, answer, normaliser, instance)
    except mathparse.ParseError as exc:  # defensive: graders turn parse errors into wrong answers
        return Grade(0.0, False, "", note=str(exc))


def _option_feedback(options: Iterable[schema.Option]) -> tuple[tuple[str, ...], tuple[schema.Text, ...]]:
    ids = tuple(o.misconception for o in options if o.misconception)
    texts = tuple(o.feedback for o in options if o.feedback)
    return ids, texts


def _grade_mcq(q: schema.Mcq, answer: Any, _n: Normaliser, _i: Instance | None) -> Grade:
    key = _text(answer).strip().upper()
    options = {o.key.upper(): o for o in q.options}
    expected = next(o.key for o in q.options if o.correct)
    chosen = options.get(key)
    if chosen is None:
        return Grade(0.0, False, expected, note=f"choose one of {', '.join(o.key for o in q.options)}")
    if chosen.correct:
        return Grade(1.0, True, expected)
    ids, texts = _option_feedback([chosen])
    return Grade(0.0, False, expected, misconceptions=ids, feedback=texts)


def parse_keys(answer: Any) -> list[str]:
    """Option keys from `["A", "C"]`, `"A,C"`, `"a c"` or `"AC"`."""
    if isinstance(answer, str):
        text = unicodedata.normalize("NFKC", answer).upper()
        parts = re.split(r"[\s,;、，]+", text.strip())
        if len(parts) == 1 and len(parts[0]) > 1 and parts[0].isalpha():
            parts = list(parts[0])
        return [p for p in parts if p]
    return [_text(a).strip().upper() for a in answer or ()]


def _grade_multi(q: schema.Multi, answer: Any, _n: Normaliser, _i: Instance | None) -> Grade:
    chosen = set(parse_keys(answer))
    keys = {o.key.upper(): o for o in q.options}
    right = {k for k, o in keys.items() if o.correct}
    expected = ", ".join(sorted(o.key for o in q.options if o.correct))
    unknown = chosen - set(keys)
    if unknown:
        return Grade(0.0, False, expected, note=f"unknown option(s) {', '.join(sorted(unknown))}")
    parts = tuple(PartResult(k, "✔" if k in chosen else "", "✔" if k in right else "", (k in chosen) == (k in right))
                  for k in keys)
    wrong_chosen = [keys[k] for k in chosen - right]
    ids, texts = _option_feedback(wrong_chosen)
    if chosen == right:
        return Grade(1.0, True, expected, parts)
    # Partial credit: each wrong pick cancels a right one, as many exams do; missing ones earn nothing.
    score = max(0.0, (len(chosen & right) - len(chosen - right)) / len(right)) if q.scoring == "partial" else 0.0
    return Grade(score, False, expected, parts, ids, texts)


def parse_bool(answer: Any) -> bool | None:
    """True/False from a bool or a word; None when it is neither."""
    if isinstance(answer, bool):
        return answer
    word = unicodedata.normalize("NFKC", _text(answer)).strip().casefold()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def _grade_tf(q: schema.TrueFalse, answer: Any, _n: Normaliser, _i: Instance | None) -> Grade:
    value = parse_bool(answer)
    expected = "正确 true" if q.answer else "错误 false"
    if value is None:
        return Grade(0.0, False, expected, note="answer true or false (对/错, t/f)")
    if value == q.answer:
        return Grade(1.0, True, expected)
    ids = (q.misconception,) if q.misconception else ()
    return Grade(0.0, False, expected, misconceptions=ids, feedback=(q.feedback,) if q.feedback else ())


def number_matches(
    given: str, key: float, tolerance: schema.Tolerance, unit: str | None = None
) -> tuple[bool, float | None, str]:
    """(right?, the value understood, a note) for a typed number, with an optional unit after it."""
    text = _text(given).strip()
    if unit and text.casefold().endswith(unit.casefold()) and unit != "%":
        text = text[: -len(unit)].strip()
    try:
        value = mathparse.number(text)
    except mathparse.ParseError as exc:
        return False, None, f"not a number: {exc}"
    return within(value, key, tolerance), value, ""


def _mistakes_for(value: float | str | None, mistakes: Iterable[schema.Mistake], tolerance: schema.Tolerance | None,
                  normaliser: Normaliser) -> tuple[tuple[str, ...], tuple[schema.Text, ...]]:
    ids: list[str] = []
    texts: list[schema.Text] = []
    for mistake in mistakes:
        hit = False
        if isinstance(value, float) and isinstance(mistake.answer, int | float) and tolerance is not None:
            hit = within(value, float(mistake.answer), tolerance)
        elif isinstance(value, str):
            hit = normaliser.same(value, [str(mistake.answer)])
        if hit:
            if mistake.misconception:
                ids.append(mistake.misconception)
            if mistake.feedback:
                texts.append(mistake.feedback)
    return tuple(ids), tuple(texts)


def _grade_numeric(q: schema.Numeric, answer: Any, n: Normaliser, _i: Instance | None) -> Grade:
    ok, value, note = number_matches(_text(answer), q.answer, q.tolerance, q.unit)
    expected = f"{format_key(q.answer, q.tolerance)}{' ' + q.unit if q.unit else ''}"
    if ok:
        return Grade(1.0, True, expected)
    ids, texts = _mistakes_for(value, q.common_mistakes, q.tolerance, n)
    found: tuple[Diagnosis, ...] = ()
    if value is not None and q.compute is not None:
        found = _diagnose("", computed.for_compute(q.compute), q.compute.output, value, q.tolerance)
    return Grade(0.0, False, expected, misconceptions=_merged(ids, found), feedback=texts, note=note,
                 diagnoses=found)


def _diagnose(part: str, known: Iterable[Any], output: str, value: Any,
              tolerance: schema.Tolerance | None) -> tuple[Diagnosis, ...]:
    """The computed mistakes whose value of `output` is the learner's value."""
    return tuple(Diagnosis(part, m.ids, computed.value_of(m, output), m.steps)
                 for m in computed.matching(known, output, value, tolerance))


def _merged(ids: Iterable[str], found: Iterable[Diagnosis]) -> tuple[str, ...]:
    """Misconception ids in order of first appearance, each once."""
    return tuple(dict.fromkeys([*ids, *(i for d in found for i in d.ids)]))


def _blank_answers(answer: Any, ids: Sequence[str]) -> dict[str, str]:
    if isinstance(answer, Mapping):
        return {k: _text(answer.get(k)) for k in ids}
    if isinstance(answer, str):
        answer = [answer] if len(ids) == 1 else re.split(r"\s*[;；]\s*", answer)
    values = list(answer or ())
    return {k: _text(values[i]) if i < len(values) else "" for i, k in enumerate(ids)}


def blank_correct(given: str, accept: Sequence[str], symbolic: bool, n: Normaliser) -> bool:
    """A blank is right when it matches an accepted answer after normalisation, or (formula blanks)
    is algebraically equal to the first accepted answer."""
    if not given.strip():
        return False
    if n.same(given, accept):
        return True
    if symbolic:
        symbols = mathparse.symbols_in(accept[0])
        try:
            return mathparse.equivalent(given, accept[0], symbols)
        except mathparse.ParseError:
            return False
    return False


def _grade_blanks(blanks: Sequence[tuple[str, Sequence[str], bool, Sequence[schema.Mistake]]], answer: Any,
                  n: Normaliser, all_or_nothing: bool) -> Grade:
    given = _blank_answers(answer, [b[0] for b in blanks])
    parts, ids, texts = [], [], []
    for blank_id, accept, symbolic, mistakes in blanks:
        ok = blank_correct(given[blank_id], accept, symbolic, n)
        parts.append(PartResult(blank_id, given[blank_id], accept[0], ok))
        if not ok:
            found_ids, found_texts = _mistakes_for(given[blank_id], mistakes, None, n)
            ids += found_ids
            texts += found_texts
    right = sum(p.correct for p in parts)
    score = right / len(parts) if not all_or_nothing else float(right == len(parts))
    expected = "; ".join(f"{p.key}: {p.expected}" for p in parts)
    return Grade(score, right == len(parts), expected, tuple(parts), tuple(ids), tuple(texts))


def _grade_fill(q: schema.Fill, answer: Any, n: Normaliser, _i: Instance | None) -> Grade:
    return _grade_blanks([(b.id, b.accept, b.symbolic, b.common_mistakes) for b in q.blanks], answer, n, False)


def _grade_table(q: schema.Table, answer: Any, n: Normaliser, _i: Instance | None) -> Grade:
    cells = [c for row in q.rows for c in row.cells if isinstance(c, schema.BlankCell)]
    blanks = [(c.blank, c.accept, False, c.common_mistakes) for c in cells]
    given = _blank_answers(answer, [c.blank for c in cells])
    for cell in cells:  # a cell with choices may be answered by the choice's number, as it is shown
        text = unicodedata.normalize("NFKC", given[cell.blank]).strip()
        if cell.choices and text.isdigit() and not any(c.strip().isdigit() for c in cell.choices):
            index = int(text) - 1
            given[cell.blank] = cell.choices[index] if 0 <= index < len(cell.choices) else text
    return _grade_blanks(blanks, given, n, q.scoring == "all_or_nothing")


def _grade_short(q: schema.Short, answer: Any, n: Normaliser, _i: Instance | None) -> Grade:
    text = _text(answer)
    folded = unicodedata.normalize("NFKC", text).casefold()
    total = q.max_score or sum(k.weight for k in q.keywords)
    earned, labels, spans = 0.0, [], []
    for keyword in q.keywords:
        hits = [(m.start(), m.end()) for term in keyword.any
                for m in re.finditer(re.escape(unicodedata.normalize("NFKC", term).casefold()), folded)]
        if hits:
            earned += keyword.weight
            labels.append(keyword.label.zh)
            spans.extend(hits)
    score = min(1.0, earned / total) if total else 0.0
    passed = earned >= q.pass_score
    return Grade(score, passed, q.reference_answer.zh, keywords=tuple(labels), spans=tuple(sorted(spans)),
                 needs_self_grade=q.grading != "keywords", note=f"{earned:g}/{total:g}")


def _grade_param(q: schema.Param, answer: Any, n: Normaliser, instance: Instance | None) -> Grade:
    if instance is None:
        raise ValueError("a param item is graded against its drawn instance")
    keys = [p.key for p in instance.parts]
    given = _blank_answers(answer, keys)
    parts = []
    found: list[Diagnosis] = []
    known: list[Any] | None = None
    for part, spec in zip(instance.parts, instance.template.parts, strict=True):
        text = given[part.key]
        value: Any = None
        if isinstance(part.answer, list):
            try:
                value = mathparse.shape(text)
                ok = value == [int(v) for v in part.answer]
            except mathparse.ParseError:
                ok = False
            expected = "×".join(str(v) for v in part.answer)
        else:
            ok, value, _ = number_matches(text, float(part.answer), part.tolerance, part.unit)
            expected = format_key(float(part.answer), part.tolerance)
        parts.append(PartResult(part.key, text, expected, ok))
        if not ok and value is not None:
            if known is None:
                known = list(instance.mistakes) if instance.mistakes is not None else computed.for_template(
                    q, instance.params)
            found += _diagnose(part.key, known, spec.output, value, part.tolerance)
    right = sum(p.correct for p in parts)
    return Grade(right / len(parts), right == len(parts), "; ".join(f"({p.key}) {p.expected}" for p in parts),
                 tuple(parts), misconceptions=_merged((), found), diagnoses=tuple(found))


def format_key(value: float, tolerance: schema.Tolerance | None = None) -> str:
    """A key as short as it can be written while still inside its own tolerance (1002.35 is not 1002.349)."""
    value = float(value)
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    for digits in range(4, 17):
        text = f"{value:.{digits}g}"
        if (tolerance is None and digits >= 6) or (tolerance is not None and within(float(text), value, tolerance)):
            return text
    return repr(value)


_GRADERS = {
    "mcq": _grade_mcq, "multi": _grade_multi, "tf": _grade_tf, "numeric": _grade_numeric, "fill": _grade_fill,
    "table": _grade_table, "short": _grade_short, "param": _grade_param,
}  # fmt: skip
