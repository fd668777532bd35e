"""A paper and its answer key as Markdown (CommonMark with pipe tables and `$…$` formulas)."""

from __future__ import annotations

from dlquiz.bank import schema
from dlquiz.sheet.draw import DrawnItem, Paper
from dlquiz.sheet.key import KeyEntry
from dlquiz.sheet.spec import SheetSpec, join_lang, lines_of, section_title, words
from dlquiz.sheet.text import BLANK_LINE, escape_md, to_markdown

ANSWER_LINE = BLANK_LINE * 3


def _text(text: schema.Text | None, lang: str, blanks: bool = False) -> str:
    return "  \n".join(to_markdown(line, blanks) for line in lines_of(text, lang))


def _inline(text: schema.Text, lang: str) -> str:
    return to_markdown(join_lang(text, lang, " / "))


def header(paper: Paper, spec: SheetSpec, lang: str, title_key: str = "title") -> list[str]:
    """Title, seed, variant, size and the regenerate command: enough to rebuild the paper exactly."""
    w = lambda key: escape_md(words(key, lang))  # noqa: E731
    facts = (f"{w('seed')} **{paper.seed}** · {w('variant')} {paper.variant}/{paper.variants} · "
             f"{len(paper.items)} {w('items')} · {paper.total_points:g} {w('points')} · {spec.version}")
    return [f"# {w(title_key)}", "", facts + "  ", f"{w('regenerate')}: `{spec.command_line()}`", ""]


def _points(item: DrawnItem, lang: str) -> str:
    return f"({item.points:g} {escape_md(words('points', lang))})"


def _body(item: DrawnItem, lang: str) -> list[str]:
    q = item.question
    stem = item.instance.stem if item.instance else q.stem
    out = [f"**{item.number}.** {_points(item, lang)} {_text(stem, lang, blanks=True)}", ""]
    for assumption in q.assumptions:
        out.append(f"> {_inline(assumption, lang)}  ")
    if q.assumptions:
        out.append("")
    if isinstance(q, schema.Mcq):
        hint = words("choose_all" if isinstance(q, schema.Multi) else "choose_one", lang)
        out += [f"*{escape_md(hint)}*", ""]
        out += [f"- **{c.label}.** {_inline(c.option.text, lang)}" for c in item.choices]
    elif isinstance(q, schema.TrueFalse):
        out.append(f"（　）{escape_md(words('true', lang))}　　（　）{escape_md(words('false', lang))}")
    elif isinstance(q, schema.Numeric):
        out.append(f"{escape_md(words('answer', lang))}: {ANSWER_LINE} {escape_md(q.unit or '')}".rstrip())
    elif isinstance(q, schema.Param):
        assert item.instance is not None
        out += [f"- **({p.key})** {_inline(p.stem, lang)}: {ANSWER_LINE} {escape_md(p.unit or '')}".rstrip()
                for p in item.instance.parts]
    elif isinstance(q, schema.Table):
        out += _table(q, lang, None)
    elif isinstance(q, schema.Short):
        out += [f"{escape_md(words('answer', lang))}:", ""] + [ANSWER_LINE * 3 + "  " for _ in range(4)]
    out.append("")
    return out


def _table(q: schema.Table, lang: str, answers: dict[str, str] | None) -> list[str]:
    """A pipe table; blank cells show their label and a line, or the answer in a key."""
    def cell(c: schema.BlankCell | schema.Text) -> str:
        if isinstance(c, schema.BlankCell):
            return f"**{answers[c.blank]}**" if answers else f"({c.blank}) {BLANK_LINE}"
        return _inline(c, lang)

    rows = [" | ".join(_inline(c, lang) for c in q.columns), " | ".join("---" for _ in q.columns)]
    rows += [" | ".join(cell(c) for c in row.cells) for row in q.rows]
    out = [f"| {row} |" for row in rows]
    if answers is None:
        groups: dict[tuple[str, ...], list[str]] = {}
        for c in (c for row in q.rows for c in row.cells if isinstance(c, schema.BlankCell) and c.choices):
            groups.setdefault(tuple(c.choices or ()), []).append(c.blank)
        out += ["", *(f"{escape_md(words('choices', lang))} ({', '.join(ids)}): "
                      + " / ".join(escape_md(x) for x in choices) + "  " for choices, ids in groups.items())]
    return out


def paper_markdown(paper: Paper, spec: SheetSpec) -> str:
    """The paper: header, name line, sections by type, items with their points."""
    lang = spec.lang
    out = header(paper, spec, lang)
    out += [" ".join(f"{escape_md(words(k, lang))}: {BLANK_LINE}" for k in ("name", "student_id", "score")), ""]
    for index, (kind, items) in enumerate(paper.sections()):
        total = sum(i.points for i in items)
        out += [f"## {escape_md(section_title(index, kind, lang))} "
                f"({len(items)} {escape_md(words('items', lang))}, {total:g} {escape_md(words('points', lang))})", ""]
        for item in items:
            out += _body(item, lang)
    return "\n".join(out).rstrip() + "\n"


def _answer_line(entry: KeyEntry, lang: str) -> str:
    parts = []
    for answer in entry.answers:
        text = f"**{_inline(answer.value, lang)}**"
        if answer.label:
            text = f"({escape_md(answer.label)}) {text}"
        if answer.also:
            text += f" ({escape_md(words('also', lang))}: {', '.join(escape_md(a) for a in answer.also)})"
        if answer.tolerance:
            text += f" ({escape_md(words('tolerance', lang))} {escape_md(answer.tolerance)})"
        parts.append(text)
    return "; ".join(parts)


def _solution(entry: KeyEntry, lang: str) -> list[str]:
    w = lambda key: escape_md(words(key, lang))  # noqa: E731
    out: list[str] = []
    item = entry.item
    if entry.reference is not None:
        out += [f"*{w('reference')}:* {_text(entry.reference, lang)}", ""]
        out += [f"- [{r.weight:g}] {_inline(r.label, lang)}: {escape_md(' / '.join(r.words))}" for r in entry.rubric]
        out.append("")
    if entry.explanation is not None:
        out += [f"*{w('explanation')}:* {_text(entry.explanation, lang)}", ""]
    if entry.steps:
        out += [f"*{w('steps')}:*", ""]
        for n, step in enumerate(entry.steps, start=1):
            chain = " = ".join(escape_md(x) for x in (step.formula, step.substitution) if x)
            value = f"**{escape_md(step.value)}**" if step.value else ""
            line = f"{n}. **{escape_md(step.title)}**: " + " = ".join(x for x in (chain, value) if x)
            out.append(line + (f"  \n   *{escape_md(step.note)}*" if step.note else ""))
        out.append("")
    if entry.mistakes:
        out += [f"*{w('mistakes')}:*", ""]
        for m in entry.mistakes:
            reasons = (m.name and _inline(m.name, lang), m.feedback and _inline(m.feedback, lang))
            why = " — ".join(x for x in reasons if x)
            out.append(f"- **{_inline(m.answer, lang)}**: {why}")
        out.append("")
    if item.question.audit:
        out += [f"*{w('corrected')}* ({', '.join(item.question.audit)})", ""]
    if item.instance is not None:
        out += [f"*{w('instance_seed')}:* {item.instance.seed}", ""]
    if entry.sources:
        out.append(f"*{w('source')}:* " + "; ".join(escape_md(s) for s in entry.sources))
    return out


def key_markdown(paper: Paper, entries: list[KeyEntry], spec: SheetSpec, standalone: bool = True) -> str:
    """The key: answers by section; with `spec.solutions` also explanations, steps, mistakes and sources."""
    lang = spec.lang
    out = header(paper, spec, lang, "key_title") if standalone else [f"# {escape_md(words('key_title', lang))}", ""]
    by_number = {e.item.number: e for e in entries}
    for index, (kind, items) in enumerate(paper.sections()):
        out += [f"## {escape_md(section_title(index, kind, lang))}", ""]
        for item in items:
            entry = by_number[item.number]
            q = item.question
            if isinstance(q, schema.Table) and spec.solutions:
                out += [f"**{item.number}.**", ""]
                out += [*_table(q, lang, {a.label: _inline(a.value, lang) for a in entry.answers}), ""]
            elif isinstance(q, schema.Short):
                out += [f"**{item.number}.**", ""]
            else:
                out += [f"**{item.number}.** {_answer_line(entry, lang)}", ""]
            if spec.solutions or isinstance(q, schema.Short):
                out += _solution(entry, lang) if spec.solutions else [
                    f"*{escape_md(words('reference', lang))}:* {_text(entry.reference, lang)}", ""]
                out.append("")
    return "\n".join(out).rstrip() + "\n"
