"""The bank as Moodle XML: one category per topic, each item in the closest Moodle question type.

mcq/multi → multichoice; tf → truefalse; numeric → numerical with its tolerance (known wrong values as
0 % answers whose feedback names the misconception); fill → shortanswer (one blank) or cloze (several);
table → matching (cloze when too few cells to match); short → essay with the reference and marking points
for the grader; param → drawn instances as numerical (one part) or cloze of numerical parts.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

from dlquiz.bank import schema
from dlquiz.sheet.exportset import ExportItem, inline, mistake_feedback, shape_forms, solution_html, stem_html

CATEGORY_ROOT = "$course$/top/dlquiz"
E = ET.SubElement


def fraction(share: float) -> str:
    """A Moodle grade fraction: 100/3 → "33.33333" (Moodle's own five decimals)."""
    return f"{share:.5f}".rstrip("0").rstrip(".")


def abs_tolerance(answer: float, tolerance: schema.Tolerance) -> float:
    """Moodle's numerical tolerance is absolute: the wider of the bank's absolute and relative bounds."""
    return max(tolerance.abs or 0.0, (tolerance.rel or 0.0) * abs(answer))


def _text(parent: ET.Element, tag: str, content: str, fmt: str = "html") -> ET.Element:
    node = E(parent, tag, {"format": fmt})
    E(node, "text").text = content
    return node


def _question(quiz: ET.Element, kind: str, item: ExportItem, text: str, lang: str) -> ET.Element:
    q = ET.SubElement(quiz, "question", {"type": kind})
    E(E(q, "name"), "text").text = item.uid
    _text(q, "questiontext", text)
    _text(q, "generalfeedback", solution_html(item.key, lang, mistakes=kind not in ("multichoice", "numerical")))
    E(q, "defaultgrade").text = f"{item.drawn.points:g}"
    E(q, "penalty").text = "0.3333333"
    E(q, "hidden").text = "0"
    E(q, "idnumber").text = item.uid
    tags = E(q, "tags")
    for tag in (item.question.topic, item.question.type, f"difficulty{item.question.difficulty}"):
        E(E(tags, "tag"), "text").text = tag
    return q


def _answer(q: ET.Element, share: float, text: str, feedback: str = "", fmt: str = "html") -> ET.Element:
    node = E(q, "answer", {"fraction": fraction(share), "format": fmt})
    E(node, "text").text = text
    _text(node, "feedback", feedback)
    return node


def _cloze_escape(text: str) -> str:
    """Characters that end or split a cloze answer, escaped as Moodle's cloze syntax asks."""
    for char in ("\\", "}", "#", "~", "/", '"'):
        text = text.replace(char, "\\" + char)
    return text


def _cloze_short(accept: list[str], points: int = 1) -> str:
    return f"{{{points}:SHORTANSWER:" + "~".join(f"={_cloze_escape(a)}" for a in accept) + "}"


def _mcq(quiz: ET.Element, item: ExportItem, q: schema.Mcq, catalogue: dict, lang: str) -> None:
    node = _question(quiz, "multichoice", item, stem_html(item, lang), lang)
    right = [o for o in q.options if o.correct]
    wrong = [o for o in q.options if not o.correct]
    single = not isinstance(q, schema.Multi)
    E(node, "single").text = "true" if single else "false"
    E(node, "shuffleanswers").text = "true" if q.shuffle else "false"
    E(node, "answernumbering").text = "ABCD"
    for option in q.options:
        # A wrong pick in a multi loses what a right one gains, so ticking everything scores nothing.
        share = 100.0 / len(right) if option.correct else 0.0 if single else -100.0 / len(wrong)
        _answer(node, share, inline(option.text, lang),
                mistake_feedback(option.misconception, option.feedback, catalogue, lang))


def _numerical(quiz: ET.Element, item: ExportItem, text: str, value: float, tolerance: schema.Tolerance,
               mistakes: list[schema.Mistake], catalogue: dict, lang: str) -> None:
    node = _question(quiz, "numerical", item, text, lang)
    answer = _answer(node, 100, repr(float(value)), fmt="moodle_auto_format")
    E(answer, "tolerance").text = repr(abs_tolerance(value, tolerance))
    for mistake in mistakes:
        if isinstance(mistake.answer, int | float) and not isinstance(mistake.answer, bool):
            wrong = _answer(node, 0, repr(float(mistake.answer)),
                            mistake_feedback(mistake.misconception, mistake.feedback, catalogue, lang),
                            fmt="moodle_auto_format")
            E(wrong, "tolerance").text = "0"
    E(node, "unitgradingtype").text = "0"
    E(node, "showunits").text = "3"
    E(node, "unitsleft").text = "0"


def _table(quiz: ET.Element, item: ExportItem, q: schema.Table, lang: str) -> None:
    blanks = [(row, c, i) for row in q.rows for i, c in enumerate(row.cells) if isinstance(c, schema.BlankCell)]
    answers = {c.accept[0] for _, c, _ in blanks}
    distractors = sorted({x for _, c, _ in blanks for x in (c.choices or ())} - answers)
    if len(blanks) >= 2 and len(answers) + len(distractors) >= 3:
        node = _question(quiz, "matching", item, stem_html(item, lang), lang)
        E(node, "shuffleanswers").text = "true"
        for row, cell, index in blanks:
            given = " · ".join(inline(c, lang) for c in row.cells if isinstance(c, schema.Text))
            sub = _text(node, "subquestion", f"{given} → {inline(q.columns[index], lang)}")
            E(E(sub, "answer"), "text").text = cell.accept[0]
        for extra in distractors:  # an answer with no question: one more wrong choice in every menu
            sub = _text(node, "subquestion", "")
            E(E(sub, "answer"), "text").text = extra
        return
    head = "".join(f"<th>{inline(c, lang)}</th>" for c in q.columns)
    rows = "".join("<tr>" + "".join(_cloze_short(c.accept) if isinstance(c, schema.BlankCell)
                                    else f"<td>{inline(c, lang)}</td>" for c in row.cells) + "</tr>" for row in q.rows)
    _question(quiz, "cloze", item, stem_html(item, lang) + f"<table><tr>{head}</tr>{rows}</table>", lang)


def _add(quiz: ET.Element, item: ExportItem, catalogue: dict, lang: str) -> None:
    q = item.question
    if isinstance(q, schema.Mcq):
        _mcq(quiz, item, q, catalogue, lang)
    elif isinstance(q, schema.TrueFalse):
        node = _question(quiz, "truefalse", item, stem_html(item, lang), lang)
        why = mistake_feedback(q.misconception, q.feedback, catalogue, lang)
        _answer(node, 100 if q.answer else 0, "true", "" if q.answer else why, fmt="moodle_auto_format")
        _answer(node, 0 if q.answer else 100, "false", why if q.answer else "", fmt="moodle_auto_format")
    elif isinstance(q, schema.Numeric):
        unit = f" ({html.escape(q.unit)})" if q.unit else ""
        _numerical(quiz, item, stem_html(item, lang) + unit, q.answer, q.tolerance, q.common_mistakes, catalogue,
                   lang)
    elif isinstance(q, schema.Fill) and len(q.blanks) == 1:
        node = _question(quiz, "shortanswer", item, stem_html(item, lang), lang)
        E(node, "usecase").text = "0"
        for accepted in q.blanks[0].accept:
            _answer(node, 100, accepted, fmt="moodle_auto_format")
        for mistake in q.blanks[0].common_mistakes:
            _answer(node, 0, str(mistake.answer), mistake_feedback(mistake.misconception, mistake.feedback,
                                                                     catalogue, lang), fmt="moodle_auto_format")
    elif isinstance(q, schema.Fill):
        accept = {b.id: b.accept for b in q.blanks}
        seen: set[str] = set()

        def field(blank: str) -> str:  # one input per blank, where it first appears (zh); en shows the label
            if blank in seen:
                return f"({blank})"
            seen.add(blank)
            return _cloze_short(accept[blank])

        _question(quiz, "cloze", item, stem_html(item, lang, field), lang)
    elif isinstance(q, schema.Table):
        _table(quiz, item, q, lang)
    elif isinstance(q, schema.Short):
        node = _question(quiz, "essay", item, stem_html(item, lang), lang)
        E(node, "responseformat").text = "editor"
        E(node, "responserequired").text = "1"
        E(node, "responsefieldlines").text = "10"
        _text(node, "graderinfo", solution_html(item.key, lang))
    elif isinstance(q, schema.Param):
        _param(quiz, item, lang, catalogue)


def _param(quiz: ET.Element, item: ExportItem, lang: str, catalogue: dict) -> None:
    """A drawn instance: numbers as numerical, shapes as short answers in any usual notation."""
    instance = item.drawn.instance
    assert instance is not None
    stem = stem_html(item, lang)
    if len(instance.parts) == 1:
        part = instance.parts[0]
        text = f"{stem}<p>{inline(part.stem, lang)}</p>"
        if isinstance(part.answer, list):
            node = _question(quiz, "shortanswer", item, text, lang)
            E(node, "usecase").text = "0"
            for form in shape_forms(part.answer):
                _answer(node, 100, form, fmt="moodle_auto_format")
        else:
            _numerical(quiz, item, text, float(part.answer), part.tolerance, [], catalogue, lang)
        return
    fields = []
    for p in instance.parts:
        if isinstance(p.answer, list):
            field = _cloze_short(shape_forms(p.answer), 2)
        else:
            field = f"{{2:NUMERICAL:={float(p.answer)!r}:{abs_tolerance(float(p.answer), p.tolerance)!r}}}"
        unit = f" {html.escape(p.unit)}" if p.unit else ""
        fields.append(f"<p>({html.escape(p.key)}) {inline(p.stem, lang)}: {field}{unit}</p>")
    _question(quiz, "cloze", item, stem + "".join(fields), lang)


def write_xml(items: list[ExportItem], path: Path, catalogue: dict[str, schema.Misconception], lang: str) -> int:
    """Writes the quiz file; returns the number of questions. Categories follow the topics."""
    quiz = ET.Element("quiz")
    topic = None
    for item in sorted(items, key=lambda i: (i.question.topic, i.uid)):
        if item.question.topic != topic:
            topic = item.question.topic
            category = E(quiz, "question", {"type": "category"})
            E(E(category, "category"), "text").text = f"{CATEGORY_ROOT}/{topic}"
        _add(quiz, item, catalogue, lang)
    ET.indent(quiz)
    path.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8",
                                                                           xml_declaration=False) + b"\n")
    return len(items)

