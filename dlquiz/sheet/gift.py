"""The bank in GIFT, Moodle's plain-text import format.

GIFT has one answer block per question, so an item with several blanks or parts becomes one question per
blank or part (named `id (b2)`, `id#seed (a)`). Tables become matching questions. Text is `[html]` and
every GIFT control character is escaped, backslashes first, so LaTeX such as `\\nabla` survives import.
"""

from __future__ import annotations

import html
from pathlib import Path

from dlquiz.bank import schema
from dlquiz.sheet.exportset import ExportItem, inline, mistake_feedback, shape_forms, solution_html, stem_html
from dlquiz.sheet.moodle import CATEGORY_ROOT, abs_tolerance, fraction

_CONTROL = "~=#{}:"
MARKER = "\0"  # where a fill-in's answer block goes; never in bank text


def escape(text: str) -> str:
    """GIFT-escaped text: `\\` first (Moodle reads `\\\\` as one backslash), then `~ = # { } :`."""
    text = text.replace("\\", "\\\\")
    for char in _CONTROL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _feedback(text: str) -> str:
    return f"#[html]{escape(text)}" if text else ""


def _question(name: str, stem: str, answers: str, general: str, after: str = "") -> str:
    """`::name::[html]stem {answers ####general} after`; text `after` the block makes it a missing word."""
    block = "{" + answers + (f" ####[html]{escape(general)}" if general else "") + "}"
    return f"::{escape(name)}::[html]{escape(stem)} {block}{' ' + escape(after) if after else ''}"


def _numeric(value: float, tolerance: schema.Tolerance) -> str:
    return f"{float(value)!r}:{abs_tolerance(value, tolerance)!r}"


def questions(item: ExportItem, catalogue: dict[str, schema.Misconception], lang: str) -> list[str]:
    """The GIFT question(s) for one exported item."""
    q = item.question
    general = solution_html(item.key, lang)
    if isinstance(q, schema.Mcq):
        right = [o for o in q.options if o.correct]
        wrong = [o for o in q.options if not o.correct]
        single = not isinstance(q, schema.Multi)
        answers = []
        for option in q.options:
            feedback = _feedback(mistake_feedback(option.misconception, option.feedback, catalogue, lang))
            if single:
                mark = "=" if option.correct else "~"
            else:
                share = 100.0 / len(right) if option.correct else -100.0 / len(wrong)
                mark = f"~%{fraction(share)}%"
            answers.append(f"{mark}[html]{escape(inline(option.text, lang))}{feedback}")
        return [_question(item.uid, stem_html(item, lang), " ".join(answers), general)]
    if isinstance(q, schema.TrueFalse):
        wrong = _feedback(mistake_feedback(q.misconception, q.feedback, catalogue, lang))
        return [_question(item.uid, stem_html(item, lang), ("TRUE" if q.answer else "FALSE") + wrong, general)]
    if isinstance(q, schema.Numeric):
        answers = [f"={_numeric(q.answer, q.tolerance)}"]
        for m in q.common_mistakes:
            if isinstance(m.answer, int | float) and not isinstance(m.answer, bool):
                why = _feedback(mistake_feedback(m.misconception, m.feedback, catalogue, lang))
                answers.append(f"=%0%{float(m.answer)!r}:0{why}")
        unit = f" ({html.escape(q.unit)})" if q.unit else ""
        return [_question(item.uid, stem_html(item, lang) + unit, "#" + " ".join(answers), general)]
    if isinstance(q, schema.Fill):
        out = []
        for blank in q.blanks:
            name = item.uid if len(q.blanks) == 1 else f"{item.uid} ({blank.id})"
            # The answer block goes where this blank first appears (zh); other blanks, and this one in
            # the English line, stay as writing lines.
            stem = stem_html(item, lang, lambda b, this=blank.id: MARKER if b == this else f"_____({b})")
            before, after = stem.split(MARKER, 1)
            after = after.replace(MARKER, f"_____({blank.id})")
            answers = " ".join(f"=[html]{escape(html.escape(a, quote=False))}" for a in blank.accept)
            out.append(_question(name, before or "…", answers, general, after=after))
        return out
    if isinstance(q, schema.Table):
        pairs = []
        for row in q.rows:
            given = " · ".join(inline(c, lang) for c in row.cells if isinstance(c, schema.Text))
            for index, cell in enumerate(row.cells):
                if isinstance(cell, schema.BlankCell):
                    left = f"{given} → {inline(q.columns[index], lang)}".replace("->", "→")
                    pairs.append(f"={escape(left)} -> {escape(cell.accept[0])}")
        return [_question(item.uid, stem_html(item, lang), " ".join(pairs), general)]
    if isinstance(q, schema.Short):
        return [_question(item.uid, stem_html(item, lang), "", general)]
    assert isinstance(q, schema.Param) and item.drawn.instance is not None
    out = []
    for p in item.drawn.instance.parts:
        if isinstance(p.answer, list):  # a shape: any usual notation is accepted
            answers = " ".join(f"={escape(form)}" for form in shape_forms(p.answer))
        else:
            answers = f"#={_numeric(float(p.answer), p.tolerance)}"
        unit = f" ({html.escape(p.unit)})" if p.unit else ""
        name = item.uid if len(item.drawn.instance.parts) == 1 else f"{item.uid} ({p.key})"
        out.append(_question(name, f"{stem_html(item, lang)}<p>({html.escape(p.key)}) {inline(p.stem, lang)}</p>"
                             + unit, answers, general))
    return out


def write_gift(items: list[ExportItem], path: Path, catalogue: dict[str, schema.Misconception], lang: str) -> int:
    """Writes the GIFT file (categories by topic); returns the number of GIFT questions."""
    chunks: list[str] = []
    count = 0
    topic = None
    for item in sorted(items, key=lambda i: (i.question.topic, i.uid)):
        if item.question.topic != topic:
            topic = item.question.topic
            chunks.append(f"$CATEGORY: {CATEGORY_ROOT}/{topic}")
        found = questions(item, catalogue, lang)
        count += len(found)
        chunks += [f"// {item.uid}\n{text}" for text in found]
    path.write_bytes(("\n\n".join(chunks) + "\n").encode("utf-8"))
    return count
