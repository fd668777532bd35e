"""The bank as an Anki deck (.apkg via genanki): question on the front; key, explanation and mistakes on the back.

Model and deck ids are constants and each note's guid comes from the item id (or `id#seed` for a template
instance), so importing a newer export updates the cards already in a learner's collection instead of
duplicating them.
"""

from __future__ import annotations

import html
from pathlib import Path

from dlquiz.bank import schema
from dlquiz.sheet.exportset import ExportItem, answer_html, inline, solution_html, stem_html
from dlquiz.sheet.spec import words

MODEL_ID = 1_694_208_311  # fixed forever: Anki matches notes to their note type by this id
DECK_ID = 2_031_775_468
DECK_NAME = "dlquiz 深度学习 Deep learning"
FIELDS = ("Question", "Answer", "Explanation", "Id")
CSS = """.card { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 18px;
  text-align: left; color: #111; background: #fff; }
.card.nightMode { color: #eee; background: #222; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 2px 6px; }
.explanation { font-size: 15px; margin-top: 0.8em; } .id { font-size: 11px; color: #888; margin-top: 1em; }"""
BACK = ('{{FrontSide}}<hr id="answer">{{Answer}}<div class="explanation">{{Explanation}}</div>'
        '<div class="id">{{Id}}</div>')
BLANK = "<u>&nbsp;({id})&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;</u>"


def _table(q: schema.Table, lang: str, filled: bool) -> str:
    def cell(c: schema.BlankCell | schema.Text) -> str:
        if isinstance(c, schema.BlankCell):
            return f"<td><b>{html.escape(c.accept[0])}</b></td>" if filled else f"<td>{BLANK.format(id=c.blank)}</td>"
        return f"<td>{inline(c, lang)}</td>"

    head = "".join(f"<th>{inline(c, lang)}</th>" for c in q.columns)
    rows = "".join("<tr>" + "".join(cell(c) for c in row.cells) + "</tr>" for row in q.rows)
    return f"<table><tr>{head}</tr>{rows}</table>"


def front(item: ExportItem, lang: str) -> str:
    """The question side: stem, then the options, parts or table."""
    q = item.question
    out = [stem_html(item, lang, BLANK)]
    if isinstance(q, schema.Mcq):
        hint = words("choose_all" if isinstance(q, schema.Multi) else "choose_one", lang)
        out.append(f"<p><i>{html.escape(hint)}</i></p><ul style=\"list-style:none\">" + "".join(
            f"<li><b>{html.escape(o.key)}.</b> {inline(o.text, lang)}</li>" for o in q.options) + "</ul>")
    elif isinstance(q, schema.TrueFalse):
        out.append(f"<p><i>{html.escape(words('true', lang))} / {html.escape(words('false', lang))}?</i></p>")
    elif isinstance(q, schema.Table):
        out.append(_table(q, lang, filled=False))
    elif isinstance(q, schema.Param) and item.drawn.instance is not None:
        out.append("<ul>" + "".join(f"<li>({html.escape(p.key)}) {inline(p.stem, lang)}</li>"
                                    for p in item.drawn.instance.parts) + "</ul>")
    return "".join(out)


def back(item: ExportItem, lang: str) -> str:
    """The answer field: the key (a filled table for table items)."""
    if isinstance(item.question, schema.Table):
        return _table(item.question, lang, filled=True)
    if isinstance(item.question, schema.Short):
        return ""  # the reference answer leads the explanation field
    return f"<p>{answer_html(item.key, lang)}</p>"


def write_apkg(items: list[ExportItem], path: Path, lang: str) -> int:
    """Writes the deck; returns the number of notes."""
    import genanki

    model = genanki.Model(
        MODEL_ID, "dlquiz question", fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}", "afmt": BACK}], css=CSS,
    )  # fmt: skip
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for item in items:
        q = item.question
        note = genanki.Note(
            model=model,
            fields=[front(item, lang), back(item, lang), solution_html(item.key, lang), html.escape(item.uid)],
            guid=genanki.guid_for(item.uid),
            tags=[q.topic, q.type, f"difficulty{q.difficulty}", *(f"audit-{a}" for a in q.audit)],
        )
        deck.add_note(note)
    genanki.Package(deck).write_to_file(str(path))
    return len(items)
