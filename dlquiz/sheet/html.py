"""A paper and its answer key as one self-contained HTML file: inline CSS, MathML, print layout for A4.

Nothing is fetched when the file is opened: the stylesheet is inlined and formulas are MathML, which
browsers draw natively. Each item is kept whole on a page by the print CSS.
"""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources

from dlquiz.bank import schema
from dlquiz.sheet.draw import DrawnItem, Paper
from dlquiz.sheet.key import KeyEntry
from dlquiz.sheet.spec import SheetSpec, lines_of, section_title, words
from dlquiz.sheet.text import to_html

esc = html.escape


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The print stylesheet shipped beside this module."""
    return resources.files("dlquiz.sheet").joinpath("sheet.css").read_text(encoding="utf-8")


def _block(text: schema.Text | None, lang: str, blanks: bool = False) -> str:
    """zh, then en on its own line in a lighter style."""
    lines = lines_of(text, lang)
    if len(lines) == 2:
        return f'{to_html(lines[0], blanks)}<span class="en" lang="en">{to_html(lines[1], blanks)}</span>'
    return "".join(to_html(line, blanks) for line in lines)


def _inline(text: schema.Text, lang: str) -> str:
    """zh / en on one line (options, table cells, labels)."""
    lines = lines_of(text, lang)
    if len(lines) == 2:
        return f'{to_html(lines[0])} / <span class="inline-en" lang="en">{to_html(lines[1])}</span>'
    return to_html(lines[0])


def _w(key: str, lang: str) -> str:
    return esc(words(key, lang))


def _document(title: str, body: list[str], lang: str) -> str:
    code = "en" if lang == "en" else "zh-CN"
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{code}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{esc(title)}</title>",
        f"<style>\n{stylesheet()}</style>", "</head>", "<body>", *body, "</body>", "</html>", "",
    ])  # fmt: skip


def _header(paper: Paper, spec: SheetSpec, title_key: str, student: bool) -> list[str]:
    lang = spec.lang
    out = [
        "<header>", f"<h1>{_w(title_key, lang)}</h1>",
        f'<p class="facts">{_w("seed", lang)} <strong>{paper.seed}</strong> · {_w("variant", lang)} '
        f"{paper.variant}/{paper.variants} · {len(paper.items)} {_w('items', lang)} · "
        f"{paper.total_points:g} {_w('points', lang)} · {esc(spec.version)}</p>",
        f'<p class="regen">{_w("regenerate", lang)}: <code>{esc(spec.command_line())}</code></p>',
    ]  # fmt: skip
    if student:
        out.append('<p class="student">' + "".join(f"<span>{_w(k, lang)}</span>" for k in
                                                    ("name", "student_id", "score")) + "</p>")
    return [*out, "</header>"]


def _item(item: DrawnItem, lang: str) -> str:
    q = item.question
    stem = item.instance.stem if item.instance else q.stem
    out = [f'<article class="item" id="q{item.number}">',
           f'<p class="stem"><span class="num">{item.number}.</span><span class="pts">({item.points:g} '
           f'{_w("points", lang)})</span>{_block(stem, lang, blanks=True)}</p>']
    if q.assumptions:
        out.append('<ul class="assumptions">' + "".join(f"<li>{_inline(a, lang)}</li>" for a in q.assumptions)
                   + "</ul>")
    if isinstance(q, schema.Mcq):
        hint = "choose_all" if isinstance(q, schema.Multi) else "choose_one"
        out.append(f'<p class="hint">{_w(hint, lang)}</p><ol class="choices">' + "".join(
            f'<li><span class="label">{esc(c.label)}.</span>{_inline(c.option.text, lang)}</li>'
            for c in item.choices) + "</ol>")
    elif isinstance(q, schema.TrueFalse):
        box = "(\u3000)"
        out.append(f'<p class="tf"><span>{box} {_w("true", lang)}</span><span>{box} {_w("false", lang)}</span></p>')
    elif isinstance(q, schema.Numeric):
        out.append(f'<p>{_w("answer", lang)}: <span class="blank"></span> {esc(q.unit or "")}</p>')
    elif isinstance(q, schema.Param):
        assert item.instance is not None
        out.append('<ol class="parts">' + "".join(
            f'<li><span class="label">({esc(p.key)})</span>{_inline(p.stem, lang)}: <span class="blank"></span> '
            f"{esc(p.unit or '')}</li>" for p in item.instance.parts) + "</ol>")
    elif isinstance(q, schema.Table):
        out.append(_table(q, lang, None))
    elif isinstance(q, schema.Short):
        out.append(f'<div class="answer-space"><p>{_w("answer", lang)}:</p>'
                   + '<div class="answer-line"></div>' * 5 + "</div>")
    out.append("</article>")
    return "\n".join(out)


def _table(q: schema.Table, lang: str, answers: dict[str, str] | None) -> str:
    def cell(c: schema.BlankCell | schema.Text) -> str:
        if isinstance(c, schema.BlankCell):
            if answers is not None:
                return f'<td class="cell-key">{answers[c.blank]}</td>'
            return f'<td><span class="blank"><span class="blank-id">{esc(c.blank)}</span></span></td>'
        return f"<td>{_inline(c, lang)}</td>"

    head = "<tr>" + "".join(f"<th>{_inline(c, lang)}</th>" for c in q.columns) + "</tr>"
    rows = "".join("<tr>" + "".join(cell(c) for c in row.cells) + "</tr>" for row in q.rows)
    out = f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    if answers is None:
        groups: dict[tuple[str, ...], list[str]] = {}
        for c in (c for row in q.rows for c in row.cells if isinstance(c, schema.BlankCell) and c.choices):
            groups.setdefault(tuple(c.choices or ()), []).append(c.blank)
        out += "".join(f'<p class="table-choices">{_w("choices", lang)} ({esc(", ".join(ids))}): '
                       f"{esc(' / '.join(choices))}</p>" for choices, ids in groups.items())
    return out


def _paper_body(paper: Paper, spec: SheetSpec) -> list[str]:
    out = ['<main class="paper">', *_header(paper, spec, "title", student=True)]
    for index, (kind, items) in enumerate(paper.sections()):
        total = sum(i.points for i in items)
        out.append(f'<section class="section"><h2>{esc(section_title(index, kind, spec.lang))} '
                   f'<span class="pts">({len(items)} {_w("items", spec.lang)}, {total:g} '
                   f'{_w("points", spec.lang)})</span></h2>')
        out += [_item(item, spec.lang) for item in items]
        out.append("</section>")
    return [*out, "</main>"]


def _answers(entry: KeyEntry, lang: str) -> str:
    parts = []
    for answer in entry.answers:
        text = f"<strong>{_inline(answer.value, lang)}</strong>"
        if answer.label:
            text = f"({esc(answer.label)}) {text}"
        if answer.also:
            text += f' <span class="also">({_w("also", lang)}: {esc(", ".join(answer.also))})</span>'
        if answer.tolerance:
            text += f' <span class="tol">({_w("tolerance", lang)} {esc(answer.tolerance)})</span>'
        parts.append(f'<span class="key-part">{text}</span>')
    return "".join(parts)


def _solution(entry: KeyEntry, lang: str) -> str:
    out = ['<div class="solution">']
    if entry.reference is not None:
        out.append(f'<p><span class="tag">{_w("reference", lang)}</span>{_block(entry.reference, lang)}</p>')
        out.append(f'<p class="tag">{_w("rubric", lang)}</p><ul class="mistakes">' + "".join(
            f"<li>[{r.weight:g}] {_inline(r.label, lang)}: {esc(' / '.join(r.words))}</li>" for r in entry.rubric)
            + "</ul>")
    if entry.explanation is not None:
        out.append(f'<p><span class="tag">{_w("explanation", lang)}</span>{_block(entry.explanation, lang)}</p>')
    if entry.steps:
        items = []
        for step in entry.steps:
            chain = " = ".join(esc(x) for x in (step.formula, step.substitution) if x)
            value = f'<span class="value">{esc(step.value)}</span>' if step.value else ""
            note = f'<span class="note">{esc(step.note)}</span>' if step.note else ""
            body = " = ".join(x for x in (f'<span class="formula">{chain}</span>' if chain else "", value) if x)
            items.append(f"<li><strong>{esc(step.title)}</strong>: {body}{note}</li>")
        out.append(f'<p class="tag">{_w("steps", lang)}</p><ol class="steps">{"".join(items)}</ol>')
    if entry.mistakes:
        rows = []
        for m in entry.mistakes:
            why = " — ".join(x for x in (m.name and _inline(m.name, lang),
                                         m.feedback and _inline(m.feedback, lang)) if x)
            rows.append(f"<li><strong>{_inline(m.answer, lang)}</strong>: {why}</li>")
        out.append(f'<p class="tag">{_w("mistakes", lang)}</p><ul class="mistakes">{"".join(rows)}</ul>')
    q = entry.item.question
    if q.audit:
        out.append(f'<p class="corrected">{_w("corrected", lang)} ({esc(", ".join(q.audit))})</p>')
    if entry.item.instance is not None:
        out.append(f'<p class="seed">{_w("instance_seed", lang)}: {entry.item.instance.seed}</p>')
    if entry.sources:
        out.append(f'<p class="sources">{_w("source", lang)}: {esc("; ".join(entry.sources))}</p>')
    return "".join(out) + "</div>"


def _key_body(paper: Paper, entries: list[KeyEntry], spec: SheetSpec, standalone: bool) -> list[str]:
    lang = spec.lang
    out = ['<section class="key">' if not standalone else '<main class="key-only">']
    out += _header(paper, spec, "key_title", student=False) if standalone else [f"<h1>{_w('key_title', lang)}</h1>"]
    by_number = {e.item.number: e for e in entries}
    for index, (kind, items) in enumerate(paper.sections()):
        out.append(f"<section><h2>{esc(section_title(index, kind, lang))}</h2>")
        for item in items:
            entry = by_number[item.number]
            q = item.question
            out.append(f'<article class="item"><p class="key-answer"><span class="num">{item.number}.</span>')
            if isinstance(q, schema.Table) and spec.solutions:
                out.append("</p>" + _table(q, lang, {a.label: _inline(a.value, lang) for a in entry.answers}))
            elif isinstance(q, schema.Short):
                out.append("</p>")
            else:
                out.append(_answers(entry, lang) + "</p>")
            if spec.solutions:
                out.append(_solution(entry, lang))
            elif isinstance(q, schema.Short):
                out.append(f'<div class="solution"><p>{_block(entry.reference, lang)}</p></div>')
            out.append("</article>")
        out.append("</section>")
    return [*out, "</section>" if not standalone else "</main>"]


def paper_html(paper: Paper, spec: SheetSpec, entries: list[KeyEntry] | None = None) -> str:
    """The paper; with `entries` the key follows it, starting on a new page."""
    body = _paper_body(paper, spec)
    if entries is not None:
        body += _key_body(paper, entries, spec, standalone=False)
    return _document(f"{words('title', spec.lang)} · {paper.seed} · {paper.variant}", body, spec.lang)


def key_html(paper: Paper, entries: list[KeyEntry], spec: SheetSpec) -> str:
    """The key as its own document."""
    body = _key_body(paper, entries, spec, standalone=True)
    return _document(f"{words('key_title', spec.lang)} · {paper.seed} · {paper.variant}", body, spec.lang)
