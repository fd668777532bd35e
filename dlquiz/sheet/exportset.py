"""What the exports share: the items to export (templates as sets of drawn instances) and their key as HTML.

Anki and Moodle both run MathJax, so formulas stay LaTeX inside `\\( … \\)` rather than MathML.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from dlquiz.bank import Bank, schema
from dlquiz.bank.instance import instantiate
from dlquiz.bank.params import NoConfiguration
from dlquiz.sheet.draw import Choice, DrawnItem, Selection, mix, points_of, select
from dlquiz.sheet.key import KeyEntry, build_key
from dlquiz.sheet.spec import lines_of, words
from dlquiz.sheet.text import BLANK, to_html_tex


@dataclass(frozen=True)
class ExportItem:
    """One exported question: a bank item, or one drawn instance of a template (uid `id#seed`)."""

    uid: str
    drawn: DrawnItem
    key: KeyEntry

    @property
    def question(self) -> schema.QuestionBase:
        return self.drawn.question

    @property
    def stem(self) -> schema.Text:
        return self.drawn.instance.stem if self.drawn.instance else self.drawn.question.stem


def export_items(bank: Bank, selection: Selection, instances: int, seed: int) -> list[ExportItem]:
    """The selected items in id order; each template becomes up to `instances` instances with distinct numbers.

    Instance seeds come from `seed` and the template's id, so an export is repeatable and adding a template
    does not change the numbers of the others.
    """
    out = []
    for q in select(bank, selection):
        if not isinstance(q, schema.Param):
            drawn = DrawnItem(0, q, points_of(q), None, tuple(Choice(o.key, o) for o in getattr(q, "options", ())))
            out.append(ExportItem(q.id, drawn, build_key(drawn, bank.misconceptions)))
            continue
        rng = random.Random(mix(seed, "export", q.id))
        seen: set[str] = set()
        for _ in range(instances * 4):
            if len(seen) == instances:
                break
            try:
                instance = instantiate(q, rng.getrandbits(32))
            except NoConfiguration:
                break
            fingerprint = json.dumps(instance.params, sort_keys=True, default=str)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            drawn = DrawnItem(0, q, points_of(q), instance)
            out.append(ExportItem(f"{q.id}#{instance.seed}", drawn, build_key(drawn, bank.misconceptions)))
    return out


def shape_forms(values: list[int]) -> list[str]:
    """A shape answer written the ways a learner may type it: 256×64, 256x64, 256*64, (256, 64) …"""
    numbers = [str(int(v)) for v in values]
    return list(dict.fromkeys(["×".join(numbers), "x".join(numbers), "*".join(numbers),
                               f"({', '.join(numbers)})", f"({','.join(numbers)})", ", ".join(numbers),
                               ",".join(numbers)]))


def block(text: schema.Text | None, lang: str) -> str:
    """zh, then en in italics on the next line."""
    lines = lines_of(text, lang)
    if len(lines) == 2:
        return f"{to_html_tex(lines[0])}<br><i>{to_html_tex(lines[1])}</i>"
    return "".join(to_html_tex(line) for line in lines)


def inline(text: schema.Text | None, lang: str) -> str:
    """zh / en on one line."""
    return " / ".join(to_html_tex(line) for line in lines_of(text, lang))


def plain(text: schema.Text | None, lang: str) -> str:
    """zh / en as plain text (answers in formats that take no markup)."""
    return " / ".join(lines_of(text, lang))


def stem_html(item: ExportItem, lang: str, blank: str | Callable[[str], str] = "_____") -> str:
    """The stem with its assumptions; fill-in marks `[[b1]]` become `blank` (a format with {id}, or a function
    of the blank's id)."""
    mark = blank if callable(blank) else (lambda blank_id: blank.format(id=blank_id))
    text = BLANK.sub(lambda m: mark(m.group(1)), block(item.stem, lang))
    notes = "".join(f"<li>{inline(a, lang)}</li>" for a in item.question.assumptions)
    return text + (f"<ul>{notes}</ul>" if notes else "")


def answer_html(key: KeyEntry, lang: str) -> str:
    """The keyed answers on one line: "(a) 28; (b) 150"."""
    parts = []
    for answer in key.answers:
        shown = f"<b>{inline(answer.value, lang)}</b>"
        if answer.also:
            shown += f" ({html.escape(words('also', lang))}: {html.escape(', '.join(answer.also))})"
        parts.append(f"({html.escape(answer.label)}) {shown}" if answer.label else shown)
    return "; ".join(parts)


def solution_html(key: KeyEntry, lang: str, mistakes: bool = True) -> str:
    """Reference answer, explanation, worked steps, common mistakes and sources, as simple HTML."""
    out = []
    if key.reference is not None:
        out.append(f"<p><b>{html.escape(words('reference', lang))}</b>: {block(key.reference, lang)}</p>")
        out.append("<ul>" + "".join(f"<li>[{r.weight:g}] {inline(r.label, lang)}: {html.escape(' / '.join(r.words))}"
                                    "</li>" for r in key.rubric) + "</ul>")
    if key.explanation is not None:
        out.append(f"<p><b>{html.escape(words('explanation', lang))}</b>: {block(key.explanation, lang)}</p>")
    if key.steps:
        steps = "".join(
            f"<li><b>{html.escape(s.title)}</b>: "
            + html.escape(" = ".join(x for x in (s.formula, s.substitution, s.value) if x))
            + (f"<br><i>{html.escape(s.note)}</i>" if s.note else "") + "</li>" for s in key.steps)
        out.append(f"<p><b>{html.escape(words('steps', lang))}</b></p><ol>{steps}</ol>")
    if mistakes and key.mistakes:
        rows = "".join(f"<li><b>{inline(m.answer, lang)}</b>: "
                       + " — ".join(x for x in (inline(m.name, lang) if m.name else "",
                                                 inline(m.feedback, lang) if m.feedback else "") if x) + "</li>"
                       for m in key.mistakes)
        out.append(f"<p><b>{html.escape(words('mistakes', lang))}</b></p><ul>{rows}</ul>")
    if key.sources:
        out.append(f"<p><small>{html.escape(words('source', lang))}: {html.escape('; '.join(key.sources))}</small></p>")
    return "".join(out)


def mistake_feedback(misconception: str | None, feedback: schema.Text | None,
                     catalogue: dict[str, schema.Misconception], lang: str) -> str:
    """Why a wrong answer is wrong: the misconception's name and the item's feedback."""
    found = catalogue.get(misconception) if misconception else None
    return " — ".join(x for x in (inline(found.name, lang) if found else "", inline(feedback, lang)) if x)
