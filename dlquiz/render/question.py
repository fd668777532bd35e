"""Rich renderables for bank items: the stem, the choices or blanks, the key and the explanation."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.bank import schema

BLANK = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]")
TYPE_NAMES = {
    "mcq": "单选 single choice", "multi": "多选 multiple choice", "tf": "判断 true/false",
    "numeric": "计算 numeric", "fill": "填空 fill in", "table": "填表 table", "short": "简答 short answer",
    "param": "参数化计算 parametric",
}  # fmt: skip


def text_of(text: schema.Text | None, lang: str = "both") -> str:
    """A bilingual text in `lang`: zh, en, or both (zh first, en below when present)."""
    if text is None:
        return ""
    if lang == "zh" or (lang == "both" and (not text.en or text.en == text.zh)):
        return text.zh
    if lang == "en":
        return text.en or text.zh
    return f"{text.zh}\n{text.en}"


def _stem_markup(stem: str) -> Text:
    rendered = Text()
    last = 0
    for match in BLANK.finditer(stem):
        rendered.append(stem[last:match.start()])
        rendered.append(f" ({match.group(1)}) ____ ", style="bold reverse")
        last = match.end()
    rendered.append(stem[last:])
    return rendered


def render_question(q: schema.QuestionBase, lang: str = "both", answer: bool = True) -> RenderableType:
    """The whole item as `dlquiz bank show` prints it; `answer=False` leaves out key and explanation."""
    parts: list[RenderableType] = [_stem_markup(text_of(q.stem, lang))]
    for assumption in q.assumptions:
        parts.append(Text(f"• {text_of(assumption, lang)}", style="italic dim"))
    parts.extend(_body(q, lang, answer))
    if answer:
        explanation = q.explanation_template if isinstance(q, schema.Param) else q.explanation  # type: ignore[attr-defined]
        parts.append(Text(""))
        parts.append(Panel(text_of(explanation, lang), title="解析 explanation", title_align="left",
                           border_style="green"))
        if q.audit:
            parts.append(Text(f"课程材料此处有误或需澄清 · course material corrected: {', '.join(q.audit)}",
                              style="yellow"))
        parts.append(_sources(q))
    title = f"{q.id} · {TYPE_NAMES[q.type]} · {q.topic} · {'★' * q.difficulty}"
    return Panel(Group(*parts), title=title, title_align="left", border_style="cyan")


def _body(q: schema.QuestionBase, lang: str, answer: bool) -> list[RenderableType]:
    out: list[RenderableType] = []
    if isinstance(q, schema.Mcq):
        for option in q.options:
            mark = ("✔ " if option.correct else "✘ ") if answer else ""
            style = ("green" if option.correct else "") if answer else ""
            line = Text(f"  {mark}{option.key}. {text_of(option.text, lang)}", style=style)
            if answer and not option.correct and (option.misconception or option.feedback):
                why = text_of(option.feedback, lang) if option.feedback else ""
                tag = f"[{option.misconception}] " if option.misconception else ""
                line.append(f"\n      {tag}{why}", style="dim")
            out.append(line)
    elif isinstance(q, schema.TrueFalse) and answer:
        out.append(Text(f"答案 key: {'正确 true' if q.answer else '错误 false'}", style="bold green"))
    elif isinstance(q, schema.Numeric) and answer:
        unit = f" {q.unit}" if q.unit else ""
        out.append(Text(f"答案 key: {q.answer:g}{unit}  (±{_tolerance(q.tolerance)})", style="bold green"))
    elif isinstance(q, schema.Fill) and answer:
        for blank in q.blanks:
            out.append(Text(f"  ({blank.id}) {' | '.join(blank.accept)}", style="green"))
    elif isinstance(q, schema.Table):
        out.append(_table(q, lang, answer))
    elif isinstance(q, schema.Short) and answer:
        out.append(Panel(text_of(q.reference_answer, lang), title="参考答案 reference", title_align="left"))
        for keyword in q.keywords:
            out.append(Text(f"  [{keyword.weight:g}] {text_of(keyword.label, lang)}: {', '.join(keyword.any)}",
                            style="dim"))
    elif isinstance(q, schema.Param):
        out.extend(_param(q, lang, answer))
    return out


def _tolerance(tolerance: schema.Tolerance) -> str:
    bounds = []
    if tolerance.abs is not None:
        bounds.append(f"{tolerance.abs:g}")
    if tolerance.rel is not None:
        bounds.append(f"{tolerance.rel:.0%}")
    return " or ".join(bounds)


def _table(q: schema.Table, lang: str, answer: bool) -> Table:
    table = Table(show_lines=True)
    for column in q.columns:
        table.add_column(text_of(column, lang))
    for row in q.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if isinstance(cell, schema.BlankCell):
                cells.append(Text(cell.accept[0], style="green") if answer else Text(f"({cell.blank}) ____"))
            else:
                cells.append(text_of(cell, lang))
        table.add_row(*cells)
    return table


def _param(q: schema.Param, lang: str, answer: bool) -> list[RenderableType]:
    from dlquiz.bank import params

    out: list[RenderableType] = [Text(f"求解器 solver: {q.solver}", style="dim")]
    for name, domain in q.params.items():
        values = params.domain_values(domain)
        shown = ", ".join(map(str, values)) if len(values) <= 8 else f"{values[0]} … {values[-1]}"
        out.append(Text(f"  {name} ∈ {{{shown}}}", style="dim"))
    for part in q.parts:
        out.append(Text(f"  ({part.key}) {text_of(part.stem, lang)} → {part.output}"))
    if answer and q.golden:
        golden = q.golden[0]
        out.append(Text(f"例 example: {golden.params} → {golden.expect}", style="green"))
    return out


def _sources(q: schema.QuestionBase) -> RenderableType:
    lines = Text(style="dim")
    for source in q.source:
        if isinstance(source, schema.SeedSource):
            lines.append(f"出处 {source.seed} › {source.section}: “{source.quote}”\n")
        else:
            lines.append(f"参考 {source.ref}{' ' + source.url if source.url else ''}\n")
    lines.rstrip()
    return lines
